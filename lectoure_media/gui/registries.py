"""Registries editor: the town's businesses, heritage sites, campaigns and keywords, one tab each.

Each tab lists the entries with how many assets carry them and edits one entry's details in a form.
Details are saved through Library.save_entry (under the library's lock, as the scan registers names);
renames, merges and deletions go through the Library too because the assets (catalog and XMP sidecars)
must follow, which can touch hundreds of files: that work runs as a background Task while the dialog
shows a busy indicator.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..core import (
    BUSINESS_CATEGORIES,
    FACETS,
    FORBIDDEN_TAG_CHARS,
    RECORD_TYPES,
    InvalidName,
    Library,
    LibraryError,
    clean_name,
    fold,
)
from .registry_history import HistoryPanel, merge_edit
from .screen_fit import fit_to_screen
from .tasks import Task
from .text import fill

log = logging.getLogger(__name__)

NameRole = Qt.ItemDataRole.UserRole + 20
CountRole = Qt.ItemDataRole.UserRole + 21

# Outside a QObject, strings use QCoreApplication.translate("RegistriesDialog", "…") written out in full:
# lupdate only extracts literal calls, never those made through a helper function.
_HASHTAG_SEPARATORS = re.compile(r"[\s,;]+")
_HASHTAG_BODY = re.compile(r"\w+")
# Enough for a few hundred assets on a slow share; past it the writer goes on in the background.
_SIDECAR_WAIT_S = 120.0


class FormError(Exception):
    """Input a person typed that cannot be saved; `message` is already translated, `widget` is the field."""

    def __init__(self, message: str, widget: QWidget | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.widget = widget


def check_name(text: str, field_label: str, widget: QWidget | None = None) -> str:
    """The cleaned name, or FormError with a translatable reason (core's own messages are French only)."""
    try:
        return clean_name(text)
    except InvalidName as exc:
        collapsed = " ".join(text.split())
        if not collapsed:
            reason = QCoreApplication.translate("RegistriesDialog", "%1: this field cannot be empty.")
        elif any(c in collapsed for c in FORBIDDEN_TAG_CHARS):
            reason = QCoreApplication.translate(
                "RegistriesDialog",
                "%1: this field cannot contain “/” or “|” (other programs use them to separate tag levels).",
            )
        elif len(collapsed) > 200:
            reason = QCoreApplication.translate("RegistriesDialog", "%1: this field is longer than 200 characters.")
        elif any(ord(c) < 32 or ord(c) == 127 for c in collapsed):
            reason = QCoreApplication.translate(
                "RegistriesDialog", "%1: this field contains invisible control characters."
            )
        else:
            raise FormError(str(exc), widget) from None
        raise FormError(fill(reason, field_label), widget) from None


def parse_hashtags(text: str) -> list[str]:
    """'lectoure, #Été2024 ##patrimoine' -> ['#lectoure', '#Été2024', '#patrimoine'] (one '#', no
    duplicates whatever the case). Raises ValueError(token) for a token social networks would cut short."""
    out: list[str] = []
    seen: set[str] = set()
    for token in _HASHTAG_SEPARATORS.split(text):
        body = token.lstrip("#")
        if not body:
            continue
        if not _HASHTAG_BODY.fullmatch(body):
            raise ValueError(token)
        if body.casefold() not in seen:
            seen.add(body.casefold())
            out.append("#" + body)
    return out


# ------------------------------------------------------------------------------------------------ forms


class EntryForm(QWidget):
    """The details of one entry. `load(record or None)` fills the fields; `record()` builds the edited
    record (keeping any field the form does not show) or raises FormError."""

    edited = Signal()
    facet = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self._base: Any | None = None
        self.rows = QFormLayout(self)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("field-name")
        self.rows.addRow(self.tr("&Name:"), self.name_edit)
        self.watch(self.name_edit)

    def watch(self, *widgets: QWidget) -> None:
        for w in widgets:
            if isinstance(w, (QLineEdit, QPlainTextEdit)):
                w.textChanged.connect(self._changed)
            elif isinstance(w, QComboBox):
                w.currentTextChanged.connect(self._changed)
            elif isinstance(w, QAbstractButton):
                w.toggled.connect(self._changed)
            elif isinstance(w, QDateEdit):
                w.dateChanged.connect(self._changed)
            elif isinstance(w, QSpinBox):
                w.valueChanged.connect(self._changed)

    def _changed(self, *_args: object) -> None:
        if not self._loading:
            self.edited.emit()

    def load(self, record: Any | None) -> None:
        self._loading = True
        try:
            self._base = record
            self.name_edit.setText(record.name if record is not None else "")
            self.fill(record)
        finally:
            self._loading = False

    def record(self) -> Any:
        name = check_name(self.name_edit.text(), self.tr("Name"), self.name_edit)
        values = self.values()
        base = self._base if self._base is not None else RECORD_TYPES[self.facet](name=name)
        return replace(base, name=name, **values)

    def fill(self, record: Any | None) -> None:
        """Fields other than the name, from `record` (None: a new entry)."""

    def values(self) -> dict[str, Any]:
        """Fields other than the name, validated."""
        return {}

    def line(self, label: str, name: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        if placeholder:
            edit.setPlaceholderText(placeholder)
        self.rows.addRow(label, edit)
        self.watch(edit)
        return edit

    def notes(self) -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setObjectName("field-notes")
        edit.setTabChangesFocus(True)
        edit.setMaximumHeight(110)
        self.rows.addRow(self.tr("N&otes:"), edit)
        self.watch(edit)
        return edit


class BusinessForm(EntryForm):
    facet = "business"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.category = QComboBox(self)
        self.category.setObjectName("field-category")
        self.category.setEditable(True)
        self.category.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line = self.category.lineEdit()  # an editable combo box has one
        if line is None:
            raise RuntimeError("the category combo box has no line edit")
        line.setPlaceholderText(self.tr("(no category)"))
        self.category.addItem("")
        self.category.addItems(list(BUSINESS_CATEGORIES))
        self.rows.addRow(self.tr("&Category:"), self.category)
        self.watch(self.category)
        self.address = self.line(self.tr("&Address:"), "field-address")
        self.town_centre = QCheckBox(self.tr("In the &town centre"), self)
        self.town_centre.setObjectName("field-town-centre")
        self.rows.addRow("", self.town_centre)
        self.watch(self.town_centre)
        self.facebook = self.line(self.tr("&Facebook:"), "field-facebook", self.tr("page name or address"))
        self.instagram = self.line(self.tr("&Instagram:"), "field-instagram", "@compte")
        self.tiktok = self.line(self.tr("TikTo&k:"), "field-tiktok", "@compte")
        self.notes_edit = self.notes()

    def set_known_categories(self, categories: list[str]) -> None:
        """Offer the categories other businesses already use next to the suggested ones."""
        known = {fold(self.category.itemText(i)) for i in range(self.category.count())}
        for name in categories:
            if name and fold(name) not in known:
                known.add(fold(name))
                self.category.addItem(name)

    def fill(self, record: Any | None) -> None:
        self.category.setCurrentText(str(record.category or "") if record else "")
        self.address.setText(str(record.address or "") if record else "")
        self.town_centre.setChecked(bool(record.town_centre) if record else True)
        self.facebook.setText(str(record.facebook or "") if record else "")
        self.instagram.setText(str(record.instagram or "") if record else "")
        self.tiktok.setText(str(record.tiktok or "") if record else "")
        self.notes_edit.setPlainText(str(record.notes or "") if record else "")

    def values(self) -> dict[str, Any]:
        category = self.category.currentText().strip()
        return {
            "category": check_name(category, self.tr("Category"), self.category) if category else None,
            "address": self.address.text().strip(),
            "town_centre": self.town_centre.isChecked(),
            "facebook": self.facebook.text().strip(),
            "instagram": self.instagram.text().strip(),
            "tiktok": self.tiktok.text().strip(),
            "notes": self.notes_edit.toPlainText().strip(),
        }


class HeritageForm(EntryForm):
    facet = "heritage"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lat = self.line(self.tr("&Latitude:"), "field-lat", "43.9319")
        self.lon = self.line(self.tr("Longit&ude:"), "field-lon", "0.6221")
        self.radius = QSpinBox(self)
        self.radius.setObjectName("field-radius")
        self.radius.setRange(1, 50_000)
        self.radius.setSuffix(" m")
        self.radius.setToolTip(self.tr("Photos taken within this distance are suggested for this site."))
        self.rows.addRow(self.tr("&Radius:"), self.radius)
        self.watch(self.radius)
        self.reference = self.line(self.tr("Mérimée / Inventaire re&ference:"), "field-reference", "PA00094999")
        self.approximate = QCheckBox(self.tr("A&pproximate coordinates (to check on a map)"), self)
        self.approximate.setObjectName("field-approximate")
        self.rows.addRow("", self.approximate)
        self.watch(self.approximate)
        self.address = self.line(self.tr("&Address:"), "field-address")
        self.notes_edit = self.notes()

    def fill(self, record: Any | None) -> None:
        self.lat.setText("" if record is None or record.lat is None else str(record.lat))
        self.lon.setText("" if record is None or record.lon is None else str(record.lon))
        radius = 100
        if record is not None:
            try:
                radius = round(float(record.radius_m))
            except (TypeError, ValueError):
                log.warning("heritage site %r has an unreadable radius %r", record.name, record.radius_m)
        self.radius.setValue(radius)
        self.reference.setText(str(record.reference or "") if record else "")
        self.approximate.setChecked(bool(record.approximate) if record else False)
        self.address.setText(str(record.address or "") if record else "")
        self.notes_edit.setPlainText(str(record.notes or "") if record else "")

    def _coordinate(self, edit: QLineEdit, label: str, limit: int) -> float | None:
        text = edit.text().strip()
        if not text:
            return None
        try:
            # French keyboards give a decimal comma, and people paste "43.93°" from maps.
            value = float(text.replace(",", ".").rstrip("°").strip())
        except ValueError:
            raise FormError(
                fill(
                    self.tr("%1: “%2” is not a number (write it in decimal degrees, for example 43.9319)."), label, text
                ),
                edit,
            ) from None
        if not math.isfinite(value) or not -limit <= value <= limit:
            raise FormError(fill(self.tr("%1 must be between -%2 and %2 degrees."), label, limit), edit)
        return value

    def values(self) -> dict[str, Any]:
        lat = self._coordinate(self.lat, self.tr("Latitude"), 90)
        lon = self._coordinate(self.lon, self.tr("Longitude"), 180)
        if (lat is None) != (lon is None):
            raise FormError(
                self.tr("Give both the latitude and the longitude, or leave both empty."),
                self.lon if lon is None else self.lat,
            )
        return {
            "lat": lat,
            "lon": lon,
            "radius_m": float(self.radius.value()),
            "reference": self.reference.text().strip(),
            "approximate": self.approximate.isChecked(),
            "address": self.address.text().strip(),
            "notes": self.notes_edit.toPlainText().strip(),
        }


class CampaignForm(EntryForm):
    facet = "campaign"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.has_start, self.start = self._date_row(self.tr("Sta&rt:"), "start")
        self.has_end, self.end = self._date_row(self.tr("&End:"), "end")
        self.hashtags = self.line(self.tr("Hash&tags:"), "field-hashtags", "#Lectoure #Patrimoine")
        self.hashtags.setToolTip(self.tr("Separated by spaces or commas; the # is added when missing."))
        self.credit = self.line(self.tr("&Credit line:"), "field-credit", self.tr("© Ville de Lectoure"))
        self.caption_template = QPlainTextEdit(self)  # the campaign's caption template (core/captions.py)
        self.caption_template.setObjectName("field-caption-template")
        self.caption_template.setTabChangesFocus(True)
        self.caption_template.setMaximumHeight(64)
        self.caption_template.setPlaceholderText(
            self.tr(
                "Empty: the default caption. Fields: {business} {handle} {site} {campaign} {hashtags} {credit} {date}"
            )
        )
        self.rows.addRow(self.tr("Caption te&mplate:"), self.caption_template)
        self.watch(self.caption_template)
        self.notes_edit = self.notes()

    def _date_row(self, label: str, name: str) -> tuple[QCheckBox, QDateEdit]:
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        check = QCheckBox(box)
        check.setObjectName(f"field-has-{name}")
        check.setToolTip(self.tr("Tick to give a date; campaigns without dates are allowed."))
        edit = QDateEdit(box)
        edit.setObjectName(f"field-{name}")
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd/MM/yyyy")
        edit.setDate(QDate.currentDate())
        edit.setEnabled(False)
        check.toggled.connect(edit.setEnabled)
        row.addWidget(check)
        row.addWidget(edit, 1)
        self.rows.addRow(label, box)
        self.watch(check, edit)
        return check, edit

    @staticmethod
    def _set_date(check: QCheckBox, edit: QDateEdit, value: Any) -> None:
        date = QDate.fromString(value, Qt.DateFormat.ISODate) if isinstance(value, str) and value else QDate()
        if value and not date.isValid():
            log.warning("campaign date %r unreadable, shown as unset", value)
        check.setChecked(date.isValid())
        edit.setDate(date if date.isValid() else QDate.currentDate())

    def fill(self, record: Any | None) -> None:
        self._set_date(self.has_start, self.start, record.start if record else None)
        self._set_date(self.has_end, self.end, record.end if record else None)
        tags = record.hashtags if record else []
        self.hashtags.setText(" ".join(map(str, tags)) if isinstance(tags, list) else str(tags or ""))
        self.credit.setText(str(record.credit or "") if record else "")
        template = getattr(record, "caption_template", "") if record else ""
        self.caption_template.setPlainText(template if isinstance(template, str) else "")
        self.notes_edit.setPlainText(str(record.notes or "") if record else "")

    def values(self) -> dict[str, Any]:
        start = self.start.date() if self.has_start.isChecked() else None
        end = self.end.date() if self.has_end.isChecked() else None
        if start is not None and end is not None and end < start:
            raise FormError(self.tr("The campaign ends before it starts: check the dates."), self.end)
        try:
            hashtags = parse_hashtags(self.hashtags.text())
        except ValueError as exc:
            raise FormError(
                fill(
                    self.tr("“%1” cannot be a hashtag: use only letters, digits and _ (no hyphen or punctuation)."),
                    exc.args[0],
                ),
                self.hashtags,
            ) from None
        return {
            "start": start.toString(Qt.DateFormat.ISODate) if start is not None else None,
            "end": end.toString(Qt.DateFormat.ISODate) if end is not None else None,
            "hashtags": hashtags,
            "credit": self.credit.text().strip(),
            "caption_template": self.caption_template.toPlainText().strip(),
            "notes": self.notes_edit.toPlainText().strip(),
        }


class KeywordForm(EntryForm):
    facet = "keywords"


# ------------------------------------------------------------------------------------------------ pages


def _guarded(method: Callable[..., Any]) -> Callable[..., Any]:
    """Slots never let an exception reach the user as a traceback: expected failures become a sentence,
    anything else is logged and reported in one sentence too. Returns False when it failed."""

    @functools.wraps(method)
    def wrapper(self: RegistryPage, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except FormError as exc:
            self.warn(exc.message)
            if exc.widget is not None:
                exc.widget.setFocus()
        except (InvalidName, LibraryError) as exc:
            self.warn(str(exc))
        except OSError as exc:
            log.exception("registry edit failed")
            # tr() outside the class body: lupdate cannot see the context, so it is spelled out
            self.warn(
                fill(
                    QCoreApplication.translate("RegistryPage", "The change could not be written to disk: %1"),
                    exc.strerror or exc,
                )
            )
        except Exception as exc:  # a bug must not close the dialog or lose the person's typing
            log.exception("registry edit failed")
            self.warn(
                fill(QCoreApplication.translate("RegistryPage", "Unexpected error (details in the log): %1"), exc)
            )
        return False

    return wrapper


class RegistryPage(QWidget):
    """One registry: filterable list of entries with usage counts, action buttons, the entry's form."""

    def __init__(self, dialog: RegistriesDialog, facet: str, form: EntryForm, title: str) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.library: Library = dialog.library
        self.facet = facet
        self.form = form
        self.title = title
        self.dirty = False
        self.original: str | None = None  # name of the entry in the form; None for a new one
        self.loaded: Any | None = None
        self._reverting = False

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("filter")
        self.filter_edit.setPlaceholderText(self.tr("Filter…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.list = QListWidget(self)
        self.list.setObjectName("entries")
        self.list.currentItemChanged.connect(self._on_current_changed)
        self.new_button = self._button(self.tr("Ne&w"), "button-new", lambda: self.new_entry())
        self.rename_button = self._button(self.tr("Rena&me…"), "button-rename", lambda: self.rename())
        self.merge_button = self._button(self.tr("Mer&ge into…"), "button-merge", lambda: self.merge())
        self.delete_button = self._button(self.tr("&Delete…"), "button-delete", lambda: self.delete())
        self.new_button.setToolTip(self.tr("New entry (Ctrl+N)"))
        self.rename_button.setToolTip(self.tr("Rename everywhere, including the photos' XMP files (F2)"))
        self.merge_button.setToolTip(self.tr("Move every asset of this entry to another one, then remove it"))
        self.delete_button.setToolTip(self.tr("Delete the entry and take it off its assets (Del)"))
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(lambda: self.delete())

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter_edit)
        left_layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.rename_button, self.merge_button, self.delete_button):
            buttons.addWidget(b)
        left_layout.addLayout(buttons)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel(right)
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        right_layout.addWidget(self.heading)
        form.setParent(right)
        right_layout.addWidget(form)
        self.history = HistoryPanel(right)  # earlier versions kept in the team folder (gui/registry_history.py)
        self.history.restoreRequested.connect(self.restore_version)
        right_layout.addWidget(self.history)
        right_layout.addStretch(1)
        self.save_button = self._button(self.tr("&Save"), "button-save", lambda: self.save())
        self.save_button.setToolTip(self.tr("Save the details (Ctrl+S)"))
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_button)
        right_layout.addLayout(save_row)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        form.edited.connect(self._on_edited)
        for edit in form.findChildren(QLineEdit):
            if edit.parent() is form:  # not the line edits inside the combo box and the date fields
                edit.returnPressed.connect(lambda: self.save())
        if isinstance(form, BusinessForm):
            form.set_known_categories([r.category for r in self.library.entries("business") if r.category])
        self.refresh()

    def _button(self, text: str, name: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        # In a dialog, Enter would otherwise press the first button (possibly Delete) or close the dialog.
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # -- messages ---------------------------------------------------------------------------------
    def warn(self, text: str) -> None:
        QMessageBox.warning(self, self.title, text)

    def ask(self, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            self.title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    # -- list -------------------------------------------------------------------------------------
    def names(self) -> list[str]:
        return [self.list.item(i).data(NameRole) for i in range(self.list.count())]

    def refresh(self, select: str | None = None) -> None:
        """Reload the entries and their counts, select `select` (by folded name) and show it in the form."""
        counts = self.library.facet_counts(self.facet)
        wanted = fold(select) if select else None
        chosen: QListWidgetItem | None = None
        self.list.blockSignals(True)
        try:
            self.list.clear()
            for name, count in counts.items():
                item = QListWidgetItem(fill("%1  (%2)", name, count))
                item.setData(NameRole, name)
                item.setData(CountRole, count)
                item.setToolTip(fill(self.tr("%1 is used by %n asset(s).", "", count), name))
                self.list.addItem(item)
                if wanted is not None and fold(name) == wanted:
                    chosen = item
            if chosen is not None:
                self.list.setCurrentItem(chosen)
                self.list.scrollToItem(chosen)
            else:
                self.list.setCurrentRow(-1)  # no current item
                self.list.clearSelection()
        finally:
            self.list.blockSignals(False)
        self._apply_filter()
        self._load(chosen.data(NameRole) if chosen is not None else None)

    def _apply_filter(self) -> None:
        needle = fold(self.filter_edit.text().strip())
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(bool(needle) and needle not in fold(item.data(NameRole)))

    def _select_quietly(self, item: QListWidgetItem | None) -> None:
        self._reverting = True
        try:
            if item is None:
                self.list.setCurrentRow(-1)  # no current item
                self.list.clearSelection()
            else:
                self.list.setCurrentItem(item)
        finally:
            self._reverting = False

    def _on_current_changed(self, current: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if self._reverting:
            return
        target = current.data(NameRole) if current is not None else None
        if not self.dirty:
            self._load(target)
            return
        answer = self._ask_save()
        if answer == QMessageBox.StandardButton.Save:
            # save() reloads the list (current/previous die with it) and then shows `target`.
            if self.save(select=target) is False:
                self._select_quietly(self._item_named(self.original))
        elif answer == QMessageBox.StandardButton.Discard:
            self._load(target)
        else:
            self._select_quietly(previous)

    def _item_named(self, name: str | None) -> QListWidgetItem | None:
        if name is None:
            return None
        for i in range(self.list.count()):
            if fold(self.list.item(i).data(NameRole)) == fold(name):
                return self.list.item(i)
        return None

    # -- form -------------------------------------------------------------------------------------
    def _load(self, name: str | None) -> None:
        record = self.library.entry(self.facet, name) if name else None
        self.original = record.name if record is not None else None
        self.loaded = record  # the entry as shown when the form was filled (merge_edit's base)
        self.form.load(record)
        self.dirty = False
        self._update_state()
        self.history.show_history(self.library.entry_history(self.facet, record.name) if record else [], record)

    def restore_version(self, record: Any) -> None:
        """An earlier version back in the form, as an unsaved edit (Ctrl+S keeps it, Discard drops it)."""
        if self.original is None or self.library.read_only:
            return
        self.form.load(replace(record, name=self.original))
        self._on_edited()

    def team_changed(self) -> None:
        """Another PC changed the registries: reload, unless the person is editing here (kept as typed)."""
        if not self.dirty:
            self.refresh(select=self.original)

    def _on_edited(self) -> None:
        self.dirty = True
        self._update_state()

    def _update_state(self) -> None:
        writable = not self.library.read_only
        selected = self.original is not None
        self.form.setEnabled(writable)
        self.history.writable = writable
        self.save_button.setEnabled(writable and (self.dirty or not selected))
        self.new_button.setEnabled(writable)
        self.rename_button.setEnabled(writable and selected)
        self.merge_button.setEnabled(writable and selected and self.list.count() > 1)
        self.delete_button.setEnabled(writable and selected)
        if self.original is None:
            self.heading.setText(self.tr("New entry: type its name and details, then Save."))
        else:
            count = self.library.usage_count(self.facet, self.original)
            self.heading.setText(fill(self.tr("“%1” is used by %n asset(s).", "", count), self.original))

    def _ask_save(self) -> QMessageBox.StandardButton:
        text = (
            fill(self.tr("Save the changes to “%1”?"), self.original)
            if self.original
            else self.tr("Save the new entry?")
        )
        return QMessageBox.question(
            self,
            self.title,
            text,
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )

    def confirm_leave(self) -> bool:
        """Before the form is replaced: save, discard or stay. True when the caller may go on."""
        if not self.dirty:
            return True
        answer = self._ask_save()
        if answer == QMessageBox.StandardButton.Save:
            return self.save() is not False
        if answer == QMessageBox.StandardButton.Discard:
            self._load(self.original)
            return True
        return False

    # -- actions ----------------------------------------------------------------------------------
    def _writable(self) -> bool:
        if self.library.read_only:
            self.warn(self.dialog.read_only_text())
            return False
        return not self.dialog.busy

    @_guarded
    def new_entry(self) -> None:
        if not self._writable() or not self.confirm_leave():
            return
        self._select_quietly(None)
        self._load(None)
        self.form.name_edit.setFocus()

    @_guarded
    def save(self, select: str | None = None) -> bool:
        """Save the form; a changed name is a rename (assets follow). `select`: entry to show afterwards."""
        if not self._writable():
            return False
        if self.original is not None and not self.dirty:
            if select is not None:
                self.refresh(select=select)
            return True
        record = self.form.record()
        if self.original is None:
            existing = self.library.entry(self.facet, record.name)
            if existing is not None:
                raise FormError(
                    fill(self.tr("“%1” already exists in this list: select it to edit it."), existing.name),
                    self.form.name_edit,
                )
            self.library.save_entry(self.facet, record)
            self.dirty = False
            self.refresh(select=select or record.name)
            self.dialog.entriesChanged.emit(self.facet)
            self.dialog.show_saved(record.name)
            return True
        old = self.original
        # Another PC may have changed this entry while the form was open: the fields not edited here keep
        # its values (the version replaced is in the history either way).
        record = merge_edit(self.loaded, record, self.library.entry(self.facet, old))
        self.library.save_entry(self.facet, replace(record, name=old), original_name=old)
        self.dirty = False
        if record.name != old:
            return self._rename_to(old, record.name, after=select)
        self.refresh(select=select or old)
        self.dialog.entriesChanged.emit(self.facet)
        self.dialog.show_saved(old)
        return True

    @_guarded
    def rename(self, new_name: str | None = None) -> bool:
        if not self._writable():
            return False
        if self.original is None:
            self.warn(self.tr("Select the entry to rename first."))
            return False
        if not self.confirm_leave():
            return False
        old = self.original
        if new_name is None:
            text, ok = QInputDialog.getText(
                self, self.title, fill(self.tr("New name for “%1”:"), old), QLineEdit.EchoMode.Normal, old
            )
            if not ok:
                return False
            new_name = text
        new = check_name(new_name, self.tr("Name"))
        if new == old:
            return False
        return self._rename_to(old, new)

    def _rename_to(self, old: str, new: str, *, after: str | None = None) -> bool:
        target = self.library.entry(self.facet, new)
        if target is not None and fold(target.name) != fold(old):
            return self._merge_into(old, target.name)
        self.dialog.run_change(
            self,
            fill(self.tr("Renaming “%1” to “%2”…"), old, new),
            lambda: self.library.rename_entry(self.facet, old, new),
            select=after or new,
        )
        return True

    @_guarded
    def merge(self, target: str | None = None) -> bool:
        if not self._writable():
            return False
        if self.original is None:
            self.warn(self.tr("Select the entry to merge first."))
            return False
        if not self.confirm_leave():
            return False
        source = self.original
        others = [n for n in self.names() if fold(n) != fold(source)]
        if not others:
            self.warn(self.tr("There is no other entry to merge into."))
            return False
        if target is None:
            chosen, ok = QInputDialog.getItem(
                self, self.title, fill(self.tr("Merge “%1” into:"), source), others, 0, False
            )
            if not ok or not chosen:
                return False
            target = chosen
        existing = self.library.entry(self.facet, target)
        if existing is None:
            self.warn(fill(self.tr("“%1” is not in this list."), target))
            return False
        return self._merge_into(source, existing.name)

    def _merge_into(self, source: str, target: str) -> bool:
        moving = self.library.usage_count(self.facet, source)
        text = fill(
            self.tr(
                "Merge “%1” into “%2”?\n\n%n asset(s) tagged “%1” will be tagged “%2” instead "
                "(XMP files included), and “%1” and its details will be removed from the list.",
                "",
                moving,
            ),
            source,
            target,
        )
        if not self.ask(text):
            self._load(source)
            return False
        self.dialog.run_change(
            self,
            fill(self.tr("Merging “%1” into “%2”…"), source, target),
            lambda: self.library.rename_entry(self.facet, source, target),
            select=target,
        )
        return True

    @_guarded
    def delete(self) -> bool:
        if not self._writable():
            return False
        name = self.original
        if name is None:
            self.warn(self.tr("Select the entry to delete first."))
            return False
        count = self.library.usage_count(self.facet, name)
        if count:
            text = fill(
                self.tr(
                    "Delete “%1”?\n\nIt is used by %n asset(s): the tag will be taken off them "
                    "and off their XMP files. The photos and videos themselves are kept.",
                    "",
                    count,
                ),
                name,
            )
        else:
            text = fill(self.tr("Delete “%1”? No asset uses it."), name)
        if not self.ask(text):
            return False
        self.dirty = False  # the details of an entry being deleted are moot
        self.dialog.run_change(
            self,
            fill(self.tr("Deleting “%1”…"), name),
            lambda: self.library.delete_entry(self.facet, name),
            select=None,
        )
        return True


# ----------------------------------------------------------------------------------------------- dialog


class RegistriesDialog(QDialog):
    """The registries editor. `entriesChanged(facet)` is emitted after each saved change (including the
    end of a background rename, merge or deletion)."""

    entriesChanged = Signal(str)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.setWindowTitle(self.tr("Businesses, sites and campaigns"))
        self._task: Task | None = None
        self._task_page: RegistryPage | None = None
        self._task_select: str | None = None
        self._task_errors_before = 0
        self._progress: QProgressDialog | None = None
        self._close_when_done = False

        layout = QVBoxLayout(self)
        self.read_only_label = QLabel(self.read_only_text(), self)
        self.read_only_label.setObjectName("read-only")
        self.read_only_label.setWordWrap(True)
        self.read_only_label.setVisible(library.read_only)
        layout.addWidget(self.read_only_label)
        self.problems_label = QLabel(self)  # team registry files that could not be read (ignored)
        self.problems_label.setObjectName("team-problems")
        self.problems_label.setWordWrap(True)
        layout.addWidget(self.problems_label)
        self._show_problems()
        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs, 1)
        # No mnemonics on the tabs: the forms' fields use most letters (Ctrl+Tab switches tabs).
        titles = {
            "business": self.tr("Businesses"),
            "heritage": self.tr("Heritage sites"),
            "campaign": self.tr("Campaigns"),
            "keywords": self.tr("Keywords"),
        }
        forms = {"business": BusinessForm, "heritage": HeritageForm, "campaign": CampaignForm, "keywords": KeywordForm}
        self.pages: dict[str, RegistryPage] = {}
        for facet in FACETS:
            page = RegistryPage(self, facet, forms[facet](), titles[facet])
            page.setObjectName(f"page-{facet}")
            self.pages[facet] = page
            self.tabs.addTab(page, titles[facet])

        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        for button in box.buttons():
            if isinstance(button, QPushButton):  # a standard button box makes push buttons
                button.setAutoDefault(False)
        box.rejected.connect(self.reject)
        # "“Café du Centre” saved.": a save says so, next to the Close button.
        self.saved_label = QLabel(self)
        self.saved_label.setObjectName("registries-saved")
        self.saved_label.setTextFormat(Qt.TextFormat.PlainText)
        bottom = QHBoxLayout()
        bottom.addWidget(self.saved_label, 1)
        bottom.addWidget(box)
        layout.addLayout(bottom)

        for keys, slot in (
            (QKeySequence.StandardKey.New, lambda: self.current_page().new_entry()),
            (QKeySequence.StandardKey.Save, lambda: self.current_page().save()),
            (QKeySequence(Qt.Key.Key_F2), lambda: self.current_page().rename()),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)
        fit_to_screen(self, QSize(960, 600))  # a 1366×768 laptop at 125 %: 1093×614 (gui/screen_fit.py)

    def show_saved(self, name: str) -> None:
        self.saved_label.setText(fill(self.tr("✓ “%1” saved."), name))

    def _show_problems(self) -> None:
        problems = self.library.registry_problems()
        self.problems_label.setText(
            self.tr("%n file(s) of the shared registries could not be read and are ignored.", "", len(problems))
        )
        self.problems_label.setToolTip("\n".join(f"{path} : {reason}" for path, reason in problems))
        self.problems_label.setVisible(bool(problems))

    def team_changed(self) -> None:
        """The registries changed on another PC (read back by the watcher or a scan): every page reloads."""
        self._show_problems()
        if self.busy:
            return
        for page in self.pages.values():
            page.team_changed()

    def read_only_text(self) -> str:
        return self.tr(
            "The catalogue is open read-only (another Lectoure Media program holds it): the lists "
            "can be read here but not changed."
        )

    def current_page(self) -> RegistryPage:
        page = self.tabs.currentWidget()
        if not isinstance(page, RegistryPage):  # every tab is a RegistryPage (__init__)
            raise RuntimeError("the registries dialog has no current page")
        return page

    def page(self, facet: str) -> RegistryPage:
        return self.pages[facet]

    @property
    def busy(self) -> bool:
        return self._is_busy()

    def _is_busy(self) -> bool:
        return self._task is not None

    # -- background changes --------------------------------------------------------------------------
    def run_change(self, page: RegistryPage, label: str, work: Callable[[], int], *, select: str | None) -> None:
        """Run a registry change that rewrites assets off the GUI thread, then reload `page`.

        Not cancellable: stopping a rename halfway would leave assets under both names. It waits for the
        sidecar writer too, so that when the dialog says "done" the XMP files say so as well."""
        library = self.library
        self._task_errors_before = library.sidecar_error_mark()

        def job(progress: Callable[[int, int, str], None], cancel: Any) -> tuple[int, bool]:
            progress(0, 0, label)
            count = work()
            return count, library.wait_sidecars(timeout=_SIDECAR_WAIT_S)

        task = Task(job, parent=self)
        task.finished.connect(self._on_change_finished)
        task.failed.connect(self._on_change_failed)
        self._task, self._task_page, self._task_select = task, page, select
        self.tabs.setEnabled(False)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        progress = QProgressDialog(label, "", 0, 0, self)
        progress.setObjectName("progress")
        progress.setWindowTitle(page.title)
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)  # a quick rename should not flash a window
        self._progress = progress
        task.start()

    def _end_change(self) -> RegistryPage | None:
        page = self._task_page
        if self._progress is not None:
            self._progress.reset()
            self._progress.deleteLater()
            self._progress = None
        if self._task is not None:
            self._task.deleteLater()
        self._task = self._task_page = None
        QApplication.restoreOverrideCursor()
        self.tabs.setEnabled(True)
        return page

    def _on_change_finished(self, result: tuple[int, bool]) -> None:
        select = self._task_select
        page = self._end_change()
        if page is None:
            return
        try:
            page.refresh(select=select)
            _count, synced = result
            errors = self.library.sidecar_errors_since(self._task_errors_before)
            if errors:
                QMessageBox.warning(
                    self,
                    page.title,
                    fill(
                        self.tr(
                            "The catalogue is updated, but %n XMP file(s) could not be written (for example “%1”: %2). "
                            "They will be written the next time Lectoure Media starts.",
                            "",
                            len(errors),
                        ),
                        errors[0][0],
                        errors[0][1],
                    ),
                )
            elif not synced:
                log.warning("sidecar writer still busy after %.0f s; it goes on in the background", _SIDECAR_WAIT_S)
        except Exception:  # the change itself is done; only the redisplay failed
            log.exception("registry refresh after a change failed")
        self.entriesChanged.emit(page.facet)
        if self._close_when_done:
            self._close_when_done = False
            self.reject()

    def _on_change_failed(self, message: str) -> None:
        page = self._end_change()
        self._close_when_done = False  # stay open: the person must see what did not happen
        try:
            if page is not None:
                page.refresh(select=page.original)
        except Exception:
            log.exception("registry refresh after a failed change failed")
        QMessageBox.warning(
            self,
            page.title if page else self.windowTitle(),
            fill(self.tr("The change could not be completed: %1"), message),
        )

    # -- closing -------------------------------------------------------------------------------------
    def reject(self) -> None:
        if self.busy:
            return  # the change must finish (the progress window says what is happening)
        dirty = [p for p in self.pages.values() if p.dirty]
        for page in dirty:
            self.tabs.setCurrentWidget(page)
            if not page.confirm_leave():
                return
            # saving started a rename: close once the assets have followed (a call, not `busy`: mypy
            # would keep the value read above)
            if self._is_busy():
                self._close_when_done = True
                return
        super().reject()
