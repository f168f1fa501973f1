"""Issue 13, item 3: "Nouveaux" — the date d'ajout of each record, what arrived since this PC last looked,
the status-bar notice that filters to them, the badge and the "date d'ajout" sort."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from PySide6.QtCore import QSettings, Qt

from lectoure_media.core.library import Library
from lectoure_media.core.news import stamp
from lectoure_media.core.search import Filter
from tests.media_factory import make_jpeg

pytestmark = pytest.mark.timeout(120)


def names(lib, ids):
    return [os.path.basename(lib.asset(i)["path"]) for i in ids]


def test_the_first_scan_brings_nothing_new_and_later_files_are_new(lib, library_root):
    make_jpeg(library_root / "ancienne.jpg", taken_at="2020:01:01 10:00:00")
    lib.scan(library_root)
    assert lib.news.count() == 0  # a new installation (or a rebuilt catalog) does not call everything new
    (old,) = lib.query_ids()
    assert lib.asset(old)["added_at"] <= lib.news.seen_at()
    make_jpeg(library_root / "nouvelle-1.jpg", taken_at="2019:01:01 10:00:00")  # shot long ago, added now
    make_jpeg(library_root / "nouvelle-2.jpg", taken_at="2021:01:01 10:00:00")
    lib.scan(library_root)
    assert sorted(names(lib, lib.news.ids())) == ["nouvelle-1.jpg", "nouvelle-2.jpg"]
    assert lib.news.count() == 2
    # date d'ajout order: the latest first, whatever the shooting date
    ordered = names(lib, lib.news.sort_by_added(lib.query_ids()))
    assert ordered[-1] == "ancienne.jpg" and set(ordered[:2]) == {"nouvelle-1.jpg", "nouvelle-2.jpg"}
    lib.news.mark_seen()
    assert lib.news.count() == 0
    assert lib.query_ids(Filter(added_since=stamp())) == []


def test_a_moved_file_keeps_its_date_d_ajout(lib, library_root):
    lib.scan(library_root)  # an empty root: the files below arrive later
    make_jpeg(library_root / "photo.jpg")
    lib.scan(library_root)
    (doc_id,) = lib.query_ids()
    added = lib.asset(doc_id)["added_at"]
    (library_root / "rangées").mkdir()
    shutil.move(library_root / "photo.jpg", library_root / "rangées" / "photo.jpg")
    lib.scan(library_root)
    (moved,) = lib.query_ids()
    assert lib.asset(moved)["path"].endswith(os.path.join("rangées", "photo.jpg"))
    assert lib.asset(moved)["added_at"] == added


def test_each_pc_has_its_own_last_look(tmp_path, library_root):
    """Two data dirs on one shared folder: one officer looking does not hide the news from the other."""
    make_jpeg(library_root / "a.jpg")

    def cli(data, *args):
        return subprocess.run(
            [sys.executable, "-m", "lectoure_media", "--data-dir", str(data), *args],
            capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip

    pcs = [tmp_path / "pc-a", tmp_path / "pc-b"]
    for data in pcs:
        with Library(data, probe_workers=1) as _:
            pass
        cli(data, "scan", str(library_root))
    for data in pcs:  # both looked once (a fresh data dir's first look is "now")
        lib = Library(data, probe_workers=1)
        lib.news.seen_at()
        lib.close()
    make_jpeg(library_root / "b.jpg")
    for data in pcs:
        cli(data, "scan", str(library_root))
    first = Library(pcs[0], probe_workers=1)
    assert first.news.count() == 1
    first.news.mark_seen()
    first.close()
    second = Library(pcs[1], probe_workers=1)
    assert second.news.count() == 1  # PC B's officer has not looked yet
    second.close()
    reopened = Library(pcs[0], probe_workers=1)
    assert reopened.news.count() == 0  # PC A's look was saved in its settings
    reopened.close()


def test_a_broken_last_look_setting_falls_back_and_says_so(data_dir):
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "settings.json").write_text('{"news_seen_at": "../../etc/passwd"}', encoding="utf-8")
    lib = Library(data_dir, probe_workers=1)
    try:
        assert any("nouveaux médias" in m for m in lib.messages)
        assert lib.news.seen_at()  # a fresh look instead
    finally:
        lib.close()


# -- the window -------------------------------------------------------------------------------------------
@pytest.fixture
def window(qtbot, lib, tmp_path):
    from lectoure_media.gui.main_window import MainWindow

    win = MainWindow(lib, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show()
    yield win
    win.stop_watching()


def test_files_arriving_while_watching_raise_the_notice_which_filters_to_them(qtbot, window, lib, library_root):
    make_jpeg(library_root / "ancienne.jpg", taken_at="2024:01:01 10:00:00")
    window.open_root(str(library_root))
    qtbot.waitUntil(lambda: window._scan_task is None and window._watch is not None, timeout=60_000)
    notice = window.news_notice
    assert not notice.isVisible()
    make_jpeg(library_root / "arrivée-1.jpg", taken_at="2010:01:01 10:00:00")
    make_jpeg(library_root / "arrivée-2.jpg", taken_at="2011:01:01 10:00:00")
    qtbot.waitUntil(lambda: notice.isVisible() and notice.count == 2, timeout=60_000)
    assert "2" in notice.text()
    qtbot.mouseClick(notice, Qt.MouseButton.LeftButton)
    assert sorted(names(lib, window.model.ids())) == ["arrivée-1.jpg", "arrivée-2.jpg"]
    assert lib.news.count() == 0 and notice.isVisible()  # looked at: saved; the list stays on screen
    qtbot.mouseClick(notice, Qt.MouseButton.LeftButton)
    assert len(window.model.ids()) == 3 and not notice.isVisible()
    # the "date d'ajout" sort puts the arrivals first, although they were shot years earlier
    window.sort_box.setCurrentIndex(window.sort_box.findData("added"))
    assert names(lib, window.model.ids())[-1] == "ancienne.jpg"
    window.sort_box.setCurrentIndex(window.sort_box.findData("date"))
    assert names(lib, window.model.ids())[0] == "ancienne.jpg"


def test_the_notice_speaks_french_plurals(qtbot, qapp, lib, tmp_path):
    from PySide6.QtCore import QTranslator

    from lectoure_media.gui.news_notice import NewsNotice

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ts = os.path.join(root, "resources", "translations", "lectoure_media_fr.ts")
    qm = tmp_path / "fr.qm"
    lrelease = os.path.join(os.path.dirname(sys.executable), "pyside6-lrelease")
    subprocess.run([lrelease, "-silent", ts, "-qm", str(qm)], check=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    qapp.installTranslator(translator)
    try:
        notice = NewsNotice(lib)
        qtbot.addWidget(notice)
        notice.count = 1
        assert notice.tr("%n new asset(s)", "", 1) == "1 nouveau média"
        assert notice.tr("%n new asset(s)", "", 3) == "3 nouveaux médias"
    finally:
        qapp.removeTranslator(translator)
