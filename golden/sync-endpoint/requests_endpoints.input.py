"""A weather proxy written with requests inside async endpoints."""

import requests
from fastapi import FastAPI

app = FastAPI()
API = "https://api.open-meteo.com/v1/forecast"


@app.get("/weather")
async def weather(lat: float, lon: float):
    response = requests.get(API, params={"latitude": lat, "longitude": lon}, timeout=10)
    response.raise_for_status()
    return response.json()


@app.post("/weather/batch")
async def weather_batch(points: list[tuple[float, float]]):
    with requests.Session() as session:
        return [session.get(API, params={"latitude": a, "longitude": b}).json() for a, b in points]


@app.get("/about")
async def about():
    return {"source": API}
