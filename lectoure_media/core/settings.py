"""This PC's settings that matter to the engine: one JSON file in the data dir, read by the CLI and the GUI.

Like Dangerzone's Qt-free settings module: typed fields with defaults, a file that only ever holds values
that passed validation, and a damaged or hand-edited file that costs its bad values (each replaced by the
default, with a French sentence for the user), never the program. QSettings keeps the window's geometry
and other view state only.
"""

from __future__ import annotations

import dataclasses
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from .fsutil import atomic_write_bytes

FILE_NAME = "settings.json"
LANGUAGES = ("", "fr", "en")
POLL_RANGE = (0.1, 3600.0)  # seconds between two reads of a share in polling mode
THUMB_CACHE_RANGE = (100, 100_000)  # MB
MAX_TEXT = 1000  # characters of a credit line, a folder or a template
MAX_PRESETS = 200


class SettingsError(ValueError):
    """A value the settings refuse; the message is one French sentence."""


@dataclass(frozen=True)
class Settings:
    default_credit: str = ""  # the credit line drawn on exports when none is typed
    export_folder: str = ""  # where exports go when no folder is given
    name_template: str = "{name}_{preset}"  # exported file names (see export.naming)
    poll_interval: float = 5.0  # seconds, watcher in polling mode (network shares)
    thumb_cache_mb: int = 2000  # thumbnail cache cap
    language: str = ""  # interface language: "" (the system's), "fr" or "en"
    export_presets: tuple[str, ...] = ()  # the formats ticked at the last export
    export_logo: str = ""
    export_trim: bool = False
    export_fit: bool = False
    export_captions: bool = False  # the export dialog's "Légendes" tick
    export_format_set: str = ""  # the format set ticked at the last export ("" when none)
    rights_strict: bool = False  # the export refuses assets the rights check stops (else it asks / reports)
    export_credit: str = ""  # the credit line typed at the last export (the dialog's next default)
    coverage_months: int = 6  # coverage: a business not featured for this many months is overdue
    news_seen_at: str = ""  # when the officer last looked at the new media (core/news.py), UTC

    @property
    def thumb_max_bytes(self) -> int:
        return self.thumb_cache_mb * 1_000_000

    def to_json(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["export_presets"] = list(self.export_presets)
        return out


FIELDS = tuple(f.name for f in dataclasses.fields(Settings))
# How the messages name each setting (the words of the Settings and Export dialogs).
LABELS = {
    "default_credit": "crédit par défaut",
    "export_folder": "dossier d'export",
    "name_template": "modèle de nom des fichiers",
    "poll_interval": "intervalle de scrutation",
    "thumb_cache_mb": "taille du cache des vignettes",
    "language": "langue",
    "export_presets": "formats d'export",
    "export_logo": "logo",
    "export_trim": "couper les vidéos",
    "export_fit": "vidéo entière",
    "export_captions": "légendes",
    "export_format_set": "ensemble de formats",
    "rights_strict": "refuser les exports sans droits",
    "export_credit": "dernier crédit saisi",
    "coverage_months": "mois sans mise en avant",
    "news_seen_at": "dernière consultation des nouveaux médias",
}


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise SettingsError(f"Réglage « {LABELS[name]} » : un texte est attendu.")
    if len(value) > MAX_TEXT:
        raise SettingsError(
            f"Réglage « {LABELS[name]} » : texte trop long ({len(value)} caractères, {MAX_TEXT} au plus)."
        )
    if any(ord(c) < 32 or ord(c) == 127 for c in value) or any(0xD800 <= ord(c) <= 0xDFFF for c in value):
        raise SettingsError(f"Réglage « {LABELS[name]} » : le texte contient des caractères de contrôle.")
    return value.strip()


def _number(name: str, value: Any, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise SettingsError(f"Réglage « {LABELS[name]} » : un nombre est attendu.")
    if not low <= value <= high:
        raise SettingsError(f"Réglage « {LABELS[name]} » : {value} est hors des limites ({low:g} à {high:g}).")
    return value


def _validate(name: str, value: Any) -> Any:
    """The value as stored, or SettingsError (French) when `value` is not acceptable for `name`."""
    if name in ("default_credit", "export_folder", "export_logo", "export_format_set", "export_credit"):
        return _text(name, value)
    if name == "name_template":
        from .export.naming import InvalidTemplate, render_name

        text = _text(name, value)
        if not text:  # an emptied field: back to the default names
            return Settings.name_template
        try:
            render_name(text, name="nom", preset="format")
        except InvalidTemplate as exc:
            raise SettingsError(f"Réglage « {LABELS[name]} » : {exc}") from None
        return text
    if name == "poll_interval":
        return float(_number(name, value, *POLL_RANGE))
    if name == "thumb_cache_mb":
        number = _number(name, value, *THUMB_CACHE_RANGE)
        if number != int(number):
            raise SettingsError(f"Réglage « {LABELS[name]} » : un nombre entier de Mo est attendu.")
        return int(number)
    if name == "language":
        if value not in LANGUAGES:
            raise SettingsError(f"Réglage « {LABELS[name]} » : « fr », « en » ou vide (langue du système) attendu.")
        return value
    if name == "export_presets":
        if not isinstance(value, (list, tuple)) or len(value) > MAX_PRESETS:
            raise SettingsError(f"Réglage « {LABELS[name]} » : une liste d'identifiants de formats est attendue.")
        ids = [_text(name, v) for v in value]
        return tuple(dict.fromkeys(i for i in ids if i))
    if name in ("export_trim", "export_fit", "export_captions", "rights_strict"):
        if not isinstance(value, bool):
            raise SettingsError(f"Réglage « {LABELS[name]} » : vrai ou faux attendu.")
        return value
    if name == "coverage_months":
        number = _number(name, value, 1, 120)
        if number != int(number):
            raise SettingsError(f"Réglage « {LABELS[name]} » : un nombre entier de mois est attendu.")
        return int(number)
    if name == "news_seen_at":
        from .news import valid_stamp

        if value != "" and not valid_stamp(value):
            raise SettingsError(
                f"Réglage « {LABELS[name]} » : une date au format AAAA-MM-JJTHH:MM:SS.ffffff est attendue."
            )
        return value
    raise SettingsError(f"Réglage inconnu : « {name} ».")


def settings_path(data_dir: str | os.PathLike[str]) -> Path:
    return Path(data_dir) / FILE_NAME


def replace(settings: Settings, **changes: Any) -> Settings:
    """`settings` with `changes` applied; SettingsError (French) for an unknown name or a bad value."""
    checked = {name: _validate(name, value) for name, value in changes.items()}
    return dataclasses.replace(settings, **checked)


def load(data_dir: str | os.PathLike[str]) -> tuple[Settings, list[str]]:
    """The settings of this data dir and the French sentences the user must read about them.

    No file: the defaults. A file that cannot be read or parsed: the defaults, and one sentence. A value
    that is wrong (a hand edit, an older or newer version): that value's default, and one sentence each;
    names this version does not know are left alone."""
    path = settings_path(data_dir)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(), []
    except OSError as exc:
        return Settings(), [
            f"Le fichier de réglages « {path} » est illisible ({exc.strerror or exc}) : "
            "les réglages par défaut sont utilisés."
        ]
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        data = None
    if not isinstance(data, dict):
        return Settings(), [
            f"Le fichier de réglages « {path} » est endommagé : les réglages par défaut sont "
            "utilisés (il sera remplacé au prochain enregistrement des réglages)."
        ]
    values, messages = {}, []
    for name in FIELDS:
        if name not in data:
            continue
        try:
            values[name] = _validate(name, data[name])
        except SettingsError as exc:
            messages.append(f"{exc} Valeur par défaut utilisée (fichier « {path} »).")
    return Settings(**values), messages


def save(data_dir: str | os.PathLike[str], settings: Settings) -> None:
    """Write `settings` atomically (readers see the old file or the new one). Names this version does not
    know, kept by a newer version in the same file, are preserved. OSError when the disk refuses."""
    path = settings_path(data_dir)
    extra: dict[str, Any] = {}
    try:
        old = orjson.loads(path.read_bytes())
        if isinstance(old, dict):
            extra = {k: v for k, v in old.items() if isinstance(k, str) and k not in FIELDS}
    except (OSError, orjson.JSONDecodeError):
        pass
    data = {**extra, **settings.to_json()}
    atomic_write_bytes(path, orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))


__all__ = ["FIELDS", "FILE_NAME", "Settings", "SettingsError", "load", "replace", "save", "settings_path"]
