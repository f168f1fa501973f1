"""The status bar's "3 nouveaux médias": media added since the officer last looked (core/news.py).

A checkable button: checked, the grid shows only those media (and the moment of this look is saved as this
PC's "last looked", so the count falls to zero while the list stays on screen); unchecked, the grid shows
everything again. Hidden while there is nothing new and the list is not shown.
"""

from __future__ import annotations

from PySide6.QtWidgets import QToolButton, QWidget

from ..core import Library


class NewsNotice(QToolButton):
    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.setObjectName("news-notice")
        self.setCheckable(True)
        self.setAutoRaise(True)
        self.setToolTip(self.tr("Show only the media added since you last looked"))
        self.since: str | None = None  # the "last looked" the shown list is measured from, while checked
        self.count = 0
        self.toggled.connect(self._on_toggled)
        self.refresh()

    def refresh(self) -> None:
        self.count = self.library.news.count()
        if self.isChecked():
            self.setText(self.tr("New media (click to show all)"))
        else:
            self.setText(self.tr("%n new asset(s)", "", self.count))
        self.setVisible(self.isChecked() or self.count > 0)

    def _on_toggled(self, on: bool) -> None:
        if on:
            self.since = self.library.news.seen_at()
            self.library.news.mark_seen()
        else:
            self.since = None
        self.refresh()
