"""The asset record: how one asset is stored in the catalog (compact) and shown to the GUI and the CLI.

Stored asset documents are compact (a 100,000-asset catalog must stay within ~400 MB of memory): keys whose
value is None or empty are left out, camera make/model are flat, GPS is [lat, lon, alt], tags keep only
non-empty facets, and id/relpath are derived. `public()` gives the full shape of CLI.md, `to_json()` exactly
CLI.md's `list --json` keys.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from typing import Any, TypedDict

import orjson

from .fsutil import is_printable, json_path, printable
from .model import FACETS

OWN_FOCAL = "focalPoint"  # lm:focalPoint "x,y" (normalised 0-1 of the displayed picture)
OWN_CROPS = "crops"  # lm:crops JSON {preset id: [x, y, w, h]} normalised
# lm:keywordsFromFile "1": this sidecar took over the keywords embedded in the file (written on the first edit
# of such an asset, so that the sidecar exists even when that edit removed every one of them).
OWN_FROM_FILE = "keywordsFromFile"
PROBE_KEYS = (
    "kind",
    "format",
    "size",
    "mtime_ns",
    "fingerprint",
    "width",
    "height",
    "orientation",
    "taken_at",
    "make",
    "model",
    "gps",
    "duration",
    "thumb",
    "status",
    "error",
    "embedded",
    "embedded_rights",
    "phash",  # 16 hex digits: 64-bit perceptual hash of a photo (media/phash.py)
    "sharpness",  # variance of the Laplacian of the preview
)


class AssetRecord(TypedDict, total=False):
    """A stored asset document (keys left out when None or empty; see `compact`)."""

    path: str  # absolute path (required)
    root: str
    kind: str  # "photo" | "video"
    format: str
    size: int
    mtime_ns: int
    fingerprint: str
    width: int
    height: int
    orientation: int
    taken_at: str
    make: str
    model: str
    gps: list[float | None]  # [lat, lon, alt] (alt None when unknown)
    duration: float
    thumb: str
    status: str  # "missing" | "error" ("ok" is left out)
    error: str
    embedded: dict[str, Any]  # keywords the file itself carries: {"tags": {...}, "categories": {...}}
    embedded_rights: dict[str, Any]  # creator / credit / copyright the file carries (XMP, IPTC, EXIF)
    tags: dict[str, list[str]]  # non-empty facets only
    focal: list[float]
    crops: dict[str, list[float]]
    from_file: bool
    pending_sidecar: dict[str, Any]  # sidecar delta not written yet {"add", "remove", "own"?, "rename"?}
    sidecar_sig: list[str | int]  # [sidecar key, size, mtime_ns] of the sidecar last read or written
    sidecar_error: str
    sidecar_error_path: str
    rights: dict[str, Any]  # rights.compact(): only the fields someone set (issue 11)
    phash: str
    sharpness: float
    rating: int  # xmp:Rating: -1 rejected, 0-5 (core/picks.py)
    label: str  # xmp:Label: colour label ("Red"… as Lightroom writes it)


def normalize_root(root: str | os.PathLike[str]) -> str:
    return os.path.normpath(os.path.abspath(os.fspath(root)))


JSON_KEYS = (
    "id",
    "path",
    "relpath",
    "kind",
    "format",
    "size",
    "width",
    "height",
    "orientation",
    "taken_at",
    "camera",
    "gps",
    "duration",
    "status",
    "error",
    "tags",
    "rating",
    "label",
)


def public(doc_id: int, doc: dict[str, Any], root: str | None = None) -> dict[str, Any]:
    """The full asset shape (CLI.md's keys plus root, thumb, fingerprint, mtime_ns) from a stored doc."""
    gps = doc.get("gps")
    tags = doc.get("tags") or {}
    base = normalize_root(root) if root else doc.get("root") or ""
    return {
        "id": str(doc_id),
        "path": doc["path"],
        "relpath": _relpath(doc["path"], base) if base else doc["path"],
        "kind": doc.get("kind"),
        "format": doc.get("format"),
        "size": doc.get("size"),
        "width": doc.get("width"),
        "height": doc.get("height"),
        "orientation": doc.get("orientation"),
        "taken_at": doc.get("taken_at"),
        "camera": {"make": doc.get("make"), "model": doc.get("model")},
        "gps": {"lat": gps[0], "lon": gps[1], "alt": gps[2]} if gps else None,
        "duration": doc.get("duration"),
        "status": doc.get("status") or "ok",
        "error": doc.get("error"),
        "tags": {f: list(tags.get(f, ())) for f in FACETS},
        "root": doc.get("root"),
        "thumb": doc.get("thumb"),
        "fingerprint": doc.get("fingerprint"),
        "mtime_ns": doc.get("mtime_ns"),
        "pending_sidecar": bool(doc.get("pending_sidecar")),
        "sidecar_error": doc.get("sidecar_error"),
        "focal": tuple(doc["focal"]) if doc.get("focal") else None,
        "crops": {k: tuple(v) for k, v in (doc.get("crops") or {}).items()},
        "rights": _rights_public(doc.get("rights"), doc.get("embedded_rights")),
        "rating": doc.get("rating"),
        "label": doc.get("label"),
        "added_at": doc.get("added_at"),  # first seen by this catalog (news.py)
    }


def _rights_public(stored: Any, embedded: Any = None) -> dict[str, Any]:
    from .rights import effective  # (rights.py loads the sidecar module: only when asked)

    return effective(stored, embedded)


def probe_fields(result: dict[str, Any]) -> dict[str, Any]:
    """A probe result in the stored layout."""
    out = {k: result.get(k) for k in PROBE_KEYS if k not in ("make", "model", "gps")}
    camera = result.get("camera") or {}
    out["make"], out["model"] = camera.get("make"), camera.get("model")
    gps = result.get("gps")
    out["gps"] = [gps["lat"], gps["lon"], gps.get("alt")] if gps else None
    return out


def without_probe(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k not in PROBE_KEYS}


def compact(doc: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in doc.items() if v is not None and k != "tags"}
    tags = {f: list(v) for f, v in (doc.get("tags") or {}).items() if v}
    if tags:
        out["tags"] = tags
    if out.get("status") == "ok":
        del out["status"]
    return out


def to_json(asset: dict[str, Any], root: str | None = None) -> dict[str, Any]:
    """CLI.md's `list --json` shape (exactly its keys) from a public asset dict. An asset whose sidecar
    cannot be read is an error there (`list --errors` lists it), with the sidecar's reason."""
    out = {k: asset[k] for k in JSON_KEYS}
    from .rights import to_json as rights_json

    out["rights"] = rights_json(asset.get("rights"))
    if asset.get("sidecar_error") and out["status"] == "ok":
        out["status"], out["error"] = "error", asset["sidecar_error"]
    if root:
        out["relpath"] = _relpath(asset["path"], normalize_root(root))
    if not is_printable(out["path"]):  # a file name that is not UTF-8: docs/cli.md
        out.update(json_path(out["path"]))
        out["relpath"] = printable(out["relpath"])
    return out


@functools.lru_cache(maxsize=64)
def _root_prefix(root: str) -> str | None:
    """`root` and one separator, when `root` is absolute and in normal form (a handful of roots)."""
    if not root or not os.path.isabs(root) or os.path.normpath(root) != root:
        return None
    return root if root.endswith(os.sep) else root + os.sep


def _relpath(path: str, root: str) -> str:
    """`path` relative to `root`, with "/" separators. The grid asks for it on every paint: a stored path
    in normal form under its root is sliced (os.path.relpath costs 20 times more), anything else goes
    through os.path.relpath."""
    prefix = _root_prefix(root)
    if prefix is not None and path.startswith(prefix) and os.path.normpath(path) == path:
        rel = path[len(prefix) :]
        if rel and not rel.startswith(os.sep):  # (POSIX keeps a leading "//": not a child of "/")
            return rel.replace(os.sep, "/") if os.sep != "/" else rel
    try:
        rel = os.path.relpath(path, root)
    except ValueError:  # other drive on Windows
        return path.replace("\\", "/")
    return rel.replace(os.sep, "/")


def framing_from_own(own: dict[str, str]) -> dict[str, Any]:
    """Focal point and per-preset crops from the sidecar's own fields; malformed values are ignored
    (the file is shared and untrusted)."""
    out: dict[str, Any] = {"focal": None, "crops": None}
    try:
        x, y = (float(v) for v in own.get(OWN_FOCAL, "").split(","))
        if 0.0 <= x <= 1.0 and 0.0 <= y <= 1.0:
            out["focal"] = [x, y]
    except ValueError:
        pass
    try:
        crops = orjson.loads(own.get(OWN_CROPS) or "null")
    except orjson.JSONDecodeError:
        crops = None
    if isinstance(crops, dict):
        good = {
            k: [float(v) for v in box]
            for k, box in crops.items()
            if isinstance(k, str)
            and isinstance(box, list)
            and len(box) == 4
            and all(isinstance(v, (int, float)) and 0.0 <= v <= 1.0 for v in box)
        }
        out["crops"] = good or None
    return out


def framing_with(framing: dict[str, Any], own: Mapping[str, str | None]) -> dict[str, Any]:
    """`framing` with the focal point / crops that the sidecar fields in `own` set (or clear)."""
    return {
        **framing,
        **{
            k: v
            for k, v in framing_from_own(
                {OWN_FOCAL: own.get(OWN_FOCAL) or "", OWN_CROPS: own.get(OWN_CROPS) or "null"}
            ).items()
            if (k == "focal" and OWN_FOCAL in own) or (k == "crops" and OWN_CROPS in own)
        },
    }
