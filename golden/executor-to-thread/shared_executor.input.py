"""Executors that outlive one call: module level, an attribute, a parameter, or used twice."""

import asyncio
from concurrent.futures import Executor, ThreadPoolExecutor

from fastapi import FastAPI

app = FastAPI()
EXPORTS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="export")


def export(report_id: int) -> str:
    return f"/exports/{report_id}.csv"


class Exporter:
    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=2)

    async def run(self, report_id: int) -> str:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, export, report_id)


async def export_with(executor: Executor, report_id: int) -> str:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(executor, export, report_id)


@app.post("/reports/{report_id}/export")
async def export_report(report_id: int):
    loop = asyncio.get_running_loop()
    path = await loop.run_in_executor(EXPORTS, export, report_id)
    with ThreadPoolExecutor() as pool:
        first = await loop.run_in_executor(pool, export, report_id)
        second = await loop.run_in_executor(pool, export, report_id + 1)
    with ThreadPoolExecutor(initializer=print) as pool:
        third = await loop.run_in_executor(pool, export, report_id)
    return {"paths": [path, first, second, third]}
