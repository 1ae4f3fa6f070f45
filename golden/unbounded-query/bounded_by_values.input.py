from fastapi import Depends, FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from .db import Flow, User, get_db, get_session

app = FastAPI()


@app.post("/flows/batch")
async def create_flows(ids: list[str], session: AsyncSession = Depends(get_session)):
    existing = (await session.scalars(select(Flow.id).where(Flow.id.in_(ids)))).all()
    return {"existing": existing}


@app.get("/users/by-id")
def users_by_id(ids: list[int], db: Session = Depends(get_db)):
    return db.query(User).filter(User.id.in_(ids)).all()
