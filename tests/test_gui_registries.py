"""Registries editor dialog on a real temporary library: forms, validation, rename/merge/delete with the
assets (catalog and XMP sidecars) following."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from lectoure_media.core import sidecar
from lectoure_media.core.library import Library
from lectoure_media.core.taxonomy import Business, Campaign, HeritageSite, Keyword
from lectoure_media.gui.registries import NameRole, RegistriesDialog, RegistryPage, parse_hashtags
from tests.media_factory import make_jpeg

Yes = QMessageBox.StandardButton.Yes
No = QMessageBox.StandardButton.No
Save = QMessageBox.StandardButton.Save
Discard = QMessageBox.StandardButton.Discard
Cancel = QMessageBox.StandardButton.Cancel


class Boxes:
    """Stands in for QMessageBox's static functions: records what the person would have read and answers
    questions from `answers` in order."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []
        self.answers: list[QMessageBox.StandardButton] = []
        self.unexpected: list[str] = []

    def _record(self, kind: str):
        def show(_parent, _title, text, *_args, **_kwargs):
            self.shown.append((kind, text))
            return QMessageBox.StandardButton.Ok

        return show

    def question(self, _parent, _title, text, *_args, **_kwargs):
        self.shown.append(("question", text))
        if not self.answers:
            self.unexpected.append(text)
            return Cancel
        return self.answers.pop(0)

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.shown]

    def texts(self, kind: str) -> list[str]:
        return [text for k, text in self.shown if k == kind]


@pytest.fixture
def boxes(monkeypatch):
    b = Boxes()
    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, b._record(kind))
    monkeypatch.setattr(QMessageBox, "question", b.question)
    yield b
    assert b.unexpected == [], "the dialog asked a question the test did not expect"
    assert b.answers == [], "a question the test expected was not asked"


def _settle(dlg: RegistriesDialog) -> None:
    """Before pytest-qt closes the dialog: let a background change end, and forget edits a test left
    unsaved on purpose (refused input), which closing would otherwise ask about."""
    if dlg._task is not None:
        dlg._task.done.wait(10)
    for page in dlg.pages.values():
        page.dirty = False


@pytest.fixture
def open_dialog(qtbot, boxes):
    def open_(library: Library) -> RegistriesDialog:
        dlg = RegistriesDialog(library, None)
        qtbot.addWidget(dlg, before_close_func=_settle)
        with qtbot.waitActive(dlg):  # keyboard shortcuts only reach the active window
            dlg.show()
            dlg.activateWindow()
        return dlg

    return open_


@pytest.fixture
def photos(tmp_path, lib):
    """Three scanned photos: a, b, c."""
    root = tmp_path / "Photos"
    paths = [str(make_jpeg(root / f"{n}.jpg", size=(48, 32), seed=i)) for i, n in enumerate("abc")]
    lib.scan(root)
    return paths


def select(page: RegistryPage, name: str) -> None:
    for i in range(page.list.count()):
        item = page.list.item(i)
        if item.data(NameRole) == name:
            page.list.setCurrentItem(item)
            assert page.original == name
            return
    raise AssertionError(f"{name!r} not listed: {page.names()}")


def tags(lib: Library, path: str, facet: str) -> tuple[list[str], list[str]]:
    """(catalog tags, sidecar tags) of one asset, once every sidecar write is done."""
    assert lib.wait_sidecars(20)
    return lib.get_by_path(path)["tags"][facet], sidecar.read_sidecar(path).tags[facet]


def assert_idle(dlg: RegistriesDialog) -> None:
    assert not dlg.busy
    assert dlg.tabs.isEnabled()
    assert QApplication.overrideCursor() is None


# ----------------------------------------------------------------------------------------------- details


def test_add_business_with_category_and_handles(lib, open_dialog, boxes, qtbot):
    lib.save_entry("business", Business("Boulangerie Duffau"))
    dlg = open_dialog(lib)
    page = dlg.page("business")
    dlg.tabs.setCurrentWidget(page)
    select(page, "Boulangerie Duffau")
    qtbot.keyClick(page.list, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.original is None and page.form.name_edit.hasFocus()
    form = page.form
    qtbot.keyClicks(form.name_edit, "  Le   Bistrot Gascon ")
    form.category.setCurrentText("Traiteurs")
    form.address.setText("12 rue Nationale")
    form.town_centre.setChecked(False)
    form.facebook.setText("lebistrotgascon")
    form.instagram.setText("@bistrot.gascon")
    form.notes_edit.setPlainText("Terrasse l'été")
    assert page.dirty
    with qtbot.waitSignal(dlg.entriesChanged, timeout=5000) as sig:
        qtbot.keyClick(form.name_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert sig.args == ["business"]
    assert lib.entry("business", "le bistrot gascon") == Business(
        name="Le Bistrot Gascon",
        category="Traiteurs",
        address="12 rue Nationale",
        town_centre=False,
        facebook="lebistrotgascon",
        instagram="@bistrot.gascon",
        notes="Terrasse l'été",
    )
    assert page.list.currentItem().text() == "Le Bistrot Gascon  (0)"
    assert page.original == "Le Bistrot Gascon" and not page.dirty
    assert boxes.shown == []

    # A second one with a suggested category; the custom one is now offered as well.
    page.new_entry()
    form.name_edit.setText("Boulangerie Lamothe")
    form.category.setCurrentIndex(form.category.findText("Boulangeries"))
    page.save_button.click()
    assert lib.entry("business", "Boulangerie Lamothe") == Business(
        "Boulangerie Lamothe", category="Boulangeries", town_centre=True
    )
    assert page.names() == ["Boulangerie Duffau", "Boulangerie Lamothe", "Le Bistrot Gascon"]
    again = open_dialog(lib).page("business")
    assert again.form.category.findText("Traiteurs") >= 0
    select(again, "Le Bistrot Gascon")
    assert again.form.category.currentText() == "Traiteurs" and not again.form.town_centre.isChecked()
    assert boxes.shown == []


def test_invalid_or_duplicate_name_is_refused_with_a_message(lib, open_dialog, boxes):
    lib.save_entry("business", Business("Café des Sports"))
    page = open_dialog(lib).page("business")
    for typed, expected in (
        ("Bar/Tabac", "“/” or “|”"),
        ("   ", "cannot be empty"),
        ("café des sports", "already exists"),
    ):
        if page.dirty:
            boxes.answers = [Discard]  # the refused typing of the previous round
        boxes.shown.clear()
        page.new_entry()
        assert page.form.name_edit.text() == ""
        page.form.name_edit.setText(typed)
        page.save_button.click()
        assert boxes.kinds()[-1:] == ["warning"], typed
        assert expected in boxes.texts("warning")[0]
    assert lib.entry_names("business") == ["Café des Sports"]
    assert lib.entry("business", "Café des Sports") == Business("Café des Sports")


def test_edit_site_coordinates(lib, open_dialog, boxes):
    lib.save_entry(
        "heritage",
        HeritageSite("Tour du Bourreau", lat=43.93, lon=0.62, radius_m=80, reference="PA00094810", approximate=True),
    )
    page = open_dialog(lib).page("heritage")
    select(page, "Tour du Bourreau")
    form = page.form
    assert (form.lat.text(), form.lon.text(), form.radius.value()) == ("43.93", "0.62", 80)
    form.lat.setText("43,93214")  # decimal comma, as typed on a French keyboard
    form.lon.setText(" 0.62871 ")
    form.radius.setValue(150)
    form.approximate.setChecked(False)
    page.save_button.click()
    assert boxes.shown == []
    assert lib.entry("heritage", "Tour du Bourreau") == HeritageSite(
        "Tour du Bourreau", lat=43.93214, lon=0.62871, radius_m=150.0, reference="PA00094810", approximate=False
    )
    assert [name for name, _ in lib.sites_near(43.93214, 0.62871)][:1] == ["Tour du Bourreau"]


@pytest.mark.parametrize(
    "lat, lon, expected",
    [
        ("95", "0.62", "between -90 and 90"),
        ("quarante-trois", "0.62", "is not a number"),
        ("nan", "0.62", "between -90 and 90"),
        ("43.93", "", "both the latitude and the longitude"),
        ("43.93", "-181", "between -180 and 180"),
    ],
)
def test_invalid_coordinates_show_a_message_and_save_nothing(lib, open_dialog, boxes, lat, lon, expected):
    site = HeritageSite("Tour du Bourreau", lat=43.93, lon=0.62, radius_m=80)
    lib.save_entry("heritage", site)
    page = open_dialog(lib).page("heritage")
    select(page, "Tour du Bourreau")
    page.form.lat.setText(lat)
    page.form.lon.setText(lon)
    page.form.notes_edit.setPlainText("must not be saved either")
    page.save()
    assert boxes.kinds() == ["warning"]
    assert expected in boxes.texts("warning")[0]
    assert lib.entry("heritage", "Tour du Bourreau") == site
    assert page.dirty  # the typing stays there to be corrected


def test_campaign_dates_and_hashtags(lib, open_dialog, boxes, qtbot):
    page = open_dialog(lib).page("campaign")
    form = page.form
    page.new_entry()
    form.name_edit.setText("Été 2024")
    form.has_start.setChecked(True)
    form.start.setDate(form.start.date().fromString("2024-07-01", Qt.DateFormat.ISODate))
    form.has_end.setChecked(True)
    form.end.setDate(form.end.date().fromString("2024-06-30", Qt.DateFormat.ISODate))
    form.hashtags.setText("lectoure, #Été2024  #LECTOURE ##patrimoine")
    form.credit.setText("© Ville de Lectoure")
    page.save()
    assert boxes.texts("warning") == ["The campaign ends before it starts: check the dates."]
    assert lib.entry("campaign", "Été 2024") is None

    boxes.shown.clear()
    form.end.setDate(form.end.date().fromString("2024-08-31", Qt.DateFormat.ISODate))
    with qtbot.waitSignal(page.dialog.entriesChanged, timeout=5000):
        page.save()
    assert boxes.shown == []
    assert lib.entry("campaign", "Été 2024") == Campaign(
        "Été 2024",
        start="2024-07-01",
        end="2024-08-31",
        hashtags=["#lectoure", "#Été2024", "#patrimoine"],
        credit="© Ville de Lectoure",
    )

    # Dates are optional: unticking one stores none.
    form.has_start.setChecked(False)
    form.hashtags.setText("#Lectoure-Été")
    page.save()
    assert "“#Lectoure-Été” cannot be a hashtag" in boxes.texts("warning")[0]
    form.hashtags.setText("")
    page.save()
    saved = lib.entry("campaign", "Été 2024")
    assert (saved.start, saved.end, saved.hashtags) == (None, "2024-08-31", [])


def test_parse_hashtags():
    assert parse_hashtags("") == []
    assert parse_hashtags("a,b;c  #d\t##e #A") == ["#a", "#b", "#c", "#d", "#e"]
    assert parse_hashtags("# , ##") == []
    with pytest.raises(ValueError) as err:
        parse_hashtags("#ok #pas-ok")
    assert err.value.args == ("#pas-ok",)


def test_unsaved_edits_are_asked_about_on_close_and_on_switch(lib, open_dialog, boxes, qtbot):
    lib.save_entry("business", Business("Café des Sports"))
    lib.save_entry("business", Business("Pharmacie"))
    dlg = open_dialog(lib)
    page = dlg.page("business")
    select(page, "Café des Sports")
    page.form.address.setText("Place du Marché")

    boxes.answers = [Cancel]  # switching entry: stay
    page.list.setCurrentRow(page.names().index("Pharmacie"))
    assert page.original == "Café des Sports" and page.form.address.text() == "Place du Marché"
    assert page.list.currentItem().data(NameRole) == "Café des Sports"

    boxes.answers = [Cancel]  # Escape: stay open
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    assert dlg.isVisible()
    assert lib.entry("business", "Café des Sports").address == ""

    boxes.answers = [Save]
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    assert not dlg.isVisible()
    assert lib.entry("business", "Café des Sports").address == "Place du Marché"
    assert [t for t in boxes.texts("question")] == ["Save the changes to “Café des Sports”?"] * 3


def test_read_only_library_cannot_be_edited(lib, data_dir, open_dialog, boxes):
    lib.save_entry("keywords", Keyword("fête"))
    lib.flush()
    reader = Library(data_dir, read_only=True)
    try:
        dlg = open_dialog(reader)
        page = dlg.page("keywords")
        select(page, "fête")
        assert dlg.read_only_label.isVisibleTo(dlg)
        assert not page.form.isEnabled() and not page.delete_button.isEnabled()
        assert page.save() is False and page.delete() is False
        assert boxes.texts("warning") == [dlg.read_only_text()] * 2
        assert reader.entry_names("keywords") == ["fête"]
    finally:
        reader.close()


# ---------------------------------------------------------------------------------- assets follow edits


def test_rename_business_used_by_two_assets(lib, photos, open_dialog, boxes, qtbot, monkeypatch):
    a, b, c = photos
    lib.tag([a, b], add={"business": ["Bistro"]})
    lib.tag([c], add={"business": ["Pharmacie"]})
    assert lib.wait_sidecars(20)
    dlg = open_dialog(lib)
    page = dlg.page("business")
    select(page, "Bistro")
    assert page.heading.text() == "“Bistro” is used by 2 asset(s)."
    asked: list[str] = []

    def get_text(_parent, _title, label, _mode, text):
        asked.append((label, text))
        return "Le Bistrot Gascon", True

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    with qtbot.waitSignal(dlg.entriesChanged, timeout=15000):
        page.rename_button.click()
    assert asked == [("New name for “Bistro”:", "Bistro")]
    assert_idle(dlg)
    # When the dialog says done, the XMP files say so too (no wait here on purpose).
    assert [sidecar.read_sidecar(p).tags["business"] for p in (a, b)] == [["Le Bistrot Gascon"]] * 2
    assert lib.entry("business", "Bistro") is None
    for path in (a, b):
        assert tags(lib, path, "business") == (["Le Bistrot Gascon"], ["Le Bistrot Gascon"])
    assert tags(lib, c, "business") == (["Pharmacie"], ["Pharmacie"])
    assert page.list.currentItem().text() == "Le Bistrot Gascon  (2)"
    assert page.original == "Le Bistrot Gascon"
    assert boxes.shown == []


def test_renaming_in_the_form_keeps_the_details_and_renames_the_assets(lib, photos, open_dialog, boxes, qtbot):
    a, _b, _c = photos
    lib.tag([a], add={"heritage": ["Tour du Bourreau"]})
    lib.save_entry(
        "heritage", HeritageSite("Tour du Bourreau", lat=43.93, lon=0.62, radius_m=80), original_name="Tour du Bourreau"
    )
    dlg = open_dialog(lib)
    page = dlg.page("heritage")
    select(page, "Tour du Bourreau")
    page.form.name_edit.setText("Tour du bourreau (XIIIe)")
    page.form.radius.setValue(60)
    with qtbot.waitSignal(dlg.entriesChanged, timeout=15000):
        page.save()
    assert_idle(dlg)
    assert lib.entry("heritage", "Tour du Bourreau") is None
    assert lib.entry("heritage", "Tour du bourreau (XIIIe)") == HeritageSite(
        "Tour du bourreau (XIIIe)", lat=43.93, lon=0.62, radius_m=60.0
    )
    assert tags(lib, a, "heritage") == (["Tour du bourreau (XIIIe)"], ["Tour du bourreau (XIIIe)"])
    assert boxes.shown == []


def test_merge_two_businesses(lib, photos, open_dialog, boxes, qtbot, monkeypatch):
    a, b, c = photos
    lib.tag([a, c], add={"business": ["Bistro"]})
    lib.tag([b, c], add={"business": ["Le Bistrot"]})
    assert lib.wait_sidecars(20)
    dlg = open_dialog(lib)
    page = dlg.page("business")
    select(page, "Bistro")
    offered: list[list[str]] = []

    def get_item(_parent, _title, _label, items, _current, _editable):
        offered.append(list(items))
        return "Le Bistrot", True

    monkeypatch.setattr(QInputDialog, "getItem", get_item)
    boxes.answers = [No]
    page.merge_button.click()
    assert offered == [["Le Bistrot"]]
    question = boxes.texts("question")[0]
    assert "Merge “Bistro” into “Le Bistrot”?" in question and "2 asset(s) tagged “Bistro”" in question
    assert lib.entry_names("business") == ["Bistro", "Le Bistrot"]
    assert tags(lib, a, "business") == (["Bistro"], ["Bistro"])

    boxes.answers = [Yes]
    with qtbot.waitSignal(dlg.entriesChanged, timeout=15000):
        page.merge_button.click()
    assert_idle(dlg)
    assert lib.entry_names("business") == ["Le Bistrot"]
    for path in (a, b, c):
        assert tags(lib, path, "business") == (["Le Bistrot"], ["Le Bistrot"])
    assert page.list.currentItem().text() == "Le Bistrot  (3)"


def test_renaming_to_an_existing_name_is_a_merge_after_confirmation(lib, photos, open_dialog, boxes, qtbot):
    a, b, _c = photos
    lib.tag([a], add={"keywords": ["Marché du samedi"]})
    lib.tag([b], add={"keywords": ["Marché"]})
    dlg = open_dialog(lib)
    page = dlg.page("keywords")
    select(page, "Marché du samedi")
    boxes.answers = [Yes]
    with qtbot.waitSignal(dlg.entriesChanged, timeout=15000):
        page.rename("  MARCHÉ ")
    assert len(boxes.texts("question")) == 1
    assert boxes.texts("question")[0].startswith("Merge “Marché du samedi” into “Marché”?\n\n1 asset(s)")
    assert lib.entry_names("keywords") == ["Marché"]
    assert tags(lib, a, "keywords") == (["Marché"], ["Marché"])
    assert tags(lib, b, "keywords") == (["Marché"], ["Marché"])


def test_delete_asks_with_the_count_and_no_keeps_it(lib, photos, open_dialog, boxes, qtbot):
    a, b, c = photos
    lib.tag([a, b], add={"keywords": ["fête", "été"]})
    lib.tag([c], add={"keywords": ["été"]})
    lib.ensure_entry("keywords", "inutilisé")
    dlg = open_dialog(lib)
    page = dlg.page("keywords")
    dlg.tabs.setCurrentWidget(page)
    select(page, "fête")
    page.list.setFocus()

    boxes.answers = [No]
    qtbot.keyClick(page.list, Qt.Key.Key_Delete)
    assert len(boxes.texts("question")) == 1
    assert boxes.texts("question")[0].startswith("Delete “fête”?\n\nIt is used by 2 asset(s)")
    assert "fête" in lib.entry_names("keywords")
    catalog, xmp = tags(lib, a, "keywords")
    assert sorted(catalog) == sorted(xmp) == ["fête", "été"]

    boxes.answers = [Yes]
    with qtbot.waitSignal(dlg.entriesChanged, timeout=15000):
        qtbot.keyClick(page.list, Qt.Key.Key_Delete)
    assert_idle(dlg)
    assert lib.entry_names("keywords") == ["été", "inutilisé"]
    for path in (a, b, c):
        assert tags(lib, path, "keywords") == (["été"], ["été"])
    assert page.original is None and page.list.currentItem() is None

    boxes.shown.clear()
    select(page, "inutilisé")
    boxes.answers = [Yes]
    with qtbot.waitSignal(dlg.entriesChanged, timeout=15000):
        page.delete_button.click()
    assert boxes.texts("question") == ["Delete “inutilisé”? No asset uses it."]
    assert lib.entry_names("keywords") == ["été"]


def test_changing_only_the_case_or_accents_keeps_the_tag_on_the_assets(lib, photos, open_dialog, boxes, qtbot):
    a, _b, _c = photos
    lib.tag([a], add={"business": ["cafe des sports"]})
    dlg = open_dialog(lib)
    page = dlg.page("business")
    select(page, "cafe des sports")
    with qtbot.waitSignal(dlg.entriesChanged, timeout=15000):
        page.rename("Café des Sports")
    assert lib.entry_names("business") == ["Café des Sports"]
    assert tags(lib, a, "business") == (["Café des Sports"], ["Café des Sports"])


def test_the_dialog_saves_under_the_library_lock(lib, open_dialog, boxes, monkeypatch):
    """The scan thread registers names under the library's lock as it reads sidecars: the dialog's saves
    take the same lock (two writers of the registry at once could store one name twice)."""
    from lectoure_media.core.taxonomy import Taxonomy

    held = []
    real_save = Taxonomy.save
    monkeypatch.setattr(
        Taxonomy, "save", lambda self, *a, **k: held.append(lib._lock._is_owned()) or real_save(self, *a, **k)
    )
    dlg = open_dialog(lib)
    page = dlg.page("business")
    dlg.tabs.setCurrentWidget(page)
    page.new_entry()
    page.form.name_edit.setText("Marché couvert")
    page.save_button.click()
    assert held == [True]
    assert lib.entry("business", "marche couvert") == Business("Marché couvert", town_centre=True)
    assert boxes.shown == []


def test_registry_store_failures_reach_the_caller_as_library_errors(data_dir):
    """The facade turns the store's CatalogError into LibraryError (one French sentence)."""
    from lectoure_media.core.library import LibraryError

    Library(data_dir).close()
    with Library(data_dir, read_only=True) as reader:
        with pytest.raises(LibraryError) as info:
            reader.save_entry("business", Business("Boucherie Sarrade"))
        assert "lecture seule" in str(info.value)
        assert reader.entry("business", "Boucherie Sarrade") is None
