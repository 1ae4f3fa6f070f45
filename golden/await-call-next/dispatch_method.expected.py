import logging

from fastapi import FastAPI, Request
from starlette.middleware.base import BaseHTTPMiddleware as Base
from starlette.responses import JSONResponse, Response

logger = logging.getLogger("api.errors")


class ErrorEnvelopeMiddleware(Base):
    """Turns unhandled exceptions into JSON and stamps security headers."""

    async def dispatch(self, request: Request, call_next) -> Response:
        try:
            return self.with_security_headers(await call_next(request))
        except Exception:
            logger.exception("unhandled error on %s", request.url.path)
            return JSONResponse({"detail": "Internal Server Error"}, status_code=500)

    @staticmethod
    def with_security_headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response


app = FastAPI()
app.add_middleware(ErrorEnvelopeMiddleware)
