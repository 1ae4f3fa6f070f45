from multiprocessing import Pool as ProcessPool
from multiprocessing.pool import ThreadPool

from fastapi import FastAPI

from .reports import render_page

app = FastAPI()


@app.get("/report/{report_id}")
async def report(report_id: int, pages: int = 10):
    with ProcessPool() as workers:
        rendered = workers.map(render_page, range(pages))  # expect: process-pool-in-async
    first = ProcessPool(2).apply(render_page, (0,))  # expect: process-pool-in-async
    pending = ThreadPool(4).apply_async(render_page, (1,))
    second = pending.get()
    return {"pages": rendered, "first": first, "second": second}


async def rebuild_all(ids):
    workers = ThreadPool(8)
    return workers.map_async(render_page, ids).get(timeout=60)  # expect: process-pool-in-async
