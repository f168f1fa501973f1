"""Worker processes shared by the probe pool and the export batch: the worker's side of the task protocol,
and stopping one for good from the parent's side."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any


def worker_tasks(
    conn: Connection, initializer: Callable[..., Any] | None, initargs: tuple[Any, ...]
) -> Iterator[tuple[int, Any]]:
    """Inside a worker: ignore Ctrl-C (it reaches the whole console process group; the parent decides when
    workers stop), make Pillow's decompression-bomb warning an error, keep log lines off stderr, run
    `initializer(*initargs)` (tests install hooks with it), say ("ready",), then yield each (task id, task)
    received, once it has been acknowledged with ("began", task id): a worker dying after that dies on the
    task, not before it. Ends when the parent sends None or is gone."""
    import signal
    import warnings

    from PIL import Image

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warnings.simplefilter("error", Image.DecompressionBombWarning)
    # A spawned worker has no logging set up, so Python's last-resort handler would print every warning
    # (exifread's "Possibly corrupted IFD", a thumbnail not saved on a full disk…) on the user's console.
    # The parent reports each file's outcome itself; the workers' own log lines go nowhere.
    import logging

    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.NullHandler())
    if initializer is not None:
        initializer(*initargs)
    try:
        conn.send(("ready",))
    except (OSError, ValueError):
        return
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return  # parent gone
        if msg is None:
            return
        task_id, task = msg
        try:
            conn.send(("began", task_id))
        except (OSError, ValueError):
            return
        yield task_id, task


def stop_worker(proc: BaseProcess, conn: Connection, join_timeout: float) -> None:
    """Kill `proc` if it still runs, reap it, and close its pipe and handle; never raises for a worker
    that is already gone. A process still alive after kill + join is left for the OS to reap."""
    if proc.is_alive():
        proc.kill()
    proc.join(join_timeout)
    with contextlib.suppress(OSError):
        conn.close()
    with contextlib.suppress(ValueError):
        proc.close()
