"""bench/soak.py (issue 8, item 15) kept from rotting: a tiny run of it, and its checks shown able to fail."""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from .polling import wait_until

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "bench" / "soak.py"


def _soak_module():
    spec = importlib.util.spec_from_file_location("lm_soak", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["lm_soak"] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def _run(tmp_path: Path, *extra: str) -> tuple[subprocess.CompletedProcess, dict]:
    report = tmp_path / "report.json"
    r = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--work",
            str(tmp_path / "work"),
            "--report",
            str(report),
            "--max-seconds",
            "90",
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=str(REPO),
    )
    assert report.exists(), r.stdout + r.stderr
    return r, json.loads(report.read_text(encoding="utf-8"))


@pytest.mark.slow
def test_tiny_soak_one_command_at_a_time_kills_and_finds_nothing_wrong(tmp_path):
    """One command at a time (no two writers of one sidecar at once), 10 SIGKILLs: a correct engine passes
    every check, whatever moment each kill lands on."""
    r, rep = _run(tmp_path, "--kills", "10", "--seed", "5", "--parallel", "1", "--photos", "3")
    assert rep["violations"] == [], r.stdout
    assert r.returncode == 0, r.stdout + r.stderr
    assert "soak: OK" in r.stdout
    assert rep["kills"] >= 10
    assert sum(rep["killed"].values()) == rep["kills"]
    # The run did what it claims: killed several kinds of command, and had tags saved before the kills
    # (one per PC) whose sidecars it checked then and after the kills.
    assert len([k for k, n in rep["killed"].items() if n]) >= 2, rep["killed"]
    assert [(h["pc"], h["outcome"]) for h in rep["history"] if h["seq"] == 0] == [("A", "exit 0"), ("B", "exit 0")]
    assert rep["checks"] > 30


def test_soak_checks_report_a_lost_tag_a_broken_sidecar_and_a_partial_export(tmp_path):
    """The checks the soak ends with can fail: a tag command that exited 0 whose tag then vanished from the
    sidecar, a sidecar cut in half and a half-written export file are all reported."""
    soak_mod = _soak_module()
    args = argparse.Namespace(
        seed=3, photos=2, kills=0, parallel=2, kill_ratio=0.0, pair_ratio=0.0, max_seconds=60.0, keep=True
    )
    soak = soak_mod.Soak(args, tmp_path / "work")
    soak.setup()
    photos = [f for f in soak.files if f.endswith(".jpg")]
    soak.start("tag-add", "A", files=[photos[0]])
    soak.start("tag-add", "B", files=[photos[1]])

    def reaped():
        soak.reap(0.0)
        return not soak.jobs

    assert wait_until(reaped, timeout=120)
    # two tags saved in setup (one per PC), then these two, each checked in its sidecar at exit
    assert [t.state for t in soak.tags.values()] == ["saved"] * 4, soak.stats.violations
    assert soak.stats.violations == []
    lost, cut = (Path(p + ".xmp") for p in photos)
    lost.unlink()  # as if another PC's write had replaced it with a version without our tag
    data = cut.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    partial = soak.out["A"] / "IMG_0000_x-post.jpg"
    partial.write_bytes(Path(photos[0]).read_bytes()[:3000])

    soak.final()
    kinds = {kind for kind, _ in soak.stats.violations}
    details = "\n".join(f"{k}: {d}" for k, d in soak.stats.violations)
    assert "tag lost" in kinds, details
    # The report names the command that saved the lost tag, so a real loss can be traced.
    assert any(
        k == "tag lost" and d.startswith("sidecar:") and "IMG_0000" in d and "added by #" in d
        for k, d in soak.stats.violations
    ), details
    assert "sidecar not whole XML" in kinds, details
    assert "partial export file" in kinds, details
    rep = soak.summary(0.0)
    assert rep["violations"], rep
