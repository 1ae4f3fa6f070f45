from fastapi import FastAPI, Request
from starlette.middleware.base import BaseHTTPMiddleware


class PassthroughMiddleware(BaseHTTPMiddleware):
    def dispatch(
        self,
        request: Request,  # fastfix: ignore
        call_next,
    ):
        return call_next(request)


app = FastAPI()
app.add_middleware(PassthroughMiddleware)
