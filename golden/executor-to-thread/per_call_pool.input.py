import asyncio
import concurrent.futures
import csv
import io

from fastapi import APIRouter, UploadFile

router = APIRouter(prefix="/imports")


def parse_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@router.post("/csv")
async def import_csv(upload: UploadFile):
    text = (await upload.read()).decode()
    loop = asyncio.get_event_loop()
    # parsing a large file takes a while
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        rows = await loop.run_in_executor(pool, parse_rows, text)
    # only the count goes back to the client
    return {"rows": len(rows)}
