from fastapi import Depends, FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import sessionmaker

engine = create_async_engine("postgresql+asyncpg://localhost/app")
SessionLocal = sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
app = FastAPI()


async def get_db():
    return SessionLocal()


@app.get("/")
async def index(db: AsyncSession = Depends(get_db)):
    return {}
