"""The consent register window (issue 11): the team folder's consents, add one (with its signed form),
withdraw one (its assets become "ne pas publier" and the exports to take down are listed)."""

from __future__ import annotations

import datetime as dt
import logging
import os
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import CONSENT_SCOPES, Consent, ConsentError, Library, LibraryError
from .text import fill

log = logging.getLogger(__name__)


class ConsentsDialog(QDialog):
    """List, add and withdraw consents. `changed_ids`: assets whose rights a withdrawal changed."""

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consents-dialog")
        self.setWindowTitle(self.tr("Consent register"))
        self.library = library
        self.changed_ids: list[int] = []
        self.last_report: dict[str, Any] | None = None
        self.scope_labels = {
            "all": self.tr("All communication"),
            "social": self.tr("Social networks"),
            "web": self.tr("Website"),
            "print": self.tr("Print"),
        }
        self._build()
        self.reload()
        self.resize(720, 520)  # fits 1366×768

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("consents-list")
        self.tree.setHeaderLabels(
            [self.tr("Name"), self.tr("Scope"), self.tr("Expires"), self.tr("Minor"), self.tr("Status")]
        )
        self.tree.setRootIsDecorated(False)
        self.tree.setToolTip(self.tr("Double-click a consent to open its signed form."))
        self.tree.itemActivated.connect(self.open_form)
        layout.addWidget(self.tree, 1)
        self.problems_label = QLabel(self)
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet("color: #b00020;")
        self.problems_label.hide()
        layout.addWidget(self.problems_label)

        form_box = QWidget(self)
        form = QFormLayout(form_box)
        self.name_edit = QLineEdit(form_box)
        self.name_edit.setObjectName("consent-name")
        self.contact_edit = QLineEdit(form_box)
        self.signed_edit = QLineEdit(form_box)
        self.signed_edit.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.expires_edit = QLineEdit(form_box)
        self.expires_edit.setPlaceholderText(self.tr("YYYY-MM-DD (valid through that day)"))
        scope_row = QHBoxLayout()
        self.scope_checks: dict[str, QCheckBox] = {}
        for scope in CONSENT_SCOPES:
            check = QCheckBox(self.scope_labels[scope], form_box)
            check.setChecked(scope == "all")
            self.scope_checks[scope] = check
            scope_row.addWidget(check)
        self.minor_check = QCheckBox(self.tr("Minor"), form_box)
        self.guardian_edit = QLineEdit(form_box)
        self.guardian_edit.setPlaceholderText(self.tr("Guardian's name (required for a minor)"))
        form_row = QHBoxLayout()
        self.form_edit = QLineEdit(form_box)
        self.form_edit.setPlaceholderText(self.tr("Signed form: PDF, JPEG or PNG"))
        browse = QPushButton(self.tr("Browse…"), form_box)
        browse.clicked.connect(self.choose_form)
        form_row.addWidget(self.form_edit, 1)
        form_row.addWidget(browse)
        form.addRow(self.tr("Person:"), self.name_edit)
        form.addRow(self.tr("Contact:"), self.contact_edit)
        form.addRow(self.tr("Signed on:"), self.signed_edit)
        form.addRow(self.tr("Expires on:"), self.expires_edit)
        form.addRow(self.tr("Scope:"), scope_row)
        form.addRow(self.minor_check, self.guardian_edit)
        form.addRow(self.tr("Form:"), form_row)
        layout.addWidget(form_box)

        self.message_label = QLabel(self)
        self.message_label.setObjectName("consents-message")
        self.message_label.setWordWrap(True)
        layout.addWidget(self.message_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.add_button = buttons.addButton(self.tr("&Add consent"), QDialogButtonBox.ButtonRole.ActionRole)
        self.withdraw_button = buttons.addButton(self.tr("&Withdraw consent…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.add_button.clicked.connect(self.add_consent)
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        add_shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)
        add_shortcut.activated.connect(self.add_consent)

    def reload(self) -> None:
        self.tree.clear()
        try:
            listing = self.library.consents.list()
        except (LibraryError, ConsentError) as exc:
            self.message_label.setText(str(exc))
            self.add_button.setEnabled(False)
            self.withdraw_button.setEnabled(False)
            return
        today = dt.date.today()
        for consent in listing.consents:
            status = (
                self.tr("Withdrawn")
                if consent.withdrawn
                else self.tr("Expired")
                if not consent.valid_on(today)
                else self.tr("Valid")
            )
            item = QTreeWidgetItem(
                [
                    consent.name,
                    ", ".join(self.scope_labels.get(s, s) for s in consent.scope),
                    consent.expires or "—",
                    fill(self.tr("yes (%1)"), consent.guardian or "") if consent.minor else "",
                    status,
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, consent.id)
            self.tree.addTopLevelItem(item)
        self.problems_label.setText("\n".join(listing.problems[:5]))
        self.problems_label.setVisible(bool(listing.problems))

    def form_path(self, consent_id: str | None) -> str | None:
        """The copied signed form of a consent, if it has one and it is still there."""
        if not consent_id:
            return None
        try:
            register = self.library.consents
            path = register.form_path(register.get(consent_id))
        except (LibraryError, ConsentError):
            return None
        return str(path) if path is not None and path.is_file() else None

    def open_form(self, item: QTreeWidgetItem | None = None, _column: int = 0) -> bool:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        path = self.form_path(item.data(0, Qt.ItemDataRole.UserRole) if item is not None else self.selected_id())
        if path is None:
            self.message_label.setText(self.tr("This consent has no signed form."))
            return False
        return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(path)))

    def choose_form(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Signed form"), os.path.expanduser("~"), self.tr("Forms (*.pdf *.jpg *.jpeg *.png)")
        )
        if path:
            self.form_edit.setText(os.path.normpath(path))

    def add_consent(self) -> Consent | None:
        try:
            consent = self.library.consents.add(
                self.name_edit.text(),
                contact=self.contact_edit.text() or None,
                signed=self.signed_edit.text().strip() or None,
                expires=self.expires_edit.text().strip() or None,
                scope=[s for s, c in self.scope_checks.items() if c.isChecked()] or None,
                minor=self.minor_check.isChecked(),
                guardian=self.guardian_edit.text() or None,
                form=self.form_edit.text().strip() or None,
            )
        except (ConsentError, LibraryError) as exc:
            self.message_label.setText(str(exc))
            return None
        self.message_label.setText(fill(self.tr("Consent of %1 saved (%2)."), consent.name, consent.id))
        for edit in (self.name_edit, self.contact_edit, self.signed_edit, self.expires_edit, self.guardian_edit):
            edit.clear()
        self.form_edit.clear()
        self.minor_check.setChecked(False)
        self.reload()
        return consent

    def selected_id(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def withdraw_selected(self, *, confirm: bool = True) -> dict[str, Any] | None:
        cid = self.selected_id()
        if not cid:
            self.message_label.setText(self.tr("Select the consent to withdraw."))
            return None
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Withdraw consent"),
                self.tr("Withdraw this consent? Every photo linked to it will be marked “do not publish”."),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        try:
            report = self.library.withdraw_consent(cid)
        except LibraryError as exc:
            self.message_label.setText(str(exc))
            return None
        self.last_report = report
        for asset in report["assets"]:
            doc = self.library.get_by_path(asset["path"])
            if doc is not None:
                self.changed_ids.append(int(doc["id"]))
        lines = [fill(self.tr("%1 asset(s) marked “do not publish”."), len(report["assets"]))]
        for asset in report["assets"][:10]:
            posts = [f"{e['preset']} → {e['output']}" for e in asset["exports"]]
            posts += [f"{p['platform']} {p['url'] or ''}".strip() for p in asset["published"]]
            where = "; ".join(posts) if posts else self.tr("never exported")
            lines.append(f"• {os.path.basename(asset['path'])} : {where}")
        self.message_label.setText("\n".join(lines))
        self.reload()
        return report
