import asyncio
import subprocess

from fastapi import FastAPI

app = FastAPI()


@app.post("/reindex")
async def reindex(full: bool = False):
    args = ["./manage.py", "reindex"] + (["--full"] if full else [])
    result = await asyncio.to_thread(
        # the loop's default executor
        subprocess.check_output,  # raises on a non-zero exit status
        args,
    )  # may take minutes
    return {"output": result.decode()}
