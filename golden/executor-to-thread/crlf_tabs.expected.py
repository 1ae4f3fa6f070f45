import asyncio

from fastapi import FastAPI

app = FastAPI()


def render_pdf(invoice_id: int) -> bytes:
	return b"%PDF-1.7 ..."


@app.get("/invoices/{invoice_id}.pdf")
async def invoice_pdf(invoice_id: int):
	pdf = await asyncio.to_thread(render_pdf, invoice_id)  # CRLF and tabs
	return {"size": len(pdf)}
