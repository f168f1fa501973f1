"""What the centre of the window says when the grid has nothing to show, and what to do next: no folder
chosen yet (choose it, or try the demo), filters that hide everything (clear them), an empty folder."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QWidget):
    chooseFolder = Signal()
    openDemo = Signal()
    clearFilters = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("empty-state")
        self.kind = ""
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        self.title = QLabel(self)
        self.title.setObjectName("empty-state-title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.title.setWordWrap(True)
        outer.addWidget(self.title)
        self.text = QLabel(self)
        self.text.setObjectName("empty-state-text")
        self.text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.text.setWordWrap(True)
        outer.addWidget(self.text)
        row = QHBoxLayout()
        row.addStretch(1)
        self.choose_button = QPushButton(self.tr("Choose the folder…"), self)
        self.choose_button.setDefault(True)
        self.choose_button.clicked.connect(self.chooseFolder.emit)
        row.addWidget(self.choose_button)
        self.demo_button = QPushButton(self.tr("Open the demo library"), self)
        self.demo_button.clicked.connect(self.openDemo.emit)
        row.addWidget(self.demo_button)
        self.clear_button = QPushButton(self.tr("Clear the filters"), self)
        self.clear_button.setDefault(True)
        self.clear_button.clicked.connect(self.clearFilters.emit)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(3)

    def show_state(self, kind: str) -> None:
        """ "no-folder", "no-result" (filters hide everything) or "empty-folder"."""
        self.kind = kind
        texts = {
            "no-folder": (
                self.tr("No folder chosen yet"),
                self.tr(
                    "Choose the shared folder where the town's photos and videos are kept (Ctrl+O), "
                    "or try the demo library."
                ),
            ),
            "no-result": (
                self.tr("No photo or video matches these filters"),
                self.tr("Remove a filter with its ×, or clear them all."),
            ),
            "empty-folder": (
                self.tr("No photos or videos in this folder yet"),
                self.tr("Copy photos or videos into the folder: they appear here by themselves."),
            ),
        }
        title, text = texts[kind]
        self.title.setText(title)
        self.text.setText(text)
        self.choose_button.setVisible(kind == "no-folder")
        self.demo_button.setVisible(kind == "no-folder")
        self.clear_button.setVisible(kind == "no-result")
