"""Screenshots of the main screens on the demo library, in French, for the README and the user guide.

Run: .venv/bin/python docs/screenshots/make_screenshots.py   (offscreen: no display needed)
Writes main-window.png, coverage-view.png, crop-editor.png, crop-editor-video.png, export-dialog.png,
registries.png next to this script.
"""

from __future__ import annotations

import functools
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LANGUAGE"] = os.environ.get("SCREENSHOT_LANG", "fr")


def main() -> int:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from lectoure_media.core.demo import ensure_demo_library
    from lectoure_media.core.library import Library
    from lectoure_media.gui.app import install_translator, ui_language

    app = QApplication([sys.argv[0]])
    data = Path(tempfile.mkdtemp(prefix="lm-shots-"))
    settings = QSettings(str(data / "settings.ini"), QSettings.Format.IniFormat)
    install_translator(app, ui_language(settings))
    from lectoure_media.gui.theme import apply_theme

    apply_theme(app)  # as the app does (gui/app.py)
    lib = Library(data)
    root = ensure_demo_library(lib, data / "demo")
    lib.wait_sidecars()

    from lectoure_media.gui.main_window import MainWindow

    win = MainWindow(lib, settings)
    win.resize(1500, 900)
    win.show()
    win.open_root(str(root), watch=False)
    while win._scan_task is not None:
        app.processEvents()
        win._scan_task and win._scan_task.done.wait(0.02)
    win.model.refresh()
    from PySide6.QtCore import QItemSelectionModel

    win.grid.setCurrentIndex(win.model.index(0, 0))
    for row in (1, 2):
        win.grid.selectionModel().select(win.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select)
    win.model.wait_for_thumbnails(10_000)
    for _ in range(50):
        app.processEvents()
    win.inspector.wait_for_preview(5000) if hasattr(win.inspector, "wait_for_preview") else None
    for _ in range(20):
        app.processEvents()
    # The watcher's status as the app shows it (the folder is not watched in this script: it scans once).
    from lectoure_media.core.watch import WatchMode, WatchStatus

    win.bridge.on_status(
        WatchStatus(state="watching", mode=WatchMode.NATIVE, message="Surveillance du dossier", retry_in=None)
    )
    app.processEvents()
    win.grab().save(str(HERE / "main-window.png"))
    print("main-window.png")

    ids = win.selected_ids()
    # The coverage view at 1366 × 768 (the officers' laptops), after two photos were exported.
    photos = [d["path"] for d in lib.query() if d["kind"] == "photo" and d["tags"].get("business")][:2]
    lib.export(photos, ["instagram-portrait"], str(data / "exports"), workers=1)
    geometry = win.saveGeometry()
    win.resize(1366, 768)
    win.toggle_coverage(True)
    for _ in range(500):
        app.processEvents()
        if win.coverage_view.report is not None and not win.coverage_view.is_busy():
            break
        win.thread().msleep(20)
    for _ in range(30):
        app.processEvents()
    win.grab().save(str(HERE / "coverage-view.png"))
    print("coverage-view.png")
    win.toggle_coverage(False)
    win.restoreGeometry(geometry)
    shots = []
    from lectoure_media.gui.crop_editor import CropEditor

    photo = next(i for i in ids if lib.asset(i)["kind"] == "photo")
    editor = CropEditor(lib, photo, win)
    editor.resize(1300, 820)
    shots.append((editor, "crop-editor.png", getattr(editor, "imageReady", None)))
    clip = next(d["id"] for d in lib.query() if d["kind"] == "video")  # on its poster frame, automatic frame
    video_editor = CropEditor(lib, int(clip), win)
    video_editor.resize(1300, 820)
    shots.append((video_editor, "crop-editor-video.png", getattr(video_editor, "imageReady", None)))
    try:
        from lectoure_media.gui.export_dialog import ExportDialog

        dialog = ExportDialog(lib, ids, win)
        dialog.set_checked_presets(["instagram-portrait", "tiktok", "facebook-post"])
        dialog.resize(900, 700)
        shots.append((dialog, "export-dialog.png", None))
    except ImportError:
        pass
    from lectoure_media.gui.registries import RegistriesDialog

    registries = RegistriesDialog(lib, win)
    registries.resize(1000, 680)
    shots.append((registries, "registries.png", None))
    for widget, name, ready in shots:
        widget.show()
        if ready is not None:
            loop_done = {"ok": False}
            ready.connect(functools.partial(loop_done.__setitem__, "ok", True))
            timer = QTimer()
            timer.start(20)
            for _ in range(500):
                app.processEvents()
                if loop_done["ok"] or (hasattr(widget, "is_loading") and not widget.is_loading()):
                    break
                widget.thread().msleep(20)
        for _ in range(30):
            app.processEvents()
        widget.grab().save(str(HERE / name))
        widget.close()
        print(name)
    win.close()
    lib.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
