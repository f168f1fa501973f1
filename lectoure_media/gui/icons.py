"""The interface's icons, drawn here with QPainter on a 24-unit grid (vector shapes: sharp at every size
and scaling). They are the project's own drawings, under its MIT licence (packaging/THIRD-PARTY-NOTICES.txt):
the packaged app carries no QtSvg, so no SVG files are needed.

`icon(name)`: actions ("open", "rescan", "publish", "crop", "registries", "settings", "undo", "redo",
"search") and platforms ("instagram", "facebook", "tiktok", "linkedin", "x", "youtube", "web");
`platform_icon(preset_id)` picks the platform of an export preset ("instagram-story" → Instagram)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QLinearGradient, QPainter, QPainterPath, QPen, QPixmap

INK = QColor("#2f3b4c")
ACCENT = QColor("#2654a0")
SIZES = (16, 20, 24, 32, 48, 64)


def _pen(p: QPainter, colour: QColor = INK, width: float = 1.8) -> None:
    pen = QPen(colour, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)


def _arrow_head(p: QPainter, tip: QPointF, a: QPointF, b: QPointF) -> None:
    p.drawLine(tip, a)
    p.drawLine(tip, b)


def _open(p: QPainter) -> None:
    _pen(p)
    path = QPainterPath(QPointF(3, 19))
    for x, y in ((3, 6), (9, 6), (11, 8), (20, 8), (20, 11)):
        path.lineTo(x, y)
    p.drawPath(path)
    front = QPainterPath(QPointF(3, 19))
    for x, y in ((6, 11), (22, 11), (19, 19), (3, 19)):
        front.lineTo(x, y)
    p.setBrush(QColor(ACCENT.red(), ACCENT.green(), ACCENT.blue(), 40))
    p.drawPath(front)


def _rescan(p: QPainter) -> None:
    _pen(p)
    p.drawArc(QRectF(4, 4, 16, 16), 40 * 16, 280 * 16)
    _arrow_head(p, QPointF(18.2, 6.8), QPointF(18.6, 2.8), QPointF(14.4, 6.2))


def _publish(p: QPainter) -> None:
    _pen(p, ACCENT, 2.0)
    p.drawLine(QPointF(12, 15), QPointF(12, 3.5))
    _arrow_head(p, QPointF(12, 3.5), QPointF(7.5, 8), QPointF(16.5, 8))
    _pen(p)
    path = QPainterPath(QPointF(4, 13))
    for x, y in ((4, 20), (20, 20), (20, 13)):
        path.lineTo(x, y)
    p.drawPath(path)


def _crop(p: QPainter) -> None:
    _pen(p)
    path = QPainterPath(QPointF(7, 2))
    for x, y in ((7, 17), (22, 17)):
        path.lineTo(x, y)
    p.drawPath(path)
    path = QPainterPath(QPointF(2, 7))
    for x, y in ((17, 7), (17, 22)):
        path.lineTo(x, y)
    p.drawPath(path)


def _registries(p: QPainter) -> None:
    _pen(p)
    tag = QPainterPath(QPointF(3, 4))
    for x, y in ((12, 4), (21, 13), (13, 21), (3, 12), (3, 4)):
        tag.lineTo(x, y)
    p.drawPath(tag)
    p.setBrush(INK)
    p.drawEllipse(QPointF(7.5, 8.5), 1.4, 1.4)


def _settings(p: QPainter) -> None:
    _pen(p)
    for y, knob in ((6, 15), (12, 8), (18, 13)):
        p.drawLine(QPointF(3, y), QPointF(21, y))
        p.setBrush(QColor("#ffffff"))
        p.drawEllipse(QPointF(knob, y), 2.4, 2.4)
        p.setBrush(Qt.BrushStyle.NoBrush)


def _undo(p: QPainter) -> None:
    _pen(p)
    path = QPainterPath(QPointF(5, 9))
    path.lineTo(14, 9)
    path.cubicTo(QPointF(22, 9), QPointF(22, 20), QPointF(14, 20))
    path.lineTo(9, 20)
    p.drawPath(path)
    _arrow_head(p, QPointF(5, 9), QPointF(9, 5), QPointF(9, 13))


def _redo(p: QPainter) -> None:
    p.translate(24, 0)
    p.scale(-1, 1)
    _undo(p)


def _search(p: QPainter) -> None:
    _pen(p, INK, 2.0)
    p.drawEllipse(QPointF(10, 10), 6, 6)
    p.drawLine(QPointF(14.5, 14.5), QPointF(20.5, 20.5))


def _tile(p: QPainter, fill: QColor | QBrush, radius: float = 5.5) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(fill)
    p.drawRoundedRect(QRectF(1, 1, 22, 22), radius, radius)


def _instagram(p: QPainter) -> None:
    gradient = QLinearGradient(QPointF(2, 22), QPointF(22, 2))
    gradient.setColorAt(0.0, QColor("#f9a03f"))
    gradient.setColorAt(0.5, QColor("#e1306c"))
    gradient.setColorAt(1.0, QColor("#833ab4"))
    _tile(p, QBrush(gradient))
    _pen(p, QColor("#ffffff"), 1.8)
    p.drawRoundedRect(QRectF(5.5, 5.5, 13, 13), 4, 4)
    p.drawEllipse(QPointF(12, 12), 3.1, 3.1)
    p.setBrush(QColor("#ffffff"))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawEllipse(QPointF(16, 8), 1.0, 1.0)


def _facebook(p: QPainter) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#1877f2"))
    p.drawEllipse(QRectF(1, 1, 22, 22))
    _pen(p, QColor("#ffffff"), 2.4)
    path = QPainterPath(QPointF(13, 23))
    path.lineTo(13, 11)
    path.cubicTo(QPointF(13, 7.5), QPointF(14.5, 6.5), QPointF(17, 6.5))
    p.drawPath(path)
    p.drawLine(QPointF(9.5, 12.5), QPointF(16.5, 12.5))


def _tiktok(p: QPainter) -> None:
    _tile(p, QColor("#111111"))
    for colour, dx in ((QColor("#25f4ee"), -0.8), (QColor("#fe2c55"), 0.8), (QColor("#ffffff"), 0.0)):
        _pen(p, colour, 2.2)
        p.drawArc(QRectF(6 + dx, 12 + dx, 6, 6), 0, 360 * 16)
        p.drawLine(QPointF(12 + dx, 15 + dx), QPointF(12 + dx, 5 + dx))
        p.drawArc(QRectF(12 + dx, 1 + dx, 6, 8), 180 * 16, 90 * 16)


def _linkedin(p: QPainter) -> None:
    _tile(p, QColor("#0a66c2"), 3.5)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#ffffff"))
    p.drawRect(QRectF(6, 10, 2.6, 8))
    p.drawEllipse(QPointF(7.3, 6.9), 1.6, 1.6)
    _pen(p, QColor("#ffffff"), 2.4)
    p.drawLine(QPointF(12, 10.5), QPointF(12, 18))
    path = QPainterPath(QPointF(12, 13.5))
    path.cubicTo(QPointF(12, 9), QPointF(17.5, 9), QPointF(17.5, 13.5))
    path.lineTo(17.5, 18)
    p.drawPath(path)


def _x(p: QPainter) -> None:
    _tile(p, QColor("#111111"))
    _pen(p, QColor("#ffffff"), 2.0)
    p.drawLine(QPointF(7, 6), QPointF(17, 18))
    p.drawLine(QPointF(17, 6), QPointF(7, 18))


def _youtube(p: QPainter) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#ff0000"))
    p.drawRoundedRect(QRectF(1, 4.5, 22, 15), 5, 5)
    p.setBrush(QColor("#ffffff"))
    triangle = QPainterPath(QPointF(9.5, 8.5))
    triangle.lineTo(16, 12)
    triangle.lineTo(9.5, 15.5)
    triangle.closeSubpath()
    p.drawPath(triangle)


def _web(p: QPainter) -> None:
    _pen(p, ACCENT, 1.6)
    p.drawEllipse(QPointF(12, 12), 9.5, 9.5)
    p.drawEllipse(QRectF(8, 2.5, 8, 19))
    p.drawLine(QPointF(2.5, 12), QPointF(21.5, 12))
    p.drawLine(QPointF(4, 7), QPointF(20, 7))
    p.drawLine(QPointF(4, 17), QPointF(20, 17))


DRAWINGS: dict[str, Callable[[QPainter], None]] = {
    "open": _open,
    "rescan": _rescan,
    "publish": _publish,
    "crop": _crop,
    "registries": _registries,
    "settings": _settings,
    "undo": _undo,
    "redo": _redo,
    "search": _search,
    "instagram": _instagram,
    "facebook": _facebook,
    "tiktok": _tiktok,
    "linkedin": _linkedin,
    "x": _x,
    "youtube": _youtube,
    "web": _web,
}


def pixmap(name: str, size: int) -> QPixmap:
    """`name` drawn at `size`×`size` pixels on a transparent background."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.scale(size / 24, size / 24)
    DRAWINGS[name](painter)
    painter.end()
    return pix


@cache
def icon(name: str) -> QIcon:
    """The icon `name` (KeyError for an unknown one), every size drawn once."""
    drawing = QIcon()
    for size in SIZES:
        drawing.addPixmap(pixmap(name, size))
    return drawing


def platform_of(preset_id: str) -> str:
    """The platform icon's name for an export preset id (a preset of another site: "web")."""
    head = preset_id.split("-", 1)[0].lower()
    return head if head in ("instagram", "facebook", "tiktok", "linkedin", "x", "youtube") else "web"


def platform_icon(preset_id: str) -> QIcon:
    return icon(platform_of(preset_id))
