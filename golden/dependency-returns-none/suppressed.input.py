from fastapi import Depends, FastAPI

app = FastAPI()


def get_flags():  # fastfix: ignore[dependency-returns-none]
    FLAGS.refresh()


def get_tracer():  # fastfix: ignore
    TRACER.start()


@app.get("/flags")
def read_flags(flags=Depends(get_flags), tracer=Depends(get_tracer)):
    return FLAGS.snapshot()
