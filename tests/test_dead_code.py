"""No public method of the engine's classes that nothing calls: dead code misleads the next reader (a
docstring said the GUI warmed the search text; nothing did)."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CLASSES = {
    "lectoure_media/core/search.py": ["AssetIndex"],
    "lectoure_media/core/reconcile.py": ["LibraryWatch"],
    "lectoure_media/core/library.py": ["Library"],
    "lectoure_media/core/sidecar_writer.py": ["SidecarWriter"],
}


def _sources() -> dict[Path, str]:
    files = [*ROOT.glob("lectoure_media/**/*.py"), *ROOT.glob("bench/*.py"), *ROOT.glob("tests/*.py")]
    return {f: f.read_text(encoding="utf-8") for f in files if f.name != Path(__file__).name}


@pytest.mark.parametrize("module", sorted(CLASSES))
def test_every_public_method_is_used_somewhere(module):
    sources = _sources()
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    unused = []
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef) and n.name in CLASSES[module]):
        for fn in cls.body:
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) or fn.name.startswith("_"):
                continue
            use = re.compile(rf"\.{fn.name}\b")
            if not any(use.search(text) for text in sources.values()):
                unused.append(f"{cls.name}.{fn.name}")
    assert unused == []
