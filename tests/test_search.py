"""AssetIndex answers every CLI filter from its indexes; checked against a brute-force evaluation."""

from hypothesis import given, settings
from hypothesis import strategies as st

from lectoure_media.core.model import fold
from lectoure_media.core.search import AssetIndex, Filter, sort_date


def doc(
    i,
    *,
    taken=None,
    kind="photo",
    status="ok",
    business=(),
    heritage=(),
    campaign=(),
    keywords=(),
    path=None,
    make=None,
):
    tags = {
        "business": list(business),
        "heritage": list(heritage),
        "campaign": list(campaign),
        "keywords": list(keywords),
    }
    d = {
        "path": path or f"/lib/photos/IMG_{i:04d}.JPG",
        "root": "/lib",
        "kind": kind,
        "format": "jpeg",
        "status": status,
        "taken_at": taken,
        "mtime_ns": 1_700_000_000_000_000_000,
        "make": make,
        "tags": {f: v for f, v in tags.items() if v},
    }
    return {k: v for k, v in d.items() if v is not None}


def build(docs):
    idx = AssetIndex()
    for i, d in enumerate(docs):
        idx.add(i, d)
    return idx


def test_facets_and_text_are_case_and_accent_insensitive():
    idx = build(
        [
            doc(0, heritage=["Cathédrale Saint-Gervais"], taken="2024-05-01T10:00:00"),
            doc(1, business=["Le Bistrot"], taken="2024-06-01T10:00:00"),
            doc(2, taken="2024-07-01T10:00:00"),
        ]
    )
    assert idx.query(Filter(text="cathedrale")) == [0]
    assert idx.query(Filter(text="CATHÉDRALE gervais")) == [0]
    assert idx.query(Filter(heritage=["cathédrale saint-gervais"])) == [0]
    assert idx.query(Filter(business=["le bistrot"])) == [1]
    assert idx.query(Filter(untagged=True)) == [2]
    assert idx.query(Filter()) == [2, 1, 0]  # newest first


def test_date_range_is_inclusive_of_whole_days():
    idx = build(
        [
            doc(0, taken="2024-06-30T23:59:59"),
            doc(1, taken="2024-07-01T00:00:00"),
            doc(2, taken="2024-06-01T00:00:00"),
            doc(3, taken="2024-05-31T23:59:59"),
        ]
    )
    assert idx.query(Filter(since="2024-06-01", until="2024-06-30")) == [0, 2]


def test_assets_without_capture_date_sort_and_filter_by_file_date():
    d = doc(0, taken=None)
    assert sort_date(d).startswith("2023-11-14")
    idx = build([d, doc(1, taken="2024-01-01T00:00:00")])
    assert idx.query(Filter(since="2023-11-01", until="2023-11-30")) == [0]


def test_remove_and_update_keep_indexes_consistent():
    idx = build([doc(0, business=["A"]), doc(1, business=["A"])])
    idx.add(0, doc(0, business=["B"]))  # re-tag
    assert idx.query(Filter(business=["A"])) == [1]
    assert idx.query(Filter(business=["B"])) == [0]
    idx.remove(1)
    assert idx.query(Filter(business=["A"])) == []
    assert "a" not in idx.by_facet["business"]
    assert idx.facet_counts("business") == {"b": 1}


NAMES = ["Le Bistrot", "Café des Sports", "Boulangerie"]
SITES = ["Cathédrale", "Fontaine Diane"]


@st.composite
def libraries(draw):
    n = draw(st.integers(0, 40))
    out = []
    for i in range(n):
        out.append(
            doc(
                i,
                taken=draw(
                    st.one_of(
                        st.none(),
                        st.dates(
                            min_value=__import__("datetime").date(2020, 1, 1),
                            max_value=__import__("datetime").date(2026, 12, 31),
                        ).map(lambda d: d.isoformat() + "T12:00:00"),
                    )
                ),
                kind=draw(st.sampled_from(["photo", "video"])),
                status=draw(st.sampled_from(["ok", "ok", "missing", "error"])),
                business=draw(st.lists(st.sampled_from(NAMES), max_size=2, unique=True)),
                heritage=draw(st.lists(st.sampled_from(SITES), max_size=1)),
                make=draw(st.sampled_from([None, "Canon", "Apple"])),
            )
        )
    return out


@st.composite
def filters(draw):
    return Filter(
        business=draw(st.lists(st.sampled_from(NAMES), max_size=2)),
        heritage=draw(st.lists(st.sampled_from(SITES), max_size=1)),
        kind=draw(st.sampled_from([None, "photo", "video"])),
        text=draw(st.sampled_from([None, "canon", "cafe", "img_00", "zzz"])),
        since=draw(st.sampled_from([None, "2022-01-01", "2025-06-15"])),
        until=draw(st.sampled_from([None, "2023-12-31", "2026-01-01"])),
        untagged=draw(st.booleans()),
        missing=draw(st.booleans()),
    )


def brute(docs, f):
    out = []
    for i, d in enumerate(docs):
        t = {f: d["tags"].get(f, []) for f in ("business", "heritage", "campaign", "keywords")}
        if f.business and not {fold(n) for n in f.business} & {fold(n) for n in t["business"]}:
            continue
        if f.heritage and not {fold(n) for n in f.heritage} & {fold(n) for n in t["heritage"]}:
            continue
        if f.kind and d["kind"] != f.kind:
            continue
        if f.missing and d["status"] != "missing":
            continue
        if f.untagged and any(t.values()):
            continue
        sd = sort_date(d)
        if f.since and sd < f.since:
            continue
        if f.until and sd[:10] > f.until:
            continue
        if f.text:
            hay = fold(" ".join([d["path"][len("/lib") :], d.get("make") or ""] + [n for v in t.values() for n in v]))
            if not all(w in hay for w in fold(f.text).split()):
                continue
        out.append(i)
    return sorted(out, key=lambda i: (sort_date(docs[i]), i), reverse=True)


def bulk(docs):
    """The catalog-open path: every document indexed by one load() call."""
    idx = AssetIndex()
    idx.load(list(enumerate(docs)))
    return idx


@settings(max_examples=200, deadline=None)
@given(libraries(), filters())
def test_index_matches_brute_force(docs, f):
    assert build(docs).query(f) == brute(docs, f)
    assert bulk(docs).query(f) == brute(docs, f)


INDEXES = (
    "docs",
    "by_facet",
    "by_kind",
    "by_status",
    "by_root",
    "by_path",
    "file_sigs",
    "by_fingerprint",
    "untagged",
    "pending",
    "_dates",
)


@st.composite
def catalog_docs(draw):
    """Documents as a catalog holds them, with the fields only some assets have."""
    docs = draw(libraries())
    for i, d in enumerate(docs):
        d["fingerprint"] = draw(st.sampled_from([None, "fp-a", "fp-b", f"fp-{i}"]))  # copies share one
        if draw(st.booleans()):
            d["sidecar_sig"] = [10, 20]
        if draw(st.booleans()):
            d["pending_sidecar"] = {"add": {}, "remove": {}}
        d["path"] = draw(st.sampled_from([d["path"], f"/lib/Église/IMG_{i}.JPG", f"/lib/e\u0301t\u00e9/{i}.JPG"]))
        d["tags"]["other"] = draw(st.lists(st.sampled_from(["x", "Y"]), max_size=1))  # a facet no index knows
        d["size"], d["mtime_ns"] = 100 + i, 1_700_000_000_000_000_000 + i
    return [{k: v for k, v in d.items() if v is not None} for d in docs]


@settings(max_examples=200, deadline=None)
@given(catalog_docs())
def test_bulk_load_builds_the_same_indexes_as_adding_one_by_one(docs):
    one_by_one = build([dict(d, tags={f: list(v) for f, v in d["tags"].items()}) for d in docs])
    at_once = bulk(docs)
    one_by_one._sorted_dates()
    for name in INDEXES:
        assert getattr(at_once, name) == getattr(one_by_one, name), name
    # and both keep working the same way afterwards
    for idx in (one_by_one, at_once):
        if docs:
            idx.remove(0)
        idx.add(len(docs), doc(len(docs), business=["Le Bistrot"], taken="2030-01-01T00:00:00"))
    for name in INDEXES:
        assert getattr(at_once, name) == getattr(one_by_one, name), name


def test_copies_of_a_file_share_a_fingerprint_until_one_goes():
    idx = build([dict(doc(0), fingerprint="fp"), dict(doc(1), fingerprint="fp"), dict(doc(2), fingerprint="other")])
    assert set(idx.with_fingerprint("fp")) == {0, 1}
    assert list(idx.with_fingerprint("other")) == [2]
    assert list(idx.with_fingerprint("unknown")) == []
    idx.remove(0)
    assert list(idx.with_fingerprint("fp")) == [1]
    idx.add(1, dict(doc(1), fingerprint="new"))  # the file changed: its fingerprint with it
    assert list(idx.with_fingerprint("fp")) == [] and "fp" not in idx.by_fingerprint
    assert list(idx.with_fingerprint("new")) == [1]


def test_date_order_is_maintained_incrementally():
    idx = build([doc(i, taken=f"2024-01-{i + 1:02d}T00:00:00") for i in range(5)])
    assert idx.query(Filter()) == [4, 3, 2, 1, 0]
    idx.add(1, doc(1, taken="2025-01-01T00:00:00"))  # re-dated: moves to the top without a full re-sort
    idx.add(9, doc(9, taken="2023-01-01T00:00:00"))
    idx.remove(3)
    assert idx._dates is not None
    assert idx.query(Filter()) == [1, 4, 2, 0, 9]
    assert idx._dates == sorted(idx._dates)


def test_shape_filter():
    docs = [doc(0), doc(1), doc(2), doc(3)]
    for d, (w, h) in zip(docs, [(4000, 3000), (3000, 4000), (1080, 1080), (1000, 1015)], strict=True):
        d["width"], d["height"] = w, h
    idx = build(docs)
    assert idx.query(Filter(shape="landscape")) == [0]
    assert idx.query(Filter(shape="portrait")) == [1]
    assert sorted(idx.query(Filter(shape="square"))) == [2, 3]


def test_root_filter_whole_roots_subfolders_and_look_alike_names():
    docs = [
        doc(0, path="/srv/Photos/a.jpg"),
        doc(1, path="/srv/Photos/2024/b.jpg"),
        doc(2, path="/srv/Photos-old/c.jpg"),
        doc(3, path="/srv/Videos/d.mp4"),
    ]
    for d, root in zip(docs, ["/srv/Photos", "/srv/Photos", "/srv/Photos-old", "/srv/Videos"], strict=True):
        d["root"] = root
    idx = build(docs)
    assert sorted(idx.query(Filter(root="/srv/Photos"))) == [0, 1]  # not Photos-old
    assert idx.query(Filter(root="/srv/Photos/2024")) == [1]  # a folder inside a root
    assert sorted(idx.query(Filter(root="/srv"))) == [0, 1, 2, 3]  # a folder holding several roots
    assert idx.query(Filter(root="/elsewhere")) == []
    idx.remove(1)
    assert idx.query(Filter(root="/srv/Photos")) == [0]
