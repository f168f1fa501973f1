"""The publication log in the window (issue 12, item 3): the inspector's list of an asset's exports (format,
date, file, PC) and publications, "Mark as published…" (platform, date, optional post address) from the
inspector and from the export results, and the grid's publication filters (never exported, exported to…,
published this month, not published for N months). The log itself is the team folder's (Library.export_log,
Library.publications, Library.mark_published)."""

from __future__ import annotations

import logging
import os
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import Filter, Library, LibraryError, load_presets
from .text import fill

log = logging.getLogger(__name__)

# CLI.md's platforms, in the order people think of them.
PLATFORMS = ("instagram", "facebook", "tiktok", "linkedin", "x", "youtube", "website")


def platform_labels(widget: QWidget) -> dict[str, str]:
    return {
        "instagram": "Instagram",
        "facebook": "Facebook",
        "tiktok": "TikTok",
        "linkedin": "LinkedIn",
        "x": "X",
        "youtube": "YouTube",
        "website": widget.tr("Town website"),
    }


def _day(text: str | None) -> str:
    """A YYYY-MM-DD (or ISO time) as the person reads it: 05/12/2026."""
    date = QDate.fromString((text or "")[:10], "yyyy-MM-dd")
    return date.toString("dd/MM/yyyy") if date.isValid() else (text or "")


class PublishDialog(QDialog):
    """Mark files as published: platform, date (today), optional address of the post."""

    def __init__(self, library: Library, paths: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.paths = list(paths)
        self.entries: list[dict] = []
        self.setWindowTitle(self.tr("Mark as published"))
        form = QFormLayout(self)
        count = QLabel(fill(self.tr("Files: %1"), len(self.paths)), self)
        count.setObjectName("publish-count")
        form.addRow(count)
        self.platform = QComboBox(self)
        self.platform.setObjectName("publish-platform")
        for key, label in platform_labels(self).items():
            self.platform.addItem(label, key)
        form.addRow(self.tr("&Platform"), self.platform)
        self.date = QDateEdit(QDate.currentDate(), self)
        self.date.setObjectName("publish-date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        form.addRow(self.tr("Publication &date"), self.date)
        self.url = QLineEdit(self)
        self.url.setObjectName("publish-url")
        self.url.setPlaceholderText(self.tr("https://… (optional)"))
        form.addRow(self.tr("Post &address"), self.url)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        try:
            self.entries = self.library.mark_published(
                self.paths,
                self.platform.currentData(),
                self.date.date().toString("yyyy-MM-dd"),
                self.url.text().strip() or None,
            )
        except LibraryError as exc:  # a refused address or an unreadable file: say it, stay open
            QMessageBox.warning(self, self.tr("Mark as published"), str(exc))
            return
        if any(e.get("queued") for e in self.entries):
            QMessageBox.information(
                self,
                self.tr("Mark as published"),
                self.tr(
                    "The shared folder cannot be written now: the publication is kept on this PC and "
                    "written to the shared folder as soon as it is reachable again."
                ),
            )
        super().accept()


def ask_published(library: Library, paths: list[str], parent: QWidget | None = None) -> list[dict]:
    """Show the dialog; the entries written (empty when cancelled)."""
    dialog = PublishDialog(library, paths, parent)
    return dialog.entries if dialog.exec() == QDialog.DialogCode.Accepted else []


class PublishCommand(QUndoCommand):
    """Undo of "Mark as published": the marks are taken back (Library.unmark_published); redo marks again."""

    def __init__(self, library: Library, entries: list[dict], on_change) -> None:
        super().__init__()
        self.library = library
        self.entries = entries
        self.on_change = on_change
        self._done = True  # the dialog already wrote the marks: the first redo() does nothing
        labels = sorted({e["platform"] for e in entries})
        self.setText(fill(QCoreApplication.translate("PublishCommand", "mark as published (%1)"), ", ".join(labels)))

    def undo(self) -> None:
        try:
            self.library.unmark_published([e["id"] for e in self.entries])
        except LibraryError as exc:  # an undo must not raise into Qt: say it in the log
            log.warning("publication marks not taken back: %s", exc)
        self._done = False
        self.on_change()

    def redo(self) -> None:
        if self._done:
            return
        first = self.entries[0]
        try:
            self.entries = self.library.mark_published(
                [e["source"] for e in self.entries], first["platform"], first["date"], first["url"]
            )
        except LibraryError as exc:
            log.warning("publication marks not written again: %s", exc)
        self._done = True
        self.on_change()


class PublogPanel(QWidget):
    """Exports and publications of the inspector's asset (one selected asset), newest first."""

    published = Signal(list)  # paths just marked as published

    def __init__(self, library: Library, parent: QWidget | None = None, undo_stack: QUndoStack | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("publog-panel")
        self.library = library
        self.undo_stack = undo_stack  # Ctrl+Z takes a mark back
        self.asset: dict | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        header = QLabel(self.tr("Exports and publications"), self)
        header.setStyleSheet("font-weight: bold;")
        layout.addWidget(header)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("publog-tree")
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(
            [self.tr("Format / platform"), self.tr("Date"), self.tr("File / post"), self.tr("PC")]
        )
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.tree.setMaximumHeight(140)  # a 1366×768 screen: the tags stay in view
        layout.addWidget(self.tree)
        self.empty_label = QLabel(self.tr("Never exported nor published."), self)
        self.empty_label.setObjectName("publog-empty")
        layout.addWidget(self.empty_label)
        row = QHBoxLayout()
        self.mark_button = QPushButton(self.tr("Mark as &published…"), self)
        self.mark_button.setObjectName("publog-mark")
        self.mark_button.setToolTip(self.tr("Note where and when this file was posted (Ctrl+Shift+P)."))
        self.mark_button.clicked.connect(self.mark_published)
        row.addWidget(self.mark_button)
        row.addStretch(1)
        layout.addLayout(row)
        shortcut = QShortcut(QKeySequence("Ctrl+Shift+P"), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(self.mark_published)
        self.set_asset(None)

    def set_asset(self, asset: dict | None) -> None:
        """Show the log of `asset` (a public asset dict), or hide when the selection is not one asset."""
        self.asset = asset
        self.tree.clear()
        self.setVisible(asset is not None)
        if asset is None:
            return
        labels = platform_labels(self)
        path = asset["path"]
        rows = [
            (e["at"], e["preset"] or "", e["at"], os.path.basename(e["output"] or ""), e["output"] or "", e["pc"])
            for e in self.library.export_log(path)
        ]
        rows += [
            (
                p["date"],
                "✓ " + labels.get(p["platform"], p["platform"]),
                p["date"],
                p["url"] or "",
                p["url"] or "",
                p["pc"],
            )
            for p in self.library.publications(path)
        ]
        for _sort, what, when, shown, tip, pc in sorted(rows, key=lambda r: r[0], reverse=True):
            item = QTreeWidgetItem(self.tree, [what, _day(when), shown, pc or ""])
            item.setToolTip(2, tip)
        self.tree.setVisible(bool(rows))
        self.empty_label.setVisible(not rows)

    @Slot()
    def mark_published(self) -> None:
        if self.asset is None or not self.isVisible():
            return
        path = self.asset["path"]
        entries = ask_published(self.library, [path], self)
        if entries:
            self.refresh()
            self.published.emit([path])
            if self.undo_stack is not None:
                self.undo_stack.push(PublishCommand(self.library, entries, self._after_undo))

    def refresh(self) -> None:
        if self.asset is not None:
            self.set_asset(self.library.get_by_path(self.asset["path"]) or self.asset)

    def _after_undo(self) -> None:
        self.refresh()
        self.published.emit([])


class PublogFilterButton(QToolButton):
    """The grid's publication filters, in one menu of the filter bar; `apply(filter)` adds the chosen one."""

    changed = Signal()

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chip-publog")
        self.library = library
        self.setText(self.tr("Publishing"))
        self.setCheckable(True)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        self.choices = QActionGroup(self)
        self.choices.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        self.actions_by_key: dict[str, QAction] = {}

        def add(target: QMenu, key: str, text: str) -> None:
            act = QAction(text, self)
            act.setCheckable(True)
            act.setData(key)
            act.setObjectName(f"publog-filter-{key}")
            self.choices.addAction(act)
            target.addAction(act)
            self.actions_by_key[key] = act

        add(menu, "never", self.tr("Never exported"))
        exported = menu.addMenu(self.tr("Exported to"))
        try:
            presets = load_presets(library.data_dir)
        except Exception:  # noqa: BLE001 -- a broken installation must not take the filter bar down
            log.exception("presets not loaded for the filter menu")
            presets = []
        for preset in presets:
            add(exported, f"exported:{preset.id}", preset.label)
        add(menu, "month", self.tr("Published this month"))
        stale = menu.addMenu(self.tr("Not published for"))
        for months in (1, 3, 6, 12):
            add(stale, f"stale:{months}", fill(self.tr("%1 months"), months))
        self.choices.triggered.connect(self._on_triggered)
        self.setMenu(menu)

    def current(self) -> str | None:
        act = self.choices.checkedAction()
        return None if act is None else str(act.data())

    def current_label(self) -> str | None:
        """The chosen filter as the chips above the grid show it."""
        if self.current() is None:
            return None
        act = self.choices.checkedAction()
        key = str(act.data())
        if key.startswith("exported:"):
            return fill(self.tr("Exported to %1"), act.text())
        if key.startswith("stale:"):
            return fill(self.tr("Not published for %1"), act.text())
        return act.text()

    def clear(self) -> None:
        """No publication filter (the × of its chip)."""
        if self.current() is not None:
            self.choices.checkedAction().setChecked(False)
            self.setChecked(False)
            self.changed.emit()

    def _on_triggered(self, _action: QAction) -> None:
        self.setChecked(self.current() is not None)
        self.changed.emit()

    def apply(self, flt: Filter) -> Filter:
        """`flt` narrowed by the chosen publication filter (unchanged when none is chosen)."""
        key = self.current()
        if key is None:
            return flt
        today = QDate.currentDate()
        if key == "never":
            return replace(flt, never_exported=True)
        if key == "month":
            return replace(flt, published_since=QDate(today.year(), today.month(), 1).toString("yyyy-MM-dd"))
        kind, _, value = key.partition(":")
        if kind == "exported":
            return replace(flt, exported_to=value)
        return replace(flt, not_published_since=today.addMonths(-int(value)).toString("yyyy-MM-dd"))
