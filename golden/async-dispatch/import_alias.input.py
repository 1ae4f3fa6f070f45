"""Request timing for the orders service."""

import logging
import time

from fastapi import FastAPI, Request
from starlette.middleware.base import BaseHTTPMiddleware as Base
from starlette.responses import Response

logger = logging.getLogger(__name__)


class SlowRequestLogger(Base):
    """Logs requests slower than the configured threshold."""

    def __init__(self, app, threshold: float = 0.5) -> None:
        super().__init__(app)
        self.threshold = threshold

    # Starlette calls this for every HTTP request.
    def dispatch(self, request: Request, call_next) -> Response:  # keep this comment
        started = time.perf_counter()
        logger.debug("start %s %s", request.method, request.url.path)
        return call_next(request)


app = FastAPI()
app.add_middleware(SlowRequestLogger, threshold=1.0)
