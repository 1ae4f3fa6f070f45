"""Running a function of the pipeline over many files: in this process, or in a pool of processes.

With one job everything runs here, with no pool. With more, a `ProcessPoolExecutor` runs chunks
of files. Each worker builds the rules once, in its initializer, from their ids and settings, so
the pool works with any start method (fork, forkserver, spawn); a chunk names the rules it runs
by id. Workers get paths or bytes and send back only what the report keeps (`FileResult`s, small
facts), never trees. Results come back in input order whatever the number of workers, so the
output is the same for any `--jobs`; and only a few chunks per worker are queued or running at a
time, so memory does not grow with the number of files beyond the results, which the report keeps.
"""

from __future__ import annotations

import gc
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from fastfix.codemod import Rule
from fastfix.registry import by_id

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

ItemT = TypeVar("ItemT")
ResultT = TypeVar("ResultT")
# function(rules, item, *arguments): a module-level function, so that a worker can unpickle it
Task = Callable[..., ResultT]

_CHUNKS_IN_FLIGHT = 4  # per worker: enough that no worker waits while results are read in order
_MAX_CHUNK = 32  # files; small enough that the work is shared out evenly at the end of a run
_MIN_FOR_POOL = 32  # files; fewer are done before a pool would have started (once started, it serves any number)


def default_jobs() -> int:
    """The CPUs this process may run on (its affinity mask where the OS has one)."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13+
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


class Workers:
    """Runs tasks over items with `jobs` processes; the pool is started on first need and shut
    down by `close`, so one pool serves several runs (`with contextlib.closing(Workers(...))`)."""

    def __init__(self, rules: Sequence[Rule], jobs: int) -> None:
        self.rules = list(rules)
        self.jobs = max(1, jobs)
        self._pool: ProcessPoolExecutor | None = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def map(self, task: Task[ResultT], items: Sequence[ItemT], rules: Sequence[Rule], *arguments: Any) -> Iterator[ResultT]:
        """`task(rules, item, *arguments)` for each item, yielded in the order of `items`. `rules`
        are some of this object's rules."""
        if self.jobs == 1 or (self._pool is None and len(items) < _MIN_FOR_POOL):
            collect_less()
            for item in items:
                yield _one_file(task, rules, item, arguments)
            return
        from concurrent.futures import FIRST_COMPLETED, wait  # with the pool: start-up time

        pool = self._start()
        ids = [rule.id for rule in rules]
        size = max(1, min(_MAX_CHUNK, len(items) // (self.jobs * 8)))
        starts = iter(range(0, len(items), size))
        running: set[Future[list[ResultT]]] = set()  # submitted, not done: at most a few per worker
        in_order: deque[Future[list[ResultT]]] = deque()  # submitted, not yielded yet

        def submit() -> None:
            running.difference_update([chunk for chunk in running if chunk.done()])
            for start in starts:
                chunk = pool.submit(_run_chunk, task, ids, items[start : start + size], arguments)
                running.add(chunk)
                in_order.append(chunk)
                if len(running) >= self.jobs * _CHUNKS_IN_FLIGHT:
                    return

        # A slow chunk holds back the yielding of those after it, not the work on them: workers
        # get a new chunk whenever one is done, and results done early wait here (the report
        # keeps them all anyway).
        submit()
        while in_order:
            if not in_order[0].done():
                wait(running, return_when=FIRST_COMPLETED)
                submit()
                continue
            head = in_order.popleft()
            submit()
            yield from head.result()

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # imported here, when a pool is first needed: it loads multiprocessing (start-up time)
            from concurrent.futures import ProcessPoolExecutor

            specs = [(rule.id, rule.settings) for rule in self.rules]
            # frozen before the workers fork: their collections leave the pages they share with
            # this process alone, and this process's collections and exit skip what it froze
            collect_less()
            self._pool = ProcessPoolExecutor(self.jobs, initializer=_start_worker, initargs=(specs,))
        return self._pool


def collect_less() -> None:
    """Tune the cyclic garbage collector for this process's pipeline work, once. fissix trees are
    large and cyclic (parent links): with the default thresholds the collector runs thousands
    of times per file, each full collection also walking every module and the grammar tables.
    What is alive now (modules, tables, rules) is frozen out of collection, and collections come
    less often: about a tenth of a run's time saved, for a few MB more at peak."""
    global _collecting_less
    if not _collecting_less:
        _collecting_less = True
        gc.freeze()
        gc.set_threshold(20_000, 10, 10)


_collecting_less = False
_RULES: dict[str, Rule] = {}  # in a worker: its rules by id, built once


def _start_worker(specs: list[tuple[str, dict[str, Any]]]) -> None:
    known = by_id()
    _RULES.update({rule_id: known[rule_id](settings) for rule_id, settings in specs})
    collect_less()


def _run_chunk(task: Task[ResultT], ids: list[str], chunk: Sequence[Any], arguments: tuple[Any, ...]) -> list[ResultT]:
    rules = [_RULES[rule_id] for rule_id in ids]
    return [_one_file(task, rules, item, arguments) for item in chunk]


def _one_file(task: Task[ResultT], rules: Sequence[Rule], item: Any, arguments: tuple[Any, ...]) -> ResultT:
    """`task` over one file with the cyclic collector paused, then its youngest objects collected
    once. A file's trees are garbage only when its work is done: a collection in the middle of it
    finds them alive and moves them to an older generation, where later collections walk them
    again. Paused, the collector takes less than half the time, and a run about a tenth less
    (bench/gc_per_file.py); the file's garbage is freed as soon as the file is done."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return task(rules, item, *arguments)
    finally:
        if enabled:
            gc.enable()
        gc.collect(0)
