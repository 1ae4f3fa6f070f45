"""Logs every response body for the audit trail."""

import logging

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import Response

logger = logging.getLogger("audit")


class ResponseLoggingMiddleware(BaseHTTPMiddleware):  # expect: base-http-middleware
    async def dispatch(self, request, call_next):
        response = await call_next(request)
        body = b""
        async for chunk in response.body_iterator:
            body += chunk
        logger.info("%s %s -> %s", request.method, request.url.path, body[:200])
        return Response(body, status_code=response.status_code, headers=dict(response.headers))
