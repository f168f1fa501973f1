"""Screenshots of the main window on the demo library, for docs/screenshots (see DESKTOP-TESTING.md).

    Xvfb :137 -screen 0 1366x768x24 &
    DISPLAY=:137 LANG=fr_FR.UTF-8 LANGUAGE=fr python docs/screenshots/shoot.py OUT_PREFIX [--export]

Builds the demo library in a temporary data dir, shows the main window maximized with the first photo
selected, and captures the whole X screen with xwd (the window manager-less Xvfb screen: the window fills
it). With --export, the export dialog ("Publier…") over it too. Works on any version of the app that has
MainWindow(library, settings) and ensure_demo_library."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication


def capture(path: str) -> None:
    xwd = subprocess.run(["xwd", "-root", "-silent"], capture_output=True, check=True).stdout
    subprocess.run(["convert-im6.q16", "xwd:-", path], input=xwd, check=True)


def main() -> None:
    prefix = sys.argv[1]
    with_export = "--export" in sys.argv
    app = QApplication(sys.argv[:1])
    from lectoure_media.gui import app as gui_app

    if hasattr(gui_app, "install_translator"):
        gui_app.install_translator(app, "fr")
    theme = None
    try:
        from lectoure_media.gui import theme as theme_mod

        theme = theme_mod
    except ImportError:
        pass
    if theme is not None:
        theme.apply_theme(app)
    from lectoure_media.core import ensure_demo_library
    from lectoure_media.core.library import Library
    from lectoure_media.gui.main_window import MainWindow

    data = Path(tempfile.mkdtemp(prefix="lm-shots-"))
    lib = Library(data / "data")
    root = ensure_demo_library(lib, data / "demo")
    window = MainWindow(lib, QSettings(str(data / "ui.ini"), QSettings.Format.IniFormat))
    # No window manager under Xvfb: "maximized" is the screen's whole area, set by hand.
    window.setGeometry(app.primaryScreen().availableGeometry())
    window.show()
    window.open_root(str(root), watch=False)

    def when_scanned() -> None:
        if window._scan_task is not None:
            QTimer.singleShot(200, when_scanned)
            return
        index = window.model.index(0, 0)
        window.grid.setCurrentIndex(index)
        QTimer.singleShot(2500, shoot)

    def shoot() -> None:
        capture(f"{prefix}.png")
        if with_export:
            from lectoure_media.gui.export_dialog import ExportDialog

            lib.update_settings(export_presets=["instagram-portrait", "instagram-story", "facebook-post", "tiktok"])
            # The last credit typed is remembered since issue 13 only: an older version refuses the name.
            with contextlib.suppress(Exception):
                lib.update_settings(export_credit="Photo : Ville de Lectoure")

            dialog = ExportDialog(lib, window.selected_ids(), window)
            dialog.show()
            QTimer.singleShot(3000, lambda: (capture(f"{prefix}-export.png"), dialog.done(0), finish()))
        else:
            finish()

    def finish() -> None:
        window.shutdown()
        lib.close()
        app.quit()

    QTimer.singleShot(500, when_scanned)
    app.exec()


if __name__ == "__main__":
    main()
