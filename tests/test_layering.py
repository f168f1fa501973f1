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


# -- the declared boundary: what gui/ and cli.py may take from core ------------------------------------

PACKAGE = CORE.parent
# The facade, its errors and the value types / pure helpers that travel through it; nothing that holds
# storage (catalog, taxonomy, sidecar, index, thumbs) and no engine (reconcile, sidecar_writer, watch).
ALLOWED_FROM_CORE = frozenset(
    {
        # the facade and its errors
        "Library", "LibraryError", "default_data_dir", "RootUnreachable", "french_os_reason",
        "LibraryWatch",  # the handle Library.watch() returns
        "WatchStatus",  # what Library.watch(on_status=...) reports
        "CatalogError",  # the CLI reports a final save refused by the disk (cli.main)
        # values through the facade
        "ScanSummary", "SelectionSummary", "TagChange", "Filter", "Settings", "replace_settings",
        "CoverageReport", "CoverageRow", "MonthPoint",  # Library.coverage()
        "ImportSummary",  # Library.import_businesses()
        # the model's naming rules and fixed vocabularies
        "FACETS", "FORBIDDEN_TAG_CHARS", "InvalidName", "clean_name", "fold", "unique_names",
        "BUSINESS_CATEGORIES", "RECORD_TYPES",
        # file names as the user sees them
        "printable", "is_printable", "os_bytes", "json_path", "ProbeError",
        # export: presets, framing geometry, naming, plan, results
        "ExportPreset", "SafeZone", "UnknownPreset", "load_presets", "load_presets_report",
        "CropBox", "InvalidCrop", "centred_box", "move_box", "resize_from_corner", "scale_about_centre",
        "even_for", "frame_for", "smart_frames", "TEMPLATE_FIELDS", "InvalidTemplate", "render_name",
        "KindGroup", "example_file_name", "split_by_kind", "Overlay",
        "FitAdvice", "fit_advice",  # videos a crop would enlarge a lot (export dialog, CLI hint)
        "CANCELLED_MESSAGE", "BatchProgress", "ExportItem", "ItemResult",
        "ensure_demo_library",
        # rights and consents (issue 11)
        "Consent", "ConsentError", "CONSENT_SCOPES", "LICENCES", "RightsChange", "rights_match",
        # picks (issue 12 item 6): the undo value, the error, the colour names
        "PickChange", "InvalidPick",
        # duplicates (issue 12 item 7): the groups and what trashing did
        "DuplicateGroup", "TrashResult",
    }
)  # fmt: skip


def _module_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _core_imports(path: Path) -> list[tuple[str, str]]:
    """(module, name) for every import of lectoure_media.core* in `path`; name is "" for `import x`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_of(path).rsplit(".", 1)[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, "") for a in node.names if a.name.startswith("lectoure_media.core")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module == "lectoure_media":  # `from .. import core`
                found += [(f"{module}.{a.name}", "") for a in node.names if a.name == "core"]
            elif module.startswith("lectoure_media.core"):
                found += [(module, a.name) for a in node.names]
    return found


def _boundary_offences(path: Path) -> list[str]:
    return [
        f"{module}:{name}" if name else module
        for module, name in _core_imports(path)
        if module != "lectoure_media.core" or name not in ALLOWED_FROM_CORE
    ]


def _front_ends() -> list[Path]:
    return sorted((PACKAGE / "gui").glob("*.py")) + sorted((PACKAGE / "commands").glob("*.py")) + [PACKAGE / "cli.py"]


def test_gui_and_cli_import_only_the_declared_core_surface():
    files = _front_ends()
    assert len(files) >= 10, "the GUI modules should be found"
    offenders = {str(f.relative_to(PACKAGE)): _boundary_offences(f) for f in files}
    assert {k: v for k, v in offenders.items() if v} == {}
    assert any(_core_imports(f) for f in files), "the checker should see the front ends' core imports"


def test_the_allow_list_is_the_declared_public_surface():
    import lectoure_media.core as core

    assert set(core.__all__) == ALLOWED_FROM_CORE
    for name in core.__all__:
        assert getattr(core, name) is not None, name


def test_boundary_checker_catches_a_storage_import(tmp_path):
    gui = tmp_path / "lectoure_media" / "gui"
    gui.mkdir(parents=True)
    bad = gui / "bad.py"
    bad.write_text(
        "from ..core.catalog import CatalogError\n"
        "from ..core import taxonomy\n"
        "from ..core import Library, Store\n"
        "import lectoure_media.core.library\n"
        "from lectoure_media.core import Filter\n"
        "from .. import core\n"
        "from .text import fill\n"
    )
    global PACKAGE
    saved, PACKAGE = PACKAGE, tmp_path / "lectoure_media"
    try:
        assert _boundary_offences(bad) == [
            "lectoure_media.core.catalog:CatalogError",
            "lectoure_media.core:taxonomy",
            "lectoure_media.core:Store",
            "lectoure_media.core.library",
            "lectoure_media.core",
        ]
    finally:
        PACKAGE = saved


def test_the_type_checkers_names_are_the_ones_loaded_at_run_time():
    """core/__init__.py names each public object twice (TYPE_CHECKING imports, the lazy table): they agree."""
    import lectoure_media.core as core

    tree = ast.parse((CORE / "__init__.py").read_text(encoding="utf-8"))
    typed = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for imp in node.body:
                assert isinstance(imp, ast.ImportFrom) and imp.level == 1 and imp.module
                typed.update({a.asname or a.name: (imp.module, a.name) for a in imp.names})
    assert typed == core._PUBLIC


def test_importing_the_core_package_loads_no_engine():
    code = (
        "import sys, lectoure_media.core as c\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('lectoure_media.core.'))\n"
        "print(loaded); sys.exit(1 if loaded else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
