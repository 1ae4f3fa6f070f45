import concurrent.futures

from fastapi import FastAPI

from .ml import score

app = FastAPI()
executor = concurrent.futures.ProcessPoolExecutor(max_workers=2)


@app.post("/score")
async def score_items(items: list[str]):
    future = executor.submit(score, items[0])
    best = executor.submit(score, items[-1]).result()  # expect: process-pool-in-async
    rest = list(executor.map(score, items))  # expect: process-pool-in-async
    return {"first": future, "best": best, "rest": rest}
