"""The look (issue 13, item 9): one theme, drawn icons for actions and platforms, empty states that say
what to do next, and a grid that uses the whole width."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from lectoure_media.gui import icons, theme
from tests.media_factory import make_jpeg

pytestmark = pytest.mark.timeout(90)


@pytest.fixture
def window(qtbot, lib, tmp_path):
    from lectoure_media.gui.main_window import MainWindow

    win = MainWindow(lib, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.resize(1200, 700)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.inspector.wait_for_preview()
    win.stop_watching()


def test_the_theme_is_fusion_light_with_one_accent(qapp):
    style, palette, sheet = qapp.style().name(), qapp.palette(), qapp.styleSheet()
    try:
        theme.apply_theme(qapp)
        pal = qapp.palette()
        assert pal.color(QPalette.ColorRole.Highlight).name() == theme.ACCENT
        assert pal.color(QPalette.ColorRole.Window).lightness() > 230  # light
        assert pal.color(QPalette.ColorRole.Text).lightness() < 60
        assert theme.ACCENT in qapp.styleSheet()
        qapp.setStyleSheet("")  # with a style sheet, style() is Qt's style-sheet wrapper around Fusion
        assert qapp.style().name().lower() == "fusion"
    finally:
        qapp.setStyleSheet(sheet)
        qapp.setPalette(palette)
        qapp.setStyle(style)


@pytest.mark.parametrize("name", sorted(icons.DRAWINGS))
def test_every_icon_is_drawn(qapp, name):
    image = icons.pixmap(name, 32).toImage()
    opaque = sum(1 for x in range(32) for y in range(32) if image.pixelColor(x, y).alpha() > 128)
    assert 20 < opaque < 32 * 32  # something drawn, not a filled square
    assert not icons.icon(name).isNull()


def test_platform_icons_follow_the_preset_ids(qapp):
    assert icons.platform_of("instagram-story") == "instagram"
    assert icons.platform_of("facebook-post") == "facebook"
    assert icons.platform_of("tiktok") == "tiktok"
    assert icons.platform_of("website-banner") == "web"
    assert icons.platform_of("x-post") == "x"


def test_actions_and_the_export_formats_carry_icons(qtbot, window, lib, library_root):
    from lectoure_media.gui.export_dialog import ExportDialog

    for act in (window.act_export, window.act_open, window.act_crop, window.act_registries, window.act_undo):
        assert not act.icon().isNull(), act.objectName()
    make_jpeg(library_root / "a.jpg", size=(200, 150))
    lib.scan(library_root)
    dialog = ExportDialog(lib, lib.query_ids())
    qtbot.addWidget(dialog)
    items = [dialog.preset_list.item(r) for r in range(dialog.preset_list.count())]
    assert items and all(not item.icon().isNull() for item in items)
    dialog.done(0)


def test_no_folder_says_what_to_do_and_its_button_does_it(qtbot, window, monkeypatch):
    chosen = []
    monkeypatch.setattr(window, "choose_root", lambda: chosen.append(True))
    window.empty_state.chooseFolder.disconnect()
    window.empty_state.chooseFolder.connect(window.choose_root)
    assert window.centre_stack.currentWidget() is window.empty_state
    assert window.empty_state.kind == "no-folder"
    assert window.empty_state.choose_button.isVisible() and window.empty_state.demo_button.isVisible()
    qtbot.mouseClick(window.empty_state.choose_button, Qt.MouseButton.LeftButton)
    assert chosen == [True]


def test_filters_that_hide_everything_offer_to_clear_them(qtbot, window, lib, library_root):
    make_jpeg(library_root / "a.jpg", size=(300, 200))
    lib.scan(library_root)
    window.root = str(library_root)
    window._apply_filter()
    assert window.centre_stack.currentWidget() is window.grid
    qtbot.mouseClick(window.chips["portrait"], Qt.MouseButton.LeftButton)  # a landscape photo only
    assert window.centre_stack.currentWidget() is window.empty_state
    assert window.empty_state.kind == "no-result"
    qtbot.mouseClick(window.empty_state.clear_button, Qt.MouseButton.LeftButton)
    assert not window.chips["portrait"].isChecked()
    assert window.centre_stack.currentWidget() is window.grid


@pytest.mark.parametrize("width", [900, 1366, 1920])
def test_the_grid_uses_the_whole_width(qtbot, window, lib, library_root, width):
    for i in range(12):
        make_jpeg(library_root / f"p{i:02}.jpg", size=(120, 90), seed=i)
    lib.scan(library_root)
    window.root = str(library_root)
    window._apply_filter()
    window.resize(width, 700)
    QApplication.processEvents()
    grid = window.grid
    qtbot.waitUntil(lambda: grid.gridSize() == grid.cell_size(), timeout=3000)
    viewport = grid.viewport().width()
    cell = grid.gridSize().width()
    columns = viewport // cell
    assert columns >= 1
    # The columns fill the row: what is left right of the last one is less than a column's share.
    assert viewport - columns * cell < columns + 2
    rightmost = max(grid.visualRect(window.model.index(r, 0)).right() for r in range(min(columns, 12)))
    assert viewport - rightmost < cell // 4


@pytest.mark.parametrize("button", ["choose", "demo"])
def test_first_run_buttons_still_do_their_job(qtbot, window, monkeypatch, button):
    from PySide6.QtWidgets import QMessageBox

    done = []
    monkeypatch.setattr(window, "choose_root", lambda: done.append("choose"))
    monkeypatch.setattr(window, "open_demo", lambda: done.append("demo"))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: box.property(button).click())
    window.first_run(demo_available=True)
    assert done == [button]
