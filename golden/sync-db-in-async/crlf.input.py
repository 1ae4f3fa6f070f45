from fastapi import Depends, FastAPI
from sqlalchemy.orm import Session

from .db import Team, get_db

app = FastAPI()


@app.delete("/teams/{team_id}")
async def delete_team(team_id: int, db: Session = Depends(get_db)):
    db.query(Team).filter(Team.id == team_id).delete()  # expect: sync-db-in-async
    db.commit()  # expect: sync-db-in-async
    return {"deleted": team_id}
