"""Main window: facets (left), search and filter chips (top), thumbnail grid (centre), inspector (right),
status bar (watcher state, scan progress). Talks to core.Library only."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QDate, QObject, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDockWidget,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSlider,
    QToolBar,
    QToolButton,
    QWidget,
)

from ..core import Filter, Library, LibraryWatch, ScanSummary
from .facets import FacetPanel
from .grid import DEFAULT_THUMB, MAX_THUMB, MIN_THUMB, AssetGrid
from .models import AssetListModel
from .news_notice import NewsNotice
from .search_runner import SearchRunner
from .tasks import Task
from .text import fill

log = logging.getLogger(__name__)


class LibraryBridge(QObject):
    """Carries the core's callbacks (watcher and reconcile threads) to the GUI thread as signals."""

    statusChanged = Signal(str, str, float)  # state, the core's (French) message, retry delay or -1
    updated = Signal(object)  # ScanSummary

    def on_status(self, status) -> None:
        self.statusChanged.emit(
            status.state, status.message, float(status.retry_in) if status.retry_in is not None else -1.0
        )

    def on_update(self, summary: ScanSummary) -> None:
        self.updated.emit(summary)


class MainWindow(QMainWindow):
    def __init__(self, library: Library, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.settings = settings or QSettings()
        self.root: str | None = None
        self._watch: LibraryWatch | None = None
        self._scan_task: Task | None = None
        self._closing = False  # shutdown() ran: late scan results are ignored
        self.undo_stack = QUndoStack(self)
        self.bridge = LibraryBridge(self)
        self.bridge.statusChanged.connect(self._on_watch_status)
        self.bridge.updated.connect(self._on_library_updated)
        self._facet_filter: dict[str, list[str]] = {}
        self.setWindowTitle(self.tr("Lectoure Media"))

        self.model = AssetListModel(library, self)
        self.grid = AssetGrid(self)
        self.grid.setModel(self.model)
        size = self.settings.value("grid/thumb_size", DEFAULT_THUMB)  # an int, or its text from the ini file
        self.grid.set_thumb_size(int(size) if isinstance(size, int | str) else DEFAULT_THUMB)
        self.setCentralWidget(self.grid)

        self.facets = FacetPanel(library, self)
        self.facets.filterChanged.connect(self._on_facet_filter)
        self.facets.tagRequested.connect(self._on_drop_tag)
        left = QDockWidget(self.tr("Library"), self)
        left.setObjectName("dock-library")
        left.setWidget(self.facets)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, left)

        from .inspector import Inspector

        self.inspector = Inspector(library, self.undo_stack, self)
        self.inspector.tagsChanged.connect(self._on_tags_changed)
        try:
            self.inspector.set_recent_tags(json.loads(str(self.settings.value("inspector/recent", "[]"))))
        except ValueError:
            log.warning("recent tags in the settings are unreadable: ignored")
        right = QDockWidget(self.tr("Inspector"), self)
        right.setObjectName("dock-inspector")
        right.setWidget(self.inspector)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, right)
        self.grid.selectionModel().selectionChanged.connect(self._on_selection)

        self._build_toolbar()
        self._build_status_bar()
        self._build_actions()
        self._search_timer = QTimer(self, singleShot=True, interval=150)
        # Typing runs the query on a worker thread; only the rows' swap is on this one (search_runner.py).
        self.search_runner = SearchRunner(library, self)
        self.search_runner.on_result(self.model.show_ids)
        self.search_runner.failed.connect(
            lambda reason: self.statusBar().showMessage(fill(self.tr("The search failed: %1"), reason), 15000)
        )
        self._search_timer.timeout.connect(self._apply_search)
        self.model.countChanged.connect(self._on_count)
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        self.facets.set_root(None)
        self._apply_filter()
        for message in library.messages:
            self.statusBar().showMessage(message, 15000)

    # -- construction --------------------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Search and filters"), self)
        bar.setObjectName("toolbar-filters")
        bar.setMovable(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search: name, business, site, campaign, camera…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(320)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        bar.addWidget(self.search)
        bar.addSeparator()
        self.chips: dict[str, QToolButton] = {}
        chips = [
            ("photo", self.tr("Photos")),
            ("video", self.tr("Videos")),
            ("portrait", self.tr("Portrait")),
            ("landscape", self.tr("Landscape")),
            ("square", self.tr("Square")),
            ("untagged", self.tr("Untagged")),
            ("missing", self.tr("Missing files")),
            ("errors", self.tr("Errors")),
            ("dates", self.tr("Dates")),
        ]
        for key, label in chips:
            chip = QToolButton(self)
            chip.setText(label)
            chip.setCheckable(True)
            chip.setObjectName(f"chip-{key}")
            chip.toggled.connect(lambda _c, k=key: self._on_chip(k))
            self.chips[key] = chip
            bar.addWidget(chip)
        self.date_from = QDateEdit(self)
        self.date_to = QDateEdit(self)
        for edit, date in ((self.date_from, QDate.currentDate().addYears(-1)), (self.date_to, QDate.currentDate())):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setDate(date)
            edit.dateChanged.connect(self._on_date_changed)
            bar.addWidget(edit)
        bar.addSeparator()
        self.sort_box = QComboBox(self)
        self.sort_box.addItem(self.tr("Newest first"), "date")
        self.sort_box.addItem(self.tr("By name"), "name")
        self.sort_box.addItem(self.tr("Date added"), "added")
        self.sort_box.currentIndexChanged.connect(lambda _i: self._on_sort_changed())
        bar.addWidget(self.sort_box)

    def _build_status_bar(self) -> None:
        sb = self.statusBar()
        self.watch_label = QLabel(self.tr("No folder watched"), self)
        self.watch_label.setObjectName("watch-status")
        sb.addWidget(self.watch_label, 1)
        self.news_notice = NewsNotice(self.library, self)  # "3 nouveaux médias": click to see only them
        self.news_notice.toggled.connect(lambda _on: self._on_news_toggled())
        sb.addPermanentWidget(self.news_notice)
        self.grid.delegate.news_since = self.library.news.seen_at()
        self.count_label = QLabel(self)
        sb.addPermanentWidget(self.count_label)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(220)
        self.progress.setVisible(False)
        sb.addPermanentWidget(self.progress)
        self.cancel_button = QToolButton(self)
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_scan)
        sb.addPermanentWidget(self.cancel_button)
        self.size_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.size_slider.setRange(MIN_THUMB, MAX_THUMB)
        self.size_slider.setValue(self.grid.delegate.thumb_size)
        self.size_slider.setMaximumWidth(140)
        self.size_slider.setToolTip(self.tr("Thumbnail size"))
        self.size_slider.valueChanged.connect(self.grid.set_thumb_size)
        sb.addPermanentWidget(self.size_slider)

    def _build_actions(self) -> None:
        menu_file = self.menuBar().addMenu(self.tr("&File"))
        menu_edit = self.menuBar().addMenu(self.tr("&Edit"))
        menu_tools = self.menuBar().addMenu(self.tr("&Tools"))

        def action(menu, text, shortcut, slot, name):
            act = QAction(text, self)
            act.setObjectName(name)
            if shortcut:
                act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(slot)
            menu.addAction(act)
            return act

        self.act_open = action(
            menu_file, self.tr("&Open folder…"), QKeySequence.StandardKey.Open, self.choose_root, "action-open"
        )
        self.act_rescan = action(menu_file, self.tr("&Rescan the folder"), "F5", self.rescan, "action-rescan")
        self.act_export = action(menu_file, self.tr("&Export…"), "Ctrl+E", self.open_export, "action-export")
        menu_file.addSeparator()
        self.act_quit = action(menu_file, self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close, "action-quit")
        undo = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        menu_edit.addAction(undo)
        menu_edit.addAction(redo)
        self.act_search = action(
            menu_edit,
            self.tr("&Find"),
            QKeySequence.StandardKey.Find,
            self._focus_search,
            "action-find",
        )
        self.act_tag = action(
            menu_edit, self.tr("&Tag the selection"), "Ctrl+T", lambda: self.inspector.focus_tag_entry(), "action-tag"
        )
        self.act_registries = action(
            menu_tools,
            self.tr("&Businesses, sites and campaigns…"),
            "Ctrl+R",
            self.open_registries,
            "action-registries",
        )
        self.act_crop = action(menu_tools, self.tr("&Crop editor…"), "Ctrl+K", self.open_crop_editor, "action-crop")
        menu_tools.addSeparator()
        self.act_demo = action(menu_tools, self.tr("Open the &demo library"), None, self.open_demo, "action-demo")
        self.act_settings = action(
            menu_tools,
            self.tr("&Settings…"),
            QKeySequence.StandardKey.Preferences,
            self.open_settings,
            "action-settings",
        )

    # -- library root and watching -------------------------------------------------------------------
    def choose_root(self) -> None:
        hint = self.tr(
            "Choose the shared photo folder (a network drive such as P:\\ or \\\\server\\photos "
            "works: it is then checked by polling)."
        )
        self.statusBar().showMessage(hint, 10000)
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Folder to watch"), self.root or os.path.expanduser("~")
        )
        if folder:
            self.open_root(folder)

    def open_root(self, root: str, *, watch: bool = True) -> None:
        """Show `root`, scan it in the background (with progress and cancel), then keep watching it."""
        self.stop_watching()
        self.root = os.path.abspath(root)
        self.settings.setValue("library/root", self.root)
        self.facets.set_root(self.root)
        self._apply_filter()
        self._start_scan(watch=watch)

    def _on_date_changed(self, _date: QDate) -> None:
        if self.chips["dates"].isChecked():
            self._apply_filter()

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _start_scan(self, *, watch: bool) -> None:
        root = self.root
        if self._scan_task is not None or root is None:
            return

        def work(progress, cancel):
            return self.library.scan(root, progress=progress, cancel=cancel)

        task = Task(work, parent=self)
        task.progress.connect(self._on_scan_progress)
        task.finished.connect(lambda summary: self._on_scan_done(summary, watch))
        task.failed.connect(lambda msg: self._on_scan_failed(msg, watch))
        self._scan_task = task
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.watch_label.setText(self.tr("Scanning the folder…"))
        task.start()

    def rescan(self) -> None:
        if self.root:
            self._start_scan(watch=self._watch is None)

    def wait_for_scan(self, seconds: float) -> bool:
        """Wait up to `seconds` for the running scan's thread; True when no scan is running any more (its
        end is handled on the GUI thread, which must process events meanwhile)."""
        task = self._scan_task
        if task is None:
            return True
        task.done.wait(seconds)
        return False

    def cancel_scan(self) -> None:
        if self._scan_task is not None:
            self._scan_task.cancel()

    @Slot(int, int, str)
    def _on_scan_progress(self, done: int, total: int, label: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat("%v / %m")

    def _end_scan(self) -> None:
        self._scan_task = None
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)

    def _on_scan_done(self, summary: ScanSummary, watch: bool) -> None:
        self._end_scan()
        if self._closing:
            return
        self._on_library_updated(summary)
        if summary.cancelled:
            self.statusBar().showMessage(self.tr("Scan cancelled."), 8000)
        if watch and self.root and self._watch is None:
            # The polling interval: the library's settings (Library.watch), on this path as on the next.
            self._watch = self.library.watch(
                self.root, on_status=self.bridge.on_status, on_update=self.bridge.on_update
            )

    def _on_scan_failed(self, message: str, watch: bool) -> None:
        self._end_scan()
        if self._closing:
            return
        self.watch_label.setText(message)
        if watch and self.root and self._watch is None:  # an unreachable share: the watcher retries
            self._watch = self.library.watch(
                self.root, on_status=self.bridge.on_status, on_update=self.bridge.on_update
            )

    def stop_watching(self) -> None:
        if self._watch is not None:
            self._watch.stop()
            self._watch = None

    @Slot(str, str, float)
    def _on_watch_status(self, state: str, message: str, retry_in: float) -> None:
        """The watcher's state in the interface's language (the core words it in French)."""
        text = {
            "starting": self.tr("Starting to watch the folder…"),
            "watching": self.tr("Watching the folder"),
            "polling": self.tr("Polling mode (network share): the folder is re-read regularly"),
            "stopped": self.tr("Watching stopped"),
        }.get(state)
        if state == "unreachable":
            text = fill(self.tr("Share unreachable — retrying in %1 s"), round(max(retry_in, 0)))
        self.watch_label.setText(text or message)
        self.watch_label.setToolTip(message)

    @Slot(object)
    def _on_library_updated(self, summary: ScanSummary | None) -> None:
        """A scan or a watcher batch (`summary.changed`: the records it changed), or None after an edit
        that may touch any asset (the registries dialog)."""
        self.model.refresh()
        if summary is None:
            self.model.all_changed()
        else:
            self.model.assets_changed(summary.changed)
        self.facets.refresh()
        self.inspector.refresh()
        self.news_notice.refresh()

    # -- filtering -----------------------------------------------------------------------------------
    def _on_chip(self, key: str) -> None:
        exclusive = {"photo": "video", "video": "photo"}
        shapes = ("portrait", "landscape", "square")
        if self.chips[key].isChecked():
            if key in exclusive:
                self.chips[exclusive[key]].setChecked(False)
            if key in shapes:
                for other in shapes:
                    if other != key:
                        self.chips[other].setChecked(False)
        self._apply_filter()

    def _on_facet_filter(self, facet: str, names: list) -> None:
        self._facet_filter[facet] = list(names)
        self._apply_filter()

    def current_filter(self) -> Filter:
        c = {k: b.isChecked() for k, b in self.chips.items()}
        kind = "photo" if c["photo"] else "video" if c["video"] else None
        shape = next((s for s in ("portrait", "landscape", "square") if c[s]), None)
        since = until = None
        if c["dates"]:
            since = self.date_from.date().toString("yyyy-MM-dd")
            until = self.date_to.date().toString("yyyy-MM-dd")
        return Filter(
            business=self._facet_filter.get("business", []),
            heritage=self._facet_filter.get("heritage", []),
            campaign=self._facet_filter.get("campaign", []),
            keywords=self._facet_filter.get("keywords", []),
            kind=kind,
            shape=shape,
            text=self.search.text().strip() or None,
            since=since,
            until=until,
            untagged=c["untagged"],
            missing=c["missing"],
            errors=c["errors"],
            root=self.root,
            added_since=self.news_notice.since,
        )

    def _apply_filter(self) -> None:
        self.search_runner.invalidate()  # a search still running would bring back an older filter
        self.model.set_filter(self.current_filter())

    def _on_news_toggled(self) -> None:
        if self.news_notice.since is not None:  # the badges mark what was new at this look
            self.grid.delegate.news_since = self.news_notice.since
        self._apply_filter()

    def _on_sort_changed(self) -> None:
        searching = self.search_runner.busy or self._search_timer.isActive()
        self.model.set_sort(self.sort_box.currentData())
        if searching:  # the search on its way was asked for in the old order: ask again
            self._search_timer.stop()
            self._apply_search()

    def _apply_search(self) -> None:
        self.search_runner.request(self.current_filter(), self.model.sort_by)

    def _on_count(self, count: int) -> None:
        self.count_label.setText(self.tr("%n asset(s)", "", count))

    # -- selection and tagging -----------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.grid.selectionModel().selectedIndexes())
        return [self.model.id_at(r) for r in rows]

    def _on_selection(self, *_args) -> None:
        self.inspector.set_selection(self.selected_ids())

    def _on_tags_changed(self, ids: list) -> None:
        self.model.refresh()
        self.model.assets_changed(ids)
        self.facets.refresh()

    def _on_drop_tag(self, facet: str, name: str, ids: list) -> None:
        self.inspector.tag_ids(ids, facet, name)

    # -- dialogs -------------------------------------------------------------------------------------
    def open_registries(self) -> None:
        from .registries import RegistriesDialog

        dialog = RegistriesDialog(self.library, self)
        dialog.exec()
        self._on_library_updated(None)

    def open_crop_editor(self) -> None:
        ids = self.selected_ids()
        if not ids:
            QMessageBox.information(self, self.tr("Crop editor"), self.tr("Select a photo or a video first."))
            return
        from .crop_editor import CropEditor

        CropEditor(self.library, ids[0], self).exec()
        self.model.assets_changed(ids[:1])

    def open_export(self) -> None:
        ids = self.selected_ids()
        if not ids:
            QMessageBox.information(self, self.tr("Export"), self.tr("Select the photos and videos to export first."))
            return
        from .export_dialog import ExportDialog

        ExportDialog(self.library, ids, self).exec()

    # -- first run and settings ----------------------------------------------------------------------
    def first_run(self, *, demo_available: bool = True) -> None:
        """No folder yet: choose the shared folder, or try the demo library."""
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Welcome to Lectoure Media"))
        box.setText(
            self.tr(
                "Choose the folder where the town's photos and videos are kept. A network drive "
                "(for example P:\\ or \\\\server\\photos) works: it is checked regularly."
            )
        )
        choose = box.addButton(self.tr("Choose the folder…"), QMessageBox.ButtonRole.AcceptRole)
        demo = (
            box.addButton(self.tr("Open the demo library"), QMessageBox.ButtonRole.ActionRole)
            if demo_available
            else None
        )
        box.addButton(self.tr("Later"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is choose:
            self.choose_root()
        elif demo is not None and box.clickedButton() is demo:
            self.open_demo()

    def open_demo(self) -> None:
        from ..core import ensure_demo_library

        folder = Path(self.library.data_dir, "demo")

        def work(progress, cancel):
            return ensure_demo_library(self.library, folder, progress=progress)

        task = Task(work, parent=self)
        task.progress.connect(self._on_scan_progress)

        def opened(root: object) -> None:
            self._end_scan()
            self.open_root(str(root))

        def failed(message: str) -> None:
            self._end_scan()
            QMessageBox.warning(self, self.tr("Demo"), message)

        task.finished.connect(opened)
        task.failed.connect(failed)
        self._scan_task = task
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.watch_label.setText(self.tr("Preparing the demo library…"))
        task.start()

    def open_settings(self) -> None:
        from .settings_dialog import SettingsDialog

        if SettingsDialog(self.library, self).exec():
            self.statusBar().showMessage(self.tr("Settings saved. The language applies at the next start."), 8000)

    # -- closing -------------------------------------------------------------------------------------
    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Save the layout, stop the scan and the watcher: before the library closes, whichever way the
        application ends (window closed, Ctrl+Q, the session logging out). Safe to call twice; scan results
        still queued for the event loop are ignored afterwards (the library is about to close)."""
        if self._closing:
            return
        self._closing = True
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("grid/thumb_size", self.grid.delegate.thumb_size)
        self.settings.setValue("inspector/recent", json.dumps(self.inspector.recent_tags(), ensure_ascii=False))
        self.cancel_scan()
        self.search_runner.invalidate()  # a running search stops at its next check
        self.search_runner.wait(5)
        if self._scan_task is not None:
            self._scan_task.done.wait(30)
        self.stop_watching()
