"""Rating keys in the main window (pytest-qt, offscreen, real key events on the grid): 0-5, P, X and the
label keys, each undone by Ctrl+Z; the rating filter; the stars drawn on the thumbnails."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, QSettings, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem

from lectoure_media.core.sidecar import read_sidecar
from lectoure_media.gui.models import ThumbRole
from tests.media_factory import make_jpeg

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def window(qtbot, lib, tmp_path, library_root):
    from lectoure_media.gui.main_window import MainWindow

    make_jpeg(library_root / "cathedrale.jpg", size=(400, 300), taken_at="2024:05:01 10:00:00")
    make_jpeg(library_root / "bistrot.jpg", size=(300, 400), taken_at="2024:06:01 10:00:00")
    make_jpeg(library_root / "fontaine.jpg", size=(300, 300), taken_at="2024:07:01 10:00:00")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(lib, settings)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    win.open_root(str(library_root), watch=False)
    qtbot.waitUntil(lambda: win._scan_task is None, timeout=60_000)
    yield win


def names(win):
    return sorted(os.path.basename(win.library.asset(i)["path"]) for i in win.model.ids())


def select(win, *files):
    sel = win.grid.selectionModel()
    sel.clearSelection()
    for row in range(win.model.rowCount()):
        if os.path.basename(win.library.asset(win.model.id_at(row))["path"]) in files:
            sel.select(win.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select)
    win.grid.setFocus()


def rating(win, name):
    asset = next(a for a in (win.library.asset(i) for i in win.model.ids()) if a["path"].endswith(name))
    return asset["rating"], asset["label"]


def undo(qtbot, win):
    qtbot.keyClick(win.grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def test_keys_rate_reject_pick_label_and_undo(qtbot, window):
    select(window, "cathedrale.jpg", "bistrot.jpg")
    qtbot.waitUntil(window.grid.hasFocus, timeout=5000)
    qtbot.keyClick(window.grid, Qt.Key.Key_4)
    assert rating(window, "cathedrale.jpg") == (4, None) and rating(window, "bistrot.jpg") == (4, None)
    qtbot.keyClick(window.grid, Qt.Key.Key_6)
    assert rating(window, "bistrot.jpg") == (4, "Red")
    undo(qtbot, window)
    assert rating(window, "bistrot.jpg") == (4, None)
    undo(qtbot, window)
    assert rating(window, "bistrot.jpg") == (None, None)

    select(window, "fontaine.jpg")
    qtbot.keyClick(window.grid, Qt.Key.Key_X)
    assert rating(window, "fontaine.jpg") == (-1, None)
    qtbot.keyClick(window.grid, Qt.Key.Key_P)  # a rejected asset picked gets 1 star
    assert rating(window, "fontaine.jpg") == (1, None)
    qtbot.keyClick(window.grid, Qt.Key.Key_5)
    qtbot.keyClick(window.grid, Qt.Key.Key_P)  # a rated asset picked keeps its stars: no step
    assert rating(window, "fontaine.jpg") == (5, None)
    undo(qtbot, window)
    assert rating(window, "fontaine.jpg") == (1, None)
    undo(qtbot, window)
    undo(qtbot, window)
    assert rating(window, "fontaine.jpg") == (None, None)
    window.undo_stack.redo()
    assert rating(window, "fontaine.jpg") == (-1, None)

    assert window.library.wait_sidecars()
    path = next(p for p in (window.library.asset(i)["path"] for i in window.model.ids()) if p.endswith("fontaine.jpg"))
    assert read_sidecar(path).rating == -1


def test_keys_typed_in_the_search_field_do_not_rate(qtbot, window):
    select(window, "fontaine.jpg")
    window.search.setFocus()
    qtbot.waitUntil(window.search.hasFocus, timeout=5000)
    qtbot.keyClick(window.search, Qt.Key.Key_5)
    assert window.search.text() == "5"
    assert rating(window, "fontaine.jpg") == (None, None)


def test_rating_filter_and_stars_painted(qtbot, window):
    select(window, "bistrot.jpg")
    qtbot.keyClick(window.grid, Qt.Key.Key_3)
    select(window, "cathedrale.jpg")
    qtbot.keyClick(window.grid, Qt.Key.Key_X)
    box = window.picks.filter_box
    box.setCurrentIndex(box.findData(2))
    assert names(window) == ["bistrot.jpg"]
    box.setCurrentIndex(box.findData(-1))
    assert names(window) == ["cathedrale.jpg"]
    box.setCurrentIndex(0)
    assert len(names(window)) == 3

    # The delegate draws the stars / the rejected mark / the label: the same thumbnail painted before and
    # after differs in the top-left corner (stars, ✕) and along the bottom edge (label).
    window.model.wait_for_thumbnails()

    def painted(name):
        row = next(
            r
            for r in range(window.model.rowCount())
            if window.library.asset(window.model.id_at(r))["path"].endswith(name)
        )
        qtbot.waitUntil(lambda: window.model.data(window.model.index(row, 0), ThumbRole) is not None, timeout=10_000)
        image = QImage(220, 240, QImage.Format.Format_ARGB32)
        image.fill(0)
        painter = QPainter(image)
        option = QStyleOptionViewItem()
        option.rect = image.rect()
        option.fontMetrics = window.grid.fontMetrics()
        window.grid.delegate.paint(painter, option, window.model.index(row, 0))
        painter.end()
        size = window.grid.delegate.thumb_size
        top = [image.pixelColor(QPoint(x, y)).name() for x in range(8, 60, 3) for y in range(8, 26, 2)]
        bottom = [image.pixelColor(QPoint(x, 6 + size - 2)).name() for x in range(20, 200, 10)]
        return top, bottom

    before = painted("fontaine.jpg")
    select(window, "fontaine.jpg")
    qtbot.keyClick(window.grid, Qt.Key.Key_5)
    rated = painted("fontaine.jpg")
    assert rated[0] != before[0] and rated[1] == before[1]
    qtbot.keyClick(window.grid, Qt.Key.Key_8)
    labelled = painted("fontaine.jpg")
    assert labelled[1] != before[1]
    qtbot.keyClick(window.grid, Qt.Key.Key_X)
    assert painted("fontaine.jpg")[0] not in (before[0], rated[0])


def test_rating_menu_lists_the_keys(window):
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    menu = next(m for t, m in menus.items() if "ating" in t or "Note" in t)
    keys = {a.shortcut().toString() for a in menu.actions() if not a.isSeparator()}
    assert {"0", "1", "2", "3", "4", "5", "P", "X", "6", "7", "8", "9"} <= keys


def test_inspector_shows_the_rating_and_the_label(qtbot, window):
    select(window, "bistrot.jpg")
    qtbot.keyClick(window.grid, Qt.Key.Key_4)
    qtbot.keyClick(window.grid, Qt.Key.Key_8)
    window._on_selection()
    label = window.inspector.meta_labels["rating"]
    assert label.text() == "★★★★ · Green label" and label.isVisibleTo(window.inspector)
    qtbot.keyClick(window.grid, Qt.Key.Key_X)
    assert label.text() == "Rejected · Green label"


def test_a_large_selection_is_rated_on_the_worker_and_undone(qtbot, lib, tmp_path):
    """Past 100 assets the change runs on the tag lane's worker, the window keeps painting; undo too."""
    from lectoure_media.gui.commands import tag_lane
    from lectoure_media.gui.main_window import MainWindow
    from tests.records import synthetic_ids

    ids = synthetic_ids(lib, str(tmp_path / "absent"), 600)
    win = MainWindow(lib, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show()
    changed: list[int] = []
    from lectoure_media.gui.picks import PickCommand

    win.undo_stack.push(PickCommand(lib, ids, stars=5, on_change=changed.extend))
    assert tag_lane().busy()  # queued on the worker, not done on the GUI thread
    qtbot.waitUntil(lambda: len(changed) == 600, timeout=30_000)
    assert all(lib.asset(i)["rating"] == 5 for i in ids)
    changed.clear()
    win.undo_stack.undo()
    qtbot.waitUntil(lambda: len(changed) == 600, timeout=30_000)
    assert all(lib.asset(i)["rating"] is None for i in ids)
