from fastapi import Depends, FastAPI
from sqlalchemy.orm import sessionmaker

from .engine import engine

SessionLocal = sessionmaker(bind=engine)
app = FastAPI()


# One session per request.
def get_db():  # the dependency
    # open it
    db = SessionLocal()  # not yet closed

    try:
        # tag the session for the query log
        db.info["request"] = True  # see logging.py
        message = """multi-line
string stays as it is"""
        db.info["message"] = message
        # hand it to the path operation
        yield db  # FastAPI injects this
    finally:
        db.close()
    # end of get_db


@app.get("/")
def index(db=Depends(get_db)):
    return {"session": str(db)}
