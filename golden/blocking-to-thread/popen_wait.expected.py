import asyncio
import subprocess
from subprocess import PIPE, Popen

from fastapi import FastAPI, HTTPException

app = FastAPI()


@app.post("/reports/{report_id}/render")
async def render_report(report_id: int, template: str):
    # the renderer reads the template on stdin and writes the PDF path on stdout
    def _run_process():
        proc = Popen(["render-report", str(report_id)], stdin=PIPE, stdout=PIPE, text=True)
        output, _ = proc.communicate(template, timeout=60)
        return proc, output
    proc, output = await asyncio.to_thread(_run_process)
    if proc.returncode != 0:
        raise HTTPException(status_code=500, detail="renderer failed")
    return {"pdf": output.strip()}


@app.post("/cache/warm")
async def warm_cache():
    def _run_process():
        warmer = subprocess.Popen(["cache-warmer", "--all"])
        code = warmer.wait()
        return code
    code = await asyncio.to_thread(_run_process)
    return {"exit_code": code}
