import sqlite3
from pathlib import Path

from fastapi import FastAPI

app = FastAPI()


class Reports:
	def __init__(self, database: str):
		self.database = database

	async def totals(self, out: Path):
		with sqlite3.connect(self.database) as conn:
			# one connection, one thread: sqlite3 requires it
			rows = conn.execute("SELECT region, SUM(amount) FROM sales GROUP BY region").fetchall()
			total = sum(amount for _, amount in rows)
		out.write_text("\n".join(f"{region},{amount}" for region, amount in rows))
		return {"regions": len(rows), "total": total}
