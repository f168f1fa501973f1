"""Start the desktop app: QApplication, French/English translation, the main window, first run, self-test."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from pathlib import Path
from typing import cast

log = logging.getLogger(__name__)


def _prefer_offscreen_without_display() -> None:
    if (
        os.name != "nt"
        and sys.platform != "darwin"
        and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def ui_language(chosen: str) -> str:
    """'fr' or 'en': `chosen` (the settings' language) if the user chose one, else French on a French
    system, English otherwise."""
    from PySide6.QtCore import QLocale

    if chosen in ("fr", "en"):
        return chosen
    env = os.environ.get("LANGUAGE", "").split(":")[0] or os.environ.get("LC_ALL", "") or os.environ.get("LANG", "")
    if env:
        return "fr" if env.lower().startswith("fr") else "en"
    return "fr" if QLocale.system().language() == QLocale.Language.French else "en"


def install_translator(app, language: str):
    """Load the compiled translation of the interface language (built from resources/translations/*.ts by
    the set-up step): French, complete; English, only the plural forms ("1 asset" / "2 assets": the
    source strings are English already, but "%n asset(s)" needs a translation to choose)."""
    from PySide6.QtCore import QTranslator

    if language not in ("fr", "en"):
        return None
    from ..resources import resource_path

    translator = QTranslator(app)
    try:
        qm = resource_path("translations", f"lectoure_media_{language}.qm")
    except FileNotFoundError:
        log.warning("translation %s not built (run the set-up: python3 dev.py app)", language)
        return None
    if translator.load(str(qm)):
        app.installTranslator(translator)
    if language == "fr":
        install_qt_translations(app)
    return translator


def qt_translations_dirs() -> list[Path]:
    """Where Qt's own .qm files may be: Qt's configured folder, else PySide6's (a frozen app's Qt may not
    know where the bundler put them)."""
    from PySide6.QtCore import QLibraryInfo

    dirs = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    try:
        import PySide6

        base = Path(PySide6.__file__).parent
        dirs += [base / "Qt" / "translations", base / "translations"]
    except (ImportError, TypeError):  # a frozen app without PySide6's file: Qt's folder only
        pass
    return dirs


def install_qt_translations(app) -> list:
    """French for Qt's own strings (standard buttons, file and message dialogs): PySide6's qtbase_fr, then
    resources/translations/qt_complement_fr.qm for the few strings qtbase_fr leaves in English ("Look in:",
    "Files of type:"). Qt asks the translator installed last first, so qtbase_fr answers what it knows.
    Returns the translators installed (the log says when qtbase_fr is missing)."""
    from PySide6.QtCore import QTranslator

    from ..resources import resource_path

    loaded = []
    try:
        complement = QTranslator(app)
        if complement.load(str(resource_path("translations", "qt_complement_fr.qm"))):
            app.installTranslator(complement)
            loaded.append(complement)
    except FileNotFoundError:
        log.warning("translation qt_complement_fr not built (run the set-up: python3 dev.py app)")
    for folder in qt_translations_dirs():
        qt_translator = QTranslator(app)
        if (folder / "qtbase_fr.qm").is_file() and qt_translator.load("qtbase_fr", str(folder)):
            app.installTranslator(qt_translator)
            loaded.append(qt_translator)
            break
    else:
        log.warning("Qt's French translation (qtbase_fr.qm) not found in %s", qt_translations_dirs())
    return loaded


def _install_excepthook(window_getter) -> None:
    """No traceback ever reaches the user: log it and show one sentence."""

    def hook(exc_type, exc, tb):
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        try:
            from PySide6.QtCore import QCoreApplication
            from PySide6.QtWidgets import QMessageBox

            from .text import fill

            QMessageBox.critical(
                window_getter(),
                QCoreApplication.translate("App", "Unexpected error"),
                fill(QCoreApplication.translate("App", "Something went wrong: %1\nDetails are in the log file."), exc),
            )
        except Exception:  # noqa: BLE001 -- the last resort of the excepthook: no GUI left to show it, the log has it
            pass

    sys.excepthook = hook


def run_app(args, demo_root=None, self_test_root=None, library=None) -> int:
    """Open the main window; `library`, when the caller already opened it (--demo, --self-test: they made
    the demo with it), is used rather than opened a second time (at 100,000 assets an open costs a second)
    and closed at the end like one opened here."""
    from ..core import Library, LibraryError, default_data_dir

    if self_test_root is not None:
        _prefer_offscreen_without_display()
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    # The GUI process only ever makes a QApplication (here or in the tests' fixture), so an existing
    # instance is one: the stubs type instance() as the base QCoreApplication.
    app = cast(QApplication, existing) if existing is not None else QApplication([sys.argv[0]])
    app.setApplicationName("Lectoure Media")
    app.setOrganizationName("Lectoure")
    app.setDesktopFileName("lectoure-media")  # matches the .desktop entry (Wayland task bars)
    from .theme import apply_theme

    apply_theme(app)  # one light theme, one accent colour (gui/theme.py)
    from PySide6.QtGui import QIcon

    from ..resources import resource_path

    try:
        app.setWindowIcon(QIcon(str(resource_path("icons", "lectoure-media-256.png"))))
    except FileNotFoundError:
        log.warning("application icon missing")
    data_dir = Path(getattr(args, "data_dir", None) or default_data_dir())
    # Window geometry and view state; the engine's settings (language, polling, cache, export choices)
    # are the library's (settings.json in the data dir), shared with the CLI.
    settings = QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)
    if library is None:
        try:
            library = Library(data_dir)
        except LibraryError as exc:
            # Started from a desktop icon, nobody reads stderr: say it in a window (read-only or full data
            # folder, a catalog of a newer version, …), then stop. The system's language, since the
            # library's settings could not be read.
            from PySide6.QtCore import QCoreApplication
            from PySide6.QtWidgets import QMessageBox

            log.error("catalog not opened: %s", exc)
            install_translator(app, ui_language(""))
            QMessageBox.critical(None, QCoreApplication.translate("App", "The catalog cannot be opened"), str(exc))
            return 1
    from .settings_dialog import migrate_qsettings

    try:  # earlier versions kept them in QSettings: this data dir's file, and the user's (export dialog)
        migrate_qsettings(library, settings, QSettings())
    except LibraryError as exc:
        log.warning("old settings not migrated yet: %s", exc)
        library.messages.append(str(exc))
    install_translator(app, ui_language(library.settings().language))
    from .main_window import MainWindow

    window = MainWindow(library, settings)
    previous_hook = sys.excepthook
    _install_excepthook(lambda: window)
    root = demo_root or self_test_root or settings.value("library/root")
    try:
        if self_test_root is not None:
            return _self_test(app, window, str(self_test_root))
        window.show()
        if root and os.path.isdir(str(root)):
            window.open_root(str(root))
        else:
            window.first_run(demo_available=demo_root is None)
        return app.exec()
    finally:
        from .commands import wait_for_tag_edits

        wait_for_tag_edits()  # tag edits of large selections still running on their worker
        window.shutdown()
        library.close()
        sys.excepthook = previous_hook  # a caller in the same process (tests) gets its own back
        _release_clipboard(app)


def _release_clipboard(app) -> None:
    """Files or a picture copied from the app: Qt frees that data at exit while PySide6 may free it too,
    and the process would crash on the way out. Let go of it first (the copy lasts while the app runs)."""
    clipboard = app.clipboard()
    if clipboard.ownsClipboard():
        clipboard.clear()


def _self_test(app, window, root: str) -> int:
    """Build the window, load ROOT, render once; 'self-test ok' when the grid shows the library."""
    from PySide6.QtCore import QDeadlineTimer, QElapsedTimer

    window.open_root(root, watch=False)
    window.show()
    timer = QElapsedTimer()
    timer.start()
    while not window.wait_for_scan(0.02) and timer.elapsed() < 120_000:
        app.processEvents()
    app.processEvents()
    window.model.refresh()
    rows = window.model.rowCount()
    window.model.wait_for_thumbnails(int(QDeadlineTimer(10_000).remainingTime()))
    app.processEvents()
    image = window.grab()
    window.close()
    if rows == 0 or image.isNull():
        print(f"self-test failed: {rows} assets shown", file=sys.stderr)
        return 1
    print(f"self-test ok ({rows} assets shown)")
    return 0
