import subprocess as sp

import fastapi as fa

router = fa.APIRouter(prefix="/admin")


@router.post("/backup", status_code=202)
async def backup(target: str = "/var/backups/app.sql"):
    # pg_dump writes the whole database; the endpoint waits for it
    sp.run(["pg_dump", "--file", target, "app"], check=True)
    return {"target": target}


@router.delete("/cache")
async def clear_cache() -> dict[str, int]:
    output = sp.check_output(["redis-cli", "FLUSHDB"])
    return {"bytes": len(output)}
