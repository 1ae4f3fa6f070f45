# From khoj's offline chat model: the loop is made right after a `while` loop, with a comment in
# between. The call must stay after the loop, not become part of its body.
import asyncio
from threading import Thread


async def stream(queue: asyncio.Queue, work):
    thread = Thread(target=work)
    thread.start()

    # Asynchronously consume from the queue
    while True:
        chunk = await queue.get()
        if chunk is None:  # End of stream signal
            queue.task_done()
            break
        yield chunk
        queue.task_done()

    # Wait for the thread to finish (optional, ensures cleanup)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, thread.join)
