"""Issue 13, item 10: typing in the search box never blocks the GUI thread on the query.

The query runs on a worker thread (gui/search_runner.py) through core/livesearch.py, which holds the library
lock only to read the indexes and to keep the texts it built; a longer word narrows the previous result.
Timings are in bench/bench_gui.py; here the tests check the structure: same answers, the right thread, the
lock free while matching, stale answers dropped.
"""

from __future__ import annotations

import os
import threading

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from lectoure_media.core import livesearch
from lectoure_media.core.search import Filter

pytestmark = pytest.mark.timeout(120)


def fill_library(lib, root: str, n: int = 3000) -> None:
    lib._register_root(root)
    for i in range(n):
        lib._put(
            lib._new_id(),
            {
                "path": os.path.join(root, f"{2015 + i % 5}", f"IMG_{i:05d}.JPG"),
                "root": root,
                "kind": "video" if i % 7 == 0 else "photo",
                "format": "jpeg",
                "size": 1,
                "mtime_ns": i,
                "taken_at": f"{2015 + i % 5}-0{1 + i % 9}-1{i % 10}T10:00:00",
                "tags": {"business": [f"Boulangerie {i % 40}"]} if i % 3 else {"heritage": ["Fontaine Diane"]},
            },
        )


@pytest.fixture
def big(lib, tmp_path):
    fill_library(lib, str(tmp_path / "Photos"))
    return lib


def test_live_search_answers_as_the_library_does(big):
    queries = ["b", "bo", "boul", "boulangerie 1", "boulangerie 12", "fontaine", "img_0001", "zzz", "diane 2016"]
    for text in queries:
        for base in (Filter(), Filter(kind="video"), Filter(since="2017-01-01", until="2018-12-31")):
            flt = Filter(**{**base.__dict__, "text": text})
            assert big.live_search.query_ids(flt) == big.query_ids(flt), (text, base)
    # backwards and sideways (not an extension of the last query) too
    for text in ["boulangerie", "boul", "angerie 3", "b"]:
        assert big.live_search.query_ids(Filter(text=text)) == big.query_ids(Filter(text=text))


def test_a_change_between_two_keystrokes_is_not_missed(big, tmp_path):
    first = big.live_search.query_ids(Filter(text="boul"))
    new_id = big._new_id()
    big._put(
        new_id,
        {"path": str(tmp_path / "Photos" / "nouvelle.jpg"), "root": str(tmp_path / "Photos"), "kind": "photo",
         "size": 1, "mtime_ns": 1, "tags": {"business": ["Boulangerie Neuve"]}},
    )  # fmt: skip
    second = big.live_search.query_ids(Filter(text="boula"))  # extends "boul": must not reuse the old result
    assert new_id in second and new_id not in first


def test_the_lock_is_free_while_texts_are_built_and_matched(big, monkeypatch):
    owned = []
    original = livesearch.search_text

    def watched(doc, fold_cached=None):
        owned.append(big._lock._is_owned())
        return original(doc, fold_cached)

    monkeypatch.setattr(livesearch, "search_text", watched)
    big._index.text.clear()
    big.live_search.query_ids(Filter(text="fontaine"))
    assert owned and not any(owned)
    # the texts built off the lock are kept for the next query
    assert len(big._index.text) == len(big._index.docs)


def test_a_newer_keystroke_cancels_the_running_query(big):
    cancel = threading.Event()
    cancel.set()
    assert big.live_search.query_ids(Filter(text="boul"), cancel) is None


# -- the window -------------------------------------------------------------------------------------------
@pytest.fixture
def window(qtbot, big, tmp_path):
    from lectoure_media.gui.main_window import MainWindow

    win = MainWindow(big, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.root = str(tmp_path / "Photos")
    win._apply_filter()
    win.show()
    yield win
    win.search_runner.wait()
    win.stop_watching()


def test_typing_queries_on_a_worker_thread_and_shows_the_last_word(qtbot, window, big, monkeypatch):
    threads = []
    original = big.live_search.query_ids

    def spy(flt, cancel=None):
        threads.append(threading.current_thread() is threading.main_thread())
        return original(flt, cancel)

    monkeypatch.setattr(big.live_search, "query_ids", spy)
    qtbot.keyClicks(window.search, "boulangerie 12")
    expected = big.query_ids(Filter(text="boulangerie 12", root=window.root))
    qtbot.waitUntil(lambda: window.model.ids() == expected, timeout=10_000)
    assert threads and not any(threads), "the query ran on the GUI thread"
    assert window.model.filter.text == "boulangerie 12"


def test_a_late_answer_does_not_undo_a_newer_filter(qtbot, window, big, monkeypatch):
    release = threading.Event()
    started = threading.Event()
    original = big.live_search.query_ids

    def slow(flt, cancel=None):
        started.set()
        release.wait(10)
        return original(flt, None)  # ignores the cancel: the answer comes back, late

    monkeypatch.setattr(big.live_search, "query_ids", slow)
    window.search.setText("fontaine")
    window._apply_search()
    qtbot.waitUntil(started.is_set, timeout=5000)
    window.chips["video"].setChecked(True)  # applied at once, on the GUI thread
    videos = window.model.ids()
    release.set()
    window.search_runner.wait()
    QCoreApplication.processEvents()  # deliver the answers the finished threads queued
    assert window.model.ids() == videos


def test_changing_the_order_while_a_search_runs_gives_the_new_order(qtbot, window, big, monkeypatch):
    release = threading.Event()
    original = big.live_search.query_ids

    def slow(flt, cancel=None):
        release.wait(10)
        return original(flt, None)

    monkeypatch.setattr(big.live_search, "query_ids", slow)
    window.search.setText("boulangerie 1")
    window._apply_search()
    window.sort_box.setCurrentIndex(window.sort_box.findData("name"))
    release.set()
    expected = big.sort_by_name(big.query_ids(Filter(text="boulangerie 1", root=window.root)))
    qtbot.waitUntil(lambda: window.model.ids() == expected, timeout=10_000)
    window.search_runner.wait()
    QCoreApplication.processEvents()
    assert window.model.ids() == expected
