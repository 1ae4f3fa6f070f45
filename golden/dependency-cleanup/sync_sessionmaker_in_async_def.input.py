from fastapi import Depends, FastAPI
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine("postgresql://localhost/app")
SessionLocal = sessionmaker(engine)
app = FastAPI()


async def get_db():
    db = SessionLocal()
    return db


@app.get("/")
async def index(db=Depends(get_db)):
    return {}
