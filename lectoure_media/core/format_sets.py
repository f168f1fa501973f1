"""Format sets: named groups of export presets shared by the team ("Réseaux de la ville : Instagram portrait
+ story, Facebook, TikTok").

One small JSON file per set in the team folder of the library's primary root (its first registered root):
`<root>/.lectoure-media/format-sets/<safe_key(name)>.json` holding `{"name": str, "presets": [str]}`, written
under the cross-PC lock (sharelock) and atomically (fsutil). The built-in sets (BUILTIN_SETS) need no
file; a team file of the same name replaces one, and deleting a built-in set leaves a small file saying so
(`"deleted": true`) so that every PC stops offering it. Without a root only the built-in sets exist.

Every file of the share may be broken or hostile (bad JSON, huge, wrong types, a name that is not its
file's): such a file is skipped and reported (a French sentence), never fatal. A set citing presets this PC
does not have keeps the others; one left with none is skipped, reported.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from .fsutil import atomic_write_bytes, printable
from .model import InvalidName, clean_name, fold
from .team.paths import safe_key, team_dir

if TYPE_CHECKING:
    from .library import Library

log = logging.getLogger(__name__)

FORMAT_SETS = "format-sets"
MAX_FILE_BYTES = 64 * 1024  # a set is a few hundred bytes; past this a file is not one of ours
MAX_FILES = 500
MAX_PRESETS_PER_SET = 50
MAX_NAME_CHARS = 80
BUILTIN_SETS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Réseaux de la ville", ("instagram-portrait", "instagram-story", "facebook-post", "tiktok")),
)


class FormatSetError(ValueError):
    """A set that cannot be saved, deleted or found; the message is one French sentence."""


@dataclass(frozen=True)
class FormatSet:
    name: str
    preset_ids: tuple[str, ...]
    builtin: bool = False  # the application's own, not (or no longer) a file of the team folder


@dataclass
class FormatSetLoad:
    """The sets in display order (built-in first, then by name) and French sentences about skipped files."""

    sets: list[FormatSet] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[FormatSet]:
        return iter(self.sets)

    def __len__(self) -> int:
        return len(self.sets)

    def names(self) -> list[str]:
        return [s.name for s in self.sets]

    def get(self, name: str) -> FormatSet | None:
        """The set called `name` (case and accents ignored), or None."""
        key = fold(name) if isinstance(name, str) else ""
        return next((s for s in self.sets if fold(s.name) == key), None)


def sets_dir(root: str | os.PathLike[str]) -> Path:
    return team_dir(root) / FORMAT_SETS


def set_path(root: str | os.PathLike[str], name: str) -> Path:
    """The file of the set `name`: its key is file-name safe, whatever the name holds (`../`, `CON`…)."""
    return sets_dir(root) / f"{safe_key(name)}.json"


def _check_name(name: object) -> str:
    try:
        text = clean_name(name)  # type: ignore[arg-type]  # clean_name refuses a non-text itself (InvalidName)
    except InvalidName as exc:
        raise FormatSetError(f"Nom d'ensemble de formats refusé : {exc}") from None
    if len(text) > MAX_NAME_CHARS:
        raise FormatSetError(f"Le nom d'un ensemble de formats tient en {MAX_NAME_CHARS} caractères au plus.")
    return text


def _read_one(path: Path) -> dict[str, Any]:
    """The document of one set file; FormatSetError (French) when it is not a usable set file."""
    shown = printable(path.name)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise FormatSetError(
            f"Le fichier d'ensemble de formats « {shown} » est illisible ({exc.strerror or exc})."
        ) from None
    if len(raw) > MAX_FILE_BYTES:
        raise FormatSetError(f"Le fichier d'ensemble de formats « {shown} » est trop volumineux : ignoré.")
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise FormatSetError(f"Le fichier d'ensemble de formats « {shown} » est endommagé : ignoré.") from None
    if not isinstance(doc, dict):
        raise FormatSetError(f"Le fichier d'ensemble de formats « {shown} » n'est pas un ensemble : ignoré.")
    try:
        name = _check_name(doc.get("name"))
    except FormatSetError as exc:
        raise FormatSetError(f"Fichier « {shown} » ignoré. {exc}") from None
    if path.name != f"{safe_key(name)}.json":
        raise FormatSetError(f"Le fichier « {shown} » porte l'ensemble « {name} », qui n'est pas le sien : ignoré.")
    deleted = doc.get("deleted") is True
    presets = doc.get("presets", [])
    if not deleted and (
        not isinstance(presets, list)
        or not presets
        or len(presets) > MAX_PRESETS_PER_SET
        or not all(isinstance(p, str) for p in presets)
    ):
        raise FormatSetError(
            f"L'ensemble de formats « {name} » (fichier « {shown} ») n'a pas de liste de formats valable : ignoré."
        )
    return {"name": name, "presets": [] if deleted else list(dict.fromkeys(presets)), "deleted": deleted}


def _listing(folder: Path) -> list[Path]:
    names = []
    with os.scandir(folder) as it:
        for entry in it:
            # Regular files only: a pipe or a device given a .json name must not hang or flood the reader.
            if entry.name.endswith(".json") and not entry.name.startswith(".") and entry.is_file(follow_symlinks=False):
                names.append(Path(entry.path))
                if len(names) >= MAX_FILES:
                    break
    return sorted(names)


def load(root: str | os.PathLike[str] | None, known_presets: Iterable[str]) -> FormatSetLoad:
    """The built-in sets and those of the team folder of `root` (None: the built-in ones only)."""
    known = set(known_presets)
    result = FormatSetLoad()
    by_key: dict[str, FormatSet | None] = {fold(n): FormatSet(n, ids, builtin=True) for n, ids in BUILTIN_SETS}
    if root is not None:
        folder = sets_dir(root)
        try:
            paths = _listing(folder)
        except FileNotFoundError:
            paths = []
        except OSError as exc:
            paths = []
            result.warnings.append(
                f"Le dossier des ensembles de formats « {printable(str(folder))} » est illisible "
                f"({exc.strerror or exc}) : seuls les ensembles intégrés sont proposés."
            )
        for path in paths:
            try:
                doc = _read_one(path)
            except FormatSetError as exc:
                log.warning("format set file skipped: %s", exc)
                result.warnings.append(str(exc))
                continue
            key = fold(doc["name"])
            if doc["deleted"]:
                by_key[key] = None
                continue
            by_key[key] = FormatSet(doc["name"], tuple(doc["presets"]), builtin=False)
    for key, fset in by_key.items():
        if fset is None:
            continue
        usable = tuple(p for p in fset.preset_ids if p in known)
        missing = [p for p in fset.preset_ids if p not in known]
        if missing and usable:
            result.warnings.append(
                f"L'ensemble de formats « {fset.name} » cite des formats inconnus sur ce poste "
                f"({', '.join(printable(m) for m in missing[:5])}) : ils sont laissés de côté."
            )
        if not usable:
            result.warnings.append(
                f"L'ensemble de formats « {fset.name} » ne cite aucun format connu sur ce poste : ignoré."
            )
            continue
        by_key[key] = FormatSet(fset.name, usable, fset.builtin)
    sets = [s for s in by_key.values() if s is not None and s.preset_ids and all(p in known for p in s.preset_ids)]
    builtin_order = {fold(n): i for i, (n, _ids) in enumerate(BUILTIN_SETS)}
    sets.sort(key=lambda s: (0, builtin_order.get(fold(s.name), 0), "") if s.builtin else (1, 0, fold(s.name)))
    result.sets = sets
    return result


def _write(root: str | os.PathLike[str], name: str, doc: dict[str, Any]) -> None:
    from .sharelock import ShareLockTimeout, share_lock

    path = set_path(root, name)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with share_lock(str(path)):
            atomic_write_bytes(path, orjson.dumps(doc, option=orjson.OPT_INDENT_2))
    except ShareLockTimeout as exc:
        raise FormatSetError(str(exc)) from None
    except OSError as exc:
        from .catalog import _french_os_reason

        raise FormatSetError(
            f"L'ensemble de formats « {name} » n'a pas pu être enregistré dans « {printable(str(path.parent))} » "
            f"({_french_os_reason(exc)})."
        ) from None


def save(
    root: str | os.PathLike[str] | None, name: str, preset_ids: Iterable[str], known_presets: Iterable[str]
) -> FormatSet:
    """Create or replace the set `name` in the team folder of `root`. FormatSetError (French)."""
    text = _check_name(name)
    if root is None:
        raise FormatSetError(
            "Aucun dossier dans la bibliothèque : ajoutez le dossier partagé pour enregistrer un ensemble de formats."
        )
    if isinstance(preset_ids, str):
        preset_ids = [preset_ids]
    ids = list(dict.fromkeys(p for p in preset_ids if isinstance(p, str) and p))
    if not ids:
        raise FormatSetError(f"L'ensemble de formats « {text} » doit contenir au moins un format.")
    if len(ids) > MAX_PRESETS_PER_SET:
        raise FormatSetError(f"Un ensemble de formats contient {MAX_PRESETS_PER_SET} formats au plus.")
    known = set(known_presets)
    unknown = [p for p in ids if p not in known]
    if unknown:
        raise FormatSetError(
            f"Format(s) inconnu(s) : {', '.join(unknown)}. Formats disponibles : {', '.join(sorted(known))}."
        )
    doc = {"name": text, "presets": ids, "saved_at": time.strftime("%Y-%m-%dT%H:%M:%S")}
    _write(root, text, doc)
    return FormatSet(text, tuple(ids), builtin=False)


def delete(root: str | os.PathLike[str] | None, name: str, current: FormatSetLoad) -> None:
    """Delete the set `name`: its file goes; a built-in set is marked deleted for the whole team."""
    found = current.get(name) if isinstance(name, str) else None
    if found is None:
        raise FormatSetError(f"L'ensemble de formats « {name} » n'existe pas.")
    if root is None:
        raise FormatSetError(
            "Aucun dossier dans la bibliothèque : les ensembles intégrés ne peuvent pas être supprimés."
        )
    if any(fold(n) == fold(found.name) for n, _ids in BUILTIN_SETS):
        _write(root, found.name, {"name": found.name, "deleted": True, "presets": []})
        return
    from .sharelock import ShareLockTimeout, share_lock

    path = set_path(root, found.name)
    try:
        with share_lock(str(path)), contextlib.suppress(FileNotFoundError):
            os.unlink(path)
    except ShareLockTimeout as exc:
        raise FormatSetError(str(exc)) from None
    except OSError as exc:
        from .catalog import _french_os_reason

        raise FormatSetError(
            f"L'ensemble de formats « {found.name} » n'a pas pu être supprimé ({_french_os_reason(exc)})."
        ) from None


# -- the facade's side (Library.format_sets & co.) -----------------------------------------------------
def _root(lib: Library) -> str | None:
    roots = lib.roots()
    return roots[0] if roots else None


def _known(lib: Library) -> list[str]:
    from .export.presets import load_presets

    return [p.id for p in load_presets(lib.data_dir)]


def _library_error(exc: FormatSetError) -> Exception:
    from .library import LibraryError

    return LibraryError(str(exc))


def library_sets(lib: Library) -> FormatSetLoad:
    return load(_root(lib), _known(lib))


def library_set(lib: Library, name: str) -> FormatSet:
    found = library_sets(lib).get(name)
    if found is None:
        names = ", ".join(f"« {n} »" for n in library_sets(lib).names()) or "aucun"
        raise _library_error(
            FormatSetError(f"Ensemble de formats inconnu « {name} ». Ensembles disponibles : {names}.")
        )
    return found


def library_save(lib: Library, name: str, preset_ids: Iterable[str]) -> FormatSet:
    try:
        return save(_root(lib), name, preset_ids, _known(lib))
    except FormatSetError as exc:
        raise _library_error(exc) from None


def library_delete(lib: Library, name: str) -> None:
    try:
        delete(_root(lib), name, library_sets(lib))
    except FormatSetError as exc:
        raise _library_error(exc) from None


__all__ = [
    "BUILTIN_SETS",
    "FORMAT_SETS",
    "FormatSet",
    "FormatSetError",
    "FormatSetLoad",
    "delete",
    "library_delete",
    "library_save",
    "library_set",
    "library_sets",
    "load",
    "save",
    "set_path",
    "sets_dir",
]
