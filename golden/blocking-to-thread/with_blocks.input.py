import smtplib

import psycopg2
import requests
from fastapi import FastAPI

app = FastAPI()


@app.post("/newsletter")
async def send_newsletter(subject: str, body: str):
    # `with` blocks belong to blocking-io-block, which moves the whole block
    with smtplib.SMTP("mail.internal") as server:
        server.sendmail("news@example.com", ["all@example.com"], f"Subject: {subject}\n\n{body}")
    with requests.get("https://cdn.internal/banner.png", stream=True) as response:
        await send_banner(response)
    return {"sent": True}


@app.post("/audit")
async def audit(event: str):
    conn = psycopg2.connect("postgresql://app@db/app")
    with conn:  # commits on success: the connection stays on one thread with its transaction
        conn.cursor().execute("INSERT INTO audit (event) VALUES (%s)", (event,))
    return {"logged": event}


async def send_banner(response):
    return response
