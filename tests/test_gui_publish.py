"""Publishing a new photo of an existing shop in at most five actions (issue 13, item 1), driven with real
mouse and key events on the main window: select → type the shop's first letters (the tag field) → Enter →
Ctrl+E → Exporter. The dialog opens with the last formats, folder and credit, and previews every crop with
its credit; four platform files are then on disk."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from lectoure_media.gui.export_dialog import ExportDialog
from tests.media_factory import make_jpeg

pytestmark = pytest.mark.timeout(180)

PLATFORMS = ["instagram-portrait", "instagram-story", "facebook-post", "tiktok"]
CREDIT = "Photo : Ville de Lectoure"


class Person:
    """Real events, each one counted as one action of the person (a word typed is one action)."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.actions: list[str] = []

    def click(self, widget, pos=None, what="click") -> None:
        self.actions.append(what)
        if pos is None:
            self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
        else:
            self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)

    def type(self, widget, text: str) -> None:
        """Each key goes where the keyboard focus is at that moment, as on a real keyboard."""
        self.actions.append(f"type {text!r}")
        assert QApplication.focusWidget() is widget
        for char in text:
            self.qtbot.keyClicks(QApplication.focusWidget(), char)

    def key(self, widget, key, modifier=Qt.KeyboardModifier.NoModifier, what="key") -> None:
        self.actions.append(what)
        self.qtbot.keyClick(widget, key, modifier)


def changed(a: QImage, b: QImage, x: int, y: int, r: int = 3) -> bool:
    """Whether the pixels around (x, y) differ between the two pictures."""
    return any(
        a.pixelColor(i, j) != b.pixelColor(i, j) for i in range(x - r, x + r + 1) for j in range(y - r, y + r + 1)
    )


@pytest.fixture
def window(qtbot, lib, library_root, tmp_path):
    from lectoure_media.gui.main_window import MainWindow

    make_jpeg(library_root / "old.jpg", size=(1200, 800), taken_at="2023:04:01 10:00:00", make="Canon", model="EOS 80D")
    lib.scan(library_root)
    lib.tag([str(library_root / "old.jpg")], add={"business": ["Café du Centre"], "campaign": ["Printemps 2024"]})
    # The photo that just appeared in the share: a camera-sized picture.
    make_jpeg(
        library_root / "IMG_2041.jpg",
        size=(3000, 2000),
        taken_at="2024:05:02 11:12:13",
        make="Canon",
        model="EOS 80D",
        seed=7,
    )
    lib.scan(library_root)
    # What the previous publication left in this PC's settings.
    out = tmp_path / "Publications"
    lib.update_settings(export_presets=PLATFORMS, export_folder=str(out), export_credit=CREDIT)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(lib, settings)
    qtbot.addWidget(win)
    win.resize(1366, 740)
    win.show()
    win.root = str(library_root)
    win.facets.refresh()
    win._apply_filter()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=5000)
    yield win
    win.inspector.wait_for_preview()
    win.stop_watching()


def test_publish_a_new_photo_of_an_existing_shop_in_five_actions(qtbot, window, lib, tmp_path):
    person = Person(qtbot)
    new_id = next(i for i in window.model.ids() if lib.asset(i)["path"].endswith("IMG_2041.jpg"))
    row = window.model.row_of(new_id)
    rect = window.grid.visualRect(window.model.index(row, 0))

    # 1. select the new photo
    person.click(window.grid.viewport(), rect.center(), "select the photo")
    assert window.inspector.ids == [new_id]
    # 2. type the shop's first letters (straight from the grid into the one tag field)
    person.type(window.grid, "caf")
    entry = window.inspector.entry
    assert entry.hasFocus() and entry.text() == "caf"
    popup = window.inspector.completer.popup()
    assert popup.currentIndex().data().startswith("Café du Centre — ")
    # 3. Enter: tagged
    person.key(popup, Qt.Key.Key_Return, what="Enter")
    assert lib.asset(new_id)["tags"]["business"] == ["Café du Centre"]

    # 4. Ctrl+E from the tag field; 5. Exporter — inside the (modal) dialog's own event loop.
    seen: dict[str, object] = {}

    def in_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ExportDialog)
        seen["presets"] = [p.id for p in dialog.checked_presets()]
        seen["folder"] = dialog.folder_edit.text()
        seen["credit"] = dialog.credit_edit.text()
        strip = dialog.preview_strip
        qtbot.waitUntil(strip.is_ready, timeout=60_000)
        seen["tiles"] = {pid: tile.picture.pixmap().toImage() for pid, tile in strip.tiles.items()}
        seen["bare"] = {pid: tile.image for pid, tile in strip.tiles.items()}
        person.click(dialog.export_button, what="Exporter")
        qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=120_000)
        seen["written"] = [r.output for r in dialog.outcome.written]
        dialog.accept()

    QTimer.singleShot(0, in_dialog)
    person.key(entry, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier, "Ctrl+E")

    assert len(person.actions) <= 5, person.actions
    assert seen["presets"] == PLATFORMS
    assert seen["folder"] == str(tmp_path / "Publications")
    assert seen["credit"] == CREDIT
    tiles = seen["tiles"]
    assert isinstance(tiles, dict) and list(tiles) == PLATFORMS
    for pid, image in tiles.items():
        assert isinstance(image, QImage) and not image.isNull(), pid
    # The crops have their platform's shape: a story is tall, a Facebook post wide.
    story, post = tiles["instagram-story"], tiles["facebook-post"]
    assert story.width() / story.height() == pytest.approx(9 / 16, abs=0.03)
    assert post.width() > post.height()
    # The credit is drawn in the bottom right corner, and nowhere else: compared with the bare crop.
    bare = seen["bare"]["facebook-post"].convertToFormat(post.format())
    assert changed(post, bare, post.width() - 30, post.height() - 8)
    assert not changed(post, bare, 8, 8)
    assert not changed(post, bare, 8, post.height() - 8)  # bottom left: the band stops short of it

    files = sorted(os.listdir(tmp_path / "Publications"))
    assert len(files) == 4 and len(seen["written"]) == 4
    for pid in PLATFORMS:
        assert any(pid in name for name in files), (pid, files)
    assert lib.settings().export_credit == CREDIT


def test_the_last_credit_typed_is_offered_next_time(qtbot, window, lib, tmp_path):
    ids = window.model.ids()
    first = ExportDialog(lib, ids)
    qtbot.addWidget(first)
    first.credit_edit.setText("Photo : Office de tourisme")
    first.set_checked_presets(["instagram-square"])
    first.start_export()
    qtbot.waitUntil(lambda: first.outcome is not None, timeout=120_000)
    second = ExportDialog(lib, ids)
    qtbot.addWidget(second)
    assert second.credit_edit.text() == "Photo : Office de tourisme"
    assert [p.id for p in second.checked_presets()] == ["instagram-square"]
    first.done(0)
    second.done(0)
