"""Export dialog: the selected assets × the chosen platform presets, written to a folder in the background.

The batch itself (worker processes, naming, cancel, clean-up of partial files) is core's business
(Library.export → export.batch.ExportJob); this dialog only gathers the options, adapts the batch's progress
stream to a progress bar and a per-item list, and lets the finished files be dragged or copied out.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from PySide6.QtCore import QMimeData, QObject, QSize, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QImage, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import (
    CANCELLED_MESSAGE,
    TEMPLATE_FIELDS,
    BatchProgress,
    ExportItem,
    ExportPreset,
    InvalidTemplate,
    ItemResult,
    KindGroup,
    Library,
    LibraryError,
    example_file_name,
    load_presets_report,
    split_by_kind,
)
from .fit_advice import FitAdviceBar
from .format_set_ticks import FormatSetTicks
from .icons import platform_icon
from .screen_fit import fit_to_screen
from .tasks import Task
from .text import fill

log = logging.getLogger(__name__)

OutputRole = Qt.ItemDataRole.UserRole + 1  # str path of the written file, or None
KindRole = Qt.ItemDataRole.UserRole + 2  # "photo" | "video"
PresetIdRole = Qt.ItemDataRole.UserRole + 3
CaptionRole = Qt.ItemDataRole.UserRole + 4  # str path of the caption file written beside the output, or None

# The bar counts in thousandths: a batch of 3 photos still moves smoothly while each one is encoded.
PROGRESS_STEPS = 1000


# ------------------------------------------------------------------------------------------- plain logic
@dataclass
class ExportOutcome:
    """What a run of the dialog produced: one ItemResult per (asset, preset) pair that was planned,
    in order; `cancelled` is True when at least one of them was not written because of a cancel."""

    results: list[ItemResult] = field(default_factory=list)
    cancelled: bool = False

    @property
    def written(self) -> list[ItemResult]:
        return [r for r in self.results if r.ok]

    @property
    def failed(self) -> list[ItemResult]:
        return [r for r in self.results if r.error is not None and not r.cancelled]

    @property
    def not_done(self) -> list[ItemResult]:
        return [r for r in self.results if r.cancelled]


def run_groups(
    library: Library,
    groups: Sequence[KindGroup],
    out_dir: str,
    *,
    options: dict[str, Any],
    workers: int | None,
    report: Callable[[BatchProgress], None],
    cancel: threading.Event,
) -> ExportOutcome:
    """Run each group through Library.export, presenting them as one batch to `report`.

    A cancel between groups leaves the later groups unstarted: their items come back as cancelled."""
    total = sum(g.size for g in groups)
    offset = 0
    results: list[ItemResult] = []
    for group in groups:
        # split_by_kind makes only "photo" and "video" groups (core/export/plan.py), the kinds ExportItem takes
        kind = cast(Literal["photo", "video"], group.kind)
        if cancel.is_set():
            results += [
                ItemResult(ExportItem(path, pid, kind=kind), error=CANCELLED_MESSAGE, cancelled=True)
                for path in group.paths
                for pid in group.preset_ids
            ]
            offset += group.size
            continue

        def relay(p: BatchProgress, offset: int = offset, size: int = group.size) -> None:
            fraction = (offset + p.fraction_overall * size) / total if total else 1.0
            report(BatchProgress(offset + p.done_items, total, min(1.0, fraction), p.current_label, p.last_result))

        results += library.export(
            group.paths, group.preset_ids, out_dir, workers=workers, progress=relay, cancel=cancel, **options
        )
        offset += group.size
    return ExportOutcome(results=results, cancelled=any(r.cancelled for r in results))


def output_mime_data(paths: Sequence[str], *, image_path: str | None = None) -> QMimeData:
    """File URLs (text/uri-list, for a browser upload box or the file manager) and the paths as text;
    with `image_path`, the picture itself too, for pasting into an image editor or a chat window."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(p) for p in paths])
    mime.setText("\n".join(paths))
    if image_path is not None:
        image = QImage(image_path)
        if image.isNull():
            log.warning("exported image unreadable for the clipboard: %s", image_path)
        else:
            mime.setImageData(image)
    return mime


# --------------------------------------------------------------------------------------------- widgets
class _BatchRelay(QObject):
    """Carries BatchProgress reports from the export thread to the GUI thread (queued)."""

    report = Signal(object)


class ResultTree(QTreeWidget):
    """The per-item list. Finished rows drag out as file URLs; Ctrl+C copies them."""

    copyRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(3)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)

    def finished_paths(self, items: Sequence[QTreeWidgetItem]) -> list[str]:
        return [p for p in (i.data(0, OutputRole) for i in items) if p and os.path.isfile(p)]

    def mimeTypes(self) -> list[str]:
        return ["text/uri-list", "text/plain"]

    def mimeData(self, items: Sequence[QTreeWidgetItem]) -> QMimeData:
        return output_mime_data(self.finished_paths(items))

    def supportedDropActions(self) -> Qt.DropAction:
        # Copy only: a "move" drop would make the view delete the rows (and a file manager move the file).
        return Qt.DropAction.CopyAction

    def keyPressEvent(self, event) -> None:
        # QAbstractItemView copies the current cell's text on Ctrl+C; here the files are what people want.
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copyRequested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class ExportDialog(QDialog):
    """Export `ids` for the presets the user checks. Signals: exportStarted(total items),
    itemExported(ItemResult) as each item ends, exportFinished(ExportOutcome) at the end (also after a
    cancel), exportFailed(message) when the batch could not run at all."""

    exportStarted = Signal(int)
    itemExported = Signal(object)
    exportFinished = Signal(object)
    exportFailed = Signal(str)

    def __init__(
        self, library: Library, ids: list[int], parent: QWidget | None = None, *, workers: int | None = None
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.workers = workers
        self._task: Task | None = None
        self._relay: _BatchRelay | None = None
        self._close_when_done = False
        self.stop_question: QMessageBox | None = None
        self._rows: dict[tuple[str, str], QTreeWidgetItem] = {}
        self._out_dir = ""
        self.outcome: ExportOutcome | None = None
        self.setWindowTitle(self.tr("Export"))
        self.setSizeGripEnabled(True)

        self.assets, self.missing = self._load_assets(ids)
        report = load_presets_report(library.data_dir)
        self.presets = report.presets
        self._preset_by_id = {p.id: p for p in self.presets}
        self._build(report.warnings)
        self._restore_settings()
        self.preview_strip.set_presets(self.checked_presets())
        self._update_fit_advice()
        self._update_example()
        self._set_running(False)
        fit_to_screen(self, QSize(760, 820))  # a 1366×768 laptop at 125 %: 1093×614 (gui/screen_fit.py)

    # -- construction --------------------------------------------------------------------------------
    def _load_assets(self, ids: Sequence[int]) -> tuple[list[dict], list[dict]]:
        assets, missing, seen = [], [], set()
        for asset_id in ids:
            if asset_id in seen:
                continue
            seen.add(asset_id)
            asset = self.library.asset(asset_id)
            if asset is None:
                continue
            # Library.export refuses the whole batch for one absent file: leave those out up front.
            if asset.get("kind") not in ("photo", "video") or not os.path.isfile(asset["path"]):
                missing.append(asset)
            else:
                assets.append(asset)
        return assets, missing

    @property
    def photo_count(self) -> int:
        return sum(1 for a in self.assets if a["kind"] == "photo")

    @property
    def video_count(self) -> int:
        return sum(1 for a in self.assets if a["kind"] == "video")

    def _build(self, preset_warnings: list[str]) -> None:
        layout = QVBoxLayout(self)
        self.form_widget = QWidget(self)
        form = QFormLayout(self.form_widget)
        form.setContentsMargins(0, 0, 0, 0)
        # The options scroll when the screen is short (a laptop at 125 %); the buttons stay in view below.
        self.form_scroll = QScrollArea(self)
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_scroll.setWidget(self.form_widget)
        layout.addWidget(self.form_scroll, 3)

        self.selection_label = QLabel(self._selection_text(), self)
        self.selection_label.setWordWrap(True)
        form.addRow(self.tr("Selection:"), self.selection_label)

        self.preset_list = QListWidget(self)
        self.preset_list.setMinimumHeight(170)
        # Never sideways: a long format name is cut with "…", whole in its tooltip.
        self.preset_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.preset_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        for preset in self.presets:
            item = QListWidgetItem(self._preset_text(preset))
            item.setData(PresetIdRole, preset.id)
            item.setIcon(platform_icon(preset.id))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            tip = f"{self._preset_text(preset)}\n{preset.id} — {preset.width}×{preset.height}"
            if preset.note:
                tip += "\n" + preset.note
            item.setToolTip(tip)
            self.preset_list.addItem(item)
        self.preset_list.itemChanged.connect(lambda _i: self._update_example())
        presets_box = QVBoxLayout()
        # The team's format sets, one tick each, at the top of the list (gui/format_set_ticks.py).
        self._applying_set = False
        self.set_ticks = FormatSetTicks(self.library, lambda: [p.id for p in self.checked_presets()], self)
        self.set_ticks.setToggled.connect(self._on_set_toggled)
        self.preset_list.itemChanged.connect(lambda _i: self._applying_set or self.set_ticks.presets_changed())
        preset_warnings = preset_warnings + self.set_ticks.warnings
        presets_box.addWidget(self.set_ticks)
        presets_box.addWidget(self.preset_list)
        if preset_warnings:
            bad = QLabel("\n".join(preset_warnings), self)
            bad.setWordWrap(True)
            bad.setStyleSheet("color: #a06000;")
            presets_box.addWidget(bad)
        form.addRow(self.tr("Formats:"), presets_box)

        self.folder_edit = QLineEdit(self)
        self.folder_edit.setPlaceholderText(self.tr("Folder where the exported files are written"))
        self.folder_button = QPushButton(self.tr("&Choose…"), self)
        self.folder_button.clicked.connect(self.choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.folder_button)
        form.addRow(self.tr("Destination folder:"), row)

        self.template_edit = QLineEdit(self)
        self.template_edit.setClearButtonEnabled(True)
        self.template_edit.textChanged.connect(lambda _t: self._update_example())
        fields_row = QHBoxLayout()
        fields_row.addWidget(QLabel(self.tr("Insert:"), self))
        self.field_buttons: dict[str, QToolButton] = {}
        for name in TEMPLATE_FIELDS:
            button = QToolButton(self)
            button.setText("{" + name + "}")
            button.setToolTip(self._field_help(name))
            button.clicked.connect(lambda _c=False, n=name: self._insert_field(n))
            self.field_buttons[name] = button
            fields_row.addWidget(button)
        fields_row.addStretch(1)
        self.example_label = QLabel(self)
        self.example_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.example_label.setWordWrap(True)
        naming = QVBoxLayout()
        naming.addWidget(self.template_edit)
        naming.addLayout(fields_row)
        naming.addWidget(self.example_label)
        form.addRow(self.tr("File names:"), naming)

        self.credit_edit = QLineEdit(self)
        self.credit_edit.setClearButtonEnabled(True)
        self.credit_edit.setPlaceholderText(
            self.tr("Empty: no credit drawn (the campaign's credit, if any, goes into the file's metadata)")
        )
        self.credit_edit.setToolTip(self.tr("Drawn in a corner of each photo and written in its metadata."))
        form.addRow(self.tr("Credit line:"), self.credit_edit)

        # Every ticked format's crop, with the credit where the export draws it (gui/publish_preview.py).
        from .publish_preview import CropPreviewStrip

        self.preview_strip = CropPreviewStrip(self.library, self.assets, self)
        self.credit_edit.textChanged.connect(self.preview_strip.set_credit)
        self.preset_list.itemChanged.connect(lambda _i: self.preview_strip.set_presets(self.checked_presets()))
        form.addRow(self.tr("Preview:"), self.preview_strip)

        self.logo_edit = QLineEdit(self)
        self.logo_edit.setClearButtonEnabled(True)
        self.logo_edit.setPlaceholderText(self.tr("Optional PNG logo drawn on each photo"))
        self.logo_button = QPushButton(self.tr("C&hoose…"), self)
        self.logo_button.clicked.connect(self.choose_logo)
        row = QHBoxLayout()
        row.addWidget(self.logo_edit, 1)
        row.addWidget(self.logo_button)
        form.addRow(self.tr("Logo:"), row)

        self.captions_check = QCheckBox(self.tr("Write a capt&ion beside each file (.txt)"), self)
        self.captions_check.setToolTip(
            self.tr("A caption draft per file: business and handle, site, campaign hashtags, credit.")
        )
        form.addRow(self.tr("Captions:"), self.captions_check)

        self.trim_check = QCheckBox(self.tr("&Trim videos to the platform's time limit"), self)
        self.fit_check = QCheckBox(self.tr("&Fit the whole picture (blurred background) instead of cropping"), self)
        videos = QVBoxLayout()
        videos.addWidget(self.trim_check)
        videos.addWidget(self.fit_check)
        self.fit_advice_bar = FitAdviceBar(self)  # a crop enlarging a video 3 times or more: offer the fit mode
        self.fit_advice_bar.fitChosen.connect(lambda: self.fit_check.setChecked(True))
        self.fit_check.toggled.connect(lambda _on: self._update_fit_advice())
        self.preset_list.itemChanged.connect(lambda _i: self._update_fit_advice())
        videos.addWidget(self.fit_advice_bar)
        has_videos = self.video_count > 0
        for box in (self.trim_check, self.fit_check):
            box.setEnabled(has_videos)
            if not has_videos:
                box.setToolTip(self.tr("No video in the selection."))
        form.addRow(self.tr("Videos:"), videos)

        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, PROGRESS_STEPS)
        self.progress_bar.setValue(0)
        self.step_label = QLabel(self)
        self.step_label.setWordWrap(True)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.step_label)

        self.results = ResultTree(self)
        self.results.setHeaderLabels([self.tr("Source"), self.tr("Format"), self.tr("Result")])
        header = self.results.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.results.setToolTip(self.tr("Drag finished files to a browser or a folder, or copy them with Ctrl+C."))
        self.results.copyRequested.connect(self.copy_selection)
        self.results.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.results.customContextMenuRequested.connect(self._results_menu)
        self.results.setMinimumHeight(90)
        layout.addWidget(self.results, 2)
        # Progress and results appear with the first export: until then the options have the room.
        for widget in (self.progress_bar, self.step_label, self.results):
            widget.setVisible(False)

        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary_label)
        self.warnings_view = QPlainTextEdit(self)
        self.warnings_view.setReadOnly(True)
        self.warnings_view.setMaximumHeight(110)
        self.warnings_view.setVisible(False)
        layout.addWidget(self.warnings_view)

        buttons = QHBoxLayout()
        self.open_folder_button = QPushButton(self.tr("&Open folder"), self)
        self.open_folder_button.setEnabled(False)
        self.open_folder_button.clicked.connect(self.open_folder)
        buttons.addWidget(self.open_folder_button)
        self.copy_caption_button = QPushButton(self.tr("Copy the c&aption"), self)
        self.copy_caption_button.setToolTip(self.tr("Copy the caption of the selected file (Ctrl+Shift+C)."))
        self.copy_caption_button.setEnabled(False)
        self.copy_caption_button.clicked.connect(self.copy_caption)
        self.results.itemSelectionChanged.connect(self._update_caption_button)
        self.copy_caption_action = QAction(self.tr("Copy the c&aption"), self)
        self.copy_caption_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_caption_action.triggered.connect(self.copy_caption)
        self.addAction(self.copy_caption_action)
        buttons.addWidget(self.copy_caption_button)
        self.publish_button = QPushButton(self.tr("Mark as &published…"), self)  # gui/publog_panel.py
        self.publish_button.setEnabled(False)
        self.publish_button.clicked.connect(self.mark_published)
        buttons.addWidget(self.publish_button)
        buttons.addStretch(1)
        self.export_button = QPushButton(self.tr("&Export"), self)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button = QPushButton(self.tr("Cancel export"), self)
        self.cancel_button.clicked.connect(self.cancel_export)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.clicked.connect(self.reject)
        for push in (self.export_button, self.cancel_button, self.close_button):
            push.setAutoDefault(False)
            buttons.addWidget(push)
        self.export_button.setDefault(True)
        layout.addLayout(buttons)

    def _selection_text(self) -> str:
        photos, videos = self.photo_count, self.video_count
        text = self.tr("%n asset(s) to export", "", len(self.assets))
        text += " (" + self.tr("%n photo(s)", "", photos) + ", " + self.tr("%n video(s)", "", videos) + ")"
        if self.missing:
            text += " — " + self.tr("%n missing or unreadable file(s) left out", "", len(self.missing))
        return text

    def _preset_text(self, preset: ExportPreset) -> str:
        text = f"{preset.label} — {preset.width}×{preset.height}"
        notes = []
        if self.photo_count and not preset.supports("photo"):
            notes.append(self.tr("videos only: %n photo(s) will be skipped", "", self.photo_count))
        if self.video_count and not preset.supports("video"):
            notes.append(self.tr("photos only: %n video(s) will be skipped", "", self.video_count))
        if notes:
            text += "  (" + "; ".join(notes) + ")"
        return text

    def _field_help(self, name: str) -> str:
        return {
            "name": self.tr("The source file's name, without its extension"),
            "preset": self.tr("The format's identifier, e.g. instagram-square"),
            "date": self.tr("The shooting date, e.g. 2024-05-01 ({date:%Y%m%d} gives 20240501)"),
            "business": self.tr("The first business tagged on the asset"),
            "site": self.tr("The first heritage site tagged on the asset"),
            "campaign": self.tr("The first campaign tagged on the asset"),
        }[name]

    def _restore_settings(self) -> None:
        """The last choices and the default credit line, from the library's settings (this data dir's)."""
        s = self.library.settings()
        self.folder_edit.setText(s.export_folder)
        self.template_edit.setText(s.name_template)
        self.credit_edit.setText(s.export_credit or s.default_credit)  # the last credit typed, else the default
        self.logo_edit.setText(s.export_logo)
        self.trim_check.setChecked(s.export_trim)
        self.fit_check.setChecked(s.export_fit)
        self.captions_check.setChecked(s.export_captions)
        wanted = set(s.export_presets)
        for row in range(self.preset_list.count()):
            item = self.preset_list.item(row)
            if item.data(PresetIdRole) in wanted:
                item.setCheckState(Qt.CheckState.Checked)
        if s.export_format_set:  # the set used last is ticked again, with its formats
            self.set_ticks.check_set(s.export_format_set)
        elif not s.export_presets and self.set_ticks.set_names():
            # The first export of this PC: the team's first set (the built-in "Réseaux de la ville" unless the
            # team replaced it) is the default, so that one click on Exporter makes the usual formats.
            self.set_ticks.check_set(self.set_ticks.set_names()[0])

    def _save_settings(self) -> None:
        """Remember the choices for the next export, the credit line typed here included."""
        try:
            self.library.update_settings(
                export_folder=self.folder_edit.text().strip(),
                name_template=self.template_edit.text(),
                export_presets=[p.id for p in self.checked_presets()],
                export_logo=self.logo_edit.text().strip(),
                export_trim=self.trim_check.isChecked(),
                export_fit=self.fit_check.isChecked(),
                export_captions=self.captions_check.isChecked(),
                export_format_set=self.set_ticks.checked_set(),
                export_credit=self.credit_edit.text().strip(),
            )
        except LibraryError as exc:  # the export still runs; the user learns why the choices are not kept
            log.warning("export choices not saved: %s", exc)
            self._warn(str(exc))

    # -- options -------------------------------------------------------------------------------------
    def checked_presets(self) -> list[ExportPreset]:
        out = []
        for row in range(self.preset_list.count()):
            item = self.preset_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(self._preset_by_id[item.data(PresetIdRole)])
        return out

    def set_checked_presets(self, preset_ids: Sequence[str]) -> None:
        wanted = set(preset_ids)
        for row in range(self.preset_list.count()):
            item = self.preset_list.item(row)
            item.setCheckState(Qt.CheckState.Checked if item.data(PresetIdRole) in wanted else Qt.CheckState.Unchecked)

    def _update_fit_advice(self) -> None:
        self.fit_advice_bar.refresh(self.assets, self.checked_presets(), self.fit_check.isChecked())

    def _insert_field(self, name: str) -> None:
        self.template_edit.insert("{" + name + "}")
        self.template_edit.setFocus()

    def _example_asset_and_preset(self) -> tuple[dict | None, ExportPreset | None]:
        checked = self.checked_presets()
        groups = split_by_kind(self.assets, checked)
        if groups:  # the batch's first item: photos go first
            first = groups[0]
            asset = next(a for a in self.assets if a["path"] == first.paths[0])
            return asset, self._preset_by_id[first.preset_ids[0]]
        return (self.assets[0] if self.assets else None), (checked[0] if checked else None)

    def _template_error(self) -> str | None:
        try:
            example_file_name(self.template_edit.text(), *self._example_asset_and_preset())
        except InvalidTemplate as exc:
            return str(exc)
        return None

    def _update_example(self) -> None:
        try:
            name = example_file_name(self.template_edit.text(), *self._example_asset_and_preset())
        except InvalidTemplate as exc:
            self.example_label.setStyleSheet("color: #b00020;")
            self.example_label.setText("✗ " + str(exc))
            self.export_button.setEnabled(False)
            return
        self.example_label.setStyleSheet("")
        self.example_label.setText(fill(self.tr("Example: %1"), name))
        self.export_button.setEnabled(not self.running)

    def choose_folder(self) -> None:
        start = self.folder_edit.text().strip() or os.path.expanduser("~")
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export to folder"), start)
        if folder:
            self.folder_edit.setText(os.path.normpath(folder))

    def choose_logo(self) -> None:
        start = os.path.dirname(self.logo_edit.text().strip()) or os.path.expanduser("~")
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Logo"), start, self.tr("Images (*.png *.webp *.jpg *.jpeg *.tif *.tiff)")
        )
        if path:
            self.logo_edit.setText(os.path.normpath(path))

    def _export_options(self) -> dict[str, Any]:
        credit = self.credit_edit.text().strip() or None
        logo = self.logo_edit.text().strip() or None
        overlay = None
        # The default credit left as it is: each asset gets its own line (its credit or creator, else its
        # campaign's, else this default: export.plan.asset_credit), drawn and written (issue 11).
        own = credit is not None and credit == self.library.settings().default_credit.strip()
        if credit or logo:
            from ..core import Overlay  # Pillow: only once an export is really asked for

            overlay = Overlay(text=credit, logo_path=logo, use_asset_credit=own)
        if own:
            credit = None
        return {
            "template": self.template_edit.text(),
            "credit": credit,
            "overlay": overlay,
            "trim": self.trim_check.isChecked(),
            "video_mode": "fit" if self.fit_check.isChecked() else "crop",
            "captions": self.captions_check.isChecked(),
        }

    def _validation_error(self) -> str | None:
        if not self.assets:
            return self.tr("None of the selected files can be exported: they are missing or unreadable.")
        if not self.checked_presets():
            return self.tr("Tick at least one format.")
        if not self.folder_edit.text().strip():
            return self.tr("Choose the folder where the exported files should go.")
        template_error = self._template_error()
        if template_error:
            return template_error
        logo = self.logo_edit.text().strip()
        if logo and not os.path.isfile(logo):
            return fill(self.tr("The logo file %1 does not exist."), logo)
        if not split_by_kind(self.assets, self.checked_presets()):
            return self.tr("None of the ticked formats applies to the selected assets.")
        return None

    # -- running -------------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._task is not None

    def _set_running(self, running: bool) -> None:
        self.form_widget.setEnabled(not running)
        self.export_button.setEnabled(not running and self._template_error() is None)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.close_button.setVisible(not running)

    @Slot()
    def start_export(self) -> None:
        if self.running:
            return
        try:
            problem = self._validation_error()
            if problem:
                self._warn(problem)
                return
            groups = split_by_kind(self.assets, self.checked_presets())
            options = self._export_options()
            from .rights_panel import check_before_export  # the rights check (issue 11): ask, or refuse

            strict = check_before_export(
                self, self.library, [p for g in groups for p in g.paths], [p.id for p in self.checked_presets()]
            )
            if strict is None:
                return
            options["strict"] = strict
            out_dir = os.path.abspath(self.folder_edit.text().strip())
            self._save_settings()
        except Exception:  # noqa: BLE001 -- a slot: a sentence for the user, the details in the log
            log.exception("export could not start")
            self._warn(self.tr("The export could not start; the details are in the log."))
            return
        self._out_dir = out_dir
        for widget in (self.progress_bar, self.step_label, self.results):
            widget.setVisible(True)
        self._clear_results()
        total = sum(g.size for g in groups)
        library, workers = self.library, self.workers
        relay = _BatchRelay(self)
        relay.report.connect(self._on_report)

        def work(progress: Callable[..., None], cancel: threading.Event) -> ExportOutcome:
            return run_groups(
                library, groups, out_dir, options=options, workers=workers, report=relay.report.emit, cancel=cancel
            )

        task = Task(work, parent=self)
        task.finished.connect(self._on_finished)
        task.failed.connect(self._on_failed)
        self._task, self._relay = task, relay
        self._set_running(True)
        self.step_label.setText(self.tr("Starting the export…"))
        self.summary_label.setText(self.tr("Exporting %n file(s)…", "", total))
        self.exportStarted.emit(total)
        task.start()

    @Slot()
    def cancel_export(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.step_label.setText(self.tr("Cancelling: the files being written are discarded…"))

    def _clear_results(self) -> None:
        self.results.clear()
        self._rows.clear()
        self.outcome = None
        self.progress_bar.setValue(0)
        self.progress_bar.setFormat("%p%")
        self.summary_label.clear()
        self.summary_label.setStyleSheet("")
        self.warnings_view.clear()
        self.warnings_view.setVisible(False)
        self.open_folder_button.setEnabled(False)
        self.publish_button.setEnabled(False)

    @Slot(object)
    def _on_report(self, report: BatchProgress) -> None:
        try:
            self.progress_bar.setValue(round(report.fraction_overall * PROGRESS_STEPS))
            self.progress_bar.setFormat(fill(self.tr("%1 of %2 — %p%"), report.done_items, report.total_items))
            if self._task is not None and not self._task.cancel_event.is_set():
                self.step_label.setText(report.current_label)
            if report.last_result is not None:
                self._show_result(report.last_result)
                self.itemExported.emit(report.last_result)
        except Exception:  # noqa: BLE001 -- a slot: never a traceback in the user's face
            log.exception("export progress could not be shown")

    def _show_result(self, result: ItemResult) -> None:
        key = (os.path.normcase(result.item.source), result.item.preset_id)
        row = self._rows.get(key)
        if row is None:
            row = QTreeWidgetItem(self.results)
            self._rows[key] = row
        preset = self._preset_by_id.get(result.item.preset_id)
        row.setText(0, os.path.basename(result.item.source))
        row.setToolTip(0, result.item.source)
        row.setText(1, preset.label if preset else result.item.preset_id)
        row.setToolTip(1, result.item.preset_id)
        row.setData(0, KindRole, result.item.kind)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        row.setData(0, CaptionRole, result.caption if result.ok else None)
        if result.ok:
            row.setData(0, OutputRole, result.output)
            name = os.path.basename(result.output or "")
            size = f" ({result.width}×{result.height})" if result.width and result.height else ""
            if result.warnings:
                row.setText(2, "⚠ " + name + size + " — " + "; ".join(result.warnings))
            else:
                row.setText(2, "✓ " + name + size)
            row.setToolTip(2, "\n".join([result.output or ""] + list(result.warnings)))
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        elif result.cancelled:
            row.setData(0, OutputRole, None)
            row.setText(2, "— " + self.tr("Cancelled, not written"))
            row.setToolTip(2, "")
        else:
            row.setData(0, OutputRole, None)
            row.setText(2, "✗ " + (result.error or ""))
            row.setToolTip(2, result.error or "")
        row.setFlags(flags)
        self.results.scrollToItem(row)

    @Slot(object)
    def _on_finished(self, outcome: ExportOutcome) -> None:
        try:
            self._finish_task()
            self.outcome = outcome
            for result in outcome.results:
                self._show_result(result)
            self._show_summary(outcome)
        except Exception:  # noqa: BLE001 -- a slot: the export is done, a failed summary must not become a traceback
            log.exception("export summary could not be shown")
            self.summary_label.setText(
                self.tr("The export ended, but its summary could not be shown; the details are in the log.")
            )
        self.exportFinished.emit(outcome)
        self._maybe_close()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._finish_task()
        self.step_label.clear()
        self.summary_label.setStyleSheet("color: #b00020;")
        self.summary_label.setText(fill(self.tr("The export could not run: %1"), message))
        self.exportFailed.emit(message)
        self._maybe_close()

    def _finish_task(self) -> None:
        # Not deleted here: the pool thread still touches the Task just after `finished`; both are children
        # of the dialog and go with it.
        self._task = self._relay = None
        self._set_running(False)
        self.open_folder_button.setEnabled(bool(self._out_dir) and os.path.isdir(self._out_dir))
        every = (self.results.topLevelItem(n) for n in range(self.results.topLevelItemCount()))
        self.publish_button.setEnabled(any(i is not None and i.data(0, OutputRole) for i in every))

    def summary_text(self, outcome: ExportOutcome) -> str:
        """One or two sentences: files written, not written (cancel), errors."""
        written, failed, not_done = len(outcome.written), len(outcome.failed), len(outcome.not_done)
        if outcome.cancelled:
            text = (
                self.tr("Export cancelled: %n file(s) written", "", written)
                + ", "
                + self.tr("%n not written.", "", not_done)
            )
        else:
            text = self.tr("Export finished: %n file(s) written.", "", written)
        if failed:
            text += " " + self.tr("%n error(s): see the ✗ rows.", "", failed)
        return text

    def _show_summary(self, outcome: ExportOutcome) -> None:
        failed = len(outcome.failed)
        text = self.summary_text(outcome)
        self.step_label.setText(self._out_dir)
        self.summary_label.setStyleSheet("color: #b00020;" if failed else "")
        self.summary_label.setText(text)
        warnings = [
            f"{os.path.basename(r.item.source)} ({r.item.preset_id}) : {w}" for r in outcome.results for w in r.warnings
        ]
        if warnings:
            self.warnings_view.setPlainText(self.tr("Warnings:") + "\n" + "\n".join(warnings))
            self.warnings_view.setVisible(True)

    def _maybe_close(self) -> None:
        if self.stop_question is not None and self.stop_question.isVisible():
            self.stop_question.reject()  # the export ended while the question was open: nothing to stop
        if self._close_when_done:
            self._close_when_done = False
            super().reject()

    # -- finished files out of the dialog ------------------------------------------------------------
    def mime_data_for(self, items: Sequence[QTreeWidgetItem]) -> QMimeData | None:
        """File URLs of the finished rows among `items`; a single photo also as image data."""
        paths = self.results.finished_paths(items)
        if not paths:
            return None
        photos = [i for i in items if i.data(0, OutputRole) and i.data(0, KindRole) == "photo"]
        image = paths[0] if len(paths) == 1 and len(photos) == 1 else None
        return output_mime_data(paths, image_path=image)

    @Slot()
    def copy_selection(self) -> None:
        try:
            mime = self.mime_data_for(self.results.selectedItems())
            if mime is not None:
                QGuiApplication.clipboard().setMimeData(mime)
        except Exception:  # noqa: BLE001 -- a slot: a sentence for the user, the details in the log
            log.exception("copy to the clipboard failed")
            self._warn(self.tr("The files could not be copied to the clipboard."))

    def _results_menu(self, pos) -> None:
        menu = QMenu(self)
        copy = QAction(self.tr("&Copy"), menu)
        copy.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        copy.setEnabled(bool(self.results.finished_paths(self.results.selectedItems())))
        copy.triggered.connect(self.copy_selection)
        menu.addAction(copy)
        menu.addAction(self.copy_caption_action)
        self._update_caption_button()
        folder = QAction(self.tr("&Open folder"), menu)
        folder.setEnabled(self.open_folder_button.isEnabled())
        folder.triggered.connect(self.open_folder)
        menu.addAction(folder)
        publish = QAction(self.tr("Mark as &published…"), menu)
        publish.setEnabled(self.publish_button.isEnabled())
        publish.triggered.connect(self.mark_published)
        menu.addAction(publish)
        menu.exec(self.results.viewport().mapToGlobal(pos))

    def selected_caption(self) -> str | None:
        """The caption file of the current finished row, when it has one."""
        item = self.results.currentItem()
        if item is None or not item.isSelected():
            selected = self.results.selectedItems()
            item = selected[0] if len(selected) == 1 else None
        path = item.data(0, CaptionRole) if item is not None else None
        return path if isinstance(path, str) and path else None

    def _update_caption_button(self) -> None:
        enabled = self.selected_caption() is not None
        self.copy_caption_button.setEnabled(enabled)
        self.copy_caption_action.setEnabled(enabled)

    @Slot()
    def copy_caption(self) -> None:
        """Put the caption of the selected file on the clipboard, as text ready to paste."""
        path = self.selected_caption()
        if path is None:
            return
        try:
            with open(path, encoding="utf-8") as fh:
                text = fh.read(1_000_000)
        except (OSError, UnicodeDecodeError) as exc:
            log.warning("caption %s unreadable: %r", path, exc)
            self._warn(fill(self.tr("The caption %1 could not be read."), path))
            return
        QGuiApplication.clipboard().setText(text.rstrip("\n"))
        self.step_label.setText(fill(self.tr("Caption copied: %1"), os.path.basename(path)))

    @Slot(object, bool)
    def _on_set_toggled(self, preset_ids: object, checked: bool) -> None:
        """A format set ticked (its formats are ticked) or unticked (its formats are unticked)."""
        wanted = set(preset_ids) if isinstance(preset_ids, (tuple, list)) else set()
        self._applying_set = True
        try:
            for row in range(self.preset_list.count()):
                item = self.preset_list.item(row)
                if item.data(PresetIdRole) in wanted:
                    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        finally:
            self._applying_set = False
        self.set_ticks.presets_changed()
        self._update_example()

    @Slot()
    def mark_published(self) -> None:
        """The sources of the selected finished rows (all finished rows when none is selected)."""
        from .publog_panel import ask_published

        items = [i for i in self.results.selectedItems() if i.data(0, OutputRole)]
        if not items:
            every = (self.results.topLevelItem(n) for n in range(self.results.topLevelItemCount()))
            items = [i for i in every if i is not None and i.data(0, OutputRole)]
        sources = list(dict.fromkeys(i.toolTip(0) for i in items if i.toolTip(0)))
        if sources:
            ask_published(self.library, sources, self)

    @Slot()
    def open_folder(self) -> None:
        if self._out_dir and not QDesktopServices.openUrl(QUrl.fromLocalFile(self._out_dir)):
            self._warn(fill(self.tr("The folder %1 could not be opened."), self._out_dir))

    # -- closing -------------------------------------------------------------------------------------
    def done(self, result: int) -> None:
        self.preview_strip.stop()
        super().done(result)

    def reject(self) -> None:
        # Closing mid-run (Escape, the window's ×, Close) asks first; stopping cancels, then closes once the
        # batch has ended (its objects must outlive the export thread), and the main window summarises.
        if self.running:
            self.ask_stop()
            return
        super().reject()

    def ask_stop(self) -> None:
        if self.stop_question is not None and self.stop_question.isVisible():
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Export"),
            self.tr("An export is running. Stop it and close the window? The files already written are kept."),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        stop = box.addButton(self.tr("Stop and close"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(self.tr("Continue the export"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)  # Enter or Escape once more: the export goes on
        box.setEscapeButton(keep)
        box.buttonClicked.connect(lambda button: self._on_stop_answer(button is stop))
        self.stop_question = box
        box.open()  # not exec(): the export's progress keeps arriving meanwhile

    def _on_stop_answer(self, stop: bool) -> None:
        if stop and self.running:
            self._close_when_done = True
            self.cancel_export()

    def _warn(self, text: str) -> None:
        QMessageBox.warning(self, self.tr("Export"), text)


__all__ = ["ExportDialog", "ExportOutcome", "ResultTree", "output_mime_data", "run_groups"]
