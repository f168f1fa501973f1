"""Feedback (issue 13, item 6), with real events on the main window: a saved crop and a saved record say
so, a missing file shows as missing at a glance, and an undo takes its recent-tag button away."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QEvent, QPointF, QSettings, Qt, QTimer
from PySide6.QtGui import QColor, QMouseEvent
from PySide6.QtWidgets import QApplication

from tests.media_factory import make_jpeg

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def window(qtbot, lib, library_root, tmp_path):
    from lectoure_media.gui.main_window import MainWindow

    make_jpeg(library_root / "halle.jpg", size=(800, 600), taken_at="2024:05:01 10:00:00", seed=1)
    make_jpeg(library_root / "tour.jpg", size=(800, 600), taken_at="2024:05:02 10:00:00", seed=2)
    lib.scan(library_root)
    win = MainWindow(lib, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.resize(1200, 700)
    win.show()
    win.root = str(library_root)
    win.facets.refresh()
    win._apply_filter()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=5000)
    yield win
    win.inspector.wait_for_preview()
    win.stop_watching()


def select(win, name):
    row = next(r for r, i in enumerate(win.model.ids()) if win.library.asset(i)["path"].endswith(name))
    rect = win.grid.visualRect(win.model.index(row, 0))
    QApplication.processEvents()
    return row, rect


def click_item(qtbot, win, name):
    _row, rect = select(win, name)
    qtbot.mouseClick(win.grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_undo_takes_away_the_recent_button_of_the_keyword_it_deleted(qtbot, window, lib):
    click_item(qtbot, window, "halle.jpg")
    inspector = window.inspector
    qtbot.keyClicks(window.grid, "w")  # typing on the grid goes to the tag field (not P, X or digits: ratings)
    qtbot.keyClicks(inspector.entry, "yz-brocante")
    qtbot.keyClick(inspector.entry, Qt.Key.Key_Return)
    qtbot.keyClick(inspector.create_panel.types, Qt.Key.Key_4)  # a new keyword
    assert [b.text() for b in inspector.recent_buttons] == ["wyz-brocante"]
    assert lib.canonical_name("keywords", "wyz-brocante") == "wyz-brocante"

    qtbot.keyClick(inspector.entry, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert lib.canonical_name("keywords", "wyz-brocante") is None  # the undo deleted the entry it created…
    assert inspector.recent_buttons == []  # …and its button with it
    assert not inspector.recent_caption.isVisible()


def test_a_missing_file_is_greyed_out_under_file_not_found(qtbot, window, lib, library_root):
    os.remove(library_root / "tour.jpg")
    lib.scan(library_root)
    window._on_library_updated(None)
    gone = lib.get_by_path(str(library_root / "tour.jpg"))
    assert gone["status"] == "missing"
    qtbot.waitUntil(lambda: window.model.wait_for_thumbnails(100), timeout=10_000)
    shot = window.grid.viewport().grab().toImage()

    def centre_colour(name: str) -> QColor:
        _row, rect = select(window, name)
        box_centre = rect.top() + 6 + window.grid.delegate.thumb_size // 2
        return shot.pixelColor(rect.left() + 8, box_centre)  # on the band, left of its text

    missing, present = centre_colour("tour.jpg"), centre_colour("halle.jpg")
    # The band across the greyed picture: a strong red, where the present photo shows its own pixels.
    assert missing.red() > 120 and missing.green() < 90 and missing.blue() < 90, missing.name()
    assert not (present.red() > 120 and present.green() < 90 and present.blue() < 90), present.name()


def test_a_saved_framing_is_confirmed_in_the_status_bar(qtbot, window, lib):
    from lectoure_media.gui.crop_editor import CropEditor

    click_item(qtbot, window, "halle.jpg")
    done = []

    def in_editor() -> None:
        editor = QApplication.activeModalWidget()
        assert isinstance(editor, CropEditor)
        qtbot.waitUntil(lambda: editor.source_size is not None, timeout=30_000)
        canvas = editor.canvas
        pos = QPointF(canvas.to_widget(200, 300))
        left = Qt.MouseButton.LeftButton
        for kind, buttons in ((QEvent.Type.MouseButtonPress, left), (QEvent.Type.MouseButtonRelease, left)):
            QApplication.sendEvent(
                canvas,
                QMouseEvent(kind, pos, canvas.mapToGlobal(pos), left, buttons, Qt.KeyboardModifier.NoModifier),
            )
        assert editor.focal is not None
        done.append(True)
        editor.accept()

    QTimer.singleShot(0, in_editor)
    qtbot.keyClick(window.grid, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert done == [True]
    assert "halle.jpg" in window.statusBar().currentMessage()
    assert window.statusBar().currentMessage().startswith("✓")


def test_a_saved_record_says_so_in_the_registries(qtbot, lib):
    from lectoure_media.gui.registries import RegistriesDialog

    dialog = RegistriesDialog(lib)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
    page = dialog.current_page()
    try:
        page.new_entry()
        qtbot.keyClicks(page.form.name_edit, "Le Bistrot Gascon")
        assert dialog.saved_label.text() == ""
        with qtbot.waitSignal(dialog.entriesChanged, timeout=5000):
            qtbot.keyClick(page.form.name_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        assert lib.entry(page.facet, "Le Bistrot Gascon") is not None
        assert "Le Bistrot Gascon" in dialog.saved_label.text() and dialog.saved_label.isVisible()
    finally:
        page.dirty = False  # closing with unsaved edits would ask (a modal question) after a failure


def test_the_status_says_when_a_scan_is_over_even_while_watching(qtbot, window, library_root):
    window.open_root(str(library_root), watch=False)
    assert window.watch_label.text() == "Scanning the folder…"
    qtbot.waitUntil(lambda: window._scan_task is None, timeout=30_000)
    assert window.watch_label.text() == "Folder read."

    window.open_root(str(library_root))  # scanned, then watched
    qtbot.waitUntil(lambda: window._scan_task is None and window._watch is not None, timeout=30_000)
    # The watcher settled ("starting" comes first, then watching or polling).
    qtbot.waitUntil(lambda: window._watch_text not in ("", "Starting to watch the folder…"), timeout=30_000)
    qtbot.keyClick(window.grid, Qt.Key.Key_F5)  # rescan while watching: no new watcher status follows
    assert window.watch_label.text() == "Scanning the folder…"
    qtbot.waitUntil(lambda: window._scan_task is None, timeout=30_000)
    assert window.watch_label.text() == window._watch_text != "Scanning the folder…"
