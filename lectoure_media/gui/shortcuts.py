"""Application-wide shortcuts that a focused text field must not swallow.

A QLineEdit claims Ctrl+Z / Ctrl+Y for its own text undo (and, on Linux, Ctrl+E for "end of line") before
any QAction sees them: after tagging with Enter the focus stays in the tag field, and Ctrl+Z undid the typed
text instead of the tag, Ctrl+E did nothing. `ShortcutRouter`, installed on the application, decides who
gets such a key: the app's action always for the keys in `always` (Ctrl+E, Ctrl+F), and for undo / redo
whenever the field has nothing of its own to undo (it is empty, or its history is empty).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit


def _key_sequence(event: QKeyEvent) -> QKeySequence:
    return QKeySequence(event.keyCombination())


class ShortcutRouter(QObject):
    """Event filter on the QApplication: routes the keys of `undo`, `redo` and `always` actions past a
    focused text field when the action should win (see the module docstring)."""

    def __init__(
        self,
        undo: QAction,
        redo: QAction,
        always: list[QAction],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.undo = undo
        self.redo = redo
        self.always = list(always)

    @staticmethod
    def _matches(action: QAction, seq: QKeySequence) -> bool:
        return any(
            s.matches(seq) == QKeySequence.SequenceMatch.ExactMatch for s in action.shortcuts() if not s.isEmpty()
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        widget = QApplication.focusWidget()
        if widget is None or watched is not widget:
            return False
        seq = _key_sequence(event)
        if any(self._matches(a, seq) for a in self.always if a.isEnabled()):
            event.ignore()  # not claimed by the field: the shortcut map triggers the action
            return True
        field = _text_field(widget)
        if field is None:
            return False
        if self._matches(self.undo, seq) and not _field_can(field, undo=True):
            event.ignore()
            return True
        if self._matches(self.redo, seq) and not _field_can(field, undo=False):
            event.ignore()
            return True
        return False


def _text_field(widget: QObject) -> QLineEdit | QTextEdit | QPlainTextEdit | None:
    if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit):
        return widget
    if isinstance(widget, QComboBox) and widget.isEditable():
        return widget.lineEdit()
    if isinstance(widget, QAbstractSpinBox):
        return widget.findChild(QLineEdit)
    return None


def _field_can(field: QLineEdit | QTextEdit | QPlainTextEdit, *, undo: bool) -> bool:
    """Whether the field has text of its own to undo (or redo): an empty field never has."""
    if field.isReadOnly():
        return False
    if isinstance(field, QLineEdit):
        if not field.text():
            return False
        return field.isUndoAvailable() if undo else field.isRedoAvailable()
    document = field.document()
    if document.isEmpty():
        return False
    return document.isUndoAvailable() if undo else document.isRedoAvailable()
