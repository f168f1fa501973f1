"""Main window: facets (left), search and filter chips (top), thumbnail grid (centre), inspector (right),
status bar (watcher state, scan progress). Talks to core.Library only."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QDate, QEvent, QObject, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
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
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core import ConsentError, Filter, Library, LibraryError, LibraryWatch, ScanSummary
from .empty_state import EmptyState
from .facets import FacetPanel
from .filter_chips import FilterChipsBar
from .grid import DEFAULT_THUMB, MAX_THUMB, MIN_THUMB, AssetGrid
from .icons import icon
from .models import AssetListModel
from .news_notice import NewsNotice
from .search_runner import SearchRunner
from .shortcuts import ShortcutRouter
from .tasks import Task
from .text import fill

if TYPE_CHECKING:
    from .registries import RegistriesDialog

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
        self._watch_text = ""  # the watcher's last state, as shown
        self.undo_stack = QUndoStack(self)
        self.bridge = LibraryBridge(self)
        self.bridge.statusChanged.connect(self._on_watch_status)
        self.bridge.updated.connect(self._on_library_updated)
        self._facet_filter: dict[str, list[str]] = {}
        self._registries: RegistriesDialog | None = None  # the registries dialog while it is open
        self.setWindowTitle(self.tr("Lectoure Media"))

        self.model = AssetListModel(library, self)
        self.grid = AssetGrid(self)
        self.grid.setModel(self.model)
        size = self.settings.value("grid/thumb_size", DEFAULT_THUMB)  # an int, or its text from the ini file
        self.grid.set_thumb_size(int(size) if isinstance(size, int | str) else DEFAULT_THUMB)
        # The active filters as chips with × above the grid (gui/filter_chips.py).
        self.filter_chips = FilterChipsBar(self)
        self.filter_chips.removeRequested.connect(self.remove_filter)
        self.filter_chips.clearAllRequested.connect(self.clear_filters)
        centre = QWidget(self)
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(0)
        centre_layout.addWidget(self.filter_chips)
        # The grid, or what to do next when it has nothing to show (gui/empty_state.py).
        self.empty_state = EmptyState(self)
        self.empty_state.chooseFolder.connect(self.choose_root)
        self.empty_state.openDemo.connect(self.open_demo)
        self.empty_state.clearFilters.connect(self.clear_filters)
        self.centre_stack = QStackedWidget(self)
        self.centre_stack.addWidget(self.grid)
        self.centre_stack.addWidget(self.empty_state)
        centre_layout.addWidget(self.centre_stack, 1)
        from .coverage_view import CoverageView

        self.coverage_view = CoverageView(library, self, self.undo_stack)  # beside the grid (toggle_coverage)
        self.coverage_view.showAssets.connect(self.show_assets_of)
        self.coverage_view.closeRequested.connect(lambda: self.toggle_coverage(False))
        self.coverage_view.message.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self._grid_page = centre
        self._centre = QStackedWidget(self)  # the grid's page (chips, grid or empty state), or the coverage view
        self._centre.addWidget(centre)
        self._centre.addWidget(self.coverage_view)
        self.setCentralWidget(self._centre)

        self.facets = FacetPanel(library, self)
        self.facets.filterChanged.connect(self._on_facet_filter)
        self.facets.tagRequested.connect(self._on_drop_tag)
        self.coverage_view.registriesChanged.connect(self.facets.refresh)
        left = QDockWidget(self.tr("Library"), self)
        left.setObjectName("dock-library")
        left.setWidget(self.facets)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, left)

        from .inspector import Inspector

        self.inspector = Inspector(library, self.undo_stack, self)
        self.inspector.tagsChanged.connect(self._on_tags_changed)
        self.inspector.publog_panel.published.connect(lambda _paths: self._apply_filter())
        try:
            self.inspector.set_recent_tags(json.loads(str(self.settings.value("inspector/recent", "[]"))))
        except ValueError:
            log.warning("recent tags in the settings are unreadable: ignored")
        right = QDockWidget(self.tr("Inspector"), self)
        right.setObjectName("dock-inspector")
        right.setWidget(self.inspector)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, right)
        self.grid.selectionModel().selectionChanged.connect(self._on_selection)
        # A filter change moves rows without a selectionChanged: the inspector follows what is shown.
        self.model.layoutChanged.connect(self._prune_selection)
        self.grid.installEventFilter(self)  # typing on the grid goes to the tag field (eventFilter)

        from .picks import PickControls

        self.picks = PickControls(
            library, self.undo_stack, self.grid, self.selected_ids, self._on_picks_changed, self._on_pick_error, self
        )
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
        self._show_team_status()
        for message in library.messages:
            self.statusBar().showMessage(message, 15000)

    # -- construction --------------------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Search and filters"), self)
        self.filters_bar = bar
        bar.setObjectName("toolbar-filters")
        bar.setMovable(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search: name, business, site, campaign, camera…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
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
            # Shown with the "Dates" chip only: a 1366 px wide screen has no room for them otherwise.
            self.chips["dates"].toggled.connect(bar.addWidget(edit).setVisible)
            bar.actions()[-1].setVisible(False)
        from .publog_panel import PublogFilterButton  # never exported, exported to…, published… (issue 12)

        self.publog_filter = PublogFilterButton(self.library, self)
        self.publog_filter.changed.connect(self._apply_filter)
        bar.addWidget(self.publog_filter)
        # Rights (issue 11): one compact list rather than more chips, in the status bar beside the rating filter
        # (the filter bar is full at 1366 pixels in French).
        self.rights_box = QComboBox(self)
        self.rights_box.setObjectName("filter-rights")
        self.rights_box.addItem(self.tr("All rights"), None)
        self.rights_box.addItem(self.tr("People without consent"), "no_consent")
        self.rights_box.addItem(self.tr("Licence expired"), "licence_expired")
        self.rights_box.addItem(self.tr("Minors shown"), "minors")
        self.rights_box.addItem(self.tr("Do not publish"), "do_not_publish")
        self.rights_box.currentIndexChanged.connect(lambda _i: self._apply_filter())
        self.sort_box = QComboBox(self)
        self.sort_box.addItem(self.tr("Newest first"), "date")
        self.sort_box.addItem(self.tr("By name"), "name")
        self.sort_box.addItem(self.tr("Date added"), "added")
        self.sort_box.currentIndexChanged.connect(lambda _i: self._on_sort_changed())
        self.sort_box.setToolTip(self.tr("Order of the grid"))

    def _build_status_bar(self) -> None:
        sb = self.statusBar()
        self.watch_label = QLabel(self.tr("No folder watched"), self)
        self.watch_label.setObjectName("watch-status")
        sb.addWidget(self.watch_label, 1)
        self.team_label = QLabel(self)  # registry edits queued while the share is out of reach
        self.team_label.setObjectName("team-status")
        sb.addWidget(self.team_label)
        # The rating filter sits here: the filter toolbar is full at 1366 px in French.
        self.picks.filter_box.currentIndexChanged.connect(lambda _i: self._apply_filter())
        sb.addPermanentWidget(self.picks.filter_box)
        sb.addPermanentWidget(self.rights_box)
        sb.addPermanentWidget(self.sort_box)  # the grid's order, beside its count (no room left in the filter bar)
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
        self.picks.fill_menu(self.menuBar().addMenu(self.tr("R&ating")))

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
        self.act_export = action(menu_file, self.tr("&Publish…"), "Ctrl+E", self.open_export, "action-export")
        self.act_export.setToolTip(self.tr("Export the selection for the social networks (Ctrl+E)"))
        menu_file.addSeparator()
        self.act_quit = action(menu_file, self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close, "action-quit")
        undo = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        if QKeySequence("Ctrl+Y") not in redo_keys:  # Windows' and Linux's lists have it, macOS's not
            redo_keys.append(QKeySequence("Ctrl+Y"))
        redo.setShortcuts(redo_keys)
        undo.setObjectName("action-undo")
        redo.setObjectName("action-redo")
        menu_edit.addAction(undo)
        menu_edit.addAction(redo)
        self.act_undo, self.act_redo = undo, redo
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
        # Wherever the focus is (the inspector's dock, a text field): application-wide, and routed past a
        # focused text field by gui/shortcuts.py (its own text undo wins only when it has some).
        for act in (self.act_undo, self.act_redo, self.act_export, self.act_search):
            act.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.shortcut_router = ShortcutRouter(self.act_undo, self.act_redo, [self.act_export, self.act_search], self)
        app = QApplication.instance()
        if app is not None:  # always, once a window exists
            app.installEventFilter(self.shortcut_router)
        self.act_coverage = action(
            menu_tools, self.tr("Co&verage"), "Ctrl+Shift+C", self.toggle_coverage, "action-coverage"
        )
        self.act_coverage.setCheckable(True)
        self.act_coverage.setToolTip(
            self.tr("Which businesses and heritage sites were featured, and when (Ctrl+Shift+C)")
        )
        bar = self.findChild(QToolBar, "toolbar-filters")
        if bar is not None:
            bar.insertAction(bar.actions()[0], self.act_coverage)
        self.act_duplicates = action(
            menu_tools, self.tr("D&uplicates…"), "Ctrl+D", self.open_duplicates, "action-duplicates"
        )
        menu_tools.addSeparator()
        self.act_demo = action(menu_tools, self.tr("Open the &demo library"), None, self.open_demo, "action-demo")
        self.act_settings = action(
            menu_tools,
            self.tr("&Settings…"),
            QKeySequence.StandardKey.Preferences,
            self.open_settings,
            "action-settings",
        )
        self._decorate_actions()

    def _decorate_actions(self) -> None:
        """Icons (gui/icons.py), and the accent \"Publier…\" button at the end of the toolbar."""
        for act, name in (
            (self.act_open, "open"),
            (self.act_rescan, "rescan"),
            (self.act_export, "publish"),
            (self.act_undo, "undo"),
            (self.act_redo, "redo"),
            (self.act_search, "search"),
            (self.act_registries, "registries"),
            (self.act_crop, "crop"),
            (self.act_settings, "settings"),
        ):
            act.setIcon(icon(name))
        # "Publier…" first in the toolbar, the accent button (gui/theme.py): never in its overflow menu.
        first = self.filters_bar.actions()[0]
        self.filters_bar.insertAction(first, self.act_export)
        self.filters_bar.insertSeparator(first)
        publish = self.filters_bar.widgetForAction(self.act_export)
        if isinstance(publish, QToolButton):
            publish.setObjectName("action-publish-button")
            publish.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)

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
        # "Scanning the folder…" must not outlive the scan: the watcher's state again (F5 while watching),
        # or that the folder was read.
        self.watch_label.setText(self._watch_text if self._watch is not None else self.tr("Folder read."))
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
        self._watch_text = text or message

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
        self.coverage_view.schedule_refresh()
        if summary is not None and summary.registry_changed and self._registries is not None:
            self._registries.team_changed()
        self._show_team_status()
        self.news_notice.refresh()

    def _show_team_status(self) -> None:
        """The team folder's state: registry edits waiting for the share (the core's French sentence)."""
        status = self.library.team_status()
        self.team_label.setText(self.tr("Shared folder: changes waiting") if status else "")
        self.team_label.setToolTip(status or "")
        self.team_label.setVisible(bool(status))

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
        flt = Filter(
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
            **self._rights_filter(),
            **self.picks.filter_fields(),  # type: ignore[arg-type]  # Filter's stars_min / rejected
            added_since=self.news_notice.since,
        )
        return self.publog_filter.apply(flt)

    def _rights_filter(self) -> dict[str, Any]:
        """The rights list's choice as Filter fields (no consent: checked against the register's valid ones)."""
        key = self.rights_box.currentData()
        if not key:
            return {}
        out: dict[str, Any] = {key: True}
        if key == "no_consent":
            try:
                out["valid_consents"] = self.library.consents.valid_ids()
            except (LibraryError, ConsentError):
                out["valid_consents"] = frozenset()
        return out

    def _apply_filter(self) -> None:
        self.search_runner.invalidate()  # a search still running would bring back an older filter
        self.model.set_filter(self.current_filter())
        self.filter_chips.set_filters(self.active_filters())
        self._update_empty_state()

    def active_filters(self) -> list[tuple[str, str]]:
        """(key, label) of every active filter, for the chips above the grid."""
        out: list[tuple[str, str]] = []
        text = self.search.text().strip()
        if text:
            out.append(("text", fill(self.tr("Search: %1"), text)))
        titles = {
            "business": self.tr("Business"),
            "heritage": self.tr("Heritage site"),
            "campaign": self.tr("Campaign"),
            "keywords": self.tr("Keyword"),
        }
        for facet, names in self._facet_filter.items():
            for name in names:
                out.append((f"facet:{facet}:{name}", fill(self.tr("%1: %2"), titles.get(facet, facet), name)))
        for key, chip in self.chips.items():
            if chip.isChecked():
                label = chip.text()
                if key == "dates":
                    label = fill(
                        self.tr("From %1 to %2"),
                        self.date_from.date().toString("dd/MM/yyyy"),
                        self.date_to.date().toString("dd/MM/yyyy"),
                    )
                out.append((f"chip:{key}", label))
        if self.rights_box.currentData() is not None:
            out.append(("rights", self.rights_box.currentText()))
        publog = self.publog_filter.current_label()
        if publog:
            out.append(("publog", publog))
        return out

    def remove_filter(self, key: str) -> None:
        """The × of a filter chip: clear that one filter."""
        if key == "text":
            self.search.clear()
            self._search_timer.stop()
            self._apply_filter()
        elif key == "rights":
            self.rights_box.setCurrentIndex(0)  # emits currentIndexChanged, which re-applies the filter
        elif key == "publog":
            self.publog_filter.clear()
        elif key.startswith("chip:") and key[5:] in self.chips:
            self.chips[key[5:]].setChecked(False)
        elif key.startswith("facet:"):
            _prefix, facet, name = key.split(":", 2)
            self.facets.deselect(facet, name)  # emits filterChanged, which re-applies the filter

    def clear_filters(self) -> None:
        for key in self.filter_chips.active_keys():
            self.remove_filter(key)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Letters typed on the grid, with photos selected, start a tag: the keyboard moves to the tag
        field with them (select, type "caf", Enter — no click in between)."""
        if watched is self.grid and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            text = event.text()
            plain = not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
            )
            if plain and text and text.isprintable() and not text.isspace() and self.inspector.ids:
                self.inspector.focus_tag_entry()
                entry = self.inspector.entry
                QApplication.sendEvent(entry, QKeyEvent(QEvent.Type.KeyPress, event.key(), event.modifiers(), text))
                return True
        return super().eventFilter(watched, event)

    def _prune_selection(self) -> None:
        """Rows hidden by the filter leave the selection: the inspector never shows (nor tags) a hidden asset."""
        ids = self.selected_ids()
        if ids != self.inspector.ids:
            self.inspector.set_selection(ids)

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
        self.filter_chips.set_filters(self.active_filters())  # the search's chip, at once
        self.search_runner.request(self.current_filter(), self.model.sort_by)

    def _on_count(self, count: int) -> None:
        self.count_label.setText(self.tr("%n asset(s)", "", count))
        self._update_empty_state()

    def _update_empty_state(self) -> None:
        if self.model.rowCount():
            self.centre_stack.setCurrentWidget(self.grid)
            return
        if self.root is None:
            self.empty_state.show_state("no-folder")
        elif self.filter_chips.active_keys():
            self.empty_state.show_state("no-result")
        else:
            self.empty_state.show_state("empty-folder")
        self.centre_stack.setCurrentWidget(self.empty_state)

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
        self.coverage_view.schedule_refresh()

    # -- coverage view -------------------------------------------------------------------------------
    def toggle_coverage(self, shown: bool | None = None) -> None:
        """Show the coverage view instead of the grid (or back); the toolbar button and Ctrl+Shift+C."""
        shown = self._centre.currentWidget() is not self.coverage_view if shown is None else bool(shown)
        self._centre.setCurrentWidget(self.coverage_view if shown else self._grid_page)
        self.act_coverage.setChecked(shown)
        (self.coverage_view.table if shown else self.grid).setFocus()

    def show_assets_of(self, facet: str, name: str) -> None:
        """The grid with the assets of one business or site (a click in the coverage view): the search and
        the chips are cleared and the entry is selected in the facet list, the grid's own filter path."""
        self.toggle_coverage(False)
        self.search.clear()
        for chip in self.chips.values():
            chip.setChecked(False)
        self.facets.select_only(facet, name)

    def _on_picks_changed(self, ids: list) -> None:
        self.model.refresh()
        self.model.assets_changed(ids)
        self.inspector.refresh()

    def _on_pick_error(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("Rating"), message)

    def _on_drop_tag(self, facet: str, name: str, ids: list) -> None:
        self.inspector.tag_ids(ids, facet, name)

    # -- dialogs -------------------------------------------------------------------------------------
    def open_registries(self) -> None:
        from .registries import RegistriesDialog

        dialog = RegistriesDialog(self.library, self)
        self._registries = dialog  # another PC's registry edits reach it while open (_on_library_updated)
        try:
            dialog.exec()
        finally:
            self._registries = None
        self._on_library_updated(None)

    def open_crop_editor(self) -> None:
        ids = self.selected_ids()
        if not ids:
            QMessageBox.information(self, self.tr("Crop editor"), self.tr("Select a photo or a video first."))
            return
        from .crop_editor import CropEditor

        editor = CropEditor(self.library, ids[0], self)
        if editor.exec() and editor.saved_changes:
            asset = self.library.asset(ids[0])
            name = os.path.basename(asset["path"]) if asset else ""
            self.statusBar().showMessage(fill(self.tr("✓ Framing saved for %1."), name), 10000)
        self.model.assets_changed(ids[:1])

    def open_duplicates(self) -> None:
        from .duplicates_view import DuplicatesView

        view = DuplicatesView(self.library, self.root, self)
        view.start_search()
        view.exec()
        if view.changed_ids:
            self._on_library_updated(None)

    def open_export(self) -> None:
        ids = self.selected_ids()
        if not ids:
            QMessageBox.information(self, self.tr("Export"), self.tr("Select the photos and videos to export first."))
            return
        from .export_dialog import ExportDialog

        dialog = ExportDialog(self.library, ids, self)
        dialog.exec()
        if dialog.outcome is not None:  # what was written, also after "Stop and close" during the export
            self.statusBar().showMessage(dialog.summary_text(dialog.outcome), 20000)
        self.coverage_view.schedule_refresh()  # the exports just logged

    # -- first run and settings ----------------------------------------------------------------------
    def first_run(self, *, demo_available: bool = True) -> None:
        """No folder yet: choose the shared folder, or try the demo library."""
        box = self.first_run_box(demo_available=demo_available)
        box.exec()
        if box.clickedButton() is box.property("choose"):
            self.choose_root()
        elif demo_available and box.clickedButton() is box.property("demo"):
            self.open_demo()

    def first_run_box(self, *, demo_available: bool) -> QMessageBox:
        """The welcome question (its buttons kept as the properties "choose" and "demo")."""
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
        box.setProperty("choose", choose)
        box.setProperty("demo", demo)
        return box

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
        self.coverage_view.shutdown()
        self.stop_watching()
