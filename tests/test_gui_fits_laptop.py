"""Every dialog fits a 1366×768 laptop screen, at 100 % and at 125 % scaling (issue 13, item 4).

Each case runs in a child process whose Qt offscreen platform has one 1366×768 screen (its JSON
`configfile`), with QT_SCALE_FACTOR=1.25 for the second case (1093×614 logical pixels): the test process's own
QApplication cannot change its screen. The child opens each dialog over the main window, as the menus do, and
reports the dialog's frame, the screen's available area and every visible button's place; the checks are
made here. A Windows task bar takes ~40 px: the children's screen reserves it (available area 728 px high)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.media_factory import make_jpeg, make_video

pytestmark = pytest.mark.timeout(240)

ROOT = Path(__file__).resolve().parents[1]
TASKBAR = 40

CHILD = textwrap.dedent(
    """
    import json, sys
    from PySide6.QtCore import QPoint, QRect, QSettings
    from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox
    from lectoure_media.core.library import Library

    def main():
        data_dir, root, out = sys.argv[1:4]
        app = QApplication([])
        screen = app.primaryScreen()
        lib = Library(data_dir, probe_workers=1)
        lib.scan(root)
        long_name = "Boulangerie-pâtisserie artisanale du Centre historique de Lectoure, place du Général-de-Gaulle"
        lib.tag([a["path"] for a in lib.query()], add={"business": [long_name]})
        ids = [int(a["id"]) for a in lib.query()]

        from lectoure_media.gui.main_window import MainWindow
        window = MainWindow(lib, QSettings(data_dir + "/ui.ini", QSettings.Format.IniFormat))
        window.showMaximized()
        app.processEvents()

        def report(dialog):
            dialog.show()
            for _ in range(5):
                app.processEvents()
            frame = dialog.frameGeometry()
            inside = dialog.rect()
            buttons = []
            for b in dialog.findChildren(QAbstractButton):
                if not b.isVisibleTo(dialog) or b.width() == 0:
                    continue
                # Buttons inside a scroll area are reachable by scrolling: the dialog's own ones must show.
                top = b.mapTo(dialog, QPoint(0, 0))
                r = QRect(top, b.size())
                scrolled = any(p.metaObject().className() == "QScrollArea" for p in _ancestors(b, dialog))
                buttons.append({"text": b.text() or b.toolTip() or b.objectName(), "inside": inside.contains(r),
                                "scrolled": scrolled})
            extra = {}
            if hasattr(dialog, "preset_list"):
                bar = dialog.preset_list.horizontalScrollBar()
                extra["preset_list_hscroll"] = bar.isVisible() and bar.maximum() > 0
            result = {
                "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
                "min": [dialog.minimumSizeHint().width(), dialog.minimumSizeHint().height()],
                "buttons": buttons,
                **extra,
            }
            dialog.hide()
            return result

        def _ancestors(widget, stop):
            p = widget.parentWidget()
            while p is not None and p is not stop:
                yield p
                p = p.parentWidget()

        results = {}
        from lectoure_media.gui.export_dialog import ExportDialog
        results["export"] = report(ExportDialog(lib, ids, window))
        from lectoure_media.gui.crop_editor import CropEditor
        results["crop editor"] = report(CropEditor(lib, ids[0], window))
        from lectoure_media.gui.registries import RegistriesDialog
        results["registries"] = report(RegistriesDialog(lib, window))
        from lectoure_media.gui.settings_dialog import SettingsDialog
        results["settings"] = report(SettingsDialog(lib, window))
        results["first run"] = report(window.first_run_box(demo_available=True))
        avail = screen.availableGeometry()
        window_frame = window.frameGeometry()
        facet = window.facets.lists["business"]
        bar = facet.horizontalScrollBar()
        results["facets"] = {"hscroll": bar.isVisible() and bar.maximum() > 0,
                             "tooltip": facet.item(0).toolTip() if facet.count() else ""}
        from PySide6.QtWidgets import QToolBar
        overflow = []  # toolbar controls pushed into the toolbar's extension menu: not seen at a glance
        for tb in window.findChildren(QToolBar):
            for act in tb.actions():
                if act.isSeparator() or not act.isVisible():
                    continue
                w = tb.widgetForAction(act)
                if w is not None and not w.isVisible():
                    overflow.append(act.text() or w.objectName())
        inside = window.rect()
        controls = {}
        for name, w in (("rights filter", window.rights_box), ("rating filter", window.picks.filter_box),
                        ("publication filter", window.publog_filter), ("search", window.search),
                        ("sort order", window.sort_box)):
            r = QRect(w.mapTo(window, QPoint(0, 0)), w.size())
            controls[name] = w.isVisible() and inside.contains(r)
        from PySide6.QtWidgets import QScrollArea
        window.inspector.set_selection(ids[:1])  # the rights panel's lists filled: its widest state
        for _ in range(5):
            app.processEvents()
        area = window.inspector.findChildren(QScrollArea)[0]
        # The inspector's content never wider than what its dock shows (the bar used to cover its right edge).
        controls["inspector content"] = area.widget().minimumSizeHint().width() <= area.viewport().width()
        results["main window"] = {
            "frame": [window_frame.x(), window_frame.y(), window_frame.width(), window_frame.height()],
            "min": [window.minimumSizeHint().width(), window.minimumSizeHint().height()], "buttons": [],
            "overflow": overflow, "controls": controls,
        }
        json.dump({"available": [avail.x(), avail.y(), avail.width(), avail.height()], "dialogs": results},
                  open(out, "w"))
        window.shutdown()
        lib.close()


    if __name__ == "__main__":
        main()
    """
)


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    root = tmp_path_factory.mktemp("fit") / "Photos"
    make_jpeg(root / "halle.jpg", size=(1600, 1200), taken_at="2024:05:01 10:00:00")
    make_jpeg(root / "tour.jpg", size=(1200, 1600), taken_at="2024:05:02 10:00:00")
    make_video(root / "clip.mp4", size=(320, 240), seconds=0.5)
    return root


@pytest.mark.parametrize("scale", ["1", "1.25"])
def test_every_dialog_fits_a_laptop_screen_with_its_buttons(tmp_path, media, scale):
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {
                "synchronousWindowSystemEvents": False,
                "windowFrameMargins": True,
                "screens": [
                    {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96, "dpr": 1}
                ],
            }
        )
    )
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    out = tmp_path / "result.json"
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=f"offscreen:configfile={config}",
        QT_SCALE_FACTOR=scale,
        PYTHONPATH=str(ROOT),
        LANG="fr_FR.UTF-8",
    )
    env.pop("LECTOURE_MEDIA_DATA_DIR", None)
    proc = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "data"), str(media), str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=200,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    data = json.loads(out.read_text())
    ax, ay, aw, ah = data["available"]
    expected = (1366, 768) if scale == "1" else (1093, 614)
    assert (aw, ah) == expected
    usable_h = ah - TASKBAR  # what a Windows laptop leaves above its task bar
    problems = []
    facets = data["dialogs"].pop("facets")
    assert not facets["hscroll"] and facets["tooltip"].startswith("Boulangerie-pâtisserie artisanale du Centre")
    for name, d in data["dialogs"].items():
        x, y, w, h = d["frame"]
        if name == "main window":  # maximized: it takes the whole available area, its minimum must fit
            if d["min"][0] > aw or d["min"][1] > usable_h:
                problems.append(f"{name}: minimum size {d['min']} larger than the screen")
            if scale == "1" and d["overflow"]:  # at 125 % a toolbar may overflow into its » menu
                problems.append(f"{name}: toolbar controls hidden in the overflow menu: {d['overflow']}")
            if scale == "1":  # at 125 % (1093 px) the filter bar's end is reached through its » menu
                problems += [f"{name}: {c} not visible" for c, seen in d["controls"].items() if not seen]
            else:
                problems += [
                    f"{name}: {c} not visible"
                    for c in ("search", "rights filter", "rating filter")
                    if not d["controls"][c]
                ]
            continue
        if x < ax or y < ay or x + w > ax + aw or y + h > ay + ah or h > usable_h:
            problems.append(f"{name}: frame {d['frame']} outside {data['available']} (usable height {usable_h})")
        if d["min"][0] > aw or d["min"][1] > usable_h:
            problems.append(f"{name}: minimum size {d['min']} larger than the screen")
        for b in d["buttons"]:
            if not b["inside"] and not b["scrolled"]:
                problems.append(f"{name}: button {b['text']!r} cut off")
        if d.get("preset_list_hscroll"):
            problems.append(f"{name}: the format list scrolls sideways")
    assert not problems, "\n".join(problems)
    assert data["dialogs"]["export"]["buttons"], "the probe saw no button at all"
