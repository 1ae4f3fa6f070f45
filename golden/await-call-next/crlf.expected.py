from fastapi import FastAPI, Request

app = FastAPI()


@app.middleware("http")
async def add_vary_header(request: Request, call_next):
    # saved with Windows line endings
    response = await call_next(request)
    response.headers["Vary"] = "Accept-Encoding"
    return response
