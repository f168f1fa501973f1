"""Campaign default rights and photo-competition intake (issue 11): a campaign's licence, end date and
credit pattern, previewed then applied to its assets that have none of their own; entries taken in from one
sub-folder per entrant or from a CSV list, on a worker with progress and cancel."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core import LICENCES, Library, LibraryError
from .tasks import Task
from .text import fill

log = logging.getLogger(__name__)


class CampaignRightsDialog(QDialog):
    """One campaign: its default rights (preview, apply) and the competition intake."""

    def __init__(self, library: Library, parent: QWidget | None = None, campaign: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("campaign-rights-dialog")
        self.setWindowTitle(self.tr("Campaign rights and competition"))
        self.library = library
        self.changed = False
        self.last_report: dict[str, Any] | None = None
        self._task: Task | None = None
        self._build(campaign)
        self.resize(640, 480)  # fits 1366×768

    def _build(self, campaign: str) -> None:
        layout = QVBoxLayout(self)
        top = QFormLayout()
        self.campaign_box = QComboBox(self)
        self.campaign_box.setEditable(True)
        self.campaign_box.addItems(self.library.entry_names("campaign"))
        self.campaign_box.setCurrentText(campaign)
        self.campaign_box.currentTextChanged.connect(self.load_defaults)
        top.addRow(self.tr("Campaign:"), self.campaign_box)
        layout.addLayout(top)

        defaults = QGroupBox(self.tr("Default rights"), self)
        form = QFormLayout(defaults)
        self.licence_box = QComboBox(defaults)
        self.licence_box.addItem(self.tr("(none)"), None)
        for licence in LICENCES:
            self.licence_box.addItem(licence, licence)
        self.end_edit = QLineEdit(defaults)
        self.end_edit.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.credit_edit = QLineEdit(defaults)
        self.credit_edit.setPlaceholderText(self.tr("Photo : {creator} — Photo competition 2024"))
        form.addRow(self.tr("Licence:"), self.licence_box)
        form.addRow(self.tr("Licence ends:"), self.end_edit)
        form.addRow(self.tr("Credit line:"), self.credit_edit)
        row = QHBoxLayout()
        self.preview_button = QPushButton(self.tr("&Preview"), defaults)
        self.apply_button = QPushButton(self.tr("&Apply to the campaign's assets"), defaults)
        self.preview_button.clicked.connect(self.preview)
        self.apply_button.clicked.connect(self.apply_defaults)
        row.addWidget(self.preview_button)
        row.addWidget(self.apply_button)
        form.addRow(row)
        layout.addWidget(defaults)

        intake = QGroupBox(self.tr("Competition intake"), self)
        intake_layout = QHBoxLayout(intake)
        self.folder_button = QPushButton(self.tr("One folder per &entrant…"), intake)
        self.csv_button = QPushButton(self.tr("From a &CSV list…"), intake)
        self.folder_button.clicked.connect(self.choose_folder)
        self.csv_button.clicked.connect(self.choose_csv)
        intake_layout.addWidget(self.folder_button)
        intake_layout.addWidget(self.csv_button)
        layout.addWidget(intake)

        self.progress = QProgressBar(self)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("campaign-rights-message")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message_label, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.cancel_button = buttons.addButton(self.tr("Cancel intake"), QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.load_defaults()

    def campaign(self) -> str:
        return self.campaign_box.currentText().strip()

    def load_defaults(self) -> None:
        name = self.campaign()
        try:
            found = self.library.campaign_rights.defaults(name) if name else {}
        except LibraryError:
            found = {}
        index = self.licence_box.findData(found.get("licence"))
        self.licence_box.setCurrentIndex(max(0, index))
        self.end_edit.setText(found.get("licence_end") or "")
        self.credit_edit.setText(found.get("credit") or "")

    def _save_defaults(self) -> bool:
        name = self.campaign()
        if not name:
            self.message_label.setText(self.tr("Choose or type the campaign first."))
            return False
        try:
            self.library.campaign_rights.set_defaults(
                name,
                licence=self.licence_box.currentData(),
                licence_end=self.end_edit.text().strip() or None,
                credit=self.credit_edit.text().strip() or None,
            )
        except LibraryError as exc:
            self.message_label.setText(str(exc))
            return False
        return True

    def preview(self) -> list[tuple[int, str, dict[str, Any]]] | None:
        if not self._save_defaults():
            return None
        rows = self.library.campaign_rights.preview(self.campaign())
        lines = [fill(self.tr("%1 asset(s) would receive default rights:"), len(rows))]
        for _id, path, fields in rows[:12]:
            lines.append(f"• {os.path.basename(path)} : {', '.join(f'{k} = {v}' for k, v in fields.items())}")
        self.message_label.setText("\n".join(lines))
        return rows

    def apply_defaults(self) -> int:
        if not self._save_defaults():
            return 0
        try:
            count = self.library.campaign_rights.apply(self.campaign())
        except LibraryError as exc:
            self.message_label.setText(str(exc))
            return 0
        self.changed = self.changed or count > 0
        self.message_label.setText(fill(self.tr("Default rights written to %1 asset(s)."), count))
        return count

    # -- intake on a worker ----------------------------------------------------------------------------
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Competition folder"), os.path.expanduser("~"))
        if folder:
            self.run_intake("folders", folder)

    def choose_csv(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("List of entries"), os.path.expanduser("~"), self.tr("CSV lists (*.csv *.txt)")
        )
        if path:
            self.run_intake("csv", path)

    def run_intake(self, kind: str, source: str) -> Task | None:
        campaign = self.campaign() or None
        tools = self.library.campaign_rights
        intake: Callable[..., Any] = tools.intake_folders if kind == "folders" else tools.intake_csv

        def work(progress: Callable[[int, int, str], None], cancel: threading.Event) -> Any:
            return intake(source, campaign, progress=progress, cancel=cancel)

        task = Task(work, parent=self)
        task.progress.connect(self._on_progress)
        task.finished.connect(self._on_finished)
        task.failed.connect(self._on_failed)
        self._task = task
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        for w in (self.folder_button, self.csv_button, self.apply_button, self.preview_button):
            w.setEnabled(False)
        self.message_label.setText(self.tr("Taking the entries in…"))
        task.start()
        return task

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, label: str) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.message_label.setText(fill(self.tr("%1 / %2 — %3"), done, total, label))

    def _end(self) -> None:
        self._task = None
        self.progress.hide()
        self.cancel_button.hide()
        for w in (self.folder_button, self.csv_button, self.apply_button, self.preview_button):
            w.setEnabled(True)

    @Slot(object)
    def _on_finished(self, report: Any) -> None:
        self._end()
        self.last_report = report.to_json()
        self.changed = self.changed or bool(report.done)
        lines = [fill(self.tr("%1 entry(ies) taken in."), len(report.done))] + report.problems[:20]
        self.message_label.setText("\n".join(lines))

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._end()
        self.message_label.setText(message)

    def reject(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task.done.wait(30)
        super().reject()
