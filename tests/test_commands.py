"""The added subcommands (lectoure_media/commands/): every module that registers a command is listed, and
imported by name (the frozen app's builder finds only imports it can read: a command imported through
importlib was missing from the installed app)."""

from __future__ import annotations

import ast
from pathlib import Path

from lectoure_media import commands

FOLDER = Path(commands.__file__).parent


def test_every_command_module_is_listed_and_imported_statically():
    with_register = {
        p.stem
        for p in FOLDER.glob("*.py")
        if p.stem != "__init__"
        and any(isinstance(n, ast.FunctionDef) and n.name == "register" for n in ast.parse(p.read_text("utf-8")).body)
    }
    assert with_register == set(commands.MODULES)
    assert [m.__name__.rsplit(".", 1)[1] for m in commands.modules()] == list(commands.MODULES)
    tree = ast.parse((FOLDER / "__init__.py").read_text("utf-8"))
    assert not any(
        isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "import_module" for n in ast.walk(tree)
    ), "no importlib: PyInstaller must see the imports"
