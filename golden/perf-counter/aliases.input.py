import logging
import time as clock
from time import time as now

from fastapi import APIRouter

router = APIRouter()
log = logging.getLogger("search")


@router.get("/search")
async def search(q: str):
    began = clock.time()
    hits = [q.upper()]
    log.info("search took %.3fs", clock.time() - began)
    return {"hits": hits}


def warm_cache() -> float:
    t0 = now()
    for _ in range(1000):
        pass
    return now() - t0
