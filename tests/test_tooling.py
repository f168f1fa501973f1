"""The lint and type-check tooling: configured in pyproject.toml, run by `dev.py lint`, run by CI before the tests,
and every suppression of a finding says which rule and why."""

from __future__ import annotations

import fnmatch
import importlib.util
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

# A suppression comment, whatever follows it; and the accepted forms: the rule codes, then the reason.
SUPPRESSION = re.compile(r"#\s*(noqa|type:\s*ignore)\b(.*)$")
NOQA_WITH_REASON = re.compile(r"^:\s*[A-Z]+[0-9]+(\s*,\s*[A-Z]+[0-9]+)*\s+--\s+\S")
IGNORE_WITH_REASON = re.compile(r"^\[[a-z-]+(\s*,\s*[a-z-]+)*\]\s+(#|--)\s*\S")


def _load_dev():
    spec = importlib.util.spec_from_file_location("lectoure_dev_script", ROOT / "dev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _checked_sources() -> list[Path]:
    """The project's Python sources that the linters check (the temporary exclusions of pyproject.toml left out)."""
    excluded = PYPROJECT.get("tool", {}).get("ruff", {}).get("extend-exclude", [])
    files = [ROOT / "dev.py", *ROOT.glob("packaging/*.spec")]
    for folder in ("lectoure_media", "tests", "bench", "packaging", "docs"):
        files += (ROOT / folder).rglob("*.py")
    out = []
    for path in files:
        rel = path.relative_to(ROOT).as_posix()
        if not any(fnmatch.fnmatch(rel, pattern) for pattern in excluded):
            out.append(path)
    return sorted(out)


def test_every_suppression_names_its_rule_and_gives_its_reason():
    sources = _checked_sources()
    assert ROOT / "lectoure_media" / "core" / "catalog.py" in sources  # the walk found the engine
    bad = []
    for path in sources:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found = SUPPRESSION.search(line)
            if found is None:
                continue
            kind, rest = found.group(1), found.group(2)
            pattern = NOQA_WITH_REASON if kind == "noqa" else IGNORE_WITH_REASON
            if not pattern.match(rest):
                bad.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not bad, "a suppression without its rule code and reason:\n" + "\n".join(bad)


def test_ruff_and_mypy_are_configured_with_the_agreed_rules():
    ruff = PYPROJECT["tool"]["ruff"]
    assert ruff["line-length"] == 120
    assert {"E", "F", "W", "I", "B", "UP", "SIM"} <= set(ruff["lint"]["select"])
    assert not ruff["lint"].get("ignore"), "rules are suppressed case by case, with a reason, not globally"

    mypy = PYPROJECT["tool"]["mypy"]
    assert mypy["strict"] is True
    assert "lectoure_media" in mypy["files"]
    # No override relaxes the engine: strict typing holds for all of lectoure_media/core (the GUI alone has
    # a looser override, for PySide6's signatures).
    refactoring: set[str] = set()
    for override in mypy.get("overrides", []):
        modules = set(override["module"]) if isinstance(override["module"], list) else {override["module"]}
        core = {m for m in modules if m.startswith("lectoure_media.core")}
        assert core <= refactoring, f"an override relaxes the engine: {sorted(core - refactoring)}"

    lint_extra = " ".join(PYPROJECT["project"]["optional-dependencies"]["lint"])
    assert "ruff" in lint_extra and "mypy" in lint_extra


def test_ci_runs_the_lint_before_the_tests_and_stops_on_failure():
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert "set -euo pipefail" in lines
    assert "python3 dev.py lint" in lines
    assert lines.index("python3 dev.py lint") < lines.index("python3 dev.py test")


def test_dev_lint_runs_every_check_and_fails_when_one_fails(monkeypatch, capsys, tmp_path):
    dev = _load_dev()
    assert [name for name, _ in dev.LINT_STEPS] == ["ruff check", "ruff format --check", "mypy"]
    ran = tmp_path / "steps"
    record = "import sys; open(sys.argv[1], 'a').write(sys.argv[2] + '\\n'); sys.exit(int(sys.argv[3]))"
    steps = tuple((f"step{i}", ["-c", record, str(ran), f"step{i}", code]) for i, code in enumerate("010"))
    monkeypatch.setattr(dev, "LINT_STEPS", steps)
    assert dev.lint(Path(sys.executable)) == 1
    assert ran.read_text().split() == ["step0", "step1", "step2"]  # one failure does not hide the others
    assert "lint failed: step1" in capsys.readouterr().err

    ran.unlink()
    monkeypatch.setattr(dev, "LINT_STEPS", steps[:1])
    assert dev.lint(Path(sys.executable)) == 0
    assert ran.read_text().split() == ["step0"]


def test_dev_py_knows_the_lint_command(monkeypatch):
    dev = _load_dev()
    called = []
    monkeypatch.setattr(dev, "ensure_venv", lambda: Path(sys.executable))
    monkeypatch.setattr(dev, "lint", lambda py: called.append(py) or 0)
    assert dev.main(["lint"]) == 0
    assert called == [Path(sys.executable)]
