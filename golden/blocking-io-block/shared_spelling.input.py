from fastapi import FastAPI

app = FastAPI()


def open(name, mode="r"):
    """The storage layer's own open: returns an in-memory buffer."""
    return Buffer(name)


class Buffer:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def read_text(self):
        return self.name


@app.get("/buffers/{name}")
async def buffer(name: str, path: str, storage: Buffer):
    with open(name) as f:
        text = f.read_text()
    return {"text": text, "path": path.read_text(), "stored": storage.read_text()}
