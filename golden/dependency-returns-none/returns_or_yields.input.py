from typing import Annotated

from fastapi import Depends, FastAPI, Header

from .database import SessionLocal

app = FastAPI()


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


async def get_api_version(x_api_version: Annotated[str | None, Header()] = None):
    if x_api_version is None:
        return "2024-01"
    return x_api_version


def get_page(page: int = 1, size: int = 20):
    def clamp(value):
        return max(1, min(value, 100))
    return {"offset": (page - 1) * clamp(size), "limit": clamp(size)}


@app.get("/items")
def list_items(db=Depends(get_db), version=Depends(get_api_version), page=Depends(get_page)):
    return db.list_items(version=version, **page)
