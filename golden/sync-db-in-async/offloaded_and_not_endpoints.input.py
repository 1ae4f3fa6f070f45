import sqlite3

import psycopg2
from fastapi import BackgroundTasks, FastAPI
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from .db import Order, SessionLocal

app = FastAPI()


@app.get("/report")
async def report(dsn: str):
    conn = psycopg2.connect(dsn)
    rows = conn.execute("SELECT 1")
    archive = sqlite3.connect("archive.db", check_same_thread=False)
    archive.execute("VACUUM")
    return {"rows": rows}


@app.get("/orders/count")
async def count_orders():
    db: Session = SessionLocal()
    return await run_in_threadpool(lambda: db.query(Order).count())


async def refresh_totals(db: Session):
    db.execute("REFRESH MATERIALIZED VIEW totals")


@app.post("/totals")
async def totals(tasks: BackgroundTasks, db: Session):
    def work():
        db.commit()

    tasks.add_task(work)
    return {"queued": True}
