"""The French translation: complete in the .ts, and really shown by the main screens (pytest-qt, offscreen).

The .qm is compiled here from resources/translations/lectoure_media_fr.ts with the lrelease of the running
venv, so a stale or missing .qm built elsewhere can neither hide nor cause a failure.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QSettings, Qt, QTranslator
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTabWidget,
    QToolBox,
    QTreeWidget,
    QWidget,
)

from lectoure_media.core.library import Library
from tests.media_factory import make_jpeg

pytestmark = pytest.mark.timeout(120)

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "lectoure_media_fr.ts"

# Texts that are the same in French as in English: proper names, words French shares, pure formats.
# Every message translated by a copy of its source must be listed here (test_every_message_is_translated),
# and only these may appear on screen equal to an English source.
SAME_IN_FRENCH = {
    "Lectoure Media",
    "OK",
    "Instagram",
    "Facebook",
    "TikTok",
    "LinkedIn",
    "YouTube",
    "X",
    "Français",
    "English",
    "Photos",
    "Portrait",
    "Date",
    "Dimensions",
    "Format",
    "Formats",
    "Logo",
    "Latitude",
    "Longitude",
    "© Ville de Lectoure",
    "Images (*.png *.webp *.jpg *.jpeg *.tif *.tiff)",
    "%1 (%2/%3)",
    "%1 × %2 pixels",
}
# %1…%99, %n (plural count), %p (QProgressBar percentage), {field} and {field:format} (file-name templates)
PLACEHOLDER = re.compile(r"%(?:\d{1,2}|n|p)|\{[A-Za-z_][A-Za-z0-9_]*(?::[^{}]*)?\}")
SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """A shown text as compared with the sources: no mnemonic '&', no-break spaces as spaces, trimmed."""
    return SPACES.sub(
        " ", text.replace("&&", "\0").replace("&", "").replace("\0", "&").replace("\u00a0", " ").replace("\u202f", " ")
    ).strip()


def read_ts(path: Path = TS) -> ET.ElementTree:
    return ET.parse(path)


def messages(tree: ET.ElementTree) -> Iterator[tuple[str, ET.Element]]:
    for context in tree.getroot().iter("context"):
        for message in context.iter("message"):
            yield context.findtext("name") or "", message


def english_sources(tree: ET.ElementTree) -> set[str]:
    """Every English source, normalised, except those French writes the same way."""
    sources = {normalize(m.findtext("source") or "") for _ctx, m in messages(tree)}
    return {s for s in sources if s and s not in SAME_IN_FRENCH}


def compile_qm(ts: Path, qm: Path) -> Path:
    exe = "pyside6-lrelease.exe" if os.name == "nt" else "pyside6-lrelease"
    lrelease = Path(sys.executable).parent / exe
    assert lrelease.exists(), f"{lrelease} is missing: PySide6 is not installed in this environment"
    done = subprocess.run([str(lrelease), str(ts), "-qm", str(qm)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert qm.stat().st_size > 1000
    return qm


@pytest.fixture(scope="module")
def french_qm(tmp_path_factory) -> Path:
    return compile_qm(TS, tmp_path_factory.mktemp("qm") / "lectoure_media_fr.qm")


def _install(qapp, qm: Path) -> list[QTranslator]:
    """Like app.install_translator: ours, then Qt's own (standard buttons of the dialogs)."""
    ours = QTranslator(qapp)
    assert ours.load(str(qm)), f"{qm} could not be loaded"
    installed = [ours]
    qt_own = QTranslator(qapp)
    if qt_own.load("qtbase_fr", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        installed.append(qt_own)
    for translator in installed:
        assert qapp.installTranslator(translator)
    return installed


@contextlib.contextmanager
def installed_translation(qapp, qm: Path) -> Iterator[None]:
    """The translation of `qm` (and Qt's own French) installed for the block, removed after it."""
    installed = _install(qapp, qm)
    try:
        yield
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)


@pytest.fixture
def french(qapp, french_qm) -> Iterator[None]:
    with installed_translation(qapp, french_qm):
        yield


@pytest.fixture
def lib(tmp_path) -> Iterator[Library]:
    library = Library(tmp_path / "data", probe_workers=1)
    yield library
    library.wait_sidecars(30)
    library.close()


@pytest.fixture
def photos(tmp_path, lib) -> list[int]:
    """Two real JPEGs, scanned; the first is tagged with a business."""
    root = tmp_path / "Photos"
    a = make_jpeg(
        root / "cathedrale.jpg", size=(400, 300), taken_at="2024:05:01 10:00:00", seed=1, gps=(43.93392, 0.62395, None)
    )  # at the cathedral: the inspector suggests the site
    make_jpeg(root / "bistrot.jpg", size=(300, 400), taken_at="2024:06:01 10:00:00", seed=2)
    lib.scan(root)
    lib.tag([str(a)], add={"business": ["Le Bistrot"]})
    return sorted(lib.query_ids(), key=lambda i: lib.asset(i)["path"])


# -------------------------------------------------------------------------------- walking the widgets
def _action_texts(action: QAction, seen: set[int]) -> Iterator[tuple[str, str]]:
    if id(action) in seen:
        return
    seen.add(id(action))
    yield "QAction.text", action.text()
    yield "QAction.toolTip", action.toolTip()
    yield "QAction.statusTip", action.statusTip()
    menu = action.menu()
    if menu is not None:
        yield from _menu_texts(menu, seen)


def _menu_texts(menu: QMenu, seen: set[int]) -> Iterator[tuple[str, str]]:
    yield "QMenu.title", menu.title()
    for action in menu.actions():
        yield from _action_texts(action, seen)


def _widget_texts(w: QWidget, seen_actions: set[int]) -> Iterator[tuple[str, str]]:
    yield "toolTip", w.toolTip()
    yield "accessibleName", w.accessibleName()
    yield "statusTip", w.statusTip()
    if w.isWindow() or isinstance(w, QDockWidget):
        yield "windowTitle", w.windowTitle()
    painted = getattr(w, "text", None)  # widgets that paint a line themselves keep it in `text` (Preview)
    if isinstance(painted, str):
        yield "painted text", painted
    if isinstance(w, QLabel):
        yield "QLabel.text", w.text()
    if isinstance(w, QAbstractButton):
        yield "QAbstractButton.text", w.text()
    if isinstance(w, QLineEdit):
        yield "QLineEdit.placeholderText", w.placeholderText()
    if isinstance(w, QComboBox):
        for i in range(w.count()):
            yield "QComboBox.itemText", w.itemText(i)
    if isinstance(w, QGroupBox):
        yield "QGroupBox.title", w.title()
    if isinstance(w, QTabWidget):
        for i in range(w.count()):
            yield "QTabWidget.tabText", w.tabText(i)
            yield "QTabWidget.tabToolTip", w.tabToolTip(i)
    if isinstance(w, QToolBox):
        for i in range(w.count()):
            yield "QToolBox.itemText", w.itemText(i)
            yield "QToolBox.itemToolTip", w.itemToolTip(i)
    if isinstance(w, QAbstractSpinBox):
        yield "QAbstractSpinBox.specialValueText", w.specialValueText()
        for attr in ("suffix", "prefix"):
            if hasattr(w, attr):
                yield f"QAbstractSpinBox.{attr}", getattr(w, attr)()
    if isinstance(w, QTreeWidget):
        header = w.headerItem()
        for column in range(header.columnCount()):
            yield "QTreeWidget.header", header.text(column)
    if isinstance(w, QMenu):
        yield from _menu_texts(w, seen_actions)
    if isinstance(w, QMainWindow):
        yield "statusBar.currentMessage", w.statusBar().currentMessage()
        for action in w.menuBar().actions():
            yield from _action_texts(action, seen_actions)
    if isinstance(w, QAbstractItemView) and not isinstance(w, QTreeWidget):
        model = w.model()
        if model is not None and model.rowCount() < 200:  # short fixed lists (formats, facets), not the grid
            for row in range(model.rowCount()):
                index = model.index(row, 0)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.data(index, role)
                    yield f"item.{role.name}", value if isinstance(value, str) else ""
    for action in w.actions():
        yield from _action_texts(action, seen_actions)


def shown_texts(*tops: QWidget) -> list[tuple[str, str, str]]:
    """(widget class/object name, property, text) of every text a person can see in these windows."""
    out: list[tuple[str, str, str]] = []
    seen_actions: set[int] = set()
    for top in tops:
        for w in [top, *top.findChildren(QWidget)]:
            where = f"{type(w).__name__}#{w.objectName()}" if w.objectName() else type(w).__name__
            for prop, text in _widget_texts(w, seen_actions):
                if text and text.strip():
                    out.append((where, prop, text))
    return out


def untranslated(texts: list[tuple[str, str, str]], sources: set[str]) -> list[tuple[str, str, str]]:
    return [(where, prop, text) for where, prop, text in texts if normalize(text) in sources]


def mnemonic_clashes(texts: list[str]) -> dict[str, list[str]]:
    """Accelerator letters used more than once among these texts."""
    by_key: dict[str, list[str]] = {}
    for text in texts:
        m = re.search(r"&([^&\s])", text.replace("&&", ""))
        if m:
            by_key.setdefault(m.group(1).casefold(), []).append(text)
    return {k: v for k, v in by_key.items() if len(v) > 1}


# -------------------------------------------------------------------------------- the .ts itself
def test_the_ts_is_french_from_english():
    root = read_ts().getroot()
    assert root.get("language") == "fr_FR"
    assert root.get("sourcelanguage") == "en"
    assert sum(1 for _ in messages(read_ts())) > 250


def test_every_message_is_translated_with_its_placeholders():
    problems = []
    for context, message in messages(read_ts()):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        where = f"{context}: {source!r}"
        if translation is None:
            problems.append(f"{where}: no <translation>")
            continue
        kind = translation.get("type")
        if kind is not None:  # unfinished, vanished, obsolete
            problems.append(f"{where}: type={kind}")
        if message.get("numerus") == "yes":
            forms = [f.text or "" for f in translation.findall("numerusform")]
            if len(forms) != 2:
                problems.append(f"{where}: {len(forms)} plural forms instead of 2 (singular, plural)")
        else:
            forms = [translation.text or ""]
        wanted = set(PLACEHOLDER.findall(source))
        for form in forms:
            if not form.strip():
                problems.append(f"{where}: empty translation")
                continue
            lost = wanted - set(PLACEHOLDER.findall(form))
            if lost:
                problems.append(f"{where}: {form!r} loses {sorted(lost)}")
            if source.count("&") - source.count("&&") * 2 > 0 and "&" not in form:
                problems.append(f"{where}: {form!r} loses the keyboard accelerator")
            if normalize(form) == normalize(source) and normalize(source) not in SAME_IN_FRENCH:
                problems.append(f"{where}: copied, not translated")
    assert problems == []


def test_placeholder_check_catches_a_lost_placeholder():
    """The check above really looks at the text (guards against a regex that matches nothing)."""
    assert PLACEHOLDER.findall("Merge “%1” into “%2”?\n\n%n asset(s), {date:%Y%m%d} — %p%") == [
        "%1",
        "%2",
        "%n",
        "{date:%Y%m%d}",
        "%p",
    ]
    assert normalize("&Nom\u00a0:") == "Nom :"


# -------------------------------------------------------------------------------- the screens in French
@pytest.fixture
def main_window(qtbot, french, lib, photos, tmp_path):
    from lectoure_media.gui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(lib, settings)
    qtbot.addWidget(window)
    window.show()
    window.open_root(str(tmp_path / "Photos"), watch=False)
    qtbot.waitUntil(lambda: window._scan_task is None, timeout=30_000)
    yield window
    window.inspector.wait_for_preview()
    window.stop_watching()


def test_main_window_is_french(qtbot, main_window, photos):
    window = main_window
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=10_000)
    window.grid.selectAll()
    qtbot.waitUntil(lambda: window.inspector.ids == photos, timeout=5000)
    window.inspector.tag_ids([photos[1]], "campaign", "Été 2024")  # an undo step, a recent tag
    qtbot.waitUntil(lambda: "Été 2024" in window.library.asset(photos[1])["tags"]["campaign"], timeout=10_000)
    window.inspector.refresh()

    texts = shown_texts(window)
    assert untranslated(texts, english_sources(read_ts())) == []
    shown = {normalize(t) for _w, _p, t in texts}
    assert {
        "Fichier",
        "Édition",
        "Outils",
        "Ouvrir un dossier…",
        "Commerces",
        "Sites patrimoniaux",
        "Mots-clés",
        "Sans étiquette",
        "2 médias sélectionnés",
        "Taille des vignettes",
    } <= shown
    assert window.count_label.text() == "2 médias"
    assert any(t.startswith("Annuler Étiqueter 1 média avec « Été 2024 »") for t in shown), sorted(
        t for t in shown if t.startswith("Annuler")
    )
    for menu_action in window.menuBar().actions():
        titles = [a.text() for a in menu_action.menu().actions() if not a.isSeparator()]
        assert mnemonic_clashes(titles) == {}, menu_action.text()
    assert mnemonic_clashes([a.text() for a in window.menuBar().actions()]) == {}


def test_inspector_with_a_partial_selection_is_french(qtbot, french, lib, photos):
    from lectoure_media.gui.inspector import Inspector

    inspector = Inspector(lib, QUndoStack())
    qtbot.addWidget(inspector)
    inspector.resize(360, 760)
    inspector.show()
    inspector.set_selection([photos[1]])
    inspector.wait_for_preview()
    single = shown_texts(inspector)
    inspector.set_selection(photos)  # "Le Bistrot" is on one of the two: a partial chip with its + button
    inspector.wait_for_preview()
    both = shown_texts(inspector)
    assert untranslated(single + both, english_sources(read_ts())) == []
    shown = {normalize(t) for _w, _p, t in single + both}
    assert {
        "Commerces",  # the section of the selection's businesses (the tag field has no type box any more)
        "Dossier",
        "Taille du fichier",
        "Le Bistrot (1/2)",
        "Présente sur 1 des 2 médias sélectionnés",
        "Ajouter « Le Bistrot » à tous les médias sélectionnés",
        "Étiqueter… (Ctrl+T)",
        "Pris sur place (GPS) :",
    } <= shown
    tips = {normalize(t) for _w, p, t in single + both if p == "toolTip"}
    assert any(
        t.startswith("Pris à ") and t.endswith("de ce site patrimonial : cliquez pour l’y rattacher (1 média).")
        for t in tips
    ), tips
    inspector.wait_for_preview()


def _settle_registries(dialog) -> None:
    if dialog._task is not None:
        dialog._task.done.wait(10)
    for page in dialog.pages.values():
        page.dirty = False


def test_registries_dialog_is_french(qtbot, french, lib, photos):
    from lectoure_media.gui.registries import RegistriesDialog

    dialog = RegistriesDialog(lib, None)
    qtbot.addWidget(dialog, before_close_func=_settle_registries)
    dialog.show()
    texts = []
    for i in range(dialog.tabs.count()):  # each tab's form is built for its own kind of entry
        dialog.tabs.setCurrentIndex(i)
        texts += shown_texts(dialog)
    assert untranslated(texts, english_sources(read_ts())) == []
    shown = {normalize(t) for _w, _p, t in texts}
    assert {
        "Commerces, sites et campagnes",
        "Commerces",
        "Sites patrimoniaux",
        "Campagnes",
        "Mots-clés",
        "Nom :",
        "Catégorie :",
        "En centre-ville",
        "Référence Mérimée / Inventaire :",
        "Hashtags :",
        "Nouveau",
        "Renommer…",
        "Fusionner avec…",
        "Supprimer…",
        "Enregistrer",
        "Fermer",
    } <= shown
    for facet, page in dialog.pages.items():  # one letter per field or button on each page
        labelled = [w.text() for w in page.findChildren(QLabel) if w.buddy() is not None]
        buttons = [w.text() for w in page.findChildren(QAbstractButton)]
        assert mnemonic_clashes(labelled + buttons) == {}, facet


def test_crop_editor_is_french(qtbot, french, lib, photos):
    from lectoure_media.gui.crop_editor import CropEditor

    editor = CropEditor(lib, photos[0])
    qtbot.addWidget(editor)
    editor.resize(1100, 760)
    with qtbot.waitSignal(editor.imageReady, timeout=30_000):
        editor.show()
    texts = shown_texts(editor)
    assert untranslated(texts, english_sources(read_ts())) == []
    shown = {normalize(t) for _w, _p, t in texts}
    assert {
        "Formats",
        "Revenir au cadrage automatique",
        "Enregistrer",
        "Annuler",
        "Image et cadre de recadrage",
    } <= shown
    assert any(t.startswith("Recadrage — ") for t in shown)


def test_settings_dialog_is_french(qtbot, french, lib, tmp_path):
    from lectoure_media.gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(lib)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = shown_texts(dialog)
    assert untranslated(texts, english_sources(read_ts())) == []
    assert {"Paramètres", "Langue", "Intervalle de scrutation", "Mo"} <= {normalize(t) for _w, _p, t in texts}


def test_export_dialog_is_french(qtbot, french, lib, photos, tmp_path):
    from lectoure_media.gui import export_dialog

    dialog = export_dialog.ExportDialog(lib, photos, None)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = shown_texts(dialog)
    assert untranslated(texts, english_sources(read_ts())) == []
    shown = {normalize(t) for _w, _p, t in texts}
    assert {"Exporter", "Dossier de destination :", "Noms des fichiers :", "Fichier source", "Résultat"} <= shown


def test_export_summary_agrees_in_number_in_french(qtbot, french, lib, photos, tmp_path):
    from lectoure_media.core.export.batch import ExportItem, ItemResult
    from lectoure_media.gui import export_dialog

    dialog = export_dialog.ExportDialog(lib, photos, None)
    qtbot.addWidget(dialog)
    item = ExportItem(str(tmp_path / "a.jpg"), "instagram-square")

    def summary(written: int, failed: int = 0, cancelled: int = 0) -> str:
        results = (
            [ItemResult(item, output=str(tmp_path / f"{i}.jpg")) for i in range(written)]
            + [ItemResult(item, error="Illisible.") for _ in range(failed)]
            + [ItemResult(item, error="Annulé.", cancelled=True) for _ in range(cancelled)]
        )
        dialog._show_summary(export_dialog.ExportOutcome(results, cancelled=bool(cancelled)))
        return normalize(dialog.summary_label.text())

    assert summary(1) == "Export terminé : 1 fichier écrit."
    assert summary(3, failed=1) == "Export terminé : 3 fichiers écrits. 1 erreur : voir la ligne marquée ✗."
    assert summary(1, failed=2, cancelled=1) == (
        "Export annulé : 1 fichier écrit, 1 non écrit. 2 erreurs : voir les lignes marquées ✗."
    )
    assert summary(0, cancelled=4) == "Export annulé : 0 fichier écrit, 4 non écrits."


EN_TS = TS.with_name("lectoure_media_en.ts")


def test_english_has_the_plural_forms_of_every_counted_message():
    """The English interface needs a translation only to choose "1 asset" / "2 assets"."""
    french = {(ctx, m.findtext("source")) for ctx, m in messages(read_ts()) if m.get("numerus") == "yes"}
    english = {
        (ctx, m.findtext("source")): [f.text for f in m.iter("numerusform")] for ctx, m in messages(read_ts(EN_TS))
    }
    assert set(english) == french
    for (_ctx, source), (one, many) in english.items():
        if "(s)" in source:
            assert "(s)" not in one + many and one != many, source
        assert one.count("%n") == many.count("%n") == source.count("%n") == 1


def test_english_counts_read_naturally(qapp, tmp_path):
    from PySide6.QtCore import QCoreApplication

    translator = QTranslator(qapp)
    assert translator.load(str(compile_qm(EN_TS, tmp_path / "lectoure_media_en.qm")))
    qapp.installTranslator(translator)
    try:

        def tr(context, text, n):
            return QCoreApplication.translate(context, text, "", n)

        assert tr("MainWindow", "%n asset(s)", 1) == "1 asset"
        assert tr("MainWindow", "%n asset(s)", 25) == "25 assets"
        assert tr("ExportDialog", "%n error(s): see the ✗ rows.", 1) == "1 error: see the ✗ row."
        assert tr("ExportDialog", "Export finished: %n file(s) written.", 3) == "Export finished: 3 files written."
    finally:
        qapp.removeTranslator(translator)


def test_the_app_installs_the_english_plurals_built_by_the_set_up(qapp):
    from PySide6.QtCore import QCoreApplication

    from lectoure_media.gui.app import install_translator

    translator = install_translator(qapp, "en")  # resources/translations/*.qm, as dev.py and packaging build them
    assert translator is not None
    try:
        assert QCoreApplication.translate("MainWindow", "%n asset(s)", "", 1) == "1 asset"
    finally:
        qapp.removeTranslator(translator)


# -------------------------------------------------------------------------------- the check can fail
def test_a_removed_translation_is_caught(qtbot, qapp, lib, tmp_path):
    """Drop the French of two strings MainWindow shows: the walk must report exactly those in English."""
    tree = read_ts()
    dropped = {"Thumbnail size", "&Tools"}
    for context, message in messages(tree):
        if context == "MainWindow" and message.findtext("source") in dropped:
            translation = message.find("translation")
            translation.text = ""
            translation.set("type", "unfinished")
    broken = tmp_path / "broken_fr.ts"
    tree.write(broken, encoding="utf-8", xml_declaration=True)
    installed = _install(qapp, compile_qm(broken, tmp_path / "broken_fr.qm"))
    try:
        from lectoure_media.gui.main_window import MainWindow

        window = MainWindow(lib, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        found = {normalize(text) for _w, _p, text in untranslated(shown_texts(window), english_sources(tree))}
        window.stop_watching()
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
    assert found == {"Thumbnail size", "Tools"}


def test_no_translator_leaks_between_tests(qapp, french_qm):
    """The French fixture removes what it installs: English is back after it, whichever tests ran before."""
    from PySide6.QtWidgets import QDialogButtonBox

    def shown() -> tuple[str, str]:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        return QCoreApplication.translate("MainWindow", "&File"), box.button(box.StandardButton.Cancel).text()

    english = shown()
    assert english[0] == "&File"
    with installed_translation(qapp, french_qm):
        french = shown()
    assert french[0] == "&Fichier" and french[1] != english[1]  # ours and Qt's own were both in effect
    assert shown() == english
