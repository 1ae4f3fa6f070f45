from fastapi import Depends, FastAPI

from .cache import Session, connect
from .db import Order, get_db

app = FastAPI()


@app.get("/cached/{key}")
async def cached(key: str, cache: Session = Depends(get_db)):
    conn = connect("redis://cache")
    conn.execute("GET", key)
    return cache.get(key)


@app.get("/legacy/{order_id}")
async def legacy(order_id: int):
    import sqlite3

    conn = sqlite3.connect("legacy.db")  # fastfix: ignore[sync-db-in-async]
    return conn.execute("SELECT * FROM orders WHERE id = ?", (order_id,)).fetchone()  # fastfix: ignore
