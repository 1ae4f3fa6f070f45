from time import perf_counter, sleep

from fastapi import FastAPI

app = FastAPI()


def flaky_call() -> float:
    began = perf_counter()
    sleep(0.01)  # stands in for a slow dependency
    return perf_counter() - began


@app.get("/probe")
def probe():
    return {"seconds": flaky_call()}
