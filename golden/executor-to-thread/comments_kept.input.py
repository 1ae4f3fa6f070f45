import asyncio
import subprocess

from fastapi import FastAPI

app = FastAPI()


@app.post("/reindex")
async def reindex(full: bool = False):
    loop = asyncio.get_running_loop()
    args = ["./manage.py", "reindex"] + (["--full"] if full else [])
    result = await loop.run_in_executor(
        None,  # the loop's default executor
        subprocess.check_output,  # raises on a non-zero exit status
        args,
    )  # may take minutes
    return {"output": result.decode()}
