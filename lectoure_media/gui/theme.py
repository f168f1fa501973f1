"""The look: one light theme with one accent colour (the town's blue of the app icon), Fusion style, a
palette and one stylesheet for the whole application, so every window, the dialogs other modules add
included, looks the same without per-widget styling.

`apply_theme(app)` once at start-up (gui/app.py); `section_header(label)` marks a label as a section title
(the inspector's "Commerces", "Sites patrimoniaux"…)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel

ACCENT = "#2654a0"  # the blue of the app icon (packaging/make_icon.py BLUE_TOP)
ACCENT_DARK = "#1b3f7a"
ACCENT_SOFT = "#e6edf8"
WINDOW = "#f4f6f9"
SURFACE = "#ffffff"
BORDER = "#d3d9e1"
TEXT = "#1e2733"
MUTED = "#5d6877"
GRID_BACKGROUND = "#e9edf2"

STYLESHEET = f"""
QMainWindow, QDialog {{ background: {WINDOW}; }}
QToolBar {{
    background: {SURFACE}; border: none; border-bottom: 1px solid {BORDER}; padding: 4px 6px; spacing: 4px;
}}
QToolBar QToolButton {{ padding: 3px 6px; border: 1px solid transparent; border-radius: 12px; color: {TEXT}; }}
QToolBar QToolButton:hover {{ background: {ACCENT_SOFT}; }}
QToolBar QToolButton:checked {{ background: {ACCENT}; color: white; border-color: {ACCENT}; }}
QToolBar QToolButton#action-publish-button {{
    background: {ACCENT}; color: white; font-weight: 600; padding: 3px 12px;
}}
QToolBar QToolButton#action-publish-button:hover {{ background: {ACCENT_DARK}; }}
QLineEdit, QComboBox, QDateEdit, QSpinBox, QDoubleSpinBox, QPlainTextEdit, QTextEdit {{
    background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 6px; padding: 3px 6px;
    selection-background-color: {ACCENT};
}}
QLineEdit:focus, QComboBox:focus, QDateEdit:focus, QPlainTextEdit:focus, QTextEdit:focus {{
    border-color: {ACCENT};
}}
QPushButton {{
    background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 6px; padding: 4px 14px; color: {TEXT};
}}
QPushButton:hover {{ border-color: {ACCENT}; }}
QPushButton:default {{ background: {ACCENT}; color: white; border-color: {ACCENT}; }}
QPushButton:default:hover {{ background: {ACCENT_DARK}; }}
QPushButton:disabled {{ color: #9aa3ae; background: #f0f2f5; }}
QDockWidget {{ font-weight: 600; }}
QDockWidget::title {{ background: {WINDOW}; padding: 6px 8px; }}
QListView#asset-grid {{ background: {GRID_BACKGROUND}; border: none; }}
QListWidget, QTreeWidget, QTreeView {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 6px; }}
QToolBox::tab {{
    background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 6px; padding: 4px 8px; font-weight: 600;
}}
QToolBox::tab:selected {{ background: {ACCENT_SOFT}; color: {ACCENT_DARK}; }}
QStatusBar {{ background: {SURFACE}; border-top: 1px solid {BORDER}; }}
QLabel[section="true"] {{
    color: {MUTED}; font-weight: 600; text-transform: uppercase; letter-spacing: 0.5px;
    padding-top: 8px; padding-bottom: 2px; border-bottom: 1px solid {BORDER};
}}
QLabel#inspector-title {{ font-size: 11pt; }}
QFrame#filter-chip {{ background: {ACCENT_SOFT}; border: 1px solid #b8c9e6; border-radius: 11px; }}
QWidget#filter-chips {{ background: {SURFACE}; border-bottom: 1px solid {BORDER}; }}
QFrame#inspector-create {{ background: {ACCENT_SOFT}; border: 1px solid #b8c9e6; border-radius: 8px; }}
QLabel#empty-state-title {{ font-size: 14pt; font-weight: 600; color: {TEXT}; }}
QLabel#empty-state-text {{ color: {MUTED}; }}
QFrame#crop-preview-tile {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 6px; }}
QProgressBar {{ border: 1px solid {BORDER}; border-radius: 6px; background: {SURFACE}; text-align: center; }}
QProgressBar::chunk {{ background: {ACCENT}; border-radius: 5px; }}
"""


def palette() -> QPalette:
    pal = QPalette()
    role = QPalette.ColorRole
    for r, colour in (
        (role.Window, WINDOW),
        (role.WindowText, TEXT),
        (role.Base, SURFACE),
        (role.AlternateBase, "#f0f3f7"),
        (role.Text, TEXT),
        (role.Button, SURFACE),
        (role.ButtonText, TEXT),
        (role.Highlight, ACCENT),
        (role.HighlightedText, "#ffffff"),
        (role.Link, ACCENT),
        (role.ToolTipBase, SURFACE),
        (role.ToolTipText, TEXT),
        (role.PlaceholderText, "#7b8592"),
        (role.Mid, BORDER),
        (role.Midlight, "#e4e8ee"),
    ):
        pal.setColor(r, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.Text, role.ButtonText, role.WindowText):
        pal.setColor(disabled, r, QColor("#9aa3ae"))
    return pal


def apply_theme(app: QApplication) -> None:
    """Fusion (the same on Windows and Linux), the light palette, the stylesheet."""
    app.setStyle("Fusion")
    app.setPalette(palette())
    app.setStyleSheet(STYLESHEET)


def section_header(label: QLabel) -> QLabel:
    """Style `label` as a section title (see the stylesheet's QLabel[section="true"])."""
    label.setProperty("section", True)
    label.setStyleSheet("")  # a per-label "font-weight: bold" would hide the theme's header style
    return label
