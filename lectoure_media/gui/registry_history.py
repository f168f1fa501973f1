"""The "earlier versions / conflicts" area of the registries editor (issue 10): the versions of an entry
that were overwritten in the team folder (by this PC, another PC, or two PCs at the same moment), the
fields in which each differs from the current one, and a way to bring one back into the form (saved like
any edit: Ctrl+S, or discarded)."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .text import fill

RecordRole = Qt.ItemDataRole.UserRole + 1


def merge_edit(base: Any | None, edited: Any, current: Any | None) -> Any:
    """`edited` (a form built from `base`) with the fields the person left as they were taken from
    `current` (the entry as the library has it now, maybe changed by another PC meanwhile)."""
    if base is None or current is None or base == current or type(base) is not type(edited):
        return edited
    changes = {}
    for f in dataclasses.fields(edited):
        if f.name != "name" and getattr(edited, f.name) == getattr(base, f.name):
            changes[f.name] = getattr(current, f.name)
    return dataclasses.replace(edited, **changes)


class HistoryPanel(QGroupBox):
    """Lists `Library.entry_history()` lines; `restoreRequested(record)` when the person picks one."""

    restoreRequested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history")
        self.writable = True  # False for a read-only library: versions can be read, not restored
        self.setTitle(self.tr("Earlier versions and conflicts"))
        self.list = QListWidget(self)
        self.list.setObjectName("history-list")
        self.list.setMaximumHeight(96)  # the form above must still fit a 1366×768 screen
        self.list.itemActivated.connect(lambda _item: self.restore())
        self.list.currentItemChanged.connect(lambda *_a: self._update())
        self.restore_button = QPushButton(self.tr("&Restore this version"), self)
        self.restore_button.setObjectName("button-restore")
        self.restore_button.setToolTip(
            self.tr("Put this version's details back in the form; save them (Ctrl+S) to keep them.")
        )
        self.restore_button.setAutoDefault(False)
        self.restore_button.clicked.connect(self.restore)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.summary = QLabel(self)
        self.summary.setObjectName("history-summary")
        self.summary.setWordWrap(True)
        row.addWidget(self.summary, 1)
        row.addWidget(self.restore_button)
        layout.addLayout(row)
        self.show_history([], None)

    def _labels(self) -> dict[str, str]:
        return {
            "name": self.tr("name"),
            "category": self.tr("category"),
            "address": self.tr("address"),
            "town_centre": self.tr("town centre"),
            "facebook": "Facebook",
            "instagram": "Instagram",
            "tiktok": "TikTok",
            "siret": "SIRET",
            "closed": self.tr("closed"),
            "lat": self.tr("Latitude"),
            "lon": self.tr("Longitude"),
            "radius_m": self.tr("radius"),
            "reference": self.tr("reference"),
            "approximate": self.tr("approximate position"),
            "start": self.tr("start"),
            "end": self.tr("end"),
            "hashtags": self.tr("hashtags"),
            "credit": self.tr("credit"),
            "notes": self.tr("notes"),
        }

    def _value(self, value: Any) -> str:
        if isinstance(value, bool):
            return self.tr("yes") if value else self.tr("no")
        if isinstance(value, list):
            return " ".join(map(str, value))
        return "" if value is None else str(value)

    def differences(self, old: Any, current: Any | None) -> list[str]:
        """ "field: old value" for each field in which `old` differs from `current`."""
        labels = self._labels()
        now = dataclasses.asdict(current) if current is not None else {}
        out = []
        for key, value in dataclasses.asdict(old).items():
            if current is None or now.get(key) != value:
                out.append(fill(self.tr("%1: “%2”"), labels.get(key, key), self._value(value)))
        return out

    def show_history(self, lines: list[dict[str, Any]], current: Any | None) -> None:
        """The versions of the entry shown in the form (`current`), newest first."""
        self.list.clear()
        for line in lines:
            record = line.get("record")
            if record is None:  # a tombstone (deleted, renamed): nothing to restore
                continue
            when = str(line.get("modified") or "")[:16].replace("T", " ")
            text = fill(self.tr("%1, by %2"), when, line.get("pc") or "?")
            if line.get("conflict"):
                text = fill(self.tr("%1 — conflict, replaced by %2"), text, line.get("replaced_by") or "?")
            changes = self.differences(record, current)
            item = QListWidgetItem(text + (" — " + "; ".join(changes) if changes else ""))
            item.setData(RecordRole, record)
            item.setToolTip("\n".join(changes) or self.tr("Same details as now."))
            self.list.addItem(item)
        self.setVisible(self.list.count() > 0)
        self._update()

    def _update(self) -> None:
        current = self.list.currentItem()
        self.restore_button.setEnabled(current is not None and self.writable)
        n = self.list.count()
        self.summary.setText(self.tr("%n earlier version(s) kept in the shared folder.", "", n) if n else "")

    def restore(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.restoreRequested.emit(item.data(RecordRole))
