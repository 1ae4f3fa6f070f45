import sqlite3

from fastapi import FastAPI

app = FastAPI()


@app.get("/notes/{note_id}")
async def get_note(note_id: int):
    # a default sqlite3 connection may only be used by the thread that made it
    db = sqlite3.connect("notes.db")
    row = db.execute("SELECT text FROM notes WHERE id = ?", (note_id,)).fetchone()
    db.close()
    return {"text": row[0]}
