"""Windows sized from the screen they open on: a 1366×768 laptop, at 125 % scaling only 1093×614 logical
pixels, must show every dialog whole, with its buttons (before, the export dialog asked for 820 px and the
crop editor for 800, and their buttons ended below the screen's edge)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room left for the window's title bar and a Windows task bar (the available area of a screen whose task
# bar hides itself, or of a test screen, includes it).
TITLE_BAR = 34
TASKBAR = 40
MARGIN = 8


def available_size(widget: QWidget) -> QSize:
    """The largest client size a window of `widget` can have on its screen (its parent's, before it shows)."""
    anchor = widget.parentWidget() or widget
    screen = anchor.screen() or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    return QSize(max(320, area.width() - 2 * MARGIN), max(240, area.height() - TITLE_BAR - TASKBAR - 2 * MARGIN))


def fit_to_screen(widget: QWidget, preferred: QSize) -> None:
    """Resize `widget` to `preferred`, shrunk to what its screen can show (see available_size); its layout's
    scroll areas then take what does not fit."""
    room = available_size(widget)
    widget.resize(min(preferred.width(), room.width()), min(preferred.height(), room.height()))
