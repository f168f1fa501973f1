"""The id-based tagging API of the facade (apply_tags / revert) and the bounded sidecar error list, on a real
library with real files."""

import os

import pytest

from lectoure_media.core import sidecar
from lectoure_media.core.catalog import CatalogError
from lectoure_media.core.library import TAG_CHUNK, Library, LibraryError, TagChange
from tests.media_factory import make_jpeg
from tests.records import synthetic_ids

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def ids(lib, library_root):
    for i, name in enumerate(("a.jpg", "b.jpg", "c.jpg")):
        make_jpeg(library_root / name, size=(64, 48), seed=i)
    lib.scan(library_root)
    return {os.path.basename(a["path"]): int(a["id"]) for a in lib.query()}


def tags(lib, asset_id, facet):
    return lib.asset(asset_id)["tags"][facet]


def test_apply_tags_reports_what_changed_and_revert_restores_each_asset(lib, ids):
    a, b, c = ids["a.jpg"], ids["b.jpg"], ids["c.jpg"]
    lib.tag([lib.asset(a)["path"]], add={"keywords": ["vitrine"], "business": ["Boulangerie Dupont"]})
    lib.tag([lib.asset(c)["path"]], add={"business": ["Boulangerie Dupont"]})
    # An id deleted since the selection was made, and a repeated one, are harmless.
    change = lib.apply_tags(
        [a, b, 999_999, b], add={"keywords": ["Vitrine", "Marché de nuit"]}, remove={"business": ["boulangerie dupont"]}
    )
    assert isinstance(change, TagChange)
    assert change.ids == [a, b]
    # a already carried "vitrine": only the new name is recorded; b gets the registered spelling.
    assert change.added[a] == {"keywords": ["Marché de nuit"]}
    assert change.added[b] == {"keywords": ["vitrine", "Marché de nuit"]}
    assert change.removed[a] == {"business": ["Boulangerie Dupont"]} and not change.removed[b]
    assert list(change.created) == ["keywords"] and list(change.created["keywords"]) == ["Marché de nuit"]
    assert tags(lib, b, "keywords") == ["vitrine", "Marché de nuit"] and tags(lib, a, "business") == []
    assert tags(lib, c, "business") == ["Boulangerie Dupont"]  # not selected

    assert sorted(lib.revert(change)) == sorted([a, b])
    assert tags(lib, a, "keywords") == ["vitrine"] and tags(lib, a, "business") == ["Boulangerie Dupont"]
    assert tags(lib, b, "keywords") == []
    assert lib.entry("keywords", "Marché de nuit") is None  # created by the step, gone with it
    assert lib.entry("keywords", "vitrine") is not None
    assert lib.wait_sidecars(30) and not lib.sidecar_errors
    assert sidecar.read_sidecar(lib.asset(a)["path"]).tags["keywords"] == ["vitrine"]
    assert sidecar.read_sidecar(lib.asset(a)["path"]).tags["business"] == ["Boulangerie Dupont"]
    assert sidecar.read_sidecar(lib.asset(b)["path"]).tags["keywords"] == []


def test_revert_keeps_a_created_entry_that_is_used_or_edited_since(lib, ids):
    a, b = ids["a.jpg"], ids["b.jpg"]
    first = lib.apply_tags([a], add={"heritage": ["Lavoir neuf"]})
    second = lib.apply_tags([b], add={"business": ["Épicerie Fine"]}, categories={"Épicerie Fine": "Épiceries"})
    assert lib.entry("business", "Épicerie Fine").category == "Épiceries"
    lib.tag([lib.asset(b)["path"]], add={"heritage": ["Lavoir neuf"]})  # used elsewhere meanwhile
    record = lib.entry("business", "Épicerie Fine")
    record.notes = "ouverte le dimanche"
    lib.save_entry("business", record)  # its details were edited meanwhile
    lib.revert(first)
    lib.revert(second)
    assert tags(lib, a, "heritage") == [] and tags(lib, b, "business") == []
    assert lib.entry("heritage", "Lavoir neuf") is not None
    assert lib.entry("business", "Épicerie Fine").notes == "ouverte le dimanche"


def test_apply_tags_is_all_or_nothing(lib, ids, monkeypatch):
    """The catalog refuses a write midway (a full disk): the assets already changed are put back and the
    caller gets one French sentence."""
    a, b, c = ids["a.jpg"], ids["b.jpg"], ids["c.jpg"]
    real_put = Library._put
    calls = []

    def failing_put(self, doc_id, doc):
        calls.append(doc_id)
        if doc_id == c and doc.get("tags", {}).get("keywords"):
            raise CatalogError("Le disque du catalogue est plein.")
        return real_put(self, doc_id, doc)

    monkeypatch.setattr(Library, "_put", failing_put)
    with pytest.raises(LibraryError) as info:
        lib.apply_tags([a, b, c], add={"keywords": ["affiche"]})
    assert "rien n'a été changé" in str(info.value) and "Traceback" not in str(info.value)
    assert [tags(lib, i, "keywords") for i in (a, b, c)] == [[], [], []]
    assert lib.entry("keywords", "affiche") is None


def test_apply_tags_lets_the_lock_go_between_chunks(lib, tmp_path):
    """A 10,000-asset selection is tagged on a worker: the window must get the lock between chunks."""
    ids = synthetic_ids(lib, str(tmp_path / "absent"), TAG_CHUNK * 2 + 5)
    held = []
    change = lib.apply_tags(
        ids,
        add={"keywords": ["été"]},
        progress=lambda done, total, _: held.append((done, total, lib._lock._is_owned())),
    )
    assert held == [(TAG_CHUNK, len(ids), False), (TAG_CHUNK * 2, len(ids), False), (len(ids), len(ids), False)]
    assert len(change.ids) == len(ids)
    held.clear()
    assert len(lib.revert(change, progress=lambda d, t, _: held.append(lib._lock._is_owned()))) == len(ids)
    assert held == [False, False, False]
    assert lib.wait_sidecars(60)


def test_sidecar_errors_are_bounded_and_read_since_a_mark(data_dir, tmp_path, monkeypatch):
    """A share gone away during a large edit: the failures kept are bounded (the newest), and a caller that
    took a mark before its change reads only the failures after it."""
    from lectoure_media.core import sidecar_writer

    monkeypatch.setattr(sidecar_writer, "ERRORS_KEPT", 10)
    with Library(data_dir) as lib:
        ids = synthetic_ids(lib, str(tmp_path / "absent"), 25)
        lib.apply_tags(ids[:4], add={"keywords": ["avant"]})
        assert lib.wait_sidecars(60)
        assert len(lib.sidecar_errors) == 4
        mark = lib.sidecar_error_mark()
        lib.apply_tags(ids, add={"keywords": ["après"]})
        assert lib.wait_sidecars(60)
        kept = lib.sidecar_errors
        assert len(kept) == 10  # not 29
        assert [os.path.basename(p) for p, _ in kept] == [f"IMG_{i:05d}.JPG" for i in range(15, 25)]
        assert all(reason.startswith("Impossible d'écrire") for _, reason in kept)
        assert lib.sidecar_errors_since(mark) == kept
        assert lib.sidecar_errors_since(lib.sidecar_error_mark()) == []


def test_registry_edits_of_a_read_only_library_raise_library_errors(data_dir):
    """CatalogError stays inside the facade: registry edits refused by a read-only store say so in one
    French sentence."""
    with Library(data_dir) as owner:
        owner.ensure_entry("keywords", "marché")
    with Library(data_dir, read_only=True) as reader:
        for edit in (
            lambda: reader.rename_entry("keywords", "marché", "Marché"),
            lambda: reader.ensure_entry("keywords", "fête"),
        ):
            with pytest.raises(LibraryError, match="lecture seule"):
                edit()
        assert reader.entry_names("keywords") == ["marché"]


def test_large_edits_run_no_full_collection(lib, tmp_path):
    """A full collection walks the whole heap holding the interpreter (the window froze 50-100 ms at a time
    while a worker tagged 10,000 assets): large edits pause the collector. Thresholds as low as they go make
    a collection certain while the chunks are applied (between the first and the last progress report) if
    it is left running."""
    import gc

    ids = synthetic_ids(lib, str(tmp_path / "absent"), TAG_CHUNK * 3)
    reports, full = [], []

    def watch(phase, info):
        if phase == "start" and info["generation"] == 2 and 0 < len(reports) < 3:
            full.append(len(reports))

    thresholds = gc.get_threshold()
    gc.callbacks.append(watch)
    gc.set_threshold(1, 1, 1)
    try:
        change = lib.apply_tags(ids, add={"keywords": ["foire"]}, progress=lambda *_: reports.append(1))
        assert len(reports) == 3 and full == []
        reports.clear()
        lib.revert(change, progress=lambda *_: reports.append(1))
        assert len(reports) == 3 and full == []
    finally:
        gc.set_threshold(*thresholds)
        gc.callbacks.remove(watch)
    assert gc.isenabled()
    assert lib.wait_sidecars(60)
