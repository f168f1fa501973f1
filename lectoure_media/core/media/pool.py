"""Worker processes that probe files, so that a hostile file costs one file, never the application.

Why not concurrent.futures.ProcessPoolExecutor: one crashed worker breaks the whole executor
(BrokenProcessPool), and a hung worker cannot be killed alone. Here each worker has its own pipe and at
most one file at a time, so the pool always knows which file a dead or stuck worker was on: that file gets
an error record, the worker is replaced, the others carry on.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

from ..procs import stop_worker, worker_tasks
from . import probe
from .thumbs import ThumbCache

log = logging.getLogger(__name__)

DEFAULT_TIME_BUDGET = 20.0
# Starting a worker imports Pillow and friends; on a loaded 2-core office PC that can take seconds.
STARTUP_TIMEOUT = 60.0
# Workers that die before they are ready, in a row: past this the installation is broken, not a file.
MAX_STARTUP_FAILURES = 3
# A file handed to a worker that died before taking it is handed out again, at most this many times.
MAX_REDELIVERIES = 2
# How often map() looks at the cancel event while it waits for workers.
CANCEL_POLL = 0.05

REASON_CRASH = "le fichier a fait échouer l'analyse"


def timeout_reason(budget: float) -> str:
    return f"l'analyse a dépassé {budget:g} s"


class PoolStartError(RuntimeError):
    """Worker processes cannot start: an installation problem, not a bad file."""


class _Worker:
    __slots__ = ("proc", "conn", "ready", "task_id", "path", "deadline", "abandoned", "began", "started")

    def __init__(self, proc: multiprocessing.process.BaseProcess, conn: Connection) -> None:
        self.proc = proc
        self.conn = conn
        self.ready = False
        self.task_id: int | None = None
        self.path: str | None = None
        self.deadline: float | None = None
        # Task of a map() that was cancelled or abandoned: its result is dropped when it arrives.
        self.abandoned = False
        # The worker acknowledged the current task: from then on, its death is blamed on the file.
        self.began = False
        self.started = time.monotonic()


class ProbePool:
    """Probe files in worker processes with a per-file time budget and memory limit.

    One map() at a time; results come back in completion order. Not thread-safe: use it from one thread
    (the GUI runs it on a worker thread and cancels through the event).
    """

    def __init__(
        self,
        workers: int | None = None,
        time_budget: float = DEFAULT_TIME_BUDGET,
        thumb_dir: str | os.PathLike[str] | None = None,
        thumb_max_bytes: int = 1_000_000_000,
        memory_limit_mb: int | None = 1500,
        *,
        initializer: Callable[..., Any] | None = None,
        initargs: tuple[Any, ...] = (),
    ) -> None:
        """initializer(*initargs) runs in each worker after its set-up (tests use it to install hooks)."""
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.time_budget = float(time_budget)
        self.thumb_dir = os.fspath(thumb_dir) if thumb_dir is not None else None
        self.thumb_max_bytes = thumb_max_bytes
        self.memory_limit_mb = memory_limit_mb
        self._initializer = initializer
        self._initargs = initargs
        # 'spawn' everywhere: the behaviour tested on Linux is the one Windows users get.
        self._ctx = multiprocessing.get_context("spawn")
        self._pool: list[_Worker] = []
        self._task_ids = itertools.count(1)
        self._startup_failures = 0
        self._redeliveries: dict[str, int] = {}
        self._mapping = False
        self._closed = False
        # The parent's view of the cache, only for pruning: workers write the thumbnails.
        self._thumbs = ThumbCache(self.thumb_dir, thumb_max_bytes) if self.thumb_dir else None

    # -- public API -------------------------------------------------------------------------------------

    def map(self, paths: Iterable[str], cancel: threading.Event | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
        """Yield (path, record) for each path as soon as it is probed (any order).

        When `cancel` is set, no new file is handed out and the iteration ends at once; files already in
        a worker finish in the background and their results are dropped.
        """
        if self._closed:
            raise RuntimeError("ProbePool fermé")
        if self._mapping:
            raise RuntimeError("un seul map() à la fois sur un ProbePool")
        return self._map(iter(paths), cancel)

    def close(self) -> None:
        """Stop the workers (politely, then by force); the pool cannot be used afterwards."""
        if self._closed:
            return
        self._closed = True
        for w in self._pool:
            if w.task_id is not None:
                w.proc.kill()  # busy (maybe hung on an abandoned file): no point waiting for it
                continue
            with contextlib.suppress(OSError):
                w.conn.send(None)
        deadline = time.monotonic() + 2.0
        for w in self._pool:
            w.proc.join(max(0.0, deadline - time.monotonic()))
            self._discard(w)
        self._pool.clear()

    def __enter__(self) -> ProbePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def worker_pids(self) -> list[int]:
        return [w.proc.pid for w in self._pool if w.proc.pid is not None]

    # -- the loop -----------------------------------------------------------------------------------------

    def _map(self, it: Iterator[str], cancel: threading.Event | None) -> Iterator[tuple[str, dict[str, Any]]]:
        # Checked again here: two map() generators may be created before either is iterated.
        if self._mapping or self._closed:
            raise RuntimeError("un seul map() à la fois sur un ProbePool")
        self._mapping = True
        requeued: deque[str] = deque()
        exhausted = False
        thumbs_made = 0

        def next_path() -> str | None:
            nonlocal exhausted
            if requeued:
                return requeued.popleft()
            if exhausted:
                return None
            try:
                return os.fspath(next(it))
            except StopIteration:
                exhausted = True
                return None

        try:
            while True:
                if cancel is not None and cancel.is_set():
                    return
                # Hand out files to idle workers, starting workers (lazily) up to the limit.
                while True:
                    worker = self._idle_worker()
                    if worker is None and len(self._pool) >= self.workers:
                        break
                    path = next_path()
                    if path is None:
                        break
                    if worker is None:
                        worker = self._spawn()
                    if not self._assign(worker, path):
                        requeued.appendleft(path)  # that worker was dead: the file goes to another

                mine = [w for w in self._pool if w.task_id is not None and not w.abandoned]
                if not mine and exhausted and not requeued:
                    return

                results = self._wait_once(cancel, requeued)
                for path, record in results:
                    if cancel is not None and cancel.is_set():
                        return
                    if record.get("thumb"):
                        thumbs_made += 1
                    yield path, record
        finally:
            for w in self._pool:
                if w.task_id is not None:
                    w.abandoned = True
            self._mapping = False
            if self._thumbs is not None and thumbs_made:
                try:
                    self._thumbs.prune_if_needed(thumbs_made)
                except OSError:
                    log.warning("nettoyage du cache de vignettes impossible", exc_info=True)

    def _idle_worker(self) -> _Worker | None:
        for w in list(self._pool):
            if w.task_id is None:
                if w.proc.exitcode is not None:
                    # Died while idle (killed from outside): handing it a file would blame that file.
                    self._pool.remove(w)
                    self._discard(w)
                    continue
                return w
        return None

    def _spawn(self) -> _Worker:
        parent_conn, child_conn = self._ctx.Pipe(duplex=True)
        proc = self._ctx.Process(
            target=_worker_main,
            args=(
                child_conn,
                self.thumb_dir,
                self.thumb_max_bytes,
                self.memory_limit_mb,
                self._initializer,
                self._initargs,
            ),
            name="lectoure-probe",
            daemon=True,  # never outlive the application, even if close() is not reached
        )
        proc.start()
        child_conn.close()
        worker = _Worker(proc, parent_conn)
        self._pool.append(worker)
        return worker

    def _assign(self, w: _Worker, path: str) -> bool:
        """Hand `path` to `w`; False (and `w` discarded) if the worker turned out to be dead."""
        task_id = next(self._task_ids)
        try:
            w.conn.send((task_id, path))
        except OSError:
            self._pool.remove(w)
            self._discard(w)
            return False
        w.task_id = task_id
        w.path = path
        w.abandoned = False
        w.began = False
        # The budget starts when the worker can start the file, not while it is still importing.
        w.deadline = time.monotonic() + self.time_budget if w.ready else None
        return True

    def _wait_once(self, cancel: threading.Event | None, requeued: deque[str]) -> list[tuple[str, dict[str, Any]]]:
        now = time.monotonic()
        timeouts = []
        for w in self._pool:
            if not w.ready:
                timeouts.append(w.started + STARTUP_TIMEOUT - now)
            elif w.deadline is not None:
                timeouts.append(w.deadline - now)
        timeout = max(0.0, min(timeouts)) if timeouts else None
        if cancel is not None:
            timeout = CANCEL_POLL if timeout is None else min(timeout, CANCEL_POLL)
        handles: list[Any] = []
        for w in self._pool:
            handles.append(w.conn)
            handles.append(w.proc.sentinel)
        if handles:
            wait(handles, timeout)

        out: list[tuple[str, dict[str, Any]]] = []
        for w in list(self._pool):
            self._drain(w, out)
            if w.proc.exitcode is not None:
                self._drain(w, out)  # a last result written just before the exit
                self._on_death(w, out, requeued)
        now = time.monotonic()
        for w in list(self._pool):
            if w not in self._pool:
                continue
            if not w.ready and now - w.started > STARTUP_TIMEOUT:
                log.error("un processus d'analyse n'a pas démarré en %s s", STARTUP_TIMEOUT)
                w.proc.kill()
                w.proc.join(1.0)
                self._on_death(w, out, requeued)
            elif w.deadline is not None and now >= w.deadline and not _has_data(w.conn):
                self._on_timeout(w, out)
        return out

    def _drain(self, w: _Worker, out: list[tuple[str, dict[str, Any]]]) -> None:
        while _has_data(w.conn):
            try:
                msg = w.conn.recv()
            except (EOFError, OSError):
                return
            if msg == ("ready",):
                w.ready = True
                self._startup_failures = 0
                if w.task_id is not None:
                    w.deadline = time.monotonic() + self.time_budget
                continue
            if msg[0] == "began":
                w.began = msg[1] == w.task_id
                continue
            task_id, record = msg
            if task_id != w.task_id:
                continue  # stale: belongs to a task already given up on
            path, abandoned = w.path, w.abandoned
            w.task_id = w.path = w.deadline = None
            w.abandoned = w.began = False
            if not abandoned and path is not None:
                out.append((path, record))

    def _on_death(self, w: _Worker, out: list[tuple[str, dict[str, Any]]], requeued: deque[str]) -> None:
        self._pool.remove(w)
        path, abandoned, was_ready, began, exitcode = w.path, w.abandoned, w.ready, w.began, w.proc.exitcode
        self._discard(w)
        if not was_ready:
            # Died while starting: not the file's fault (it was not even opened yet).
            self._startup_failures += 1
            if path is not None and not abandoned:
                requeued.append(path)
            if self._startup_failures >= MAX_STARTUP_FAILURES:
                raise PoolStartError("les processus d'analyse ne démarrent pas (installation endommagée ?)")
            return
        if path is None or abandoned:
            return
        if not began:
            # Killed from outside before it even took the file (it was sent to an already dying
            # process): not the file's fault. Bounded, so a file cannot bounce around forever.
            self._redeliveries[path] = self._redeliveries.get(path, 0) + 1
            if self._redeliveries[path] <= MAX_REDELIVERIES:
                requeued.append(path)
                return
        log.warning("le processus d'analyse est mort sur %s (code %s)", path, exitcode)
        out.append((path, probe.error_record(path, REASON_CRASH, read_file=False) | _stat(path)))

    def _on_timeout(self, w: _Worker, out: list[tuple[str, dict[str, Any]]]) -> None:
        self._pool.remove(w)
        w.proc.kill()
        w.proc.join(2.0)
        path, abandoned = w.path, w.abandoned
        self._discard(w)
        if path is not None and not abandoned:
            log.warning("analyse de %s arrêtée après %g s", path, self.time_budget)
            out.append((path, probe.error_record(path, timeout_reason(self.time_budget)) | _stat(path)))

    @staticmethod
    def _discard(w: _Worker) -> None:
        stop_worker(w.proc, w.conn, 2.0)


def _has_data(conn: Connection) -> bool:
    try:
        return conn.poll()
    except (EOFError, OSError):
        return False


def _stat(path: str) -> dict[str, Any]:
    """Size and mtime of a file whose worker died: without content reads, which may be what hung."""
    try:
        st = os.stat(path)
    except OSError:
        return {}
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


# -- inside the worker process ------------------------------------------------------------------------------


def _limit_memory(limit_mb: int | None) -> None:
    if not limit_mb:
        return
    try:
        import resource
    except ImportError:  # Windows: no RLIMIT_AS; the time budget and Pillow's limits still apply
        return
    limit = limit_mb * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        import ctypes

        # glibc reserves 64 MB of address space per thread arena; decoder threads would eat the limit
        # with reservations they never use. Two arenas are plenty for one file at a time.
        ctypes.CDLL("libc.so.6").mallopt(-8, 2)  # M_ARENA_MAX
    except (OSError, AttributeError):
        pass


def _worker_main(
    conn: Connection,
    thumb_dir: str | None,
    thumb_max_bytes: int,
    memory_limit_mb: int | None,
    initializer: Callable[..., Any] | None,
    initargs: tuple[Any, ...],
) -> None:
    _limit_memory(memory_limit_mb)
    thumbs = ThumbCache(thumb_dir, thumb_max_bytes) if thumb_dir else None
    # "began" goes out before any byte of the file is read: a death before it is not the file's.
    for task_id, path in worker_tasks(conn, initializer, initargs):
        try:
            # Looked up on the module each time, so a test initializer can wrap it.
            record = probe.probe_file(path, thumbs)
        except BaseException as exc:  # noqa: BLE001 -- probe_file does not raise; this is a last resort
            log.error("erreur inattendue pendant l'analyse de %s", path, exc_info=True)
            record = probe.error_record(
                path, f"le fichier n'a pas pu être analysé (erreur interne {type(exc).__name__})"
            )
        try:
            conn.send((task_id, record))
        except (OSError, ValueError):
            return
