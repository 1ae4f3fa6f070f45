from fastapi import Depends, FastAPI
from sqlmodel import Session, select

from .db import Hero, get_session

app = FastAPI()


@app.get("/heroes")
def read_heroes(session: Session = Depends(get_session)):
    heroes = session.exec(select(Hero)).all()  # expect: unbounded-query
    return heroes
