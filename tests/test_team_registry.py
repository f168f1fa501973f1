"""The registries in the team folder (issue 10): one JSON file per entry, merges without loss, hostile
files, sync-service conflict copies, the per-PC registry.json migrated once, the heritage list seeded once,
a read-only or missing share queueing edits, the watcher reading another PC's edits back."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from lectoure_media.core.catalog import Store
from lectoure_media.core.library import Library
from lectoure_media.core.taxonomy import Business, Campaign, HeritageSite
from lectoure_media.core.team.conflicts import conflict_original, is_conflict_copy, onedrive_candidates
from lectoure_media.core.team.registry import MAX_FILE_BYTES, RegistryFolder, entry_key
from lectoure_media.core.team.registry_sync import MIGRATED_FILE, QUEUE_FILE
from tests.polling import wait_until

CATHEDRAL = "Cathédrale Saint-Gervais-et-Saint-Protais"  # in resources/heritage.json


@pytest.fixture
def share(tmp_path: Path) -> Path:
    d = tmp_path / "share"
    d.mkdir()
    return d


def reg_dir(share: Path, facet: str) -> Path:
    return share / ".lectoure-media" / "registry" / facet


def entry_file(share: Path, facet: str, name: str) -> Path:
    return reg_dir(share, facet) / f"{entry_key(name)}.json"


def read_doc(share: Path, facet: str, name: str) -> dict:
    return orjson.loads(entry_file(share, facet, name).read_bytes())


@contextlib.contextmanager
def pc(data_dir: Path, share: Path, name: str, monkeypatch: pytest.MonkeyPatch, *, scan: bool = True):
    """A Library playing the PC `name` on the shared folder (scanned once, so it is its primary root)."""
    monkeypatch.setenv("LECTOURE_MEDIA_PC_NAME", name)
    lib = Library(data_dir, probe_workers=1)
    try:
        if scan:
            lib.scan(share)
        yield lib
    finally:
        lib.close()


# -- layout and the file format ---------------------------------------------------------------------


def test_an_entry_is_one_json_file_with_its_version_and_pc(tmp_path, share, monkeypatch):
    with pc(tmp_path / "A", share, "BUREAU-A", monkeypatch) as lib:
        lib.save_entry("business", Business("Café du Centre", address="1 rue Nationale", tiktok="@cafe"))
        doc = read_doc(share, "business", "cafe du centre")  # any spelling of the name: the same file
        assert doc["kind"] == "entry" and doc["facet"] == "business" and doc["name"] == "Café du Centre"
        assert doc["fields"]["address"] == "1 rue Nationale" and doc["fields"]["tiktok"] == "@cafe"
        assert doc["pc"] == "BUREAU-A" and doc["pc_id"].startswith("BUREAU-A-") and doc["version"] == 1
        assert doc["modified"].endswith("Z")
        lib.save_entry("business", Business("Café du Centre", address="2 rue Nationale"))
        assert read_doc(share, "business", "Café du Centre")["version"] == 2
        # The previous version is kept in the history.
        history = lib.entry_history("business", "Café du Centre")
        assert [h["record"].address for h in history] == ["1 rue Nationale"]
        assert history[0]["conflict"] is False


def test_rename_and_delete_leave_tombstones(tmp_path, share, monkeypatch):
    with pc(tmp_path / "A", share, "A", monkeypatch) as lib:
        lib.ensure_entry("campaign", "Été 2025")
        lib.rename_entry("campaign", "Été 2025", "Estivales 2025")
        old = read_doc(share, "campaign", "Été 2025")
        assert old["kind"] == "renamed" and old["to"] == "Estivales 2025"
        assert read_doc(share, "campaign", "Estivales 2025")["kind"] == "entry"
        lib.delete_entry("campaign", "Estivales 2025")
        assert read_doc(share, "campaign", "Estivales 2025")["kind"] == "deleted"
    with pc(tmp_path / "B", share, "B", monkeypatch) as other:
        assert other.entry_names("campaign") == []


# -- two PCs --------------------------------------------------------------------------------------------


def test_different_entries_on_two_pcs_both_survive(tmp_path, share, monkeypatch):
    with pc(tmp_path / "A", share, "A", monkeypatch) as a, pc(tmp_path / "B", share, "B", monkeypatch) as b:
        a.save_entry("business", Business("Boulangerie", address="3 place"))
        b.save_entry("business", Business("Librairie", address="5 rue"))
        a.sync_registries()
        b.sync_registries()
        for lib in (a, b):
            assert [e.name for e in lib.entries("business")] == ["Boulangerie", "Librairie"]
            assert lib.entry("business", "Librairie").address == "5 rue"


def test_same_entry_edited_on_two_pcs_keeps_both_versions(tmp_path, share, monkeypatch):
    with pc(tmp_path / "A", share, "A", monkeypatch) as a:
        a.save_entry("business", Business("Épicerie", address="1 rue"))
    with pc(tmp_path / "A", share, "A", monkeypatch) as a, pc(tmp_path / "B", share, "B", monkeypatch) as b:
        # Both read version 1; A changes the address and the Instagram handle, then B the address only.
        a.save_entry("business", Business("Épicerie", address="adresse de A", instagram="@a"))
        b.save_entry("business", Business("Épicerie", address="adresse de B"))
        disk = read_doc(share, "business", "Épicerie")
        # The later write wins the field both changed; A's other change survives (a three-way merge).
        assert disk["fields"]["address"] == "adresse de B" and disk["fields"]["instagram"] == "@a"
        assert disk["version"] == 3
        history = b.entry_history("business", "Épicerie")
        assert history[0]["record"].address == "adresse de A" and history[0]["conflict"] is True
        assert history[0]["pc"] == "A" and history[0]["replaced_by"] == "B"
        a.sync_registries()
        assert a.entry("business", "Épicerie").address == "adresse de B"


def test_a_new_pc_gets_every_entry_back(tmp_path, share, monkeypatch):
    with pc(tmp_path / "A", share, "A", monkeypatch) as a:
        a.save_entry("business", Business("Boucherie", address="7 rue", town_centre=False))
        a.save_entry("campaign", Campaign("Noël", start="2025-12-01", end="2025-12-31", hashtags=["#noel"]))
        a.ensure_entry("keywords", "marché")
        a.delete_entry("heritage", CATHEDRAL)
    with pc(tmp_path / "new", share, "NEUF", monkeypatch) as new:
        assert new.entry("business", "Boucherie") == Business("Boucherie", address="7 rue", town_centre=False)
        assert new.entry("campaign", "noel").hashtags == ["#noel"]
        assert new.entry_names("keywords") == ["marché"]
        assert new.entry("heritage", CATHEDRAL) is None  # deleted on A: not seeded again


def test_the_heritage_list_is_seeded_once_per_team_folder(tmp_path, share, monkeypatch):
    with pc(tmp_path / "A", share, "A", monkeypatch) as a:
        sites = a.entry_names("heritage")
        assert CATHEDRAL in sites and len(list(reg_dir(share, "heritage").glob("*.json"))) == len(sites)
        a.delete_entry("heritage", CATHEDRAL)
    # B seeded its own cache at its open (no root yet), but the team folder has heritage files: B takes them.
    with pc(tmp_path / "B", share, "B", monkeypatch) as b:
        assert CATHEDRAL not in b.entry_names("heritage")
        assert len(b.entry_names("heritage")) == len(sites) - 1
    assert read_doc(share, "heritage", CATHEDRAL)["kind"] == "deleted"


# -- hostile and broken files ---------------------------------------------------------------------------


def test_hostile_team_files_are_reported_never_fatal(tmp_path, share, monkeypatch):
    with pc(tmp_path / "A", share, "A", monkeypatch) as a:
        a.save_entry("business", Business("Bon", address="1 rue"))
    folder = reg_dir(share, "business")
    good = read_doc(share, "business", "Bon")

    def put(name: str, data: bytes) -> None:
        (folder / name).write_bytes(data)

    put(f"{entry_key('Mauvais JSON')}.json", b"{not json")
    put(f"{entry_key('Liste')}.json", b"[1, 2]")
    put(f"{entry_key('Enorme')}.json", b'{"kind": "entry", "x": "' + b"a" * MAX_FILE_BYTES + b'"}')
    wrong = {**good, "name": "Types", "fields": {"address": 5, "town_centre": "oui"}}
    put(f"{entry_key('Types')}.json", orjson.dumps(wrong))
    put(f"{entry_key('Autre nom')}.json", orjson.dumps({**good, "name": "Pas le même nom"}))
    put(f"{entry_key('Traverse')}.json", orjson.dumps({**good, "name": "../../etc/passwd"}))
    put(f"{entry_key('Genre')}.json", orjson.dumps({**good, "name": "Genre", "kind": "virus"}))
    put(f"{entry_key('Version')}.json", orjson.dumps({**good, "name": "Version", "version": "7"}))
    put(f"{entry_key('Facette')}.json", orjson.dumps({**good, "name": "Facette", "facet": "heritage"}))
    (folder / "sous-dossier.json").mkdir()
    heritage = {**good, "facet": "heritage", "name": "Hors carte", "fields": {"lat": 123.0, "lon": 0.6}}
    (reg_dir(share, "heritage") / f"{entry_key('Hors carte')}.json").write_bytes(orjson.dumps(heritage))
    with pc(tmp_path / "B", share, "B", monkeypatch) as b:
        assert [e.name for e in b.entries("business")] == ["Bon"]
        assert b.entry("heritage", "Hors carte") is None
        problems = dict(b.registry_problems())
        assert len(problems) == 10, problems
        assert all(isinstance(r, str) and r for r in problems.values())
        assert any("64 Ko" in r for r in problems.values())
        # A person's edit of a name whose file is broken replaces it; the broken content goes to history.
        b.save_entry("business", Business("Mauvais JSON", address="réparé"))
        assert read_doc(share, "business", "Mauvais JSON")["fields"]["address"] == "réparé"


def test_links_and_fifos_in_the_registry_never_block_nor_redirect(tmp_path, share, monkeypatch):
    with pc(tmp_path / "A", share, "A", monkeypatch) as a:
        a.ensure_entry("keywords", "fête")
        target = tmp_path / "secret.json"
        target.write_text("{}")
        os.symlink(target, reg_dir(share, "keywords") / "lien.json")
        os.mkfifo(entry_file(share, "keywords", "tuyau"))  # a FIFO under an entry's own name
        os.symlink(target, entry_file(share, "keywords", "raccourci"))
        assert a.sync_registries() is False
        assert a.entry_names("keywords") == ["fête"]
        # Watched paths are read too: no blocking read of the FIFO, the link is reported, not followed.
        a._team.reload_paths(
            [str(entry_file(share, "keywords", "tuyau")), str(entry_file(share, "keywords", "raccourci"))]
        )
        reasons = dict(a.registry_problems())
        assert "lien" in reasons[str(entry_file(share, "keywords", "raccourci"))]
        assert "ordinaire" in reasons[str(entry_file(share, "keywords", "tuyau"))]
        # A person's edit of that name replaces the planted file; the target of the link is untouched.
        a.ensure_entry("keywords", "raccourci")
        assert read_doc(share, "keywords", "raccourci")["kind"] == "entry" and target.read_text() == "{}"
        # A facet folder replaced by a link elsewhere: edits are queued (and said), never written there.
        outside = tmp_path / "ailleurs"
        outside.mkdir()
        shutil.rmtree(reg_dir(share, "campaign"), ignore_errors=True)
        os.symlink(outside, reg_dir(share, "campaign"))
        a.ensure_entry("campaign", "Piège")
        assert list(outside.iterdir()) == [] and a.team_status()


# -- sync-service conflict copies -----------------------------------------------------------------------


def test_conflict_copy_names():
    assert conflict_original("abc-123.sync-conflict-20260301-101500-ABCDEFG.json") == "abc-123.json"
    assert conflict_original("abc-123 (conflicted copy 2026-03-01 101500).json") == "abc-123.json"
    assert conflict_original("abc-123 (Marie's conflicted copy 2026-03-01).json") == "abc-123.json"
    assert conflict_original("IMG_0001.JPG.xmp") is None
    assert onedrive_candidates("cafe-1a2b3c4d5e-BUREAU2.json")[0] == "cafe-1a2b3c4d5e.json"
    assert is_conflict_copy("cafe-1a2b3c4d5e-BUREAU2.json", frozenset({"cafe-1a2b3c4d5e.json"})) == (
        "cafe-1a2b3c4d5e.json"
    )
    assert is_conflict_copy("cafe-1a2b3c4d5e.json", frozenset({"cafe-1a2b3c4d5e.json"})) is None


@pytest.mark.parametrize(
    ("pattern", "copy_is_later"),
    [
        ("{key}.sync-conflict-20260301-101500-ABCDEFG.json", True),
        ("{key} (conflicted copy 2026-03-01 101500).json", False),
        ("{key}-BUREAU2.json", True),
    ],
)
def test_conflict_copies_are_merged_back_and_removed(tmp_path, share, monkeypatch, pattern, copy_is_later):
    with pc(tmp_path / "A", share, "A", monkeypatch) as a:
        a.save_entry("business", Business("Fromagerie", address="original"))
        original = read_doc(share, "business", "Fromagerie")
        copy = {
            **original,
            "fields": {**original["fields"], "address": "copie"},
            "modified": "2099-01-01T00:00:00.000000Z" if copy_is_later else "2000-01-01T00:00:00.000000Z",
            "pc": "BUREAU2",
        }
        copy_path = reg_dir(share, "business") / pattern.format(key=entry_key("Fromagerie"))
        copy_path.write_bytes(orjson.dumps(copy))
        assert a.sync_registries() is copy_is_later
        assert not copy_path.exists()
        winner, loser = ("copie", "original") if copy_is_later else ("original", "copie")
        assert read_doc(share, "business", "Fromagerie")["fields"]["address"] == winner
        assert a.entry("business", "Fromagerie").address == winner
        assert [h["record"].address for h in a.entry_history("business", "Fromagerie")][0] == loser
        assert a.registry_problems() == []


# -- migration ----------------------------------------------------------------------------------------------


def old_registry(data_dir: Path, share: Path, businesses: dict[str, str]) -> None:
    """A data dir as the version before the team folder left it: entries only in its registry.json."""
    data_dir.mkdir(parents=True)
    store = Store(str(data_dir / "registry.json"))
    store.put("roots", 1, {"path": str(share), "last_scan": 0})
    store.put("settings", 1, {"heritage_seeded": True})
    for i, (name, address) in enumerate(businesses.items(), start=1):
        store.put("business", i, {**Business(name, address=address).__dict__})
    store.put("keywords", 1, {"name": "ancien mot"})
    store.close()


def test_migration_writes_the_old_registry_once_and_merges(tmp_path, share, monkeypatch):
    old_registry(tmp_path / "A", share, {"Café": "1 rue", "Bar": ""})
    old_registry(tmp_path / "B", share, {"Bar": "9 avenue", "Hôtel": "2 rue"})
    with pc(tmp_path / "A", share, "A", monkeypatch, scan=False):
        pass
    assert (tmp_path / "A" / MIGRATED_FILE).exists()
    assert read_doc(share, "business", "Café")["version"] == 1
    assert read_doc(share, "keywords", "ancien mot")["kind"] == "entry"
    with pc(tmp_path / "A", share, "A", monkeypatch, scan=False):  # again: nothing rewritten
        pass
    assert read_doc(share, "business", "Café")["version"] == 1
    with pc(tmp_path / "B", share, "B", monkeypatch, scan=False) as b:
        # B's "Bar" had an address A's lacked: merged into the one file, not a second entry.
        assert b.entry("business", "Bar").address == "9 avenue"
        assert sorted(e.name for e in b.entries("business")) == ["Bar", "Café", "Hôtel"]
    assert len(list(reg_dir(share, "business").glob("*.json"))) == 3


def test_two_processes_migrating_at_once_make_one_file_per_entry(tmp_path, share):
    names = {f"Commerce {i}": f"{i} rue" for i in range(40)}
    old_registry(tmp_path / "A", share, names)
    old_registry(tmp_path / "B", share, names)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "lectoure_media", "--data-dir", str(tmp_path / d), "scan", str(share)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**os.environ, "LECTOURE_MEDIA_PC_NAME": f"PC{d}"},
        )
        for d in ("A", "B")
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    files = sorted(reg_dir(share, "business").iterdir())
    assert len([f for f in files if f.suffix == ".json"]) == 40, [f.name for f in files]
    for f in files:
        doc = orjson.loads(f.read_bytes())
        assert doc["kind"] == "entry" and doc["version"] == 1 and names[doc["name"]] == doc["fields"]["address"]


# -- a share out of reach or read-only ----------------------------------------------------------------------


@contextlib.contextmanager
def read_only_mount(folder: Path):
    """`folder` made read-only for everyone, root included (a bind mount remounted ro)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a read-only view")
    if subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True).returncode:
        pytest.skip("bind mounts are not allowed here")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True, capture_output=True)
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_read_only_share_queues_edits_until_it_is_writable(tmp_path, share, monkeypatch):
    data = tmp_path / "A"
    with pc(data, share, "A", monkeypatch):
        pass
    with read_only_mount(share):
        with pc(data, share, "A", monkeypatch, scan=False) as lib:
            lib.save_entry("business", Business("Tabac", address="4 rue"))
            lib.ensure_entry("keywords", "hors ligne")
            assert lib.entry("business", "Tabac").address == "4 rue"  # the user sees it at once
            status = lib.team_status()
            assert status and "2 modification(s)" in status and "lecture seule" in status
        assert not entry_file(share, "business", "Tabac").exists()
        # Closed and opened again while the share is still read-only: the edits are still there.
        with pc(data, share, "A", monkeypatch, scan=False) as lib:
            assert lib.entry("business", "Tabac").address == "4 rue"
            assert lib.entry_names("keywords") == ["hors ligne"]
            assert lib.team_status()
    lines = (data / QUEUE_FILE).read_bytes().splitlines()
    assert len(lines) == 2
    with pc(data, share, "A", monkeypatch, scan=False) as lib:  # writable again: written at the open
        assert lib.team_status() is None
        assert read_doc(share, "business", "Tabac")["fields"]["address"] == "4 rue"
        assert read_doc(share, "keywords", "hors ligne")["kind"] == "entry"
    assert (data / QUEUE_FILE).read_bytes() == b""


def test_an_unreachable_share_queues_and_the_next_scan_writes(tmp_path, share, monkeypatch):
    away = tmp_path / "unmounted"
    with pc(tmp_path / "A", share, "A", monkeypatch) as lib:
        share.rename(away)
        lib.save_entry("business", Business("Pharmacie", address="6 rue"))
        assert lib.team_status() and "injoignable" in lib.team_status()
        assert not share.exists()  # the root of a missing share is never created
        away.rename(share)
        lib.scan(share)
        assert lib.team_status() is None
        assert read_doc(share, "business", "Pharmacie")["fields"]["address"] == "6 rue"


def test_edits_before_any_root_wait_for_the_team_folder(tmp_path, share, monkeypatch):
    with pc(tmp_path / "A", share, "A", monkeypatch, scan=False) as lib:
        lib.save_entry("business", Business("Fleuriste", address="8 rue"))
        assert "dossier partagé" in (lib.team_status() or "")
        lib.scan(share)
        assert read_doc(share, "business", "Fleuriste")["fields"]["address"] == "8 rue"
        assert lib.team_status() is None


# -- live: the watcher reads another PC's edits back ----------------------------------------------------------


@pytest.mark.parametrize("mode", ["polling", "native"])
def test_the_watcher_picks_up_another_pcs_registry_edit(tmp_path, share, monkeypatch, mode):
    summaries = []
    with pc(tmp_path / "A", share, "A", monkeypatch) as a, pc(tmp_path / "B", share, "B", monkeypatch) as b:
        watch = b.watch(
            share, mode=mode, poll_interval=0.3, stable_seconds=0.3, reconcile_interval=3600, on_update=summaries.append
        )
        try:
            wait_until(lambda: watch.status.state in ("polling", "watching"), 20)
            a.save_entry("business", Business("Caviste", address="10 rue"))
            assert wait_until(lambda: (b.entry("business", "Caviste") or Business("")).address == "10 rue", 10)
            assert wait_until(lambda: any(s.registry_changed for s in summaries), 5)
            a.delete_entry("business", "Caviste")
            assert wait_until(lambda: b.entry("business", "Caviste") is None, 10)
        finally:
            watch.stop()


# -- crash safety ---------------------------------------------------------------------------------------------

WRITER = """
import sys
from lectoure_media.core.library import Library
from lectoure_media.core.taxonomy import Business
lib = Library(sys.argv[1])
lib.scan(sys.argv[2])
print("ready", flush=True)
i = 0
while True:
    i += 1
    lib.save_entry("business", Business(f"Commerce {i % 7}", address="x" * (i % 300), notes=str(i)))
"""


def test_kill_9_during_registry_writes_leaves_whole_files(tmp_path, share):
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path / "A"), str(share)],
        stdout=subprocess.PIPE,
        cwd=str(Path(__file__).resolve().parents[1]),
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
        assert wait_until(lambda: len(list(reg_dir(share, "business").glob("*.json"))) == 7, 30)
        wait_until(
            lambda: max(orjson.loads(f.read_bytes())["version"] for f in reg_dir(share, "business").glob("*.json")) > 5,
            30,
        )
    finally:
        proc.kill()
        proc.wait()
    # Every file of the registry folders is whole JSON: temporary files live in .lectoure-media/tmp/.
    every = [f for f in (share / ".lectoure-media" / "registry").rglob("*") if f.is_file()]
    for f in every:
        orjson.loads(f.read_bytes())
    files = [f for f in reg_dir(share, "business").iterdir() if f.suffix == ".json"]
    assert len(files) == 7
    for f in files:
        doc = orjson.loads(f.read_bytes())
        assert doc["kind"] == "entry" and doc["name"].startswith("Commerce")
    # The next PC reads them all, and a lock the killed writer left behind does not block its edits.
    folder = RegistryFolder(str(share), "B", "B-1")
    for f in files:
        name = orjson.loads(f.read_bytes())["name"]
        assert folder.write("business", name, "entry", {"notes": "après"}, base=None).record.version > 1


def test_heritage_record_from_the_team_keeps_its_type(tmp_path, share, monkeypatch):
    with pc(tmp_path / "A", share, "A", monkeypatch) as a:
        a.save_entry("heritage", HeritageSite("Lavoir", lat=43.9, lon=0.62, radius_m=40))
    with pc(tmp_path / "B", share, "B", monkeypatch) as b:
        site = b.entry("heritage", "lavoir")
        assert isinstance(site, HeritageSite) and site.radius_m == 40 and site.lat == 43.9


def test_an_edit_queued_by_another_process_during_a_replay_is_kept(tmp_path, share, monkeypatch):
    """The app replays the queue while a `registry set` beside it appends to it: the replay removes only the
    lines it wrote."""
    from lectoure_media.core.team import registry as registry_mod

    away = tmp_path / "away"
    with pc(tmp_path / "A", share, "A", monkeypatch) as lib:
        share.rename(away)
        lib.ensure_entry("keywords", "un")
        lib.ensure_entry("keywords", "deux")
        away.rename(share)
        real_write = registry_mod.RegistryFolder.write
        calls = []

        def write(self, *args, **kwargs):
            if not calls:  # another process of this PC queues an edit in the middle of the replay
                other = [
                    "import sys, orjson",
                    "line = orjson.dumps({'facet': 'keywords', 'name': 'trois', 'kind': 'entry', 'fields': {}})",
                    "open(sys.argv[1], 'ab').write(line + b'\\n')",
                ]
                subprocess.run([sys.executable, "-c", "\n".join(other), str(tmp_path / "A" / QUEUE_FILE)], check=True)
            calls.append(args)
            return real_write(self, *args, **kwargs)

        monkeypatch.setattr(registry_mod.RegistryFolder, "write", write)
        written = lib._team.flush_queue()
        assert [r.name for r in written] == ["un", "deux"]
        assert [op["name"] for op in lib._team.queued()] == ["trois"]
        lib._team.flush_queue()
        assert lib._team.queued() == [] and read_doc(share, "keywords", "trois")["kind"] == "entry"


def test_a_watching_library_writes_queued_edits_once_the_share_is_writable_again(tmp_path, share, monkeypatch):
    """No event says a share became writable again: the watch retries the queue on its own."""
    from lectoure_media.core import reconcile

    monkeypatch.setattr(reconcile._TeamRetry, "RETRY", 0.2)
    summaries = []
    with pc(tmp_path / "A", share, "A", monkeypatch) as lib:
        watch = lib.watch(share, mode="polling", poll_interval=0.3, on_update=summaries.append)
        try:
            assert wait_until(lambda: summaries, 20)  # the reconcile at the start of the watch is done
            with read_only_mount(share):
                lib.save_entry("business", Business("Cordonnier", address="3 rue"))
                assert lib.team_status()
            before = len(summaries)
            assert wait_until(lambda: entry_file(share, "business", "Cordonnier").exists(), 10)
            assert read_doc(share, "business", "Cordonnier")["fields"]["address"] == "3 rue"
            assert wait_until(lambda: lib.team_status() is None and len(summaries) > before, 5)  # the window hears
        finally:
            watch.stop()


def test_the_store_is_generic_another_kind_of_record_can_join(share):
    """Consents (another engineer's) can live in the same store: any facet name, plain fields kept."""
    folder = RegistryFolder(str(share), "A", "A-1")
    rec = folder.write("consents", "Marie Dupont", "entry", {"scope": ["social", "web"], "minor": False}).record
    again = folder.read("consents", "marie dupont")
    assert again == rec and again.fields == {"scope": ["social", "web"], "minor": False}
    # A newer version's unknown field in a business survives an older PC's edit.
    folder.write("business", "Atelier", "entry", {"address": "1 rue", "futur": "x"})
    folder.write("business", "Atelier", "entry", {"address": "2 rue"}, base=folder.read("business", "Atelier").meta)
    assert folder.read("business", "Atelier").fields == {"address": "2 rue", "futur": "x"}


def test_a_new_pcs_first_scan_reads_the_team_registry_before_the_sidecars(tmp_path, share, monkeypatch):
    """Names read from the sidecars are found in the team registry, not written again one by one (each write
    is a lock and a read on the share)."""
    from lectoure_media.core.team import registry as registry_mod
    from tests.media_factory import make_jpeg

    paths = [str(make_jpeg(share / f"p{i}.jpg", seed=i)) for i in range(3)]
    with pc(tmp_path / "A", share, "A", monkeypatch) as a:
        a.tag(paths, add={"keywords": [f"mot {i}" for i in range(30)]})
        assert a.wait_sidecars(60)
    calls = []
    real_write = registry_mod.RegistryFolder.write

    def write(self, *args, **kwargs):
        calls.append(args[:2])
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(registry_mod.RegistryFolder, "write", write)
    with pc(tmp_path / "B", share, "B", monkeypatch) as b:
        assert len(b.entry_names("keywords")) == 30
        assert sorted(b.get_by_path(paths[0])["tags"]["keywords"]) == sorted(f"mot {i}" for i in range(30))
    assert calls == []


def test_an_edit_that_neither_the_share_nor_the_data_dir_takes_fails_in_french(tmp_path, share, monkeypatch):
    from lectoure_media.core.library import LibraryError

    with pc(tmp_path / "A", share, "A", monkeypatch) as lib:
        share.rename(tmp_path / "away")
        (tmp_path / "A" / QUEUE_FILE).mkdir()  # the queue cannot be appended to
        with pytest.raises(LibraryError, match="ni dans le dossier partagé ni sur ce poste"):
            lib.save_entry("business", Business("Vitrier", address="1 rue"))
        lib.team_status()  # no exception either
        (tmp_path / "A" / QUEUE_FILE).rmdir()
        (tmp_path / "away").rename(share)
