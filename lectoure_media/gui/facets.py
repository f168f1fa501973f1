"""Left panel: the watched folder and the facet lists (businesses, heritage sites, campaigns, keywords)
with counts; clicking filters the grid, dropping assets on an entry tags them."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QToolBox, QVBoxLayout, QWidget

from ..core import FACETS, Library, fold
from .models import MIME_ASSET_IDS
from .text import fill

NameRole = Qt.ItemDataRole.UserRole + 10


class _FacetList(QListWidget):
    """One facet: entries with their asset counts; accepts assets dragged from the grid."""

    dropped = Signal(str, list)  # entry name, asset ids

    def __init__(self, facet: str, parent=None) -> None:
        super().__init__(parent)
        self.facet = facet
        self.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        # A long business name is cut with "…" (whole in its tooltip), never a sideways scroll bar.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasFormat(MIME_ASSET_IDS):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasFormat(MIME_ASSET_IDS) and self.itemAt(event.position().toPoint()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:
        item = self.itemAt(event.position().toPoint())
        if item is None or not event.mimeData().hasFormat(MIME_ASSET_IDS):
            event.ignore()
            return
        raw = bytes(event.mimeData().data(MIME_ASSET_IDS)).decode()
        ids = [int(x) for x in raw.split(",") if x.strip().lstrip("-").isdigit()]
        if ids:
            self.dropped.emit(item.data(NameRole), ids)
        event.acceptProposedAction()


class FacetPanel(QWidget):
    """Emits filterChanged(facet, names) when the selection in a facet list changes, and
    tagRequested(facet, name, ids) when assets are dropped on an entry."""

    filterChanged = Signal(str, list)
    tagRequested = Signal(str, str, list)

    def __init__(self, library: Library, parent=None) -> None:
        super().__init__(parent)
        self.library = library
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.root_label = QLabel(self)
        self.root_label.setWordWrap(True)
        self.root_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.root_label)
        self.toolbox = QToolBox(self)
        layout.addWidget(self.toolbox, 1)
        self.lists: dict[str, _FacetList] = {}
        titles = {
            "business": self.tr("Businesses"),
            "heritage": self.tr("Heritage sites"),
            "campaign": self.tr("Campaigns"),
            "keywords": self.tr("Keywords"),
        }
        for facet in FACETS:
            lst = _FacetList(facet, self)
            lst.itemSelectionChanged.connect(lambda f=facet: self._selection_changed(f))
            lst.dropped.connect(lambda name, ids, f=facet: self.tagRequested.emit(f, name, ids))
            self.lists[facet] = lst
            self.toolbox.addItem(lst, titles[facet])
        self.refresh()

    def set_root(self, root: str | None) -> None:
        self.root_label.setText(fill(self.tr("Watched folder: %1"), root) if root else self.tr("No folder chosen yet"))

    def refresh(self) -> None:
        """Reload names and counts, keeping the current selection."""
        for facet, lst in self.lists.items():
            selected = {i.data(NameRole) for i in lst.selectedItems()}
            lst.blockSignals(True)
            lst.clear()
            for name, count in sorted(
                self.library.facet_counts(facet).items(), key=lambda kv: (-kv[1], kv[0].casefold())
            ):
                item = QListWidgetItem(f"{name}  ({count})")
                item.setData(NameRole, name)
                item.setToolTip(f"{name}  ({count})")
                lst.addItem(item)
                if name in selected:
                    item.setSelected(True)
            lst.blockSignals(False)

    def deselect(self, facet: str, name: str) -> None:
        """Take `name` out of the facet's filter (the × of its chip above the grid)."""
        lst = self.lists.get(facet)
        if lst is None:
            return
        for item in lst.selectedItems():
            if item.data(NameRole) == name:
                item.setSelected(False)

    def select_only(self, facet: str, name: str) -> None:
        """Filter by this one entry: it alone is selected (other facets' selections cleared), its list shown."""
        for other, lst in self.lists.items():
            if other != facet and lst.selectedItems():
                lst.clearSelection()  # emits filterChanged for that facet
        lst = self.lists[facet]
        lst.blockSignals(True)
        lst.clearSelection()
        found = False
        for row in range(lst.count()):
            item = lst.item(row)
            if fold(item.data(NameRole)) == fold(name):
                item.setSelected(True)
                lst.scrollToItem(item)
                found = True
        lst.blockSignals(False)
        self.toolbox.setCurrentWidget(lst)
        if found:
            self._selection_changed(facet)
        else:  # not listed yet (a refresh pending): filter by the name all the same
            self.filterChanged.emit(facet, [name])

    def _selection_changed(self, facet: str) -> None:
        names = [i.data(NameRole) for i in self.lists[facet].selectedItems()]
        self.filterChanged.emit(facet, names)
