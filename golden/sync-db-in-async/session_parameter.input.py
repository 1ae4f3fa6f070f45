"""Orders API on a sync SQLAlchemy session."""

from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, HTTPException
from sqlalchemy import select
from sqlalchemy.orm import Session

from .db import Order, get_db

app = FastAPI()
router = APIRouter(prefix="/orders")
DB = Annotated[Session, Depends(get_db)]


@router.get("/{order_id}")
async def read_order(order_id: int, db: Session = Depends(get_db)):
    order = db.query(Order).filter(Order.id == order_id).first()  # expect: sync-db-in-async
    if order is None:
        raise HTTPException(status_code=404)
    return order


@router.post("/{order_id}/cancel")
async def cancel_order(order_id: int, db: DB):
    order = db.get(Order, order_id)  # expect: sync-db-in-async
    order.status = "cancelled"
    db.add(order)
    db.commit()  # expect: sync-db-in-async
    db.refresh(order)  # expect: sync-db-in-async
    return {"status": order.status}


@app.get("/stats")
async def stats(db: Annotated[Session, Depends(get_db)]):
    total = db.scalar(  # expect: sync-db-in-async
        select(Order.id).order_by(Order.id.desc()).limit(1)
    )
    return {"last_order": total}


app.include_router(router)
