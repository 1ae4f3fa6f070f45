from fastapi import APIRouter

from .cache import cache

router = APIRouter(prefix="/products")


@router.on_event("startup")
async def warm_product_cache():
    await cache.warm("products")


@router.get("/")
async def list_products():
    return await cache.get("products")
