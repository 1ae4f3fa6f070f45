"""Runs the shop API."""

import uvicorn

from shop.main import app

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=8000, reload=True)  # expect: uvicorn-reload
