from fastapi import FastAPI

app = FastAPI()
hits = 0


@app.get("/files/{name}")
async def read_file(name: str, verbose: bool = False):
    with open(name) as f:
        data = f.read()
    print(f.closed)  # the with target is used after the block
    return {"data": data}


@app.get("/maybe/{name}")
async def maybe(name: str):
    with open(name) as f:
        for line in f:
            header = line
            break
    return {"header": header}  # unbound when the file is empty: the original raises here


@app.get("/count/{name}")
async def count(name: str):
    global hits
    with open(name) as f:
        hits = len(f.read())
    return {"hits": hits}


@app.get("/later/{name}")
async def later(name: str, retries: int = 3):
    for attempt in range(retries):
        with open(name) as f:
            if attempt:
                text = text + f.read()  # the text of the attempt before: not bound before the loop
            else:
                text = f.read()
    return {"text": text}

