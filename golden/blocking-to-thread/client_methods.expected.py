import asyncio
import smtplib
from email.message import EmailMessage

import psycopg2
import requests
from fastapi import FastAPI

app = FastAPI()
DSN = "postgresql://app@db/app"


@app.post("/orders/{order_id}/ship")
async def ship(order_id: int, email: str):
    conn = await asyncio.to_thread(psycopg2.connect, DSN)
    cur = await asyncio.to_thread(conn.cursor)
    await asyncio.to_thread(cur.execute, "UPDATE orders SET shipped = true WHERE id = %s", (order_id,))
    await asyncio.to_thread(conn.commit)
    await asyncio.to_thread(conn.close)

    message = EmailMessage()
    message["To"] = email
    message["Subject"] = f"Order {order_id} shipped"
    server = await asyncio.to_thread(smtplib.SMTP, "mail.internal", 587, timeout=10)
    await asyncio.to_thread(server.starttls)
    await asyncio.to_thread(server.send_message, message)
    await asyncio.to_thread(server.quit)
    return {"shipped": order_id}


@app.get("/rates")
async def rates(currencies: list[str]):
    session = await asyncio.to_thread(requests.Session)
    session.headers["Accept"] = "application/json"
    found = {}
    for currency in currencies:
        found[currency] = (await asyncio.to_thread(session.get, f"https://rates.example.com/{currency}", timeout=3)).json()
    await asyncio.to_thread(session.close)
    return found
