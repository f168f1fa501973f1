"""Keyboard and focus in the main window (issue 13, item 5), with real key and mouse events (pytest-qt):
Ctrl+Z / Ctrl+Y / Ctrl+E / Ctrl+F wherever the focus is, the inspector following the filters, and the
active filters shown as chips with ×."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from tests.media_factory import make_jpeg

pytestmark = pytest.mark.timeout(90)

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot, lib, library_root, tmp_path):
    from lectoure_media.gui.main_window import MainWindow

    for i, name in enumerate(("bistrot.jpg", "cathedrale.jpg", "fontaine.jpg")):
        make_jpeg(library_root / name, size=(120, 90), taken_at=f"2024:05:0{i + 1} 10:00:00", seed=i)
    lib.scan(library_root)
    lib.tag([str(library_root / "fontaine.jpg")], add={"business": ["Le Bistrot"], "keywords": ["foire"]})
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(lib, settings)
    qtbot.addWidget(win)
    win.show()
    win.root = str(library_root)
    win.facets.refresh()
    win._apply_filter()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=5000)
    yield win
    win.inspector.wait_for_preview()
    win.stop_watching()


def select(win, *names):
    win.grid.clearSelection()
    sel = win.grid.selectionModel()
    for name in names:
        row = next(r for r, i in enumerate(win.model.ids()) if os.path.basename(win.library.asset(i)["path"]) == name)
        sel.select(win.model.index(row, 0), sel.SelectionFlag.Select)
    return [win.model.id_at(r) for r in sorted(i.row() for i in sel.selectedIndexes())]


def shown(win):
    return sorted(os.path.basename(win.library.asset(i)["path"]) for i in win.model.ids())


def keywords(win, asset_id):
    return win.library.asset(asset_id)["tags"]["keywords"]


def test_ctrl_z_after_enter_undoes_the_tag_not_the_text_and_ctrl_y_redoes(qtbot, window):
    [a] = select(window, "bistrot.jpg")
    window.inspector.focus_tag_entry()
    entry = window.inspector.entry
    qtbot.waitUntil(entry.hasFocus, timeout=2000)
    qtbot.keyClicks(entry, "foire")
    with qtbot.waitSignal(window.inspector.tagsChanged, timeout=3000):
        qtbot.keyClick(entry, Qt.Key.Key_Return)
    assert keywords(window, a) == ["foire"]
    assert entry.text() == "" and entry.hasFocus()

    with qtbot.waitSignal(window.inspector.tagsChanged, timeout=3000):
        qtbot.keyClick(entry, Qt.Key.Key_Z, CTRL)  # the focus is still in the (empty) tag field
    assert keywords(window, a) == []
    assert entry.text() == ""  # the text "foire" did not come back
    with qtbot.waitSignal(window.inspector.tagsChanged, timeout=3000):
        qtbot.keyClick(entry, Qt.Key.Key_Y, CTRL)
    assert keywords(window, a) == ["foire"]


def test_text_being_typed_keeps_its_own_undo(qtbot, window):
    [a] = select(window, "bistrot.jpg")
    window.inspector.tag_ids([a], "keywords", "foire")
    assert window.undo_stack.count() == 1
    entry = window.inspector.entry
    window.inspector.focus_tag_entry()
    qtbot.waitUntil(entry.hasFocus, timeout=2000)
    qtbot.keyClicks(entry, "abc")
    qtbot.keyClick(entry, Qt.Key.Key_Z, CTRL)
    assert entry.text() != "abc"  # the field undid its typing
    assert keywords(window, a) == ["foire"] and window.undo_stack.index() == 1  # the tag stayed


def test_ctrl_e_and_ctrl_f_from_the_tag_field_and_the_grid(qtbot, window, monkeypatch):
    from lectoure_media.gui import export_dialog

    opened = []
    monkeypatch.setattr(
        export_dialog.ExportDialog, "exec", lambda self: opened.append([int(x["id"]) for x in self.assets]) or 0
    )
    [a] = select(window, "bistrot.jpg")
    window.inspector.focus_tag_entry()
    qtbot.waitUntil(window.inspector.entry.hasFocus, timeout=2000)
    qtbot.keyClick(window.inspector.entry, Qt.Key.Key_E, CTRL)
    assert opened == [[a]]

    qtbot.keyClick(window.inspector.entry, Qt.Key.Key_F, CTRL)
    qtbot.waitUntil(window.search.hasFocus, timeout=2000)
    window.grid.setFocus()
    qtbot.waitUntil(window.grid.hasFocus, timeout=2000)
    qtbot.keyClick(window.grid, Qt.Key.Key_E, CTRL)
    assert len(opened) == 2
    qtbot.keyClick(window.grid, Qt.Key.Key_F, CTRL)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.search, timeout=2000)


def test_the_inspector_drops_assets_the_search_hides(qtbot, window):
    a, b = select(window, "bistrot.jpg", "fontaine.jpg")
    assert sorted(window.inspector.ids) == sorted([a, b])
    window.search.setFocus()
    qtbot.keyClicks(window.search, "fontaine")
    qtbot.waitUntil(lambda: shown(window) == ["fontaine.jpg"], timeout=5000)
    fontaine = window.model.id_at(0)
    assert window.inspector.ids == [fontaine]
    # A tag typed now goes to the visible photo only.
    window.inspector.tag_ids(window.inspector.ids, "keywords", "fontaine")
    hidden = a if a != fontaine else b
    assert "fontaine" not in keywords(window, hidden)


def test_active_filters_show_as_chips_and_the_cross_clears_one(qtbot, window):
    bar = window.filter_chips
    assert not bar.isVisible()
    facet = window.facets.lists["business"]
    item = next(facet.item(i) for i in range(facet.count()) if facet.item(i).text().startswith("Le Bistrot"))
    item.setSelected(True)
    qtbot.mouseClick(window.chips["portrait"], Qt.MouseButton.LeftButton)
    assert shown(window) == []  # fontaine.jpg is landscape
    qtbot.waitUntil(bar.isVisible, timeout=2000)
    labels = [chip.label.text() for chip in bar.chips]
    assert any("Le Bistrot" in label for label in labels) and len(labels) == 2

    business_chip = next(chip for chip in bar.chips if "Le Bistrot" in chip.toolTip())
    qtbot.mouseClick(business_chip.remove_button, Qt.MouseButton.LeftButton)
    assert facet.selectedItems() == []
    assert bar.active_keys() == ["chip:portrait"]
    qtbot.mouseClick(bar.chips[0].remove_button, Qt.MouseButton.LeftButton)
    assert not window.chips["portrait"].isChecked()
    assert shown(window) == ["bistrot.jpg", "cathedrale.jpg", "fontaine.jpg"]
    assert not bar.isVisible()


def test_clear_all_removes_every_filter(qtbot, window):
    window.search.setText("fontaine")
    qtbot.waitUntil(lambda: len(window.filter_chips.chips) == 1, timeout=5000)
    qtbot.mouseClick(window.chips["untagged"], Qt.MouseButton.LeftButton)
    assert window.filter_chips.clear_button.isVisible()
    qtbot.mouseClick(window.filter_chips.clear_button, Qt.MouseButton.LeftButton)
    assert window.search.text() == "" and not window.chips["untagged"].isChecked()
    assert len(shown(window)) == 3


def test_rights_and_publication_filters_show_as_chips_too(qtbot, window):
    bar = window.filter_chips
    window.rights_box.setCurrentIndex(window.rights_box.findData("do_not_publish"))
    qtbot.waitUntil(bar.isVisible, timeout=2000)
    assert bar.active_keys() == ["rights"] and shown(window) == []
    window.publog_filter.actions_by_key["never"].trigger()
    assert bar.active_keys() == ["rights", "publog"]
    qtbot.mouseClick(bar.chips[0].remove_button, Qt.MouseButton.LeftButton)
    assert window.rights_box.currentData() is None and bar.active_keys() == ["publog"]
    assert len(shown(window)) == 3  # nothing exported yet: every photo is "never exported"
    qtbot.mouseClick(bar.chips[0].remove_button, Qt.MouseButton.LeftButton)
    assert window.publog_filter.current() is None and not bar.isVisible()
