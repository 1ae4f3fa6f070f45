import starlette.middleware.base as smb
from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import JSONResponse

BLOCKED_COUNTRIES = {"XX", "YY"}


class GeoBlockMiddleware(smb.BaseHTTPMiddleware):
    def dispatch(self, request: Request, call_next):
        country = request.headers.get("CF-IPCountry", "")
        if country in BLOCKED_COUNTRIES:
            return JSONResponse({"detail": "Not available in your region"}, status_code=451)
        return call_next(request)


app = FastAPI()
app.add_middleware(GeoBlockMiddleware)
