"""The thumbnail grid: a QListView in icon mode with a delegate that paints thumbnails and badges."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from .models import AssetRole, ThumbRole

DEFAULT_THUMB = 180
MIN_THUMB, MAX_THUMB = 96, 320


# Colour labels (xmp:Label, Lightroom's names; core/picks.py) as drawn along a thumbnail's bottom edge.
LABEL_COLOURS = {
    "Red": QColor(220, 50, 47),
    "Yellow": QColor(230, 190, 30),
    "Green": QColor(60, 170, 60),
    "Blue": QColor(40, 110, 220),
    "Purple": QColor(150, 70, 190),
}


def _duration_text(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class AssetDelegate(QStyledItemDelegate):
    """Thumbnail, file name, and badges: video duration, tag count, error, missing."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.thumb_size = DEFAULT_THUMB
        self.news_since = ""  # assets added after this (core/news.py stamp) get the "new" badge
        self.new_text = self.tr("New")

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        view = self.parent()
        if isinstance(view, QListView) and view.gridSize().isValid():  # the cell, widened to share the width
            return view.gridSize() - QSize(4, 6)
        return QSize(self.thumb_size + 12, self.thumb_size + 30)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        painter.save()
        rect = option.rect.adjusted(3, 3, -3, -3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        pal = option.palette
        if selected:
            painter.fillRect(rect, pal.color(QPalette.ColorRole.Highlight))
        box = QRect(rect.left() + 3, rect.top() + 3, rect.width() - 6, self.thumb_size)
        painter.fillRect(box, QColor(214, 220, 228))  # light, as the theme (gui/theme.py)
        image = index.data(ThumbRole)
        asset = index.data(AssetRole) or {}
        if image is not None and not image.isNull():
            scaled = image.size().scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, scaled.width(), scaled.height())
            target.moveCenter(box.center())
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, self.thumb_size > 160)
            painter.drawImage(target, image)
        else:
            painter.setPen(QColor(150, 150, 150))
            label = "⚠" if asset.get("status") == "error" else ("▶" if asset.get("kind") == "video" else "…")
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
        if asset.get("status") == "missing":
            self._missing(painter, box)
        self._badges(painter, box, asset)
        painter.setPen(pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
        text_rect = QRect(rect.left() + 3, box.bottom() + 3, rect.width() - 6, rect.bottom() - box.bottom() - 3)
        name = index.data(Qt.ItemDataRole.DisplayRole) or ""
        painter.drawText(
            text_rect,
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            option.fontMetrics.elidedText(name, Qt.TextElideMode.ElideMiddle, text_rect.width()),
        )
        painter.restore()

    def _missing(self, painter: QPainter, box: QRect) -> None:
        """A file gone from the folder, at a glance: the picture greyed out under "File not found"."""
        painter.fillRect(box, QColor(235, 235, 235, 200))
        font = QFont(painter.font())
        font.setBold(True)
        painter.setFont(font)
        fm = painter.fontMetrics()
        text = fm.elidedText(self.tr("File not found"), Qt.TextElideMode.ElideRight, box.width() - 12)
        band = QRect(box.left(), box.center().y() - fm.height(), box.width(), 2 * fm.height())
        painter.fillRect(band, QColor(150, 40, 30, 225))
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(band, Qt.AlignmentFlag.AlignCenter, text)

    def _badges(self, painter: QPainter, box: QRect, asset: dict) -> None:
        font = QFont(painter.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        font.setBold(True)
        painter.setFont(font)
        fm = painter.fontMetrics()

        def badge(text: str, color: QColor, corner: str) -> None:
            w, h = fm.horizontalAdvance(text) + 10, fm.height() + 2
            x = box.right() - w - 4 if corner.endswith("right") else box.left() + 4
            y = box.bottom() - h - 4 if corner.startswith("bottom") else box.top() + 4
            r = QRect(x, y, w, h)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(r, 4, 4)
            painter.setPen(QColor(255, 255, 255))
            painter.drawText(r, Qt.AlignmentFlag.AlignCenter, text)

        if asset.get("kind") == "video" and asset.get("duration"):
            badge("▶ " + _duration_text(asset["duration"]), QColor(0, 0, 0, 170), "bottom-right")
        count = sum(len(v) for v in (asset.get("tags") or {}).values())
        if count:
            badge(str(count), QColor(30, 110, 60, 210), "bottom-left")  # number of tags
        added = asset.get("added_at")
        if self.news_since and isinstance(added, str) and added > self.news_since:
            badge(self.new_text, QColor(0, 110, 200, 230), "top-left")  # added since the officer last looked
        from .rights_panel import rights_badges  # issue 11: do not publish, people without consent, licence

        found = rights_badges(asset)
        if found:
            badge(" ".join(text for text, _ in found), found[0][1], "top-left")
        if asset.get("status") == "error":
            badge("!", QColor(180, 30, 30, 230), "top-right")
        # Picks: stars (or ✕ and a dimmed picture when rejected) top left, the colour label as a bottom strip.
        rating, label = asset.get("rating"), asset.get("label")
        if rating == -1:
            painter.fillRect(box, QColor(0, 0, 0, 130))
            badge("✕", QColor(90, 90, 90, 230), "top-left")
        elif isinstance(rating, int) and rating > 0:
            badge("★" * min(rating, 5), QColor(0, 0, 0, 170), "top-left")
        if label:
            painter.fillRect(
                QRect(box.left(), box.bottom() - 3, box.width(), 4), LABEL_COLOURS.get(label, QColor(128, 128, 128))
            )


class AssetGrid(QListView):
    """Icon-mode list: uniform item sizes so 100,000 rows lay out instantly; multi-selection; drag out."""

    thumbSizeChanged = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(500)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setWordWrap(False)
        self.delegate = AssetDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setObjectName("asset-grid")
        self.setSpacing(0)  # the cells share the width themselves (cell_size)

    def set_thumb_size(self, size: int) -> None:
        size = max(MIN_THUMB, min(MAX_THUMB, int(size)))
        if size != self.delegate.thumb_size:
            self.delegate.thumb_size = size
            self._fit_columns()
            self.thumbSizeChanged.emit(size)

    def cell_size(self) -> QSize:
        """The grid's cell for the viewport's width: as many columns as fit, sharing the whole width
        (no empty band right of the last column)."""
        size = self.delegate.thumb_size
        width = max(1, self.viewport().width() - 1)
        smallest = size + 16
        columns = max(1, width // smallest)
        return QSize(max(smallest, width // columns), size + 36)

    def _fit_columns(self) -> None:
        cell = self.cell_size()
        if cell != self.gridSize():
            self.setGridSize(cell)
            self.scheduleDelayedItemsLayout()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_columns()
