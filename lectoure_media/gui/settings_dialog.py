"""Settings: language, polling interval, thumbnail cache size, default credit line; the data dir shown."""
from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel,
                               QLineEdit, QSpinBox)

from ..core.library import Library


class SettingsDialog(QDialog):
    def __init__(self, library: Library, settings: QSettings, parent=None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Settings"))
        form = QFormLayout(self)
        self.language = QComboBox(self)
        self.language.addItem(self.tr("Automatic (French on a French system)"), "")
        self.language.addItem("Français", "fr")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(str(settings.value("ui/language", "")))))
        form.addRow(self.tr("Language"), self.language)
        self.poll = QDoubleSpinBox(self)
        self.poll.setRange(1.0, 600.0)
        self.poll.setSuffix(" s")
        self.poll.setValue(float(settings.value("watch/poll_interval", 5.0)))
        self.poll.setToolTip(self.tr("How often a network share is re-read (polling mode)."))
        form.addRow(self.tr("Polling interval"), self.poll)
        self.cache = QSpinBox(self)
        self.cache.setRange(100, 100_000)
        self.cache.setSuffix(self.tr(" MB"))
        self.cache.setValue(int(int(settings.value("thumbs/max_mb", library.thumb_max_bytes // 1_000_000))))
        form.addRow(self.tr("Thumbnail cache size"), self.cache)
        self.credit = QLineEdit(str(settings.value("export/credit", "")), self)
        self.credit.setPlaceholderText(self.tr("e.g. Photo: Ville de Lectoure"))
        form.addRow(self.tr("Default credit line"), self.credit)
        data = QLabel(str(library.data_dir), self)
        data.setToolTip(self.tr("Catalog, thumbnails and logs of this PC (never on the shared folder)."))
        form.addRow(self.tr("Data folder"), data)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   parent=self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.library = library

    def accept(self) -> None:
        self.settings.setValue("ui/language", self.language.currentData())
        self.settings.setValue("watch/poll_interval", self.poll.value())
        self.settings.setValue("thumbs/max_mb", self.cache.value())
        self.library.thumb_max_bytes = self.cache.value() * 1_000_000
        self.settings.setValue("export/credit", self.credit.text().strip())
        self.settings.sync()
        super().accept()
