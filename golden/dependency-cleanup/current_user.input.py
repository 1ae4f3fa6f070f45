from fastapi import Depends, FastAPI, HTTPException
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.orm import Session

from .db import get_db
from .models import User

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")
app = FastAPI()


def get_current_user(token: str = Depends(oauth2_scheme), db: Session = Depends(get_db)):
    user = db.query(User).filter(User.token == token).first()
    if user is None:
        raise HTTPException(status_code=401)
    return user


@app.get("/me")
def me(user: User = Depends(get_current_user)):
    return user
