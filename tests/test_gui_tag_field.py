"""One tag field for every type (issue 13, item 2), driven by real key events: an existing name of any type
is a few letters and Enter; a new name asks its type once (keyboard-driven); suggestions show their type."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from lectoure_media.core.library import Library
from lectoure_media.gui.inspector import Inspector
from lectoure_media.gui.tag_field import FacetRole, best_row
from tests.media_factory import make_jpeg

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def lib(tmp_path):
    library = Library(tmp_path / "data", flush_delay=0.05)
    yield library
    library.close()


@pytest.fixture
def ids(lib, tmp_path):
    root = tmp_path / "Photos"
    for i, name in enumerate(("a.jpg", "b.jpg")):
        make_jpeg(root / name, size=(96, 64), taken_at=f"2023:05:1{i} 10:30:00", seed=i)
    lib.scan(root)
    return {os.path.basename(a["path"]): int(a["id"]) for a in lib.query()}


@pytest.fixture
def panel(qtbot, lib):
    stack = QUndoStack()
    inspector = Inspector(lib, stack)
    qtbot.addWidget(inspector)
    inspector.resize(360, 760)
    inspector.show()
    inspector.activateWindow()
    qtbot.waitUntil(inspector.isActiveWindow, timeout=2000)
    yield inspector, stack
    inspector.wait_for_preview()


def tags(lib, asset_id):
    return {f: n for f, n in lib.asset(asset_id)["tags"].items() if n}


def rows(inspector):
    model = inspector.completion_model
    return [(model.index(r, 0).data(FacetRole), model.index(r, 0).data()) for r in range(model.rowCount())]


def type_and_enter(qtbot, inspector, text):
    """The person's actions: the letters typed, then Enter (in the popup when it shows)."""
    inspector.entry.setFocus()
    qtbot.keyClicks(inspector.entry, text)
    popup = inspector.completer.popup()
    target = popup if popup.isVisible() else inspector.entry
    qtbot.keyClick(target, Qt.Key.Key_Return)


@pytest.mark.parametrize(
    ("facet", "name", "typed"),
    [
        ("business", "Café du Centre", "caf"),
        ("heritage", "Lavoir de la Fontaine", "lavoi"),
        ("campaign", "Printemps des Poètes", "print"),
        ("keywords", "vitrine", "vitr"),
    ],
)
def test_an_existing_name_of_any_type_is_a_few_letters_and_enter(qtbot, lib, ids, panel, facet, name, typed):
    inspector, stack = panel
    lib.ensure_entry(facet, name)
    a = ids["a.jpg"]
    inspector.set_selection([a])
    inspector.entry.setFocus()
    qtbot.keyClicks(inspector.entry, typed)
    shown = rows(inspector)
    assert shown[0][0] == facet and shown[0][1].startswith(name + " — ")  # the suggestion shows its type
    qtbot.keyClick(inspector.completer.popup(), Qt.Key.Key_Return)
    assert tags(lib, a) == {facet: [name]}
    assert not inspector.create_panel.isVisible()  # no question for an existing name
    assert inspector.entry.text() == ""
    assert stack.count() == 1


def test_one_field_mixes_the_types_with_their_type_shown(qtbot, lib, ids, panel):
    inspector, _stack = panel
    lib.ensure_entry("business", "Marché Couvert")
    lib.ensure_entry("campaign", "Marché de Noël")
    lib.ensure_entry("keywords", "marché")
    inspector.set_selection([ids["a.jpg"]])
    inspector.entry.setFocus()
    qtbot.keyClicks(inspector.entry, "marche")
    texts = [text for facet, text in rows(inspector) if facet]
    assert "Marché Couvert — business" in texts
    assert "Marché de Noël — campaign" in texts
    assert "marché — keyword" in texts
    assert best_row(inspector.completions("marche"), "marche") == texts.index("marché — keyword")


def test_a_new_name_asks_its_type_once_by_keyboard(qtbot, lib, ids, panel):
    inspector, stack = panel
    a, b = ids["a.jpg"], ids["b.jpg"]
    inspector.set_selection([a])
    type_and_enter(qtbot, inspector, "Bistrot Lafayette")
    chooser = inspector.create_panel
    assert chooser.isVisible() and chooser.types.hasFocus()
    assert "Bistrot Lafayette" in chooser.label.text()
    assert lib.entry("business", "Bistrot Lafayette") is None and stack.count() == 0
    qtbot.keyClick(chooser.types, Qt.Key.Key_1)  # 1 = business
    assert not chooser.isVisible()
    assert tags(lib, a) == {"business": ["Bistrot Lafayette"]}
    assert lib.entry("business", "Bistrot Lafayette") is not None
    assert inspector.entry.hasFocus()

    # Known from now on: the next time is letters and Enter, no question.
    inspector.set_selection([b])
    type_and_enter(qtbot, inspector, "bistrot laf")
    assert not chooser.isVisible()
    assert tags(lib, b) == {"business": ["Bistrot Lafayette"]}

    # Escape in the question cancels and gives the keyboard back to the field.
    type_and_enter(qtbot, inspector, "Fanfare")
    qtbot.waitUntil(chooser.types.hasFocus, timeout=2000)
    qtbot.keyClick(chooser.types, Qt.Key.Key_Escape)
    assert not chooser.isVisible() and inspector.entry.hasFocus()
    assert lib.entry("keywords", "Fanfare") is None


def test_a_new_name_that_begins_like_an_existing_one_can_still_be_created(qtbot, lib, ids, panel):
    inspector, _stack = panel
    lib.ensure_entry("business", "Boulangerie Martin")
    a = ids["a.jpg"]
    inspector.set_selection([a])
    inspector.entry.setFocus()
    qtbot.keyClicks(inspector.entry, "Boulangerie")
    popup = inspector.completer.popup()
    last = inspector.completion_model.rowCount() - 1
    assert rows(inspector)[last] == ("", "+ New tag “Boulangerie”…")
    qtbot.keyClick(popup, Qt.Key.Key_Down)  # from the highlighted suggestion to "+ New tag…"
    assert popup.currentIndex().row() == last
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    chooser = inspector.create_panel
    assert chooser.isVisible()
    qtbot.keyClick(chooser.types, Qt.Key.Key_4)  # a keyword
    assert tags(lib, a) == {"keywords": ["Boulangerie"]}


def test_a_name_in_two_registries_shows_both_types_and_asks_without_the_list(qtbot, lib, ids, panel):
    inspector, _stack = panel
    lib.ensure_entry("heritage", "Halle")
    lib.ensure_entry("keywords", "halle")
    a = ids["a.jpg"]
    inspector.set_selection([a])
    inspector.entry.setFocus()
    qtbot.keyClicks(inspector.entry, "halle")
    assert [text for facet, text in rows(inspector)] == ["Halle — heritage site", "halle — keyword"]
    popup = inspector.completer.popup()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert tags(lib, a) == {"keywords": ["halle"]}

    # The list closed (Escape), Enter asks which of the two is meant.
    inspector.set_selection([ids["b.jpg"]])
    qtbot.keyClicks(inspector.entry, "halle")
    qtbot.keyClick(popup, Qt.Key.Key_Escape)
    qtbot.keyClick(inspector.entry, Qt.Key.Key_Return)
    chooser = inspector.create_panel
    assert chooser.isVisible()
    offered = [chooser.types.item(r).data(FacetRole) for r in range(4) if not chooser.types.item(r).isHidden()]
    assert offered == ["heritage", "keywords"]
    qtbot.keyClick(chooser.types, Qt.Key.Key_Return)
    assert tags(lib, ids["b.jpg"]) == {"heritage": ["Halle"]}
