from sqlalchemy import text
from fastapi import Depends, FastAPI
from sqlalchemy.orm import Session

from app.deps import get_db

app = FastAPI()


@app.get("/stats")
def stats(db: Session = Depends(get_db)):
    # written on Windows
    total = db.execute(text("SELECT count(*) FROM orders")).scalar()
    return {"orders": total}
