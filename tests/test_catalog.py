"""Catalog store: TinyDB file format, O(1) access, write-behind saving, backup, migration, read-only mode."""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import orjson
import pytest
import tinydb
from tinydb import Query

from lectoure_media.core.catalog import CatalogError, Store
from tests.polling import wait_until

pytestmark = pytest.mark.timeout(60)


def on_disk(path: Path) -> dict:
    return orjson.loads(path.read_bytes())


def asset(i: int, **extra) -> dict:
    doc = {
        "path": f"//mairie/com/Photos/2024/IMG_{i:04d}.JPG",
        "size": 1000 + i,
        "kind": "photo",
        "tags": {
            "business": ["Café de la Paix"],
            "heritage": ["Cathédrale Saint-Gervais"],
            "campaign": [],
            "keywords": ["été"],
        },
        "gps": [43.9361, 0.6228],
        "focal": None,
    }
    doc.update(extra)
    return doc


@pytest.fixture
def stores():
    """Open stores through this factory so that every writer thread is stopped at the end of the test."""
    opened: list[Store] = []

    def make(path, **kwargs) -> Store:
        s = Store(path, **kwargs)
        opened.append(s)
        return s

    yield make
    for s in opened:
        with contextlib.suppress(CatalogError):
            s.close()


@pytest.fixture
def path(tmp_path) -> Path:
    return tmp_path / "data" / "catalog.json"


def test_round_trip_through_a_real_file(stores, path):
    s = stores(path)
    docs = {i: asset(i) for i in range(1, 51)}
    for i, d in docs.items():
        s.put("assets", i, d)
    s.put("businesses", 7, {"name": "Boulangerie Dupont", "street": "Rue Nationale"})
    s.close()

    raw = on_disk(path)
    assert set(raw) == {"_meta", "assets", "businesses"}
    assert raw["assets"]["13"] == asset(13)
    assert raw["_meta"]["1"]["schema"] == 1

    again = stores(path)
    assert again.recovery is None and not again.recovered_from_backup and not again.rebuilt
    assert again.count("assets") == 50
    assert dict(again.items("assets")) == docs
    assert again.get("businesses", 7) == {"name": "Boulangerie Dupont", "street": "Rue Nationale"}
    assert sorted(again.tables()) == ["assets", "businesses"]


def test_plain_tinydb_reads_what_we_wrote_and_we_read_what_it_wrote(stores, path, tmp_path):
    s = stores(path)
    for i in range(1, 11):
        s.put("assets", i, asset(i, kind="video" if i % 3 == 0 else "photo"))
    s.close()

    db = tinydb.TinyDB(str(path))  # TinyDB's own JSONStorage
    try:
        table = db.table("assets")
        assert len(table) == 10
        assert table.get(doc_id=4) == asset(4)
        assert sorted(d.doc_id for d in table.search(Query().kind == "video")) == [3, 6, 9]
    finally:
        db.close()

    foreign = tmp_path / "tinydb.json"
    db = tinydb.TinyDB(str(foreign))
    db.table("assets").insert_multiple([asset(1), asset(2), asset(3)])
    db.table("assets").remove(doc_ids=[3])
    db.close()
    s = stores(foreign, schema_version=1)
    assert s.recovery is None
    assert s.get("assets", 2) == asset(2)
    # An id past every id present in the foreign file.
    assert s.next_id("assets") == 3
    s.close()
    assert on_disk(foreign)["_meta"]["1"]["schema"] == 1


def test_put_get_delete_next_id(stores, path):
    s = stores(path)
    assert s.get("assets", 1) is None
    assert s.count("assets") == 0
    assert list(s.items("assets")) == []

    first, second = s.next_id("assets"), s.next_id("assets")
    assert (first, second) == (1, 2)
    d = asset(first)
    s.put("assets", first, d)
    # Stored as given, not copied (documented: callers must not mutate it afterwards).
    assert s.get("assets", first) is d
    s.put("assets", second, asset(second))
    s.put("assets", second, asset(second, kind="video"))  # replace
    assert s.get("assets", second)["kind"] == "video"
    assert s.count("assets") == 2

    assert s.delete("assets", second) is True
    assert s.delete("assets", second) is False
    assert s.delete("nothing-here", 1) is False
    assert s.get("assets", second) is None
    # A deleted id is never reused.
    assert s.next_id("assets") == 3
    # An explicit id beyond the counter moves the counter past it.
    s.put("assets", 40, asset(40))
    assert s.next_id("assets") == 41
    s.put_many("assets", {50: asset(50), 45: asset(45)})
    assert s.next_id("assets") == 51
    assert s.next_id("other") == 1  # counters are per table

    with pytest.raises(TypeError):
        s.put("assets", 5, ["not", "a", "dict"])
    with pytest.raises(ValueError):
        s.put("assets", -1, {})
    with pytest.raises(ValueError):
        s.put("assets", "3", {})
    with pytest.raises(ValueError):
        s.put("_meta", 1, {})
    s.close()

    again = stores(path)
    assert sorted(i for i, _ in again.items("assets")) == [1, 40, 45, 50]
    assert again.next_id("assets") == 52  # survives the restart, including the deleted top id
    assert again.next_id("other") == 2


def test_items_is_a_snapshot_that_survives_concurrent_changes(stores, path):
    s = stores(path, flush_delay=0.05)
    s.put_many("assets", {i: asset(i) for i in range(1, 101)})
    seen = []
    for i, _ in s.items("assets"):
        seen.append(i)
        s.put("assets", 1000 + i, asset(1000 + i))  # would break a live dict iteration
        if i % 10 == 0:
            s.delete("assets", i + 1)
    assert sorted(seen) == list(range(1, 101))
    assert s.count("assets") == 200 - 9


def test_write_behind_reaches_disk_without_flush(stores, path):
    s = stores(path, flush_delay=0.2)
    s.put("assets", 1, asset(1))
    s.put("assets", 2, asset(2))

    def saved() -> bool:
        try:
            return on_disk(path).get("assets", {}).get("2") == asset(2)
        except (FileNotFoundError, orjson.JSONDecodeError):
            return False

    assert wait_until(saved), "the writer thread never saved the change"
    # the counter is bumped just after the file is replaced: wait for it rather than race it
    assert wait_until(lambda: s.storage.write_count >= 1)
    assert s.last_error is None
    assert wait_until(lambda: not s.dirty)


def test_put_does_no_io_until_the_delay_or_flush(stores, path):
    s = stores(path, flush_delay=30)
    s.put("assets", 1, asset(1))
    assert not path.exists()
    assert s.storage.write_count == 0
    s.flush()
    assert on_disk(path)["assets"]["1"] == asset(1)
    assert s.storage.write_count == 1
    s.flush()  # nothing changed since: no second write
    assert s.storage.write_count == 1


def test_burst_of_puts_is_coalesced_into_few_writes(stores, path):
    s = stores(path, flush_delay=0.5)
    for i in range(1, 10_001):
        s.put("assets", i, {"n": i})
        if i % 1000 == 0:
            # A scan's updates trickle in rather than arriving in one tight loop: give the writer thread
            # every chance to save too early. Not a wait for anything.
            time.sleep(0.01)
    assert wait_until(lambda: not s.dirty), "the burst never reached the disk"
    assert 1 <= s.storage.write_count <= 3, s.storage.write_count
    raw = on_disk(path)
    assert len(raw["assets"]) == 10_000
    assert raw["assets"]["10000"] == {"n": 10_000}


def test_concurrent_writers_lose_nothing(stores, path):
    s = stores(path, flush_delay=0.0)  # the writer saves continuously while the threads put
    errors = []

    def work(t: int) -> None:
        try:
            for k in range(1500):
                s.put(f"t{t}", k, {"t": t, "k": k})
        except BaseException as exc:  # noqa: BLE001 -- any failure is surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors
    s.close()
    raw = on_disk(path)
    for t in range(4):
        assert len(raw[f"t{t}"]) == 1500
        assert raw[f"t{t}"]["1499"] == {"t": t, "k": 1499}


def test_close_flushes_stops_the_writer_and_is_idempotent(stores, path):
    s = stores(path, flush_delay=30)
    s.put("assets", 1, asset(1))
    writer = s._writer
    assert writer is not None and writer.is_alive()
    s.close()
    assert not writer.is_alive()
    assert on_disk(path)["assets"]["1"] == asset(1)
    s.close()
    with pytest.raises(CatalogError, match="fermé"):
        s.put("assets", 2, asset(2))


def test_changes_are_saved_at_interpreter_exit_without_close(path):
    code = (
        "import sys\n"
        "from lectoure_media.core.catalog import Store\n"
        "s = Store(sys.argv[1], flush_delay=30)\n"
        "s.put('assets', 1, {'saved': 'at exit'})\n"
    )
    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-c", code, str(path)], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert on_disk(path)["assets"]["1"] == {"saved": "at exit"}


def test_backup_holds_the_previous_content(stores, path):
    backup = path.with_name("catalog.json.bak")
    s = stores(path, flush_delay=30)
    s.put("assets", 1, asset(1))
    s.flush()
    assert not backup.exists()  # nothing older to keep yet
    first = path.read_bytes()

    s.put("assets", 2, asset(2))
    s.flush()
    assert backup.read_bytes() == first
    second = path.read_bytes()
    assert on_disk(path)["assets"]["2"] == asset(2)

    s.delete("assets", 1)
    s.flush()
    assert backup.read_bytes() == second
    assert "1" not in on_disk(path)["assets"]
    # No temp files left in the folder.
    assert sorted(p.name for p in path.parent.iterdir()) == ["catalog.json", "catalog.json.bak"]


def test_backup_is_copied_where_hard_links_are_unsupported(stores, path, monkeypatch):
    def no_link(src, dst, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_link)
    s = stores(path, flush_delay=30)
    s.put("assets", 1, asset(1))
    s.flush()
    first = path.read_bytes()
    s.put("assets", 2, asset(2))
    s.flush()
    assert path.with_name("catalog.json.bak").read_bytes() == first
    assert sorted(p.name for p in path.parent.iterdir()) == ["catalog.json", "catalog.json.bak"]


def test_unserialisable_value_is_reported_not_lost(stores, path):
    s = stores(path, flush_delay=30)
    s.put("assets", 1, asset(1))
    s.flush()
    s.put("assets", 2, {"when": object()})
    with pytest.raises(CatalogError, match="JSON"):
        s.flush()
    assert s.last_error is not None and "JSON" in s.last_error
    assert s.dirty
    assert on_disk(path)["assets"] == {"1": asset(1)}
    s.put("assets", 2, {"when": "2024-06-12"})
    s.flush()
    assert s.last_error is None
    assert on_disk(path)["assets"]["2"] == {"when": "2024-06-12"}


def test_tinydb_view_stays_correct_after_direct_mutations(stores, path):
    s = stores(path, flush_delay=30)
    s.put("assets", 1, asset(1, kind="photo"))
    table = s.db.table("assets")
    assert [d.doc_id for d in table.search(Query().kind == "video")] == []
    s.put("assets", 2, asset(2, kind="video"))
    # TinyDB cached the previous (empty) answer; the store must have invalidated it.
    assert [d.doc_id for d in table.search(Query().kind == "video")] == [2]
    s.delete("assets", 2)
    assert table.search(Query().kind == "video") == []

    # A TinyDB insert goes through storage.write(): no id clash with our counter, and it gets saved.
    s.put("assets", 9, asset(9))
    new_id = table.insert(asset(10))
    assert new_id == 10
    assert s.next_id("assets") == 11
    assert s.dirty
    s.flush()
    assert on_disk(path)["assets"]["10"] == asset(10)


def test_tinydb_drop_tables_keeps_schema_and_id_counters(stores, path):
    ran = []
    s = stores(path, schema_version=2, migrations={1: lambda raw: ran.append(1) or raw})
    s.put_many("assets", {1: asset(1), 2: asset(2)})
    s.db.drop_tables()
    assert s.count("assets") == 0
    assert s.next_id("assets") == 3  # ids 1 and 2 were used once: never again
    s.close()
    again = stores(path, schema_version=2, migrations={1: lambda raw: ran.append(1) or raw})
    assert ran == []  # still stamped as version 2, so not migrated a second time
    assert again.next_id("assets") == 4


def test_migration_runs_once_and_a_newer_schema_is_refused(stores, path):
    s = stores(path, schema_version=1)
    for i in range(1, 4):
        s.put("assets", i, {"path": f"IMG_{i}.JPG"})
    s.close()
    v1_bytes = path.read_bytes()

    calls = []

    def v1_to_v2(raw: dict) -> dict:
        calls.append(1)
        for doc in raw.get("assets", {}).values():
            doc["tags"] = {"business": [], "heritage": [], "campaign": [], "keywords": []}
        return raw

    s2 = stores(path, schema_version=2, migrations={1: v1_to_v2})
    assert calls == [1]
    assert s2.get("assets", 2)["tags"]["keywords"] == []
    assert s2.dirty  # the migrated catalog is saved
    s2.close()
    assert on_disk(path)["_meta"]["1"]["schema"] == 2
    assert path.with_name("catalog.json.bak").read_bytes() == v1_bytes  # the pre-migration file is kept

    s2b = stores(path, schema_version=2, migrations={1: v1_to_v2})
    assert calls == [1]  # already at version 2: not migrated again
    assert s2b.get("assets", 3)["path"] == "IMG_3.JPG"
    s2b.close()

    before = {p.name: p.read_bytes() for p in path.parent.iterdir()}
    with pytest.raises(CatalogError, match="plus récente"):
        Store(path, schema_version=1)
    with pytest.raises(CatalogError, match="plus récente"):
        Store(path, schema_version=1, read_only=True)
    # A newer application wrote it: nothing is moved, rewritten or set aside.
    assert {p.name: p.read_bytes() for p in path.parent.iterdir()} == before


def test_failed_or_missing_migration_leaves_the_file_alone(stores, path):
    s = stores(path, schema_version=1)
    s.put("assets", 1, {"path": "IMG_1.JPG"})
    s.close()
    before = {p.name: p.read_bytes() for p in path.parent.iterdir()}

    with pytest.raises(CatalogError, match="ne sait pas"):
        Store(path, schema_version=3, migrations={1: lambda raw: raw})

    def broken(raw: dict) -> dict:
        raise KeyError("tags")

    with pytest.raises(CatalogError, match="a échoué"):
        Store(path, schema_version=2, migrations={1: broken})
    with pytest.raises(CatalogError, match="structure invalide"):
        Store(path, schema_version=2, migrations={1: lambda raw: {"assets": ["not a table"]}})
    assert {p.name: p.read_bytes() for p in path.parent.iterdir()} == before


def test_new_store_is_born_at_the_current_schema(stores, path):
    ran = []
    s = stores(path, schema_version=3, migrations={1: lambda r: ran.append(1) or r})
    s.put("assets", 1, {"x": 1})
    s.close()
    assert ran == []
    assert on_disk(path)["_meta"]["1"]["schema"] == 3


def test_read_only_store_never_writes_and_rejects_mutation(stores, path):
    w = stores(path, flush_delay=30)
    w.put_many("assets", {i: asset(i) for i in range(1, 6)})
    w.flush()
    w.put("assets", 6, asset(6))
    w.flush()  # now there is a .bak too
    w.close()
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in path.parent.iterdir()}

    r = stores(path, read_only=True)
    assert r.recovery is None
    assert r.count("assets") == 6
    assert r.get("assets", 6) == asset(6)
    assert len(r.db.table("assets").search(Query().kind == "photo")) == 6
    assert r._writer is None
    for mutate in (
        lambda: r.put("assets", 7, asset(7)),
        lambda: r.delete("assets", 1),
        lambda: r.next_id("assets"),
        lambda: r.put_many("assets", {8: asset(8)}),
        lambda: r.db.table("assets").insert(asset(9)),
    ):
        with pytest.raises(CatalogError, match="lecture seule"):
            mutate()
    r.flush()
    r.close()
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in path.parent.iterdir()} == before


def test_read_only_store_on_a_missing_file_creates_nothing(stores, tmp_path):
    path = tmp_path / "absent" / "catalog.json"
    r = stores(path, read_only=True)
    assert r.recovery is None and r.count("assets") == 0
    r.close()
    assert not path.parent.exists()


def test_read_only_store_migrates_in_memory_only(stores, path):
    s = stores(path, schema_version=1)
    s.put("assets", 1, {"path": "IMG_1.JPG"})
    s.close()
    before = path.read_bytes()
    r = stores(path, read_only=True, schema_version=2, migrations={1: lambda raw: raw | {"extra": {}}})
    assert r.get("assets", 1) == {"path": "IMG_1.JPG"}
    assert "extra" in r.tables()
    r.close()
    assert path.read_bytes() == before


def test_line_layout_is_tinydb_json_and_every_truncation_is_detected(tmp_path):
    """The catalog is written one document per line (lower peak memory at open); it stays plain TinyDB
    JSON, and a file cut at any byte is never mistaken for a complete one."""
    import json

    from lectoure_media.core.catalog import dumps_catalog, loads_catalog

    data = {
        "assets": {"1": {"path": "C:\\\\Photos\\\\été.jpg", "tags": {"keywords": ["a,b", "}\n{"]}}, "2": {"n": 2}},
        "_meta": {"1": {"schema": 1}},
        "empty": {},
    }
    raw = dumps_catalog(data)
    assert raw.count(b"\n") >= 8
    assert json.loads(raw) == data
    assert loads_catalog(raw) == data
    path = tmp_path / "c.json"
    path.write_bytes(raw)
    db = tinydb.TinyDB(path)
    assert db.table("assets").get(doc_id=2) == {"n": 2}
    db.close()
    for cut in range(1, len(raw)):
        try:
            parsed = loads_catalog(raw[:cut])
        except orjson.JSONDecodeError:
            continue
        raise AssertionError(f"truncated at {cut} bytes but parsed as {parsed!r}")


def test_undecodable_file_name_is_stored_reversibly_and_the_rest_is_saved(stores, path):
    """A Latin-1 file name on Linux is a str with lone surrogates, which JSON cannot hold: it is escaped
    in the file and comes back as the same string; every other record is saved with it."""
    latin1 = os.fsdecode(b"/srv/Photos/photo\xe9t\xe9.jpg")
    odd = "C:\\Photos\\bad\ud800.jpg"  # an unpaired UTF-16 surrogate, possible in a Windows name
    s = stores(path, flush_delay=30)
    s.put("assets", 1, asset(1, path=latin1, root="/srv/Photos", sidecar_sig=[latin1 + ".xmp", 1, 2]))
    s.put("assets", 2, asset(2))
    s.put("assets", 3, asset(3, path=odd, tags={"keywords": [odd, "été"]}))
    s.put("assets", 4, {"path": "/x/~fsbytes.jpg", "note": {"~fsbytes": "not base64 !"}})
    s.flush()
    assert s.last_error is None and not s.dirty
    raw = on_disk(path)  # valid JSON
    assert raw["assets"]["2"] == asset(2)
    s.close()
    again = stores(path)
    assert again.recovery is None
    assert again.get("assets", 1)["path"] == latin1
    assert again.get("assets", 1)["sidecar_sig"] == [latin1 + ".xmp", 1, 2]
    assert os.fsencode(again.get("assets", 1)["path"]) == b"/srv/Photos/photo\xe9t\xe9.jpg"
    assert again.get("assets", 3) == asset(3, path=odd, tags={"keywords": [odd, "été"]})
    assert again.get("assets", 4) == {"path": "/x/~fsbytes.jpg", "note": {"~fsbytes": "not base64 !"}}
    assert dict(again.items("assets"))[2] == asset(2)


def test_one_unwritable_record_never_blocks_the_others(stores, path):
    s = stores(path, flush_delay=30)
    s.put("assets", 1, asset(1))
    s.put("assets", 2, {"big": 2**70})  # no JSON form
    with pytest.raises(CatalogError, match="JSON"):
        s.flush()
    s.put("assets", 3, asset(3))
    with pytest.raises(CatalogError, match="tout le reste est enregistré"):
        s.flush()
    assert s.dirty
    assert on_disk(path)["assets"] == {"1": asset(1), "3": asset(3)}
    s.put("assets", 2, {"big": 2})
    s.flush()
    assert s.last_error is None and not s.dirty
    assert on_disk(path)["assets"]["2"] == {"big": 2}
