import sqlite3

from fastapi import FastAPI

app: FastAPI = FastAPI()


@app.get("/users/{user_id}")
async def get_user(user_id: int):
	connection = sqlite3.connect("app.db")  # CRLF and tabs
	try:
		row = connection.execute("SELECT name FROM users WHERE id = ?", (user_id,)).fetchone()
	finally:
		connection.close()
	return {"name": row[0] if row else None}
