"""Item routes: raw SQL kept from the SQLAlchemy 1.4 days."""

from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from app.db import get_async_session, get_db

router = APIRouter(prefix="/items")
AsyncDB = Annotated[AsyncSession, Depends(get_async_session)]


@router.get("/")
def list_items(db: Session = Depends(get_db)):
    # newest first
    rows = db.execute("SELECT id, name FROM items ORDER BY created_at DESC").all()
    return [{"id": row.id, "name": row.name} for row in rows]


@router.get("/{item_id}")
def read_item(item_id: int, db: Annotated[Session, Depends(get_db)]):
    return db.execute(
        "SELECT id, name FROM items WHERE id = :item_id",  # a bound parameter
        {"item_id": item_id},
    ).one()


@router.delete("/{item_id}")
async def delete_item(item_id: int, session: AsyncDB):
    await session.execute("DELETE FROM items WHERE id = :id", {"id": item_id})
    await session.commit()
