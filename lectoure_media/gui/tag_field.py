"""One tag field for every type: the inspector's suggestions over businesses, heritage sites, campaigns and
keywords together, each shown with its type ("Café du Centre — business"), and the small chooser that asks
the type of a new name once (four rows, driven by the keyboard: arrows or 1…4, Enter, Escape).

Before, every tag needed its type picked in a drop-down first (about six actions for a new tag); now an
existing name is a few letters and Enter, whatever its type."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core import BUSINESS_CATEGORIES, FACETS, fold
from .text import fill

FacetRole = Qt.ItemDataRole.UserRole + 20
NameRole = Qt.ItemDataRole.UserRole + 21
MAX_SUGGESTIONS = 50


class FacetWords(QObject):
    """The facets' names as a person reads them, in the interface language."""

    def type_names(self) -> dict[str, str]:
        """Lower-case type shown after a suggestion ("Café du Centre — business")."""
        return {
            "business": self.tr("business"),
            "heritage": self.tr("heritage site"),
            "campaign": self.tr("campaign"),
            "keywords": self.tr("keyword"),
        }

    def new_tag(self, name: str) -> str:
        """The suggestion list's last row, for a name in no registry yet."""
        return fill(self.tr("+ New tag “%1”…"), name)

    def choices(self) -> dict[str, str]:
        """The chooser's rows."""
        return {
            "business": self.tr("Business (shop, restaurant, producer…)"),
            "heritage": self.tr("Heritage site (monument, place)"),
            "campaign": self.tr("Campaign (event, season, operation)"),
            "keywords": self.tr("Keyword (anything else)"),
        }


def rank_suggestions(names: dict[str, list[str]], text: str, limit: int = MAX_SUGGESTIONS) -> list[tuple[str, str]]:
    """(facet, name) of the names of every facet containing `text`, ignoring case and accents: prefix
    matches first, then word starts, then anywhere; among equals, business before site, campaign, keyword."""
    key = fold(" ".join(text.split()))
    if not key:
        return []
    order = {facet: i for i, facet in enumerate(FACETS)}
    ranked: list[tuple[int, str, int, str, str]] = []
    for facet, facet_names in names.items():
        for name in facet_names:
            folded = fold(name)
            pos = folded.find(key)
            if pos < 0:
                continue
            rank = 0 if pos == 0 else 1 if not folded[pos - 1].isalnum() else 2
            ranked.append((rank, folded, order.get(facet, 9), facet, name))
    ranked.sort()
    return [(facet, name) for _r, _f, _o, facet, name in ranked[:limit]]


def best_row(suggestions: list[tuple[str, str]], text: str) -> int:
    """The suggestion Enter takes (-1: none, Enter then takes the typed text): the exact name, else the
    first one when it begins with the typed text or has a word beginning with it ("caf" → "Café du
    Centre", "centre" → it too); a name found only inside a word is shown but never taken by Enter alone."""
    key = fold(" ".join(text.split()))
    if not key or not suggestions:
        return -1
    for row, (_facet, name) in enumerate(suggestions):
        if fold(name) == key:
            return row
    first = fold(suggestions[0][1])
    pos = first.find(key)
    return 0 if pos == 0 or (pos > 0 and not first[pos - 1].isalnum()) else -1


def fill_suggestions(model: QStandardItemModel, suggestions: list[tuple[str, str]], new_name: str = "") -> None:
    """One row per (facet, name), "name — type"; with `new_name` (a text matching no name exactly), a last
    row to create it (its type asked next)."""
    words = FacetWords()
    types = words.type_names()
    model.clear()
    for facet, name in suggestions:
        item = QStandardItem(f"{name} — {types.get(facet, facet)}")
        item.setData(facet, FacetRole)
        item.setData(name, NameRole)
        item.setToolTip(item.text())
        item.setEditable(False)
        model.appendRow(item)
    if new_name.strip() and all(fold(n) != fold(new_name) for _f, n in suggestions):
        item = QStandardItem(words.new_tag(" ".join(new_name.split())))
        item.setData("", FacetRole)
        item.setData(new_name, NameRole)
        item.setEditable(False)
        model.appendRow(item)


class _TypeList(QListWidget):
    """The four types; 1…4 choose and confirm at once, Enter confirms the current row, Escape cancels."""

    chosen = Signal()
    cancelled = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_4 and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            row = key - Qt.Key.Key_1
            if row < self.count() and not self.item(row).isHidden():
                self.setCurrentRow(row)
                self.chosen.emit()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.currentItem() is not None:
                self.chosen.emit()
            return
        if key == Qt.Key.Key_Escape:
            self.cancelled.emit()
            return
        super().keyPressEvent(event)


class TypeChooser(QFrame):
    """The question "“Bistrot Lafayette” is new: what is it?" with the four types (only the matching ones when the name
    exists in several registries), a category for a business, Create and Cancel."""

    confirmed = Signal(str, object)  # facet, business category or None
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector-create")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.label)
        self.types = _TypeList(self)
        self.types.setObjectName("inspector-type-list")
        self.types.setAccessibleName(self.tr("Type of the new tag"))
        for i, (facet, text) in enumerate(FacetWords().choices().items()):
            item = QListWidgetItem(f"{i + 1}  {text}", self.types)
            item.setData(FacetRole, facet)
        self.types.setCurrentRow(0)
        row_height = self.types.sizeHintForRow(0)
        self.types.setFixedHeight(row_height * 4 + 2 * self.types.frameWidth() + 4)
        self.types.chosen.connect(self.confirm)
        self.types.cancelled.connect(self.cancelled.emit)
        self.types.itemDoubleClicked.connect(lambda _item: self.confirm())
        self.types.currentRowChanged.connect(lambda _row: self._sync_category())
        layout.addWidget(self.types)
        category_row = QHBoxLayout()
        self.category_caption = QLabel(self.tr("Category:"), self)
        category_row.addWidget(self.category_caption)
        self.category_box = QComboBox(self)
        self.category_box.setObjectName("inspector-category")
        self.category_box.addItem(self.tr("No category"), None)
        for category in BUSINESS_CATEGORIES:
            self.category_box.addItem(category, category)
        self.category_caption.setBuddy(self.category_box)
        category_row.addWidget(self.category_box, 1)
        layout.addLayout(category_row)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.cancelled.emit)
        buttons.addWidget(self.cancel_button)
        self.create_button = QPushButton(self.tr("Create and tag"), self)
        self.create_button.setAutoDefault(True)
        self.create_button.clicked.connect(self.confirm)
        buttons.addWidget(self.create_button)
        layout.addLayout(buttons)
        self.hide()

    def ask(self, name: str, facets: list[str] | None = None) -> None:
        """Show the question for `name`; `facets`: the types to offer (all four when None)."""
        offered = list(facets) if facets else list(FACETS)
        if facets:
            self.label.setText(fill(self.tr("“%1” exists as several types: which one?"), name))
            self.create_button.setText(self.tr("Tag"))
        else:
            self.label.setText(fill(self.tr("“%1” is new: what is it? (1–4, Enter)"), name))
            self.create_button.setText(self.tr("Create and tag"))
        first = None
        for row in range(self.types.count()):
            item = self.types.item(row)
            hidden = item.data(FacetRole) not in offered
            item.setHidden(hidden)
            if not hidden and first is None:
                first = row
        self.types.setCurrentRow(first or 0)
        self.category_box.setCurrentIndex(0)
        self._creating = not facets
        self._sync_category()
        self.show()
        self.types.setFocus(Qt.FocusReason.OtherFocusReason)

    def current_facet(self) -> str:
        item = self.types.currentItem()
        return str(item.data(FacetRole)) if item is not None else FACETS[0]

    def _sync_category(self) -> None:
        wanted = getattr(self, "_creating", True) and self.current_facet() == "business"
        self.category_caption.setVisible(wanted)
        self.category_box.setVisible(wanted)

    def confirm(self) -> None:
        facet = self.current_facet()
        category = self.category_box.currentData() if self.category_box.isVisible() else None
        self.confirmed.emit(facet, category)
