"""A router defined in another module of the application: without that module in the run,
fastfix cannot tell `api` is a router, so the endpoint stays."""

from time import sleep as pause

from .routing import api


@api.put("/items/{item_id}")
async def put_item(item_id: int, payload: dict):
    pause(0.2)
    return {"id": item_id, **payload}
