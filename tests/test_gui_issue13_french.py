"""The screens added for issue 13 in French (filter chips, one tag field and its type question, empty
states, the publish preview, the stop question): no English source text on screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt

from tests.media_factory import make_jpeg
from tests.test_gui_translation import (  # noqa: F401 -- pytest fixtures, used by name
    english_sources,
    french,
    french_qm,
    normalize,
    read_ts,
    shown_texts,
    untranslated,
)

pytestmark = pytest.mark.timeout(120)


def test_main_window_additions_are_french(qtbot, french, lib, library_root, tmp_path):  # noqa: F811 -- fixture
    from lectoure_media.gui.main_window import MainWindow

    window = MainWindow(lib, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    sources = english_sources(read_ts())
    texts = shown_texts(window)  # no folder yet: the empty state
    assert window.empty_state.title.text() == "Aucun dossier choisi pour l’instant"

    make_jpeg(library_root / "halle.jpg", size=(400, 300))
    lib.scan(library_root)
    lib.ensure_entry("business", "Café du Centre")
    window.root = str(library_root)
    window._apply_filter()
    qtbot.mouseClick(window.chips["portrait"], Qt.MouseButton.LeftButton)  # hides the landscape photo
    texts += shown_texts(window)  # the chips bar and the "no result" state
    assert normalize(window.filter_chips.chips[0].remove_button.toolTip()) == "Retirer le filtre « Portrait »"
    qtbot.mouseClick(window.empty_state.clear_button, Qt.MouseButton.LeftButton)

    window.grid.selectionModel().select(window.model.index(0, 0), window.grid.selectionModel().SelectionFlag.Select)
    entry = window.inspector.entry
    entry.setFocus()
    qtbot.keyClicks(entry, "caf")
    model = window.inspector.completion_model
    rows = [normalize(model.index(r, 0).data()) for r in range(model.rowCount())]
    assert rows[0] == "Café du Centre — commerce"
    assert rows[-1] == "+ Nouvelle étiquette « caf »…"
    qtbot.keyClick(window.inspector.completer.popup(), Qt.Key.Key_Escape)
    entry.clear()
    qtbot.keyClicks(entry, "Fanfare")
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    assert window.inspector.create_panel.isVisible()
    texts += shown_texts(window)  # the type question
    assert untranslated(texts, sources) == []
    window.inspector.cancel_create()
    window.stop_watching()


def test_export_additions_are_french(qtbot, french, lib, library_root):  # noqa: F811 -- fixture
    from lectoure_media.gui.export_dialog import ExportDialog

    make_jpeg(library_root / "halle.jpg", size=(400, 300))
    lib.scan(library_root)
    dialog = ExportDialog(lib, lib.query_ids())
    qtbot.addWidget(dialog)
    dialog.show()
    texts = shown_texts(dialog)
    assert dialog.preview_strip.placeholder.text() == "Cochez un format pour voir son cadrage ici."
    dialog.ask_stop()  # as when the window is closed during an export
    texts += shown_texts(dialog.stop_question)
    assert untranslated(texts, english_sources(read_ts())) == []
    assert {b.text() for b in dialog.stop_question.buttons()} == {"Arrêter et fermer", "Poursuivre l’export"}
    dialog.stop_question.reject()
    dialog.done(0)
