from fastapi import Depends
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.db import get_db


def search(term: str, table: str, db: Session = Depends(get_db)):
    db.execute(text("SELECT 1"))  # already wrapped
    db.execute("SELECT 2")  # fastfix: ignore[sqlalchemy-text]
    db.execute(  # fastfix: ignore
        "SELECT 3"
    )
    db.execute(f"SELECT * FROM items WHERE name LIKE '%{term}%'")
    db.execute("SELECT * FROM {}".format(table))
    db.execute("SELECT * FROM items WHERE id = %s" % term)
    db.execute("SELECT * FROM " + table)
    db.execute("SELECT * FROM items WHERE id = %s", (term,))
    db.execute(b"SELECT 4")
    db.exec_driver_sql("SELECT 5")
