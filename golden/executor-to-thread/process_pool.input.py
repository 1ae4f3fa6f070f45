"""CPU-bound work goes to processes; to_thread would put it back under the GIL."""

import asyncio
from concurrent.futures import ProcessPoolExecutor

from fastapi import FastAPI

app = FastAPI()


def fib(n: int) -> int:
    return n if n < 2 else fib(n - 1) + fib(n - 2)


@app.get("/fib/{n}")
async def fibonacci(n: int):
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor() as pool:
        value = await loop.run_in_executor(pool, fib, n)
    return {"n": n, "value": value}
