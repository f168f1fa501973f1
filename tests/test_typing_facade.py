"""The facade is the API the GUI and the CLI use: its module and the engines' record, tagging and settings
modules type-check strictly and lint clean, and its public methods carry precise types (what a caller gets
back is checked by mypy's assert_type, so an untyped method, which gives Any, fails here)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FACADE_FILES = [
    "lectoure_media/core/library.py",
    "lectoure_media/core/tagging.py",
    "lectoure_media/core/record.py",
    "lectoure_media/core/settings.py",
]

# What callers of the facade get back, as mypy sees it (never Any).
USES = textwrap.dedent(
    """
    from __future__ import annotations

    from typing import Any, assert_type

    from lectoure_media.core.export.batch import ItemResult
    from lectoure_media.core.export.crop import CropBox
    from lectoure_media.core.library import Library, RegistryEntry
    from lectoure_media.core.reconcile import LibraryWatch, ScanSummary
    from lectoure_media.core.settings import Settings
    from lectoure_media.core.tagging import TagChange
    from lectoure_media.core.taxonomy import Business, Campaign, HeritageSite, Keyword


    def uses(lib: Library, facet: str) -> None:
        assert_type(lib.asset(1), dict[str, Any] | None)
        assert_type(lib.query(), list[dict[str, Any]])
        assert_type(lib.get_by_path("a.jpg"), dict[str, Any] | None)
        assert_type(lib.tag(["a.jpg"], add={"keywords": ["marché"]}), list[dict[str, Any]])
        assert_type(lib.apply_tags([1], add={"keywords": ["marché"]}), TagChange)
        assert_type(lib.revert(TagChange()), list[int])
        assert_type(lib.entry("business", "Café"), Business | None)
        assert_type(lib.entry("heritage", "Lavoir"), HeritageSite | None)
        assert_type(lib.entry("campaign", "Été"), Campaign | None)
        assert_type(lib.entry("keywords", "marché"), Keyword | None)
        assert_type(lib.entry(facet, "x"), RegistryEntry | None)
        assert_type(lib.entries("heritage"), list[HeritageSite])
        assert_type(lib.entries(facet), list[RegistryEntry])
        assert_type(lib.export(["a.jpg"], ["web"], "out", video_mode="fit"), list[ItemResult])
        assert_type(lib.export_log(), list[dict[str, Any]])
        assert_type(lib.sidecar_notices, list[dict[str, Any]])
        assert_type(lib.scan("/photos"), ScanSummary)
        assert_type(lib.watch("/photos", on_update=lambda s: None), LibraryWatch)
        assert_type(lib.update_settings(default_credit="Mairie"), Settings)
        assert_type(lib.framing_for(1, "web"), CropBox)
        assert_type(lib.canonical_name("keywords", "marche"), str | None)
        assert_type(lib.ensure_entry("keywords", "marché"), str)
        assert_type(lib.sites_near(43.9, 0.6), list[tuple[str, float]])
    """
)


def _mypy(*paths: str) -> subprocess.CompletedProcess[str]:
    # The project's configuration (strict); imported modules are analysed but only these files reported.
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--follow-imports=silent",
            *paths,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_facade_modules_type_check_strictly_and_lint_clean():
    result = _mypy(*FACADE_FILES)
    assert result.returncode == 0, result.stdout + result.stderr
    for check in (["check"], ["format", "--check"]):
        lint = subprocess.run(
            [sys.executable, "-m", "ruff", *check, *FACADE_FILES], cwd=ROOT, capture_output=True, text=True, timeout=120
        )
        assert lint.returncode == 0, lint.stdout + lint.stderr


def test_facade_methods_give_their_callers_precise_types(tmp_path):
    uses = tmp_path / "facade_uses.py"
    uses.write_text(USES, encoding="utf-8")
    result = _mypy(str(uses))
    assert result.returncode == 0, result.stdout + result.stderr
