import uvicorn


def serve(debug: bool = False) -> None:
    uvicorn.run(
        "shop.main:app",
        port=8000,
        reload=True,  # expect: uvicorn-reload
    )
