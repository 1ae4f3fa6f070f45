import time

from fastapi import FastAPI

app = FastAPI()


@app.get("/bench")
def bench(n: int = 1000):
	start = time.perf_counter()  # CRLF, tabs
	for _ in range(n):
		pass
	return {"seconds": time.perf_counter() - start}
