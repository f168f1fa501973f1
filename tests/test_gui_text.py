"""One way of filling %1, %2… in translated strings (gui/text.fill): one pass, so a value that contains
"%2" is shown as typed, never substituted again."""

import ast
from pathlib import Path

import pytest

from lectoure_media.gui.text import fill

GUI = Path(__file__).resolve().parents[1] / "lectoure_media" / "gui"


def test_fill_substitutes_every_placeholder_once():
    assert fill("%1 (%2/%3)", "Promo %2 été", 1, 2) == "Promo %2 été (1/2)"
    assert fill("%2 puis %1", "a", "b") == "b puis a"
    assert fill("“%1” et encore “%1”", "x") == "“x” et encore “x”"
    assert fill("%1: %2 — %3", "Mot-clé", "%3%1", "Alt+1") == "Mot-clé: %3%1 — Alt+1"
    assert fill("%1 of %2 — %p%", 3, 7) == "3 of 7 — %p%"  # Qt's own %p (progress bars) is left alone
    assert fill("%1 et %2", "seul") == "seul et %2"  # a placeholder without a value stays as written


def test_a_tag_name_containing_placeholders_is_shown_as_typed(qtbot, lib):
    from lectoure_media.gui.inspector import Inspector, TagChip

    chip = TagChip("business", "Promo %2 %3", 1, 2)
    qtbot.addWidget(chip)
    assert chip.label.text() == "Promo %2 %3 (1/2)"
    assert chip.add_button.toolTip() == "Add “Promo %2 %3” to all selected assets"

    from PySide6.QtGui import QUndoStack

    stack = QUndoStack()
    inspector = Inspector(lib, stack)
    qtbot.addWidget(inspector)
    inspector.set_recent_tags([["keywords", "remise %3 %2"]])
    # "%1: %2 — %3": the name must not receive the shortcut (%3) nor itself (%2) a second time
    assert inspector.recent_buttons[0].toolTip().startswith("Keyword: remise %3 %2 — ")
    assert inspector.recent_buttons[0].toolTip() != "Keyword: remise %3 %2 — %3"


# Files other engineers own during issue 9; each moves to gui.text.fill when its branch is merged (then
# its entry goes). Every other file of gui/ fills placeholders through fill() only.
NOT_YET_CONVERTED: set[str] = set()


@pytest.mark.parametrize(
    "path", sorted(p for p in GUI.glob("*.py") if p.name not in NOT_YET_CONVERTED), ids=lambda p: p.name
)
def test_placeholders_are_filled_by_the_one_helper(path):
    """No `.replace("%1", …)` chain and no private copy of the helper."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    offenders = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "replace"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and node.args[0].value.startswith("%")
        ):
            offenders.append(f"line {node.lineno}: .replace({node.args[0].value!r}, …)")
    for node in tree.body:  # a module-level copy of the helper (a form's fill(record) method is another thing)
        if isinstance(node, ast.FunctionDef) and path.name != "text.py" and node.name in ("fill", "_fmt"):
            offenders.append(f"line {node.lineno}: def {node.name}")
    assert offenders == []
