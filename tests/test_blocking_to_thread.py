"""blocking-to-thread: inline edge cases, both helpers, the extend/exclude options, and the
pipeline with async-sleep."""

from __future__ import annotations

import asyncio

from tests.helpers import assert_rewrites, assert_unchanged, codemods_for, rewrite, run

ID = "blocking-to-thread"
THREADPOOL = {ID: {"helper": "run_in_threadpool"}}


def test_run_in_threadpool_helper_is_imported_from_starlette() -> None:
    assert_rewrites(
        """\
        import requests


        async def fetch(url):
            return requests.get(url, timeout=5).json()
        """,
        """\
        from starlette.concurrency import run_in_threadpool
        import requests


        async def fetch(url):
            return (await run_in_threadpool(requests.get, url, timeout=5)).json()
        """,
        ID,
        **THREADPOOL,
    )


def test_run_in_threadpool_reuses_fastapis_reexport() -> None:
    assert_rewrites(
        """\
        import subprocess

        from fastapi.concurrency import run_in_threadpool


        async def build(target):
            subprocess.run(["make", target], check=True)
            return await run_in_threadpool(len, target)
        """,
        """\
        import subprocess

        from fastapi.concurrency import run_in_threadpool


        async def build(target):
            await run_in_threadpool(subprocess.run, ["make", target], check=True)
            return await run_in_threadpool(len, target)
        """,
        ID,
        **THREADPOOL,
    )


def test_a_func_keyword_cannot_go_through_run_in_threadpool() -> None:
    source = """\
        import jobs


        async def enqueue(handler):
            jobs.submit(func=handler, retries=3)
        """
    options = {ID: {"extend": ["jobs.submit"]}}
    assert_unchanged(source, ID, **{ID: {**options[ID], "helper": "run_in_threadpool"}})
    # asyncio.to_thread takes its function positionally only, so `func=` passes through
    assert_rewrites(
        source,
        """\
        import asyncio
        import jobs


        async def enqueue(handler):
            await asyncio.to_thread(jobs.submit, func=handler, retries=3)
        """,
        ID,
        **options,
    )


def test_extend_adds_and_exclude_removes_qualified_names() -> None:
    assert_rewrites(
        """\
        import shutil

        from legacy.billing import charge_card as charge


        async def checkout(order, workdir):
            receipt = charge(order.card, amount=order.total)
            shutil.rmtree(workdir)
            shutil.copy(receipt.pdf, workdir)
            return receipt
        """,
        """\
        import asyncio
        import shutil

        from legacy.billing import charge_card as charge


        async def checkout(order, workdir):
            receipt = await asyncio.to_thread(charge, order.card, amount=order.total)
            shutil.rmtree(workdir)
            await asyncio.to_thread(shutil.copy, receipt.pdf, workdir)
            return receipt
        """,
        ID,
        **{ID: {"extend": ["legacy.billing.charge_card"], "exclude": ["shutil.rmtree"]}},
    )


def test_extend_reaches_files_without_the_default_modules() -> None:
    assert_rewrites(
        """\
        from legacy import billing


        async def refund(order):
            billing.refund(order.id)
        """,
        """\
        import asyncio
        from legacy import billing


        async def refund(order):
            await asyncio.to_thread(billing.refund, order.id)
        """,
        ID,
        **{ID: {"extend": ["legacy.billing.refund"]}},
    )


def test_excluding_a_constructor_leaves_its_methods_too() -> None:
    assert_unchanged(
        """\
        import smtplib


        async def notify(message):
            server = smtplib.SMTP("localhost")
            server.send_message(message)
        """,
        ID,
        **{ID: {"exclude": ["smtplib.SMTP"]}},
    )


def test_time_sleep_is_never_offloaded_even_when_listed() -> None:
    assert_unchanged(
        """\
        import time


        async def chaos():
            time.sleep(1)  # noqa: ASYNC251
        """,
        ID,
        **{ID: {"extend": ["time.sleep"]}},
    )


def test_a_local_asyncio_leaves_the_call_alone() -> None:
    assert_unchanged(
        """\
        import requests


        async def fetch(url, asyncio):
            return requests.get(url)
        """,
        ID,
    )


def test_nested_blocking_calls_are_both_offloaded() -> None:
    assert_rewrites(
        """\
        import subprocess

        import requests


        async def report(url):
            requests.post(url, data=subprocess.check_output(["uptime"]))
        """,
        """\
        import asyncio
        import subprocess

        import requests


        async def report(url):
            await asyncio.to_thread(requests.post, url, data=await asyncio.to_thread(subprocess.check_output, ["uptime"]))
        """,
        ID,
    )


def test_constructors_chained_at_once_are_left_alone() -> None:
    assert_unchanged(
        """\
        import sqlite3

        import requests


        async def peek(path, url):
            rows = sqlite3.connect(path, check_same_thread=False).execute("SELECT 1").fetchall()
            return rows, requests.Session().get(url)
        """,
        ID,
    )


def test_methods_of_an_object_bound_twice_or_elsewhere_stay() -> None:
    assert_rewrites(
        """\
        import psycopg2

        shared = psycopg2.connect("dbname=app")


        async def query(dsn, fallback):
            conn = psycopg2.connect(dsn)
            if conn.closed:
                conn = fallback
            conn.commit()
            shared.commit()
        """,
        """\
        import asyncio
        import psycopg2

        shared = psycopg2.connect("dbname=app")


        async def query(dsn, fallback):
            conn = await asyncio.to_thread(psycopg2.connect, dsn)
            if conn.closed:
                conn = fallback
            conn.commit()
            shared.commit()
        """,
        ID,
    )


def test_awaited_methods_stay() -> None:
    assert_rewrites(
        """\
        import httpx


        async def ping(url):
            client = httpx.Client()
            await client.aclose()
        """,
        """\
        import asyncio
        import httpx


        async def ping(url):
            client = await asyncio.to_thread(httpx.Client)
            await client.aclose()
        """,
        ID,
    )


def test_popen_waited_later_is_offloaded_call_by_call() -> None:
    assert_rewrites(
        """\
        from subprocess import Popen


        async def run(cmd, progress):
            proc = Popen(cmd)
            await progress.started(proc.pid)
            return proc.wait()
        """,
        """\
        import asyncio
        from subprocess import Popen


        async def run(cmd, progress):
            proc = await asyncio.to_thread(Popen, cmd)
            await progress.started(proc.pid)
            return await asyncio.to_thread(proc.wait)
        """,
        ID,
    )


def test_popen_methods_that_return_at_once_stay() -> None:
    assert_rewrites(
        """\
        import os
        from subprocess import Popen


        async def stop(cmd):
            proc = Popen(cmd)
            if proc.poll() is None:
                proc.terminate()
            os.waitpid(proc.pid, os.WNOHANG)
            return proc.wait()
        """,
        """\
        import asyncio
        import os
        from subprocess import Popen


        async def stop(cmd):
            proc = await asyncio.to_thread(Popen, cmd)
            if proc.poll() is None:
                proc.terminate()
            os.waitpid(proc.pid, os.WNOHANG)
            return await asyncio.to_thread(proc.wait)
        """,
        ID,
    )


def test_popen_unit_binds_back_only_what_is_read_later() -> None:
    assert_rewrites(
        """\
        import subprocess


        async def lint(paths):
            proc = subprocess.Popen(["ruff", *paths], stdout=subprocess.PIPE, text=True)
            out, err = proc.communicate()
            return out.splitlines()
        """,
        """\
        import asyncio
        import subprocess


        async def lint(paths):
            def _run_process():
                proc = subprocess.Popen(["ruff", *paths], stdout=subprocess.PIPE, text=True)
                out, err = proc.communicate()
                return out
            out = await asyncio.to_thread(_run_process)
            return out.splitlines()
        """,
        ID,
    )


def test_a_suppressed_wait_keeps_the_popen_unit_apart() -> None:
    assert_rewrites(
        """\
        import subprocess


        async def run(cmd):
            proc = subprocess.Popen(cmd)
            proc.wait()  # noqa: ASYNC220
        """,
        """\
        import asyncio
        import subprocess


        async def run(cmd):
            proc = await asyncio.to_thread(subprocess.Popen, cmd)
            proc.wait()  # noqa: ASYNC220
        """,
        ID,
    )


def test_popen_unit_takes_a_fresh_function_name() -> None:
    after = rewrite(
        """\
        import subprocess


        async def run(cmd, _run_process):
            proc = subprocess.Popen(cmd)
            code = proc.wait()
            return code, _run_process
        """,
        ID,
    )
    assert "def _run_process_2():" in after and "code = await asyncio.to_thread(_run_process_2)" in after


def test_with_async_sleep_in_the_pipeline() -> None:
    """async-sleep (order 30) takes time.sleep first; blocking-to-thread never sees it; both share
    one `import asyncio`; a second run changes nothing."""
    assert_rewrites(
        """\
        import time

        import requests
        from fastapi import FastAPI

        app = FastAPI()


        @app.get("/retry")
        async def retry(url: str):
            for attempt in range(3):
                response = requests.get(url, timeout=2)
                if response.ok:
                    return response.json()
                time.sleep(2 ** attempt)
            return None
        """,
        """\
        import asyncio

        import requests
        from fastapi import FastAPI

        app = FastAPI()


        @app.get("/retry")
        async def retry(url: str):
            for attempt in range(3):
                response = await asyncio.to_thread(requests.get, url, timeout=2)
                if response.ok:
                    return response.json()
                await asyncio.sleep(2 ** attempt)
            return None
        """,
    )


def test_popen_unit_runs_and_binds_back_at_runtime() -> None:
    """The moved Popen and communicate() run in a worker thread and give back the same values."""
    source = """\
        import subprocess
        import sys


        async def handler(text):
            proc = subprocess.Popen([sys.executable, "-c", "print(input().upper())"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            out, _ = proc.communicate(text)
            return proc.returncode, out.strip()
        """
    rewritten = rewrite(source, ID)
    assert "def _run_process():" in rewritten and "proc, out = await asyncio.to_thread(_run_process)" in rewritten
    namespace: dict = {}
    exec(compile(rewritten, "<rewritten>", "exec"), namespace)  # noqa: S102 - our own test module
    assert asyncio.run(namespace["handler"]("shop")) == (0, "SHOP")


def test_an_unknown_helper_is_reported_not_raised() -> None:
    result = run(b"import requests\n\n\nasync def f(url):\n    requests.get(url)\n", codemods_for([ID], {ID: {"helper": "trio"}}))
    assert result.error is not None and "use one of 'asyncio.to_thread', 'run_in_threadpool'" in str(result.error)
