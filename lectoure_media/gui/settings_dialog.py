"""Settings: language, polling interval, thumbnail cache size, default credit line; the data dir shown.

The values live in core (Library.settings(), settings.json in the data dir), where the CLI and the export
dialog read them too; QSettings keeps the window's geometry and view state only. `migrate_qsettings`
moves the values older versions kept in QSettings into core, once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
)

from ..core import Library, LibraryError, replace_settings

log = logging.getLogger(__name__)


def _text(value: Any) -> str:
    # An INI line with an unquoted comma comes back as a list (a hand-edited file): it was one text.
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def _flag(value: Any) -> bool:
    # INI files give "true"/"false" back as text; the registry (Windows) gives booleans or integers.
    if isinstance(value, bool):
        return value
    if str(value).strip().lower() in ("true", "1"):
        return True
    if str(value).strip().lower() in ("false", "0", ""):
        return False
    raise ValueError(value)


def _presets(value: Any) -> list[str]:
    # Stored as one comma-separated string (INI turns a one-element list into a bare string).
    items = value if isinstance(value, (list, tuple)) else str(value).split(",")
    return [str(p).strip() for p in items if str(p).strip()]


# The QSettings keys of earlier versions → the core setting and how to read its stored text.
LEGACY_KEYS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "ui/language": ("language", _text),
    "watch/poll_interval": ("poll_interval", float),
    "thumbs/max_mb": ("thumb_cache_mb", lambda v: int(float(v))),
    "export/credit": ("default_credit", _text),
    "export/folder": ("export_folder", _text),
    "export/template": ("name_template", _text),
    "export/presets": ("export_presets", _presets),
    "export/logo": ("export_logo", _text),
    "export/trim": ("export_trim", _flag),
    "export/fit": ("export_fit", _flag),
}


def migrate_qsettings(library: Library, *stores: QSettings) -> dict[str, Any]:
    """Move the settings earlier versions kept in QSettings into the library's settings, once: for each
    setting, the first store holding a usable value wins (give the data dir's own store first); every old
    key, moved or unusable, is then removed from its store. Returns what was moved. A settings file the
    disk refuses leaves every store as it was (LibraryError, French), to try again at the next start."""
    moved: dict[str, Any] = {}
    taken: list[tuple[QSettings, str]] = []
    for store in stores:
        for key, (name, convert) in LEGACY_KEYS.items():
            if not store.contains(key):
                continue
            taken.append((store, key))
            if name in moved:
                continue
            try:
                value = convert(store.value(key))
                replace_settings(library.settings(), **{name: value})
            except (TypeError, ValueError) as exc:  # SettingsError is a ValueError (French sentence)
                log.warning("old setting %s unusable, dropped: %s", key, exc)
                continue
            moved[name] = value
    if moved:
        library.update_settings(**moved)
    for store, key in taken:
        store.remove(key)
    for store in stores:
        store.sync()
    return moved


class SettingsDialog(QDialog):
    def __init__(self, library: Library, parent=None) -> None:
        super().__init__(parent)
        self.library = library
        current = library.settings()
        self.setWindowTitle(self.tr("Settings"))
        form = QFormLayout(self)
        self.language = QComboBox(self)
        self.language.addItem(self.tr("Automatic (French on a French system)"), "")
        self.language.addItem("Français", "fr")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(current.language)))
        form.addRow(self.tr("Language"), self.language)
        self.poll = QDoubleSpinBox(self)
        self.poll.setRange(1.0, 600.0)
        self.poll.setSuffix(" s")
        self.poll.setValue(current.poll_interval)
        self.poll.setToolTip(self.tr("How often a network share is re-read (polling mode)."))
        form.addRow(self.tr("Polling interval"), self.poll)
        self.cache = QSpinBox(self)
        self.cache.setRange(100, 100_000)
        self.cache.setSuffix(self.tr(" MB"))
        self.cache.setValue(current.thumb_cache_mb)
        form.addRow(self.tr("Thumbnail cache size"), self.cache)
        self.credit = QLineEdit(current.default_credit, self)
        self.credit.setPlaceholderText(self.tr("e.g. Photo: Ville de Lectoure"))
        form.addRow(self.tr("Default credit line"), self.credit)
        self.rights_strict = QCheckBox(self.tr("Refuse exports the rights check stops (instead of asking)"), self)
        self.rights_strict.setChecked(current.rights_strict)
        form.addRow(self.rights_strict)
        data = QLabel(str(library.data_dir), self)
        data.setToolTip(self.tr("Catalog, thumbnails and logs of this PC (never on the shared folder)."))
        form.addRow(self.tr("Data folder"), data)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        try:
            self.library.update_settings(
                language=self.language.currentData(),
                poll_interval=self.poll.value(),
                thumb_cache_mb=self.cache.value(),
                default_credit=self.credit.text().strip(),
                rights_strict=self.rights_strict.isChecked(),
            )
        except LibraryError as exc:  # a refused value or a disk that refuses the file: say it, stay open
            QMessageBox.warning(self, self.tr("Settings"), str(exc))
            return
        super().accept()
