"""The active filters above the grid, one chip each with a × to remove it, and "Clear all".

A list filter chosen in the left panel (a business, a site…) used to be visible only there, and clearable
only by Ctrl+click. The main window lists its active filters as (key, label) pairs after every change; a
click on a chip's × emits removeRequested(key) and the window clears that filter."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from .inspector import FlowLayout
from .text import fill

MAX_CHIP_TEXT = 260  # pixels: a long business name is elided (full text in the tooltip)


class FilterChip(QFrame):
    removeRequested = Signal(str)

    def __init__(self, key: str, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName("filter-chip")
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 1, 2, 1)
        layout.setSpacing(2)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setText(self.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight, MAX_CHIP_TEXT))
        self.setToolTip(label)
        layout.addWidget(self.label)
        self.remove_button = QToolButton(self)
        self.remove_button.setObjectName("filter-chip-remove")
        self.remove_button.setText("×")
        self.remove_button.setAutoRaise(True)
        self.remove_button.setToolTip(fill(self.tr("Remove the filter “%1”"), label))
        self.remove_button.setAccessibleName(self.remove_button.toolTip())
        self.remove_button.clicked.connect(lambda: self.removeRequested.emit(self.key))
        layout.addWidget(self.remove_button)


class FilterChipsBar(QWidget):
    """Hidden when no filter is active."""

    removeRequested = Signal(str)
    clearAllRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filter-chips")
        outer = QHBoxLayout(self)
        outer.setContentsMargins(8, 4, 8, 4)
        self.caption = QLabel(self.tr("Filters:"), self)
        outer.addWidget(self.caption, 0, Qt.AlignmentFlag.AlignTop)
        holder = QWidget(self)
        self.holder = holder
        self.flow = FlowLayout(holder, spacing=6)
        outer.addWidget(holder, 1)
        self.clear_button = QToolButton(self)
        self.clear_button.setObjectName("filter-chips-clear")
        self.clear_button.setText(self.tr("Clear all"))
        self.clear_button.setToolTip(self.tr("Show every photo and video again"))
        self.clear_button.clicked.connect(self.clearAllRequested.emit)
        outer.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignTop)
        self.chips: list[FilterChip] = []
        self._shown: list[tuple[str, str]] = []
        self.hide()

    def set_filters(self, filters: list[tuple[str, str]]) -> None:
        """(key, label) of each active filter, in display order."""
        if filters == self._shown:
            return
        self._shown = list(filters)
        self.flow.clear()
        self.chips = []
        for key, label in filters:
            chip = FilterChip(key, label, self.holder)
            chip.removeRequested.connect(self.removeRequested.emit)
            self.flow.addWidget(chip)
            self.chips.append(chip)
        self.clear_button.setVisible(len(filters) > 1)
        self.setVisible(bool(filters))
        self.holder.updateGeometry()

    def active_keys(self) -> list[str]:
        return [key for key, _label in self._shown]
