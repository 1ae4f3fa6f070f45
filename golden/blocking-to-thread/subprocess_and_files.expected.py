import asyncio
import os
import shutil
from pathlib import Path
from subprocess import CalledProcessError, check_output, run

from fastapi import FastAPI, HTTPException

app = FastAPI()
REPOS = Path("/srv/repos")


@app.post("/repos/{name}/sync")
async def sync_repo(name: str, branch: str = "main"):
    target = REPOS / name
    try:
        await asyncio.to_thread(run, ["git", "-C", str(target), "fetch", "origin", branch], check=True)
        head = (await asyncio.to_thread(check_output, ["git", "-C", str(target), "rev-parse", "HEAD"], text=True)).strip()
    except CalledProcessError as exc:
        raise HTTPException(status_code=502, detail=str(exc)) from exc
    return {"head": head}


@app.delete("/repos/{name}")
async def delete_repo(name: str):
    await asyncio.to_thread(shutil.copytree, REPOS / name, REPOS / ".trash" / name, dirs_exist_ok=True)
    await asyncio.to_thread(shutil.rmtree, REPOS / name)
    await asyncio.to_thread(os.system, f"logger 'deleted {name}'")
    pid, status = os.waitpid(-1, os.WNOHANG)
    return {"deleted": name}
