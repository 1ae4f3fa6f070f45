from contextlib import asynccontextmanager


@asynccontextmanager  # fastfix: ignore[asynccontextmanager-sync-def]
def broken_on_purpose():
    """Kept to test that our error page explains the TypeError."""
    yield


@asynccontextmanager  # fastfix: ignore
def also_kept():
    yield
