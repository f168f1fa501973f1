"""Two PCs (two data dirs, real `lectoure_media` processes) sharing one folder's team registry (issue 10):
an entry made on one is shown on the other after its scan and while it watches; edits made at the same
moment keep both; a new PC gets everything back; `registry` commands work while `watch` owns the catalog."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from lectoure_media.core.catalog import Store
from lectoure_media.core.team.registry import entry_key
from tests.media_factory import make_jpeg
from tests.polling import wait_until

BUSINESS_KEYS = [
    "facet", "name", "category", "address", "town_centre", "facebook", "instagram", "tiktok", "siret", "closed",
    "notes",
]  # fmt: skip


def env_for(pc: str) -> dict[str, str]:
    return {**os.environ, "LECTOURE_MEDIA_PC_NAME": pc, "LECTOURE_MEDIA_LANG": "fr"}


def cli(data_dir: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lectoure_media", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env_for(data_dir.name),
    )


def start(data_dir: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "lectoure_media", "--data-dir", str(data_dir), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env_for(data_dir.name),
    )


def ok(proc: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert proc.returncode == 0, f"exit {proc.returncode}: {proc.stderr}"
    return proc


def show(data_dir: Path, facet: str, name: str) -> dict:
    return json.loads(ok(cli(data_dir, "registry", "show", facet, name, "--json")).stdout)


def cached(data_dir: Path, facet: str) -> dict[str, dict]:
    """The entries a PC's local cache (registry.json) holds, by name."""
    store = Store(str(data_dir / "registry.json"), read_only=True)
    try:
        return {doc["name"]: doc for _, doc in store.items(facet)}
    finally:
        store.close()


@pytest.fixture
def office(tmp_path: Path) -> tuple[Path, Path, Path]:
    share = tmp_path / "share"
    share.mkdir()
    make_jpeg(share / "photo.jpg")
    a, b = tmp_path / "PCA", tmp_path / "PCB"
    ok(cli(a, "scan", str(share)))
    return share, a, b


def test_an_entry_made_on_one_pc_is_listed_on_the_other_after_its_scan(office):
    share, a, b = office
    created = json.loads(
        ok(
            cli(a, "registry", "set", "business", "Café du Centre", "--address", "1 rue Nationale", "--category",
                "Restaurants", "--instagram", "@cafe", "--tiktok", "@cafe.tt", "--json")
        ).stdout
    )  # fmt: skip
    assert list(created) == BUSINESS_KEYS
    assert created["address"] == "1 rue Nationale" and created["town_centre"] is True
    ok(cli(b, "scan", str(share)))
    assert show(b, "business", "cafe du centre") == created
    listed = json.loads(ok(cli(b, "registry", "list", "business", "--json")).stdout)
    assert listed == [created]
    assert cached(b, "business")["Café du Centre"]["address"] == "1 rue Nationale"


def test_an_entry_made_on_one_pc_reaches_the_other_while_it_watches(office):
    share, a, b = office
    ok(cli(b, "scan", str(share)))
    watcher = start(b, "watch", str(share), "--polling", "--interval", "0.5")
    try:
        ok(cli(a, "registry", "set", "business", "Boulangerie", "--address", "3 place", "--not-town-centre"))
        # B's watch reads it back into B's own cache (flushed after each batch)
        assert wait_until(lambda: cached(b, "business").get("Boulangerie", {}).get("address") == "3 place", 20)
        # A `registry set` on B while its watch owns B's catalog: the team folder is written, the watch reads it.
        proc = ok(cli(b, "registry", "set", "business", "Boulangerie", "--facebook", "boulangerie.lectoure"))
        assert "Entrée « Boulangerie » enregistrée." in proc.stdout
        assert wait_until(
            lambda: cached(b, "business").get("Boulangerie", {}).get("facebook") == "boulangerie.lectoure", 20
        )
        assert show(a, "business", "Boulangerie")["facebook"] == "boulangerie.lectoure"
        assert show(a, "business", "Boulangerie")["town_centre"] is False
        # rename while B's watch owns the catalog: said so, only the registry changes
        proc = ok(cli(b, "registry", "rename", "business", "Boulangerie", "Boulangerie Dupont"))
        assert "tenu par un autre processus" in proc.stderr
        assert show(a, "business", "Boulangerie Dupont")["address"] == "3 place"
        assert wait_until(lambda: "Boulangerie" not in cached(b, "business"), 20)
    finally:
        watcher.send_signal(signal.SIGINT)
        watcher.communicate(timeout=30)


def test_two_pcs_editing_different_entries_at_once_keep_both(office):
    share, a, b = office
    ok(cli(b, "scan", str(share)))
    runs = [
        start(pc, "registry", "set", "business", f"Commerce {pc.name}", "--address", f"rue {pc.name}") for pc in (a, b)
    ]
    for p in runs:
        p.communicate(timeout=120)
        assert p.returncode == 0
    for pc in (a, b):
        listed = json.loads(ok(cli(pc, "registry", "list", "business", "--json")).stdout)
        assert {e["name"]: e["address"] for e in listed} == {"Commerce PCA": "rue PCA", "Commerce PCB": "rue PCB"}


def test_the_same_entry_edited_on_two_pcs_at_once_keeps_both_versions(office):
    share, a, b = office
    ok(cli(b, "scan", str(share)))
    ok(cli(a, "registry", "set", "campaign", "Été", "--start", "2026-06-01"))
    runs = [start(pc, "registry", "set", "campaign", "Été", "--credit", f"Photo {pc.name}") for pc in (a, b)]
    for p in runs:
        p.communicate(timeout=120)
        assert p.returncode == 0
    final = show(a, "campaign", "ete")["credit"]
    assert final in ("Photo PCA", "Photo PCB") and show(b, "campaign", "Été")["credit"] == final
    assert show(a, "campaign", "Été")["start"] == "2026-06-01"
    history = share / ".lectoure-media" / "history" / "campaign" / f"{entry_key('Été')}.jsonl"
    credits = [json.loads(line)["record"]["fields"].get("credit") for line in history.read_text().splitlines()]
    other = "Photo PCB" if final == "Photo PCA" else "Photo PCA"
    assert other in credits  # the overwritten version is kept


def test_a_new_pc_gets_every_registry_entry_back(office, tmp_path):
    share, a, _b = office
    ok(cli(a, "registry", "set", "business", "Boucherie", "--address", "7 rue", "--category", "Artisans"))
    ok(cli(a, "registry", "set", "heritage", "Lavoir", "--lat", "43.93", "--lon", "0.62", "--radius", "40"))
    ok(cli(a, "registry", "set", "campaign", "Noël", "--hashtags", "noel, #Lectoure", "--start", "2026-12-01"))
    ok(cli(a, "registry", "set", "keyword", "marché"))
    ok(cli(a, "registry", "delete", "heritage", "Remparts"))
    new = tmp_path / "NEUF"
    ok(cli(new, "scan", str(share)))
    for facet in ("business", "heritage", "campaign", "keyword"):
        assert (
            cli(new, "registry", "list", facet, "--json").stdout == cli(a, "registry", "list", facet, "--json").stdout
        )
    assert show(new, "campaign", "Noël")["hashtags"] == ["#noel", "#Lectoure"]
    assert show(new, "heritage", "Lavoir") == {
        "facet": "heritage", "name": "Lavoir", "lat": 43.93, "lon": 0.62, "radius_m": 40.0, "reference": "",
        "address": "", "notes": "",
    }  # fmt: skip
    assert cli(new, "registry", "show", "heritage", "Remparts").returncode == 1


def business_tags(data_dir: Path) -> list[str]:
    (item,) = [json.loads(line) for line in ok(cli(data_dir, "list", "--json")).stdout.splitlines() if line.strip()]
    return item["tags"]["business"]


def test_rename_and_delete_retag_the_assets_when_this_process_owns_the_catalog(office):
    share, a, _b = office
    photo = str(share / "photo.jpg")
    ok(cli(a, "tag", photo, "--business", "Vieux Nom"))
    ok(cli(a, "registry", "rename", "business", "Vieux Nom", "Nouveau Nom"))
    assert business_tags(a) == ["Nouveau Nom"]
    ok(cli(a, "registry", "delete", "business", "Nouveau Nom"))
    assert business_tags(a) == []
    doc = orjson.loads(
        (share / ".lectoure-media" / "registry" / "business" / f"{entry_key('Nouveau Nom')}.json").read_bytes()
    )
    assert doc["kind"] == "deleted"


def test_registry_usage_and_errors_in_french(office):
    _share, a, _b = office
    proc = cli(a, "registry", "set", "keyword", "fête", "--address", "1 rue")
    assert proc.returncode == 2 and "ne s'applique pas" in proc.stderr
    proc = cli(a, "registry", "show", "business", "Inconnu")
    assert proc.returncode == 1 and "n'est pas dans ce registre" in proc.stderr
    proc = cli(a, "registry", "set", "heritage", "Puits", "--lat", "123", "--lon", "0.6")
    assert proc.returncode == 1 and "hors limites" in proc.stderr and proc.stdout == ""
    proc = cli(a, "registry", "set", "campaign", "Mai", "--start", "2026-13-45")
    assert proc.returncode == 1 and "AAAA-MM-JJ" in proc.stderr


def test_registry_set_with_the_share_away_is_queued_and_written_by_the_next_scan(office, tmp_path):
    share, a, b = office
    share.rename(tmp_path / "away")
    proc = ok(cli(a, "registry", "set", "business", "Mercerie", "--address", "12 rue"))
    assert "injoignable" in proc.stderr and "gardées sur ce poste" in proc.stderr
    assert show(a, "business", "Mercerie")["address"] == "12 rue"  # shown at once on this PC
    (tmp_path / "away").rename(share)
    ok(cli(a, "scan", str(share)))
    ok(cli(b, "scan", str(share)))
    assert show(b, "business", "Mercerie")["address"] == "12 rue"
    assert cli(a, "registry", "set", "business", "Mercerie", "--notes", "x").stderr == ""  # nothing waits any more


def test_registry_list_says_which_shared_files_it_ignored(office):
    share, a, _b = office
    folder = share / ".lectoure-media" / "registry" / "business"
    ok(cli(a, "registry", "set", "business", "Bon", "--address", "1 rue"))
    (folder / f"{entry_key('Piégé')}.json").write_bytes(b'{"kind": "entry", "name": ' + b"[" * 100_000)
    proc = ok(cli(a, "registry", "list", "business", "--json"))
    assert [e["name"] for e in json.loads(proc.stdout)] == ["Bon"]
    assert "Fichier du registre partagé ignoré" in proc.stderr and "64 Ko" in proc.stderr
