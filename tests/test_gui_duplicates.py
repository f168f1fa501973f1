"""The duplicates review (pytest-qt, offscreen) and the inspector's "Duplicate of …": groups shown with the
suggested copy, "send the others to the trash" only after a confirmation, tags merged, trash reachable."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from lectoure_media.core.sidecar import read_sidecar

pytestmark = pytest.mark.timeout(120)
PHOTOS = Path(__file__).parent / "fixtures" / "photos"


@pytest.fixture
def shelf(library_root):
    shutil.copy(PHOTOS / "rocket.jpg", library_root / "fusee.jpg")
    Image.open(PHOTOS / "rocket.jpg").resize((320, 213)).save(library_root / "fusee-web.jpg", quality=70)
    shutil.copy(PHOTOS / "coffee.jpg", library_root / "cafe.jpg")
    return library_root


def test_review_keeps_the_suggestion_and_trashes_after_confirmation(qtbot, lib, shelf, monkeypatch):
    from lectoure_media.core import duplicates
    from lectoure_media.gui.duplicates_view import DuplicatesView

    lib.scan(str(shelf))
    lib.tag([str(shelf / "fusee-web.jpg")], add={"campaign": ["Été 2025"]})
    assert lib.wait_sidecars()
    sent: list[str] = []

    def fake_trash(path, _root):  # the real send2trash is exercised in tests/test_duplicates.py
        sent.append(path)
        Path(path).unlink()

    monkeypatch.setattr(duplicates, "_send_to_trash", fake_trash)
    view = DuplicatesView(lib, str(shelf))
    qtbot.addWidget(view)
    view.show()
    view.start_search()
    qtbot.waitUntil(lambda: view._task is None and view.group_list.count() == 1, timeout=20_000)
    assert "fusee.jpg" in view.group_list.item(0).text()
    assert "fusee.jpg" in view.keep_label.text()
    assert view.members.count() == 2 and view.size().width() <= 1366 and view.size().height() <= 768

    # "No" first: nothing happens
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(view.trash_button, Qt.MouseButton.LeftButton)
    assert sent == [] and (shelf / "fusee-web.jpg").exists()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(view.trash_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view._task is None, timeout=20_000)
    assert sent == [str(shelf / "fusee-web.jpg"), str(shelf / "fusee-web.jpg.xmp")]  # with its sidecar
    assert view.group_list.count() == 0
    assert read_sidecar(str(shelf / "fusee.jpg")).tags["campaign"] == ["Été 2025"]
    assert lib.get_by_path(str(shelf / "fusee-web.jpg")) is None


def test_review_can_keep_another_copy(qtbot, lib, shelf, monkeypatch):
    from lectoure_media.core import duplicates
    from lectoure_media.gui.duplicates_view import DuplicatesView

    lib.scan(str(shelf))
    sent: list[str] = []
    monkeypatch.setattr(duplicates, "_send_to_trash", lambda path, _root: sent.append(path))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    view = DuplicatesView(lib, str(shelf))
    qtbot.addWidget(view)
    view.start_search()
    qtbot.waitUntil(lambda: view._task is None and view.group_list.count() == 1, timeout=20_000)
    row = next(r for r in range(view.members.count()) if "fusee-web.jpg" in view.members.item(r).text())
    view.members.setCurrentRow(row)
    qtbot.mouseClick(view.keep_button, Qt.MouseButton.LeftButton)
    assert "fusee-web.jpg" in view.keep_label.text()
    view.trash_others()
    qtbot.waitUntil(lambda: view._task is None, timeout=20_000)
    assert sent == [str(shelf / "fusee.jpg")]
    assert "sent to the trash" in view.summary.text() and "fusee-web.jpg" in view.summary.text()


def test_review_says_why_nothing_was_trashed(qtbot, lib, shelf, monkeypatch):
    from lectoure_media.core import duplicates, sidecar
    from lectoure_media.gui.duplicates_view import DuplicatesView

    lib.scan(str(shelf))
    lib.tag([str(shelf / "fusee-web.jpg")], add={"keywords": ["lancement"]})
    assert lib.wait_sidecars()

    def refuse(*_a, **_kw):
        raise sidecar.SidecarError("Impossible d'écrire le fichier XMP (disque plein).")

    monkeypatch.setattr(sidecar, "update_sidecar", refuse)
    sent: list[str] = []
    monkeypatch.setattr(duplicates, "_send_to_trash", lambda path, _root: sent.append(path))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warned.append(text))
    view = DuplicatesView(lib, str(shelf))
    qtbot.addWidget(view)
    view.start_search()
    qtbot.waitUntil(lambda: view._task is None and view.group_list.count() == 1, timeout=20_000)
    view.trash_others()
    qtbot.waitUntil(lambda: view._task is None, timeout=20_000)
    assert sent == [] and view.group_list.count() == 1
    assert warned and "rien n'a été mis à la corbeille" in warned[0]


def test_inspector_says_a_copied_file_is_a_duplicate(qtbot, lib, library_root, tmp_path):
    from lectoure_media.gui.main_window import MainWindow

    shutil.copy(PHOTOS / "chelsea.jpg", library_root / "chat.jpg")
    shutil.copy(PHOTOS / "coffee.jpg", library_root / "cafe.jpg")
    win = MainWindow(lib, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show()
    win.open_root(str(library_root), watch=False)
    qtbot.waitUntil(lambda: win._scan_task is None, timeout=60_000)
    # a file copied into the share that is a resized copy of an asset
    Image.open(PHOTOS / "chelsea.jpg").resize((300, 200)).save(library_root / "IMG_2041.jpg", quality=75)
    win.rescan()
    qtbot.waitUntil(lambda: win._scan_task is None and len(win.model.ids()) == 3, timeout=60_000)
    new = lib.get_by_path(str(library_root / "IMG_2041.jpg"))
    win.inspector.set_selection([int(new["id"])])
    assert win.inspector.duplicate_label.isVisibleTo(win.inspector)
    assert "chat.jpg" in win.inspector.duplicate_label.text()
    cafe = lib.get_by_path(str(library_root / "cafe.jpg"))
    win.inspector.set_selection([int(cafe["id"])])
    assert not win.inspector.duplicate_label.isVisibleTo(win.inspector)


def test_tools_menu_opens_the_review(qtbot, lib, library_root, tmp_path, monkeypatch):
    from lectoure_media.gui import duplicates_view
    from lectoure_media.gui.main_window import MainWindow

    win = MainWindow(lib, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    opened = []
    monkeypatch.setattr(duplicates_view.DuplicatesView, "exec", lambda self: opened.append(self) or 0)
    assert win.act_duplicates.shortcut().toString() == "Ctrl+D"
    win.act_duplicates.trigger()
    assert len(opened) == 1
    opened[0].wait_for_search(20)


from tests.test_gui_translation import (  # noqa: E402 -- the French checks of the translation tests
    english_sources,
    french,  # noqa: F401 -- fixture
    french_qm,  # noqa: F401 -- fixture
    mnemonic_clashes,
    read_ts,
    shown_texts,
    untranslated,
)


def test_review_and_rating_menu_are_french(qtbot, french, lib, shelf, tmp_path):  # noqa: F811 -- fixture
    from lectoure_media.gui.duplicates_view import DuplicatesView
    from lectoure_media.gui.main_window import MainWindow

    lib.scan(str(shelf))
    view = DuplicatesView(lib, str(shelf))
    qtbot.addWidget(view)
    view.show()
    view.start_search()
    qtbot.waitUntil(lambda: view._task is None and view.group_list.count() == 1, timeout=20_000)
    texts = shown_texts(view)
    assert untranslated(texts, english_sources(read_ts())) == []
    assert view.windowTitle() == "Doublons" and view.trash_button.text() == "Envoyer les &autres à la corbeille…"
    assert view.group_list.item(0).text().startswith("Même image (2)")

    win = MainWindow(lib, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    menus = {a.text(): a.menu() for a in win.menuBar().actions()}
    assert "&Notes" in menus
    titles = [a.text() for a in menus["&Notes"].actions() if not a.isSeparator()]
    assert "Rejetées" in titles and "Étiquette rouge" in titles
    assert mnemonic_clashes([a.text() for a in win.menuBar().actions()]) == {}
    assert win.act_duplicates.text() == "Dou&blons…"
    # the rating filter is on screen at 1366×768 in French (not pushed into a toolbar's overflow)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    box = win.picks.filter_box
    assert box.isVisible() and box.currentText() == "Toutes les notes"
    right = box.mapTo(win, box.rect().bottomRight())
    assert 0 < right.x() <= win.width() and 0 < right.y() <= win.height()
