import uvicorn

OPTIONS = {"host": "0.0.0.0", "reload": True}


def dev():
    uvicorn.run("shop.main:app", host="127.0.0.1", port=8000)


def container():
    uvicorn.run("shop.main:app", host="0.0.0.0", port=8000, workers=1)


def configured():
    uvicorn.run("shop.main:app", host="0.0.0.0", **OPTIONS)


def quiet():
    uvicorn.run("shop.main:app", reload=False)
