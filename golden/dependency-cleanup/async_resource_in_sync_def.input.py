import httpx
from fastapi import Depends, FastAPI
from sqlalchemy.ext.asyncio import async_sessionmaker

from .engine import engine

SessionLocal = async_sessionmaker(engine)
app = FastAPI()


def get_db():
    return SessionLocal()


def get_client():
    return httpx.AsyncClient()


@app.get("/")
async def index(db=Depends(get_db), client=Depends(get_client)):
    return {}
