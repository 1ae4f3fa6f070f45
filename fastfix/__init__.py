"""fastfix: codemods for the async and performance anti-patterns of FastAPI services."""

__version__ = "0.1.0"
