from fastapi import FastAPI, Request

app = FastAPI()


@app.middleware("http")
async def legacy_passthrough(request: Request, call_next):
    return call_next(request)  # fastfix: ignore[await-call-next]
