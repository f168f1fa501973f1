"""The list of businesses to cover, imported from a file: the SIRENE extract INSEE publishes per commune
(INSEE's column names), or the plain template `name,category,address,town_centre` for towns that keep their
own list.

SIRENE: active establishments only (`etatAdministratifEtablissement` = A); the name is `enseigne1Etablissement`,
else `denominationUsuelleEtablissement`, else the row is skipped (counted); the NAF code
(`activitePrincipaleEtablissement`) picks the category through a mapping kept as data
(resources/naf-categories.json, overridden by the team's `.lectoure-media/naf-categories.json`): a code no key
matches is not a business to feature (town hall, doctor, holding…) and is skipped. Town centre: the street is
in the team's list of town-centre streets (resources/town-centre-streets.json, overridden by
`.lectoure-media/town-centre-streets.json`).

Merge, never destroy: an establishment is matched to an existing entry by SIRET, else by folded name; a match
only gets the fields that are still empty (a field a person filled is never overwritten); a closed
establishment (`F`) marks its entry `closed` and is never added; no entry is ever deleted.

The file comes from outside: any size, any encoding, any separator, broken quotes. Limits: MAX_BYTES, MAX_ROWS,
MAX_FIELD; UTF-8 (with or without BOM), else Windows-1252, else Latin-1; `;`, `,` or tab, read from the header.
A file that is not one of the two formats is refused with a French sentence.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .model import InvalidName, clean_name, fold
from .taxonomy import Business

if TYPE_CHECKING:
    from .library import Library

MAX_BYTES = 64 * 1024 * 1024  # a commune's extract is a few MB; Paris's whole one is ~150 MB
MAX_ROWS = 200_000
MAX_FIELD = 2_000  # characters of one cell
MAX_JSON_BYTES = 2 * 1024 * 1024  # a team mapping or street list
NAF_FILE = "naf-categories.json"  # in the team folder (.lectoure-media/)
STREETS_FILE = "town-centre-streets.json"

# INSEE's `typeVoieEtablissement` codes, as a person writes them.
STREET_TYPES = {
    "ALL": "allée",
    "AV": "avenue",
    "BD": "boulevard",
    "CAR": "carrefour",
    "CHE": "chemin",
    "CHS": "chaussée",
    "CITE": "cité",
    "COR": "corniche",
    "CRS": "cours",
    "DOM": "domaine",
    "DSC": "descente",
    "ECA": "écart",
    "ESP": "esplanade",
    "FG": "faubourg",
    "GR": "grande rue",
    "HAM": "hameau",
    "HLE": "halle",
    "IMP": "impasse",
    "LD": "lieu-dit",
    "LOT": "lotissement",
    "MAR": "marché",
    "MTE": "montée",
    "PARC": "parc",
    "PAS": "passage",
    "PL": "place",
    "PLN": "plaine",
    "PLT": "plateau",
    "PRO": "promenade",
    "PRV": "parvis",
    "QUA": "quartier",
    "QUAI": "quai",
    "RES": "résidence",
    "RLE": "ruelle",
    "ROC": "rocade",
    "RPT": "rond-point",
    "RTE": "route",
    "RUE": "rue",
    "SEN": "sente",
    "SQ": "square",
    "TPL": "terre-plein",
    "TRA": "traverse",
    "VLA": "villa",
    "VLGE": "village",
}
_SMALL_WORDS = {"de", "du", "des", "la", "le", "les", "et", "au", "aux", "en", "sur", "sous"}

# Template columns and the French names a person may give them.
TEMPLATE_COLUMNS = {
    "name": "name",
    "nom": "name",
    "category": "category",
    "categorie": "category",
    "address": "address",
    "adresse": "address",
    "town_centre": "town_centre",
    "centre_ville": "town_centre",
    "centre-ville": "town_centre",
}
YES = {"oui", "o", "yes", "y", "true", "vrai", "1", "x"}
NO = {"non", "n", "no", "false", "faux", "0"}


class SireneError(ValueError):
    """The file cannot be imported; the message is one French sentence."""


@dataclass(frozen=True)
class ImportSummary:
    added: int = 0
    updated: int = 0
    closed: int = 0
    skipped: int = 0
    # (entry before, entry after) of every entry the import saved (before: None for an added one), for
    # Library.undo_import / redo_import
    changes: tuple[tuple[Business | None, Business], ...] = field(default=(), compare=False, repr=False)

    def to_json(self) -> dict[str, int]:
        """CLI.md's `registry import --json` object."""
        return {"added": self.added, "updated": self.updated, "closed": self.closed, "skipped": self.skipped}


@dataclass(frozen=True)
class Establishment:
    """One row of the file, ready to merge."""

    name: str
    siret: str = ""
    category: str | None = None
    address: str = ""
    town_centre: bool | None = None  # None: not known (no street list match possible, no column)
    active: bool = True


# -- progress and cancel ------------------------------------------------------------------------------------

CANCELLED = "Import annulé : rien n'a été changé."
TICK = 500  # rows between two progress reports / cancel checks


class Checkpoint:
    """progress(done, total, label) every TICK rows, and SireneError (CANCELLED) once `cancel` is set."""

    def __init__(self, progress: Callable[[int, int, str], None] | None, cancel: threading.Event | None) -> None:
        self.progress = progress
        self.cancel = cancel

    def __call__(self, done: int, total: int, label: str = "") -> None:
        if done % TICK:
            return
        if self.cancel is not None and self.cancel.is_set():
            raise SireneError(CANCELLED)
        if self.progress is not None:
            self.progress(done, total, label)


_NO_CHECKPOINT = Checkpoint(None, None)


# -- reading the file ---------------------------------------------------------------------------------------


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")  # never fails: every byte is a character


def _separator(header_line: str) -> str:
    """The most frequent of `;`, `,` and tab outside quotes in the header line."""
    counts = dict.fromkeys(";,\t", 0)
    quoted = False
    for c in header_line:
        if c == '"':
            quoted = not quoted
        elif not quoted and c in counts:
            counts[c] += 1
    best = max(counts, key=lambda c: counts[c])
    return best if counts[best] else ","


def read_rows(
    path: str | os.PathLike[str], checkpoint: Checkpoint = _NO_CHECKPOINT
) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of a CSV file within the limits; SireneError (French) otherwise."""
    shown = os.fspath(path)
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise SireneError(
                f"Le fichier « {shown} » est trop gros ({size // 1_000_000} Mo, {MAX_BYTES // 1_000_000} Mo au plus) : "
                "téléchargez l'extrait SIRENE de la seule commune."
            )
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise SireneError(f"Le fichier « {shown} » est introuvable.") from None
    except OSError as exc:
        from .catalog import _french_os_reason

        raise SireneError(f"Le fichier « {shown} » ne peut pas être lu ({_french_os_reason(exc)}).") from None
    text = _decode(raw)
    if "\x00" in text:
        raise SireneError(f"Le fichier « {shown} » n'est pas un fichier CSV (il contient des données binaires).")
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(first))
    try:
        header = next(reader, None)
        if not header:
            raise SireneError(f"Le fichier « {shown} » est vide.")
        rows: list[list[str]] = []
        for row in reader:
            checkpoint(reader.line_num, 0, "lecture")
            if len(rows) >= MAX_ROWS:
                raise SireneError(
                    f"Le fichier « {shown} » a plus de {MAX_ROWS} lignes : ce n'est pas l'extrait d'une commune."
                )
            if any(row):
                rows.append(row)
    except csv.Error as exc:
        raise SireneError(
            f"Le fichier « {shown} » n'est pas un CSV lisible (ligne {reader.line_num} : {exc})."
        ) from None
    return [h.strip().strip('"').strip() for h in header], rows


# -- mapping data (resources, team overrides) -----------------------------------------------------------


def _load_json(path: Path) -> Any:
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            raise SireneError(f"Le fichier « {path} » est trop gros pour une liste de réglages.")
        return json.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        if isinstance(exc, SireneError):
            raise
        raise SireneError(
            f"Le fichier « {path} » est illisible ou n'est pas du JSON valide : corrigez-le ou supprimez-le."
        ) from None


def normalize_naf(code: str) -> str:
    """`5610A`, ` 56.10a ` → `56.10A`."""
    code = re.sub(r"\s+", "", code).upper()
    if re.fullmatch(r"\d{4}[A-Z]", code):
        code = f"{code[:2]}.{code[2:]}"
    return code


def load_naf_map(path: Path) -> dict[str, str]:
    """The `codes` object of a mapping file: {NAF code or prefix: category}; SireneError if malformed."""
    data = _load_json(path)
    codes = data.get("codes") if isinstance(data, dict) else None
    if not isinstance(codes, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in codes.items()):
        raise SireneError(
            f"Le fichier « {path} » doit contenir un objet « codes » qui associe un code NAF à une catégorie."
        )
    out = {}
    for key, category in codes.items():
        try:
            out[normalize_naf(key)] = clean_name(category)
        except InvalidName as exc:
            raise SireneError(f"Le fichier « {path} » : catégorie du code {key} invalide ({exc})") from None
    return out


def category_for(naf: str, mapping: Mapping[str, str]) -> str | None:
    """The category of the longest key that `naf` starts with (exact code first), or None."""
    code = normalize_naf(naf)
    while code:
        if code in mapping:
            return mapping[code]
        code = code[:-1].rstrip(".")
    return None


def street_key(text: str) -> str:
    """A street name compared without case, accents, punctuation or an abbreviated type (RUE, PL…)."""
    words = re.sub(r"[^0-9a-z]+", " ", fold(text)).split()
    if words and words[0].upper() in STREET_TYPES:
        words[0] = fold(STREET_TYPES[words[0].upper()])
    return " ".join(words)


def load_streets(path: Path) -> set[str]:
    data = _load_json(path)
    streets = data.get("streets") if isinstance(data, dict) else None
    if not isinstance(streets, list) or not all(isinstance(s, str) for s in streets):
        raise SireneError(f"Le fichier « {path} » doit contenir une liste « streets » de noms de rues.")
    return {street_key(s) for s in streets if s.strip()}


def in_town_centre(address: str, streets: set[str]) -> bool:
    """True when one of the streets appears, as whole words, in the address."""
    key = f" {street_key(address)} "
    return any(f" {s} " in key for s in streets)


def mapping_files(roots: Iterable[str]) -> tuple[Path, Path]:
    """(NAF mapping, street list): the team folder's copy in the first root that has one, else the default."""
    from ..resources import resource_path
    from .team.paths import team_dir

    def find(name: str) -> Path:
        for root in roots:
            candidate = team_dir(root) / name
            if candidate.is_file():
                return candidate
        return resource_path(name)  # the default, under the same name

    return find(NAF_FILE), find(STREETS_FILE)


# -- rows -> establishments ------------------------------------------------------------------------------


def _title(text: str, *, lead: bool = True) -> str:
    """`GENERAL DE GAULLE` → `General de Gaulle`: SIRENE writes addresses in capitals. `lead`: a small
    first word is capitalised too (a commune: `La Romieu`; not a street after its type: `place du …`)."""
    words = text.lower().split()
    return " ".join(
        w if (w in _SMALL_WORDS and (i or not lead)) else w[:1].upper() + w[1:] for i, w in enumerate(words)
    )


def _cell(row: list[str], col: dict[str, int], name: str) -> str:
    at = col.get(name)
    if at is None or at >= len(row):
        return ""
    value = row[at].strip()
    return value[:MAX_FIELD]


def parse(
    header: list[str],
    rows: list[list[str]],
    naf_map: Mapping[str, str],
    streets: set[str],
    *,
    shown: str = "",
    checkpoint: Checkpoint = _NO_CHECKPOINT,
) -> tuple[list[Establishment], int]:
    """(establishments, rows skipped) from a SIRENE extract or the template; SireneError for another file."""
    col: dict[str, int] = {}
    for i, h in enumerate(header):
        col.setdefault(h.casefold(), i)
    if "siret" in col or "etatadministratifetablissement" in col:
        return _parse_sirene(rows, col, naf_map, streets, checkpoint)
    template: dict[str, int] = {}
    for h, i in col.items():
        key = TEMPLATE_COLUMNS.get(fold(h).replace(" ", "_"))
        if key:
            template.setdefault(key, i)
    if "name" in template:
        return _parse_template(rows, template, streets, checkpoint)
    raise SireneError(
        f"Le fichier « {shown} » n'est ni un extrait SIRENE (colonnes de l'INSEE : siret, enseigne1Etablissement…) "
        "ni le modèle simple (colonnes name, category, address, town_centre)."
    )


def _parse_sirene(
    rows: list[list[str]], col: dict[str, int], naf_map: Mapping[str, str], streets: set[str], checkpoint: Checkpoint
) -> tuple[list[Establishment], int]:
    out, skipped = [], 0
    for at, row in enumerate(rows):
        checkpoint(at, len(rows), "analyse")
        name = _cell(row, col, "enseigne1etablissement") or _cell(row, col, "denominationusuelleetablissement")
        state = _cell(row, col, "etatadministratifetablissement").upper()
        siret = re.sub(r"\s+", "", _cell(row, col, "siret"))
        if siret and not re.fullmatch(r"\d{14}", siret):
            siret = ""  # a damaged SIRET is no key; the name still is
        nomenclature = _cell(row, col, "nomenclatureactiviteprincipaleetablissement").upper()
        # NAF rev. 2 codes only: an older nomenclature reuses the same digits for other trades (NAF 1993's
        # 55.3A is a restaurant, rev. 2's 55.30Z a campsite)
        naf = _cell(row, col, "activiteprincipaleetablissement") if nomenclature in ("", "NAFREV2") else ""
        category = category_for(naf, naf_map) if naf else None
        if not name or category is None or state not in ("A", "F"):
            skipped += 1
            continue
        number = " ".join(
            p
            for p in (_cell(row, col, "numerovoieetablissement"), _cell(row, col, "indicerepetitionetablissement"))
            if p
        )
        kind = _cell(row, col, "typevoieetablissement").upper()
        street = " ".join(
            p
            for p in (
                STREET_TYPES.get(kind, kind.lower()),
                _title(_cell(row, col, "libellevoieetablissement"), lead=False),
            )
            if p
        )
        town = " ".join(
            p
            for p in (
                _cell(row, col, "codepostaletablissement"),
                _title(_cell(row, col, "libellecommuneetablissement")),
            )
            if p
        )
        address = ", ".join(p for p in (" ".join(p for p in (number, street) if p), town) if p)
        out.append(
            Establishment(
                name=name,
                siret=siret,
                category=category,
                address=address,
                town_centre=in_town_centre(street, streets) if street else None,
                active=state == "A",
            )
        )
    return out, skipped


def _parse_template(
    rows: list[list[str]], col: dict[str, int], streets: set[str], checkpoint: Checkpoint
) -> tuple[list[Establishment], int]:
    out, skipped = [], 0
    for at, row in enumerate(rows):
        checkpoint(at, len(rows), "analyse")
        name = _cell(row, col, "name")
        if not name:
            skipped += 1
            continue
        address = _cell(row, col, "address")
        flag = fold(_cell(row, col, "town_centre"))
        town_centre = (
            True if flag in YES else False if flag in NO else (in_town_centre(address, streets) if address else None)
        )
        out.append(
            Establishment(
                name=name, category=_cell(row, col, "category") or None, address=address, town_centre=town_centre
            )
        )
    return out, skipped


# -- merging ---------------------------------------------------------------------------------------------


def merge(existing: list[Business], establishments: list[Establishment]) -> tuple[list[Business], ImportSummary]:
    """The entries to save (new or changed copies of `existing`) and the counts. Pure: `existing` is not
    modified. A match gets only its empty fields filled; an entry is never deleted."""
    by_siret: dict[str, Business] = {}
    by_name: dict[str, Business] = {}
    for rec in existing:
        copy = dataclasses.replace(rec)
        by_name[fold(copy.name)] = copy
        if copy.siret:
            by_siret[copy.siret] = copy
    changed: dict[int, Business] = {}  # id() -> entry to save
    new_ids: set[int] = set()
    added = updated = closed = skipped = 0
    for est in establishments:
        try:
            name = clean_name(est.name)
            category = clean_name(est.category) if est.category else None
        except InvalidName:
            skipped += 1
            continue
        match = by_siret.get(est.siret) if est.siret else None
        if match is None:
            match = by_name.get(fold(name))
            if match is not None and est.siret and match.siret and match.siret != est.siret:
                skipped += 1  # another establishment of the same name: the person decides (rename one)
                continue
        if not est.active:
            if match is None:
                skipped += 1  # a closed establishment is never added
            elif not match.closed:  # (one already marked closed: nothing to do, nothing to count)
                match.closed = True
                changed[id(match)] = match
                closed += 1
            continue
        if match is None:
            rec = Business(
                name=name,
                category=category,
                address=est.address,
                town_centre=bool(est.town_centre) if est.town_centre is not None else False,
                siret=est.siret,
            )
            by_name[fold(name)] = rec
            if est.siret:
                by_siret[est.siret] = rec
            changed[id(rec)] = rec
            new_ids.add(id(rec))
            added += 1
            continue
        touched = False
        if not match.category and category:
            match.category, touched = category, True
        if not match.address and est.address:
            match.address, touched = est.address, True
        if not match.siret and est.siret:
            match.siret, touched = est.siret, True
            by_siret[est.siret] = match
        if match.closed and est.siret and match.siret == est.siret:
            match.closed, touched = False, True  # open again in the newer extract
        if touched:
            if id(match) not in new_ids and id(match) not in changed:
                updated += 1
            changed[id(match)] = match
    return list(changed.values()), ImportSummary(added, updated, closed, skipped)


# -- the facade's entry point ------------------------------------------------------------------------------


def import_businesses(
    lib: Library,
    path: str | os.PathLike[str],
    *,
    progress: Callable[[int, int, str], None] | None = None,
    cancel: threading.Event | None = None,
) -> ImportSummary:
    """Library.import_businesses: read, parse, merge with the registry, save the changed entries. `cancel`
    is honoured until the saving starts (then nothing has changed); the saving itself is short and whole."""
    from .library import LibraryError

    checkpoint = Checkpoint(progress, cancel)
    try:
        naf_path, streets_path = mapping_files(lib.roots())
        naf_map, streets = load_naf_map(naf_path), load_streets(streets_path)
        header, rows = read_rows(path, checkpoint)
        establishments, skipped = parse(header, rows, naf_map, streets, shown=os.fspath(path), checkpoint=checkpoint)
        checkpoint(0, len(rows), "enregistrement")  # the last moment a cancel leaves everything as it was
    except SireneError as exc:
        raise LibraryError(str(exc)) from None
    if not lib.team_edits_allowed:
        raise LibraryError(
            "Le catalogue est ouvert en lecture seule (un autre programme le tient) : l'import ne peut pas être "
            "enregistré ; fermez l'autre programme ou importez depuis celui-ci."
        )
    existing = lib.entries("business")
    to_save, summary = merge(existing, establishments)
    before = {fold(rec.name): rec for rec in existing}
    changes = []
    for rec in to_save:
        lib.save_entry("business", rec)
        changes.append((before.get(fold(rec.name)), rec))
    return dataclasses.replace(summary, skipped=summary.skipped + skipped, changes=tuple(changes))


def undo_import(lib: Library, summary: ImportSummary) -> int:
    """Library.undo_import: put back what an import changed, entry by entry, unless the entry was edited
    since (then the person's edit stays). An added entry is deleted only while no asset carries it.
    Returns the number of entries put back."""
    done = 0
    for before, after in summary.changes:
        if lib.entry("business", after.name) != after:
            continue
        if before is None:
            if lib.usage_count("business", after.name):
                continue
            lib.delete_entry("business", after.name)
        else:
            lib.save_entry("business", before)
        done += 1
    return done


def redo_import(lib: Library, summary: ImportSummary) -> int:
    """Library.redo_import: apply an undone import again where the entries are as it left them."""
    done = 0
    for before, after in summary.changes:
        if lib.entry("business", after.name) != before:
            continue
        lib.save_entry("business", after)
        done += 1
    return done


__all__ = [
    "CANCELLED",
    "Checkpoint",
    "ImportSummary",
    "SireneError",
    "Establishment",
    "category_for",
    "import_businesses",
    "in_town_centre",
    "merge",
    "normalize_naf",
    "redo_import",
    "undo_import",
    "parse",
    "read_rows",
    "street_key",
]
