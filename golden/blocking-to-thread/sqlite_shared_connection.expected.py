import asyncio
import sqlite3

from fastapi import FastAPI

app = FastAPI()


@app.get("/notes")
async def list_notes(limit: int = 20):
    # check_same_thread=False: the connection may be used from any one thread at a time
    db = await asyncio.to_thread(sqlite3.connect, "notes.db", check_same_thread=False)
    rows = (await asyncio.to_thread(db.execute, "SELECT id, text FROM notes LIMIT ?", (limit,))).fetchall()
    await asyncio.to_thread(db.close)
    return [{"id": row[0], "text": row[1]} for row in rows]
