from fastapi import Depends, FastAPI
from psycopg2 import connect

app = FastAPI()


def get_connection():
    # one connection per request
    connection = connect("dbname=app")
    try:
        yield connection
    finally:
        connection.close()


@app.get("/")
def index(connection=Depends(get_connection)):
    return {}
