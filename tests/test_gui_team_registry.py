"""The registries editor and the main window with the team folder (issue 10): earlier versions and conflicts
shown and restorable, another PC's edits reloaded while the editor is open, the queued-edits notice in the
status bar, broken team files reported."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from lectoure_media.core.library import Library
from lectoure_media.core.reconcile import ScanSummary
from lectoure_media.core.taxonomy import Business
from lectoure_media.core.team.registry import entry_key
from lectoure_media.gui.registries import RegistriesDialog
from tests.test_gui_registries import _settle, boxes, select  # noqa: F401 -- `boxes` is a fixture used by name


@pytest.fixture
def share(tmp_path):
    d = tmp_path / "share"
    d.mkdir()
    return d


@pytest.fixture
def two_pcs(tmp_path, share, monkeypatch):
    monkeypatch.setenv("LECTOURE_MEDIA_PC_NAME", "BUREAU-A")
    a = Library(tmp_path / "A", probe_workers=1)
    a.scan(share)
    monkeypatch.setenv("LECTOURE_MEDIA_PC_NAME", "BUREAU-B")
    b = Library(tmp_path / "B", probe_workers=1)
    b.scan(share)
    yield a, b
    a.close()
    b.close()


def open_dialog(qtbot, lib: Library) -> RegistriesDialog:
    dlg = RegistriesDialog(lib, None)
    qtbot.addWidget(dlg, before_close_func=_settle)
    dlg.show()
    dlg.tabs.setCurrentIndex(0)
    return dlg


def test_a_conflict_is_shown_and_the_other_version_can_be_restored(qtbot, boxes, two_pcs):  # noqa: F811 -- `boxes` is a fixture
    a, b = two_pcs
    a.save_entry("business", Business("Épicerie", address="1 rue"))
    b.sync_registries()
    a.save_entry("business", Business("Épicerie", address="adresse de A"))
    b.save_entry("business", Business("Épicerie", address="adresse de B", tiktok="@b"))  # B had not seen A's
    dlg = open_dialog(qtbot, b)
    page = dlg.page("business")
    select(page, "Épicerie")
    history = page.history
    assert history.isVisibleTo(dlg) and history.list.count() == 2
    first = history.list.item(0).text()
    assert "BUREAU-A" in first and "BUREAU-B" in first and "adresse de A" in first  # the conflict, newest first
    assert not history.restore_button.isEnabled()
    history.list.setCurrentRow(0)
    history.restore_button.click()
    assert page.form.address.text() == "adresse de A" and page.dirty and page.save_button.isEnabled()
    assert page.form.name_edit.text() == "Épicerie"
    assert page.save() is True
    assert b.entry("business", "Épicerie").address == "adresse de A"
    assert b.entry("business", "Épicerie").tiktok == ""  # the whole version came back, not only the address
    assert page.history.list.count() == 3


def test_another_pcs_edit_reaches_the_open_editor_without_losing_typing(qtbot, boxes, two_pcs):  # noqa: F811 -- `boxes` is a fixture
    a, b = two_pcs
    dlg = open_dialog(qtbot, b)
    page = dlg.page("business")
    a.save_entry("business", Business("Caviste", address="10 rue"))
    assert b.sync_registries() is True
    dlg.team_changed()
    assert "Caviste" in page.names()
    # Typing in progress on another page is kept as typed.
    campaigns = dlg.page("campaign")
    campaigns.new_entry()
    campaigns.form.name_edit.setText("En cours")
    assert campaigns.dirty
    a.save_entry("business", Business("Tabac", address="2 rue"))
    b.sync_registries()
    dlg.team_changed()
    assert campaigns.form.name_edit.text() == "En cours" and "Tabac" in page.names()


def test_main_window_forwards_registry_changes_and_shows_queued_edits(qtbot, boxes, two_pcs, tmp_path, share):  # noqa: F811 -- `boxes` is a fixture
    from lectoure_media.gui.main_window import MainWindow

    a, b = two_pcs
    win = MainWindow(b, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show()
    assert not win.team_label.isVisibleTo(win)
    dlg = open_dialog(qtbot, b)
    win._registries = dlg  # as open_registries() does while the dialog runs
    a.save_entry("business", Business("Fleuriste"))
    b.sync_registries()
    win.bridge.on_update(ScanSummary(root=str(share), registry_changed=True))
    qtbot.waitUntil(lambda: "Fleuriste" in dlg.page("business").names(), timeout=5000)
    # The share goes away: B's edit is queued and the status bar says so.
    share.rename(tmp_path / "away")
    b.save_entry("business", Business("Horloger"))
    win.bridge.on_update(ScanSummary(root=str(share)))
    qtbot.waitUntil(lambda: win.team_label.isVisibleTo(win), timeout=5000)
    assert "injoignable" in win.team_label.toolTip()
    (tmp_path / "away").rename(share)
    b.scan(share)
    win.bridge.on_update(ScanSummary(root=str(share)))
    qtbot.waitUntil(lambda: not win.team_label.isVisibleTo(win), timeout=5000)
    assert (share / ".lectoure-media" / "registry" / "business" / f"{entry_key('Horloger')}.json").exists()


def test_broken_team_files_are_reported_in_the_editor(qtbot, boxes, two_pcs, share):  # noqa: F811 -- `boxes` is a fixture
    _a, b = two_pcs
    (share / ".lectoure-media" / "registry" / "business").mkdir(parents=True, exist_ok=True)
    (share / ".lectoure-media" / "registry" / "business" / "abime.json").write_bytes(b"\x00{garbage")
    b.sync_registries()
    dlg = open_dialog(qtbot, b)
    assert dlg.problems_label.isVisibleTo(dlg)
    assert "abime.json" in dlg.problems_label.toolTip()


def test_a_save_keeps_what_another_pc_changed_in_fields_not_edited_here(qtbot, boxes, two_pcs):  # noqa: F811 -- `boxes` is a fixture
    a, b = two_pcs
    a.save_entry("business", Business("Quincaillerie", address="1 rue", notes=""))
    b.sync_registries()
    dlg = open_dialog(qtbot, b)
    page = dlg.page("business")
    select(page, "Quincaillerie")
    page.form.notes_edit.setPlainText("ouvert le dimanche")  # B types...
    a.save_entry("business", Business("Quincaillerie", address="nouvelle adresse"))  # ...while A moves it
    b.sync_registries()
    dlg.team_changed()
    assert page.form.notes_edit.toPlainText() == "ouvert le dimanche"  # B's typing is kept
    assert page.save() is True
    saved = b.entry("business", "Quincaillerie")
    assert saved.address == "nouvelle adresse" and saved.notes == "ouvert le dimanche"
    a.sync_registries()
    assert a.entry("business", "Quincaillerie") == saved
