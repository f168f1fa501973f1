"""The publication log in the window (issue 12, item 3): the inspector lists an asset's exports and
publications and refreshes when another PC writes the team folder; "Mark as published…" from the inspector;
the grid's publication filters (pytest-qt, offscreen, real library and real processes for the other PC)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from lectoure_media.gui.publog_panel import PublishDialog
from tests.media_factory import make_jpeg

pytestmark = pytest.mark.timeout(90)
ROOT_DIR = Path(__file__).resolve().parents[1]


@pytest.fixture
def window(qtbot, lib, tmp_path):
    from lectoure_media.gui.main_window import MainWindow

    win = MainWindow(lib, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show()
    yield win
    win.stop_watching()


def rows(panel) -> list[list[str]]:
    tree = panel.tree
    return [[tree.topLevelItem(i).text(c) for c in range(4)] for i in range(tree.topLevelItemCount())]


def select(win, path: str) -> None:
    doc_id = int(win.library.get_by_path(path)["id"])
    win.inspector.set_selection([doc_id])


def test_the_inspector_shows_the_log_live_and_marks_as_published(qtbot, window, library_root, tmp_path):
    a = library_root / "a.jpg"
    make_jpeg(a, size=(120, 90))
    make_jpeg(library_root / "b.jpg", size=(120, 90), color=(0, 200, 0))
    window.open_root(str(library_root))
    qtbot.waitUntil(lambda: window._watch is not None and len(window.model.ids()) == 2, timeout=20_000)
    window.library.record_export(str(a), "instagram-portrait", str(tmp_path / "a_ig.jpg"), width=1, height=1, size=1)
    select(window, str(a))
    panel = window.inspector.publog_panel
    assert panel.isVisible()
    assert [(r[0], r[2]) for r in rows(panel)] == [("instagram-portrait", "a_ig.jpg")]
    this_pc = window.library.export_log()[0]["pc"]
    assert rows(panel)[0][3] == this_pc
    # Another PC marks it as published: the watcher reads the team folder and the inspector repaints.
    env = {**os.environ, "LECTOURE_MEDIA_PC_NAME": "PC-SERVICE-COM", "PYTHONPATH": str(ROOT_DIR)}
    cmd = [sys.executable, "-m", "lectoure_media", "--data-dir", str(tmp_path / "other"), "posted", str(a)]
    done = subprocess.run(
        [*cmd, "--platform", "facebook", "--date", "2024-05-02"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: any(r[3] == "PC-SERVICE-COM" for r in rows(panel)), timeout=15_000)
    assert ["✓ Facebook", "02/05/2024", "", "PC-SERVICE-COM"] in rows(panel)

    def fill_dialog():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PublishDialog)
        dialog.platform.setCurrentIndex(dialog.platform.findData("instagram"))
        dialog.date.setDate(QDate(2024, 6, 1))
        dialog.url.setText("https://www.instagram.com/p/abc")
        dialog.accept()

    QTimer.singleShot(0, fill_dialog)
    panel.mark_button.click()
    assert ["✓ Instagram", "01/06/2024", "https://www.instagram.com/p/abc", this_pc] in rows(panel)
    assert sorted(p["platform"] for p in window.library.publications(str(a))) == ["facebook", "instagram"]
    # A mark made by mistake: Ctrl+Z takes it back (on every PC: a "retracted" line), Ctrl+Y marks again.
    window.undo_stack.undo()
    assert [p["platform"] for p in window.library.publications(str(a))] == ["facebook"]
    assert not any(r[0] == "✓ Instagram" for r in rows(panel))
    window.undo_stack.redo()
    assert sorted(p["platform"] for p in window.library.publications(str(a))) == ["facebook", "instagram"]
    assert any(r[0] == "✓ Instagram" for r in rows(panel))


def test_a_refused_address_keeps_the_dialog_open(qtbot, lib, library_root, monkeypatch):
    make_jpeg(library_root / "a.jpg", size=(60, 40))
    lib.scan(library_root)
    dialog = PublishDialog(lib, [str(library_root / "a.jpg")])
    qtbot.addWidget(dialog)
    dialog.url.setText("ftp://nope")
    warnings = []
    monkeypatch.setattr("lectoure_media.gui.publog_panel.QMessageBox.warning", lambda *a: warnings.append(a[2]))
    dialog.accept()
    assert warnings and "http" in warnings[0] and dialog.entries == []
    assert lib.publications() == []


def test_the_publication_filters_of_the_grid(qtbot, window, library_root, tmp_path):
    for name, color in (("a.jpg", (200, 0, 0)), ("b.jpg", (0, 200, 0)), ("c.jpg", (0, 0, 200))):
        make_jpeg(library_root / name, size=(80, 60), color=color)
    window.open_root(str(library_root))
    qtbot.waitUntil(lambda: len(window.model.ids()) == 3, timeout=20_000)
    lib = window.library
    lib.record_export(str(library_root / "a.jpg"), "tiktok", str(tmp_path / "a.mp4"), width=1, height=1, size=1)
    this_month = QDate.currentDate().toString("yyyy-MM-dd")
    lib.mark_published([str(library_root / "b.jpg")], "facebook", this_month)
    lib.mark_published([str(library_root / "c.jpg")], "x", QDate.currentDate().addMonths(-8).toString("yyyy-MM-dd"))

    def shown(key: str | None) -> list[str]:
        for act in window.publog_filter.actions_by_key.values():
            act.setChecked(False)
        if key is not None:
            window.publog_filter.actions_by_key[key].trigger()
        qtbot.waitUntil(lambda: window.model.rowCount() == len(lib.query_ids(window.current_filter())), timeout=5000)
        return sorted(os.path.basename(lib.asset(i)["path"]) for i in window.model.ids())

    assert shown("never") == ["b.jpg", "c.jpg"]
    assert window.publog_filter.isChecked()
    assert shown("exported:tiktok") == ["a.jpg"]
    assert shown("month") == ["b.jpg"]
    assert shown("stale:6") == ["a.jpg", "c.jpg"]
    assert shown("stale:12") == ["a.jpg"]


def test_mark_as_published_from_the_export_results(qtbot, lib, library_root, tmp_path):
    from lectoure_media.gui.export_dialog import ExportDialog

    for i, name in enumerate(("halle", "remparts")):
        make_jpeg(library_root / f"{name}.jpg", size=(400, 300), seed=i)
    lib.scan(library_root)
    ids = sorted(lib.query_ids())
    dialog = ExportDialog(lib, ids, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_checked_presets(["instagram-square"])
    dialog.folder_edit.setText(str(tmp_path / "out"))
    assert not dialog.publish_button.isEnabled()
    with qtbot.waitSignal(dialog.exportFinished, timeout=120_000):
        dialog.export_button.click()
    assert dialog.publish_button.isEnabled()
    dialog.results.topLevelItem(0).setSelected(True)  # only the selected row's source
    chosen = dialog.results.topLevelItem(0).toolTip(0)

    def fill_dialog():
        publish = QApplication.activeModalWidget()
        assert isinstance(publish, PublishDialog) and publish.paths == [chosen]
        publish.platform.setCurrentIndex(publish.platform.findData("website"))
        publish.accept()

    QTimer.singleShot(0, fill_dialog)
    dialog.publish_button.click()
    assert [(p["source"], p["platform"]) for p in lib.publications()] == [(chosen, "website")]
