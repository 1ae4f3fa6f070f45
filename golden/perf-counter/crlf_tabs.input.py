import time

from fastapi import FastAPI

app = FastAPI()


@app.get("/bench")
def bench(n: int = 1000):
	start = time.time()  # CRLF, tabs
	for _ in range(n):
		pass
	return {"seconds": time.time() - start}
