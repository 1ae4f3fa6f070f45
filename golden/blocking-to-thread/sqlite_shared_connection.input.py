import sqlite3

from fastapi import FastAPI

app = FastAPI()


@app.get("/notes")
async def list_notes(limit: int = 20):
    # check_same_thread=False: the connection may be used from any one thread at a time
    db = sqlite3.connect("notes.db", check_same_thread=False)
    rows = db.execute("SELECT id, text FROM notes LIMIT ?", (limit,)).fetchall()
    db.close()
    return [{"id": row[0], "text": row[1]} for row in rows]
