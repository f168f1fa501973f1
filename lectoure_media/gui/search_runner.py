"""The search box's queries, run on a worker thread: the GUI thread only swaps the grid's rows.

Each keystroke (after the window's 150 ms pause) asks for a query; a newer one cancels the one running, so
a fast typist never waits for the words they already typed past. The result comes back as a queued signal
with the request's number: one overtaken by a later request (or by a filter applied directly, which bumps
the number through `invalidate`) is dropped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from ..core import Filter, Library


class SearchRunner(QObject):
    """`request(flt, sort)` → later `ready(number, flt, ids)` on the GUI thread, for the latest request only."""

    ready = Signal(int, object, object, object)
    failed = Signal(str)

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.number = 0
        self._cancel: threading.Event | None = None
        self._threads: list[threading.Thread] = []
        self.ready.connect(self._deliver)
        self._on_result: Callable[[Filter, list[int], dict[int, int]], None] | None = None

    def on_result(self, callback: Callable[[Filter, list[int], dict[int, int]], None]) -> None:
        self._on_result = callback

    def invalidate(self) -> None:
        """A filter was applied another way: whatever is running is out of date."""
        self.number += 1
        if self._cancel is not None:
            self._cancel.set()

    def request(self, flt: Filter, sort: str) -> int:
        self.invalidate()
        number, cancel = self.number, threading.Event()
        self._cancel = cancel
        self._threads = [t for t in self._threads if t.is_alive()]
        thread = threading.Thread(target=self._run, args=(number, flt, sort, cancel), name="search", daemon=True)
        self._threads.append(thread)
        thread.start()
        return number

    @property
    def busy(self) -> bool:
        return any(t.is_alive() for t in self._threads)

    def wait(self, timeout: float = 10.0) -> bool:
        """Wait for the worker threads (tests, closing): True when none is left."""
        for thread in list(self._threads):
            thread.join(timeout)
        return not self.busy

    def _run(self, number: int, flt: Filter, sort: str, cancel: threading.Event) -> None:
        try:
            ids = self.library.live_search.query_ids(flt, cancel)
            if ids is None or cancel.is_set():
                return
            if sort == "name":
                ids = self.library.sort_by_name(ids)
            elif sort == "added":
                ids = self.library.news.sort_by_added(ids)
        except Exception as exc:  # noqa: BLE001 -- a worker thread: the window says it instead of a silent stop
            self.failed.emit(str(exc))
            return
        rows = {asset_id: row for row, asset_id in enumerate(ids)}  # built here, not on the GUI thread
        if not cancel.is_set():
            self.ready.emit(number, flt, ids, rows)  # queued: delivered on the GUI thread

    def _deliver(self, number: int, flt: Filter, ids: list[int], rows: dict[int, int]) -> None:
        if number == self.number and self._on_result is not None:
            self._on_result(flt, ids, rows)
