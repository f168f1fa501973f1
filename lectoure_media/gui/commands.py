"""Undoable edits of the catalog (QUndoCommand), pushed on the main window's QUndoStack."""
from __future__ import annotations

import logging
from typing import Callable, Iterable

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand

from ..core.library import Library
from ..core.model import FACETS, clean_name, fold, unique_names

log = logging.getLogger(__name__)

OnChange = Callable[[list[int]], None]
OnError = Callable[[str], None]


class TagCommandText(QObject):
    """The undo-history label of a TagCommand. QUndoCommand is no QObject, and lupdate records plural forms
    only for tr() calls, so the label is built by this small QObject."""

    def describe(self, n: int, add_names: list[str], remove_names: list[str]) -> str:
        if add_names and not remove_names:
            return self.tr("Tag %n asset(s) with “%1”", "", n).replace("%1", ", ".join(add_names))
        if remove_names and not add_names:
            return self.tr("Remove “%1” from %n asset(s)", "", n).replace("%1", ", ".join(remove_names))
        return self.tr("Change the tags of %n asset(s)", "", n)


class TagCommand(QUndoCommand):
    """Add and/or remove names of one facet on a set of assets.

    Undo restores each asset's own previous state: the command records, per asset, the names it really
    added (absent before) and really removed (present before), so undoing an "add" leaves the tag on an asset
    that already carried it. The record is taken again at every redo, since the catalog may have changed in
    between (a sidecar edited on another PC).

    A name that was in no registry is created by the step (a new business typed in the inspector); undo
    deletes that entry again, unless assets carry it by then or its details were edited since (the person's
    typing is never thrown away), and redo creates it again with its category.

    Names are checked when the command is built (clean_name raises InvalidName with a French sentence), so a
    typing mistake is reported before anything is pushed. A failure while applying is logged, undone for the
    assets already changed, and reported through `on_error`; a first redo that fails or changes nothing
    makes the command obsolete, so QUndoStack.push() drops it instead of keeping an empty step.
    """

    def __init__(self, library: Library, ids: Iterable[int], facet: str, add_names: Iterable[str],
                 remove_names: Iterable[str], on_change: OnChange | None = None, *,
                 categories: dict[str, str] | None = None, on_error: OnError | None = None,
                 parent: QUndoCommand | None = None) -> None:
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
        self.categories = dict(categories or {})
        self.on_change = on_change
        self.on_error = on_error
        self.added: dict[int, list[str]] = {}  # asset id -> names this command put on it
        self.removed: dict[int, list[str]] = {}  # asset id -> names (as spelled on the asset) it took off
        self.created: dict[str, object] = {}  # name -> registry record as this step created it
        self.error: str | None = None
        self._applied_once = False
        self.setText(self._describe())

    def _describe(self) -> str:
        return TagCommandText().describe(len(self.ids), self.add_names, self.remove_names)

    # -- QUndoCommand --------------------------------------------------------------------------------
    def redo(self) -> None:
        first = not self._applied_once
        self._applied_once = True
        try:
            changed = self._apply()
        except Exception as exc:  # a Python exception must not cross Qt's virtual call; tell the user
            log.exception("tagging failed")
            self._fail(str(exc) or exc.__class__.__name__, obsolete=first)
            return
        if first and not changed:
            self.setObsolete(True)  # nothing to undo: keep the Edit menu's history meaningful
        self._notify(changed)

    def undo(self) -> None:
        try:
            changed = self._revert(self.ids)
            self._forget_created()
        except Exception as exc:
            log.exception("undoing a tag change failed")
            self._fail(str(exc) or exc.__class__.__name__, obsolete=False)
            return
        self._notify(changed)

    # -- work ----------------------------------------------------------------------------------------
    def _apply(self) -> list[int]:
        """Record what each asset is missing / carries, then change the assets in as few library.tag
        calls as there are distinct deltas (a 500-asset selection usually needs one or two)."""
        facet = self.facet
        taxonomy = self.library.taxonomy
        wanted = [taxonomy.canonical(facet, n) or n for n in self.add_names]
        new_names = [n for n in self.add_names if taxonomy.get(facet, n) is None]
        self.added, self.removed, self.created = {}, {}, {}
        groups: dict[tuple[tuple[str, ...], tuple[str, ...]], list[int]] = {}
        for asset_id in self.ids:
            asset = self.library.asset(asset_id)
            if asset is None:  # deleted from the catalog since the selection was made
                continue
            have = {fold(n): n for n in asset["tags"][facet]}
            added = tuple(n for n in wanted if fold(n) not in have)
            removed = tuple(have[fold(n)] for n in self.remove_names if fold(n) in have)
            if added or removed:
                groups.setdefault((added, removed), []).append(asset_id)
        done: list[tuple[tuple[str, ...], tuple[str, ...], list[int]]] = []
        try:
            for (added, removed), ids in groups.items():
                self._tag(ids, add=list(added), remove=list(removed), categories=self.categories)
                done.append((added, removed, ids))
        except Exception:
            for added, removed, ids in reversed(done):  # all or nothing: the step is not on the stack
                try:
                    self._tag(ids, add=list(removed), remove=list(added))
                except Exception:
                    log.exception("could not roll back a partial tag change")
            if done:
                self._notify([i for _, _, ids in done for i in ids])
            raise
        for name in new_names:
            record = taxonomy.get(facet, name)
            if record is not None:
                self.created[name] = record
        changed: list[int] = []
        for added, removed, ids in done:
            for asset_id in ids:
                if added:
                    self.added[asset_id] = list(added)
                if removed:
                    self.removed[asset_id] = list(removed)
                changed.append(asset_id)
        return changed

    def _revert(self, ids: list[int]) -> list[int]:
        groups: dict[tuple[tuple[str, ...], tuple[str, ...]], list[int]] = {}
        for asset_id in ids:
            added = tuple(self.added.get(asset_id, ()))
            removed = tuple(self.removed.get(asset_id, ()))
            if (added or removed) and self.library.asset(asset_id) is not None:
                groups.setdefault((added, removed), []).append(asset_id)
        changed: list[int] = []
        for (added, removed), group in groups.items():
            self._tag(group, add=list(removed), remove=list(added))
            changed.extend(group)
        return changed

    def _forget_created(self) -> None:
        """Delete the registry entries this step created, if they are still exactly as it left them."""
        taxonomy = self.library.taxonomy
        for name, record in self.created.items():
            if self.library.usage_count(self.facet, name) == 0 and taxonomy.get(self.facet, name) == record:
                self.library.delete_entry(self.facet, name)

    def _tag(self, ids: list[int], *, add: list[str], remove: list[str],
             categories: dict[str, str] | None = None) -> None:
        paths = []
        for asset_id in ids:
            asset = self.library.asset(asset_id)
            if asset is not None:  # the path is read again: the file may have moved since the last step
                paths.append(asset["path"])
        if not paths:
            return
        self.library.tag(paths, add={self.facet: add} if add else None,
                         remove={self.facet: remove} if remove else None,
                         categories={k: v for k, v in (categories or {}).items() if v} or None)

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
