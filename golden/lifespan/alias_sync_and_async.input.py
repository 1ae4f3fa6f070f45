import httpx
from fastapi import FastAPI as F, Request
from redis import asyncio as aioredis

from .ml import load_model
from .settings import Settings

api = F(docs_url=None)
settings = Settings()


@api.on_event("startup")
def load_settings():
    settings.reload()


@api.on_event("startup")
async def open_clients():
    api.state.http = httpx.AsyncClient(timeout=10)
    api.state.redis = aioredis.from_url(settings.redis_url)


@api.get("/predict")
async def predict(request: Request, text: str):
    return {"label": request.app.state.model.predict(text)}


# Loading the model takes a few seconds; do it once.
@api.on_event("startup")
def load_ml_model():
    api.state.model = load_model(settings.model_path)


@api.on_event("shutdown")
async def close_clients():
    await api.state.http.aclose()
    await api.state.redis.close()


@api.on_event("shutdown")
def flush_metrics(): settings.metrics.flush()
