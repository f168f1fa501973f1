"""Issue 13, item 8: French everywhere — Qt's own dialogs, `--help` and argparse's words, heritage notes, one
name per preset. The command line is run as real processes under a French and an English locale."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.timeout(120)

COMMANDS = ("scan", "watch", "list", "presets", "export", "tag")


def cli(*args: str, lang: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "LECTOURE_MEDIA_LANG")}
    env["LANG"] = lang
    return subprocess.run(
        [sys.executable, "-m", "lectoure_media", *args], capture_output=True, text=True, env=env, timeout=60
    )


def help_texts(lang: str) -> dict[str, str]:
    out = {"": cli("--help", lang=lang)}
    out.update({name: cli(name, "--help", lang=lang) for name in COMMANDS})
    for name, done in out.items():
        assert done.returncode == 0, (name, done.stderr)
    return {name: done.stdout for name, done in out.items()}


def described_lines(text: str) -> list[str]:
    """The descriptions of the help's options and commands (what follows the option or command name)."""
    found = []
    for line in text.splitlines():
        m = re.match(r"^\s{2,}(?:-\S+(?: [A-Z_\-\[\]. ]+)?,? ?)+\s{2,}(\S.*)$|^\s{4,}\w+\s{2,}(\S.*)$", line)
        if m:
            found.append(m.group(1) or m.group(2))
    return found


def test_help_is_french_on_a_french_system_and_english_otherwise():
    french, english = help_texts("fr_FR.UTF-8"), help_texts("C")
    for name in french:
        fr, en = french[name], english[name]
        assert fr.startswith("utilisation : ") and en.startswith("usage: "), name
        assert "afficher cette aide et quitter" in fr and "show this help message and exit" in en
        for english_only in ("usage:", "positional arguments", "show this help", "optional arguments"):
            assert english_only not in fr, (name, english_only)
        # Every described option of the English help has a different (French) description.
        en_lines, fr_lines = described_lines(en), described_lines(fr)
        assert en_lines, name
        same = set(en_lines) & set(fr_lines)
        assert not same, (name, same)
    assert "écrire dans DIR" in french[""] and "fond flou" in french["export"]


def test_argparse_errors_follow_the_language():
    fr = cli("export", lang="fr_FR.UTF-8")
    en = cli("export", lang="C")
    assert fr.returncode == en.returncode == 2
    assert "erreur : arguments obligatoires manquants : FILE" in fr.stderr
    assert "error: the following arguments are required: FILE" in en.stderr
    # --preset or --set (a format set): argparse's group message, translated too
    fr, en = cli("export", "x.jpg", lang="fr_FR.UTF-8"), cli("export", "x.jpg", lang="C")
    assert "erreur : l'un des arguments --preset --set est obligatoire" in fr.stderr
    assert "error: one of the arguments --preset --set is required" in en.stderr
    bad = cli("list", "--kind", "sound", lang="fr_FR.UTF-8")
    assert bad.returncode == 2 and "choix invalide" in bad.stderr and "invalid choice" not in bad.stderr


def test_the_forced_language_wins_over_the_locale():
    env_fr = cli("--help", lang="C")
    assert env_fr.stdout.startswith("usage: ")
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    forced = subprocess.run(
        [sys.executable, "-m", "lectoure_media", "--help"],
        capture_output=True,
        text=True,
        env={**env, "LANG": "C", "LECTOURE_MEDIA_LANG": "fr"},
        timeout=60,
    )
    assert forced.stdout.startswith("utilisation : ")


# -- Qt's own dialogs ----------------------------------------------------------------------------------------
@pytest.fixture
def qt_french(qapp):
    """Qt's translations installed as the French app installs them (its complement compiled here)."""
    lrelease = Path(sys.executable).parent / ("pyside6-lrelease.exe" if os.name == "nt" else "pyside6-lrelease")
    ts = ROOT / "resources" / "translations" / "qt_complement_fr.ts"
    subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)
    from lectoure_media.gui.app import install_qt_translations

    installed = install_qt_translations(qapp)
    assert len(installed) == 2, "qtbase_fr and the complement"
    yield
    for translator in installed:
        qapp.removeTranslator(translator)


def test_qt_file_dialog_and_message_box_are_french(qtbot, qt_french):
    from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QPushButton

    dialog = QFileDialog(None, "Choisir", str(ROOT), "Images (*.png *.jpg)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = {w.objectName(): w.text().replace("&", "").replace("\xa0", " ") for w in dialog.findChildren(QLabel)}
    assert labels["lookInLabel"] == "Regarder dans :"
    assert labels["fileTypeLabel"] == "Fichiers de type :"
    assert labels["fileNameLabel"] == "Nom de fichier :"
    buttons = {b.text().replace("&", "") for b in dialog.findChildren(QPushButton)}
    assert "Ouvrir" in buttons and "Annuler" in buttons
    box = QMessageBox(QMessageBox.Icon.Question, "Question", "Supprimer ?")
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box)
    assert {b.text().replace("&", "") for b in box.buttons()} == {"Oui", "Non"}


def test_the_packaged_app_keeps_qt_french_translations():
    spec = (ROOT / "packaging" / "lectoure_media.spec").read_text(encoding="utf-8")
    ns: dict[str, object] = {"Path": Path}
    start = spec.index("def _wanted")
    exec(spec[start : spec.index("\n\n", start)], ns)  # the spec's own filter, run as the build runs it
    wanted = ns["_wanted"]
    assert callable(wanted)
    assert wanted("PySide6/Qt/translations/qtbase_fr.qm")
    assert not wanted("PySide6/Qt/translations/qtbase_de.qm")
    assert 'glob("*.qm")' in spec  # resources/translations/*.qm, qt_complement_fr.qm among them


# -- data and names -----------------------------------------------------------------------------------------
ENGLISH_WORDS = re.compile(r"\b(the|of the|century|beside|beyond|below|built|tower|end of|later|town houses)\b")


def test_heritage_notes_are_french():
    data = json.loads((ROOT / "resources" / "heritage.json").read_text(encoding="utf-8"))
    texts = [data["about"]] + [
        site[key] for site in data["sites"] for key in ("address", "notes", "reference") if site.get(key)
    ]
    english = [t for t in texts if ENGLISH_WORDS.search(t)]
    assert english == []


def test_one_name_per_preset_in_the_crop_editor_the_export_dialog_and_the_cli(qtbot, tmp_path):
    from lectoure_media.core.export.presets import load_builtin_presets
    from lectoure_media.gui.crop_editor import PresetPreview

    presets = load_builtin_presets()
    facebook = next(p for p in presets if p.id == "facebook-post")
    assert facebook.platform and facebook.platform not in facebook.label  # the case the issue saw
    tile = PresetPreview(facebook)
    qtbot.addWidget(tile)
    assert facebook.label in tile.caption and facebook.platform not in tile.caption
    listed = cli("--data-dir", str(tmp_path / "data"), "presets", lang="fr_FR.UTF-8")
    for preset in presets:
        assert preset.label in listed.stdout
    guide = (ROOT / "docs" / "guide-fr.md").read_text(encoding="utf-8")
    assert all(p.label in guide for p in presets), "the guide names the presets as the app does"
