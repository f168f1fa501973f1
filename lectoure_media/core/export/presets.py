"""Platform export presets: the built-in table (resources/presets.json) plus the user's own presets.

Platforms change their sizes and limits, so the figures live in data files, not in code. The built-in file
ships with the application; a user file `<data_dir>/presets.json` adds presets or redefines a built-in one
(the town's website banner size, for instance). The user file is typed by a person: a broken file or entry
must never stop the application, so it is reported (logged + French message) and skipped.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ...resources import resource_path

log = logging.getLogger(__name__)

USER_PRESETS_FILE = "presets.json"
IMAGE_FORMATS = ("jpeg", "png", "webp")
KINDS = ("photo", "video")
EXTENSIONS = {"jpeg": ".jpg", "png": ".png", "webp": ".webp"}
DEFAULT_QUALITY = 95
# Ids end up in file names and on the command line: keep them to a portable slug.
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
# Past this a "preset" is a typo, and such an image would take gigabytes of memory to build.
MAX_SIDE = 20000


@dataclass(frozen=True)
class SafeZone:
    """Fractions of the frame (0–1) covered by the platform's buttons and captions: keep text and faces out."""

    top: float
    bottom: float
    left: float
    right: float


@dataclass(frozen=True)
class VideoLimits:
    """What a platform accepts for video; None means the platform states no limit."""

    container: str = "mp4"
    video_codec: str = "h264"
    profile: str | None = None
    pix_fmt: str = "yuv420p"
    audio_codec: str = "aac"
    audio_max_hz: int | None = None
    min_fps: float | None = None
    max_fps: float | None = None
    min_seconds: float | None = None
    max_seconds: float | None = None
    faststart: bool = True


@dataclass(frozen=True)
class ExportPreset:
    """One output size for one platform placement."""

    id: str
    label: str
    width: int
    height: int
    platform: str = ""
    ratio: str = ""
    kind: tuple[str, ...] = ("photo",)
    format: str = "jpeg"
    quality: int = DEFAULT_QUALITY  # highest JPEG/WebP quality tried; lowered only to honour max_bytes
    max_bytes: int | None = None  # photo file size limit of the platform, None when it states none
    video: VideoLimits | None = None
    safe_zone: SafeZone | None = None
    note: str | None = None
    builtin: bool = True

    @property
    def aspect(self) -> float:
        return self.width / self.height

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]

    def supports(self, kind: str) -> bool:
        return kind in self.kind

    def summary(self) -> dict[str, Any]:
        """The `presets --json` shape of CLI.md."""
        return {"id": self.id, "label": self.label, "width": self.width, "height": self.height, "kind": list(self.kind)}


@dataclass
class PresetLoad:
    """Presets in display order, and French sentences about user entries that were skipped."""

    presets: list[ExportPreset]
    warnings: list[str] = field(default_factory=list)


class UnknownPreset(KeyError):
    """No preset has that id; str() is a French sentence listing the valid ids."""

    def __str__(self) -> str:  # KeyError would show the repr of the message, quotes included
        return str(self.args[0]) if self.args else ""


class _BadEntry(ValueError):
    pass


def _reduced_ratio(width: int, height: int) -> str:
    g = math.gcd(width, height)
    return f"{width // g}:{height // g}"


def _int(entry: dict[str, Any], key: str, low: int, high: int, where: str) -> int:
    value = entry.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _BadEntry(f"{where} : « {key} » doit être un entier entre {low} et {high}.")
    return value


def _opt_number(entry: dict[str, Any], key: str, where: str) -> float | None:
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise _BadEntry(f"{where} : « {key} » doit être un nombre positif ou null.")
    return value


def _parse_safe_zone(raw: Any, where: str) -> SafeZone | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise _BadEntry(f"{where} : « safe_zone » doit être un objet.")
    values = {}
    for side in ("top", "bottom", "left", "right"):
        v = raw.get(side, 0.0)
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0.0 <= v < 1.0:
            raise _BadEntry(f"{where} : la zone sûre « {side} » doit être une fraction entre 0 et 1.")
        values[side] = float(v)
    if values["top"] + values["bottom"] >= 1.0 or values["left"] + values["right"] >= 1.0:
        raise _BadEntry(f"{where} : la zone sûre ne laisse aucune place à l'image.")
    return SafeZone(**values)


def _parse_video(raw: Any, where: str) -> VideoLimits | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise _BadEntry(f"{where} : « video » doit être un objet.")
    known = {f for f in VideoLimits.__dataclass_fields__}
    unknown = set(raw) - known
    if unknown:
        raise _BadEntry(f"{where} : clés vidéo inconnues : {', '.join(sorted(unknown))}.")
    kwargs: dict[str, Any] = {}
    for key in ("container", "video_codec", "pix_fmt", "audio_codec"):
        if key in raw:
            if not isinstance(raw[key], str) or not raw[key]:
                raise _BadEntry(f"{where} : « {key} » doit être un texte.")
            kwargs[key] = raw[key]
    if "profile" in raw:
        if raw["profile"] is not None and not isinstance(raw["profile"], str):
            raise _BadEntry(f"{where} : « profile » doit être un texte ou null.")
        kwargs["profile"] = raw["profile"]
    for key in ("min_fps", "max_fps", "min_seconds", "max_seconds"):
        if key in raw:
            kwargs[key] = _opt_number(raw, key, where)
    if "audio_max_hz" in raw:
        hz = _opt_number(raw, "audio_max_hz", where)
        kwargs["audio_max_hz"] = None if hz is None else int(hz)
    if "faststart" in raw:
        if not isinstance(raw["faststart"], bool):
            raise _BadEntry(f"{where} : « faststart » doit valoir true ou false.")
        kwargs["faststart"] = raw["faststart"]
    return VideoLimits(**kwargs)


def _parse_common(entry: dict[str, Any], where: str) -> dict[str, Any]:
    """Fields a built-in and a user entry share; only the keys present in `entry` are returned."""
    out: dict[str, Any] = {}
    if "label" in entry:
        label = entry["label"]
        if not isinstance(label, str) or not label.strip():
            raise _BadEntry(f"{where} : « label » doit être un texte non vide.")
        out["label"] = label.strip()
    if "width" in entry or "height" in entry:
        out["width"] = _int(entry, "width", 16, MAX_SIDE, where)
        out["height"] = _int(entry, "height", 16, MAX_SIDE, where)
    if "format" in entry:
        fmt = entry["format"]
        if not isinstance(fmt, str) or fmt.lower() not in IMAGE_FORMATS:
            raise _BadEntry(f"{where} : « format » doit être l'un de : {', '.join(IMAGE_FORMATS)}.")
        out["format"] = fmt.lower()
    if "quality" in entry:
        out["quality"] = _int(entry, "quality", 1, 100, where)
    if "max_bytes" in entry:
        mb = entry["max_bytes"]
        if mb is not None:
            mb = _int(entry, "max_bytes", 1024, 2**40, where)
        out["max_bytes"] = mb
    return out


def _parse_builtin(entry: Any, index: int) -> ExportPreset:
    if not isinstance(entry, dict):
        raise _BadEntry(f"préréglage n° {index + 1} : un objet est attendu.")
    pid = entry.get("id")
    if not isinstance(pid, str) or not _ID_RE.match(pid):
        raise _BadEntry(f"préréglage n° {index + 1} : identifiant « {pid} » invalide.")
    where = f"préréglage « {pid} »"
    for key in ("label", "width", "height"):
        if key not in entry:
            raise _BadEntry(f"{where} : « {key} » manque.")
    common = _parse_common(entry, where)
    kind = entry.get("kind", ["photo"])
    if not isinstance(kind, list) or not kind or any(k not in KINDS for k in kind):
        raise _BadEntry(f"{where} : « kind » doit être une liste parmi {', '.join(KINDS)}.")
    return ExportPreset(
        id=pid,
        platform=str(entry.get("platform") or ""),
        ratio=str(entry.get("ratio") or _reduced_ratio(common["width"], common["height"])),
        kind=tuple(kind),
        video=_parse_video(entry.get("video"), where),
        safe_zone=_parse_safe_zone(entry.get("safe_zone"), where),
        note=entry.get("note") if isinstance(entry.get("note"), str) else None,
        builtin=True,
        **common,
    )


def _user_entry(entry: Any, index: int, builtins: dict[str, ExportPreset]) -> ExportPreset:
    if not isinstance(entry, dict):
        raise _BadEntry(f"entrée n° {index + 1} : un objet est attendu.")
    pid = entry.get("id")
    if not isinstance(pid, str) or not _ID_RE.match(pid):
        raise _BadEntry(
            f"entrée n° {index + 1} : l'identifiant « {pid} » doit être fait de minuscules, chiffres, « - » ou « _ »."
        )
    where = f"préréglage « {pid} »"
    allowed = {"id", "label", "width", "height", "format", "quality", "max_bytes"}
    unknown = set(entry) - allowed
    if unknown:
        raise _BadEntry(f"{where} : clés inconnues : {', '.join(sorted(unknown))}.")
    common = _parse_common(entry, where)
    base = builtins.get(pid)
    if base is not None:
        # Redefining a built-in keeps what the user did not restate (kind, video limits, safe zone).
        merged = replace(base, builtin=False, **common)
        if "width" in common:
            merged = replace(merged, ratio=_reduced_ratio(merged.width, merged.height))
        return merged
    if "width" not in common:
        raise _BadEntry(f"{where} : « width » et « height » sont obligatoires.")
    return ExportPreset(
        id=pid,
        label=common.pop("label", pid),
        ratio=_reduced_ratio(common["width"], common["height"]),
        platform="",
        builtin=False,
        **common,
    )


def load_builtin_presets() -> list[ExportPreset]:
    """The presets shipped in resources/presets.json; a broken file there is an installation bug: raise."""
    path = resource_path("presets.json")
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    entries = data["presets"] if isinstance(data, dict) else data
    presets = [_parse_builtin(e, i) for i, e in enumerate(entries)]
    ids = [p.id for p in presets]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path} : identifiants de préréglages en double.")
    return presets


def _read_user_entries(path: Path) -> list[Any]:
    with open(path, "rb") as fh:
        raw = fh.read(1_000_001)
    if len(raw) > 1_000_000:
        raise _BadEntry("le fichier dépasse 1 Mo.")
    data = json.loads(raw.decode("utf-8-sig"))
    if isinstance(data, dict):
        data = data.get("presets")
    if not isinstance(data, list):
        raise _BadEntry('une liste de préréglages (ou un objet {"presets": [...]}) est attendue.')
    return data


def load_presets_report(data_dir: str | os.PathLike[str] | None) -> PresetLoad:
    """Built-in presets, then the user's (`<data_dir>/presets.json`), with French warnings on what was skipped.

    A file that cannot be read or parsed is ignored as a whole; a bad entry in a good file is skipped alone,
    so one typo does not hide the user's other presets.
    """
    builtins = load_builtin_presets()
    result = PresetLoad(presets=list(builtins))
    if data_dir is None:
        return result
    by_id = {p.id: p for p in builtins}
    order = [p.id for p in builtins]
    # The team's presets (team folder's settings.json, team/settings.py), then this PC's file if any.
    from ..team.settings import team_presets

    team = team_presets(data_dir)
    if team is not None:
        _add_user_entries(team[0], team[1], by_id, order, result)
    path = Path(data_dir) / USER_PRESETS_FILE
    if path.exists():
        try:
            entries = _read_user_entries(path)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            reason = exc if isinstance(exc, _BadEntry) else _describe_read_error(exc)
            message = f"Le fichier de préréglages {path} est ignoré : {reason}"
            log.warning(message)
            result.warnings.append(message)
            entries = []
        _add_user_entries(entries, str(path), by_id, order, result)
    result.presets = [by_id[i] for i in order]
    return result


def _add_user_entries(
    entries: list[Any], path: str, by_id: dict[str, ExportPreset], order: list[str], result: PresetLoad
) -> None:
    """User entries over the presets so far (a bad entry is skipped with a French warning)."""
    seen_user: set[str] = set()
    for index, entry in enumerate(entries):
        try:
            preset = _user_entry(entry, index, by_id)
            if preset.id in seen_user:
                raise _BadEntry(f"préréglage « {preset.id} » : défini deux fois, le second est ignoré.")
        except _BadEntry as exc:
            message = f"Préréglage ignoré dans {path} : {exc}"
            log.warning(message)
            result.warnings.append(message)
            continue
        seen_user.add(preset.id)
        if preset.id not in by_id:
            order.append(preset.id)
        by_id[preset.id] = preset


def _describe_read_error(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"JSON invalide (ligne {exc.lineno}, colonne {exc.colno})."
    if isinstance(exc, UnicodeDecodeError):
        return "le fichier n'est pas encodé en UTF-8."
    if isinstance(exc, OSError):
        return f"lecture impossible ({exc.strerror or exc})."
    return "contenu invalide."


def load_presets(data_dir: str | os.PathLike[str] | None) -> list[ExportPreset]:
    """Built-in presets plus the user's; skipped user entries are logged (see load_presets_report)."""
    return load_presets_report(data_dir).presets


def get_preset(preset_id: str, data_dir: str | os.PathLike[str] | None = None) -> ExportPreset:
    """The preset with that id; UnknownPreset (a KeyError) with a French message listing valid ids."""
    presets = load_presets(data_dir)
    for preset in presets:
        if preset.id == preset_id:
            return preset
    valid = ", ".join(p.id for p in presets)
    raise UnknownPreset(f"Préréglage inconnu « {preset_id} ». Préréglages disponibles : {valid}.")
