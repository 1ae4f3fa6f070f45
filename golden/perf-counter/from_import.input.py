from time import sleep, time

from fastapi import FastAPI

app = FastAPI()


def flaky_call() -> float:
    began = time()
    sleep(0.01)  # stands in for a slow dependency
    return time() - began


@app.get("/probe")
def probe():
    return {"seconds": flaky_call()}
