"""An event bus whose API happens to look like FastAPI's."""
from .bus import EventBus


class FastAPI:
    def __init__(self, name):
        self.bus = EventBus(name)

    def on_event(self, name):
        return self.bus.subscribe(name)


app = FastAPI("jobs")
bus = EventBus("metrics")


@app.on_event("startup")
def announce():
    print("jobs up")


@bus.on_event("startup")
def count():
    bus.count("starts")
