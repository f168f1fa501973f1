"""Picks: a star rating (0-5), "rejected", and a colour label on assets (issue 12, item 6).

Stored where every photo tool looks: `xmp:Rating` (integer, -1 = rejected, 0-5; Lightroom, digiKam,
darktable and Immich read it) and `xmp:Label` (text; Lightroom writes its colour names "Red", "Yellow",
"Green", "Blue", "Purple"). A change reaches the record at once and the sidecar through the Library's
write-behind (sidecar_writer.py), as tags do; in the sidecar both are scalars: the last writer wins,
under the sidecar's cross-PC lock.

The sidecar is shared and untrusted: a rating that is not a number in -1..5, or a label that is not
short printable text, reads as absent (never an error: the asset's tags still count).

A part of the Library split out of library.py: it reads the facade's private index and queues edits on
its SidecarWriter.
"""

from __future__ import annotations

import math
import time
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .model import fold

if TYPE_CHECKING:
    from .library import Library

CHUNK = 200  # assets changed per hold of the Library's lock
REJECTED = -1
MAX_STARS = 5
MAX_LABEL = 64

# Lightroom's default colour label set (what it writes in xmp:Label) and their French names, also accepted.
COLOUR_LABELS: dict[str, str] = {
    "Red": "Rouge",
    "Yellow": "Jaune",
    "Green": "Vert",
    "Blue": "Bleu",
    "Purple": "Violet",
}
# Any spelling a person or a tool may use for a colour, folded -> the stored (Lightroom) name.
_LABEL_ALIASES = {fold(k): k for k in COLOUR_LABELS} | {fold(v): k for k, v in COLOUR_LABELS.items()}


class InvalidPick(ValueError):
    """A rating or label the user gave cannot be used; the message is a French sentence."""


def parse_rating(raw: object) -> int | None:
    """xmp:Rating text as found in a sidecar -> -1..5, or None (absent, not a number, out of range).
    XMP declares it a Real: "3", "3.0" and " 4 " are read; "2.5" rounds half up like Lightroom shows it."""
    if raw is None:
        return None
    try:
        value = float(str(raw).strip()[:32])
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    stars = math.floor(value + 0.5)
    if value < 0:
        return REJECTED if value == -1 else None
    return stars if 0 <= stars <= MAX_STARS else None


def parse_label(raw: object) -> str | None:
    """xmp:Label text as found in a sidecar -> a colour name (Lightroom's spelling for the five colours,
    whatever the case or language), other short text as it is, or None (empty, too long, control chars)."""
    if not isinstance(raw, str):
        return None
    text = " ".join(unicodedata.normalize("NFC", raw).split())
    if not text or len(text) > MAX_LABEL or any(unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in text):
        return None
    return _LABEL_ALIASES.get(fold(text), text)


def clean_label(label: str) -> str | None:
    """A label typed by a person (French or English colour, or a short text) -> the stored value; the
    empty string clears the label (None). Raises InvalidPick with a French sentence."""
    if not isinstance(label, str):
        raise InvalidPick("L'étiquette de couleur doit être un texte.")
    if not label.strip():
        return None
    value = parse_label(label)
    if value is None:
        raise InvalidPick(
            f"L'étiquette « {label[:80]} » n'est pas utilisable (texte de {MAX_LABEL} caractères au plus, sans"
            " caractères de contrôle)."
        )
    return value


def clean_stars(stars: object) -> int:
    if isinstance(stars, bool) or not isinstance(stars, int) or not 0 <= stars <= MAX_STARS:
        raise InvalidPick(f"La note doit être un nombre entier d'étoiles de 0 à {MAX_STARS}.")
    return stars


def pick_fields(rating: int | None, label: str | None) -> dict[str, str | None]:
    """The sidecar delta (sidecar.update_sidecar's `picks`) that says `rating` and `label`."""
    return {"Rating": None if rating is None else str(rating), "Label": label}


def state_with(rating: int | None, label: str | None, pending: Mapping[str, str | None] | None) -> dict[str, Any]:
    """The record's "rating" and "label" from a sidecar's values with the not-yet-written delta on top."""
    if pending:
        if "Rating" in pending:
            rating = parse_rating(pending["Rating"])
        if "Label" in pending:
            label = parse_label(pending["Label"])
    return {"rating": rating, "label": label}


@dataclass
class PickChange:
    """What Library.set_picks changed: per asset id, its (rating, label) before and after."""

    before: dict[int, tuple[int | None, str | None]] = field(default_factory=dict)
    after: dict[int, tuple[int | None, str | None]] = field(default_factory=dict)

    @property
    def ids(self) -> list[int]:
        return list(self.before)


_UNCHANGED = object()


def set_picks(
    lib: Library,
    ids: Iterable[int],
    *,
    stars: int | None = None,
    reject: bool = False,
    pick: bool = False,
    label: str | None = None,
) -> PickChange:
    """Library.set_picks: rate / reject / label assets given by id (the GUI's selection). `stars` 0-5 or
    `reject` sets the rating (neither: left as it is); `pick` (Lightroom's P key: picks are ratings here)
    keeps the stars of a rated asset and gives an unrated or rejected one 1 star; `label` a text (French
    or English colour name) sets the label, "" clears it, None leaves it. Returns what changed, for
    `revert_picks`."""
    if sum((stars is not None, reject, pick)) > 1:
        raise InvalidPick("Une photo ne peut pas être à la fois notée et rejetée.")
    rating: object = _UNCHANGED
    if reject:
        rating = REJECTED
    elif stars is not None:
        rating = clean_stars(stars)
    new_label: object = _UNCHANGED if label is None else clean_label(label)
    change = PickChange()
    order = list(dict.fromkeys(int(i) for i in ids))
    # The lock is let go every CHUNK assets, as tagging does: a 10,000-asset selection rated on a worker
    # must not stall the window waiting for it.
    for start in range(0, len(order), CHUNK):
        with lib._lock:
            for doc_id in order[start : start + CHUNK]:
                doc = lib._index.docs.get(doc_id)
                if doc is None:
                    continue
                old = (doc.get("rating"), doc.get("label"))
                if pick:
                    rating = old[0] if isinstance(old[0], int) and old[0] > 0 else 1
                new = (
                    old[0] if rating is _UNCHANGED else rating,
                    old[1] if new_label is _UNCHANGED else new_label,
                )
                if new == old:
                    continue
                _put(lib, doc_id, old, new)  # type: ignore[arg-type]  # the sentinels were replaced above
                change.before[doc_id], change.after[doc_id] = old, new  # type: ignore[assignment]  # as above
        time.sleep(0)  # a thread waiting for the interpreter (the window's) may take it now
    return change


def revert_picks(lib: Library, change: PickChange) -> list[int]:
    """Undo `change` on the assets still in the catalog whose picks are still those it set."""
    out = []
    items = list(change.before.items())
    for start in range(0, len(items), CHUNK):
        with lib._lock:
            for doc_id, before in items[start : start + CHUNK]:
                doc = lib._index.docs.get(doc_id)
                if doc is None:
                    continue
                now = (doc.get("rating"), doc.get("label"))
                if now != change.after[doc_id]:
                    continue  # changed again since (another edit, another PC): that later value stays
                _put(lib, doc_id, now, before)
                out.append(doc_id)
        time.sleep(0)
    return out


def _put(lib: Library, doc_id: int, old: tuple[int | None, str | None], new: tuple[int | None, str | None]) -> None:
    """The record now, the sidecar by the write-behind; only the scalar that changed is written, so a
    label set here does not overwrite a rating another PC has set meanwhile."""
    fields = pick_fields(*new)
    delta: dict[str, str | None] = {}
    if old[0] != new[0]:
        delta["Rating"] = fields["Rating"]
    if old[1] != new[1]:
        delta["Label"] = fields["Label"]
    lib._sidecars.edit(doc_id, {"rating": new[0], "label": new[1]}, picks=delta)


def rate(
    lib: Library, paths: Iterable[str], *, stars: int | None = None, reject: bool = False, label: str | None = None
) -> list[dict[str, Any]]:
    """Library.rate: set_picks for files (each indexed first when it lies under a known root); returns the
    assets as `Library.asset` gives them. The sidecars are written by the background writer."""
    from .record import public

    if stars is None and not reject and label is None:
        raise InvalidPick("Indiquez une note (--stars N), --reject ou une étiquette (--label).")
    ids = [lib.resolve_for_tagging(p) for p in paths]
    set_picks(lib, ids, stars=stars, reject=reject, label=label)
    with lib._lock:
        return [public(i, lib._index.docs[i]) for i in ids if i in lib._index.docs]
