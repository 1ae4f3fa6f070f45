import pandas as pd
from fastapi import FastAPI

from .pools import pool
from .workers import Pool

app = FastAPI()


@app.get("/prices")
async def prices(symbols: list[str]):
    frame = pd.DataFrame({"symbol": symbols})
    frame["upper"] = frame["symbol"].map(str.upper)
    totals = list(map(len, symbols))
    remote = pool.map(len, symbols)
    local = Pool().map(len, symbols)
    return {"totals": totals, "remote": remote, "local": local, "frame": frame.to_dict()}


@app.get("/suppressed")
async def suppressed():
    import multiprocessing

    return multiprocessing.Pool(2).map(abs, [-1, -2])  # fastfix: ignore[process-pool-in-async]
