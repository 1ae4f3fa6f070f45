import csv

from fastapi import FastAPI

app = FastAPI()


@app.post("/imports")
async def import_rows(paths: list[str], dry_run: bool = False):
    imported = {}
    for path in paths:
        if path.endswith(".csv"):
            # one file at a time: the files can be large
            with open(path, newline="") as handle:  # utf-8 by default
                reader = csv.DictReader(handle)
                rows = [row for row in reader if row.get("id")]
                # rows without an id are dropped
            imported[path] = len(rows)
        else:
            continue
    # the summary goes to the audit log

    with open("audit.log", "a") as log:
        log.write(f"imported {sum(imported.values())} rows\n")

        # dry runs are logged too
    return {"imported": imported, "dry_run": dry_run}
