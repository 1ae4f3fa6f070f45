import subprocess
from subprocess import PIPE, Popen

from fastapi import FastAPI, HTTPException

app = FastAPI()


@app.post("/reports/{report_id}/render")
async def render_report(report_id: int, template: str):
    # the renderer reads the template on stdin and writes the PDF path on stdout
    proc = Popen(["render-report", str(report_id)], stdin=PIPE, stdout=PIPE, text=True)
    output, _ = proc.communicate(template, timeout=60)
    if proc.returncode != 0:
        raise HTTPException(status_code=500, detail="renderer failed")
    return {"pdf": output.strip()}


@app.post("/cache/warm")
async def warm_cache():
    warmer = subprocess.Popen(["cache-warmer", "--all"])
    code = warmer.wait()
    return {"exit_code": code}
