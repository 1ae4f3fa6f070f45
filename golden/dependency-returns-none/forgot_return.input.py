"""Authentication for the admin API."""

import jwt
from fastapi import Depends, FastAPI, HTTPException
from fastapi.security import OAuth2PasswordBearer

from .models import User

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")
app = FastAPI()


def get_current_user(token: str = Depends(oauth2_scheme)):  # expect: dependency-returns-none
    try:
        claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    except jwt.InvalidTokenError:
        raise HTTPException(status_code=401, detail="invalid token")
    user = User.by_email(claims["sub"])
    if user is None:
        raise HTTPException(status_code=401, detail="unknown user")


@app.get("/admin/me")
def read_me(user: User = Depends(get_current_user)):
    return {"email": user.email}
