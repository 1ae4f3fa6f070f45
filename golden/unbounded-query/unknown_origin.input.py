import numpy as np
from fastapi import Depends, FastAPI

from .db import Order, get_db
from .queries import recent_orders

app = FastAPI()


@app.get("/orders")
def list_orders(db=Depends(get_db)):
    return db.query(Order).all()


@app.get("/orders/recent")
async def recent(session=Depends(get_db)):
    return (await session.execute(recent_orders)).scalars().all()


@app.get("/checks")
def checks(values: list[int]):
    return {"all": all(values), "numpy": bool(np.array(values).all()), "tags": TAGS.all()}


@app.get("/orders/suppressed")
def suppressed(db=Depends(get_db)):
    from sqlalchemy import select

    return db.scalars(select(Order)).all()  # fastfix: ignore[unbounded-query]
