"""Campaign default rights and photo-competition intake (issue 11, items 6 and 7).

Defaults: a campaign ("Concours photo 2024") carries default rights — licence, licence end, usage terms,
credit line (a pattern such as `Photo : {creator} — Concours photo 2024`) — kept in the team folder
(`.lectoure-media/rights-defaults/<key>.json`, one small file per campaign, written under its cross-PC lock).
`preview` lists, per asset of the campaign, the fields it would get: only those the asset has none of;
`apply` writes them (Library.apply_rights, one step per group of assets receiving the same fields).

Intake: entries dropped as one sub-folder per entrant (`Concours/Léa Dubois/IMG_1.jpg`) or listed in a CSV
(file, entrant, e-mail, title; UTF-8 or Windows-1252, `;` or `,`) get creator, e-mail, title and the campaign
in one step. A listed file that is missing, outside the library or not a photo/video is reported (French).
"""

from __future__ import annotations

import csv
import io
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from .fsutil import atomic_write_bytes
from .sharelock import ShareLockTimeout, share_lock
from .team.paths import safe_key, team_dir

if TYPE_CHECKING:
    from .library import Library

Progress = Callable[[int, int, str], None]
DEFAULTS_DIR = "rights-defaults"
DEFAULT_FIELDS = ("licence", "licence_end", "usage_terms", "credit")
MAX_DEFAULTS_BYTES = 64 * 1024
MAX_CSV_BYTES = 5 * 1024 * 1024
_HEADERS = {
    "file": ("file", "fichier", "photo", "nom du fichier", "filename"),
    "entrant": ("entrant", "participant", "auteur", "author", "nom", "name", "photographe"),
    "email": ("email", "e-mail", "courriel", "mail", "adresse e-mail"),
    "title": ("title", "titre"),
}


@dataclass
class IntakeReport:
    """What an intake did: the files given creator/title/campaign, and the French reasons of the others."""

    done: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"done": list(self.done), "problems": list(self.problems)}


class CampaignRights:
    """Library.campaign_rights: campaign defaults and competition intake for one library."""

    def __init__(self, lib: Library) -> None:
        self.lib = lib

    # -- defaults ------------------------------------------------------------------------------------
    def _path(self, campaign: str) -> Path:
        from .library import LibraryError

        roots = self.lib.roots()
        if not roots:
            raise LibraryError("Aucun dossier n'est encore analysé : les réglages d'équipe n'ont pas d'emplacement.")
        return team_dir(roots[0]) / DEFAULTS_DIR / f"{safe_key(campaign)}.json"

    def defaults(self, campaign: str) -> dict[str, Any]:
        """The campaign's default rights ({} when none, or when the file is unusable: it is untrusted)."""
        from .rights import RightsError, delta

        path = self._path(campaign)
        try:
            if path.stat().st_size > MAX_DEFAULTS_BYTES:
                return {}
            doc = orjson.loads(path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return {}
        if not isinstance(doc, dict):
            return {}
        out: dict[str, Any] = {}
        for key in DEFAULT_FIELDS:
            if doc.get(key) is None:
                continue
            try:
                if key == "credit":
                    checked = delta(credit=doc[key]).scalars[key]
                else:
                    checked = delta(**{key: doc[key]}).scalars[key]
            except (RightsError, TypeError):
                continue
            if checked is not None:
                out[key] = checked
        return out

    def set_defaults(self, campaign: str, **fields: Any) -> dict[str, Any]:
        """Save the campaign's default rights (DEFAULT_FIELDS; None clears one). LibraryError in French."""
        from .library import LibraryError
        from .rights import RightsError, delta

        unknown = set(fields) - set(DEFAULT_FIELDS)
        if unknown:
            raise LibraryError(f"Droits par défaut : champ inconnu « {sorted(unknown)[0]} ».")
        try:
            checked = delta(**fields).scalars
        except RightsError as exc:
            raise LibraryError(str(exc)) from None
        path = self._path(campaign)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with share_lock(os.fspath(path)):
                current = self.defaults(campaign)
                new = {k: v for k, v in {**current, **checked}.items() if v is not None}
                atomic_write_bytes(path, orjson.dumps({"campaign": campaign, **new}, option=orjson.OPT_INDENT_2))
        except (OSError, ShareLockTimeout) as exc:
            raise LibraryError(f"Les droits par défaut de « {campaign} » n'ont pas été enregistrés ({exc}).") from None
        return new

    def preview(self, campaign: str) -> list[tuple[int, str, dict[str, Any]]]:
        """(id, path, fields it would get) for each asset of the campaign lacking some default field."""
        from .model import fold

        defaults = self.defaults(campaign)
        if not defaults:
            return []
        lib = self.lib
        with lib._lock:  # noqa: SLF001 -- an engine of the facade, like tagging.py
            ids = sorted(lib._index.by_facet["campaign"].get(fold(campaign), ()))  # noqa: SLF001 -- idem
            docs = [(i, lib._index.docs[i]) for i in ids]  # noqa: SLF001 -- idem
        out = []
        for doc_id, doc in docs:
            rights = doc.get("rights") or {}
            missing = {k: v for k, v in defaults.items() if not rights.get(k)}
            if missing:
                out.append((doc_id, doc["path"], missing))
        return out

    def apply(self, campaign: str) -> int:
        """Write the previewed fields; returns how many assets changed."""
        groups: dict[bytes, tuple[dict[str, Any], list[int]]] = {}
        for doc_id, _path, fields in self.preview(campaign):
            key = orjson.dumps(fields, option=orjson.OPT_SORT_KEYS)
            groups.setdefault(key, (fields, []))[1].append(doc_id)
        count = 0
        for fields, ids in groups.values():
            count += len(self.lib.apply_rights(ids, **fields).ids)
        return count

    # -- intake ----------------------------------------------------------------------------------------
    def _intake_one(self, report: IntakeReport, path: str, campaign: str | None, changes: Mapping[str, Any]) -> None:
        from .library import LibraryError

        try:
            if changes:
                self.lib.set_rights([path], **{k: v for k, v in changes.items() if k != "_line"})
            if campaign:
                self.lib.tag([path], add={"campaign": [campaign]})
        except LibraryError as exc:
            report.problems.append(str(exc))
            return
        report.done.append(path)

    def _run(
        self,
        report: IntakeReport,
        jobs: list[tuple[str, dict[str, Any]]],
        campaign: str | None,
        progress: Progress | None,
        cancel: threading.Event | None,
    ) -> IntakeReport:
        for done, (path, changes) in enumerate(jobs, start=1):
            if cancel is not None and cancel.is_set():
                report.problems.append(f"Reprise annulée : {len(jobs) - done + 1} fichier(s) non traités.")
                break
            before = len(report.problems)
            self._intake_one(report, path, campaign, changes)
            label = changes.pop("_line", None)
            if label and len(report.problems) > before:
                report.problems[-1] = f"{label} : {report.problems[-1]}"
            if progress is not None:
                progress(done, len(jobs), os.path.basename(path))
        self.lib.wait_sidecars()
        return report

    def intake_folders(
        self,
        folder: str | os.PathLike[str],
        campaign: str | None = None,
        *,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> IntakeReport:
        """Each sub-folder of `folder` is an entrant: its media files get the sub-folder's name as creator.
        `progress(done, total, file name)` after each file; `cancel` stops between files."""
        from .ignore import classify
        from .library import LibraryError

        report = IntakeReport()
        try:
            entrants = sorted((e for e in os.scandir(folder) if e.is_dir(follow_symlinks=False)), key=lambda e: e.name)
        except OSError as exc:
            raise LibraryError(f"Le dossier du concours « {folder} » ne peut pas être lu ({exc.strerror}).") from None
        jobs: list[tuple[str, dict[str, Any]]] = []
        for entrant in entrants:
            if entrant.name.startswith("."):
                continue
            for dirpath, dirnames, names in os.walk(entrant.path):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(names):
                    if classify(name) == "media":
                        jobs.append((os.path.join(dirpath, name), {"creator": entrant.name}))
        return self._run(report, jobs, campaign, progress, cancel)

    def intake_csv(
        self,
        csv_path: str | os.PathLike[str],
        campaign: str | None = None,
        *,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> IntakeReport:
        """Entries listed in a CSV (file, entrant, e-mail, title); a relative file is taken from the CSV's
        folder. Accents in UTF-8 (with or without BOM) or Windows-1252 (Excel's "CSV" on a French PC)."""
        from .library import LibraryError

        csv_path = Path(csv_path)
        try:
            if csv_path.stat().st_size > MAX_CSV_BYTES:
                raise LibraryError(f"Le fichier « {csv_path.name} » est trop volumineux pour une liste d'inscrits.")
            raw = csv_path.read_bytes()
        except OSError as exc:
            raise LibraryError(f"Le fichier « {csv_path} » ne peut pas être lu ({exc.strerror}).") from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
        first = text.splitlines()[0] if text.strip() else ""
        delimiter = ";" if first.count(";") > first.count(",") else ","
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        if not rows:
            raise LibraryError(f"Le fichier « {csv_path.name} » est vide.")
        header = [h.strip().casefold() for h in rows[0]]
        columns = {key: next((header.index(n) for n in names if n in header), None) for key, names in _HEADERS.items()}
        has_header = columns["file"] is not None
        if not has_header:
            columns = {"file": 0, "entrant": 1, "email": 2, "title": 3}  # no header: the documented order
        report = IntakeReport()
        jobs: list[tuple[str, dict[str, Any]]] = []
        for line_no, row in enumerate(rows[1:] if has_header else rows, start=2 if has_header else 1):

            def cell(key: str, row: list[str] = row) -> str:
                i = columns.get(key)
                return row[i].strip() if i is not None and i < len(row) else ""

            name = cell("file")
            if not name:
                continue
            path = Path(name) if os.path.isabs(name) else csv_path.parent / name
            if not path.is_file():
                report.problems.append(f"Ligne {line_no} : le fichier « {name} » est introuvable.")
                continue
            changes: dict[str, Any] = {}
            if cell("entrant"):
                changes["creator"] = cell("entrant")
            if cell("email"):
                changes["creator_email"] = cell("email")
            if cell("title"):
                changes["title"] = cell("title")
            jobs.append((os.fspath(path), {**changes, "_line": f"Ligne {line_no}"}))
        return self._run(report, jobs, campaign, progress, cancel)


__all__ = ["DEFAULT_FIELDS", "CampaignRights", "IntakeReport"]
