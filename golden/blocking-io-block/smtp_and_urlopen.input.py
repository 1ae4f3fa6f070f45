import json
import urllib.request
from email.message import EmailMessage
from smtplib import SMTP_SSL as SMTP

from fastapi import FastAPI

app = FastAPI()


@app.post("/contact")
async def contact(sender: str, text: str):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "support@example.com"
    message.set_content(text)
    with SMTP("mail.example.com", 465, timeout=10) as server:
        server.login("support", "secret")
        refused = server.send_message(message)
    return {"delivered": not refused}


@app.get("/exchange/{currency}")
async def exchange(currency: str):
    url = f"https://rates.example.com/{currency}.json"
    with urllib.request.urlopen(url, timeout=5) as response:  # the upstream is slow
        payload = json.load(response)
    return {"rate": payload["rate"]}
