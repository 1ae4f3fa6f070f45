from functools import lru_cache

import httpx
from fastapi import Depends, FastAPI
from pydantic_settings import BaseSettings
from sqlalchemy.orm import Session

from .db import get_db

app = FastAPI()
_client = httpx.Client()
settings_instance = None


class Settings(BaseSettings):
    database_url: str = "sqlite://"


class UserService:
    def __init__(self, db: Session):
        self.db = db


def get_service(db: Session = Depends(get_db)):
    return UserService(db)


@lru_cache
def get_settings():
    return Settings()


def get_cached_settings():
    return settings_instance


def get_client():
    return _client


def get_session_indirect():
    return get_db()


@app.get("/")
def index(
    service=Depends(get_service),
    settings=Depends(get_settings),
    cached=Depends(get_cached_settings),
    client=Depends(get_client),
    session=Depends(get_session_indirect),
):
    return {}
