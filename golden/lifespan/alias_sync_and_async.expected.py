from contextlib import asynccontextmanager
import httpx
from fastapi import FastAPI as F, Request
from redis import asyncio as aioredis

from .ml import load_model
from .settings import Settings


@asynccontextmanager
async def lifespan(app):
    settings.reload()
    api.state.http = httpx.AsyncClient(timeout=10)
    api.state.redis = aioredis.from_url(settings.redis_url)
    # Loading the model takes a few seconds; do it once.
    api.state.model = load_model(settings.model_path)
    yield
    await api.state.http.aclose()
    await api.state.redis.close()
    settings.metrics.flush()


api = F(docs_url=None, lifespan=lifespan)
settings = Settings()


@api.get("/predict")
async def predict(request: Request, text: str):
    return {"label": request.app.state.model.predict(text)}
