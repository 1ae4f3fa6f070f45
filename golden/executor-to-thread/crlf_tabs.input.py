import asyncio
from concurrent.futures import ThreadPoolExecutor

from fastapi import FastAPI

app = FastAPI()


def render_pdf(invoice_id: int) -> bytes:
	return b"%PDF-1.7 ..."


@app.get("/invoices/{invoice_id}.pdf")
async def invoice_pdf(invoice_id: int):
	loop = asyncio.get_running_loop()
	with ThreadPoolExecutor() as pool:
		pdf = await loop.run_in_executor(pool, render_pdf, invoice_id)  # CRLF and tabs
	return {"size": len(pdf)}
