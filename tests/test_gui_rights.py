"""Rights and consent in the GUI (issue 11): the inspector's panel (one asset, a selection, undo, linking a
consent), the consent register window (add, withdraw), the grid badges and the export dialog's rights check
(asks; refuses with the team setting). pytest-qt, offscreen, on a real library with real files."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QColor, QImage, QPainter, QUndoStack
from PySide6.QtWidgets import QMessageBox, QStyleOptionViewItem

from lectoure_media.core.library import Library
from lectoure_media.core.sidecar import read_sidecar
from lectoure_media.gui import rights_panel
from lectoure_media.gui.consents_dialog import ConsentsDialog
from lectoure_media.gui.export_dialog import ExportDialog
from lectoure_media.gui.inspector import Inspector
from tests.media_factory import make_jpeg

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def lib(tmp_path):
    library = Library(tmp_path / "data", flush_delay=0.05, probe_workers=1)
    yield library
    library.close()


@pytest.fixture
def ids(lib, tmp_path):
    root = tmp_path / "Photos"
    for i, name in enumerate(("a.jpg", "b.jpg", "c.jpg")):
        make_jpeg(root / name, size=(400, 300), color=(40 * i, 100, 200 - 40 * i))
    lib.scan(root)
    return {os.path.basename(a["path"]): int(a["id"]) for a in lib.query()}


@pytest.fixture
def inspector(qtbot, lib):
    stack = QUndoStack()
    widget = Inspector(lib, stack)
    qtbot.addWidget(widget)
    widget.resize(360, 700)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget, stack
    widget.wait_for_preview()


def rights_of(lib, asset_id):
    return lib.asset(asset_id)["rights"]


def test_one_asset_edit_and_undo(qtbot, lib, ids, inspector):
    panel_owner, stack = inspector
    panel = panel_owner.rights_panel
    a = ids["a.jpg"]
    lib.set_rights([lib.asset(a)["path"]], credit="Avant")
    panel_owner.set_selection([a])
    assert panel.credit_edit.text() == "Avant"
    panel.creator_edit.setText("Élodie Martin")
    panel.licence_box.setCurrentIndex(panel.licence_box.findData("cc-by-4.0"))
    panel.people_box.setCurrentIndex(panel.people_box.findData("yes"))
    assert panel.changes() == {"creator": ["Élodie Martin"], "licence": "cc-by-4.0", "people": "yes"}
    with qtbot.waitSignal(panel_owner.tagsChanged, timeout=5000):
        panel.apply_button.click()
    got = rights_of(lib, a)
    assert got["creator"] == ["Élodie Martin"] and got["licence"] == "cc-by-4.0" and got["credit"] == "Avant"
    assert read_sidecar(lib.asset(a)["path"]).rights["creator"] == ["Élodie Martin"]
    with qtbot.waitSignal(panel_owner.tagsChanged, timeout=5000):
        stack.undo()
    got = rights_of(lib, a)
    assert got["creator"] == [] and got["licence"] is None and got["people"] == "unknown" and got["credit"] == "Avant"
    assert read_sidecar(lib.asset(a)["path"]).rights["licence"] is None


def test_selection_edits_only_the_fields_filled_in(qtbot, lib, ids, inspector):
    panel_owner, stack = inspector
    panel = panel_owner.rights_panel
    a, b = ids["a.jpg"], ids["b.jpg"]
    lib.set_rights([lib.asset(a)["path"]], credit="Crédit de A")
    panel_owner.set_selection([a, b])
    assert panel.credit_edit.text() == "" and panel.licence_box.currentData() == rights_panel.KEEP
    panel.publish_box.setCurrentIndex(panel.publish_box.findData(True))
    assert panel.changes() == {"do_not_publish": True}
    with qtbot.waitSignal(panel_owner.tagsChanged, timeout=5000):
        panel.apply()
    assert rights_of(lib, a)["do_not_publish"] and rights_of(lib, b)["do_not_publish"]
    assert rights_of(lib, a)["credit"] == "Crédit de A"  # untouched field stays each asset's own


def test_consent_register_add_link_and_withdraw(qtbot, lib, ids, inspector, tmp_path, monkeypatch):
    panel_owner, stack = inspector
    panel = panel_owner.rights_panel
    dialog = ConsentsDialog(lib)
    qtbot.addWidget(dialog)
    form = make_jpeg(tmp_path / "formulaire.jpg")
    dialog.name_edit.setText("Jean Dupont")
    dialog.form_edit.setText(str(form))
    consent = dialog.add_consent()
    assert consent is not None and dialog.tree.topLevelItemCount() == 1
    copied = dialog.form_path(consent.id)
    assert copied is not None and Path(copied).read_bytes() == form.read_bytes()
    dialog.name_edit.setText("Léa Petit")
    dialog.minor_check.setChecked(True)
    assert dialog.add_consent() is None and "représentant légal" in dialog.message_label.text()

    a, b = ids["a.jpg"], ids["b.jpg"]
    panel_owner.set_selection([a, b])
    panel.consent_box.setCurrentIndex(panel.consent_box.findData(consent.id))
    with qtbot.waitSignal(panel_owner.tagsChanged, timeout=5000):
        panel.link_button.click()
    assert rights_of(lib, a)["consents"] == [consent.id] and rights_of(lib, b)["people"] == "yes"
    panel_owner.set_selection([a])
    assert "Jean Dupont" in panel.consents_label.text()

    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    dialog.reload()
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(0))
    report = dialog.withdraw_selected()
    assert report is not None and len(report["assets"]) == 2
    assert sorted(dialog.changed_ids) == sorted([a, b])
    assert rights_of(lib, a)["do_not_publish"] is True
    assert read_sidecar(lib.asset(b)["path"]).rights["do_not_publish"] is True


def test_grid_badges(qapp, lib, ids):
    today = dt.date.today()
    rights_panel.set_valid_consents(frozenset({"ok-0001"}))
    try:
        assert rights_panel.rights_badges({"rights": {"people": "yes", "consents": []}})[0][0] == "👤!"
        assert rights_panel.rights_badges({"rights": {"people": "yes", "consents": ["ok-0001"]}}) == []
        assert rights_panel.rights_badges({"rights": {"people": "yes", "consents": ["gone-0002"]}})
        expired = {"rights": {"licence_end": (today - dt.timedelta(days=1)).isoformat()}}
        assert [t for t, _ in rights_panel.rights_badges(expired)] == ["©!"]
        assert rights_panel.rights_badges({"rights": {"licence_end": today.isoformat()}}) == []
    finally:
        rights_panel.set_valid_consents(None)
    # The delegate paints the badge (a pixel of its colour in the top-left corner of the thumbnail).
    from lectoure_media.gui.grid import AssetDelegate

    delegate = AssetDelegate()
    image = QImage(220, 240, QImage.Format.Format_RGB32)
    image.fill(QColor(255, 255, 255))
    painter = QPainter(image)
    asset = {"rights": {"do_not_publish": True}, "kind": "photo"}

    class Index(QModelIndex):
        def data(self, role=0):
            from lectoure_media.gui.models import AssetRole

            return asset if role == AssetRole else None

    option = QStyleOptionViewItem()
    option.rect = image.rect()
    delegate.paint(painter, option, Index())
    painter.end()
    assert image.pixelColor(14, 14).red() > 100 and image.pixelColor(14, 14).green() < 60


def test_export_dialog_asks_then_refuses_with_the_team_setting(qtbot, lib, ids, tmp_path, monkeypatch):
    a, b = ids["a.jpg"], ids["b.jpg"]
    lib.set_rights([lib.asset(a)["path"]], people="yes")
    asked = []

    def answer(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    dialog = ExportDialog(lib, [a, b], None, workers=1)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_checked_presets(["instagram-square"])
    out = tmp_path / "out"
    dialog.folder_edit.setText(str(out))
    dialog.export_button.click()
    assert asked and "a.jpg" in asked[0] and "sans consentement" in asked[0]
    assert not dialog.running and not out.exists()  # "No": nothing exported

    lib.update_settings(rights_strict=True)
    told = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda p, t, text, *x, **k: told.append(text)))
    with qtbot.waitSignal(dialog.exportFinished, timeout=120_000) as done:
        dialog.export_button.click()
    outcome = done.args[0]
    assert told and "a.jpg" in told[0]
    assert sorted(os.listdir(out)) == ["b_instagram-square.jpg"]
    refused = [r for r in outcome.results if r.refused]
    assert [os.path.basename(r.item.source) for r in refused] == ["a.jpg"]


def test_campaign_dialog_preview_apply_and_intake_with_progress(qtbot, lib, tmp_path):
    from lectoure_media.gui.campaign_rights_dialog import CampaignRightsDialog

    root = tmp_path / "Photos"
    folder = root / "Concours"
    make_jpeg(folder / "Léa Dubois" / "a.jpg", color=(200, 10, 10))
    make_jpeg(folder / "Paul Hervé" / "b.jpg", color=(10, 10, 200))
    lib.scan(root)
    dialog = CampaignRightsDialog(lib, None, "Concours photo 2024")
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.progress.valueChanged, timeout=30_000):
        task = dialog.run_intake("folders", str(folder))
    qtbot.waitUntil(lambda: dialog.last_report is not None, timeout=60_000)
    assert task is not None and len(dialog.last_report["done"]) == 2 and dialog.changed
    creators = sorted(a["rights"]["creator"][0] for a in lib.query())
    assert creators == ["Léa Dubois", "Paul Hervé"]
    dialog.licence_box.setCurrentIndex(dialog.licence_box.findData("competition"))
    dialog.credit_edit.setText("Photo : {creator} — Concours photo 2024")
    rows = dialog.preview()
    assert rows is not None and len(rows) == 2 and "2" in dialog.message_label.text()
    assert all(a["rights"]["licence"] is None for a in lib.query())  # a preview writes nothing
    assert dialog.apply_defaults() == 2
    assert all(a["rights"]["licence"] == "competition" for a in lib.query())


def test_settings_dialog_sets_the_strict_rights_setting(qtbot, lib):
    from lectoure_media.gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(lib)
    qtbot.addWidget(dialog)
    assert not dialog.rights_strict.isChecked()
    dialog.rights_strict.setChecked(True)
    dialog.accept()
    assert lib.settings().rights_strict is True
    assert SettingsDialog(lib).rights_strict.isChecked()


def test_export_dialog_default_credit_gives_each_asset_its_own(qtbot, lib, ids, tmp_path, monkeypatch):
    """The default credit left as it is in the dialog: each photo gets its own line (its creator), the
    others the default — drawn and written into the metadata, without retyping."""
    import json
    import shutil
    import subprocess

    from lectoure_media.core.export import batch

    if shutil.which("exiftool") is None:
        pytest.skip("exiftool not installed")
    lib.update_settings(default_credit="Ville de Lectoure")
    a, b = ids["a.jpg"], ids["b.jpg"]
    lib.set_rights([lib.asset(a)["path"]], creator="Élodie Martin")
    drawn: dict[str, str | None] = {}
    original = batch._overlay_for

    def spy(overlay, credit):
        result = original(overlay, credit)
        drawn[str(credit)] = result.text if result else None
        return result

    monkeypatch.setattr(batch, "_overlay_for", spy)
    dialog = ExportDialog(lib, [a, b], None, workers=1)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.credit_edit.text() == "Ville de Lectoure"
    dialog.set_checked_presets(["instagram-square"])
    out = tmp_path / "out"
    dialog.folder_edit.setText(str(out))
    with qtbot.waitSignal(dialog.exportFinished, timeout=120_000):
        dialog.export_button.click()
    credits = {}
    for name in ("a_instagram-square.jpg", "b_instagram-square.jpg"):
        got = json.loads(subprocess.run(["exiftool", "-j", "-G1", str(out / name)], capture_output=True).stdout)[0]
        credits[name[0]] = got.get("XMP-photoshop:Credit")
    assert credits == {"a": "Photo : Élodie Martin", "b": "Ville de Lectoure"}
    assert drawn == {"Photo : Élodie Martin": "Photo : Élodie Martin", "Ville de Lectoure": "Ville de Lectoure"}


def test_assets_dropped_on_link_consent_are_linked(qtbot, lib, ids, inspector):
    from PySide6.QtCore import QMimeData, QPointF, Qt
    from PySide6.QtGui import QDropEvent

    from lectoure_media.gui.models import MIME_ASSET_IDS

    panel_owner, _stack = inspector
    panel = panel_owner.rights_panel
    consent = lib.consents.add("Jean Dupont")
    a, b, c = ids["a.jpg"], ids["b.jpg"], ids["c.jpg"]
    panel_owner.set_selection([a])
    panel.consent_box.setCurrentIndex(panel.consent_box.findData(consent.id))
    mime = QMimeData()
    mime.setData(MIME_ASSET_IDS, f"{b},{c}".encode())
    event = QDropEvent(
        QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    with qtbot.waitSignal(panel_owner.tagsChanged, timeout=5000):
        panel.link_button.dropEvent(event)
    assert rights_of(lib, b)["consents"] == [consent.id] and rights_of(lib, c)["consents"] == [consent.id]
    assert rights_of(lib, a)["consents"] == []


def test_main_window_rights_filter(qtbot, lib, ids, tmp_path):
    from PySide6.QtCore import QSettings

    from lectoure_media.gui.main_window import MainWindow

    consent = lib.consents.add("Jean Dupont")
    withdrawn = lib.consents.add("Léa Petit")
    lib.consents.withdraw(withdrawn.id)
    paths = {n: lib.asset(i)["path"] for n, i in ids.items()}
    lib.set_rights([paths["a.jpg"]], people="yes", add_consents=[consent.id])
    lib.set_rights([paths["b.jpg"]], people="yes", add_consents=[withdrawn.id])
    lib.set_rights([paths["c.jpg"]], do_not_publish=True)
    window = MainWindow(lib, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.root = str(tmp_path / "Photos")

    def shown() -> list[str]:
        return sorted(os.path.basename(lib.asset(i)["path"]) for i in window.model.ids())

    window.rights_box.setCurrentIndex(window.rights_box.findData("no_consent"))
    assert shown() == ["b.jpg"]  # its only consent was withdrawn
    window.rights_box.setCurrentIndex(window.rights_box.findData("do_not_publish"))
    assert shown() == ["c.jpg"]
    window.rights_box.setCurrentIndex(0)
    assert shown() == ["a.jpg", "b.jpg", "c.jpg"]
    window.stop_watching()


def test_release_statuses_usage_terms_and_persons_are_edited_in_the_panel(qtbot, lib, ids, inspector):
    """Issue 11 item 1: model release (PLUS), property release for private interiors, usage terms and the
    persons shown by name are edited in the inspector too, and land in the sidecar where exiftool reads them."""
    import json
    import subprocess

    panel_owner, stack = inspector
    panel = panel_owner.rights_panel
    a = ids["a.jpg"]
    path = lib.asset(a)["path"]
    lib.set_rights([path], add_persons=["Jean Dupont", "Anne Roux"])
    panel_owner.set_selection([a])
    assert panel.persons_edit.text() == "Jean Dupont, Anne Roux"
    panel.persons_edit.setText("Jean Dupont, Léa Martin")
    panel.release_box.setCurrentIndex(panel.release_box.findData("limited"))
    panel.property_box.setCurrentIndex(panel.property_box.findData("unlimited"))
    panel.usage_edit.setText("Réseaux sociaux de la ville uniquement")
    assert panel.changes() == {
        "usage_terms": "Réseaux sociaux de la ville uniquement",
        "release": "limited",
        "property_release": "unlimited",
        "add_persons": ["Léa Martin"],
        "remove_persons": ["Anne Roux"],
    }
    with qtbot.waitSignal(panel_owner.tagsChanged, timeout=5000):
        panel.apply_button.click()
    got = rights_of(lib, a)
    assert sorted(got["persons"]) == ["Jean Dupont", "Léa Martin"] and got["release"] == "limited"
    side = read_sidecar(path).rights
    assert side["property_release"] == "unlimited" and side["usage_terms"] == "Réseaux sociaux de la ville uniquement"
    tags = json.loads(
        subprocess.run(["exiftool", "-j", "-XMP:all", path + ".xmp"], capture_output=True, text=True, check=True).stdout
    )[0]
    assert "Limited" in str(tags["ModelReleaseStatus"]) and "Unlimited" in str(tags["PropertyReleaseStatus"])
    assert sorted(tags["PersonInImage"]) == ["Jean Dupont", "Léa Martin"]
    panel_owner.set_selection([a])
    assert panel.release_box.currentData() == "limited" and panel.property_box.currentData() == "unlimited"
