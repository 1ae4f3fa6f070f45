"""Orders API: one database session per request."""

from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from sqlalchemy.orm import Session

from .database import SessionLocal

app = FastAPI()


@asynccontextmanager  # expect: asynccontextmanager-sync-def
def get_session():
    session = SessionLocal()
    try:
        yield session
    finally:
        session.close()


@app.get("/orders/{order_id}")
def read_order(order_id: int, session: Session = Depends(get_session)):
    return session.get(Order, order_id)
