import os

import uvicorn

from .settings import settings

if __name__ == "__main__":
    uvicorn.run(
        "shop.main:app",
        host="0.0.0.0",
        port=8000,
        reload=settings.debug,
        workers=int(os.environ.get("WEB_CONCURRENCY", "4")),
    )
