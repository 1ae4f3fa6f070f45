"""Plain DB-API drivers: their execute() takes SQL strings, and must keep them."""

import sqlite3

import aiosqlite
import asyncpg
import psycopg2
import pymysql
from fastapi import FastAPI

app = FastAPI()


def load_settings(path: str) -> dict:
    conn = sqlite3.connect(path)
    cur = conn.cursor()
    cur.execute("SELECT key, value FROM settings WHERE scope = ?", ("app",))
    conn.execute("PRAGMA journal_mode=WAL")
    return dict(cur.fetchall())


def pg_version(dsn: str) -> str:
    with psycopg2.connect(dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT version()")
        return cur.fetchone()[0]


def mysql_tables(host: str) -> list:
    connection = pymysql.connect(host=host, user="app")
    with connection.cursor() as cursor:
        cursor.execute("SHOW TABLES")
        return cursor.fetchall()


@app.get("/pg")
async def pg_now(dsn: str):
    conn = await asyncpg.connect(dsn)
    await conn.execute("SET search_path TO app")
    return await conn.fetchval("SELECT now()")


@app.get("/lite")
async def lite_count():
    async with aiosqlite.connect("app.db") as db:
        await db.execute("DELETE FROM cache WHERE stale = 1")
        await db.commit()
