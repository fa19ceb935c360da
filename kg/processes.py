"""Worker processes and the processes of other commands: how many, a pool, whether alive."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from multiprocessing.pool import Pool


def cpus() -> int:
    """The CPUs this process may run on: the default number of worker processes."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def worker_pool(jobs: int, initializer: Callable | None = None, initargs: tuple = ()) -> Pool:
    """``jobs`` worker processes, forked where the system can (they start at once, with the
    modules already imported), else spawned."""
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method).Pool(jobs, initializer, initargs)


def alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (this one does; another user's counts as running)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:
        return True
    return True
