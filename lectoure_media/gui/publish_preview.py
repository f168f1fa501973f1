"""The export dialog's preview: every ticked format's crop of the selection, small, with the credit line
drawn where the export puts it, so the person sees what will be posted before pressing Exporter.

The crops are the core's (Library.framing_for on Library.working_image, the same frames the crop editor
shows and the export cuts); they are decoded off the GUI thread, once per asset, and the credit is painted
on the GUI thread (typing the credit redraws at once, without decoding again)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from ..core import ExportPreset, Library
from .icons import platform_icon
from .tasks import Task

log = logging.getLogger(__name__)

TILE_HEIGHT = 120  # pixels of each crop's picture
MAX_TILE_WIDTH = 220


def crop_previews(
    library: Library,
    assets: Sequence[dict],
    presets: Sequence[ExportPreset],
    cancel: threading.Event,
    height: int = TILE_HEIGHT,
) -> dict[str, QImage | str]:
    """Per preset id: the first asset it applies to, cut as the export will, scaled to `height` pixels
    (a QImage, safe off the GUI thread), or one sentence saying why there is no preview."""
    from .crop_editor import pil_to_qimage

    out: dict[str, QImage | str] = {}
    decoded: dict[int, object] = {}
    for preset in presets:
        if cancel.is_set():
            break
        asset = next((a for a in assets if preset.supports(a.get("kind") or "photo")), None)
        if asset is None:
            out[preset.id] = "-"
            continue
        asset_id = int(asset["id"])
        try:
            work = decoded.get(asset_id)
            if work is None:
                work = decoded[asset_id] = library.working_image(asset_id)
            box = library.framing_for(asset_id, preset.id)
            image = work.image  # type: ignore[attr-defined]  # a WorkingImage (the dict holds them untyped)
            src_w, _src_h = work.source_size  # type: ignore[attr-defined]  # idem
            scale = image.width / src_w
            left, top = round(box.x * scale), round(box.y * scale)
            right, bottom = round((box.x + box.w) * scale), round((box.y + box.h) * scale)
            piece = image.crop((left, top, max(right, left + 1), max(bottom, top + 1)))
            width = max(1, min(MAX_TILE_WIDTH * 2, round(piece.width * height / max(1, piece.height))))
            out[preset.id] = pil_to_qimage(piece.resize((width, height)))
        except Exception as exc:  # noqa: BLE001 -- an untrusted file: no preview for it, the export reports its own error
            log.warning("no crop preview for asset %s, preset %s: %s", asset_id, preset.id, exc)
            out[preset.id] = str(exc) or exc.__class__.__name__
    return out


def draw_credit(image: QImage, credit: str) -> QImage:
    """`image` with the credit line bottom right on a dark translucent band (as core/export/image.py draws
    it, at a size still legible in a thumbnail)."""
    if not credit.strip():
        return image
    out = image.convertToFormat(QImage.Format.Format_RGB32)
    painter = QPainter(out)
    font = QFont(painter.font())
    font.setPixelSize(max(9, round(out.height() * 0.07)))
    painter.setFont(font)
    metrics = QFontMetrics(font)
    margin = max(2, round(min(out.width(), out.height()) * 0.025))
    pad = max(2, font.pixelSize() // 3)
    text = metrics.elidedText(credit, Qt.TextElideMode.ElideRight, max(10, out.width() - 2 * margin - 2 * pad))
    band = QRect(0, 0, metrics.horizontalAdvance(text) + 2 * pad, metrics.height() + pad)
    band.moveBottomRight(out.rect().bottomRight() - QRect(0, 0, margin, margin).bottomRight())
    painter.fillRect(band, QColor(0, 0, 0, 128))
    painter.setPen(QColor(255, 255, 255))
    painter.drawText(band, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return out


class _Tile(QFrame):
    def __init__(self, preset: ExportPreset, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preset = preset
        self.setObjectName("crop-preview-tile")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        self.picture = QLabel(self)
        self.picture.setObjectName("crop-preview-picture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(QSize(60, TILE_HEIGHT))
        layout.addWidget(self.picture)
        # Short: the platform's icon and the size, so four formats side by side fit the dialog's width (the
        # format's whole name is in the tooltip).
        caption_row = QHBoxLayout()
        caption_row.setSpacing(4)
        caption_row.addStretch(1)
        logo = QLabel(self)
        logo.setPixmap(platform_icon(preset.id).pixmap(16, 16))
        caption_row.addWidget(logo)
        self.caption = QLabel(self)
        text = f"{preset.label} — {preset.width}×{preset.height}"
        self.caption.setToolTip(text)
        self.setToolTip(text)
        self.caption.setText(f"{preset.width}×{preset.height}")
        caption_row.addWidget(self.caption)
        caption_row.addStretch(1)
        layout.addLayout(caption_row)
        self.image: QImage | None = None

    def show_image(self, image: QImage | None, credit: str) -> None:
        self.image = image
        if image is None:
            return
        self.picture.setPixmap(QPixmap.fromImage(draw_credit(image, credit)))


class CropPreviewStrip(QScrollArea):
    """One tile per ticked format, scrolling sideways when there are many. `ready` once every tile of
    the current formats has its picture (or its reason)."""

    ready = Signal()

    def __init__(self, library: Library, assets: Sequence[dict], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.assets = [a for a in assets if a.get("kind") in ("photo", "video")]
        self.setObjectName("crop-preview-strip")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        body = QWidget(self)
        self.row = QHBoxLayout(body)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(8)
        self.placeholder = QLabel(self.tr("Tick a format to see its crop here."), body)
        self.placeholder.setObjectName("crop-preview-empty")
        self.row.addWidget(self.placeholder)
        self.row.addStretch(1)
        self.setWidget(body)
        self.setFixedHeight(TILE_HEIGHT + self.fontMetrics().height() + 30)
        self.tiles: dict[str, _Tile] = {}
        self.credit = ""
        self._images: dict[str, QImage | str] = {}  # preset id -> crop, or why there is none
        self._task: Task | None = None
        self._pending: list[ExportPreset] = []

    def set_credit(self, credit: str) -> None:
        self.credit = credit
        for tile in self.tiles.values():
            if tile.image is not None:
                tile.show_image(tile.image, credit)

    def set_presets(self, presets: Sequence[ExportPreset]) -> None:
        wanted = [p.id for p in presets]
        if wanted == list(self.tiles):
            return
        for pid in list(self.tiles):
            tile = self.tiles.pop(pid)
            self.row.removeWidget(tile)
            tile.deleteLater()
        for i, preset in enumerate(presets):
            tile = _Tile(preset, self.widget())
            self.row.insertWidget(i, tile)
            self.tiles[preset.id] = tile
            self._show(preset.id)
        self.placeholder.setVisible(not presets)
        missing = [p for p in presets if p.id not in self._images]
        if missing:
            self._compute(missing)
        else:
            self.ready.emit()

    def is_ready(self) -> bool:
        return all(pid in self._images for pid in self.tiles)

    def _show(self, pid: str) -> None:
        tile = self.tiles.get(pid)
        if tile is None:
            return
        value = self._images.get(pid)
        if isinstance(value, QImage):
            tile.show_image(value, self.credit)
        elif value == "-":
            tile.picture.setText(self.tr("Does not apply to the selection"))
        elif isinstance(value, str):
            tile.picture.setText(self.tr("No preview"))
            tile.picture.setToolTip(value)
        else:
            tile.picture.setText(self.tr("Preparing…"))

    def _compute(self, presets: list[ExportPreset]) -> None:
        if self._task is not None:  # one decode at a time: the next batch starts when this one ends
            self._pending = presets
            return
        library, assets = self.library, list(self.assets)

        def work(progress: Callable[..., None], cancel: threading.Event) -> dict[str, QImage | str]:
            return crop_previews(library, assets, presets, cancel)

        task = Task(work, parent=self)
        task.finished.connect(self._on_done)
        task.failed.connect(lambda message: self._on_done({p.id: message for p in presets}))
        self._task = task
        task.start()

    def _on_done(self, result: dict[str, QImage | str]) -> None:
        self._task = None
        self._images.update(result)
        for pid in result:
            self._show(pid)
        pending = [p for p in self._pending if p.id in self.tiles and p.id not in self._images]
        self._pending = []
        if pending:
            self._compute(pending)
        elif self.is_ready():
            self.ready.emit()

    def stop(self) -> None:
        """Before the dialog goes: the decode still running is told to stop, and waited for."""
        task = self._task
        if task is not None:
            task.cancel()
            task.done.wait(10)


__all__ = ["CropPreviewStrip", "crop_previews", "draw_credit"]
