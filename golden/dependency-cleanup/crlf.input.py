from fastapi import Depends, FastAPI
from psycopg2 import connect

app = FastAPI()


def get_connection():
    # one connection per request
    return connect("dbname=app")


@app.get("/")
def index(connection=Depends(get_connection)):
    return {}
