"""Coverage: which businesses and heritage sites were featured (exported or published) and when.

One row per registry entry (business, heritage site) with its number of assets, its newest asset, the last
export per preset and the last publication per platform, and a status: `never` (no export and no
publication of any of its assets), `stale` (the latest of them is older than N months) or `ok`. Rows come
most overdue first: `never` ones, then the oldest. A monthly series says which share of the town-centre
businesses were featured, month by month, over the last 24 months.

A pure engine: `compute()` takes the registry entries, the asset index's members per name, the export log
rows and the publication rows, and today's date; it reads no file and takes no lock (Library.coverage does
that). Dates in and out are `YYYY-MM-DD` (a longer ISO timestamp is cut to its day); a malformed row of a
log (another PC's file, a hand edit) is skipped, never fatal.
"""

from __future__ import annotations

import calendar
import csv
import io
import os
import threading
import weakref
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import repeat
from operator import itemgetter
from typing import TYPE_CHECKING, Any, cast

from .fsutil import atomic_write_bytes
from .model import fold

if TYPE_CHECKING:
    from .library import Library

STATUSES = ("never", "stale", "ok")
SERIES_MONTHS = 24
MAX_MONTHS = 120  # the longest "not featured for N months" the settings and the CLI accept
_STATUS_ORDER = {"never": 0, "stale": 1, "ok": 2}


def months_before(day: date, months: int) -> date:
    """`day` minus `months` calendar months, the day clamped to the target month's length
    (2024-03-31 minus 1 month is 2024-02-29; 2025-01-15 minus 1 month is 2024-12-15)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def stale_cutoff(today: date, months: int) -> date:
    """The first day still counted as recent: a latest feature strictly before it is `stale`."""
    return months_before(today, months)


def status_for(latest: str | None, today: date, months: int) -> str:
    """`never` without a feature, `stale` when `latest` (YYYY-MM-DD) is before today minus `months`."""
    if latest is None:
        return "never"
    return "stale" if latest < stale_cutoff(today, months).isoformat() else "ok"


def _day(value: Any) -> str | None:
    """The YYYY-MM-DD day of a log's date or timestamp, or None for anything else (hostile rows)."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    day = value[:10]
    try:
        date.fromisoformat(day)
    except ValueError:
        return None
    return day


@dataclass(frozen=True)
class CoverageRow:
    facet: str  # "business" | "heritage"
    name: str
    category: str | None
    town_centre: bool | None  # None for heritage sites
    assets: int
    newest: str | None  # day of the newest asset
    last_export: dict[str, str]  # preset id -> day
    last_published: dict[str, str]  # platform -> day
    status: str  # never | stale | ok

    @property
    def last_featured(self) -> str | None:
        """The latest export or publication day, or None."""
        days = [*self.last_export.values(), *self.last_published.values()]
        return max(days) if days else None

    def to_json(self) -> dict[str, Any]:
        """CLI.md's `coverage --json` object (exactly its keys)."""
        return {
            "facet": self.facet,
            "name": self.name,
            "category": self.category,
            "town_centre": self.town_centre,
            "assets": self.assets,
            "newest": self.newest,
            "last_export": dict(sorted(self.last_export.items())),
            "last_published": dict(sorted(self.last_published.items())),
            "status": self.status,
        }


@dataclass(frozen=True)
class MonthPoint:
    month: str  # YYYY-MM
    featured: int  # town-centre businesses with an export or a publication that month
    total: int  # town-centre businesses (open ones, as the registry stands today)

    @property
    def share(self) -> float:
        return self.featured / self.total if self.total else 0.0


@dataclass(frozen=True)
class CoverageReport:
    today: date
    months: int
    rows: list[CoverageRow]
    series: list[MonthPoint] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATUSES, 0)
        for row in self.rows:
            out[row.status] += 1
        return out

    def to_csv_bytes(self) -> bytes:
        return to_csv_bytes(self.rows)

    def write_csv(self, path: str | os.PathLike[str]) -> None:
        """The rows as a CSV file for Excel (see to_csv_bytes), written atomically; OSError on failure."""
        atomic_write_bytes(path, self.to_csv_bytes())


# -- the engine ---------------------------------------------------------------------------------------------


def _days_by_fingerprint(rows: Iterable[Any], key: str, date_key: str) -> dict[str, dict[str, list[str]]]:
    """fingerprint -> preset (or platform) -> the days of its rows (unsorted, maybe repeated), from log rows
    (`fingerprint`, `key`, `date_key`). Rows of the wrong shape or with a bad date are skipped. Tight: at
    100,000 assets the export log has tens of thousands of rows and the whole report has 200 ms."""
    out: dict[str, dict[str, list[str]]] = {}
    checked: dict[str, bool] = {}  # day -> valid? (a few hundred distinct days in a log)
    fields = itemgetter("fingerprint", key, date_key)
    for row in rows:
        try:
            fp, name, at = fields(row)
        except (KeyError, TypeError, IndexError):
            continue
        if type(fp) is not str or type(name) is not str or type(at) is not str or not fp or not name:
            continue
        day = at[:10]
        ok = checked.get(day)
        if ok is None:
            ok = checked[day] = _day(day) is not None
        if not ok:
            continue
        by = out.get(fp)
        if by is None:
            out[fp] = {name: [day]}
        else:
            days = by.get(name)
            if days is None:
                by[name] = [day]
            else:
                days.append(day)
    return out


@dataclass(frozen=True)
class ParsedLog:
    """Export-log rows already grouped by `_days_by_fingerprint` (what compute() accepts in their place)."""

    days: dict[str, dict[str, list[str]]]


# Library -> (what its export log looked like, the log parsed): the log only grows (one row per export), so
# its length and its newest row tell whether it changed; a report per tag edit need not parse it again.
_parsed_logs: weakref.WeakKeyDictionary[Library, tuple[tuple[int, str, str], ParsedLog]] = weakref.WeakKeyDictionary()


_parsed_logs_lock = threading.Lock()  # reports run on worker threads (the GUI) as well as in the CLI


def _parsed_export_log(lib: Library, rows: list[dict[str, Any]]) -> ParsedLog:
    """`rows` (export_log(): newest first) parsed, reusing the last parse of this library's log: as is when
    the log did not change, adding only the rows in front of the previous newest one when it grew (new
    exports sort first), from scratch otherwise."""
    with _parsed_logs_lock:
        return _parse_reusing(lib, rows)


def _parse_reusing(lib: Library, rows: list[dict[str, Any]]) -> ParsedLog:
    newest = rows[0] if rows else {}
    key = (len(rows), str(newest.get("at")), str(newest.get("output")))
    cached = _parsed_logs.get(lib)
    if cached is not None:
        (count, at, output), parsed = cached
        if (count, at, output) == key:
            return parsed
        grown = len(rows) - count
        if count and grown > 0 and (str(rows[grown].get("at")), str(rows[grown].get("output"))) == (at, output):
            days = dict(parsed.days)  # copied where it changes: another thread may be reading the old parse
            for fp, by in _days_by_fingerprint(rows[:grown], "preset", "at").items():
                merged = {name: list(old) for name, old in days.get(fp, {}).items()}
                for name, added in by.items():
                    merged.setdefault(name, []).extend(added)
                days[fp] = merged
            result = ParsedLog(days)
            _parsed_logs[lib] = (key, result)
            return result
    result = ParsedLog(_days_by_fingerprint(rows, "preset", "at"))
    _parsed_logs[lib] = (key, result)
    return result


def compute(
    *,
    businesses: Iterable[Any],
    heritage: Iterable[Any],
    members: Mapping[str, Mapping[str, Collection[int]]],
    docs: Mapping[int, dict[str, Any]],
    exports: Iterable[Mapping[str, Any]] | ParsedLog,
    publications: Iterable[Mapping[str, Any]],
    today: date,
    months: int,
    facet: str | None = None,
    category: str | None = None,
    town_centre: bool = False,
    day_of: Callable[[dict[str, Any]], str] | None = None,
    guard: Callable[[], AbstractContextManager[Any]] = nullcontext,
) -> CoverageReport:
    """The coverage report.

    businesses / heritage: the registry records (taxonomy.Business / HeritageSite); closed businesses are
    left out (they cannot be featured any more). members: facet -> folded name -> asset ids (the in-memory
    index's `by_facet`); docs: id -> stored record (its `fingerprint`, its date through `day_of`). exports:
    export-log rows (`fingerprint`, `preset`, `at`); publications: rows (`fingerprint`, `platform`, `date`).
    facet: only that facet's rows; category / town_centre: only businesses of that category / of the town
    centre (heritage sites then drop out: they have neither). months: the `stale` threshold. guard: entered
    around each entry's reading of `members` and `docs` (the facade's lock: taken and let go per entry, so a
    report over 100,000 assets never holds the window's thread for more than one entry's assets)."""
    if not 1 <= months <= MAX_MONTHS:
        raise ValueError(f"months must be within 1..{MAX_MONTHS}")
    if day_of is None:
        from .search import sort_date

        def day_of(doc: dict[str, Any]) -> str:
            return sort_date(doc)

    exp = exports.days if isinstance(exports, ParsedLog) else _days_by_fingerprint(exports, "preset", "at")
    pub = _days_by_fingerprint(publications, "platform", "date")
    cat_key = fold(category) if category else None
    business_only = town_centre or cat_key is not None
    rows: list[CoverageRow] = []
    centre_days: list[list[str]] = []  # each town-centre business's feature days, sorted
    want_business = facet in (None, "business")
    want_heritage = facet in (None, "heritage") and not business_only

    def gather(kind: str, name: str) -> tuple[int, str | None, dict[str, str], dict[str, str], set[str]]:
        # The hot part (100,000 assets in all): map() over dict methods and set operations run in C.
        with guard():  # the index is read one entry at a time: other threads get the lock in between
            ids = members.get(kind, {}).get(fold(name), ())
            try:
                records = list(map(docs.__getitem__, ids))
            except KeyError:  # an id the index lists without its record: never expected, never fatal
                records = [doc for doc in map(docs.get, ids) if doc is not None]
        raw = list(map(dict.get, records, repeat("taken_at")))
        if None in raw:  # no capture date: the file's date, as the grid sorts it
            raw = [t or day_of(d) for t, d in zip(raw, records, strict=True)]
        takens = cast("list[str]", raw)  # every None replaced just above
        newest = max(takens, default="") or ""
        fps = set(map(dict.get, records, repeat("fingerprint")))
        exp_hits = [exp[fp] for fp in exp.keys() & fps] if exp else []
        pub_hits = [pub[fp] for fp in pub.keys() & fps] if pub else []
        days: set[str] = set()
        lasts: list[dict[str, str]] = []
        for hits in (exp_hits, pub_hits):
            last: dict[str, str] = {}
            for by in hits:
                for key, key_days in by.items():
                    latest = max(key_days)
                    if latest > last.get(key, ""):
                        last[key] = latest
                    days.update(key_days)
            lasts.append(last)
        return len(records), newest[:10] or None, lasts[0], lasts[1], days

    if want_business:
        for rec in businesses:
            if getattr(rec, "closed", False) is True or not isinstance(rec.name, str):
                continue
            # a registry entry read from a hand-edited or damaged file may hold a wrong type: no category then
            rec_cat = rec.category if isinstance(rec.category, str) and rec.category else None
            if cat_key is not None and fold(rec_cat or "") != cat_key:
                continue
            in_centre = rec.town_centre is True
            if town_centre and not in_centre:
                continue
            count, newest, last_export, last_pub, days = gather("business", rec.name)
            latest = max([*last_export.values(), *last_pub.values()], default=None)
            rows.append(
                CoverageRow(
                    "business",
                    rec.name,
                    rec_cat,
                    in_centre,
                    count,
                    newest,
                    last_export,
                    last_pub,
                    status_for(latest, today, months),
                )
            )
            if in_centre:
                centre_days.append(sorted(days))
    if want_heritage:
        for rec in heritage:
            if not isinstance(rec.name, str):
                continue
            count, newest, last_export, last_pub, _days = gather("heritage", rec.name)
            latest = max([*last_export.values(), *last_pub.values()], default=None)
            rows.append(
                CoverageRow(
                    "heritage",
                    rec.name,
                    None,
                    None,
                    count,
                    newest,
                    last_export,
                    last_pub,
                    status_for(latest, today, months),
                )
            )
    rows.sort(key=_overdue_key)
    return CoverageReport(today, months, rows, monthly_series(centre_days, today) if want_business else [])


def _overdue_key(row: CoverageRow) -> tuple[int, str, str, str]:
    """Most overdue first: `never`, then the oldest latest feature; ties by facet and name."""
    return (
        _STATUS_ORDER[row.status] if row.status == "never" else 1,
        row.last_featured or "",
        row.facet,
        fold(row.name),
    )


def monthly_series(feature_days: list[list[str]], today: date, months: int = SERIES_MONTHS) -> list[MonthPoint]:
    """For each of the last `months` calendar months (the current one included, oldest first), how many of
    the businesses (one sorted list of feature days each) were featured in that month."""
    total = len(feature_days)
    points = []
    for back in range(months - 1, -1, -1):
        first = months_before(today.replace(day=1), back)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        lo, hi = first.isoformat(), last.isoformat()
        featured = 0
        for days in feature_days:
            at = bisect_right(days, hi)  # days up to the month's end; the one before it is the latest
            if at and days[at - 1] >= lo:
                featured += 1
        points.append(MonthPoint(first.strftime("%Y-%m"), featured, total))
    return points


# -- CSV for Excel ------------------------------------------------------------------------------------------

CSV_HEADER = (
    "Type",
    "Nom",
    "Catégorie",
    "Centre-ville",
    "Médias",
    "Média le plus récent",
    "Derniers exports",
    "Dernières publications",
    "Dernière mise en avant",
    "Statut",
)
STATUS_FR = {"never": "jamais mis en avant", "stale": "pas mis en avant depuis longtemps", "ok": "mis en avant"}
FACET_FR = {"business": "commerce", "heritage": "site patrimonial"}


def _cell(text: str) -> str:
    """A cell Excel shows as text: a value starting with = + - @ (or a tab / carriage return) would be run as
    a formula when the file is opened (CSV injection), so it gets a leading apostrophe."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv_bytes(rows: Iterable[CoverageRow]) -> bytes:
    """The rows as CSV for a French Excel: UTF-8 with a byte-order mark (without it Excel reads the file as
    Windows-1252 and garbles accents), `;` between fields (a French Excel expects it: `,` is the decimal
    separator there), CRLF line ends, every field that needs it quoted."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow(
            [
                FACET_FR.get(row.facet, row.facet),
                _cell(row.name),
                _cell(row.category or ""),
                "" if row.town_centre is None else ("oui" if row.town_centre else "non"),
                str(row.assets),
                row.newest or "",
                _cell(", ".join(f"{k} {v}" for k, v in sorted(row.last_export.items()))),
                _cell(", ".join(f"{k} {v}" for k, v in sorted(row.last_published.items()))),
                row.last_featured or "",
                STATUS_FR[row.status],
            ]
        )
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


# -- the facade's entry point ------------------------------------------------------------------------------


def library_coverage(
    lib: Library,
    *,
    facet: str | None,
    months: int | None,
    category: str | None,
    town_centre: bool,
    today: date | None,
) -> CoverageReport:
    """Library.coverage: the registries and the in-memory index read under the library's lock."""
    from .library import LibraryError

    if months is None:
        months = lib.settings().coverage_months
    if not 1 <= months <= MAX_MONTHS:
        raise LibraryError(f"Le nombre de mois doit être compris entre 1 et {MAX_MONTHS}.")
    if facet not in (None, "business", "heritage"):
        raise LibraryError(f"La couverture concerne les commerces ou les sites patrimoniaux, pas « {facet} ».")
    exports = _parsed_export_log(lib, lib.export_log())  # export_log(): newest first
    # "Marquer comme publié" marks of every PC (the team folder's publication log): fingerprint, platform, date.
    publications = lib.publications()
    businesses, heritage = lib.entries("business"), lib.entries("heritage")
    # The facade's own engine: it reads the in-memory index (assets by facet name) under the facade's lock,
    # taken for one registry entry at a time.
    lock = lib._lock  # noqa: SLF001 -- a part of the Library split out of library.py, like publog.py
    with lock:
        index = lib._index  # noqa: SLF001 -- idem
    return compute(
        businesses=businesses,
        heritage=heritage,
        members=index.by_facet,
        docs=index.docs,
        exports=exports,
        publications=publications,
        today=today or datetime.now().date(),
        months=months,
        facet=facet,
        category=category,
        town_centre=town_centre,
        guard=lambda: lock,
    )


__all__ = [
    "MAX_MONTHS",
    "STATUSES",
    "CoverageReport",
    "CoverageRow",
    "MonthPoint",
    "compute",
    "library_coverage",
    "monthly_series",
    "months_before",
    "stale_cutoff",
    "status_for",
    "to_csv_bytes",
]
