import multiprocessing

from fastapi import FastAPI

from .imaging import make_thumbnail

app = FastAPI()
pool = multiprocessing.Pool(4)


@app.post("/thumbnails")
def thumbnails(paths: list[str]):
    return pool.map(make_thumbnail, paths)


async def schedule(paths):
    def work():
        return pool.map(make_thumbnail, paths)

    pending = pool.map_async(make_thumbnail, paths)
    return work, pending, lambda: pool.apply(make_thumbnail, (paths[0],))


if __name__ == "__main__":
    print(pool.map(make_thumbnail, ["a.png"]))
