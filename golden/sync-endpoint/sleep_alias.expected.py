from time import sleep as pause

from fastapi import APIRouter

api = APIRouter(prefix="/items")
RETRY_DELAY = 0.2


@api.put("/{item_id}")  # idempotent: retried by the client
def put_item(item_id: int, payload: dict):
    for _ in range(3):
        pause(RETRY_DELAY)
    return {"id": item_id, **payload}
