import time

from fastapi import APIRouter

router = APIRouter()


@router.get("/debug/block")
async def block_the_loop(seconds: float):
    # Chaos testing: this endpoint blocks the event loop on purpose.
    time.sleep(seconds)  # noqa: ASYNC251
    time.sleep(seconds)  # fastfix: ignore
    time.sleep(seconds)  # fastfix: ignore[async-sleep]
    time.sleep(seconds)  # noqa
