"""User administration on the classic Query API."""

from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from .db import Item, User, get_db

router = APIRouter(prefix="/admin")
DB = Annotated[Session, Depends(get_db)]


@router.get("/users")
def list_users(db: Session = Depends(get_db)):
    return db.query(User).filter(User.active.is_(True)).order_by(User.email).all()  # expect: unbounded-query


@router.get("/items")
def list_items(db: DB, category: str | None = None):
    query = db.query(Item)
    items = db.query(Item).filter(Item.category == category).all()  # expect: unbounded-query
    return {"items": items, "total": query.count()}
