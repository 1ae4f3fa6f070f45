import smtplib
from email.message import EmailMessage

import psycopg2
import requests
from fastapi import FastAPI

app = FastAPI()
DSN = "postgresql://app@db/app"


@app.post("/orders/{order_id}/ship")
async def ship(order_id: int, email: str):
    conn = psycopg2.connect(DSN)
    cur = conn.cursor()
    cur.execute("UPDATE orders SET shipped = true WHERE id = %s", (order_id,))
    conn.commit()
    conn.close()

    message = EmailMessage()
    message["To"] = email
    message["Subject"] = f"Order {order_id} shipped"
    server = smtplib.SMTP("mail.internal", 587, timeout=10)
    server.starttls()
    server.send_message(message)
    server.quit()
    return {"shipped": order_id}


@app.get("/rates")
async def rates(currencies: list[str]):
    session = requests.Session()
    session.headers["Accept"] = "application/json"
    found = {}
    for currency in currencies:
        found[currency] = session.get(f"https://rates.example.com/{currency}", timeout=3).json()
    session.close()
    return found
