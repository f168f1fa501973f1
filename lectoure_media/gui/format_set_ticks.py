"""The format sets at the top of the export dialog's format list: one tick per set (Library.format_sets()),
and a button that saves the ticked formats as a new team set.

Ticking a set ticks its formats; unticking it unticks them; a format of a ticked set unticked by hand
unticks the set (the other formats stay as they are). The sets live in the team folder (core/format_sets.py),
so a set saved here is offered on every PC of the team.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QPoint, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..core import Library, LibraryError
from .text import fill

log = logging.getLogger(__name__)


class FormatSetTicks(QWidget):
    """Signals: setToggled(preset ids, checked) when a person ticks or unticks a set."""

    setToggled = Signal(object, bool)

    def __init__(
        self, library: Library, checked_presets: Callable[[], Sequence[str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.library = library
        self._checked_presets = checked_presets
        self._syncing = False
        self.boxes: dict[str, QCheckBox] = {}
        self._ids: dict[str, tuple[str, ...]] = {}
        self.warnings: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self._rows = QHBoxLayout()
        self._rows.setSpacing(12)
        layout.addLayout(self._rows)
        # Many team sets scroll in a few lines: the dialog must still fit a 1366×768 screen.
        self._scroll = QScrollArea(self)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setWidgetResizable(True)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._box_area = QWidget(self._scroll)
        self._box_layout = QVBoxLayout(self._box_area)
        self._box_layout.setContentsMargins(0, 0, 0, 0)
        self._box_layout.setSpacing(0)
        self._box_layout.addStretch(1)
        self._scroll.setWidget(self._box_area)
        self._rows.addWidget(self._scroll, 1)
        self.save_button = QPushButton(self.tr("Save as a &set…"), self)
        self.save_button.setToolTip(self.tr("Save the ticked formats as a set shared with the team."))
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save_checked_as_set)
        self._rows.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        self.reload()

    # -- the sets ------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the sets again (a set saved here or on another PC)."""
        checked = self.checked_set()
        for box in self.boxes.values():
            box.setParent(None)
            box.deleteLater()
        self.boxes.clear()
        self._ids.clear()
        try:
            load = self.library.format_sets()
        except Exception:  # noqa: BLE001 -- a broken share must not keep the dialog from opening
            log.exception("format sets could not be read")
            self.warnings = [self.tr("The format sets could not be read; the details are in the log.")]
            return
        self.warnings = list(load.warnings)
        for fset in load.sets:
            box = QCheckBox(fset.name, self._box_area)
            box.setToolTip(", ".join(fset.preset_ids))
            box.toggled.connect(lambda on, name=fset.name: self._on_toggled(name, on))
            box.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            box.customContextMenuRequested.connect(lambda pos, name=fset.name: self._set_menu(name, pos))
            self._box_layout.insertWidget(self._box_layout.count() - 1, box)
            self.boxes[fset.name] = box
            self._ids[fset.name] = tuple(fset.preset_ids)
        # As high as the sets, three lines at most (then it scrolls).
        line = next(iter(self.boxes.values())).sizeHint().height() if self.boxes else 0
        self._scroll.setFixedHeight(line * min(len(self.boxes), 3) + (2 if self.boxes else 0))
        if checked in self.boxes:
            self.check_set(checked, emit=False)

    def set_names(self) -> list[str]:
        return list(self.boxes)

    def preset_ids(self, name: str) -> tuple[str, ...]:
        return self._ids.get(name, ())

    def checked_set(self) -> str:
        """The first ticked set's name, or ""."""
        return next((name for name, box in self.boxes.items() if box.isChecked()), "")

    def check_set(self, name: str, *, emit: bool = True) -> bool:
        """Tick the set `name` (case and accents as typed in the list); False when there is none."""
        box = self.boxes.get(name)
        if box is None:
            return False
        if emit:
            box.setChecked(True)
        else:
            self._syncing = True
            try:
                box.setChecked(True)
            finally:
                self._syncing = False
        return True

    def _on_toggled(self, name: str, checked: bool) -> None:
        if self._syncing:
            return
        self.setToggled.emit(self._ids.get(name, ()), checked)

    @Slot()
    def presets_changed(self) -> None:
        """After a format was ticked or unticked: a set whose formats are no longer all ticked is unticked."""
        ticked = set(self._checked_presets())
        self._syncing = True
        try:
            for name, box in self.boxes.items():
                if box.isChecked() and not set(self._ids[name]) <= ticked:
                    box.setChecked(False)
        finally:
            self._syncing = False

    def _set_menu(self, name: str, pos: QPoint) -> None:
        box = self.boxes.get(name)
        if box is None:
            return
        menu = QMenu(self)
        delete = QAction(self.tr("&Delete this set…"), menu)
        delete.triggered.connect(lambda: self.delete_set(name))
        menu.addAction(delete)
        menu.exec(box.mapToGlobal(pos))

    def delete_set(self, name: str) -> bool:
        """Delete the set for the whole team, after asking; a refusal is shown in French."""
        answer = QMessageBox.question(
            self,
            self.tr("Format sets"),
            fill(self.tr("Delete the set “%1” for the whole team? The formats themselves stay."), name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            self.library.delete_format_set(name)
        except LibraryError as exc:
            QMessageBox.warning(self, self.tr("Format sets"), str(exc))
            return False
        self.reload()
        return True

    # -- saving --------------------------------------------------------------------------------------
    @Slot()
    def save_checked_as_set(self) -> None:
        ids = list(self._checked_presets())
        if not ids:
            QMessageBox.warning(self, self.tr("Format sets"), self.tr("Tick the formats of the set first."))
            return
        name, ok = QInputDialog.getText(
            self,
            self.tr("Format sets"),
            fill(self.tr("Name of the set (%1):"), ", ".join(ids)),
            QLineEdit.EchoMode.Normal,
            self.checked_set(),
        )
        if not ok or not name.strip():
            return
        self.save_set(name, ids)

    def save_set(self, name: str, preset_ids: Sequence[str]) -> bool:
        """Save through the library, then show the set ticked; a refusal is shown in French."""
        try:
            saved = self.library.save_format_set(name, preset_ids)
        except LibraryError as exc:
            QMessageBox.warning(self, self.tr("Format sets"), str(exc))
            return False
        self.reload()
        self.check_set(saved.name, emit=False)
        return True


__all__ = ["FormatSetTicks"]
