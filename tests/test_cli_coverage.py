"""`coverage` on the command line (real processes): CLI.md's JSON shape, the filters, the French table, the
usage errors, and two PCs (two data dirs) on one shared folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from tests.media_factory import make_jpeg

KEYS = ["facet", "name", "category", "town_centre", "assets", "newest", "last_export", "last_published", "status"]


def run(data_dir: Path, *args: str, pc: str = "PC-A") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LECTOURE_MEDIA_PC_NAME": pc, "LECTOURE_MEDIA_LANG": "fr"}
    env.pop("LECTOURE_MEDIA_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "lectoure_media", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def _photos(root: Path) -> None:
    make_jpeg(root / "bastion.jpg", size=(320, 240), taken_at="2024-05-01 10:00:00")
    make_jpeg(root / "cafe.jpg", size=(240, 320), taken_at="2024-06-02 10:00:00")
    make_jpeg(root / "garage.jpg", size=(300, 300), taken_at="2024-07-03 10:00:00")


def test_coverage_json_shape_filters_and_table(tmp_path, library_root):
    _photos(library_root)
    d = tmp_path / "pc-a"
    assert run(d, "scan", str(library_root)).returncode == 0
    tags = [
        ("bastion.jpg", "Le Bastion", "Restaurants"),
        ("cafe.jpg", "Café des Sports", "Cafés et bars"),
        ("garage.jpg", "Garage du Lac", "Services"),
    ]
    for file, name, cat in tags:
        proc = run(d, "tag", str(library_root / file), "--business", name, "--category", cat)
        assert proc.returncode == 0, proc.stderr
    proc = run(
        d, "export", str(library_root / "bastion.jpg"), "--preset", "instagram-portrait", "--out", str(tmp_path / "out")
    )
    assert proc.returncode == 0, proc.stderr

    proc = run(d, "coverage", "--json", "--facet", "business")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert all(list(r) == KEYS for r in rows)
    by_name = {r["name"]: r for r in rows}
    assert set(by_name) == {"Le Bastion", "Café des Sports", "Garage du Lac"}
    assert by_name["Le Bastion"] == {
        "facet": "business",
        "name": "Le Bastion",
        "category": "Restaurants",
        "town_centre": True,
        "assets": 1,
        "newest": "2024-05-01",
        "last_export": {"instagram-portrait": date.today().isoformat()},
        "last_published": {},
        "status": "ok",
    }
    assert [r["status"] for r in rows] == ["never", "never", "ok"]  # most overdue first
    assert by_name["Café des Sports"]["last_export"] == {}

    cats = json.loads(run(d, "coverage", "--json", "--category", "Restaurants").stdout)
    assert [r["name"] for r in cats] == ["Le Bastion"]
    heritage = json.loads(run(d, "coverage", "--json", "--facet", "heritage").stdout)
    assert all(r["facet"] == "heritage" and r["town_centre"] is None for r in heritage)

    plain = run(d, "coverage", "--facet", "business")
    assert plain.returncode == 0
    lines = plain.stdout.splitlines()
    assert lines[0].split()[:3] == ["Statut", "Type", "Nom"]
    assert lines[1].startswith("jamais") and "Café des Sports" in lines[1]
    assert "à jour" in lines[3] and "Le Bastion" in lines[3]
    assert lines[-1] == "3 entrées : 2 jamais mises en avant, 0 pas depuis 6 mois, 1 à jour."

    bad = run(d, "coverage", "--months", "0")
    assert bad.returncode == 2 and "--months" in bad.stderr and bad.stdout == ""
    assert run(d, "coverage", "--facet", "campaign").returncode == 2


def test_two_pcs_on_one_folder(tmp_path, library_root):
    """PC A tags and exports; PC B scans the same share (the tags arrive through the sidecars) and exports
    another photo. The export log is per PC today (the team log is merged from the team-folder branch):
    each PC counts the assets the other tagged, and its own exports."""
    _photos(library_root)
    pc_a, pc_b = tmp_path / "pc-a", tmp_path / "pc-b"
    assert run(pc_a, "scan", str(library_root)).returncode == 0
    for file, name in (("bastion.jpg", "Le Bastion"), ("cafe.jpg", "Café des Sports")):
        assert run(pc_a, "tag", str(library_root / file), "--business", name).returncode == 0
    out = tmp_path / "out"
    assert (
        run(
            pc_a, "export", str(library_root / "bastion.jpg"), "--preset", "facebook-portrait", "--out", str(out)
        ).returncode
        == 0
    )

    assert run(pc_b, "scan", str(library_root), pc="PC-B").returncode == 0
    proc = run(
        pc_b, "export", str(library_root / "cafe.jpg"), "--preset", "website-banner", "--out", str(out), pc="PC-B"
    )
    assert proc.returncode == 0, proc.stderr

    rows_b = {r["name"]: r for r in json.loads(run(pc_b, "coverage", "--json", pc="PC-B").stdout)}
    assert rows_b["Le Bastion"]["assets"] == 1 and rows_b["Café des Sports"]["assets"] == 1
    assert rows_b["Café des Sports"]["last_export"] == {"website-banner": date.today().isoformat()}
    assert rows_b["Café des Sports"]["status"] == "ok"
    rows_a = {r["name"]: r for r in json.loads(run(pc_a, "coverage", "--json").stdout)}
    assert rows_a["Le Bastion"]["last_export"] == {"facebook-portrait": date.today().isoformat()}
    assert rows_a["Le Bastion"]["status"] == "ok"
