"""The inspector (right panel) and TagCommand, on a real temporary library with real media files."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from lectoure_media.core.library import Library
from lectoure_media.core.sidecar import read_sidecar
from lectoure_media.gui.commands import TagCommand
from lectoure_media.gui.inspector import MAX_RECENT, Inspector
from lectoure_media.gui.tag_field import FacetRole, rank_suggestions
from tests.media_factory import make_jpeg, make_random_bytes, make_video
from tests.records import synthetic_ids

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def lib(tmp_path):
    library = Library(tmp_path / "data", flush_delay=0.05)
    yield library
    library.close()


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "Photos"
    for i, name in enumerate(("a.jpg", "b.jpg", "c.jpg", "d.jpg")):
        make_jpeg(root / name, size=(96, 64), taken_at=f"2023:05:1{i} 10:3{i}:00", seed=i)
    return root


@pytest.fixture
def ids(lib, folder):
    """Asset ids by file name, after a real scan."""
    lib.scan(folder)
    return {os.path.basename(a["path"]): int(a["id"]) for a in lib.query()}


@pytest.fixture
def panel(qtbot, lib):
    stack = QUndoStack()
    inspector = Inspector(lib, stack)
    qtbot.addWidget(inspector)
    inspector.resize(360, 760)
    inspector.show()
    qtbot.waitExposed(inspector)
    yield inspector, stack
    inspector.wait_for_preview()


def suggested(inspector):
    model = inspector.completion_model
    return [model.index(r, 0).data() for r in range(model.rowCount()) if model.index(r, 0).data(FacetRole)]


def tags_of(lib, asset_id, facet):
    return lib.asset(asset_id)["tags"][facet]


def sidecar_tags(lib, asset_id, facet):
    assert lib.wait_sidecars(30)
    assert not lib.sidecar_errors
    return read_sidecar(lib.asset(asset_id)["path"]).tags[facet]


def test_typed_business_tags_selection_and_undo_keeps_prior_tag(qtbot, lib, ids, panel):
    inspector, stack = panel
    a, b, c = ids["a.jpg"], ids["b.jpg"], ids["c.jpg"]
    lib.tag([lib.asset(b)["path"]], add={"business": ["Café du Centre"]})
    inspector.set_selection([a, b, c])
    [chip] = inspector.chips["business"]
    assert chip.partial and chip.count == 1 and chip.total == 3
    assert "1/3" in chip.label.text()

    inspector.entry.setFocus()
    qtbot.keyClicks(inspector.entry, "cafe du centre")  # typed without accent nor capitals, nor its type
    assert suggested(inspector) == ["Café du Centre — business"]
    with qtbot.waitSignal(inspector.tagsChanged, timeout=2000) as changed:
        qtbot.keyClick(inspector.entry, Qt.Key.Key_Return)
    assert sorted(changed.args[0]) == sorted([a, c])  # b already carried it: its tags did not change
    assert inspector.entry.text() == ""
    assert stack.count() == 1
    for asset_id in (a, b, c):
        assert tags_of(lib, asset_id, "business") == ["Café du Centre"]
        assert sidecar_tags(lib, asset_id, "business") == ["Café du Centre"]
    [chip] = inspector.chips["business"]
    assert not chip.partial and chip.add_button is None

    with qtbot.waitSignal(inspector.tagsChanged, timeout=2000) as changed:
        stack.undo()
    assert sorted(changed.args[0]) == sorted([a, c])
    assert tags_of(lib, a, "business") == [] and tags_of(lib, c, "business") == []
    assert tags_of(lib, b, "business") == ["Café du Centre"]
    assert sidecar_tags(lib, a, "business") == [] and sidecar_tags(lib, c, "business") == []
    assert sidecar_tags(lib, b, "business") == ["Café du Centre"]
    [chip] = inspector.chips["business"]
    assert chip.partial and chip.count == 1

    stack.redo()
    for asset_id in (a, b, c):
        assert sidecar_tags(lib, asset_id, "business") == ["Café du Centre"]
    assert tags_of(lib, ids["d.jpg"], "business") == []  # not selected: untouched throughout


def test_unknown_business_is_created_inline_with_its_category(qtbot, lib, ids, panel):
    inspector, stack = panel
    a, b = ids["a.jpg"], ids["b.jpg"]
    inspector.set_selection([a, b])
    inspector.entry.setFocus()
    qtbot.keyClicks(inspector.entry, "Boulangerie  Martin")
    qtbot.keyClick(inspector.entry, Qt.Key.Key_Return)
    # Nothing yet: a new registry entry is confirmed first.
    assert inspector.create_panel.isVisible()
    assert "Boulangerie Martin" in inspector.create_label.text()
    assert inspector.category_box.isVisible()
    assert lib.entry("business", "Boulangerie Martin") is None
    assert stack.count() == 0 and tags_of(lib, a, "business") == []

    assert inspector.create_panel.types.hasFocus()  # the type question takes the keyboard
    assert inspector.create_panel.current_facet() == "business"
    inspector.category_box.setCurrentIndex(inspector.category_box.findData("Boulangeries"))
    qtbot.keyClick(inspector.create_panel.types, Qt.Key.Key_Return)  # Enter confirms the type
    assert not inspector.create_panel.isVisible()
    record = lib.entry("business", "Boulangerie Martin")
    assert record is not None and record.category == "Boulangeries"
    for asset_id in (a, b):
        assert tags_of(lib, asset_id, "business") == ["Boulangerie Martin"]
    assert lib.wait_sidecars(30)
    data = read_sidecar(lib.asset(a)["path"])
    assert data.tags["business"] == ["Boulangerie Martin"]
    assert data.categories.get("Boulangerie Martin") == "Boulangeries"

    # A new site: the category question is for businesses only; Cancel leaves everything as it was.
    qtbot.keyClicks(inspector.entry, "Lavoir de la Fontaine")
    qtbot.keyClick(inspector.entry, Qt.Key.Key_Return)
    qtbot.keyClick(inspector.create_panel.types, Qt.Key.Key_Down)
    assert inspector.create_panel.current_facet() == "heritage"
    assert inspector.create_panel.isVisible() and not inspector.category_box.isVisible()
    qtbot.mouseClick(inspector.create_cancel, Qt.MouseButton.LeftButton)
    assert not inspector.create_panel.isVisible()
    assert lib.entry("heritage", "Lavoir de la Fontaine") is None
    qtbot.mouseClick(inspector.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(inspector.create_panel.types, Qt.Key.Key_2)  # 2 = heritage site, confirmed at once
    assert tags_of(lib, a, "heritage") == ["Lavoir de la Fontaine"]
    assert stack.count() == 2


def test_undo_takes_back_an_entry_the_step_created_never_the_persons_edits(qtbot, lib, ids, panel):
    import dataclasses

    _inspector, stack = panel
    a, b = ids["a.jpg"], ids["b.jpg"]
    stack.push(TagCommand(lib, [a, b], "business", ["Épicerie Fine"], [], categories={"Épicerie Fine": "Épiceries"}))
    assert lib.entry("business", "Épicerie Fine").category == "Épiceries"
    stack.undo()
    assert lib.entry("business", "Épicerie Fine") is None  # typed by mistake: gone with the undo
    assert tags_of(lib, a, "business") == tags_of(lib, b, "business") == []
    stack.redo()
    record = lib.entry("business", "Épicerie Fine")
    assert record is not None and record.category == "Épiceries"
    assert tags_of(lib, a, "business") == ["Épicerie Fine"]

    # Its address typed in the registries editor since: undo takes the tags off and keeps the entry.
    lib.save_entry("business", dataclasses.replace(record, address="3 rue Nationale"))
    stack.undo()
    assert lib.entry("business", "Épicerie Fine").address == "3 rue Nationale"
    assert tags_of(lib, a, "business") == []

    # Still carried by an asset tagged meanwhile (another step): kept.
    stack.push(TagCommand(lib, [a], "keywords", ["vitrine"], []))
    stack.push(TagCommand(lib, [b], "keywords", ["vitrine"], []))
    stack.undo()
    assert lib.entry("keywords", "vitrine") is not None and tags_of(lib, a, "keywords") == ["vitrine"]
    stack.undo()
    assert lib.entry("keywords", "vitrine") is None

    # An entry that existed before the step is never removed by its undo.
    lib.ensure_entry("heritage", "Lavoir de la Fontaine")
    stack.push(TagCommand(lib, [a], "heritage", ["Lavoir de la Fontaine"], []))
    stack.undo()
    assert lib.entry("heritage", "Lavoir de la Fontaine") is not None


def test_invalid_name_is_refused_with_a_sentence(qtbot, lib, ids, panel):
    inspector, stack = panel
    inspector.set_selection([ids["a.jpg"]])
    qtbot.keyClicks(inspector.entry, "ete/hiver")  # QTest types ASCII only
    qtbot.keyClick(inspector.entry, Qt.Key.Key_Return)
    assert not inspector.message_label.isHidden()
    assert "« / »" in inspector.message_label.text()
    assert stack.count() == 0
    assert tags_of(lib, ids["a.jpg"], "keywords") == []


def test_remove_and_add_to_all_buttons(qtbot, lib, ids, panel):
    inspector, stack = panel
    a, b, c = ids["a.jpg"], ids["b.jpg"], ids["c.jpg"]
    lib.tag([lib.asset(a)["path"], lib.asset(b)["path"]], add={"keywords": ["marché", "été"]})
    lib.tag([lib.asset(c)["path"]], add={"keywords": ["été"]})
    inspector.set_selection([a, b, c])
    chips = {chip.name: chip for chip in inspector.chips["keywords"]}
    assert set(chips) == {"marché", "été"}
    assert chips["été"].partial is False and chips["marché"].partial is True
    assert [chip.name for chip in inspector.chips["keywords"]] == ["été", "marché"]  # on all first

    with qtbot.waitSignal(inspector.tagsChanged, timeout=2000):
        qtbot.mouseClick(chips["marché"].remove_button, Qt.MouseButton.LeftButton)
    for asset_id in (a, b, c):
        assert tags_of(lib, asset_id, "keywords") == ["été"]
        assert sidecar_tags(lib, asset_id, "keywords") == ["été"]
    assert [chip.name for chip in inspector.chips["keywords"]] == ["été"]

    stack.undo()
    assert sorted(tags_of(lib, a, "keywords")) == ["marché", "été"]
    assert sorted(tags_of(lib, b, "keywords")) == ["marché", "été"]
    assert tags_of(lib, c, "keywords") == ["été"]  # c never had it: undo does not invent it
    assert sorted(sidecar_tags(lib, a, "keywords")) == ["marché", "été"]
    assert sidecar_tags(lib, c, "keywords") == ["été"]

    chips = {chip.name: chip for chip in inspector.chips["keywords"]}
    qtbot.mouseClick(chips["marché"].add_button, Qt.MouseButton.LeftButton)
    assert "marché" in tags_of(lib, c, "keywords")
    assert sidecar_tags(lib, c, "keywords") == ["été", "marché"]
    stack.undo()
    assert tags_of(lib, c, "keywords") == ["été"]
    assert sidecar_tags(lib, c, "keywords") == ["été"]
    assert sorted(tags_of(lib, a, "keywords")) == ["marché", "été"]


def test_autocomplete_proposes_registry_names_accent_insensitively(qtbot, lib, ids, panel):
    inspector, stack = panel
    a = ids["a.jpg"]
    lib.ensure_entry("campaign", "Villes et Villages Fleuris")
    lib.ensure_entry("campaign", "Marché de Noël")
    inspector.set_selection([a])
    inspector.entry.setFocus()
    qtbot.keyClicks(inspector.entry, "FLEUR")
    assert suggested(inspector) == ["Villes et Villages Fleuris — campaign"]
    popup = inspector.completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    assert popup.currentIndex().row() == 0  # the best suggestion is highlighted: Enter takes it
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert tags_of(lib, a, "campaign") == ["Villes et Villages Fleuris"]
    assert stack.count() == 1
    assert not inspector.create_panel.isVisible()  # an existing name is never proposed for creation

    # The seeded heritage list: typed without accents, found by a word inside the name.
    qtbot.keyClicks(inspector.entry, "cathedrale")
    assert suggested(inspector)[0] == "Cathédrale Saint-Gervais-et-Saint-Protais — heritage site"
    assert ("heritage", "Musée archéologique Eugène-Camoreyt (hôtel de ville)") in inspector.completions("musee")
    assert inspector.completions("noel") == [("campaign", "Marché de Noël")]  # every type, one field


def test_folded_matches_ranks_prefix_then_word_then_inside():
    names = ["Tour d'Albinhac", "Albinhac", "Rue Albinhac", "Xalbinhac", "Autre"]
    got = rank_suggestions({"heritage": names}, "albin")
    assert got == [("heritage", n) for n in ["Albinhac", "Rue Albinhac", "Tour d'Albinhac", "Xalbinhac"]]
    assert rank_suggestions({"heritage": names}, "  ") == []


def test_recent_tags_row_and_alt_shortcuts(qtbot, lib, ids, panel):
    inspector, stack = panel
    a, b, c, d = ids["a.jpg"], ids["b.jpg"], ids["c.jpg"], ids["d.jpg"]
    assert inspector.tag_ids([a], "campaign", "Printemps des Poètes")
    assert inspector.tag_ids([a], "keywords", "marché")
    assert [btn.text() for btn in inspector.recent_buttons] == ["marché", "Printemps des Poètes"]

    inspector.set_selection([b, c])
    qtbot.mouseClick(inspector.recent_buttons[1], Qt.MouseButton.LeftButton)
    assert tags_of(lib, b, "campaign") == ["Printemps des Poètes"]
    assert tags_of(lib, c, "campaign") == ["Printemps des Poètes"]
    # Using a recent tag moves it to the front.
    assert [btn.text() for btn in inspector.recent_buttons] == ["Printemps des Poètes", "marché"]

    inspector.set_selection([d])
    inspector.activateWindow()
    qtbot.waitUntil(inspector.isActiveWindow, timeout=2000)
    qtbot.keyClick(inspector, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert tags_of(lib, d, "keywords") == ["marché"]
    assert tags_of(lib, d, "campaign") == []
    assert stack.count() == 4

    for i in range(MAX_RECENT + 1):
        inspector.tag_ids([d], "keywords", f"mot {i}")
    assert len(inspector.recent_buttons) == MAX_RECENT
    assert inspector.recent_buttons[0].text() == f"mot {MAX_RECENT}"
    assert "mot 0" not in [btn.text() for btn in inspector.recent_buttons]

    inspector.focus_tag_entry()
    qtbot.waitUntil(inspector.entry.hasFocus, timeout=2000)


def test_single_asset_metadata_and_preview(qtbot, lib, tmp_path, panel):
    inspector, _stack = panel
    root = tmp_path / "Photos"
    make_jpeg(
        root / "marche" / "place.jpg",
        size=(120, 80),
        taken_at="2023:05:14 10:30:00",
        gps=(43.9325, 0.6221, 160),
        make="Canon",
        model="Canon EOS 80D",
    )
    make_video(root / "clip.mp4", size=(64, 48), seconds=2.0)
    make_random_bytes(root / "broken.jpg")
    lib.scan(root)
    by_name = {os.path.basename(a["path"]): int(a["id"]) for a in lib.query()}

    inspector.set_selection([by_name["place.jpg"]])
    meta = inspector.meta_labels
    assert inspector.title_label.text() == "place.jpg"
    assert meta["folder"].text() == "marche"
    assert "2023" in meta["date"].text() and "14" in meta["date"].text() and "10:30" in meta["date"].text()
    assert meta["dimensions"].text() == "120 × 80 pixels"
    assert meta["camera"].text() == "Canon EOS 80D"
    assert "43.93250, 0.62210" in meta["gps"].text() and "160" in meta["gps"].text()
    assert meta["status"].text() == "OK"
    assert not inspector.meta_form.isRowVisible(meta["duration"])
    assert inspector.meta_box.isVisible()
    qtbot.waitUntil(lambda: inspector.preview.image is not None, timeout=5000)
    image = inspector.preview.image
    assert (image.width(), image.height()) == (120, 80)
    top = image.pixelColor(60, 3)  # the marker's red band: the thumbnail is upright and really decoded
    assert top.red() > 180 and top.green() < 80 and top.blue() < 80

    inspector.set_selection([by_name["clip.mp4"]])
    assert meta["duration"].text() == "0:02"
    assert inspector.meta_form.isRowVisible(meta["duration"])
    assert meta["dimensions"].text() == "64 × 48 pixels"

    inspector.set_selection([by_name["broken.jpg"]])
    assert meta["status"].text().startswith("Unreadable file: ")
    assert len(meta["status"].text()) > len("Unreadable file: ") + 10  # the core's reason follows
    assert inspector.preview.image is None and inspector.preview.text == "No preview available"

    os.remove(root / "marche" / "place.jpg")
    lib.scan(root)
    inspector.set_selection([by_name["place.jpg"]])
    assert meta["status"].text() == "Missing: the file is no longer in the folder."

    inspector.set_selection([by_name["clip.mp4"], by_name["broken.jpg"]])
    assert inspector.preview.image is None
    assert inspector.preview.text == "2 asset(s) selected"
    assert inspector.title_label.text().startswith("2 asset(s) selected")
    assert inspector.meta_box.isHidden()

    inspector.set_selection([])
    assert inspector.preview.text == "No selection"
    assert not inspector.add_button.isEnabled()


def test_tag_command_records_per_asset_and_skips_no_op(lib, ids, qtbot):
    a, b = ids["a.jpg"], ids["b.jpg"]
    lib.tag([lib.asset(a)["path"]], add={"heritage": ["Tour du Bourreau"]})
    stack = QUndoStack()
    seen: list[list[int]] = []
    command = TagCommand(lib, [a, b], "heritage", ["tour du bourreau"], [], seen.append)
    stack.push(command)
    assert command.added == {b: ["Tour du Bourreau"]}
    assert command.removed == {}
    assert seen == [[b]]
    assert tags_of(lib, b, "heritage") == ["Tour du Bourreau"]  # the registered spelling

    # Already on both: nothing to do, so nothing lands on the undo stack.
    stack.push(TagCommand(lib, [a, b], "heritage", ["Tour du Bourreau"], [], seen.append))
    assert stack.count() == 1 and len(seen) == 1

    stack.undo()
    assert tags_of(lib, a, "heritage") == ["Tour du Bourreau"] and tags_of(lib, b, "heritage") == []
    # Between undo and redo another PC tagged b: redo then adds nothing to b, and undo keeps it.
    lib.tag([lib.asset(b)["path"]], add={"heritage": ["Tour du Bourreau"]})
    stack.redo()
    assert command.added == {}
    stack.undo()
    assert tags_of(lib, b, "heritage") == ["Tour du Bourreau"]


def test_failed_tag_edit_is_reported_and_not_pushed(qtbot, lib, ids, panel):
    inspector, stack = panel
    a = ids["a.jpg"]
    inspector.set_selection([a])
    # A category with a forbidden character: the library refuses the whole edit.
    assert not inspector._push_tag(
        [a], "business", add=["Le Bistrot"], remove=[], categories={"Le Bistrot": "Bars/Cafés"}
    )
    assert stack.count() == 0
    assert tags_of(lib, a, "business") == []
    box = inspector.message_box
    assert box is not None and box.isVisible()
    assert "« / »" in box.text()
    box.close()


def test_gps_suggests_the_heritage_site_and_one_click_tags_the_assets_taken_there(
    qtbot, lib, tmp_path, panel, monkeypatch
):
    from lectoure_media.gui import inspector as inspector_module

    inspector, stack = panel
    root = tmp_path / "Cathedrale"
    make_jpeg(root / "nef.jpg", size=(96, 64), gps=(43.93392, 0.62395, None))
    make_jpeg(root / "parvis.jpg", size=(96, 64), gps=(43.93380, 0.62380, None))
    make_jpeg(root / "ailleurs.jpg", size=(96, 64))  # no position
    lib.scan(root)
    by_name = {os.path.basename(a["path"]): int(a["id"]) for a in lib.query()}
    cathedral = "Cathédrale Saint-Gervais-et-Saint-Protais"

    inspector.set_selection(list(by_name.values()))
    assert inspector.nearby_box.isVisible()
    button = inspector.nearby_buttons[0]
    assert button.text() == f"+ {cathedral} (2/3)"
    assert "m from this heritage site" in button.toolTip()

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert tags_of(lib, by_name["nef.jpg"], "heritage") == [cathedral]
    assert tags_of(lib, by_name["parvis.jpg"], "heritage") == [cathedral]
    assert tags_of(lib, by_name["ailleurs.jpg"], "heritage") == []  # not taken there: left alone
    assert not any(cathedral in b.text() for b in inspector.nearby_buttons)
    assert inspector.recent_tags()[0] == ("heritage", cathedral)

    stack.undo()  # one step, like any tag edit
    assert tags_of(lib, by_name["nef.jpg"], "heritage") == []
    assert inspector.nearby_buttons[0].text() == f"+ {cathedral} (2/3)"

    inspector.set_selection([by_name["ailleurs.jpg"]])
    assert not inspector.nearby_box.isVisible()

    # A selection larger than the bound gets no suggestion (and no GPS pass over every asset).
    monkeypatch.setattr(inspector_module, "MAX_NEARBY_SELECTION", 2)
    inspector.set_selection(list(by_name.values()))
    assert not inspector.nearby_box.isVisible() and inspector.nearby_buttons == []


def test_large_selection_is_tagged_off_the_gui_thread_without_public_copies(lib, tmp_path, qtbot, monkeypatch):
    """Tagging a large selection neither runs on the GUI thread nor builds a public() copy of each asset."""
    import threading

    from lectoure_media.core import library as library_module
    from lectoure_media.gui.commands import SYNC_LIMIT

    ids = synthetic_ids(lib, str(tmp_path / "absent"), SYNC_LIMIT + 50)
    copies = []
    real_public = library_module.public
    monkeypatch.setattr(library_module, "public", lambda *a, **k: copies.append(1) or real_public(*a, **k))
    threads = []
    real_apply, real_revert = Library.apply_tags, Library.revert
    monkeypatch.setattr(
        Library,
        "apply_tags",
        lambda self, *a, **k: threads.append(threading.current_thread()) or real_apply(self, *a, **k),
    )
    monkeypatch.setattr(
        Library,
        "revert",
        lambda self, *a, **k: threads.append(threading.current_thread()) or real_revert(self, *a, **k),
    )
    stack = QUndoStack()
    seen: list[list[int]] = []
    command = TagCommand(lib, ids, "keywords", ["marché"], [], seen.append)
    stack.push(command)
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=30_000)
    assert sorted(seen[0]) == sorted(ids) and set(command.added) == set(ids)
    assert all(t is not threading.main_thread() for t in threads) and len(threads) == 1
    stack.undo()
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=30_000)
    assert len(threads) == 2 and threads[1] is not threading.main_thread()
    assert not copies
    assert lib.selection_summary(ids).tags["keywords"] == {}
    stack.redo()
    stack.undo()  # queued right behind its redo: reverts what that redo did
    qtbot.waitUntil(lambda: len(seen) == 4, timeout=30_000)
    assert lib.selection_summary(ids).tags["keywords"] == {} and lib.entry("keywords", "marché") is None
    assert not copies
