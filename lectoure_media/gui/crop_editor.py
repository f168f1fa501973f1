"""Crop editor: the frame each platform preset will cut from one photo or video, moved by hand.

The person picks presets (Instagram 1:1, 4:5, 9:16, TikTok, Facebook…), sees each preset's frame on an
upright working copy of the picture (a reduced decode, or for a video the frame under the scrubber), moves
or resizes it with the preset's ratio locked, and clicks the picture to set the point of interest that
every preset without a hand-made frame is centred on. Nothing is written until OK: the focal point and the
frames the person moved go to the library (catalog now, sidecar by the background writer); Cancel or Esc
leaves the asset as it was.

Geometry is kept in *source pixels as displayed* (the full-size, upright picture), the space of
core.export.crop; every frame shown comes from core.export.framing.frame_for, the policy the photo and video
exports use, and the gestures are crop.py's (even sides for a video), so a frame drawn here is the box the
export cuts, to the pixel. Decoding (Library.working_image) and the automatic framing run in a background
Task; the picture arrives on the GUI thread as a QImage.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PIL import Image
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QImage,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core import (
    CropBox,
    ExportPreset,
    InvalidCrop,
    Library,
    LibraryError,
    ProbeError,
    SafeZone,
    centred_box,
    even_for,
    frame_for,
    load_presets,
    move_box,
    resize_from_corner,
    scale_about_centre,
    smart_frames,
)
from .screen_fit import fit_to_screen
from .tasks import Task
from .text import fill

log = logging.getLogger(__name__)

# Presets shown in the side-by-side previews when the asset has no hand-made frame yet.
DEFAULT_CHOSEN = ("instagram-square", "instagram-portrait", "instagram-story", "tiktok", "facebook-post")
PREVIEW_HEIGHT = 96
HANDLE_PX = 10  # corner handles, in screen pixels: the grab zone is this wide around each corner
SCRUB_DELAY_MS = 120  # a frame is decoded when the slider rests this long (dragging would queue dozens)
# Outside the dialog's methods, strings use QCoreApplication.translate("CropEditor", "…") written out in
# full: lupdate only extracts literal calls, never those made through a helper function.


# ------------------------------------------------------------------------------------- working image
def pil_to_qimage(image: Image.Image) -> QImage:
    """A QImage owning its pixels (safe to make off the GUI thread, unlike a QPixmap)."""
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    data = rgb.tobytes("raw", "RGB")
    return QImage(data, rgb.width, rgb.height, 3 * rgb.width, QImage.Format.Format_RGB888).copy()


def describe_failure(exc: BaseException) -> str:
    """One sentence for the person, whatever went wrong while reading the file."""
    if isinstance(exc, LibraryError):  # the asset left the catalog (deleted or moved out of the folder)
        return QCoreApplication.translate("CropEditor", "This photo or video is no longer in the catalog.")
    if isinstance(exc, ProbeError):
        return fill(QCoreApplication.translate("CropEditor", "This file cannot be shown: %1."), str(exc).rstrip(". "))
    if isinstance(exc, FileNotFoundError):
        return QCoreApplication.translate(
            "CropEditor", "The file is no longer there: it was moved, renamed or deleted."
        )
    if isinstance(exc, PermissionError):
        return QCoreApplication.translate("CropEditor", "The file cannot be read: access is denied.")
    if isinstance(exc, OSError):
        return QCoreApplication.translate(
            "CropEditor", "The file cannot be read right now (is the network share still reachable?)."
        )
    if isinstance(exc, MemoryError):
        return QCoreApplication.translate("CropEditor", "The picture is too large to be shown.")
    return QCoreApplication.translate(
        "CropEditor", "This file cannot be shown: it is damaged or in an unexpected format."
    )


class LoadFailure(Exception):
    """The working image could not be made; str() is the sentence to show."""


@dataclass
class LoadedImage:
    """What the background load hands to the GUI thread."""

    image: QImage
    source_size: tuple[int, int]
    smart: dict[str, CropBox] | None = None  # first load: automatic frame per preset id
    notice: str | None = None  # something the person should know (automatic framing unavailable…)
    duration: float | None = None
    time: float | None = None


def load_working(
    library: Library,
    asset_id: int,
    kind: str,
    at: float | None,
    presets: list[ExportPreset],
    want_smart: bool,
    cancel: threading.Event | None = None,
) -> LoadedImage | None:
    """Background part of the editor: decode, and on the first load the automatic frames.

    Raises LoadFailure with one sentence; returns None when cancelled."""
    try:
        work = library.working_image(asset_id, at)
    except Exception as exc:  # an untrusted file: whatever the decoder raises becomes one sentence
        log.warning("crop editor: cannot decode asset %s", asset_id, exc_info=True)
        raise LoadFailure(describe_failure(exc)) from exc
    if cancel is not None and cancel.is_set():
        return None
    loaded = LoadedImage(pil_to_qimage(work.image), work.source_size, duration=work.duration, time=work.time)
    if want_smart:
        try:
            # On the picture the export analyses too: a photo's analysis copy, a video's poster frame (the
            # one just decoded: automatic frames are only asked for with it).
            analysed = work if kind == "video" else library.working_image(asset_id, analysis=True)
            smart = smart_frames(analysed.image, analysed.source_size, presets, kind=kind, cancel=cancel)
        except Exception:  # the face detector missing from an install must not hide the picture
            log.exception("crop editor: smart crop failed for asset %s", asset_id)
            loaded.notice = QCoreApplication.translate(
                "CropEditor", "Automatic framing is unavailable: frames start centred on the picture."
            )
        else:
            if smart is None:
                return None
            loaded.smart = smart
    return loaded


# ------------------------------------------------------------------------------------------ the canvas
@dataclass
class _Drag:
    mode: str  # "move", a corner ("tl", "tr", "bl", "br"), or "outside" (a click candidate)
    press: QPointF  # widget coordinates
    start: CropBox | None
    moved: bool = False


class CropCanvas(QWidget):
    """The working image fitted to the widget, the current preset's frame with corner handles, the
    platform's safe zones and the point of interest. Coordinates in and out are source pixels."""

    frameDragged = Signal()  # the frame changes under the pointer (previews follow live)
    frameEdited = Signal()  # the person finished moving or resizing the frame (mouse or keyboard)
    focalClicked = Signal(float, float)  # a click without drag, normalised 0–1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(360, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(QCoreApplication.translate("CropEditor", "Picture and crop frame"))
        self._image: QImage | None = None
        self._scaled: QImage | None = None
        self._src = (0, 0)
        self._box: CropBox | None = None
        self._ratio = 1.0
        self._even = False  # video frames keep even sides, as the export cuts them
        self._zone: SafeZone | None = None
        self._focal: tuple[float, float] | None = None
        self._message = ""
        self._drag: _Drag | None = None

    # -- content -----------------------------------------------------------------------------------
    def set_image(self, image: QImage | None, source_size: tuple[int, int]) -> None:
        self._image = image
        self._scaled = None
        self._src = source_size
        self._message = ""
        self.update()

    def set_message(self, text: str) -> None:
        """Shown in place of the picture (loading, or why it cannot be shown)."""
        self._message = text
        self.update()

    def set_frame(self, box: CropBox | None, ratio: float, zone: SafeZone | None, even: bool = False) -> None:
        self._box, self._ratio, self._zone, self._even = box, ratio, zone, even
        self._drag = None
        self.update()

    def frame(self) -> CropBox | None:
        return self._box

    def set_focal(self, focal: tuple[float, float] | None) -> None:
        self._focal = focal
        self.update()

    def has_image(self) -> bool:
        return self._image is not None and self._src[0] > 0 and self._src[1] > 0

    # -- coordinates -------------------------------------------------------------------------------
    def image_rect(self) -> QRectF:
        """Where the picture is drawn: the source's shape fitted in the widget with a small margin."""
        if not self.has_image():
            return QRectF()
        margin = 12.0
        avail_w, avail_h = max(1.0, self.width() - 2 * margin), max(1.0, self.height() - 2 * margin)
        scale = min(avail_w / self._src[0], avail_h / self._src[1])
        w, h = self._src[0] * scale, self._src[1] * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def scale(self) -> float:
        rect = self.image_rect()
        return rect.width() / self._src[0] if self.has_image() else 1.0

    def to_widget(self, x: float, y: float) -> QPointF:
        rect, s = self.image_rect(), self.scale()
        return QPointF(rect.x() + x * s, rect.y() + y * s)

    def to_source(self, point: QPointF) -> tuple[float, float]:
        rect, s = self.image_rect(), self.scale()
        return ((point.x() - rect.x()) / s, (point.y() - rect.y()) / s)

    def frame_rect(self) -> QRectF:
        """The frame in widget coordinates (empty when there is none)."""
        if self._box is None or not self.has_image():
            return QRectF()
        top_left = self.to_widget(self._box.x, self._box.y)
        s = self.scale()
        return QRectF(top_left.x(), top_left.y(), self._box.w * s, self._box.h * s)

    def _corners(self) -> dict[str, QPointF]:
        r = self.frame_rect()
        return {"tl": r.topLeft(), "tr": r.topRight(), "bl": r.bottomLeft(), "br": r.bottomRight()}

    def hit(self, point: QPointF) -> str:
        """What a press at `point` grabs: a corner, the frame ("move"), or nothing ("outside")."""
        if self._box is None or not self.has_image():
            return "outside"
        for name, corner in self._corners().items():
            if abs(point.x() - corner.x()) <= HANDLE_PX and abs(point.y() - corner.y()) <= HANDLE_PX:
                return name
        return "move" if self.frame_rect().contains(point) else "outside"

    # -- mouse and keyboard ------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or not self.has_image():
            return super().mousePressEvent(event)
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        pos = event.position()
        self._drag = _Drag(self.hit(pos), pos, self._box)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        drag = self._drag
        if drag is None or not (event.buttons() & Qt.MouseButton.LeftButton):
            self._update_cursor(pos)
            return
        if not drag.moved:
            if (pos - drag.press).manhattanLength() < QApplication.startDragDistance():
                return  # a hand never stays perfectly still on a click
            drag.moved = True
        if drag.start is None or drag.mode == "outside":
            return
        src_w, src_h = self._src
        if drag.mode == "move":
            s = self.scale()
            box = move_box(drag.start, (pos.x() - drag.press.x()) / s, (pos.y() - drag.press.y()) / s, src_w, src_h)
        else:
            px, py = self.to_source(pos)
            box = resize_from_corner(drag.start, drag.mode, px, py, self._ratio, src_w, src_h, self._even)
        if box != self._box:
            self._box = box
            self.update()
            self.frameDragged.emit()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        if event.button() != Qt.MouseButton.LeftButton or drag is None:
            return super().mouseReleaseEvent(event)
        if drag.moved:
            if drag.mode != "outside" and self._box != drag.start:
                self.frameEdited.emit()
            return
        rect = self.image_rect()
        pos = event.position()
        if rect.contains(pos):
            x, y = self.to_source(pos)
            self.focalClicked.emit(min(max(x / self._src[0], 0.0), 1.0), min(max(y / self._src[1], 0.0), 1.0))

    def _update_cursor(self, pos: QPointF) -> None:
        shapes = {
            "tl": Qt.CursorShape.SizeFDiagCursor,
            "br": Qt.CursorShape.SizeFDiagCursor,
            "tr": Qt.CursorShape.SizeBDiagCursor,
            "bl": Qt.CursorShape.SizeBDiagCursor,
            "move": Qt.CursorShape.SizeAllCursor,
        }
        what = self.hit(pos)
        if what in shapes:
            self.setCursor(shapes[what])
        elif self.image_rect().contains(pos):
            self.setCursor(Qt.CursorShape.CrossCursor)
        else:
            self.unsetCursor()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrows move the frame (Shift: ten times further), + and - resize it around its centre."""
        if self._box is None or not self.has_image():
            return super().keyPressEvent(event)
        src_w, src_h = self._src
        step = max(1, round(min(src_w, src_h) * 0.01))
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            step *= 10
        moves: dict[int, tuple[int, int]] = {  # event.key() is a plain int
            Qt.Key.Key_Left: (-step, 0),
            Qt.Key.Key_Right: (step, 0),
            Qt.Key.Key_Up: (0, -step),
            Qt.Key.Key_Down: (0, step),
        }
        key = event.key()
        if key in moves:
            box = move_box(self._box, *moves[key], src_w, src_h)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            box = scale_about_centre(self._box, 1.05, self._ratio, src_w, src_h, self._even)
        elif key == Qt.Key.Key_Minus:
            box = scale_about_centre(self._box, 1 / 1.05, self._ratio, src_w, src_h, self._even)
        else:
            return super().keyPressEvent(event)
        event.accept()
        if box != self._box:
            self._box = box
            self.update()
            self.frameEdited.emit()

    # -- painting ----------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        self._scaled = None
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(32, 32, 32))
        if not self.has_image():
            painter.setPen(QColor(220, 220, 220))
            painter.drawText(
                self.rect().adjusted(20, 20, -20, -20),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self._message,
            )
            return
        rect = self.image_rect()
        target = rect.toAlignedRect()
        if self._image is None:  # has_image() said there is one
            return
        if self._scaled is None or self._scaled.size() != target.size():
            # Scaling once per size keeps dragging smooth: a 1600 px image rescaled on every move is not.
            self._scaled = self._image.scaled(
                target.size(), Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        painter.drawImage(target.topLeft(), self._scaled)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        frame = self.frame_rect()
        if not frame.isEmpty():
            shade = QPainterPath()
            shade.addRect(rect)
            inner = QPainterPath()
            inner.addRect(frame)
            painter.fillPath(shade.subtracted(inner), QColor(0, 0, 0, 150))
            self._paint_safe_zone(painter, frame)
            painter.setPen(QPen(QColor(255, 255, 255, 110), 1))
            for i in (1, 2):  # rule of thirds
                x = frame.left() + frame.width() * i / 3
                y = frame.top() + frame.height() * i / 3
                painter.drawLine(QPointF(x, frame.top()), QPointF(x, frame.bottom()))
                painter.drawLine(QPointF(frame.left(), y), QPointF(frame.right(), y))
            painter.setPen(QPen(QColor(255, 255, 255), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(frame)
            painter.setPen(QPen(QColor(20, 20, 20), 1))
            painter.setBrush(QColor(255, 255, 255))
            half = HANDLE_PX / 2
            for corner in self._corners().values():
                painter.drawRect(QRectF(corner.x() - half, corner.y() - half, HANDLE_PX, HANDLE_PX))
        if self._focal is not None:
            centre = self.to_widget(self._focal[0] * self._src[0], self._focal[1] * self._src[1])
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for color, width in ((QColor(0, 0, 0), 4), (QColor(255, 210, 0), 2)):
                painter.setPen(QPen(color, width))
                painter.drawEllipse(centre, 8, 8)
                painter.drawLine(QPointF(centre.x() - 13, centre.y()), QPointF(centre.x() + 13, centre.y()))
                painter.drawLine(QPointF(centre.x(), centre.y() - 13), QPointF(centre.x(), centre.y() + 13))

    def _paint_safe_zone(self, painter: QPainter, frame: QRectF) -> None:
        zone = self._zone
        if zone is None:
            return
        color = QColor(230, 40, 40, 80)
        w, h = frame.width(), frame.height()
        bands = [
            QRectF(frame.left(), frame.top(), w, h * zone.top),
            QRectF(frame.left(), frame.bottom() - h * zone.bottom, w, h * zone.bottom),
            QRectF(frame.left(), frame.top() + h * zone.top, w * zone.left, h * (1 - zone.top - zone.bottom)),
            QRectF(
                frame.right() - w * zone.right,
                frame.top() + h * zone.top,
                w * zone.right,
                h * (1 - zone.top - zone.bottom),
            ),
        ]
        for band in bands:
            if band.width() > 0 and band.height() > 0:
                painter.fillRect(band, color)
        label = QCoreApplication.translate("CropEditor", "Platform buttons and captions")
        font = QFont(painter.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        painter.setFont(font)
        if bands[1].height() > painter.fontMetrics().height() + 4:
            painter.setPen(QColor(255, 255, 255, 220))
            painter.drawText(bands[1], Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, label)

    def sizeHint(self) -> QSize:
        return QSize(900, 620)


# ----------------------------------------------------------------------------------------- the previews
class PresetPreview(QFrame):
    """A small picture of one preset's current crop, at the preset's shape; a click makes it current."""

    clicked = Signal(str)

    def __init__(self, preset: ExportPreset, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preset = preset
        self._image: QImage | None = None
        self._source: QRectF | None = None
        self._current = False
        thumb_w = min(220, max(40, round(PREVIEW_HEIGHT * preset.aspect)))
        self._thumb = QSize(thumb_w, PREVIEW_HEIGHT)
        # Tall formats get a wider tile than their picture, so the caption under it stays readable.
        self.setFixedSize(max(thumb_w + 12, 110), PREVIEW_HEIGHT + 32)
        self.setToolTip(f"{preset.label}\n{preset.width} × {preset.height}")
        self.setAccessibleName(preset.label)
        # The one name of the preset (its label), as the export dialog and the CLI `presets` say it.
        self.caption = f"{preset.ratio or f'{preset.width}×{preset.height}'} · {preset.label}"
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_crop(self, image: QImage | None, source_rect: QRectF | None) -> None:
        """`source_rect` is in the working image's pixels."""
        self._image, self._source = image, source_rect
        self.update()

    def source_rect(self) -> QRectF | None:
        """The region of the working image this tile shows (None when it shows nothing)."""
        return self._source

    def set_current(self, current: bool) -> None:
        self._current = current
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.preset.id)
            event.accept()
            return
        super().mousePressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        pal = self.palette()
        if self._current:
            painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Highlight))
        box = QRectF((self.width() - self._thumb.width()) / 2, 4, self._thumb.width(), self._thumb.height())
        painter.fillRect(box, QColor(40, 40, 40))
        if self._image is not None and self._source is not None and not self._source.isEmpty():
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(box, self._image, self._source)
        role = QPalette.ColorRole.HighlightedText if self._current else QPalette.ColorRole.WindowText
        painter.setPen(pal.color(role))
        text_rect = QRectF(2, box.bottom() + 2, self.width() - 4, self.height() - box.bottom() - 4)
        painter.drawText(
            text_rect,
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            painter.fontMetrics().elidedText(self.caption, Qt.TextElideMode.ElideRight, int(text_rect.width())),
        )


# ----------------------------------------------------------------------------------------------- state
@dataclass
class PresetFrame:
    """One preset's frame while the dialog is open."""

    preset: ExportPreset
    saved: tuple[float, ...] | None  # the override stored when the dialog opened
    box: CropBox | None = None  # source pixels
    moved: bool = False  # the person moved or resized it since opening (or since the last reset)
    cleared: bool = False  # "Reset to automatic" dropped the saved override

    @property
    def custom(self) -> bool:
        """The frame is the person's, not computed from the focal point or the picture."""
        return self.moved or (self.saved is not None and not self.cleared)


def _guarded(fn: Callable) -> Callable:
    """Slots run from the event loop: an error is logged and told in one sentence, never a traceback."""

    @functools.wraps(fn)
    def wrapper(self: CropEditor, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(self, *args, **kwargs)
        except Exception:
            log.exception("crop editor: %s failed", fn.__name__)
            # tr() outside the class body: lupdate cannot see the context, so it is spelled out
            QMessageBox.warning(
                self,
                QCoreApplication.translate("CropEditor", "Crop editor"),
                QCoreApplication.translate(
                    "CropEditor", "Something went wrong in the crop editor; the details are in the log."
                ),
            )
            return None

    return wrapper


# ---------------------------------------------------------------------------------------------- dialog
class CropEditor(QDialog):
    """Edit the per-preset frames and the focal point of one asset. `exec()` it; OK saves, Cancel discards."""

    imageReady = Signal()  # a working image (first load or a new video frame) is on screen
    loadFailed = Signal(str)  # the picture could not be shown; the sentence is also shown in the dialog

    def __init__(self, library: Library, asset_id: int | str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.asset: dict | None = library.asset(int(asset_id))
        self.saved_changes = 0  # frames and focal point written by the last save (said in the status bar)
        self.kind: str = (self.asset or {}).get("kind") or "photo"
        self.frames: dict[str, PresetFrame] = {}
        self.source_size: tuple[int, int] | None = None
        self.image: QImage | None = None
        self.focal: tuple[float, float] | None = None
        self.focal_changed = False
        self.duration: float | None = None
        self.frame_time: float | None = None
        self._smart: dict[str, CropBox] | None = None
        self._current: str | None = None
        self._generation = 0
        self._task: Task | None = None
        self._tasks: list[Task] = []
        self._pending_time: float | None = None
        self._notice = ""
        self._previews: dict[str, PresetPreview] = {}

        name = os.path.basename((self.asset or {}).get("path") or "")
        self.setWindowTitle(fill(self.tr("Crop editor — %1"), name) if name else self.tr("Crop editor"))
        self.setSizeGripEnabled(True)
        self._build()
        fit_to_screen(self, QSize(1180, 800))  # a 1366×768 laptop at 125 %: 1093×614 (gui/screen_fit.py)

        if self.asset is None:
            self._show_failure(self.tr("This photo or video is no longer in the catalog."))
            return
        self.focal = tuple(self.asset["focal"]) if self.asset.get("focal") else None
        presets = [p for p in load_presets(library.data_dir) if p.supports(self.kind)]
        saved = self.asset.get("crops") or {}
        for preset in presets:
            box = saved.get(preset.id)
            self.frames[preset.id] = PresetFrame(preset, tuple(box) if box else None)
        self._fill_list()
        self._start_load(None)

    # -- construction ------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        body = QHBoxLayout()
        outer.addLayout(body, 1)

        side = QVBoxLayout()
        title = QLabel(self.tr("&Formats"), self)
        self.preset_list = QListWidget(self)
        self.preset_list.setObjectName("crop-presets")
        self.preset_list.setMinimumWidth(280)
        self.preset_list.setMaximumWidth(340)
        self.preset_list.setWordWrap(True)  # platform labels are long ("Instagram — publication portrait…")
        self.preset_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.preset_list.setToolTip(self.tr("Tick the formats to preview; select one to edit its frame."))
        title.setBuddy(self.preset_list)
        self.preset_list.currentItemChanged.connect(self._on_current_item)
        self.preset_list.itemChanged.connect(self._on_item_changed)
        side.addWidget(title)
        side.addWidget(self.preset_list, 1)

        self.act_reset = QAction(self.tr("&Reset to automatic"), self)
        self.act_reset.setObjectName("action-reset-crop")
        self.act_reset.setShortcut(QKeySequence("Ctrl+R"))
        self.act_reset.setToolTip(self.tr("Forget the hand-made frame of this format (Ctrl+R)"))
        self.act_reset.triggered.connect(lambda: self.reset_current(clear_focal=False))
        self.act_reset_focal = QAction(self.tr("Reset to automatic and clear the &point of interest"), self)
        self.act_reset_focal.setObjectName("action-reset-crop-focal")
        self.act_reset_focal.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.act_reset_focal.triggered.connect(lambda: self.reset_current(clear_focal=True))
        self.addAction(self.act_reset)
        self.addAction(self.act_reset_focal)
        menu = QMenu(self)
        menu.addAction(self.act_reset)
        menu.addAction(self.act_reset_focal)
        self.reset_button = QToolButton(self)
        self.reset_button.setObjectName("button-reset-crop")
        self.reset_button.setDefaultAction(self.act_reset)
        self.reset_button.setMenu(menu)
        self.reset_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.reset_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        side.addWidget(self.reset_button)
        for text, shortcut, step in ((self.tr("Previous format"), "PgUp", -1), (self.tr("Next format"), "PgDown", 1)):
            act = QAction(text, self)
            act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(lambda _c=False, s=step: self._step_preset(s))
            self.addAction(act)
        body.addLayout(side)

        centre = QVBoxLayout()
        self.canvas = CropCanvas(self)
        self.canvas.setObjectName("crop-canvas")
        self.canvas.set_message(self.tr("Loading the picture…"))
        self.canvas.frameDragged.connect(self._on_frame_dragged)
        self.canvas.frameEdited.connect(self._on_frame_edited)
        self.canvas.focalClicked.connect(self._on_focal_clicked)
        centre.addWidget(self.canvas, 1)

        scrub_row = QHBoxLayout()
        self.scrubber = QSlider(Qt.Orientation.Horizontal, self)
        self.scrubber.setObjectName("crop-scrubber")
        self.scrubber.setToolTip(self.tr("Choose the video frame to frame on"))
        self.scrubber.setAccessibleName(self.tr("Position in the video"))
        self.scrubber.valueChanged.connect(self._on_scrub_value)
        self.scrubber.sliderReleased.connect(self._on_scrub_release)
        self.time_label = QLabel(self)
        scrub_row.addWidget(self.scrubber, 1)
        scrub_row.addWidget(self.time_label)
        self.scrub_widget = QWidget(self)
        self.scrub_widget.setLayout(scrub_row)
        self.scrub_widget.setVisible(False)
        self._scrub_timer = QTimer(self, singleShot=True, interval=SCRUB_DELAY_MS)
        self._scrub_timer.timeout.connect(self._on_scrub_rest)
        centre.addWidget(self.scrub_widget)

        self.info_label = QLabel(self)
        self.info_label.setObjectName("crop-info")
        self.info_label.setWordWrap(True)
        centre.addWidget(self.info_label)
        hint = QLabel(
            self.tr(
                "Drag the frame to move it and a corner to resize it (its shape stays that of the "
                "format); arrow keys and +/− do the same. Click the picture to set the point of "
                "interest every automatic frame is centred on."
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        centre.addWidget(hint)
        body.addLayout(centre, 1)

        self.preview_row = QHBoxLayout()
        self.preview_row.setContentsMargins(4, 4, 4, 4)
        self.preview_row.addStretch(1)
        strip = QWidget(self)
        strip.setLayout(self.preview_row)
        self.preview_area = QScrollArea(self)
        self.preview_area.setObjectName("crop-previews")
        self.preview_area.setWidget(strip)
        self.preview_area.setWidgetResizable(True)
        self.preview_area.setFixedHeight(PREVIEW_HEIGHT + 60)
        self.preview_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(self.preview_area)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

    def _fill_list(self) -> None:
        chosen = {pid for pid, st in self.frames.items() if st.custom}
        chosen |= {pid for pid in DEFAULT_CHOSEN if pid in self.frames}
        if not chosen:
            chosen = set(list(self.frames)[:3])
        self.preset_list.blockSignals(True)
        for pid, st in self.frames.items():
            item = QListWidgetItem(f"{st.preset.label} ({st.preset.ratio})")
            item.setData(Qt.ItemDataRole.UserRole, pid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if pid in chosen else Qt.CheckState.Unchecked)
            tip = f"{st.preset.width} × {st.preset.height}"
            if st.preset.note:
                tip += "\n" + st.preset.note
            item.setToolTip(tip)
            self.preset_list.addItem(item)
            self._style_item(item, st)
        self.preset_list.blockSignals(False)
        self._rebuild_previews()
        first = next(
            (
                i
                for i in range(self.preset_list.count())
                if self.preset_list.item(i).checkState() == Qt.CheckState.Checked
            ),
            0,
        )
        if self.preset_list.count():
            self.preset_list.setCurrentRow(first)

    def _style_item(self, item: QListWidgetItem, st: PresetFrame) -> None:
        font = item.font()
        font.setBold(st.custom)  # hand-made frames stand out: they no longer follow the focal point
        item.setFont(font)

    def _item(self, preset_id: str) -> QListWidgetItem | None:
        for i in range(self.preset_list.count()):
            item = self.preset_list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == preset_id:
                return item
        return None

    # -- public API --------------------------------------------------------------------------------
    def preset_ids(self) -> list[str]:
        """Ids of the presets that apply to this asset's kind, in display order."""
        return list(self.frames)

    def set_current_preset(self, preset_id: str) -> None:
        """Edit `preset_id`'s frame (it is ticked for the previews too)."""
        item = self._item(preset_id)
        if item is None:
            raise KeyError(preset_id)
        self.preset_list.setCurrentItem(item)

    def chosen_preset_ids(self) -> list[str]:
        """Ticked presets, shown in the preview strip."""
        return [
            self.preset_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.preset_list.count())
            if self.preset_list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_chosen(self, preset_id: str, chosen: bool) -> None:
        item = self._item(preset_id)
        if item is None:
            raise KeyError(preset_id)
        item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)

    def frame_box(self, preset_id: str) -> CropBox | None:
        """The preset's frame in source pixels (None until the picture is loaded)."""
        st = self.frames.get(preset_id)
        return st.box if st else None

    def set_frame_box(self, preset_id: str, box: CropBox) -> None:
        """Put the preset's frame at `box` as if the person had dragged it there; the preset's ratio is
        enforced (same centre, same width) and the frame kept inside the picture."""
        st = self.frames[preset_id]
        if self.source_size is None:
            raise RuntimeError("the picture is not loaded yet")
        src_w, src_h = self.source_size
        st.box = self._as_exported(
            st,
            centred_box(
                box.x + box.w / 2, box.y + box.h / 2, box.w, st.preset.aspect, src_w, src_h, even_for(self.kind)
            ),
        )
        st.moved = True
        self._after_frame_change(preset_id)

    def set_focal_point(self, x: float, y: float) -> None:
        """Set the point of interest (normalised); every frame that is not hand-made is centred on it."""
        self.focal = (round(min(max(float(x), 0.0), 1.0), 4), round(min(max(float(y), 0.0), 1.0), 4))
        self.focal_changed = True
        self._recentre_automatic()

    def reset_current(self, clear_focal: bool = False) -> None:
        """Back to the automatic frame for the current preset; with `clear_focal`, also forget the point of
        interest (every automatic frame then falls back on the picture's own analysis)."""
        st = self.frames.get(self._current or "")
        if st is not None:
            st.moved = False
            st.cleared = st.saved is not None
        if clear_focal and self.focal is not None:
            self.focal = None
            self.focal_changed = True
        if clear_focal:
            self._recentre_automatic()
        elif st is not None and self.source_size is not None:
            st.box = self._automatic_box(st)
            self._after_frame_change(st.preset.id)
        elif st is not None:
            self._after_frame_change(st.preset.id)

    def seek(self, seconds: float) -> None:
        """Videos: decode and show the frame nearest `seconds` (in the background)."""
        if self.kind != "video":
            return
        self._scrub_timer.stop()
        self._request_frame(max(0.0, float(seconds)))

    def is_loading(self) -> bool:
        return self._task is not None

    # -- loading -----------------------------------------------------------------------------------
    def _start_load(self, at: float | None) -> None:
        assert self.asset is not None
        self._generation += 1
        generation = self._generation
        library, asset_id, kind = self.library, int(self.asset["id"]), self.kind
        presets = [st.preset for st in self.frames.values()]
        # A video's automatic frames belong to its poster frame (at None), the one the export frames on.
        want_smart = self._smart is None and (kind != "video" or at is None)

        def work(progress, cancel):
            return load_working(library, asset_id, kind, at, presets, want_smart, cancel)

        task = Task(work, parent=self)
        task.finished.connect(lambda result, g=generation: self._on_loaded(g, result))
        task.failed.connect(lambda message, g=generation: self._on_load_failed(g, message))
        self._task = task
        self._tasks.append(task)
        task.start()

    def _request_frame(self, seconds: float) -> None:
        if self._task is not None:
            self._pending_time = seconds  # one decode at a time: the latest position wins
            return
        self._start_load(seconds)

    def _task_over(self) -> None:
        self._task = None
        self._tasks = [t for t in self._tasks if not t.done.is_set()]
        if self._pending_time is not None and self.asset is not None:
            at, self._pending_time = self._pending_time, None
            self._start_load(at)

    @_guarded
    def _on_loaded(self, generation: int, result: LoadedImage | None) -> None:
        if generation != self._generation:
            return
        self._task_over()
        if result is None:
            return  # cancelled: the dialog is closing
        first = self.source_size is None or self.source_size != result.source_size
        self.image = result.image
        self.source_size = result.source_size
        if result.smart is not None:
            self._smart = result.smart
        if result.notice:
            self._notice = result.notice
        self.canvas.set_image(result.image, result.source_size)
        self.canvas.set_focal(self.focal)
        if self.kind == "video":
            self._show_time(result.duration, result.time)
        if first:
            for st in self.frames.values():
                st.box = self._initial_box(st)
        self._show_current()
        self._update_previews()
        if self._task is None:
            self.canvas.setFocus(Qt.FocusReason.OtherFocusReason)
        self.imageReady.emit()

    @_guarded
    def _on_load_failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        self._task_over()
        if self._task is not None:
            return  # a newer video position is on its way; it may well decode
        if self.image is None:
            self._show_failure(message)
        else:  # one bad spot in a video: keep the frame we have
            self.info_label.setText(message)
        self.loadFailed.emit(message)

    def _show_failure(self, message: str) -> None:
        self.canvas.set_image(None, (0, 0))
        self.canvas.set_message(message)
        self.info_label.setText(message)
        self.act_reset.setEnabled(False)
        self.act_reset_focal.setEnabled(False)

    def _show_time(self, duration: float | None, at: float | None) -> None:
        self.duration, self.frame_time = duration, at
        if not duration or duration <= 0:
            self.scrub_widget.setVisible(False)
            return
        self.scrub_widget.setVisible(True)
        self.scrubber.blockSignals(True)
        self.scrubber.setRange(0, int(duration * 1000))
        self.scrubber.setSingleStep(100)
        self.scrubber.setPageStep(1000)
        # Snap the slider to the frame really shown, unless the person has already asked for another one.
        if (
            not self.scrubber.isSliderDown()
            and at is not None
            and self._task is None
            and not self._scrub_timer.isActive()
        ):
            self.scrubber.setValue(int(round(at * 1000)))
        self.scrubber.blockSignals(False)
        self._show_time_label(self.scrubber.value() / 1000)

    def _show_time_label(self, at: float) -> None:
        self.time_label.setText(f"{_clock(at)} / {_clock(self.duration or 0.0)}")

    # -- frames ------------------------------------------------------------------------------------
    def _initial_box(self, st: PresetFrame) -> CropBox:
        """The saved override, else the focal point's crop, else the automatic one."""
        assert self.source_size is not None
        if st.saved is not None and not st.cleared:
            try:
                return frame_for(self.source_size, st.preset, kind=self.kind, override=st.saved)
            except InvalidCrop as exc:  # written by another tool: show why it is not used
                log.warning("crop editor: stored crop for %s ignored: %s", st.preset.id, exc)
                self._notice = fill(self.tr("The stored frame of %1 cannot be used: %2"), st.preset.label, exc)
                st.saved = None
        return self._automatic_box(st)

    def _automatic_box(self, st: PresetFrame) -> CropBox:
        """What the export would cut without a hand-made frame: centred on the focal point if there is one,
        else the smart crop (for a video, the one of its poster frame, as export_video does)."""
        assert self.source_size is not None
        return frame_for(self.source_size, st.preset, kind=self.kind, focal=self.focal, smart=self._smart)

    def _as_exported(self, st: PresetFrame, box: CropBox) -> CropBox:
        """The frame drawn by hand as the export will cut it once saved: the gestures already make such
        boxes, so this changes nothing unless a gesture and the policy ever disagree."""
        assert self.source_size is not None
        return frame_for(self.source_size, st.preset, kind=self.kind, override=box.normalised(*self.source_size))

    def _recentre_automatic(self) -> None:
        self.canvas.set_focal(self.focal)
        if self.source_size is None:
            return
        for st in self.frames.values():
            if not st.custom:
                st.box = self._automatic_box(st)
        self._show_current()
        self._update_previews()
        for pid, st in self.frames.items():
            item = self._item(pid)
            if item is not None:
                self._style_item(item, st)

    def _after_frame_change(self, preset_id: str) -> None:
        item = self._item(preset_id)
        if item is not None:
            self._style_item(item, self.frames[preset_id])
        if preset_id == self._current:
            self._show_current()
        self._update_previews(only=preset_id)

    def _show_current(self) -> None:
        st = self.frames.get(self._current or "")
        if st is None:
            self.canvas.set_frame(None, 1.0, None)
            return
        self.canvas.set_frame(st.box, st.preset.aspect, st.preset.safe_zone, even_for(self.kind))
        self._show_info(st)

    def _show_info(self, st: PresetFrame) -> None:
        parts = [f"{st.preset.label} — {st.preset.width} × {st.preset.height}"]
        if st.box is not None:
            parts.append(fill(self.tr("frame %1 × %2 px"), st.box.w, st.box.h))
            parts.append(
                self.tr("set by hand")
                if st.custom
                else self.tr("centred on the point of interest")
                if self.focal is not None
                else self.tr("automatic")
            )
        text = " · ".join(parts)
        if st.box is not None and (st.box.w < st.preset.width or st.box.h < st.preset.height):
            text += "\n" + self.tr(
                "The frame is smaller than the format: the export will be enlarged and may look blurred."
            )
        if st.preset.safe_zone is not None:
            text += "\n" + self.tr(
                "Red areas are covered by the platform's buttons and captions: keep faces and text out of them."
            )
        if st.preset.note:
            text += "\n" + st.preset.note
        if self._notice:
            text += "\n" + self._notice
        self.info_label.setText(text)

    # -- previews ----------------------------------------------------------------------------------
    def _rebuild_previews(self) -> None:
        chosen = self.chosen_preset_ids()
        for pid in list(self._previews):
            if pid not in chosen:
                gone = self._previews.pop(pid)
                self.preview_row.removeWidget(gone)
                gone.deleteLater()
        for shown in self._previews.values():
            self.preview_row.removeWidget(shown)
        for index, pid in enumerate(chosen):  # re-inserted in the list's order
            tile = self._previews.get(pid)
            if tile is None:
                tile = PresetPreview(self.frames[pid].preset, self)
                tile.setObjectName(f"preview-{pid}")
                tile.clicked.connect(self.set_current_preset)
                self._previews[pid] = tile
            self.preview_row.insertWidget(index, tile)
        self._update_previews()

    def _update_previews(self, only: str | None = None) -> None:
        for pid, tile in self._previews.items():
            if only is not None and pid != only:
                continue
            tile.set_current(pid == self._current)
            box = self.frames[pid].box
            if self.image is None or box is None or self.source_size is None:
                tile.set_crop(None, None)
                continue
            sx, sy = self.image.width() / self.source_size[0], self.image.height() / self.source_size[1]
            tile.set_crop(self.image, QRectF(box.x * sx, box.y * sy, box.w * sx, box.h * sy))

    def preview_source_rect(self, preset_id: str) -> QRectF | None:
        """The region of the working image the preview of `preset_id` shows (None if it is not shown)."""
        tile = self._previews.get(preset_id)
        return None if tile is None else tile.source_rect()

    # -- slots -------------------------------------------------------------------------------------
    @_guarded
    def _on_current_item(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        self._current = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        if current is not None and current.checkState() != Qt.CheckState.Checked:
            current.setCheckState(Qt.CheckState.Checked)  # the edited format is always previewed
        self._show_current()
        self._update_previews()

    @_guarded
    def _on_item_changed(self, _item: QListWidgetItem) -> None:
        self._rebuild_previews()

    def _step_preset(self, step: int) -> None:
        count = self.preset_list.count()
        if count:
            self.preset_list.setCurrentRow((self.preset_list.currentRow() + step) % count)

    @_guarded
    def _on_frame_dragged(self) -> None:
        st = self.frames.get(self._current or "")
        if st is not None:
            st.box = self.canvas.frame()
            self._update_previews(only=st.preset.id)
            self._show_info(st)

    @_guarded
    def _on_frame_edited(self) -> None:
        st = self.frames.get(self._current or "")
        box = self.canvas.frame()
        if st is not None and box is not None:
            st.box = self._as_exported(st, box)
            st.moved = True
            self._after_frame_change(st.preset.id)

    @_guarded
    def _on_focal_clicked(self, x: float, y: float) -> None:
        self.set_focal_point(x, y)
        st = self.frames.get(self._current or "")
        if st is not None:
            self._show_info(st)

    def _on_scrub_value(self, value: int) -> None:
        self._show_time_label(value / 1000)
        self._scrub_timer.start()

    def _on_scrub_release(self) -> None:
        self._scrub_timer.stop()
        self._on_scrub_rest()

    @_guarded
    def _on_scrub_rest(self) -> None:
        if self.kind == "video" and self.asset is not None:
            self._request_frame(self.scrubber.value() / 1000)

    # -- closing -----------------------------------------------------------------------------------
    def changes(self) -> dict[str, Any]:
        """What OK would write: {"focal": (x, y) | None (only if changed), "crops": {id: box | None}}."""
        out: dict[str, Any] = {"crops": {}}
        if self.focal_changed:
            out["focal"] = self.focal
        if self.source_size is None:
            return out
        src_w, src_h = self.source_size
        for pid, st in self.frames.items():
            if st.moved and st.box is not None:
                out["crops"][pid] = st.box.normalised(src_w, src_h)
            elif st.cleared:
                out["crops"][pid] = None
        return out

    def save(self) -> bool:
        """Write the changes to the library; False (and a message) if it refused."""
        if self.asset is None:
            return True
        path = self.asset["path"]
        changes = self.changes()
        try:
            if "focal" in changes:
                self.library.set_focal([path], changes["focal"])
            for pid, box in changes["crops"].items():
                self.library.set_crop(path, pid, box)
            self.saved_changes = len(changes["crops"]) + ("focal" in changes)  # the main window says so
        except (LibraryError, OSError, ValueError) as exc:
            log.warning("crop editor: saving the framing of %s failed: %s", path, exc)
            QMessageBox.warning(self, self.tr("Crop editor"), fill(self.tr("The framing could not be saved: %1"), exc))
            return False
        return True

    def accept(self) -> None:
        try:
            ok = self.save()
        except Exception:
            log.exception("crop editor: save failed")
            QMessageBox.warning(
                self, self.tr("Crop editor"), self.tr("The framing could not be saved; the details are in the log.")
            )
            return
        if ok:
            super().accept()

    def done(self, result: int) -> None:
        # The Task objects are children of this dialog: let a running decode finish (it is bounded, and
        # told to stop) before the dialog can be destroyed under it.
        self._pending_time = None
        self._scrub_timer.stop()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            if not task.done.wait(30):
                log.warning("crop editor: a background decode is still running at close")
        super().done(result)


def _clock(seconds: float) -> str:
    seconds = max(0.0, seconds)
    minutes = int(seconds // 60)
    return f"{minutes}:{seconds - 60 * minutes:04.1f}"
