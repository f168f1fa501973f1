"""The desktop app started on a data folder it cannot use says why in a window (nobody reads stderr when the
app is started from its icon) and stops, instead of an unexplained exit."""

from __future__ import annotations

import argparse

from PySide6.QtWidgets import QMessageBox

from lectoure_media.gui import app as gui_app
from lectoure_media.gui.app import run_app


def test_a_data_folder_that_cannot_be_used_is_said_in_a_window(qapp, tmp_path, monkeypatch):
    blocker = tmp_path / "fichier"
    blocker.write_bytes(b"")  # a file where the data folder's parent should be: the folder cannot be made
    shown = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda parent, title, text, *a, **k: shown.append((title, text)))
    )
    languages = []  # the translator is not installed for real here: it would stay for the next tests
    monkeypatch.setattr(gui_app, "install_translator", lambda app, language: languages.append(language))
    code = run_app(argparse.Namespace(data_dir=str(blocker / "donnees")))
    assert code == 1
    assert languages == [gui_app.ui_language("")]  # the window speaks the system's language
    assert len(shown) == 1
    title, text = shown[0]
    assert title and "Impossible de créer le dossier de données" in text and str(blocker / "donnees") in text
