"""Picks in the window (issue 12, item 6): stars, rejected and colour labels with Lightroom's keys, undoable,
and the grid's rating filter.

Keys, when the grid has the focus (as in Lightroom's Library module):
  0-5   set the rating (0 = no stars)
  P     "pick" (Lightroom's flag): the app has no separate flag, picks are ratings (issue 12), so P keeps a
        rated asset's stars and gives an unrated or rejected one 1 star
  X     rejected (xmp:Rating -1)
  6-9   colour label red, yellow, green, blue (Lightroom's keys); pressing an asset's own colour removes it
Each keystroke is one undoable step (Ctrl+Z) on the window's QUndoStack.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QComboBox, QMenu, QWidget

from ..core import Library, PickChange
from .commands import tag_lane
from .text import fill

# Lightroom's label keys: 6 red, 7 yellow, 8 green, 9 blue (purple has no key there either).
LABEL_KEYS = {"6": "Red", "7": "Yellow", "8": "Green", "9": "Blue"}


class PickCommandText(QObject):
    """Undo-history labels (QUndoCommand is no QObject; lupdate records plurals only for tr() calls)."""

    def stars(self, n: int, stars: int) -> str:
        return fill(self.tr("Rate %n asset(s): %1 ★", "", n), stars)

    def reject(self, n: int) -> str:
        return self.tr("Reject %n asset(s)", "", n)

    def pick(self, n: int) -> str:
        return self.tr("Pick %n asset(s)", "", n)

    def label(self, n: int) -> str:
        return self.tr("Change the colour label of %n asset(s)", "", n)


class PickText(QObject):
    """How an asset's rating and label read in the interface ("★★★★ · Red label" → French via the .ts)."""

    def describe(self, rating: object, label: object) -> str:
        parts = []
        if rating == -1:
            parts.append(self.tr("Rejected"))
        elif isinstance(rating, int) and rating > 0:
            parts.append("★" * min(rating, 5))
        if isinstance(label, str) and label:
            names = {
                "Red": self.tr("Red label"),
                "Yellow": self.tr("Yellow label"),
                "Green": self.tr("Green label"),
                "Blue": self.tr("Blue label"),
                "Purple": self.tr("Purple label"),
            }
            parts.append(names.get(label, fill(self.tr("Label “%1”"), label)))
        return " · ".join(parts)


class PickCommand(QUndoCommand):
    """One rating / reject / pick / label change on a set of assets: Library.set_picks on redo,
    Library.revert_picks on undo (each asset back to its own previous rating and label, unless it was
    changed again since). A first redo that changes nothing makes the step obsolete (not kept)."""

    def __init__(
        self,
        library: Library,
        ids: Iterable[int],
        *,
        stars: int | None = None,
        reject: bool = False,
        pick: bool = False,
        label: str | None = None,
        on_change: Callable[[list[int]], None] | None = None,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        self.ids = list(dict.fromkeys(int(i) for i in ids))
        self.stars, self.reject, self.pick, self.label = stars, reject, pick, label
        self.on_change, self.on_error = on_change, on_error
        self.change = PickChange()
        self._first = True
        text = PickCommandText()
        n = len(self.ids)
        if reject:
            self.setText(text.reject(n))
        elif pick:
            self.setText(text.pick(n))
        elif stars is not None:
            self.setText(text.stars(n, stars))
        else:
            self.setText(text.label(n))

    # Like TagCommand: on the tag lane (gui/commands.py), in order with the tag edits; on the GUI thread for
    # a small selection, else on the lane's worker (the library lets its lock go every 200 assets).
    def redo(self) -> None:
        first, self._first = self._first, False
        tag_lane().run(len(self.ids), self._apply, lambda change, exc: self._done(exc, first))

    def undo(self) -> None:
        tag_lane().run(
            len(self.change.ids),
            lambda: self.library.revert_picks(self.change),
            lambda ids, exc: self._reverted(exc, ids or []),
        )

    def _apply(self) -> PickChange:
        if self.pick:
            self.change = self.library.set_picks(self.ids, pick=True)
        else:
            self.change = self.library.set_picks(self.ids, stars=self.stars, reject=self.reject, label=self.label)
        return self.change

    def _done(self, exc: Exception | None, first: bool) -> None:
        if exc is not None:  # a Python exception must not cross Qt's virtual call: tell the user
            self.setObsolete(first)
            if self.on_error is not None:
                self.on_error(str(exc))
            return
        if first and not self.change.ids:
            self.setObsolete(True)  # nothing to undo: keep the Edit menu's history meaningful
        self._notify(self.change.ids)

    def _reverted(self, exc: Exception | None, ids: list[int]) -> None:
        if exc is not None and self.on_error is not None:
            self.on_error(str(exc))
        self._notify(ids)

    def _notify(self, ids: list[int]) -> None:
        if ids and self.on_change is not None:
            self.on_change(list(ids))


class PickControls(QObject):
    """The keys and menu entries that rate the grid's selection, and the rating filter of the toolbar.

    `selected` gives the selection's ids; `changed(ids)` is called after each change (repaint, refilter)."""

    def __init__(
        self,
        library: Library,
        undo_stack: QUndoStack,
        grid: QWidget,
        selected: Callable[[], list[int]],
        changed: Callable[[list[int]], None],
        on_error: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library, self.undo_stack, self.grid = library, undo_stack, grid
        self._selected, self._changed, self._on_error = selected, changed, on_error
        self.actions: dict[str, QAction] = {}
        names = {
            "0": self.tr("No stars"),
            "1": self.tr("1 star"),
            "2": self.tr("2 stars"),
            "3": self.tr("3 stars"),
            "4": self.tr("4 stars"),
            "5": self.tr("5 stars"),
            "P": self.tr("Pick (at least 1 star)"),
            "X": self.tr("Rejected"),
            "6": self.tr("Red label"),
            "7": self.tr("Yellow label"),
            "8": self.tr("Green label"),
            "9": self.tr("Blue label"),
        }
        for key, text in names.items():
            act = QAction(text, grid)
            act.setObjectName(f"action-pick-{key}")
            act.setShortcut(QKeySequence(key))
            # The keys act only where a person rates: the grid (typing a 5 in the search field types a 5).
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(lambda _c=False, k=key: self.press(k))
            grid.addAction(act)
            self.actions[key] = act
        self.filter_box = QComboBox()
        self.filter_box.setObjectName("filter-rating")
        self.filter_box.setToolTip(self.tr("Show only the assets with this rating"))
        self.filter_box.addItem(self.tr("Any rating"), None)
        for n in range(1, 6):
            self.filter_box.addItem(fill(self.tr("At least %1 ★"), n), n)
        self.filter_box.addItem(self.tr("Rejected"), -1)

    def fill_menu(self, menu: QMenu) -> None:
        for key in ("0", "1", "2", "3", "4", "5", "P", "X"):
            menu.addAction(self.actions[key])
        menu.addSeparator()
        for key in ("6", "7", "8", "9"):
            menu.addAction(self.actions[key])

    def filter_fields(self) -> dict[str, object]:
        """The Filter fields of the rating filter (merged into the window's Filter)."""
        value = self.filter_box.currentData()
        if value == -1:
            return {"rejected": True}
        if isinstance(value, int):
            return {"stars_min": value}
        return {}

    def press(self, key: str) -> None:
        """What the key `key` does to the current selection (one undoable step)."""
        ids = self._selected()
        if not ids:
            return
        if key == "X":
            cmd = PickCommand(self.library, ids, reject=True, on_change=self._changed, on_error=self._on_error)
        elif key == "P":
            cmd = PickCommand(self.library, ids, pick=True, on_change=self._changed, on_error=self._on_error)
        elif key in LABEL_KEYS:
            colour = LABEL_KEYS[key]
            assets = [self.library.asset(i) for i in ids]
            # The key of a colour every selected asset already has takes it off (Lightroom toggles too).
            same = all(a is not None and a.get("label") == colour for a in assets)
            cmd = PickCommand(
                self.library, ids, label="" if same else colour, on_change=self._changed, on_error=self._on_error
            )
        else:
            cmd = PickCommand(self.library, ids, stars=int(key), on_change=self._changed, on_error=self._on_error)
        self.undo_stack.push(cmd)
