import os

from uvicorn import run as serve


def main():
    serve(  # expect: uvicorn-reload
        "shop.main:app",
        host="0.0.0.0",
        port=int(os.environ.get("PORT", "8000")),
        proxy_headers=True,
    )


def main_ipv6():
    import uvicorn.main

    uvicorn.main.run("shop.main:app", host="::", port=8000)  # expect: uvicorn-reload
