"""The export dialog's captions ("Légendes" tick, "Copier la légende") and format-set ticks, on a real
library with real exports (pytest-qt)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from lectoure_media.core.captions import NBSP
from lectoure_media.core.format_sets import set_path
from lectoure_media.core.taxonomy import Business, Campaign
from lectoure_media.gui import export_dialog as ed
from lectoure_media.gui.export_dialog import ExportDialog
from tests.media_factory import make_jpeg

SET = "Réseaux de la ville"
SET_PRESETS = {"instagram-portrait", "instagram-story", "facebook-post", "tiktok"}


@pytest.fixture
def warnings_shown(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text, *a: shown.append(text)))
    return shown


@pytest.fixture
def photo_ids(lib, library_root):
    make_jpeg(library_root / "halle.jpg", size=(1600, 1200))
    lib.scan(library_root)
    lib.save_entry("business", Business(name="Le Bistrot", instagram="le.bistrot", tiktok="lebistrot"))
    lib.save_entry("campaign", Campaign(name="Marché", hashtags=["Lectoure", "Marché"], credit="Ville de Lectoure"))
    lib.tag([str(library_root / "halle.jpg")], add={"business": ["Le Bistrot"], "campaign": ["Marché"]})
    return lib.query_ids()


def open_dialog(qtbot, lib, ids):
    dialog = ExportDialog(lib, ids, None, workers=1)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def checked_ids(dialog):
    return {p.id for p in dialog.checked_presets()}


def run(qtbot, dialog):
    with qtbot.waitSignal(dialog.exportFinished, timeout=120_000) as blocker:
        dialog.export_button.click()
    return blocker.args[0]


def test_captions_tick_writes_txt_and_copy_caption_puts_it_on_the_clipboard(qtbot, lib, photo_ids, tmp_path):
    out = tmp_path / "exports"
    dialog = open_dialog(qtbot, lib, photo_ids)
    assert not dialog.captions_check.isChecked()  # off until someone ticks it
    dialog.set_checked_presets(["instagram-portrait", "tiktok"])
    dialog.folder_edit.setText(str(out))
    dialog.captions_check.setChecked(True)

    outcome = run(qtbot, dialog)

    assert len(outcome.written) == 2 and all(r.caption == r.output + ".txt" for r in outcome.written)
    assert lib.settings().export_captions is True
    rows = [dialog.results.topLevelItem(i) for i in range(dialog.results.topLevelItemCount())]
    by_preset = {r.data(0, ed.OutputRole).rsplit("_", 1)[1][:-4]: r for r in rows}
    assert not dialog.copy_caption_button.isEnabled()  # nothing selected yet
    dialog.results.setCurrentItem(by_preset["tiktok"])
    assert dialog.copy_caption_button.isEnabled()
    dialog.copy_caption_button.click()
    text = QGuiApplication.clipboard().text()
    assert text == Path(by_preset["tiktok"].data(0, ed.CaptionRole)).read_text(encoding="utf-8").rstrip("\n")
    assert text.startswith("Le Bistrot @lebistrot\n") and f"Photo{NBSP}: Ville de Lectoure" in text
    # The keyboard: Ctrl+Shift+C on the other row copies its own caption (Instagram's handle).
    dialog.results.setCurrentItem(by_preset["instagram-portrait"])
    qtbot.keyClick(
        dialog.results, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert QGuiApplication.clipboard().text().startswith("Le Bistrot @le.bistrot\n")

    again = open_dialog(qtbot, lib, photo_ids)  # the tick is remembered
    assert again.captions_check.isChecked()


def test_without_the_tick_no_caption_and_nothing_to_copy(qtbot, lib, photo_ids, tmp_path):
    out = tmp_path / "exports"
    dialog = open_dialog(qtbot, lib, photo_ids)
    dialog.set_checked_presets(["tiktok"])
    dialog.folder_edit.setText(str(out))
    outcome = run(qtbot, dialog)
    assert [r.caption for r in outcome.written] == [None]
    assert os.listdir(out) == ["halle_tiktok.jpg"]
    dialog.results.setCurrentItem(dialog.results.topLevelItem(0))
    assert not dialog.copy_caption_button.isEnabled()


def test_a_set_tick_ticks_its_formats_and_is_the_default_next_time(qtbot, lib, photo_ids, tmp_path):
    dialog = open_dialog(qtbot, lib, photo_ids)
    ticks = dialog.set_ticks
    assert ticks.set_names()[0] == SET
    # the first export of this PC: the first set is the default, its formats ticked
    assert ticks.boxes[SET].isChecked() and checked_ids(dialog) == SET_PRESETS
    ticks.boxes[SET].click()
    assert checked_ids(dialog) == set()
    ticks.boxes[SET].click()
    assert checked_ids(dialog) == SET_PRESETS
    # a format of the set unticked by hand: the set is no longer ticked, the other formats stay
    for row in range(dialog.preset_list.count()):
        item = dialog.preset_list.item(row)
        if item.data(ed.PresetIdRole) == "tiktok":
            item.setCheckState(Qt.CheckState.Unchecked)
    assert not ticks.boxes[SET].isChecked()
    assert checked_ids(dialog) == SET_PRESETS - {"tiktok"}
    ticks.boxes[SET].click()
    assert checked_ids(dialog) == SET_PRESETS and ticks.boxes[SET].isChecked()

    dialog.folder_edit.setText(str(tmp_path / "out"))
    outcome = run(qtbot, dialog)
    assert len(outcome.written) == 4
    assert lib.settings().export_format_set == SET

    again = open_dialog(qtbot, lib, photo_ids)
    assert again.set_ticks.boxes[SET].isChecked() and checked_ids(again) == SET_PRESETS
    again.set_ticks.boxes[SET].click()  # unticking the set unticks its formats
    assert checked_ids(again) == set()


def test_saving_the_ticked_formats_as_a_team_set(qtbot, lib, photo_ids, library_root, warnings_shown):
    dialog = open_dialog(qtbot, lib, photo_ids)
    dialog.set_checked_presets(["x-post", "linkedin-post"])
    assert dialog.set_ticks.save_set("Presse", [p.id for p in dialog.checked_presets()])
    assert warnings_shown == []
    doc = json.loads(set_path(str(library_root), "Presse").read_text(encoding="utf-8"))
    assert doc["name"] == "Presse" and doc["presets"] == ["linkedin-post", "x-post"]
    assert dialog.set_ticks.set_names() == [SET, "Presse"] and dialog.set_ticks.checked_set() == "Presse"
    # a refused name is said in French, nothing is written
    assert not dialog.set_ticks.save_set("a/b", ["x-post"])
    assert warnings_shown and "« / »" in warnings_shown[0]


def test_a_broken_set_file_is_reported_in_the_dialog_not_fatal(qtbot, lib, photo_ids, library_root):
    folder = set_path(str(library_root), "x").parent
    folder.mkdir(parents=True)
    (folder / "garbage.json").write_bytes(b"{not json")
    dialog = open_dialog(qtbot, lib, photo_ids)
    assert dialog.set_ticks.set_names() == [SET]
    assert any("garbage.json" in w and "endommagé" in w for w in dialog.set_ticks.warnings)


def test_campaign_caption_template_in_the_registries(qtbot, lib, warnings_shown, monkeypatch):
    from lectoure_media.gui.registries import RegistriesDialog

    dialog = RegistriesDialog(lib, None)
    qtbot.addWidget(dialog, before_close_func=lambda d: [setattr(p, "dirty", False) for p in d.pages.values()])
    dialog.show()
    page = dialog.page("campaign")
    page.new_entry()
    page.form.name_edit.setText("Marchés d'été")
    page.form.caption_template.setPlainText("{campaign} {lieu}")
    page.save()
    assert lib.entry("campaign", "Marchés d'été") is None
    assert len(warnings_shown) == 1 and "{lieu}" in warnings_shown[0] and "champs possibles" in warnings_shown[0]
    page.form.caption_template.setPlainText("{campaign} : {site}\n{hashtags}")
    with qtbot.waitSignal(dialog.entriesChanged, timeout=5000):
        page.save()
    assert lib.entry("campaign", "Marchés d'été").caption_template == "{campaign} : {site}\n{hashtags}"
    page.form.fill(lib.entry("campaign", "Marchés d'été"))
    assert page.form.caption_template.toPlainText() == "{campaign} : {site}\n{hashtags}"


def test_deleting_a_set_from_the_dialog_asks_first(qtbot, lib, photo_ids, library_root, monkeypatch):
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda parent, title, text, *a: asked.append(text) or answers.pop(0))
    )
    lib.save_format_set("Presse", ["x-post"])
    dialog = open_dialog(qtbot, lib, photo_ids)
    assert dialog.set_ticks.set_names() == [SET, "Presse"]
    assert not dialog.set_ticks.delete_set("Presse")  # "No": nothing happens
    assert lib.format_sets().names() == [SET, "Presse"]
    assert dialog.set_ticks.delete_set("Presse")
    assert "Presse" in asked[0] and lib.format_sets().names() == [SET]
    assert dialog.set_ticks.set_names() == [SET]
