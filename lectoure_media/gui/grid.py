"""The thumbnail grid: a QListView in icon mode with a delegate that paints thumbnails and badges."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from .models import AssetRole, ThumbRole

DEFAULT_THUMB = 180
MIN_THUMB, MAX_THUMB = 96, 320


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
        painter.fillRect(box, QColor(40, 40, 40))
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
        if asset.get("status") == "missing":
            badge("?", QColor(170, 120, 0, 230), "top-right")
        elif asset.get("status") == "error":
            badge("!", QColor(180, 30, 30, 230), "top-right")


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
        self.setSpacing(4)
        self.setWordWrap(False)
        self.delegate = AssetDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

    def set_thumb_size(self, size: int) -> None:
        size = max(MIN_THUMB, min(MAX_THUMB, int(size)))
        if size != self.delegate.thumb_size:
            self.delegate.thumb_size = size
            self.setGridSize(QSize(size + 16, size + 36))
            self.scheduleDelayedItemsLayout()
            self.thumbSizeChanged.emit(size)
