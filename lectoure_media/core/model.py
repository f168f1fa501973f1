"""Shared vocabulary of the engine: tag facets, record shape, text folding for search."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

# The four kinds of tag a person puts on an asset; the JSON keys of CLI.md's "tags" object.
FACETS = ("business", "heritage", "campaign", "keywords")

PHOTO_FORMATS = ("jpeg", "png", "tiff", "webp", "heif")
VIDEO_FORMATS = ("mp4", "mov", "m4v", "3gp", "avi", "mkv")
PHOTO_EXTENSIONS = {".jpg", ".jpeg", ".jpe", ".png", ".tif", ".tiff", ".webp", ".heic", ".heif", ".hif"}
VIDEO_EXTENSIONS = {".mp4", ".mov", ".m4v", ".3gp", ".avi", ".mkv"}
MEDIA_EXTENSIONS = PHOTO_EXTENSIONS | VIDEO_EXTENSIONS

# Characters that cannot appear in a tag name: they separate levels in lr:hierarchicalSubject ("|")
# and digiKam:TagsList ("/"), and other tools mangle them (XMP.md).
FORBIDDEN_TAG_CHARS = "/|"


class InvalidName(ValueError):
    """A name the user typed cannot be used; the message is a French sentence for the user."""


def empty_tags() -> dict[str, list[str]]:
    return {facet: [] for facet in FACETS}


def clean_name(name: str) -> str:
    """Normalise a tag or registry name typed by a person; raise InvalidName with a French sentence."""
    if not isinstance(name, str):
        raise InvalidName("Le nom doit être un texte.")
    name = " ".join(unicodedata.normalize("NFC", name).split())
    if not name:
        raise InvalidName("Le nom est vide.")
    bad = [c for c in FORBIDDEN_TAG_CHARS if c in name]
    if bad:
        raise InvalidName(f"Le nom « {name} » ne peut pas contenir « / » ni « | ».")
    if any(unicodedata.category(c) == "Cc" for c in name):
        raise InvalidName(f"Le nom « {name!r} » contient des caractères de contrôle.")
    if len(name) > 200:
        raise InvalidName("Le nom dépasse 200 caractères.")
    return name


_LATIN_MARKS = re.compile("[\u0300-\u036f]+")


def fold(text: str) -> str:
    """Case- and accent-insensitive form used for search: 'Cathédrale' -> 'cathedrale'.

    Runs for every asset when the catalog opens, so the common cases (plain ASCII, Latin accents) take
    fast paths; other scripts fall back to removing every combining character."""
    text = text.casefold()
    if text.isascii():
        return text
    decomposed = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text))
    if decomposed.isascii():
        return decomposed
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def unique_names(names: Iterable[str], key: Callable[[str], str] | None = None) -> list[str]:
    """Names without repeats, first spelling kept; by default "cafe" and "Café" are the same name (see
    fold), another `key` function says otherwise."""
    key_of = key or fold
    out: list[str] = []
    seen: set[str] = set()
    for name in names:
        k = key_of(name)
        if k not in seen:
            seen.add(k)
            out.append(name)
    return out
