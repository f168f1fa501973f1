"""Output file names for exports: templates, Windows-safe components, staying inside the output folder.

Names are built from tag values and source names, which come from untrusted files and from people typing:
`../`, `CON`, `:`, trailing dots, NFD accents and 300-character names all happen. Every component is made
safe for Windows (the target) even on Linux, so an export folder can be copied to a Windows share as is.
"""

from __future__ import annotations

import datetime as _dt
import errno
import os
import re
import string
import unicodedata
from pathlib import Path

from ..fsutil import IS_WINDOWS, long_path, replace_with_retry

TEMPLATE_FIELDS = ("name", "preset", "date", "business", "site", "campaign")
DEFAULT_TEMPLATE = "{name}_{preset}"
MAX_COMPONENT_CHARS = 120
# Linux limits a name to 255 bytes; an emoji is 4 UTF-8 bytes, so characters alone are not enough.
MAX_COMPONENT_BYTES = 240
_FORBIDDEN = set('<>:"/\\|?*')
_SEPARATORS = "_- ."
_SUPERSCRIPT_DIGITS = "¹²³"
_RESERVED = (
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"COM{d}" for d in "123456789" + _SUPERSCRIPT_DIGITS}
    | {f"LPT{d}" for d in "123456789" + _SUPERSCRIPT_DIGITS}
)
_COPY_RE = re.compile(r"^(?P<stem>.*) \((?P<n>\d{1,6})\)$")


class InvalidTemplate(ValueError):
    """A naming template that cannot be used; the message is a French sentence."""


class UnsafePath(ValueError):
    """A name that would land outside the export folder; the message is a French sentence."""


def _split_ext(name: str) -> tuple[str, str]:
    """('photo', '.jpg') — only a short, plain suffix counts as an extension worth keeping."""
    stem, dot, ext = name.rpartition(".")
    if dot and stem and 1 <= len(ext) <= 10 and ext.isalnum():
        return stem, "." + ext
    return name, ""


def _truncate(text: str, max_chars: int, max_bytes: int) -> str:
    text = text[: max(0, max_chars)]
    while len(text.encode("utf-8")) > max_bytes:
        text = text[:-1]
    return text


def sanitize_component(s: str, *, max_chars: int = MAX_COMPONENT_CHARS) -> str:
    """One path component safe on Windows and Linux: never empty, never a separator, never reserved."""
    text = unicodedata.normalize("NFC", str(s))
    # "Cs": a lone surrogate is a byte of a source name that is not UTF-8 (photo\udce9.jpg on Linux); the
    # output name must be valid UTF-8.
    text = "".join("_" if (c in _FORBIDDEN or unicodedata.category(c) in ("Cc", "Cs")) else c for c in text)
    # Leading dots hide a file on Linux (and our watcher ignores them); Windows drops trailing dots/spaces,
    # so "photo." and "photo" would collide there.
    text = text.strip(" ").lstrip(".").rstrip(". ")
    stem, ext = _split_ext(text)
    if stem.split(".")[0].rstrip(" ").upper() in _RESERVED:
        stem = "_" + stem
    if not stem:
        stem = "_"
    max_bytes = MAX_COMPONENT_BYTES - len(ext.encode("utf-8"))
    cut = _truncate(stem, max_chars - len(ext), max_bytes)
    if cut != stem:
        cut = cut.rstrip(". ") or "_"  # the cut may end on a dot or space that Windows would drop
    return cut + ext


def _field_text(value: object, spec: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.strftime(spec or "%Y-%m-%d")
    if isinstance(value, (list, tuple, set, frozenset)):
        return "-".join(_field_text(v, "") for v in value if v not in (None, ""))
    if spec:
        raise InvalidTemplate(f"Le format « :{spec} » ne s'applique qu'aux dates.")
    return str(value)


def render_name(template: str, **fields: object) -> str:
    """Fill a template such as "{name}_{preset}" or "{date}_{site}_{campaign}" into one safe name (no extension).

    Known fields: name, preset, date (a date, formatted YYYY-MM-DD or with "{date:%Y%m%d}"), business, site,
    campaign; a list value is joined with "-". A field left empty drops the separator in front of it, so
    "{name}_{campaign}_{preset}" without a campaign gives "IMG_1_instagram-square", not "IMG_1__instagram-square".
    """
    unknown_kw = set(fields) - set(TEMPLATE_FIELDS)
    if unknown_kw:
        raise InvalidTemplate(f"Champ(s) inconnu(s) : {', '.join(sorted(unknown_kw))}.")
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        raise InvalidTemplate(f"Le modèle de nom « {template} » est mal formé (accolade non fermée ?).") from None
    out = ""
    after_empty = False
    for literal, field_name, spec, conversion in parsed:
        if after_empty and (not out or out[-1] in _SEPARATORS):
            # The field before was empty: one separator between its neighbours is enough.
            literal = literal.lstrip(_SEPARATORS)
        after_empty = False
        out += literal
        if field_name is None:
            continue
        if field_name not in TEMPLATE_FIELDS:
            raise InvalidTemplate(
                f"Le modèle de nom contient « {{{field_name}}} » ; champs possibles : "
                + ", ".join("{" + f + "}" for f in TEMPLATE_FIELDS)
                + "."
            )
        if conversion:
            raise InvalidTemplate("Les conversions (!r, !s) ne sont pas permises dans un modèle de nom.")
        text = _field_text(fields.get(field_name), spec or "")
        # A value is one piece of a name: no separator from a tag may create a folder level.
        text = "".join(
            "_" if (c in _FORBIDDEN or unicodedata.category(c) == "Cc") else c
            for c in unicodedata.normalize("NFC", text)
        ).strip()
        out += text
        after_empty = not text
    out = out.strip(_SEPARATORS)
    return sanitize_component(out or "export", max_chars=MAX_COMPONENT_CHARS)


def safe_join(out_dir: str | os.PathLike[str], name: str) -> Path:
    """out_dir / sanitize_component(name), checked to resolve inside out_dir (symlinks included)."""
    base = Path(out_dir).resolve()
    candidate = base / sanitize_component(name)
    resolved = candidate.resolve()
    if resolved.parent != base:
        raise UnsafePath(f"Le nom « {name} » mènerait hors du dossier d'export {base}.")
    return candidate


def unique_path(path: str | os.PathLike[str]) -> Path:
    """`path` if free, else "name (2).jpg", "name (3).jpg"…: an export never replaces an existing file."""
    path = Path(path)
    if not os.path.lexists(long_path(str(path))):
        return path
    stem, ext = _split_ext(path.name)
    match = _COPY_RE.match(stem)
    base, n = (match["stem"], int(match["n"]) + 1) if match else (stem, 2)
    for k in range(n, n + 100_000):
        suffix = f" ({k})"
        room = MAX_COMPONENT_CHARS - len(ext) - len(suffix)
        trimmed = _truncate(base, room, MAX_COMPONENT_BYTES - len((suffix + ext).encode("utf-8")))
        candidate = path.with_name(trimmed.rstrip(". ") + suffix + ext)
        if not os.path.lexists(long_path(str(candidate))):
            return candidate
    raise FileExistsError(errno.EEXIST, f"Aucun nom libre pour {path.name} dans {path.parent}.")


def _move_no_overwrite(src: str, dst: str) -> None:
    """Move src to dst, raising FileExistsError instead of replacing a file that appeared meanwhile."""
    if IS_WINDOWS:
        # os.rename refuses an existing target on Windows; retried while an antivirus holds the file.
        replace_with_retry(src, dst, _replace=os.rename)
        return
    try:
        os.link(src, dst)  # atomic and fails if dst exists
    except FileExistsError:
        raise
    except OSError as exc:
        # File systems without hard links (FAT, some SMB mounts): check, then rename.
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
            raise
        if os.path.lexists(dst):
            raise FileExistsError(errno.EEXIST, "exists", dst) from None
        os.replace(src, dst)
        return
    os.unlink(src)


def publish_file(tmp_path: str | os.PathLike[str], wanted: str | os.PathLike[str]) -> Path:
    """Give a finished temporary file its final name: `wanted`, or "name (2).ext"… if that is taken.

    Never replaces an existing file, even one created by another program between the check and the move.
    """
    candidate = unique_path(wanted)
    for _ in range(1000):
        try:
            _move_no_overwrite(long_path(str(tmp_path)), long_path(str(candidate)))
            return candidate
        except FileExistsError:
            candidate = unique_path(candidate)
    raise FileExistsError(errno.EEXIST, f"Aucun nom libre pour {Path(wanted).name}.")
