import sqlite3

import psycopg2
from fastapi import FastAPI

app = FastAPI()
warehouse = psycopg2.connect("dbname=warehouse")


@app.get("/stock/{sku}")
async def stock(sku: str):
    cursor = warehouse.cursor()
    cursor.execute("SELECT quantity FROM stock WHERE sku = %s", (sku,))  # expect: sync-db-in-async
    row = cursor.fetchone()  # expect: sync-db-in-async
    return {"sku": sku, "quantity": row[0] if row else 0}


@app.post("/events")
async def record_event(kind: str):
    conn = sqlite3.connect("events.db")  # expect: sync-db-in-async
    conn.execute("INSERT INTO events (kind) VALUES (?)", (kind,))  # expect: sync-db-in-async
    conn.commit()  # expect: sync-db-in-async
    conn.close()
    return {"recorded": kind}
