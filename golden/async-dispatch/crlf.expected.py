import starlette.middleware.base
from fastapi import FastAPI, Request
from starlette.responses import RedirectResponse


class HttpsRedirect(starlette.middleware.base.BaseHTTPMiddleware):
    # written on Windows; line endings must survive
    async def dispatch(self, request: Request, call_next):
        if request.url.scheme == "http":
            return RedirectResponse(request.url.replace(scheme="https"), status_code=308)
        return call_next(request)


app = FastAPI()
app.add_middleware(HttpsRedirect)
