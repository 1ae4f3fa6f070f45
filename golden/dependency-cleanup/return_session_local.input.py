from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from .database import SessionLocal

router = APIRouter()


def get_session():
    return SessionLocal()


SessionDep = Annotated[Session, Depends(get_session)]


@router.get("/users/{user_id}")
def read_user(user_id: int, session: SessionDep):
    return session.get(dict, user_id)
