from contextlib import asynccontextmanager

import httpx


class Clients:
    """Outbound HTTP clients shared by the routes."""

    @staticmethod
    @asynccontextmanager  # expect: asynccontextmanager-sync-def
    def payments():
        client = httpx.Client(base_url="https://payments.internal")
        yield client
        client.close()


def make_tracker(name):
    @asynccontextmanager  # expect: asynccontextmanager-sync-def
    def track(
        label: str,
    ):
        yield f"{name}:{label}"

    return track
