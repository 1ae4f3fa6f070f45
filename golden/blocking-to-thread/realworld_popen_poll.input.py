# From xinference's tests: poll(), kill(), terminate() and send_signal() on a Popen return at
# once, so they stay on the event loop even though the object came from a blocking constructor.
import signal
import subprocess


async def stop_server(command: list[str]) -> None:
    process = subprocess.Popen(command)  # noqa: ASYNC220 - started once, at test setup
    if process.poll() is None:
        process.kill()
    process.terminate()
    process.send_signal(signal.SIGINT)
