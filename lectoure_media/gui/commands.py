"""Undoable edits of the catalog (QUndoCommand), pushed on the main window's QUndoStack."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QUndoCommand

from ..core import FACETS, Library, TagChange, clean_name, fold, unique_names
from .text import fill

log = logging.getLogger(__name__)

OnChange = Callable[[list[int]], None]
OnError = Callable[[str], None]


# Selections up to this size are tagged on the GUI thread (a few milliseconds); larger ones on the tag lane's
# worker (10,000 assets take seconds on a slow PC: the window must keep painting meanwhile).
SYNC_LIMIT = 100


class TagLane(QObject):
    """The one lane every tag edit runs in, in order: on the GUI thread when the lane is idle and the
    selection small, else on one worker thread (an undo queued behind its redo waits for it). `on_done`
    is called on the GUI thread with (result, exception)."""

    _finished = Signal(object, object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tagging")
        self._queued = 0
        self._finished.connect(self._deliver)

    def busy(self) -> bool:
        return self._queued > 0

    def run(self, size: int, work: Callable[[], Any], on_done: Callable[[Any, Exception | None], None]) -> None:
        if not self._queued and size <= SYNC_LIMIT:
            on_done(*_call(work))
            return
        self._queued += 1
        self._executor.submit(lambda: self._finished.emit(on_done, *_call(work)))

    @Slot(object, object, object)
    def _deliver(self, on_done, result, error) -> None:
        self._queued -= 1
        on_done(result, error)

    def wait(self) -> None:
        """Block until the queued edits are done (their results are delivered by the event loop)."""
        self._executor.submit(lambda: None).result()


def _call(work: Callable[[], Any]) -> tuple[Any, Exception | None]:
    try:
        return work(), None
    except Exception as exc:  # reported on the GUI thread as one sentence
        log.exception("tagging failed")
        return None, exc


_lane: TagLane | None = None


def tag_lane() -> TagLane:
    global _lane
    if _lane is None:
        _lane = TagLane()
    return _lane


def wait_for_tag_edits() -> None:
    """At exit, before the library closes: let the edits still running finish."""
    if _lane is not None:
        _lane.wait()


class TagCommandText(QObject):
    """The undo-history label of a TagCommand. QUndoCommand is no QObject, and lupdate records plural forms
    only for tr() calls, so the label is built by this small QObject."""

    def describe(self, n: int, add_names: list[str], remove_names: list[str]) -> str:
        if add_names and not remove_names:
            return fill(self.tr("Tag %n asset(s) with “%1”", "", n), ", ".join(add_names))
        if remove_names and not add_names:
            return fill(self.tr("Remove “%1” from %n asset(s)", "", n), ", ".join(remove_names))
        return self.tr("Change the tags of %n asset(s)", "", n)


class TagCommand(QUndoCommand):
    """Add and/or remove names of one facet on a set of assets: a thin redo/undo around
    Library.apply_tags / Library.revert.

    Undo restores each asset's own previous state (the TagChange records, per asset, the names really added
    and really removed); redo records again, since the catalog may have changed in between (a sidecar edited
    on another PC). A name that was in no registry is created by the step and deleted again by undo, unless
    assets carry it by then or its details were edited since; redo creates it again with its category.

    Names are checked when the command is built (clean_name raises InvalidName with a French sentence), so a
    typing mistake is reported before anything is pushed. A failure while applying changes nothing (the
    Library reverts) and is reported through `on_error`; a first redo that fails or changes nothing makes the
    command obsolete, so QUndoStack.push() drops it instead of keeping an empty step.
    """

    def __init__(
        self,
        library: Library,
        ids: Iterable[int],
        facet: str,
        add_names: Iterable[str],
        remove_names: Iterable[str],
        on_change: OnChange | None = None,
        *,
        categories: dict[str, str] | None = None,
        on_error: OnError | None = None,
        parent: QUndoCommand | None = None,
    ) -> None:
        super().__init__(parent)
        if facet not in FACETS:
            raise ValueError(f"unknown facet {facet!r}")
        self.library = library
        self.ids: list[int] = list(dict.fromkeys(int(i) for i in ids))
        self.facet = facet
        self.add_names = unique_names(clean_name(n) for n in add_names)
        self.remove_names = unique_names(clean_name(n) for n in remove_names)
        overlap = {fold(n) for n in self.add_names} & {fold(n) for n in self.remove_names}
        if overlap:
            raise ValueError(f"names both added and removed: {sorted(overlap)}")
        self.categories = {k: v for k, v in (categories or {}).items() if v} or None
        self.on_change = on_change
        self.on_error = on_error
        self.change = TagChange()
        self.error: str | None = None
        self._applied_once = False
        self.setText(TagCommandText().describe(len(self.ids), self.add_names, self.remove_names))

    @property
    def added(self) -> dict[int, list[str]]:
        """Asset id -> names this command put on it."""
        return {i: d[self.facet] for i, d in self.change.added.items() if d.get(self.facet)}

    @property
    def removed(self) -> dict[int, list[str]]:
        """Asset id -> names (as spelled on the asset) this command took off."""
        return {i: d[self.facet] for i, d in self.change.removed.items() if d.get(self.facet)}

    def redo(self) -> None:
        first, self._applied_once = not self._applied_once, True
        tag_lane().run(
            len(self.ids), self._apply, lambda change, exc: self._done(exc, change.ids if change else [], first)
        )

    def undo(self) -> None:
        tag_lane().run(
            len(self.change.ids),
            lambda: self.library.revert(self.change),
            lambda ids, exc: self._done(exc, ids or [], False),
        )

    # The work runs on the lane (GUI thread or worker); `change` is set there, so an undo queued right
    # behind its redo reverts what that redo did.
    def _apply(self) -> TagChange:
        self.change = self.library.apply_tags(
            self.ids,
            add={self.facet: self.add_names} if self.add_names else None,
            remove={self.facet: self.remove_names} if self.remove_names else None,
            categories=self.categories,
        )
        return self.change

    def _done(self, exc: Exception | None, changed: list[int], first: bool) -> None:
        if exc is not None:  # a Python exception must not cross Qt's virtual call; tell the user
            self._fail(str(exc) or exc.__class__.__name__, obsolete=first)
            return
        if first and not changed:
            self.setObsolete(True)  # nothing to undo: keep the Edit menu's history meaningful
        self._notify(changed)

    def _notify(self, changed: list[int]) -> None:
        if changed and self.on_change is not None:
            try:
                self.on_change(list(changed))
            except Exception:
                log.exception("tag change listener failed")

    def _fail(self, message: str, *, obsolete: bool) -> None:
        self.error = message
        if obsolete:
            self.setObsolete(True)
        if self.on_error is not None:
            try:
                self.on_error(message)
            except Exception:
                log.exception("tag error listener failed")
