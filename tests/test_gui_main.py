"""The main window on a real library (pytest-qt, offscreen) and the grid model at 100,000 rows."""

import os
import shutil

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from lectoure_media.core.search import Filter
from lectoure_media.core.settings import load as load_settings
from lectoure_media.gui.models import AssetListModel, ThumbRole
from tests.media_factory import make_jpeg, make_video


@pytest.fixture
def window(qtbot, lib, tmp_path):
    from lectoure_media.gui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(lib, settings)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.stop_watching()


def populate(root):
    make_jpeg(root / "cathedrale.jpg", size=(400, 300), taken_at="2024:05:01 10:00:00")
    make_jpeg(root / "bistrot.jpg", size=(300, 400), taken_at="2024:06:01 10:00:00")
    make_jpeg(root / "fontaine.jpg", size=(300, 300), taken_at="2024:07:01 10:00:00")
    make_video(root / "clip.mp4", size=(320, 240), seconds=0.5)


def shown(win):
    return sorted(os.path.basename(win.library.asset(i)["path"]) for i in win.model.ids())


def test_grid_shows_the_library_and_filters(qtbot, window, library_root):
    populate(library_root)
    window.open_root(str(library_root))
    qtbot.waitUntil(lambda: window._scan_task is None, timeout=60_000)
    assert shown(window) == ["bistrot.jpg", "cathedrale.jpg", "clip.mp4", "fontaine.jpg"]
    assert window.count_label.text()
    # thumbnails arrive off the GUI thread
    qtbot.waitUntil(
        lambda: all(
            window.model.data(window.model.index(r, 0), ThumbRole) is not None for r in range(window.model.rowCount())
        ),
        timeout=20_000,
    )
    window.chips["video"].setChecked(True)
    assert shown(window) == ["clip.mp4"]
    window.chips["video"].setChecked(False)
    window.chips["portrait"].setChecked(True)
    assert shown(window) == ["bistrot.jpg"]
    window.chips["portrait"].setChecked(False)
    window.search.setText("fontaine")
    qtbot.waitUntil(lambda: shown(window) == ["fontaine.jpg"], timeout=5000)
    window.search.clear()
    qtbot.waitUntil(lambda: len(shown(window)) == 4, timeout=5000)


def test_facet_click_filters(qtbot, window, lib, library_root):
    populate(library_root)
    lib.scan(library_root)
    lib.tag([str(library_root / "bistrot.jpg")], add={"business": ["Le Bistrot"]})
    lib.tag([str(library_root / "cathedrale.jpg")], add={"business": ["Café des Sports"]})
    window.root = str(library_root)
    window.facets.refresh()
    window._apply_filter()
    facet = window.facets.lists["business"]
    item = next(facet.item(i) for i in range(facet.count()) if facet.item(i).text().startswith("Le Bistrot"))
    assert item.text() == "Le Bistrot  (1)"
    item.setSelected(True)
    assert shown(window) == ["bistrot.jpg"]
    facet.clearSelection()
    assert len(shown(window)) == 4


def test_a_file_copied_into_the_folder_appears_without_losing_the_selection(qtbot, window, library_root):
    populate(library_root)
    window.library.update_settings(poll_interval=0.5)
    window.open_root(str(library_root))
    qtbot.waitUntil(lambda: window._scan_task is None, timeout=60_000)
    qtbot.waitUntil(lambda: window._watch is not None, timeout=10_000)
    fontaine = window.library.get_by_path(str(library_root / "fontaine.jpg"))
    window.grid.setCurrentIndex(window.model.index(window.model.row_of(int(fontaine["id"])), 0))
    staged = library_root.parent / "nouveau.jpg"
    make_jpeg(staged, size=(200, 100), taken_at="2030:01:01 10:00:00")  # newest: lands at the top
    shutil.copyfile(staged, library_root / "nouveau.jpg")
    qtbot.waitUntil(lambda: "nouveau.jpg" in shown(window), timeout=30_000)
    assert [os.path.basename(window.library.asset(i)["path"]) for i in window.selected_ids()] == ["fontaine.jpg"]
    (library_root / "clip.mp4").unlink()
    qtbot.waitUntil(
        lambda: window.library.get_by_path(str(library_root / "clip.mp4"))["status"] == "missing", timeout=30_000
    )


def test_model_at_100000_rows_without_a_window(qtbot, lib, tmp_path):
    """Queries, refreshes and row data at 100,000 assets (no widget involved)."""
    from lectoure_media.core.library import normalize_root

    root = normalize_root(tmp_path / "big")
    for i in range(100_000):
        lib._put(
            lib._new_id(),
            {
                "path": f"{root}/{i // 1000:03d}/IMG_{i:06d}.JPG",
                "root": root,
                "kind": "photo",
                "format": "jpeg",
                "size": 1000 + i,
                "mtime_ns": i,
                "width": 4000,
                "height": 3000,
                "taken_at": f"20{10 + i % 15:02d}-01-01T00:00:00",
                "tags": {"business": ["A" if i % 2 else "B"]},
            },
        )
    model = AssetListModel(lib)
    model.set_filter(Filter())
    assert model.rowCount() == 100_000
    first = model.data(model.index(0, 0))
    assert first.startswith("IMG_")
    model.set_filter(Filter(business=["A"]))
    assert model.rowCount() == 50_000
    model.set_sort("name")
    assert model.data(model.index(0, 0)) == "IMG_000001.JPG"
    model.set_filter(Filter(business=["A"], text="img_0999"))
    assert model.rowCount() == 50


def test_qt_binding_keeps_none_alive(qapp):
    """PySide6 6.12.0 on Python 3.11 released a reference to None on every call of a method that returns
    nothing, and the app aborted after a few thousand calls; the pinned version must not."""
    import sys

    from PySide6.QtWidgets import QLabel

    # The count must be able to show a loss at all: from Python 3.12 None is immortal and its count never
    # moves, so a binding dropping references to it is harmless there and cannot be seen.
    before = sys.getrefcount(None)
    held = [None] * 1000
    visible = sys.getrefcount(None) - before >= 1000
    del held
    if visible:
        label = QLabel()
        before = sys.getrefcount(None)
        for _ in range(5000):
            label.setText("x")
        assert abs(sys.getrefcount(None) - before) < 100
    else:
        assert sys.version_info >= (3, 12)  # immortal None is the only reason the count can stay still
    # Either way the pin must keep the known-bad binding out, and the installed one must obey the pin.
    import tomllib
    from importlib.metadata import version
    from pathlib import Path

    from packaging.requirements import Requirement

    deps = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    pin = next(Requirement(d) for d in deps["project"]["dependencies"] if d.startswith("PySide6"))
    assert not pin.specifier.contains("6.12.0")
    assert pin.specifier.contains(version(pin.name))


def test_dropping_assets_on_a_facet_entry_tags_them(qtbot, window, lib, library_root):
    from PySide6.QtCore import QMimeData, QPointF, Qt
    from PySide6.QtGui import QDropEvent

    from lectoure_media.core import sidecar
    from lectoure_media.gui.models import MIME_ASSET_IDS

    populate(library_root)
    lib.scan(library_root)
    lib.ensure_entry("business", "Le Bistrot")
    window.root = str(library_root)
    window.facets.refresh()
    window._apply_filter()
    facet = window.facets.lists["business"]
    window.facets.toolbox.setCurrentWidget(facet)
    facet.resize(300, 300)
    ids = [int(lib.get_by_path(str(library_root / n))["id"]) for n in ("bistrot.jpg", "fontaine.jpg")]
    mime = QMimeData()
    mime.setData(MIME_ASSET_IDS, ",".join(map(str, ids)).encode())
    pos = facet.visualItemRect(facet.item(0)).center()
    event = QDropEvent(
        QPointF(pos), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    facet.dropEvent(event)
    assert sorted(shown_for(lib, business=["Le Bistrot"])) == ["bistrot.jpg", "fontaine.jpg"]
    assert lib.wait_sidecars()
    assert sidecar.read_sidecar(str(library_root / "fontaine.jpg")).tags["business"] == ["Le Bistrot"]
    window.undo_stack.undo()  # a drop is undoable like any tag edit
    assert shown_for(lib, business=["Le Bistrot"]) == []


def shown_for(lib, **flt):
    return [os.path.basename(d["path"]) for d in lib.query(Filter(**flt))]


def test_settings_dialog_saves_the_choices(qtbot, lib, tmp_path):
    from lectoure_media.gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(lib)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("fr"))
    dialog.poll.setValue(12.0)
    dialog.cache.setValue(500)
    dialog.credit.setText("Photo : Ville de Lectoure")
    dialog.accept()
    again, problems = load_settings(lib.data_dir)  # what the next start (GUI or CLI) reads
    assert problems == []
    assert again.language == "fr"
    assert float(again.poll_interval) == 12.0
    assert again.default_credit == "Photo : Ville de Lectoure"
    assert lib.thumb_max_bytes == 500_000_000


def test_window_geometry_and_thumbnail_size_are_remembered(qtbot, lib, tmp_path):
    from lectoure_media.gui.main_window import MainWindow

    ini = str(tmp_path / "settings.ini")
    first = MainWindow(lib, QSettings(ini, QSettings.Format.IniFormat))
    qtbot.addWidget(first)
    first.show()
    first.resize(640, 480)  # within the offscreen screen, which restoreGeometry clamps to
    QApplication.processEvents()
    # what the window took: not below its minimum width (the inspector's dock is never narrower than its content)
    size = (first.width(), first.height())
    assert size[1] == 480 and size[0] >= 640
    first.size_slider.setValue(250)
    first.close()
    second = MainWindow(lib, QSettings(ini, QSettings.Format.IniFormat))
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == size
    assert second.grid.delegate.thumb_size == 250


def test_recent_tags_survive_a_restart(qtbot, lib, tmp_path, library_root):
    from lectoure_media.gui.main_window import MainWindow

    populate(library_root)
    lib.scan(library_root)
    ini = str(tmp_path / "settings.ini")
    first = MainWindow(lib, QSettings(ini, QSettings.Format.IniFormat))
    qtbot.addWidget(first)
    ids = [int(lib.get_by_path(str(library_root / "bistrot.jpg"))["id"])]
    first.inspector.tag_ids(ids, "business", "Le Bistrot")
    first.inspector.tag_ids(ids, "keywords", "terrasse")
    first.close()
    second = MainWindow(lib, QSettings(ini, QSettings.Format.IniFormat))
    qtbot.addWidget(second)
    assert second.inspector.recent_tags() == [("keywords", "terrasse"), ("business", "Le Bistrot")]


DEMO_RUN = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def main():
    app = QApplication([sys.argv[0]])
    from lectoure_media import cli
    from lectoure_media.core import library as library_mod
    from lectoure_media.gui.main_window import MainWindow

    opened = []
    real_init = library_mod.Library.__init__

    def counting_init(self, *args, **kwargs):
        opened.append(self)
        real_init(self, *args, **kwargs)

    library_mod.Library.__init__ = counting_init
    seen = []

    def quit_once_the_window_shows_the_demo():
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if windows and windows[0].model.rowCount():
            seen.append(windows[0].model.rowCount())
            app.quit()  # not a closed window: the app must shut down cleanly either way
        else:
            QTimer.singleShot(20, quit_once_the_window_shows_the_demo)

    QTimer.singleShot(0, quit_once_the_window_shows_the_demo)
    hook = sys.excepthook
    rc = cli.main(["--data-dir", sys.argv[1], "--demo"])
    app.processEvents()  # what was still queued when the loop stopped (a scan result…) must find nothing open
    print(json.dumps({"rc": rc, "opened": len(opened), "closed": all(lib._closed for lib in opened),
                      "seen": seen, "hook_back": sys.excepthook is hook}))


if __name__ == "__main__":
    main()
"""


def test_demo_opens_the_catalog_once_and_releases_it_at_exit(tmp_path):
    """--demo makes the demo library with the catalog it opened, then hands that very Library to the window
    (opening it twice cost a second at 100,000 assets); quitting closes it, and a scan result still queued
    at exit does not start a watcher on the closed catalog. In its own process: once a QApplication's main
    loop has run, Qt ends every later event loop at once, which would break the tests after this one."""
    import json
    import subprocess
    import sys

    from lectoure_media.core.library import Library

    script = tmp_path / "demo_run.py"
    script.write_text(DEMO_RUN, encoding="utf-8")
    data = tmp_path / "d"
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=os.pathsep.join(filter(None, [repo, os.environ.get("PYTHONPATH")])),
    )
    proc = subprocess.run(
        [sys.executable, str(script), str(data)], capture_output=True, text=True, timeout=300, env=env, cwd=repo
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "Erreur" not in proc.stderr, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report == {"rc": 0, "opened": 1, "closed": True, "seen": [25], "hook_back": True}
    with Library(data, read_only=False) as again:  # the writer lock was let go
        assert len(again.query()) == 25


def test_after_a_failed_first_scan_the_watcher_polls_at_the_users_interval(qtbot, window, tmp_path):
    """The share is out of reach at start: the scan fails, the watcher retries — at the chosen interval."""
    window.library.update_settings(poll_interval=7.5)
    window.open_root(str(tmp_path / "share-not-mounted"))
    qtbot.waitUntil(lambda: window._watch is not None, timeout=30_000)
    assert window._watch.watcher.poll_interval == 7.5


def test_settings_kept_in_qsettings_by_earlier_versions_move_to_the_data_dir_once(lib, tmp_path):
    from lectoure_media.gui.settings_dialog import migrate_qsettings

    own = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)  # the data dir's (Paramètres)
    user = QSettings(str(tmp_path / "user.ini"), QSettings.Format.IniFormat)  # the export dialog's, per user
    own.setValue("ui/language", "fr")
    user.setValue("watch/poll_interval", 12.0)
    own.setValue("thumbs/max_mb", "500")
    own.setValue("export/credit", "Photo : Ville de Lectoure")
    own.setValue("window/geometry", b"kept")
    user.setValue("export/credit", "not this one: the data dir's own value wins")
    user.setValue("export/folder", str(tmp_path / "exports"))
    user.setValue("export/template", "{date}_{name}")
    user.setValue("export/presets", "tiktok")
    user.setValue("export/trim", True)
    user.setValue("export/fit", "false")
    user.setValue("export/logo", "")
    own.sync()
    user.sync()
    own.setValue("export/template", "{broken")  # refused by core: the next store's value is taken instead
    own.setValue("watch/poll_interval", "often")  # unreadable: dropped
    own.sync()

    moved = migrate_qsettings(lib, own, user)

    s = lib.settings()
    assert (s.language, s.poll_interval, s.thumb_cache_mb, s.default_credit) == (
        "fr",
        12.0,
        500,
        "Photo : Ville de Lectoure",
    )
    assert (s.export_folder, s.export_presets, s.export_trim, s.export_fit, s.export_logo) == (
        str(tmp_path / "exports"),
        ("tiktok",),
        True,
        False,
        "",
    )
    assert s.name_template == "{date}_{name}"
    # every setting of the QSettings era moved (those added since never lived in QSettings: nothing to migrate)
    newer = {
        "rights_strict",
        "export_credit",
        "coverage_months",
        "export_captions",
        "export_format_set",
        "news_seen_at",
    }
    assert set(moved) == set(s.to_json()) - newer and lib.thumb_max_bytes == 500_000_000
    reread = [QSettings(str(tmp_path / n), QSettings.Format.IniFormat) for n in ("settings.ini", "user.ini")]
    assert [sorted(q.allKeys()) for q in reread] == [["window/geometry"], []]
    assert load_settings(lib.data_dir)[0] == s
    # once: a later start finds nothing to move and changes nothing
    lib.update_settings(default_credit="Mairie")
    assert migrate_qsettings(lib, *reread) == {} and lib.settings().default_credit == "Mairie"


def test_a_hand_edited_old_settings_file_migrates_its_texts_whole(lib, tmp_path):
    from lectoure_media.gui.settings_dialog import migrate_qsettings

    ini = tmp_path / "settings.ini"
    ini.write_text("[export]\ncredit=Photo, Ville de Lectoure\npresets=tiktok, facebook-post\n", encoding="utf-8")
    moved = migrate_qsettings(lib, QSettings(str(ini), QSettings.Format.IniFormat))
    assert moved == {"default_credit": "Photo, Ville de Lectoure", "export_presets": ["tiktok", "facebook-post"]}
    assert lib.settings().default_credit == "Photo, Ville de Lectoure"
