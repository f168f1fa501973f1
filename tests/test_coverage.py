"""Coverage engine (core/coverage.py): statuses at month boundaries, the order, the monthly series, the CSV,
hostile log rows, and the facade on a real library with real exports."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from lectoure_media.core import coverage
from lectoure_media.core.coverage import compute, months_before, status_for, to_csv_bytes
from lectoure_media.core.taxonomy import Business, HeritageSite


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 3, 31), 1, date(2024, 2, 29)),  # leap February
        (date(2023, 3, 31), 1, date(2023, 2, 28)),
        (date(2024, 8, 31), 6, date(2024, 2, 29)),
        (date(2025, 1, 15), 1, date(2024, 12, 15)),  # December -> January
        (date(2025, 1, 31), 2, date(2024, 11, 30)),
        (date(2024, 2, 29), 12, date(2023, 2, 28)),
        (date(2024, 12, 31), 12, date(2023, 12, 31)),
        (date(2025, 6, 30), 6, date(2024, 12, 30)),
    ],
)
def test_months_before_is_exact_at_month_ends(day, months, expected):
    assert months_before(day, months) == expected


@pytest.mark.parametrize(
    ("latest", "today", "months", "expected"),
    [
        (None, date(2024, 8, 31), 6, "never"),
        ("2024-02-29", date(2024, 8, 31), 6, "ok"),  # exactly six months (clamped to Feb 29)
        ("2024-02-28", date(2024, 8, 31), 6, "stale"),
        ("2024-12-15", date(2025, 1, 15), 1, "ok"),  # across the new year
        ("2024-12-14", date(2025, 1, 15), 1, "stale"),
        ("2023-02-28", date(2024, 2, 29), 12, "ok"),
        ("2023-02-27", date(2024, 2, 29), 12, "stale"),
        ("2024-08-31", date(2024, 8, 31), 6, "ok"),
    ],
)
def test_status_at_boundaries(latest, today, months, expected):
    assert status_for(latest, today, months) == expected


def _world():
    """Four businesses, one heritage site; assets with fingerprints; exports and publications."""
    businesses = [
        Business("Le Bastion", category="Restaurants", town_centre=True),
        Business("Café des Sports", category="Cafés et bars", town_centre=True),
        Business("Boulangerie Nationale", category="Boulangeries", town_centre=True),
        Business("Garage du Lac", category="Services", town_centre=False),
        Business("Ancienne Mercerie", category="Boutiques", town_centre=True, closed=True),
    ]
    heritage = [HeritageSite("Cathédrale"), HeritageSite("Tour d'Albinhac")]
    docs = {
        1: {"fingerprint": "a", "taken_at": "2024-05-01T10:00:00"},
        2: {"fingerprint": "b", "taken_at": "2024-07-20T10:00:00"},
        3: {"fingerprint": "c", "taken_at": "2023-01-02T10:00:00"},
        4: {"fingerprint": "d", "taken_at": "2024-01-05T09:00:00"},
        5: {"fingerprint": "e", "taken_at": "2022-06-01T09:00:00"},
        6: {"fingerprint": "a", "taken_at": "2024-05-01T10:00:00"},  # a copy of asset 1
    }
    members = {
        "business": {
            "le bastion": {1, 2, 6},
            "cafe des sports": {3},
            "boulangerie nationale": set(),
            "garage du lac": {4},
            "ancienne mercerie": {5},
        },
        "heritage": {"cathedrale": {4, 5}},
    }
    exports = [
        {"fingerprint": "a", "preset": "instagram-portrait", "at": "2024-06-10T12:00:00"},
        {"fingerprint": "a", "preset": "instagram-portrait", "at": "2024-03-01T12:00:00"},
        {"fingerprint": "b", "preset": "facebook", "at": "2024-07-21T08:00:00"},
        {"fingerprint": "c", "preset": "facebook", "at": "2023-11-30T08:00:00"},
        {"fingerprint": "d", "preset": "web", "at": "2024-02-28T08:00:00"},
    ]
    pubs = [{"fingerprint": "c", "platform": "instagram", "date": "2024-01-31"}]
    return businesses, heritage, members, docs, exports, pubs


def _report(today=date(2024, 8, 31), months=6, pubs=None, **kw):
    businesses, heritage, members, docs, exports, default_pubs = _world()
    return compute(
        businesses=businesses,
        heritage=heritage,
        members=members,
        docs=docs,
        exports=exports,
        publications=default_pubs if pubs is None else pubs,
        today=today,
        months=months,
        **kw,
    )


def test_rows_statuses_and_order():
    report = _report()
    got = [(r.facet, r.name, r.status) for r in report.rows]
    assert got == [
        ("business", "Boulangerie Nationale", "never"),
        ("heritage", "Tour d'Albinhac", "never"),
        ("business", "Café des Sports", "stale"),  # published 2024-01-31, before 2024-02-29
        ("business", "Garage du Lac", "stale"),  # exported 2024-02-28 (the same day: businesses first)
        ("heritage", "Cathédrale", "stale"),
        ("business", "Le Bastion", "ok"),
    ]
    bastion = report.rows[-1].to_json()
    assert bastion == {
        "facet": "business",
        "name": "Le Bastion",
        "category": "Restaurants",
        "town_centre": True,
        "assets": 3,
        "newest": "2024-07-20",
        "last_export": {"facebook": "2024-07-21", "instagram-portrait": "2024-06-10"},
        "last_published": {},
        "status": "ok",
    }
    cafe = next(r for r in report.rows if r.name == "Café des Sports")
    assert cafe.last_published == {"instagram": "2024-01-31"}
    assert cafe.last_featured == "2024-01-31"
    assert report.counts() == {"never": 2, "stale": 3, "ok": 1}


def test_a_publication_makes_a_business_ok():
    pubs = [{"fingerprint": "c", "platform": "instagram", "date": "2024-08-01"}]
    cafe = next(r for r in _report(pubs=pubs).rows if r.name == "Café des Sports")
    assert cafe.status == "ok"


def test_filters_and_months():
    names = [r.name for r in _report(town_centre=True).rows]
    assert names == ["Boulangerie Nationale", "Café des Sports", "Le Bastion"]  # no heritage, no garage
    assert [r.name for r in _report(category="restaurants").rows] == ["Le Bastion"]
    assert [r.facet for r in _report(facet="heritage").rows] == ["heritage", "heritage"]
    garage = next(r for r in _report(months=7).rows if r.name == "Garage du Lac")
    assert garage.status == "ok"  # 2024-02-28 is within seven months of 2024-08-31 (cutoff 2024-01-31)


def test_monthly_series_counts_town_centre_businesses_featured_each_month():
    report = _report(today=date(2024, 8, 15))
    assert len(report.series) == 24
    assert report.series[0].month == "2022-09" and report.series[-1].month == "2024-08"
    by_month = {p.month: p for p in report.series}
    assert {p.total for p in report.series} == {3}  # Bastion, Café, Boulangerie (garage out, mercerie closed)
    assert by_month["2023-11"].featured == 1  # the café's export
    assert by_month["2024-01"].featured == 1  # the café's publication on Jan 31
    assert by_month["2024-03"].featured == 1  # Bastion (an older export of asset "a")
    assert by_month["2024-06"].featured == 1
    assert by_month["2024-07"].featured == 1
    assert by_month["2024-02"].featured == 0  # the garage is not in the town centre
    assert by_month["2024-08"].featured == 0
    assert by_month["2024-07"].share == pytest.approx(1 / 3)


def test_series_across_new_year():
    points = coverage.monthly_series([["2024-12-31"], ["2025-01-01"], []], date(2025, 1, 1), months=2)
    assert [(p.month, p.featured, p.total) for p in points] == [("2024-12", 1, 3), ("2025-01", 1, 3)]


def test_hostile_log_rows_are_skipped():
    businesses, heritage, members, docs, exports, pubs = _world()
    bad = [
        {"fingerprint": None, "preset": "x", "at": "2024-08-01T00:00:00"},
        {"fingerprint": "a", "preset": 12, "at": "2024-08-01T00:00:00"},
        {"fingerprint": "a", "preset": "x", "at": "not a date"},
        {"fingerprint": "a", "preset": "x", "at": None},
        {"fingerprint": "a", "preset": "x", "at": "2024-13-45T00:00:00"},
        "a string row",
        {"fingerprint": ["a"], "platform": "instagram", "date": "2024-08-01"},
    ]
    report = compute(
        businesses=businesses,
        heritage=heritage,
        members=members,
        docs=docs,
        exports=[*exports, *bad],
        publications=[*pubs, *bad],
        today=date(2024, 8, 31),
        months=6,
    )
    bastion = next(r for r in report.rows if r.name == "Le Bastion")
    assert bastion.last_export == {"facebook": "2024-07-21", "instagram-portrait": "2024-06-10"}


def test_csv_is_for_french_excel():
    report = _report()
    evil = coverage.CoverageRow("business", '=HYPERLINK("x")', "Cafés; bars", True, 1, None, {}, {}, "never")
    data = to_csv_bytes([*report.rows, evil])
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0][:2] == ["Type", "Nom"]
    assert rows[1][:2] == ["commerce", "Boulangerie Nationale"]
    assert rows[1][-1] == "jamais mis en avant"
    assert len({len(r) for r in rows}) == 1
    assert rows[-1][1] == '\'=HYPERLINK("x")'  # never run as a formula
    assert rows[-1][2] == "Cafés; bars"  # the separator inside a field is quoted


def test_facade_coverage_with_real_exports(lib, library_root, tmp_path):
    from lectoure_media.core import LibraryError
    from tests.media_factory import make_jpeg

    for name, size in (("a.jpg", (320, 240)), ("b.jpg", (240, 320))):  # two contents: two fingerprints
        make_jpeg(library_root / name, size=size, taken_at="2024-05-01 10:00:00")
    lib.scan(library_root)
    lib.tag([str(library_root / "a.jpg")], add={"business": ["Le Bastion"]}, categories={"Le Bastion": "Restaurants"})
    lib.tag([str(library_root / "b.jpg")], add={"heritage": ["Cathédrale"]})
    lib.ensure_entry("business", "Chez Paulette", category="Restaurants")
    lib.wait_sidecars()
    before = {r.name: r for r in lib.coverage().rows}
    assert before["Le Bastion"].status == "never" and before["Le Bastion"].assets == 1
    assert before["Le Bastion"].newest == "2024-05-01"
    results = lib.export([str(library_root / "a.jpg")], ["instagram-portrait"], str(tmp_path / "out"), workers=1)
    assert all(r.output and not r.error for r in results)
    after = {r.name: r for r in lib.coverage().rows}
    today = date.today().isoformat()
    assert after["Le Bastion"].last_export == {"instagram-portrait": today}
    assert after["Le Bastion"].status == "ok"
    assert after["Chez Paulette"].status == "never" and after["Chez Paulette"].assets == 0
    assert after["Cathédrale"].status == "never"
    assert lib.coverage(today=date(2099, 1, 1)).rows[-1].status == "stale"  # the export is old by then
    lib.update_settings(coverage_months=3)
    assert lib.coverage().months == 3
    with pytest.raises(LibraryError):
        lib.coverage(months=0)
    with pytest.raises(LibraryError):
        lib.coverage(facet="campaign")


def test_an_asset_without_capture_date_is_dated_by_its_file():
    from datetime import datetime

    mtime = datetime(2024, 7, 14, 12, 0).timestamp()
    report = compute(
        businesses=[Business("Le Bastion")],
        heritage=[],
        members={"business": {"le bastion": {1, 2}}},
        docs={1: {"fingerprint": "a", "mtime_ns": int(mtime * 1e9)}, 2: {"fingerprint": "b", "taken_at": "2024-03-01"}},
        exports=[],
        publications=[],
        today=date(2024, 8, 1),
        months=6,
    )
    assert report.rows[0].newest == "2024-07-14" and report.rows[0].assets == 2


def test_registry_entries_of_the_wrong_types_do_not_break_the_report():
    odd = [Business("Le Bastion", category=12, town_centre="yes"), Business(None), Business("Fermé", closed="true")]
    report = compute(
        businesses=odd,
        heritage=[HeritageSite(None)],
        members={},
        docs={},
        exports=[],
        publications=[],
        today=date(2024, 8, 1),
        months=6,
        category=None,
    )
    assert [(r.name, r.category, r.town_centre) for r in report.rows] == [
        ("Fermé", None, True),
        ("Le Bastion", None, False),
    ]


def test_the_index_is_read_under_the_guard_one_entry_at_a_time():
    import threading

    lock = threading.RLock()
    entered = []

    class Guard:
        def __enter__(self):
            lock.acquire()
            entered.append(1)

        def __exit__(self, *exc):
            lock.release()

    businesses, heritage, members, docs, exports, pubs = _world()
    report = compute(
        businesses=businesses,
        heritage=heritage,
        members=members,
        docs=docs,
        exports=exports,
        publications=pubs,
        today=date(2024, 8, 31),
        months=6,
        guard=Guard,
    )
    assert len(entered) == len(report.rows) == 6  # once per entry: never one long hold over all of them


def test_the_export_log_parse_is_reused_and_grown_without_losing_a_row():
    from lectoure_media.core.coverage import _days_by_fingerprint, _parsed_export_log

    class FakeLibrary:  # only a key for the cache
        pass

    lib = FakeLibrary()

    def row(fp, preset, at, out):
        return {"fingerprint": fp, "preset": preset, "at": at, "output": out}

    def same(parsed, rows):
        full = _days_by_fingerprint(rows, "preset", "at")

        def norm(d):
            return {fp: {k: sorted(v) for k, v in by.items()} for fp, by in d.items()}

        return norm(parsed.days) == norm(full)

    log = [row("a", "web", "2024-03-01T10:00:00", "/o/1"), row("b", "web", "2024-02-01T10:00:00", "/o/2")]
    first = _parsed_export_log(lib, log)
    assert _parsed_export_log(lib, list(log)) is first  # unchanged: the same parse
    grown = [row("a", "web", "2024-04-01T09:00:00", "/o/3"), row("c", "tiktok", "2024-04-01T08:00:00", "/o/4"), *log]
    second = _parsed_export_log(lib, grown)
    assert second is not first and same(second, grown)
    assert first.days["a"] == {"web": ["2024-03-01"]}  # the earlier parse is left as it was
    # a new export in the same second as the newest one sorts after it: parsed from scratch, nothing lost
    tie = [grown[0], row("d", "web", "2024-04-01T09:00:00", "/o/5"), *grown[1:]]
    assert same(_parsed_export_log(lib, tie), tie)
    # a shorter log (a registry restored from its backup): from scratch too
    assert same(_parsed_export_log(lib, log), log)
