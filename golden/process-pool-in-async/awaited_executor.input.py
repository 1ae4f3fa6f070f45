import asyncio
from concurrent.futures import ProcessPoolExecutor

from fastapi import FastAPI

from .ml import score

app = FastAPI()
executor = ProcessPoolExecutor(max_workers=2)


@app.post("/score")
async def score_items(items: list[str]):
    loop = asyncio.get_running_loop()
    futures = [loop.run_in_executor(executor, score, item) for item in items]
    submitted = asyncio.wrap_future(executor.submit(score, items[0]))
    return {"scores": await asyncio.gather(*futures), "first": await submitted}
