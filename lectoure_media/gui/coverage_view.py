"""Coverage view, beside the grid in the main window: which businesses and heritage sites were featured and
when (Library.coverage), most overdue first, with filters (facet, category, town centre, months), status
colours, the monthly share of town-centre businesses featured (a chart drawn with QPainter, the goal line
at 100 %), "Export as CSV…" and the SIRENE / template import. A click on a row asks the window to show that
entry's assets in the grid (showAssets). The report is computed off the GUI thread and recomputed, a moment
after, whenever the library reports a change (files arriving, tags changing, an export)."""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QHelpEvent, QKeySequence, QPainter, QPen, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ..core import (
    BUSINESS_CATEGORIES,
    CoverageReport,
    CoverageRow,
    ImportSummary,
    Library,
    LibraryError,
    MonthPoint,
    fold,
    french_os_reason,
)
from .tasks import Task
from .text import fill

log = logging.getLogger(__name__)

STATUS_COLOURS = {"never": "#f6cfca", "stale": "#fbe2b0", "ok": "#d3ecd1"}
RowRole = Qt.ItemDataRole.UserRole + 20
# The kind of entry shows in the category column (a heritage site has no category): nine columns would not fit
# beside the two docks at 1366 px.
COLUMNS = ("status", "name", "category", "town_centre", "assets", "newest", "export", "published")


class CoverageTableModel(QAbstractTableModel):
    """The report's rows; the texts (headers, statuses, yes/no) come translated from the view."""

    def __init__(self, headers: list[str], words: dict[str, str], parent=None) -> None:
        super().__init__(parent)
        self._headers = headers
        self._words = words
        self._rows: list[CoverageRow] = []

    def set_rows(self, rows: list[CoverageRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> CoverageRow:
        return self._rows[row]

    def rows(self) -> list[CoverageRow]:
        return list(self._rows)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 -- Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 -- Qt's signature
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def _text(self, row: CoverageRow, column: str) -> str:
        w = self._words
        if column == "status":
            return w[row.status]
        if column == "name":
            return row.name
        if column == "category":
            return w["heritage"] if row.facet == "heritage" else row.category or ""
        if column == "town_centre":
            return "" if row.town_centre is None else w["yes"] if row.town_centre else w["no"]
        if column == "assets":
            return str(row.assets)
        if column == "newest":
            return row.newest or ""
        if column == "export":
            return max(row.last_export.values(), default="") or "—"
        return max(row.last_published.values(), default="") or "—"

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.BackgroundRole and column == "status":
            return QColor(STATUS_COLOURS[row.status])
        if role == Qt.ItemDataRole.ForegroundRole and column == "status":
            return QColor("#1d1d1d")  # dark text on the light status colours, in a dark theme too
        if role == Qt.ItemDataRole.ToolTipRole and column == "name":
            return row.name
        if role == Qt.ItemDataRole.ToolTipRole and column in ("export", "published"):
            values = row.last_export if column == "export" else row.last_published
            return "\n".join(f"{k} : {v}" for k, v in sorted(values.items())) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "assets":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == RowRole:
            return row
        return None


class CoverageChart(QWidget):
    """Bars: the share of town-centre businesses featured each month (24 months); a dashed goal line at 100 %."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.points: list[MonthPoint] = []
        self.setMinimumHeight(130)
        self.setMouseTracking(True)
        self.goal_text = self.tr("Goal: 100 %")
        self.empty_text = self.tr("No town-centre business in the registry yet.")

    def set_points(self, points: list[MonthPoint]) -> None:
        self.points = list(points)
        self.update()

    def _plot(self) -> QRectF:
        return QRectF(self.rect()).adjusted(44, 18, -10, -22)

    def bar_at(self, x: float) -> int | None:
        plot = self._plot()
        if not self.points or not plot.left() <= x < plot.right():
            return None
        return min(int((x - plot.left()) / (plot.width() / len(self.points))), len(self.points) - 1)

    def event(self, ev: QEvent) -> bool:
        if ev.type() == QEvent.Type.ToolTip and isinstance(ev, QHelpEvent):
            at = self.bar_at(ev.pos().x())
            if at is None:
                QToolTip.hideText()
            else:
                p = self.points[at]
                QToolTip.showText(
                    ev.globalPos(),
                    fill(
                        self.tr("%1: %2 of %3 businesses featured (%4 %)"),
                        p.month,
                        p.featured,
                        p.total,
                        round(p.share * 100),
                    ),
                    self,
                )
            return True
        return super().event(ev)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text_colour = pal.color(pal.ColorRole.WindowText)
        plot = self._plot()
        painter.setPen(QPen(text_colour, 1))
        fm = painter.fontMetrics()
        for share in (0.0, 0.5, 1.0):
            y = plot.bottom() - share * plot.height()
            painter.drawText(
                QRectF(0, y - fm.height() / 2, plot.left() - 6, fm.height()),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                f"{round(share * 100)} %",
            )
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        if not self.points or not self.points[-1].total:
            painter.drawText(plot, int(Qt.AlignmentFlag.AlignCenter), self.empty_text)
            painter.end()
            return
        step = plot.width() / len(self.points)
        bar_colour = QColor("#3b7dd8")
        for i, p in enumerate(self.points):
            h = p.share * plot.height()
            painter.fillRect(QRectF(plot.left() + i * step + step * 0.15, plot.bottom() - h, step * 0.7, h), bar_colour)
            if i % 3 == 0 or i == len(self.points) - 1:
                label = f"{p.month[5:7]}/{p.month[2:4]}"
                painter.drawText(
                    QRectF(plot.left() + i * step - step, plot.bottom() + 2, step * 3, fm.height()),
                    int(Qt.AlignmentFlag.AlignHCenter),
                    label,
                )
        goal = QPen(QColor("#c0392b"), 1.5, Qt.PenStyle.DashLine)
        painter.setPen(goal)
        painter.drawLine(QPointF(plot.left(), plot.top()), QPointF(plot.right(), plot.top()))
        painter.drawText(
            QRectF(plot.left(), 0, plot.width(), plot.top()),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
            self.goal_text,
        )
        painter.end()


class ImportCommand(QUndoCommand):
    """An import of businesses, already done when pushed: undo puts the entries back (those not edited since,
    added ones while no asset carries them), redo applies it again. `on_change` refreshes the view."""

    def __init__(self, library: Library, summary: ImportSummary, text: str, on_change) -> None:
        super().__init__(text)
        self.library = library
        self.summary = summary
        self.on_change = on_change
        self._first = True

    def redo(self) -> None:
        if self._first:  # pushed after the import ran
            self._first = False
            return
        self.library.redo_import(self.summary)
        self.on_change()

    def undo(self) -> None:
        self.library.undo_import(self.summary)
        self.on_change()


class CoverageView(QWidget):
    """showAssets(facet, name): the person clicked a row; message(text): a line for the status bar."""

    showAssets = Signal(str, str)
    message = Signal(str)
    refreshed = Signal()
    registriesChanged = Signal()  # an import (or its undo) changed the businesses: the facet lists follow
    closeRequested = Signal()  # Escape: back to the grid

    def __init__(self, library: Library, parent=None, undo_stack: QUndoStack | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.undo_stack = undo_stack  # where an import is pushed (Ctrl+Z undoes it)
        self.report: CoverageReport | None = None
        self._task: Task | None = None
        self._generation = 0
        self._dirty = True
        self.last_import = ""  # the last import's summary or failure (also sent through `message`)
        self._import_task: Task | None = None
        self._started: list[Task] = []  # tasks on the thread pool (shutdown waits for them)
        self._closing = False  # shutdown() ran: the library is about to close
        self._timer = QTimer(self, singleShot=True, interval=400)
        self._timer.timeout.connect(self.refresh)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        bar = QHBoxLayout()
        self.facet_box = QComboBox(self)
        self.facet_box.addItem(self.tr("Businesses and sites"), None)
        self.facet_box.addItem(self.tr("Businesses"), "business")
        self.facet_box.addItem(self.tr("Heritage sites"), "heritage")
        self.category_box = QComboBox(self)
        self.category_box.setMinimumContentsLength(14)
        self.category_box.addItem(self.tr("All categories"), None)
        for category in BUSINESS_CATEGORIES:
            self.category_box.addItem(category, category)
        self.centre_box = QCheckBox(self.tr("Town &centre only"), self)
        self.months_box = QSpinBox(self)
        self.months_box.setRange(1, 120)
        self.months_box.setValue(library.settings().coverage_months)
        self.months_box.setSuffix(self.tr(" months"))
        self.months_box.setToolTip(self.tr("Overdue after this many months without an export or a publication"))
        label = QLabel(self.tr("&Overdue after:"), self)
        label.setBuddy(self.months_box)
        for w in (self.facet_box, self.category_box, self.centre_box, label, self.months_box):
            bar.addWidget(w)
        bar.addStretch(1)
        self.import_button = QPushButton(self.tr("&Import businesses…"), self)
        self.import_button.setToolTip(
            self.tr("The commune's SIRENE extract (INSEE) or the template CSV: name, category, address, town_centre")
        )
        self.csv_button = QPushButton(self.tr("Export as &CSV…"), self)
        layout.addLayout(bar)
        second = QHBoxLayout()  # two rows: the whole view fits beside the docks on a 1366 × 768 screen
        self.summary = QLabel(self)
        self.summary.setObjectName("coverage-summary")
        self.summary.setWordWrap(True)
        second.addWidget(self.summary, 1)
        self.import_progress = QProgressBar(self)
        self.import_progress.setMaximumWidth(160)
        self.import_progress.setVisible(False)
        self.cancel_import_button = QPushButton(self.tr("Cancel the import"), self)
        self.cancel_import_button.setVisible(False)
        self.cancel_import_button.clicked.connect(self.cancel_import)
        second.addWidget(self.import_progress)
        second.addWidget(self.cancel_import_button)
        second.addWidget(self.import_button)
        second.addWidget(self.csv_button)
        layout.addLayout(second)

        words = {
            # short words: the name column needs the room beside the two docks; the colour says it too
            "never": self.tr("Never"),
            "stale": self.tr("Overdue"),
            "ok": self.tr("Up to date"),
            "heritage": self.tr("Heritage site"),
            "yes": self.tr("yes"),
            "no": self.tr("no"),
        }
        headers = [
            self.tr("Status"),
            self.tr("Name"),
            self.tr("Category"),
            self.tr("Town centre"),
            self.tr("Assets"),
            self.tr("Newest"),
            self.tr("Exported"),
            self.tr("Published"),
        ]
        self.model = CoverageTableModel(headers, words, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("name"), QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)  # one line per row: long names are elided, shown whole in the tooltip
        self.table.setToolTip(self.tr("Click a row (or press Enter) to show its photos and videos in the grid"))
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.closeRequested.emit)
        self.table.clicked.connect(self._on_activated)
        self.table.activated.connect(self._on_activated)
        self.chart = CoverageChart(self)
        self.chart_title = QLabel(self.tr("Town-centre businesses featured each month (last 24 months)"), self)
        chart_box = QWidget(self)
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_layout.addWidget(self.chart_title)
        chart_layout.addWidget(self.chart, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(chart_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout.addWidget(split, 1)

        # The window's own minimum width stays the grid's (a person may narrow it below 1366 px): the view
        # is laid out for the width beside the two docks at 1366 × 768 and clips its filter row below that.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.facet_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.category_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.centre_box.toggled.connect(lambda _c: self.refresh())
        self.months_box.valueChanged.connect(self._on_months)
        self.csv_button.clicked.connect(lambda: self.export_csv())
        self.import_button.clicked.connect(lambda: self.import_businesses())

    # -- computing ------------------------------------------------------------------------------------
    def schedule_refresh(self) -> None:
        """The library changed: recompute a moment later (a burst of changes costs one report), or when the
        view is shown next if it is hidden."""
        self._dirty = True
        if self.isVisible() and not self._closing:
            self._timer.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def refresh(self) -> None:
        """Compute the report on a worker thread; a newer request supersedes an older one."""
        if self._closing:
            return
        self._dirty = False
        self._generation += 1
        generation = self._generation
        facet = self.facet_box.currentData()
        category = self.category_box.currentData()
        town_centre = self.centre_box.isChecked()
        months = self.months_box.value()
        library = self.library

        def work(progress, cancel):
            report = library.coverage(facet=facet, months=months, category=category, town_centre=town_centre)
            names = {b.category for b in library.entries("business") if isinstance(b.category, str) and b.category}
            categories = sorted(names, key=fold)
            return report, categories

        task = Task(work, parent=self)
        task.finished.connect(lambda result: self._on_report(generation, result))
        task.failed.connect(lambda text: self._on_failed(generation, text))
        self._task = task
        self._start(task)

    def _start(self, task: Task) -> None:
        self._started = [t for t in self._started if not t.done.is_set()]
        self._started.append(task)
        task.start()

    def is_busy(self) -> bool:
        return self._task is not None

    def shutdown(self, seconds: float = 10.0) -> None:
        """Before the library closes: no more refreshes, and the running report or import finished."""
        self._closing = True
        self._timer.stop()
        for task in self._started:
            task.done.wait(seconds)

    def _on_report(self, generation: int, result) -> None:
        if generation != self._generation:
            return
        self._task = None
        report, categories = result
        self.report = report
        self._add_categories(categories)
        current = self.table.currentIndex()
        keep = None
        if current.isValid():
            row = self.model.row_at(current.row())
            keep = (row.facet, row.name)
        self.model.set_rows(report.rows)
        if keep is not None:  # the row the person was on stays current across a refresh
            for at, row in enumerate(report.rows):
                if (row.facet, row.name) == keep:
                    self.table.setCurrentIndex(self.model.index(at, max(current.column(), 0)))
                    break
        self.chart.set_points(report.series)
        counts = report.counts()
        self.summary.setText(
            fill(
                self.tr("Never featured: %1 · not featured for %2 months: %3 · featured: %4"),
                counts["never"],
                report.months,
                counts["stale"],
                counts["ok"],
            )
        )
        self.refreshed.emit()

    def _on_failed(self, generation: int, text: str) -> None:
        if generation != self._generation:
            return
        self._task = None
        self.summary.setText(text)
        self.refreshed.emit()

    def _add_categories(self, categories: list[str]) -> None:
        known = {fold(self.category_box.itemData(i) or "") for i in range(1, self.category_box.count())}
        for category in categories:
            if fold(category) not in known:
                self.category_box.addItem(category, category)

    def _on_months(self, months: int) -> None:
        try:
            self.library.update_settings(coverage_months=months)
        except LibraryError as exc:
            self.message.emit(str(exc))
        self.refresh()

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            row = self.model.row_at(index.row())
            self.showAssets.emit(row.facet, row.name)

    def changed(self) -> None:
        """The registries changed under the view (an import undone or redone)."""
        self.registriesChanged.emit()
        self.refresh()

    # -- files ----------------------------------------------------------------------------------------
    def export_csv(self, path: str | None = None) -> bool:
        """Write the rows shown to a CSV file for Excel (asks where when `path` is None)."""
        if self.report is None:
            return False
        interactive = path is None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export the coverage"),
                os.path.join(os.path.expanduser("~"), self.tr("coverage") + ".csv"),
                self.tr("CSV for Excel (*.csv)"),
            )
            if not path:
                return False
        try:
            self.report.write_csv(path)
        except OSError as exc:
            text = fill(self.tr("“%1” could not be written: %2"), path, french_os_reason(exc))
            self.message.emit(text)
            if interactive:
                QMessageBox.warning(self, self.tr("Export the coverage"), text)
            return False
        self.message.emit(fill(self.tr("Coverage written to “%1”."), path))
        return True

    def import_businesses(self, path: str | None = None) -> None:
        """Import a SIRENE extract or the template CSV (asks which file when `path` is None) on a worker; the
        summary is shown (a message box when the person chose the file) and the view recomputed."""
        interactive = path is None
        if self._closing:
            return
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Import businesses"),
                os.path.expanduser("~"),
                self.tr("CSV files (*.csv *.txt);;All files (*)"),
            )
            if not path:
                return
        library = self.library
        chosen = path
        self.import_button.setEnabled(False)
        self.summary.setText(self.tr("Importing the businesses…"))
        self.import_progress.setRange(0, 0)
        self.import_progress.setVisible(True)
        self.cancel_import_button.setVisible(True)

        def work(progress, cancel):
            return library.import_businesses(chosen, progress=progress, cancel=cancel)

        def ended() -> None:
            self.import_button.setEnabled(True)
            self.import_progress.setVisible(False)
            self.cancel_import_button.setVisible(False)

        def done(summary) -> None:
            ended()
            text = fill(
                self.tr("Import finished: %1 added, %2 updated, %3 marked closed, %4 lines skipped."),
                summary.added,
                summary.updated,
                summary.closed,
                summary.skipped,
            )
            self.last_import = text
            self.message.emit(text)
            if self.undo_stack is not None and summary.changes:
                self.undo_stack.push(ImportCommand(self.library, summary, self.tr("Import businesses"), self.changed))
            if interactive:
                QMessageBox.information(self, self.tr("Import businesses"), text)
            self.registriesChanged.emit()
            self.refresh()

        def failed(text: str) -> None:
            ended()
            self.last_import = text
            self.summary.setText(text)
            if interactive:
                QMessageBox.warning(self, self.tr("Import businesses"), text)
            self.message.emit(text)

        task = Task(work, parent=self)
        task.progress.connect(self._on_import_progress)
        task.finished.connect(done)
        task.failed.connect(failed)
        self._import_task = task
        self._start(task)

    def cancel_import(self) -> None:
        """Stop the running import; nothing is changed when it stops before saving."""
        if self._import_task is not None:
            self._import_task.cancel()

    def _on_import_progress(self, done: int, total: int, _label: str) -> None:
        if total:
            self.import_progress.setRange(0, total)
            self.import_progress.setValue(min(done, total))
        else:  # reading the file: its number of lines is not known yet
            self.import_progress.setRange(0, 0)
