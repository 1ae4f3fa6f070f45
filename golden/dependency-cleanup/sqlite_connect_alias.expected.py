import sqlite3
from sqlite3 import connect as c

import fastapi

app = fastapi.FastAPI()


def open_connection():
    conn = c("app.db", check_same_thread=False)
    try:
        conn.row_factory = sqlite3.Row
        yield conn
    finally:
        conn.close()


@app.get("/notes", dependencies=[fastapi.Depends(open_connection)])
def notes():
    return []
