from fastapi import FastAPI
from sqlmodel import Session, create_engine, select

from .models import Hero

engine = create_engine("sqlite:///heroes.db")
app = FastAPI()


@app.get("/heroes")
async def list_heroes(limit: int = 50):
    with Session(engine) as session:  # expect: sync-db-in-async
        heroes = session.exec(select(Hero).limit(limit)).all()  # expect: sync-db-in-async
    return heroes
