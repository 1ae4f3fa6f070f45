import time


class Clock:
    def __init__(self):
        self.time = time


async def tick(clock: Clock, sleep):
    clock.time.sleep(1)
    sleep(1)


async def with_parameter(time):
    time.sleep(1)


async def with_local():
    time = FakeTime()
    time.sleep(1)
