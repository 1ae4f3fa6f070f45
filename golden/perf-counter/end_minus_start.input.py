import time

from fastapi import BackgroundTasks, FastAPI

app = FastAPI()
durations: list[float] = []


def send_digest(user_id: int) -> None:
    start = time.time()
    # ... render and send the e-mail ...
    end = time.time()
    durations.append(end - start)


@app.post("/users/{user_id}/digest")
async def digest(user_id: int, tasks: BackgroundTasks):
    tasks.add_task(send_digest, user_id)
    return {"queued": True}
