"""Slow work (scan, export) off the GUI thread, as cancellable tasks with progress and finished signals."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class Task(QObject):
    """Runs fn(progress=..., cancel=...) on the global thread pool.

    Signals arrive on the GUI thread (queued): progress(done, total, label), finished(result),
    failed(message). `cancel()` sets the event the function watches."""

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, fn: Callable[..., Any], *, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self.cancel_event = threading.Event()
        self.done = threading.Event()

    def start(self) -> None:
        QThreadPool.globalInstance().start(_Runner(self))

    def cancel(self) -> None:
        self.cancel_event.set()

    def _emit(self, signal: Any, *args: Any) -> None:
        """Emit from the worker thread, unless the window that owned this task was closed meanwhile: its Qt
        object is then gone and the result is for nobody (emitting would raise in the worker)."""
        if not shiboken6.isValid(self):
            return
        try:
            signal.emit(*args)
        except RuntimeError:  # deleted between the check and the emit
            if shiboken6.isValid(self):
                raise
            log.debug("task result dropped: its window was closed")

    def _report(self, done: int, total: int, label: str) -> None:
        self._emit(self.progress, int(done), int(total), str(label))

    def _run(self) -> None:
        try:
            result = self._fn(progress=self._report, cancel=self.cancel_event)
        except Exception as exc:  # shown to the user as one sentence; details in the log
            log.exception("task failed")
            self._emit(self.failed, str(exc) or exc.__class__.__name__)
        else:
            self._emit(self.finished, result)
        finally:
            self.done.set()


class _Runner(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task

    def run(self) -> None:
        self.task._run()  # noqa: SLF001 -- the runner is Task's own helper, in the same module
