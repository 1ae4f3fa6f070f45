import asyncio
import csv

from fastapi import FastAPI

app = FastAPI()


@app.post("/imports")
async def import_rows(paths: list[str], dry_run: bool = False):
    imported = {}
    for path in paths:
        if path.endswith(".csv"):
            # one file at a time: the files can be large
            def _read_file():
                with open(path, newline="") as handle:  # utf-8 by default
                    reader = csv.DictReader(handle)
                    rows = [row for row in reader if row.get("id")]
                    # rows without an id are dropped
                return rows
            rows = await asyncio.to_thread(_read_file)
            imported[path] = len(rows)
        else:
            continue
    # the summary goes to the audit log

    def _write_file():
        with open("audit.log", "a") as log:
            log.write(f"imported {sum(imported.values())} rows\n")

            # dry runs are logged too
    await asyncio.to_thread(_write_file)
    return {"imported": imported, "dry_run": dry_run}
