"""lectoure_media/core must not import Qt: the engine serves the CLI and tests without a GUI stack."""

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "lectoure_media" / "core"
QT_MODULES = ("PySide6", "PyQt5", "PyQt6", "PySide2", "shiboken6", "qtpy")


def _qt_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        found += [n for n in names if n.split(".")[0] in QT_MODULES]
    return found


def test_core_sources_do_not_import_qt():
    files = sorted(CORE.rglob("*.py"))
    assert len(files) >= 8, "the core package should be found"
    offenders = {str(f.relative_to(CORE)): _qt_imports(f) for f in files}
    offenders = {k: v for k, v in offenders.items() if v}
    assert offenders == {}


def test_checker_detects_a_qt_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtCore import QObject\nimport os\n")
    assert _qt_imports(bad) == ["PySide6.QtCore"]


def test_importing_every_core_module_loads_no_qt():
    code = (
        "import importlib, pkgutil, sys, lectoure_media.core as c\n"
        "for m in pkgutil.walk_packages(c.__path__, 'lectoure_media.core.'):\n"
        "    importlib.import_module(m.name)\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r}]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
