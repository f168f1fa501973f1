"""Rights and consent in the inspector (issue 11): edit an asset's or a whole selection's rights, link a
consent, undo; the grid's rights badges; the export dialog's rights check.

For one asset the fields show its values and Apply writes what was changed; for a selection they start
empty ("unchanged") and Apply writes only the fields filled in. Each edit is one step of the undo stack
(Library.apply_rights / revert_rights), run on the tag lane (a large selection on its worker).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QUndoCommand
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core import LICENCES, Consent, ConsentError, Library, LibraryError, RightsChange, rights_match
from .commands import tag_lane
from .models import MIME_ASSET_IDS
from .text import fill

log = logging.getLogger(__name__)

CONSENTS_MAX_AGE = 30.0  # seconds before the consent register is read again anyway
KEEP = "__keep__"  # a combo's "unchanged" entry (a selection of several assets)
# The valid consent ids of the register, as last read (the grid badge "people without consent" uses them).
_valid_consents: frozenset[str] | None = None


def set_valid_consents(ids: frozenset[str] | None) -> None:
    global _valid_consents
    _valid_consents = ids


def rights_badges(asset: dict[str, Any]) -> list[tuple[str, QColor]]:
    """The grid's rights badges of an asset: do not publish, people without consent, licence expired."""
    rights = asset.get("rights")
    if not rights or not (
        rights.get("do_not_publish")
        or rights.get("people") == "yes"
        or rights.get("minors")
        or rights.get("licence_end")
    ):
        return []  # the usual asset: nothing to check (the grid paints this for every visible cell)
    out: list[tuple[str, QColor]] = []
    if rights.get("do_not_publish"):
        out.append(("⛔", QColor(150, 0, 0, 230)))
    if rights_match(rights, no_consent=True, valid_consents=_valid_consents):
        out.append(("👤!", QColor(190, 90, 0, 230)))
    if rights_match(rights, licence_expired_only=True):
        out.append(("©!", QColor(120, 40, 140, 230)))
    return out


class ConsentDropButton(QPushButton):
    """The "Link consent" button also takes assets dragged from the grid: droppedIds(ids)."""

    droppedIds = Signal(list)

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setAcceptDrops(True)

    def dragEnterEvent(self, event: Any) -> None:
        if event.mimeData().hasFormat(MIME_ASSET_IDS) and self.isEnabled():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: Any) -> None:
        if not event.mimeData().hasFormat(MIME_ASSET_IDS):
            event.ignore()
            return
        raw = bytes(event.mimeData().data(MIME_ASSET_IDS)).decode(errors="replace")
        ids = [int(x) for x in raw.split(",") if x.strip().lstrip("-").isdigit()]
        if ids:
            self.droppedIds.emit(ids)
        event.acceptProposedAction()


class RightsCommand(QUndoCommand):
    """One rights edit of a selection: redo = Library.apply_rights, undo = Library.revert_rights."""

    def __init__(
        self,
        library: Library,
        ids: list[int],
        changes: dict[str, Any],
        text: str,
        on_change: Callable[[list[int]], None],
        on_error: Callable[[str], None],
    ) -> None:
        super().__init__(text)
        self.library, self.ids, self.changes = library, list(ids), dict(changes)
        self.on_change, self.on_error = on_change, on_error
        self.change: RightsChange | None = None
        self.error: str | None = None
        self._first = True

    def redo(self) -> None:
        first, self._first = self._first, False

        def work() -> RightsChange:
            self.change = self.library.apply_rights(self.ids, **self.changes)
            return self.change

        tag_lane().run(len(self.ids), work, lambda change, exc: self._done(exc, change, first))

    def undo(self) -> None:
        change = self.change
        if change is None:
            return
        tag_lane().run(
            len(change.ids), lambda: self.library.revert_rights(change), lambda _r, exc: self._done(exc, change, False)
        )

    def _done(self, exc: Exception | None, change: RightsChange | None, first: bool) -> None:
        if exc is not None:
            partial = getattr(exc, "change", None)
            if first and isinstance(partial, RightsChange):
                self.change = partial  # what was written before the failure can still be undone
            self.error = str(exc) or exc.__class__.__name__
            if first and not (self.change and self.change.ids):
                self.setObsolete(True)
            self.on_error(self.error)
            return
        self.on_change(list(change.ids) if change else [])


class RightsPanel(QGroupBox):
    """The inspector's "Rights and consent" box. Emits rightsChanged(ids) after an edit, undo or redo."""

    rightsChanged = Signal(list)

    def __init__(self, library: Library, undo_stack: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rights-panel")
        self.setTitle(self.tr("Rights and consent"))
        self.library = library
        self.undo_stack = undo_stack
        self.ids: list[int] = []
        self.single: dict[str, Any] | None = None
        self.consents: list[Consent] = []
        self._consents_stamp: tuple[Any, ...] | None = None
        self._consents_read = 0.0
        self._build()

    # -- construction --------------------------------------------------------------------------------
    def _combo(self, items: list[tuple[str, Any]]) -> QComboBox:
        box = QComboBox(self)
        # Its width from a fixed number of characters, not from the choices filled in later (_fill_choices):
        # the panel's width is then known when the inspector is built.
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(12)
        for label, value in items:
            box.addItem(label, value)
        return box

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.creator_edit = QLineEdit(self)
        self.creator_edit.setObjectName("rights-creator")
        self.credit_edit = QLineEdit(self)
        self.copyright_edit = QLineEdit(self)
        self.licence_labels = {
            "town": self.tr("Town-owned"),
            "cc-by-4.0": "CC BY 4.0",
            "cc-by-sa-4.0": "CC BY-SA 4.0",
            "competition": self.tr("Competition entry"),
            "business": self.tr("Supplied by the business"),
            "other": self.tr("Other"),
        }
        self.licence_box = self._combo([])
        self.licence_end_edit = QLineEdit(self)
        self.licence_end_edit.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.usage_edit = QLineEdit(self)  # xmpRights:UsageTerms
        self.persons_edit = QLineEdit(self)  # Iptc4xmpExt:PersonInImage, names separated by commas
        self.persons_edit.setToolTip(self.tr("Names of the people shown, separated by commas"))
        self.release_box = self._combo([])  # plus:ModelReleaseStatus
        self.property_box = self._combo([])  # plus:PropertyReleaseStatus (private interiors)
        self.people_box = self._combo([])
        self.minors_box = self._combo([])
        self.publish_box = self._combo([])
        form.addRow(self.tr("Creator:"), self.creator_edit)
        form.addRow(self.tr("Credit line:"), self.credit_edit)
        form.addRow(self.tr("Copyright:"), self.copyright_edit)
        form.addRow(self.tr("Licence:"), self.licence_box)
        form.addRow(self.tr("Licence ends:"), self.licence_end_edit)
        form.addRow(self.tr("Usage terms:"), self.usage_edit)
        form.addRow(self.tr("People shown:"), self.people_box)
        form.addRow(self.tr("Persons shown:"), self.persons_edit)
        form.addRow(self.tr("Minors shown:"), self.minors_box)
        form.addRow(self.tr("Model release:"), self.release_box)
        form.addRow(self.tr("Property release:"), self.property_box)
        form.addRow(self.tr("Publication:"), self.publish_box)
        layout.addLayout(form)

        self.consents_label = QLabel(self)
        self.consents_label.setObjectName("rights-consents")
        self.consents_label.setWordWrap(True)
        self.consents_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.consents_label)
        link_row = QHBoxLayout()
        self.consent_box = QComboBox(self)
        self.consent_box.setObjectName("rights-consent-choice")
        self.consent_box.setMinimumContentsLength(12)
        self.consent_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.link_button = ConsentDropButton(self.tr("&Link consent"), self)
        self.link_button.setObjectName("rights-link")
        self.link_button.setToolTip(self.tr("Link the chosen consent to the selection, or drop photos here"))
        self.link_button.clicked.connect(self.link_consent)
        self.link_button.droppedIds.connect(self._on_dropped)
        link_row.addWidget(self.consent_box, 1)
        link_row.addWidget(self.link_button)
        layout.addLayout(link_row)

        buttons = QHBoxLayout()
        self.register_button = QPushButton(self.tr("Consent register…"), self)
        self.register_button.clicked.connect(self.open_register)
        self.apply_button = QPushButton(self.tr("Apply rights"), self)
        self.apply_button.setObjectName("rights-apply")
        self.apply_button.setToolTip(self.tr("Write these rights into the selected assets (Ctrl+Shift+R)"))
        self.apply_button.clicked.connect(self.apply)
        self.campaign_button = QPushButton(self.tr("Campaign…"), self)
        self.campaign_button.setToolTip(self.tr("Campaign default rights and photo-competition intake"))
        self.campaign_button.clicked.connect(self.open_campaign)
        # The main action on its own row, the two windows below: three buttons side by side made the panel
        # wider than the inspector on a 1366 px screen (its right edge was cut off).
        apply_row = QHBoxLayout()
        apply_row.addStretch(1)
        apply_row.addWidget(self.apply_button)
        layout.addLayout(apply_row)
        buttons.addWidget(self.register_button)
        buttons.addWidget(self.campaign_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("rights-message")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        layout.addWidget(self.message_label)
        shortcut = QShortcut(QKeySequence("Ctrl+Shift+R"), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(self.apply)

    def _fill_choices(self, several: bool) -> None:
        keep = [(self.tr("(unchanged)"), KEEP)] if several else []
        for box, items in (
            (self.licence_box, [(self.tr("(none)"), None)] + [(self.licence_labels[k], k) for k in LICENCES]),
            (self.people_box, [(self.tr("Unknown"), "unknown"), (self.tr("Yes"), "yes"), (self.tr("No"), "no")]),
            (self.minors_box, [(self.tr("Unknown"), None), (self.tr("Yes"), True), (self.tr("No"), False)]),
            (self.publish_box, [(self.tr("Publishable"), False), (self.tr("Do not publish"), True)]),
            (self.release_box, self._release_items()),
            (self.property_box, self._release_items()),
        ):
            box.clear()
            for label, value in keep + items:
                box.addItem(label, value)

    def _release_items(self) -> list[tuple[str, Any]]:
        """PLUS release statuses (core/rights.py RELEASES / PROPERTY_RELEASES)."""
        return [
            (self.tr("(not said)"), None),
            (self.tr("None"), "none"),
            (self.tr("Not applicable"), "na"),
            (self.tr("Limited"), "limited"),
            (self.tr("Unlimited"), "unlimited"),
        ]

    # -- showing ---------------------------------------------------------------------------------------
    def set_selection(self, ids: list[int], single: dict[str, Any] | None) -> None:
        self.ids, self.single = list(ids), single
        self.message_label.hide()
        several = len(self.ids) > 1
        self._fill_choices(several)
        rights = (single or {}).get("rights") or {}
        placeholder = self.tr("(unchanged)") if several else ""
        for edit, value in (
            (self.creator_edit, ", ".join(rights.get("creator") or [])),
            (self.credit_edit, rights.get("credit") or ""),
            (self.copyright_edit, rights.get("copyright") or ""),
            (self.licence_end_edit, rights.get("licence_end") or ""),
            (self.usage_edit, rights.get("usage_terms") or ""),
            (self.persons_edit, ", ".join(rights.get("persons") or [])),
        ):
            edit.setText("" if several else value)
            if several:
                edit.setPlaceholderText(placeholder)
        self.licence_end_edit.setPlaceholderText(placeholder or self.tr("YYYY-MM-DD"))
        if not several:
            self._select(self.licence_box, rights.get("licence"))
            self._select(self.people_box, rights.get("people") or "unknown")
            self._select(self.minors_box, rights.get("minors"))
            self._select(self.publish_box, bool(rights.get("do_not_publish")))
            self._select(self.release_box, rights.get("release"))
            self._select(self.property_box, rights.get("property_release"))
        self._load_consents()
        linked = rights.get("consents") or []
        by_id = {c.id: c for c in self.consents}
        if single is not None:
            names = [
                self._consent_text(by_id[c]) if c in by_id else fill(self.tr("%1 (not in the register)"), c)
                for c in linked
            ]
            self.consents_label.setText(
                fill(self.tr("Consents: %1"), "; ".join(names)) if names else self.tr("No consent linked.")
            )
        else:
            self.consents_label.setText(
                self.tr("%n asset(s) selected: the fields filled in are applied to all.", "", len(self.ids))
                if several
                else ""
            )
        enabled = bool(self.ids)
        for w in (self.apply_button, self.link_button, self.consent_box):
            w.setEnabled(enabled)
        self.link_button.setEnabled(enabled and self.consent_box.count() > 0)

    def _select(self, box: QComboBox, value: Any) -> None:
        for i in range(box.count()):
            if box.itemData(i) == value:
                box.setCurrentIndex(i)
                return

    def _consent_text(self, consent: Consent) -> str:
        state = ""
        if consent.withdrawn:
            state = self.tr(" — withdrawn")
        elif not consent.valid_on(dt.date.today()):
            state = self.tr(" — expired")
        return consent.name + state

    def _load_consents(self) -> None:
        """The register, re-read when its folder changed (an added or rewritten file renames into it) or
        after CONSENTS_MAX_AGE seconds: a selection change must not re-read a share's folder every time."""
        try:
            register = self.library.consents
            try:
                stamp: tuple[Any, ...] = (str(register.folder), os.stat(register.folder).st_mtime_ns)
            except OSError:
                stamp = (str(register.folder), None)
            now = time.monotonic()
            if stamp != self._consents_stamp or now - self._consents_read > CONSENTS_MAX_AGE:
                self.consents = register.list().consents
                self._consents_stamp, self._consents_read = stamp, now
                today = dt.date.today()
                set_valid_consents(frozenset(c.id for c in self.consents if c.valid_on(today)))
        except (LibraryError, ConsentError, OSError):
            self.consents = []
        current = self.consent_box.currentData()
        self.consent_box.clear()
        for consent in self.consents:
            if not consent.withdrawn:
                self.consent_box.addItem(self._consent_text(consent), consent.id)
        self._select(self.consent_box, current)

    # -- editing ---------------------------------------------------------------------------------------
    def changes(self) -> dict[str, Any]:
        """The fields to write: for one asset, those that differ from it; for several, those filled in."""
        several = len(self.ids) > 1
        rights = (self.single or {}).get("rights") or {}
        out: dict[str, Any] = {}
        texts = {
            "creator": self.creator_edit.text().strip(),
            "credit": self.credit_edit.text().strip(),
            "copyright": self.copyright_edit.text().strip(),
            "licence_end": self.licence_end_edit.text().strip(),
            "usage_terms": self.usage_edit.text().strip(),
        }
        current = {
            "creator": ", ".join(rights.get("creator") or []),
            "credit": rights.get("credit") or "",
            "copyright": rights.get("copyright") or "",
            "licence_end": rights.get("licence_end") or "",
            "usage_terms": rights.get("usage_terms") or "",
        }
        for key, text in texts.items():
            if (several and text) or (not several and text != current[key]):
                if key == "creator":
                    out[key] = [n.strip() for n in text.split(",") if n.strip()]
                else:
                    out[key] = text or None
        for key, box, now in (
            ("licence", self.licence_box, rights.get("licence")),
            ("people", self.people_box, rights.get("people") or "unknown"),
            ("minors", self.minors_box, rights.get("minors")),
            ("do_not_publish", self.publish_box, bool(rights.get("do_not_publish"))),
            ("release", self.release_box, rights.get("release")),
            ("property_release", self.property_box, rights.get("property_release")),
        ):
            value = box.currentData()
            if value == KEEP:
                continue
            if several or value != now:
                out[key] = value
        # Persons shown: a list merged like tags across PCs, so the edit is what was added and what was taken away.
        typed = [n.strip() for n in self.persons_edit.text().split(",") if n.strip()]
        if several:
            if typed:
                out["add_persons"] = typed
        else:
            before = list(rights.get("persons") or [])
            added = [n for n in typed if n not in before]
            removed = [n for n in before if n not in typed]
            if added:
                out["add_persons"] = added
            if removed:
                out["remove_persons"] = removed
        return out

    def apply(self) -> bool:
        if not self.ids:
            return False
        changes = self.changes()
        if not changes:
            self._show(self.tr("Nothing to change."))
            return False
        return self._push(changes, self.tr("Change the rights of %n asset(s)", "", len(self.ids)))

    def link_consent(self) -> bool:
        cid = self.consent_box.currentData()
        if not self.ids or not cid:
            return False
        name = self.consent_box.currentText()
        return self._push(
            {"add_consents": [cid], "people": "yes"},
            fill(self.tr("Link the consent of %1 to %2 asset(s)"), name, len(self.ids)),
        )

    def _on_dropped(self, ids: list[int]) -> None:
        cid = self.consent_box.currentData()
        if cid:
            self.link_ids(ids, cid)

    def link_ids(self, ids: list[int], consent_id: str) -> bool:
        """Link a consent to assets by id (batch, or assets dropped on a consent)."""
        return self._push({"add_consents": [consent_id], "people": "yes"}, self.tr("Link a consent"), ids)

    def _push(self, changes: dict[str, Any], text: str, ids: list[int] | None = None) -> bool:
        command = RightsCommand(self.library, ids or self.ids, changes, text, self._on_changed, self._on_error)
        self.undo_stack.push(command)
        return command.error is None

    def _on_changed(self, ids: list[int]) -> None:
        self.rightsChanged.emit(list(ids))

    def _on_error(self, message: str) -> None:
        self._show(fill(self.tr("The rights could not be saved: %1"), message))

    def _show(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def open_register(self) -> None:
        from .consents_dialog import ConsentsDialog

        dialog = ConsentsDialog(self.library, self)
        dialog.exec()
        self._consents_stamp = None  # read the register again
        self.set_selection(self.ids, self.single)
        if dialog.changed_ids:
            self.rightsChanged.emit(dialog.changed_ids)

    def open_campaign(self) -> None:
        from .campaign_rights_dialog import CampaignRightsDialog

        campaigns = ((self.single or {}).get("tags") or {}).get("campaign") or []
        dialog = CampaignRightsDialog(self.library, self, campaigns[0] if campaigns else "")
        dialog.exec()
        if dialog.changed:
            self.rightsChanged.emit(list(self.ids))
        self.set_selection(self.ids, self.single)


class RightsGateText(QObject):
    """The export dialog's question about the rights check (a QObject for tr())."""

    def ask(self, parent: QWidget, found: dict[str, dict[str, list[str]]], strict: bool) -> bool | None:
        """None: do not export; else the `strict` value to export with."""
        import os

        lines = []
        for path, per_preset in list(found.items())[:15]:
            reasons = sorted({r for rs in per_preset.values() for r in rs})
            lines.append(f"• {os.path.basename(path)} : {' '.join(reasons)}")
        if len(found) > 15:
            lines.append(fill(self.tr("… and %1 more"), len(found) - 15))
        details = "\n".join(lines)
        if strict:
            QMessageBox.information(
                parent,
                self.tr("Rights check"),
                fill(self.tr("These assets will not be exported (team setting):\n%1"), details),
            )
            return True
        answer = QMessageBox.question(
            parent,
            self.tr("Rights check"),
            fill(self.tr("The rights check found problems:\n%1\n\nExport them anyway?"), details),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return False if answer == QMessageBox.StandardButton.Yes else None


def check_before_export(parent: QWidget, library: Library, paths: list[str], preset_ids: list[str]) -> bool | None:
    """The export dialog's rights check: nothing found → False (export as usual); problems → the person is
    asked (None: cancel the export), or with the strict setting told, and True (refuse those assets)."""
    try:
        found = library.rights_check(paths, preset_ids)
    except LibraryError:
        return False
    if not found:
        return False
    return RightsGateText().ask(parent, found, library.settings().rights_strict)
