# From xinference's worker host: reaping children with WNOHANG only asks the kernel, it never
# waits, so there is nothing to move to a worker thread.
import os
from os import WNOHANG, waitpid


async def reap_exited(children: dict[int, object]) -> dict[int, int]:
    exits = {}
    for pid in list(children):
        try:
            waited, status = os.waitpid(pid, os.WNOHANG)
            if waited:
                exits[pid] = os.waitstatus_to_exitcode(status)
        except ChildProcessError:
            continue
    other, _ = waitpid(-1, WNOHANG | os.WUNTRACED)
    return exits
