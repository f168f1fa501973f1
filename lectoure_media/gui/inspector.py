"""Right panel: a large preview of the current asset, its metadata, the tags of the selection grouped by
facet (with remove / add-to-all buttons), a tag entry with autocomplete over the registries, and a row of
recently used tags (Alt+1…Alt+8). Every tag edit goes through the undo stack (commands.TagCommand)."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from PySide6.QtCore import QDateTime, QLocale, QModelIndex, QPoint, QRect, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QImage, QKeySequence, QPainter, QPalette, QShortcut, QStandardItemModel, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QDockWidget,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core import FACETS, InvalidName, Library, SelectionSummary, clean_name, fold, printable
from .commands import TagCommand
from .models import ThumbnailLoader
from .picks import PickText
from .tag_field import FacetRole, NameRole, TypeChooser, best_row, fill_suggestions, rank_suggestions
from .text import fill
from .theme import section_header

log = logging.getLogger(__name__)

# Heritage sites are suggested from the GPS of selections up to this size: about 20 µs an asset, and a
# selection of the whole library was taken everywhere (its suggestion would say nothing).
MAX_NEARBY_SELECTION = 1000
MAX_RECENT = 8


@dataclass(frozen=True)
class RecentTag:
    facet: str
    name: str


class FlowLayout(QLayout):
    """Lays its widgets out left to right, wrapping to the next line (tag chips in a narrow panel)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        # Only the height counts: a long tag name must not widen the panel (it is squeezed instead).
        height = max((item.minimumSize().height() for item in self._items), default=0)
        m = self.contentsMargins()
        return QSize(m.left() + m.right(), height + m.top() + m.bottom())

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line_height = area.x(), area.y(), 0
        gap = self.spacing()
        for item in self._items:
            hint = item.sizeHint()
            hint.setWidth(min(hint.width(), max(1, area.width())))  # a chip wider than the panel is squeezed
            if x + hint.width() > area.right() + 1 and line_height > 0:
                x, y = area.x(), y + line_height + gap
                line_height = 0
            if apply:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + gap
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + m.bottom()

    def clear(self) -> None:
        while (item := self.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()


class Preview(QWidget):
    """The picture, scaled to fit and centred, or a line of text in its place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.text = ""
        self.setMinimumHeight(160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(320, 240)

    def set_image(self, image: QImage | None) -> None:
        self.image = image if image is not None and not image.isNull() else None
        self.update()

    def set_text(self, text: str) -> None:
        self.text = text
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(40, 40, 40))
        if self.image is not None:
            scaled = self.image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(QPoint(0, 0), scaled)
            target.moveCenter(self.rect().center())
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.drawImage(target, self.image)
        elif self.text:
            painter.setPen(QColor(200, 200, 200))
            painter.drawText(
                self.rect().adjusted(8, 8, -8, -8), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.text
            )
        painter.end()


class TagChip(QFrame):
    """One tag of the selection: its name, a remove button, and for a tag only some assets carry, a count
    and an add-to-all button."""

    removeRequested = Signal(str, str)  # facet, name
    addToAllRequested = Signal(str, str)

    def __init__(self, facet: str, name: str, count: int, total: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.facet, self.name, self.count, self.total = facet, name, count, total
        self.partial = count < total
        self.setObjectName("tag-chip")
        self.setProperty("partial", self.partial)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 1, 2, 1)
        layout.setSpacing(2)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        if self.partial:
            self.label.setText(fill(self.tr("%1 (%2/%3)"), name, count, total))
            font = self.label.font()
            font.setItalic(True)
            self.label.setFont(font)
            self.setToolTip(fill(self.tr("On %1 of the %2 selected assets"), count, total))
            self.add_button: QToolButton | None = QToolButton(self)
            self.add_button.setText("+")
            self.add_button.setAutoRaise(True)
            self.add_button.setToolTip(fill(self.tr("Add “%1” to all selected assets"), name))
            self.add_button.setAccessibleName(self.add_button.toolTip())
            self.add_button.clicked.connect(lambda: self.addToAllRequested.emit(self.facet, self.name))
        else:
            self.label.setText(name)
            self.add_button = None
        layout.addWidget(self.label)
        if self.add_button is not None:
            layout.addWidget(self.add_button)
        self.remove_button = QToolButton(self)
        self.remove_button.setText("×")
        self.remove_button.setAutoRaise(True)
        self.remove_button.setToolTip(fill(self.tr("Remove “%1” from all selected assets"), name))
        self.remove_button.setAccessibleName(self.remove_button.toolTip())
        self.remove_button.clicked.connect(lambda: self.removeRequested.emit(self.facet, self.name))
        layout.addWidget(self.remove_button)


class Inspector(QWidget):
    """The selection's details and tags. Emits tagsChanged(ids) after every tag edit, undo and redo."""

    tagsChanged = Signal(list)

    def __init__(self, library: Library, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self.library = library
        self.undo_stack = undo_stack
        self.ids: list[int] = []
        self.single: dict | None = None  # the selected asset, when exactly one is selected
        self.summary = SelectionSummary([], 0, {f: {} for f in FACETS})
        self.recent: list[RecentTag] = []
        self.chips: dict[str, list[TagChip]] = {f: [] for f in FACETS}
        self.message_box: QMessageBox | None = None
        self._pending_create: tuple[str, tuple[str, ...]] | None = None  # (folded name, types offered) asked
        self._preview_token = 0
        self._preview_key: tuple[int, str] | None = None
        self.thumbnails = ThumbnailLoader(self, threads=1)
        self.thumbnails.loaded.connect(self._on_preview_loaded)
        self.facet_titles = {
            "business": self.tr("Businesses"),
            "heritage": self.tr("Heritage sites"),
            "campaign": self.tr("Campaigns"),
            "keywords": self.tr("Keywords"),
        }
        self.facet_names = {
            "business": self.tr("Business"),
            "heritage": self.tr("Heritage site"),
            "campaign": self.tr("Campaign"),
            "keywords": self.tr("Keyword"),
        }
        self._build()
        self.refresh()

    # -- construction --------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget(scroll)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.preview = Preview(body)
        self.preview.setObjectName("inspector-preview")
        layout.addWidget(self.preview)
        self.title_label = QLabel(body)
        self.title_label.setObjectName("inspector-title")
        self.title_label.setWordWrap(True)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        layout.addWidget(self.title_label)
        # "Duplicate of …": a file copied into the share that is a copy of an asset (core/duplicates.py)
        self.duplicate_label = QLabel(body)
        self.duplicate_label.setObjectName("inspector-duplicate")
        self.duplicate_label.setWordWrap(True)
        self.duplicate_label.setTextFormat(Qt.TextFormat.PlainText)
        self.duplicate_label.setStyleSheet("color: #a05a00;")
        self.duplicate_label.setVisible(False)
        layout.addWidget(self.duplicate_label)

        self.meta_box = QWidget(body)
        self.meta_form = QFormLayout(self.meta_box)
        self.meta_form.setContentsMargins(0, 0, 0, 0)
        self.meta_labels: dict[str, QLabel] = {}
        rows = [
            ("folder", self.tr("Folder")),
            ("date", self.tr("Date")),
            ("dimensions", self.tr("Dimensions")),
            ("size", self.tr("File size")),
            ("camera", self.tr("Camera")),
            ("gps", self.tr("Location")),
            ("duration", self.tr("Duration")),
            ("status", self.tr("Status")),
            ("rating", self.tr("Rating")),  # stars / rejected / colour label (gui/picks.py)
        ]
        for key, label in rows:
            value = QLabel(self.meta_box)
            value.setObjectName(f"meta-{key}")
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.RichText if key == "gps" else Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextBrowserInteraction
                if key == "gps"
                else Qt.TextInteractionFlag.TextSelectableByMouse
            )
            value.setOpenExternalLinks(key == "gps")
            self.meta_labels[key] = value
            self.meta_form.addRow(label, value)
        layout.addWidget(self.meta_box)

        self.tags_box = QWidget(body)
        tags_layout = QVBoxLayout(self.tags_box)
        tags_layout.setContentsMargins(0, 6, 0, 0)
        self.facet_headers: dict[str, QLabel] = {}
        self.facet_flows: dict[str, FlowLayout] = {}
        self.facet_sections: dict[str, QWidget] = {}
        for facet in FACETS:
            section = QWidget(self.tags_box)
            section_layout = QVBoxLayout(section)
            section_layout.setContentsMargins(0, 2, 0, 2)
            header = section_header(QLabel(self.facet_titles[facet], section))
            section_layout.addWidget(header)
            holder = QWidget(section)
            flow = FlowLayout(holder)
            section_layout.addWidget(holder)
            tags_layout.addWidget(section)
            self.facet_headers[facet] = header
            self.facet_flows[facet] = flow
            self.facet_sections[facet] = section
        self.no_tags_label = QLabel(self.tr("No tags yet."), self.tags_box)
        self.no_tags_label.setObjectName("inspector-no-tags")
        tags_layout.addWidget(self.no_tags_label)
        layout.addWidget(self.tags_box)

        # Heritage sites the selection was taken at (GPS within a site's radius), one click to tag them.
        self.nearby_box = QWidget(body)
        nearby_layout = QVBoxLayout(self.nearby_box)
        nearby_layout.setContentsMargins(0, 6, 0, 0)
        self.nearby_caption = QLabel(self.tr("Taken at (GPS):"), self.nearby_box)
        section_header(self.nearby_caption)
        nearby_layout.addWidget(self.nearby_caption)
        holder = QWidget(self.nearby_box)
        self.nearby_flow = FlowLayout(holder)
        nearby_layout.addWidget(holder)
        self.nearby_buttons: list[QToolButton] = []
        self.nearby_box.hide()
        layout.addWidget(self.nearby_box)
        from .rights_panel import RightsPanel  # rights and consent (issue 11)

        self.rights_panel = RightsPanel(self.library, self.undo_stack, body)
        self.rights_panel.rightsChanged.connect(self._on_command_changed)
        layout.addWidget(self.rights_panel)
        from .publog_panel import PublogPanel  # exports and publications of one asset (issue 12, item 3)

        self.publog_panel = PublogPanel(self.library, body, self.undo_stack)
        layout.addWidget(self.publog_panel)
        layout.addStretch(1)
        # The area's size hint is its content's preferred size, which a panel's minimum can exceed, and leaves out
        # the vertical bar: the dock then opened narrower than its content and the bar covered the right edge
        # (the rights panel's lists and buttons were cut off on a 1366 px screen). Never narrower than that.
        scroll.setMinimumWidth(body.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width())

        # The entry stays below the scroll area, always visible however long the tag list grows.
        # One field for every type (gui/tag_field.py): suggestions over the four registries together, each
        # with its type; a new name asks its type once.
        entry_row = QHBoxLayout()
        self.entry = QLineEdit(self)
        self.entry.setObjectName("inspector-tag-entry")
        self.entry.setClearButtonEnabled(True)
        self.entry.setAccessibleName(self.tr("Tag to add"))
        self.entry.textEdited.connect(self._on_text_edited)
        self.entry.returnPressed.connect(self._on_return)
        entry_row.addWidget(self.entry, 1)
        self.add_button = QToolButton(self)
        self.add_button.setText(self.tr("Add"))
        self.add_button.setToolTip(self.tr("Add this tag to every selected asset (Enter)"))
        self.add_button.clicked.connect(self.commit_entry)
        entry_row.addWidget(self.add_button)
        outer.addLayout(entry_row)

        # Completion is filtered here rather than by QCompleter: Qt's matching knows case but not accents,
        # and the registries are compared accent-insensitively ("cathedrale" is "Cathédrale").
        self.completion_model = QStandardItemModel(self)
        self.completer = QCompleter(self.completion_model, self)
        self.completer.setWidget(self.entry)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(10)
        self.completer.activated[QModelIndex].connect(  # type: ignore[index]  # the stubs do not model overloaded signals
            self._on_completion_chosen
        )

        self.message_label = QLabel(self)
        self.message_label.setObjectName("inspector-message")
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        pal = self.message_label.palette()
        pal.setColor(QPalette.ColorRole.WindowText, QColor(190, 30, 30))
        self.message_label.setPalette(pal)
        self.message_label.hide()
        outer.addWidget(self.message_label)

        self.create_panel = TypeChooser(self)
        self.create_panel.confirmed.connect(self.confirm_create)
        self.create_panel.cancelled.connect(self._cancel_and_refocus)
        self.create_label = self.create_panel.label
        self.category_box = self.create_panel.category_box
        self.create_cancel = self.create_panel.cancel_button
        self.create_button = self.create_panel.create_button
        outer.addWidget(self.create_panel)

        recent_row = QHBoxLayout()
        self.recent_caption = QLabel(self.tr("Recent:"), self)
        recent_row.addWidget(self.recent_caption, 0, Qt.AlignmentFlag.AlignTop)
        holder = QWidget(self)
        self.recent_flow = FlowLayout(holder)
        recent_row.addWidget(holder, 1)
        outer.addLayout(recent_row)
        self.recent_buttons: list[QToolButton] = []
        self._recent_shortcuts: list[QShortcut] = []
        for i in range(MAX_RECENT):
            # Window-wide: the hand is usually on the grid when reaching for a recent tag.
            shortcut = QShortcut(QKeySequence(f"Alt+{i + 1}"), self, context=Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda i=i: self.apply_recent(i))
            self._recent_shortcuts.append(shortcut)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.entry, context=Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self._on_escape)
        self.setStyleSheet(
            "QFrame#tag-chip { border: 1px solid palette(mid); border-radius: 9px; }"
            'QFrame#tag-chip[partial="true"] { border-style: dashed; }'
        )
        self._rebuild_recent()

    # -- public API (MainWindow's contract) ----------------------------------------------------------
    def set_selection(self, ids: list[int]) -> None:
        """Show these assets (the grid's selection, in order; the first is the one previewed)."""
        self.ids = list(dict.fromkeys(int(i) for i in ids))
        self.cancel_create()
        self._show_message("")
        self.refresh()

    def refresh(self) -> None:
        """Re-read the shown assets from the library (after a scan, a watcher update or a tag edit)."""
        try:
            self.summary = self.library.selection_summary(self.ids)
            self.ids = self.summary.ids
            self.single = self.library.asset(self.ids[0]) if len(self.ids) == 1 else None
            self._show_preview()
            self._show_metadata()
            self._show_tags()
            self._show_nearby()
            self.rights_panel.set_selection(self.ids, self.single)
            self.publog_panel.set_asset(self.single)
            self._show_duplicates()
        except Exception:  # a bad record must not take the panel down with a traceback
            log.exception("inspector refresh failed")
            self._show_message(self.tr("The details of the selection could not be shown."))
        has_selection = bool(self.ids)
        self.add_button.setEnabled(has_selection)
        self.entry.setPlaceholderText(
            self.tr("Add a tag… (Ctrl+T)") if has_selection else self.tr("Select photos or videos to tag them")
        )

    def focus_tag_entry(self) -> None:
        """Ctrl+T: bring the panel into view and put the keyboard in the tag entry."""
        widget = self.parentWidget()
        while widget is not None:
            if isinstance(widget, QDockWidget):
                widget.show()
                widget.raise_()
                break
            widget = widget.parentWidget()
        self.entry.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.entry.selectAll()

    def tag_ids(self, ids: list[int], facet: str, name: str) -> bool:
        """Add `name` (an existing entry, e.g. the facet entry assets were dropped on) to `ids`, undoably."""
        return self._push_tag(list(ids), facet, add=[name], remove=[])

    # -- tagging -------------------------------------------------------------------------------------
    def commit_entry(self) -> None:
        """Tag the selection with the entry's text. A name registered under one type is tagged at once;
        a new name (or one registered under several types) asks its type first."""
        text = self.entry.text()
        if not self.ids:
            self._show_message(self.tr("Select one or more photos or videos first."))
            return
        if not text.strip():
            return
        try:
            name = clean_name(text)
        except InvalidName as exc:
            self._show_message(str(exc))
            return
        self._show_message("")
        found = {facet: self.library.canonical_name(facet, name) for facet in FACETS}
        matches = [facet for facet, canonical in found.items() if canonical is not None]
        if len(matches) == 1:
            self._tag_from_entry(matches[0], found[matches[0]] or name)
            return
        self._popup().hide()
        self._pending_create = (fold(name), tuple(matches))
        self.create_panel.ask(name, matches or None)

    def _tag_from_entry(self, facet: str, name: str, category: str | None = None) -> None:
        if self._push_tag(self.ids, facet, add=[name], remove=[], categories={name: category} if category else None):
            self.entry.clear()
            self._popup().hide()
            self.entry.setFocus()

    def confirm_create(self, facet: str | None = None, category: object = None) -> None:
        """The type chooser answered (Enter, 1…4, or its button): tag with `facet` (its current row when
        None), creating the entry with its category for a new business."""
        if self._pending_create is None:
            return
        key, _offered = self._pending_create
        facet = facet or self.create_panel.current_facet()
        try:
            name = clean_name(self.entry.text())
        except InvalidName as exc:
            self._show_message(str(exc))
            return
        if fold(name) != key:
            self.cancel_create()  # the entry changed under the question: ask again on the next Enter
            return
        self.cancel_create()
        existing = self.library.canonical_name(facet, name)
        self._tag_from_entry(facet, existing or name, category if isinstance(category, str) else None)

    def cancel_create(self) -> None:
        self._pending_create = None
        self.create_panel.hide()

    def _on_escape(self) -> None:
        """Escape in the field (the shortcut takes it before the suggestion list): close the list, drop
        the question."""
        self._popup().hide()
        self.cancel_create()

    def _cancel_and_refocus(self) -> None:
        self.cancel_create()
        self.entry.setFocus()

    def remove_from_all(self, facet: str, name: str) -> bool:
        """Take a tag off every selected asset (those without it are left alone)."""
        return self._push_tag(self.ids, facet, add=[], remove=[name], remember=False)

    def add_to_all(self, facet: str, name: str) -> bool:
        return self._push_tag(self.ids, facet, add=[name], remove=[])

    def apply_recent(self, index: int) -> bool:
        """Alt+1…Alt+8 or a click on the recent row: that tag on every selected asset."""
        if not (0 <= index < len(self.recent)):
            return False
        if not self.ids:
            self._show_message(self.tr("Select one or more photos or videos first."))
            return False
        tag = self.recent[index]
        return self._push_tag(self.ids, tag.facet, add=[tag.name], remove=[])

    def _push_tag(
        self,
        ids: list[int],
        facet: str,
        *,
        add: list[str],
        remove: list[str],
        categories: dict[str, str] | None = None,
        remember: bool = True,
    ) -> bool:
        """Build and push a TagCommand; False (with the reason shown) when the edit cannot be made."""
        if not ids:
            return False
        try:
            command = TagCommand(
                self.library,
                ids,
                facet,
                add,
                remove,
                self._on_command_changed,
                categories=categories,
                on_error=self._on_command_error,
            )
        except InvalidName as exc:
            self._show_message(str(exc))
            return False
        except Exception:
            log.exception("could not prepare a tag change")
            self._show_error(self.tr("The tags could not be changed."))
            return False
        self.undo_stack.push(command)  # runs redo() now; a failed or empty edit is dropped by the stack
        if command.error is not None:
            return False
        if remember:
            for name in add:
                self._remember(facet, self.library.canonical_name(facet, name) or name)
        return True

    @Slot(list)
    def _on_command_changed(self, ids: list[int]) -> None:
        self.refresh()
        self._prune_recent()
        self.tagsChanged.emit(list(ids))

    def _prune_recent(self) -> None:
        """An undo that deleted an entry (created by the step undone) takes its recent button too."""
        kept = [t for t in self.recent if self.library.canonical_name(t.facet, t.name) is not None]
        if len(kept) != len(self.recent):
            self.recent = kept
            self._rebuild_recent()

    def _on_command_error(self, message: str) -> None:
        self.refresh()
        self._show_error(fill(self.tr("The tags could not be changed: %1"), message))

    # -- recent tags ---------------------------------------------------------------------------------
    def recent_tags(self) -> list[tuple[str, str]]:
        """(facet, name) of the recent tags, most recent first (saved in the settings at exit)."""
        return [(t.facet, t.name) for t in self.recent]

    def set_recent_tags(self, tags) -> None:
        """Restore recent tags saved earlier; unknown facets and malformed entries are skipped."""
        recent = []
        for item in tags or ():
            if (
                isinstance(item, (list, tuple))
                and len(item) == 2
                and item[0] in self.facet_names
                and isinstance(item[1], str)
                and item[1].strip()
            ):
                recent.append(RecentTag(item[0], item[1]))
        self.recent = recent[:MAX_RECENT]
        self._rebuild_recent()

    def _remember(self, facet: str, name: str) -> None:
        key = (facet, fold(name))
        self.recent = [RecentTag(facet, name)] + [t for t in self.recent if (t.facet, fold(t.name)) != key]
        del self.recent[MAX_RECENT:]
        self._rebuild_recent()

    def _rebuild_recent(self) -> None:
        self.recent_flow.clear()
        self.recent_buttons = []
        for i, tag in enumerate(self.recent):
            button = QToolButton(self)
            button.setObjectName("recent-tag")
            button.setText(tag.name)
            shortcut = QKeySequence(f"Alt+{i + 1}").toString(QKeySequence.SequenceFormat.NativeText)
            button.setToolTip(fill(self.tr("%1: %2 — %3"), self.facet_names[tag.facet], tag.name, shortcut))
            button.clicked.connect(lambda _checked=False, i=i: self.apply_recent(i))
            self.recent_flow.addWidget(button)
            self.recent_buttons.append(button)
        self.recent_caption.setVisible(bool(self.recent))

    # -- completion ----------------------------------------------------------------------------------
    def completions(self, text: str) -> list[tuple[str, str]]:
        """(facet, name) of the registry names of every type matching `text` (case- and accent-insensitive)."""
        return rank_suggestions({facet: self.library.entry_names(facet) for facet in FACETS}, text)

    def _on_text_edited(self, text: str) -> None:
        if self._pending_create is not None:
            self.cancel_create()
        self._show_message("")
        try:
            names = self.completions(text)
        except Exception:
            log.exception("completion failed")
            names = []
        fill_suggestions(self.completion_model, names, text)
        if names:
            self.completer.complete(self.entry.rect())
            # The best suggestion is highlighted, so a few letters and Enter tag an existing name of any
            # type; a new name that begins like an existing one ("Boulangerie" / "Boulangerie Martin") is
            # the list's last row, "+ New tag…" (or Escape, then Enter).
            row = best_row(names, text)
            popup = self._popup()
            popup.setCurrentIndex(self.completion_model.index(row, 0) if row >= 0 else QModelIndex())
        else:
            self._popup().hide()

    def _on_completion_chosen(self, index: QModelIndex) -> None:
        facet, name = index.data(FacetRole), index.data(NameRole)
        if not isinstance(facet, str) or not isinstance(name, str):
            return
        if not self.entry.text().strip():
            return  # already taken (Enter reached both the field and the list)
        if not facet:  # the "+ New tag…" row: its type is asked
            self.entry.setText(name)
            self.commit_entry()
            return
        if not self.ids:
            self._show_message(self.tr("Select one or more photos or videos first."))
            return
        self.cancel_create()
        self._tag_from_entry(facet, name)

    def _popup(self) -> QAbstractItemView:
        popup = self.completer.popup()  # QCompleter makes its list view on the first call: never None
        if popup is None:
            raise RuntimeError("the tag completer has no popup list")
        return popup

    def _on_return(self) -> None:
        popup = self._popup()
        if popup.isVisible() and popup.currentIndex().isValid():
            index = popup.currentIndex()
            popup.hide()
            self._on_completion_chosen(index)  # the highlighted suggestion, as a click on it would
            return
        self.commit_entry()

    # -- display -------------------------------------------------------------------------------------
    def _show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def _show_error(self, text: str) -> None:
        log.warning("%s", text)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Tagging"), text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not exec(): a nested event loop inside a tag edit would let the stack re-enter
        self.message_box = box

    def _show_preview(self) -> None:
        asset = self.single
        if asset is None:
            self._preview_key = None
            self._preview_token += 1
            self.preview.set_image(None)
            self.preview.set_text(
                self.tr("%n asset(s) selected", "", len(self.ids)) if self.ids else self.tr("No selection")
            )
            return
        key = (int(asset["id"]), asset.get("thumb") or "")
        if key == self._preview_key:
            return
        self._preview_key = key
        self._preview_token += 1
        self.preview.set_image(None)
        path = self.library.thumbnail_path(asset)
        if not path:
            self.preview.set_text(self.tr("No preview available"))
            return
        self.preview.set_text(self.tr("Loading…"))
        self.thumbnails.load(self._preview_token, path)

    @Slot(object, QImage)
    def _on_preview_loaded(self, token: int, image: QImage) -> None:
        if token != self._preview_token:
            return  # the selection moved on while the file was read
        if image.isNull():
            self.preview.set_text(self.tr("No preview available"))
        self.preview.set_image(image)

    def wait_for_preview(self, msecs: int = 5000) -> bool:
        return self.thumbnails.wait(msecs)

    def _show_metadata(self) -> None:
        labels = self.meta_labels
        asset = self.single
        if asset is None:
            self.meta_box.setVisible(False)
            if self.ids:
                self.title_label.setText(
                    fill(
                        self.tr("%n asset(s) selected — %1", "", len(self.ids)),
                        QLocale().formattedDataSize(self.summary.bytes),
                    )
                )
            else:
                self.title_label.setText("")
            return
        self.meta_box.setVisible(True)
        self.title_label.setText(printable(os.path.basename(asset["path"])))  # (U+FFFD for non-UTF-8 bytes)
        folder = printable(
            os.path.dirname(asset["relpath"]) if asset["relpath"] != asset["path"] else os.path.dirname(asset["path"])
        )
        values = {
            "folder": folder or self.tr("(top of the folder)"),
            "date": self._format_date(asset.get("taken_at")),
            "dimensions": (
                fill(self.tr("%1 × %2 pixels"), asset["width"], asset["height"])
                if asset.get("width") and asset.get("height")
                else ""
            ),
            "size": QLocale().formattedDataSize(asset["size"]) if asset.get("size") is not None else "",
            "camera": self._format_camera(asset.get("camera") or {}),
            "gps": self._format_gps(asset.get("gps")),
            "duration": self._format_duration(asset.get("duration")) if asset.get("kind") == "video" else "",
            "status": self._format_status(asset),
            "rating": PickText().describe(asset.get("rating"), asset.get("label")),
        }
        for key, label in labels.items():
            label.setText(values[key])
            label.setToolTip(printable(asset["path"]) if key == "folder" else "")
            self.meta_form.setRowVisible(label, bool(values[key]) or key == "status")

    def _format_date(self, taken_at: str | None) -> str:
        if not taken_at:
            return self.tr("Unknown")
        dt = QDateTime.fromString(taken_at[:19], Qt.DateFormat.ISODate)
        if not dt.isValid():
            return taken_at
        # Day, month name and year: "03/04" reads differently in Lectoure and in an English locale.
        return QLocale().toString(dt, "d MMMM yyyy, HH:mm")

    @staticmethod
    def _format_camera(camera: dict) -> str:
        make = (camera.get("make") or "").strip()
        model = (camera.get("model") or "").strip()
        if make and model.lower().startswith(make.lower()):
            return model  # "Canon Canon EOS 80D" otherwise
        return " ".join(p for p in (make, model) if p)

    def _format_gps(self, gps: dict | None) -> str:
        if not gps or gps.get("lat") is None or gps.get("lon") is None:
            return ""
        lat, lon = float(gps["lat"]), float(gps["lon"])
        text = f"{lat:.5f}, {lon:.5f}"
        if gps.get("alt") is not None:
            text += " " + fill(self.tr("(altitude %1 m)"), round(float(gps["alt"])))
        url = f"https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={lon:.6f}#map=18/{lat:.6f}/{lon:.6f}"
        return f'<a href="{url}">{text}</a>'

    @staticmethod
    def _format_duration(seconds: float | None) -> str:
        if seconds is None:
            return ""
        total = int(round(float(seconds)))
        hours, rest = divmod(total, 3600)
        return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"

    def _format_status(self, asset: dict) -> str:
        status = asset.get("status") or "ok"
        if status == "missing":
            return self.tr("Missing: the file is no longer in the folder.")
        if status == "error":
            reason = asset.get("error") or ""
            text = fill(self.tr("Unreadable file: %1"), reason) if reason else self.tr("Unreadable file.")
        else:
            text = self.tr("OK")
        if asset.get("sidecar_error"):  # the tags shown are the catalog's; the next edit replaces the file
            sidecar = fill(self.tr("XMP file not read: %1"), asset["sidecar_error"])
            text = sidecar if status == "ok" else f"{text}\n{sidecar}"
        return text

    def _show_duplicates(self) -> None:
        """One asset shown: the assets it duplicates (same bytes, or the same picture resized / recompressed)."""
        others = self.library.duplicates_of(self.ids[0]) if self.single is not None else []
        names = [printable(os.path.basename(a["path"])) for a in map(self.library.asset, others[:3]) if a]
        if names and len(others) > 3:
            names.append("…")
        self.duplicate_label.setText(fill(self.tr("Duplicate of %1"), ", ".join(names)) if names else "")
        self.duplicate_label.setToolTip(
            self.tr("Tools ▸ Duplicates… shows the copies side by side and sends the extra ones to the trash.")
            if names
            else ""
        )
        self.duplicate_label.setVisible(bool(names))

    def _show_nearby(self) -> None:
        """A button per heritage site the selection was taken at and does not carry yet: it tags the
        assets taken there (undoably); the person decides, the GPS only suggests."""
        self.nearby_flow.clear()
        self.nearby_buttons = []
        wanted = 0 < len(self.ids) <= MAX_NEARBY_SELECTION and not self.library.read_only
        sites = self.library.nearby_sites(self.ids) if wanted else []
        total = len(self.ids)
        for name, ids, distance in sites:
            button = QToolButton(self.nearby_box)
            button.setObjectName("nearby-site")
            text = "+ " + name
            if total > 1:
                text += f" ({len(ids)}/{total})"
            button.setText(text)
            button.setToolTip(
                fill(
                    self.tr("Taken %1 m from this heritage site: click to tag %n asset(s) with it.", "", len(ids)),
                    round(distance),
                )
            )
            button.clicked.connect(lambda _checked=False, n=name, i=list(ids): self._tag_nearby(n, i))
            self.nearby_flow.addWidget(button)
            self.nearby_buttons.append(button)
        self.nearby_box.setVisible(bool(self.nearby_buttons))

    def _tag_nearby(self, name: str, ids: list[int]) -> bool:
        return self._push_tag(ids, "heritage", add=[name], remove=[])

    def _show_tags(self) -> None:
        total = len(self.ids)
        any_tag = False
        for facet in FACETS:
            flow = self.facet_flows[facet]
            flow.clear()
            chips = []
            # Tags on every selected asset first, then those on some only.
            counts = self.summary.tags.get(facet, {})
            for name, count in sorted(counts.items(), key=lambda nc: (nc[1] < total, fold(nc[0]))):
                chip = TagChip(facet, name, count, total, flow.parentWidget())
                chip.removeRequested.connect(self.remove_from_all)
                chip.addToAllRequested.connect(self.add_to_all)
                flow.addWidget(chip)
                chips.append(chip)
            self.chips[facet] = chips
            self.facet_sections[facet].setVisible(bool(chips))
            any_tag = any_tag or bool(chips)
        self.no_tags_label.setVisible(bool(self.ids) and not any_tag)
