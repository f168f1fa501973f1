"""The duplicates review (issue 12, item 7; Tools ▸ Duplicates…, Ctrl+D): groups of copies found by
Library.duplicates, each with its suggested copy to keep, and "Send the others to the trash" after a
confirmation — their tags are merged into the kept copy first (Library.trash_duplicates). Nothing is ever
deleted: the files go to the system trash, from where they can be restored.

The search runs off the GUI thread (Task), with progress and cancel. Sized for a 1366×768 screen.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QSize, Qt, Slot
from PySide6.QtGui import QIcon, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..core import DuplicateGroup, Library, TrashResult, printable
from .models import ThumbnailLoader
from .tasks import Task
from .text import fill

log = logging.getLogger(__name__)

THUMB = 160
IdRole = Qt.ItemDataRole.UserRole + 1


class DuplicatesView(QDialog):
    """Groups on the left; the selected group's copies (thumbnails, size, sharpness order) on the right."""

    def __init__(self, library: Library, root: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library, self.root = library, root
        self.groups: list[DuplicateGroup] = []
        self.keep: dict[int, int] = {}  # group index -> the id the user keeps (the suggestion at first)
        self.changed_ids: list[int] = []  # assets whose tags changed or that were trashed (the window repaints)
        self._task: Task | None = None
        self.setWindowTitle(self.tr("Duplicates"))
        self.resize(1000, 620)  # fits a 1366×768 screen with the taskbar
        self._thumbs = ThumbnailLoader(self)
        self._thumbs.loaded.connect(self._on_thumb)

        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("duplicates-summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        progress_row = QHBoxLayout()
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.cancel_search)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        layout.addLayout(progress_row)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.group_list = QListWidget(split)
        self.group_list.setObjectName("duplicates-groups")
        self.group_list.currentRowChanged.connect(self._show_group)
        right = QWidget(split)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.keep_label = QLabel(right)
        self.keep_label.setObjectName("duplicates-keep")
        self.keep_label.setWordWrap(True)
        right_layout.addWidget(self.keep_label)
        self.members = QListWidget(right)
        self.members.setObjectName("duplicates-members")
        self.members.setViewMode(QListView.ViewMode.IconMode)
        self.members.setIconSize(QSize(THUMB, THUMB))
        self.members.setResizeMode(QListView.ResizeMode.Adjust)
        self.members.setMovement(QListView.Movement.Static)
        self.members.setWordWrap(True)
        self.members.setGridSize(QSize(THUMB + 40, THUMB + 70))
        self.members.itemDoubleClicked.connect(lambda _item: self.keep_selected())
        right_layout.addWidget(self.members, 1)
        buttons = QHBoxLayout()
        self.keep_button = QPushButton(self.tr("&Keep this one"), right)
        self.keep_button.setToolTip(self.tr("Keep the selected copy instead of the suggested one (double-click)"))
        self.keep_button.clicked.connect(self.keep_selected)
        self.trash_button = QPushButton(self.tr("Send the &others to the trash…"), right)
        self.trash_button.setObjectName("duplicates-trash")
        self.trash_button.clicked.connect(self.trash_others)
        buttons.addWidget(self.keep_button)
        buttons.addStretch(1)
        buttons.addWidget(self.trash_button)
        right_layout.addLayout(buttons)
        split.addWidget(self.group_list)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        split.setSizes([300, 700])
        layout.addWidget(split, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self, self.trash_others)
        self._set_busy(False)

    # -- search ----------------------------------------------------------------------------------------
    def start_search(self) -> None:
        if self._task is not None:
            return
        root = self.root

        def work(progress, cancel):
            return self.library.duplicates(root, progress=progress, cancel=cancel)

        task = Task(work, parent=self)
        task.progress.connect(self._on_progress)
        task.finished.connect(self._on_found)
        task.failed.connect(self._on_failed)
        self._task = task
        self._set_busy(True)
        self.summary.setText(self.tr("Looking for duplicates…"))
        task.start()

    def cancel_search(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def wait_for_search(self, seconds: float) -> bool:
        task = self._task
        return task is None or task.done.wait(seconds)

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        has_group = self.group_list.currentRow() >= 0 and not busy
        self.keep_button.setEnabled(has_group)
        self.trash_button.setEnabled(has_group)

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, _label: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_found(self, groups: object) -> None:
        self._task = None
        cancelled = not isinstance(groups, list)
        self.groups = list(groups) if isinstance(groups, list) else []
        self.keep = {n: g.keep for n, g in enumerate(self.groups)}
        self._fill_groups()
        self._set_busy(False)
        if cancelled:
            self.summary.setText(self.tr("Search cancelled."))

    def _on_failed(self, message: str) -> None:
        self._task = None
        self._set_busy(False)
        self.summary.setText(message)

    def closeEvent(self, event) -> None:
        self.cancel_search()
        self.wait_for_search(10)
        super().closeEvent(event)

    def reject(self) -> None:
        self.cancel_search()
        self.wait_for_search(10)
        super().reject()

    # -- display ---------------------------------------------------------------------------------------
    def _name(self, asset_id: int) -> str:
        asset = self.library.asset(asset_id)
        return printable(os.path.basename(asset["path"])) if asset else "?"

    def _fill_groups(self) -> None:
        self.group_list.clear()
        for n, group in enumerate(self.groups):
            kind = self.tr("Exact copies") if group.kind == "exact" else self.tr("Same picture")
            text = fill(self.tr("%1 (%2): %3"), kind, len(group.ids), self._name(self.keep[n]))
            item = QListWidgetItem(text, self.group_list)
            item.setData(IdRole, n)
        if self.groups:
            self.summary.setText(
                self.tr(
                    "%n group(s) of copies. Each group shows the copy suggested to keep (highest resolution, "
                    "then the sharpest); the others can go to the trash, their tags are added to the kept one.",
                    "",
                    len(self.groups),
                )
            )
            self.group_list.setCurrentRow(0)
        else:
            self.summary.setText(self.tr("No duplicates found."))
            self.members.clear()
            self.keep_label.setText("")

    def _show_group(self, row: int) -> None:
        self.members.clear()
        if row < 0 or row >= self.group_list.count():
            self.keep_label.setText("")
            self._set_busy(self._task is not None)
            return
        n = self.group_list.item(row).data(IdRole)
        group = self.groups[n]
        keep = self.keep[n]
        self.keep_label.setText(fill(self.tr("Kept: %1"), self._name(keep)))
        for asset_id in group.ids:
            asset = self.library.asset(asset_id)
            if asset is None:
                continue
            size = f"{asset.get('width') or '?'} × {asset.get('height') or '?'}"
            mark = self.tr("✔ kept") if asset_id == keep else self.tr("to the trash")
            item = QListWidgetItem(f"{self._name(asset_id)}\n{size} — {mark}", self.members)
            item.setData(IdRole, asset_id)
            item.setToolTip(printable(asset["path"]))
            path = self.library.thumbnail_path(asset)
            if path:
                self._thumbs.load(asset_id, path)
        self._set_busy(self._task is not None)

    @Slot(object, QImage)
    def _on_thumb(self, asset_id: object, image: QImage) -> None:
        if image.isNull():
            return
        for row in range(self.members.count()):
            item = self.members.item(row)
            if item.data(IdRole) == asset_id:
                item.setIcon(QIcon(QPixmap.fromImage(image)))

    def current_group(self) -> int | None:
        item = self.group_list.currentItem()
        return None if item is None else int(item.data(IdRole))

    def keep_selected(self) -> None:
        n, item = self.current_group(), self.members.currentItem()
        if n is None or item is None:
            return
        self.keep[n] = int(item.data(IdRole))
        row = self.group_list.currentRow()
        self._fill_groups()
        self.group_list.setCurrentRow(row)

    # -- trash -----------------------------------------------------------------------------------------
    def trash_others(self) -> None:
        n = self.current_group()
        if n is None or self._task is not None:
            return
        group, keep = self.groups[n], self.keep[n]
        others = [i for i in group.ids if i != keep]
        answer = QMessageBox.question(
            self,
            self.tr("Send to the trash"),
            fill(
                self.tr(
                    "Send %n file(s) to the trash and keep “%1”? Their tags are added to the kept copy "
                    "first. They can be restored from the trash.",
                    "",
                    len(others),
                ),
                self._name(keep),
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        # Off the GUI thread: the kept copy's sidecar is written (and waited for) on the share first.
        task = Task(lambda progress, cancel: self.library.trash_duplicates(keep, others), parent=self)
        task.finished.connect(lambda result: self._on_trashed(n, keep, result))
        task.failed.connect(self._on_trash_failed)
        self._task = task
        self._set_busy(True)
        self.cancel_button.setVisible(False)  # the files already in the trash stay there: nothing to cancel
        self.progress.setRange(0, 0)
        self.summary.setText(self.tr("Sending to the trash…"))
        task.start()

    def _on_trash_failed(self, message: str) -> None:
        """Nothing was trashed (the tags could not be saved on the kept copy): say why."""
        self._task = None
        self._set_busy(False)
        self.summary.setText(message)
        QMessageBox.warning(self, self.tr("Send to the trash"), message)

    def _on_trashed(self, n: int, keep: int, result: TrashResult) -> None:
        self._task = None
        group = self.groups[n]
        self.changed_ids += list(group.ids)
        if result.errors:
            QMessageBox.warning(self, self.tr("Send to the trash"), "\n".join(reason for _p, reason in result.errors))
        remaining = [i for i in group.ids if self.library.asset(i) is not None]
        row = self.group_list.currentRow()
        if len(remaining) < 2:  # the group is settled: the indexes after it move up by one
            del self.groups[n]
            self.keep = {(k if k < n else k - 1): v for k, v in self.keep.items() if k != n}
        else:
            self.groups[n] = DuplicateGroup(group.kind, remaining, keep)
        self._fill_groups()
        if self.group_list.count():
            self.group_list.setCurrentRow(min(row, self.group_list.count() - 1))
        self._set_busy(False)
        self.summary.setText(
            fill(self.tr("%n file(s) sent to the trash; “%1” kept.", "", len(result.trashed)), self._name(keep))
        )
