"""A sync SQLAlchemy dependency that prepares the session before handing it out."""

from fastapi import Depends, FastAPI
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine("sqlite:///app.db")
SessionLocal = sessionmaker(bind=engine, autoflush=False)
app = FastAPI()


def get_db():
    db = SessionLocal()
    db.execute(text("PRAGMA foreign_keys = ON"))
    if engine.echo:
        db.info["debug"] = True
    return db


@app.get("/items")
def list_items(db: Session = Depends(get_db)):
    return db.execute(text("SELECT name FROM items")).scalars().all()
