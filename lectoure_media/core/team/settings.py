"""Team-wide settings: `<root>/.lectoure-media/settings.json` (issue 10, item 1).

    {"version": 1,
     "values":  {KEY: {"value": ..., "modified": "2024-05-01T10:00:00Z", "pc": "PC-ACCUEIL"}},
     "history": [{"key": KEY, "value": <the overwritten value>, "modified": ..., "pc": ..., "replaced_at": ...,
                  "replaced_by": PC}]}

Keys: TEAM_KEYS (default credit line, file-name template) and "presets" (the user presets, the list
presets.json held per PC). Everything else (poll interval, cache size, language, export folder, the last
export choices) stays per PC in the data dir (core/settings.py).

Each write is read-merge-write under the file's share_lock, written atomically: two PCs that change
different keys both keep their change; the same key: the later write wins and the value it replaced goes
to `history`. A file that does not parse is set aside (`settings.json.damaged-<time>`), never overwritten
blind. A change the share refuses (out of reach, read-only) waits in the data dir
(`team-settings-pending.json`) and is written at the next refresh; meanwhile this PC already uses it.

The data dir also remembers the team folder in use (`team.json`: the first library root) so that the
presets, read by functions that only get a data dir (export workers, the `presets` command), find it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from ..fsutil import atomic_write_bytes
from ..sharelock import ShareLockTimeout, share_lock
from .paths import SETTINGS, TEAM_DIR, pc_identity

if TYPE_CHECKING:
    from ..library import Library
    from ..settings import Settings

log = logging.getLogger(__name__)

# Fields of core.settings.Settings that are the team's.
TEAM_KEYS = ("default_credit", "name_template", "rights_strict", "coverage_months")
PRESETS = "presets"
MAX_PRESETS = 500
MAX_FILE = 2_000_000
MAX_HISTORY = 200
POINTER_FILE = "team.json"
PENDING_FILE = "team-settings-pending.json"
LOCK_TIMEOUT = 15.0


class TeamSettingsUnavailable(Exception):
    """The team folder refuses the write now."""


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def team_settings_path(root: str) -> Path:
    return Path(root) / TEAM_DIR / SETTINGS


def _read_doc(path: Path) -> tuple[dict[str, Any], bytes | None]:
    """(the document, the raw bytes when they did not parse). A missing file is an empty document."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_FILE + 1)
    except FileNotFoundError:
        return {"version": 1, "values": {}, "history": []}, None
    try:
        doc = orjson.loads(raw) if len(raw) <= MAX_FILE else None
    except orjson.JSONDecodeError:
        doc = None
    if not isinstance(doc, dict):
        return {"version": 1, "values": {}, "history": []}, raw
    values = doc.get("values")
    history = doc.get("history")
    clean_values = {
        k: v
        for k, v in (values.items() if isinstance(values, dict) else ())
        if isinstance(k, str) and isinstance(v, dict) and "value" in v
    }
    clean_history = [h for h in history if isinstance(h, dict)] if isinstance(history, list) else []
    return {**doc, "version": 1, "values": clean_values, "history": clean_history[-MAX_HISTORY:]}, None


def read_values(root: str) -> dict[str, Any]:
    """{key: value} of the team file of `root` (empty when there is none or it is unreadable)."""
    try:
        doc, _ = _read_doc(team_settings_path(root))
    except OSError:
        return {}
    return {k: v["value"] for k, v in doc["values"].items()}


def write_changes(root: str, changes: dict[str, Any], pc: str, *, only_missing: bool = False) -> list[str]:
    """Merge `changes` into the team file of `root` (see the module docstring); returns the keys written.
    `only_missing`: a migration, which never overwrites a team value (a different local value then goes to
    the history, so it is not lost either). TeamSettingsUnavailable when the share refuses."""
    if not os.path.isdir(root):
        raise TeamSettingsUnavailable(f"Le dossier « {root} » est inaccessible.")
    path = team_settings_path(root)
    try:
        path.parent.mkdir(exist_ok=True)
        with share_lock(str(path), timeout=LOCK_TIMEOUT):
            doc, damaged = _read_doc(path)
            if damaged is not None:  # keep what a person may still need, then start a sound file
                aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
                atomic_write_bytes(aside, damaged)
            now, written = _now(), []
            values, history = doc["values"], doc["history"]
            for key, value in changes.items():
                old = values.get(key)
                if old is not None and old.get("value") == value:
                    continue
                if old is not None and only_missing:
                    history.append({"key": key, "value": value, "modified": now, "pc": pc, "replaced_at": now})
                    continue
                if old is not None:
                    history.append({**old, "key": key, "replaced_at": now, "replaced_by": pc})
                values[key] = {"value": value, "modified": now, "pc": pc}
                written.append(key)
            doc["history"] = history[-MAX_HISTORY:]
            atomic_write_bytes(path, orjson.dumps(doc, option=orjson.OPT_INDENT_2))
            return written
    except (OSError, ShareLockTimeout) as exc:
        raise TeamSettingsUnavailable(str(exc)) from exc


def history(root: str) -> list[dict[str, Any]]:
    """The overwritten values, oldest first."""
    try:
        doc, _ = _read_doc(team_settings_path(root))
    except OSError:
        return []
    return list(doc["history"])


# -- the data dir's side --------------------------------------------------------------------------------------
def remember_root(data_dir: str | os.PathLike[str], root: str | None) -> None:
    """Note the team folder in use in the data dir (for readers that only get a data dir)."""
    path = Path(data_dir) / POINTER_FILE
    try:
        current = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        current = None
    if isinstance(current, dict) and current.get("root") == root:
        return
    with contextlib.suppress(OSError):
        atomic_write_bytes(path, orjson.dumps({"root": root}))


def remembered_root(data_dir: str | os.PathLike[str]) -> str | None:
    try:
        doc = orjson.loads((Path(data_dir) / POINTER_FILE).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    root = doc.get("root") if isinstance(doc, dict) else None
    return root if isinstance(root, str) and root else None


def team_presets(data_dir: str | os.PathLike[str]) -> tuple[list[Any], str] | None:
    """The team's user presets (entries as in presets.json) and where they come from, or None."""
    root = remembered_root(data_dir)
    values = dict(_pending(Path(data_dir)))
    if root is not None:
        values = {**read_values(root), **values}
    entries = values.get(PRESETS)
    if not isinstance(entries, list):
        return None
    return entries[:MAX_PRESETS], str(team_settings_path(root or str(data_dir)))


def _pending(data_dir: Path) -> dict[str, Any]:
    try:
        doc = orjson.loads((data_dir / PENDING_FILE).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}
    return doc if isinstance(doc, dict) else {}


class TeamSettings:
    """This PC's view of the team settings: the team file's values, plus its own changes still waiting."""

    def __init__(self, data_dir: str | os.PathLike[str], *, writable: bool = True) -> None:
        self.data_dir = Path(data_dir)
        self.writable = writable  # a reader (`list` beside `watch`) writes nothing, not even the data dir
        self.pc_label, _ = pc_identity(self.data_dir)
        self._lock = threading.Lock()
        self.values: dict[str, Any] = {}
        self.root: str | None = None
        self.cached: tuple[Any, Settings] | None = None  # effective(): the last overlay computed

    def reload(self, root: str | None) -> None:
        """Read the team file of `root` (writing what waits in the data dir first, when it can)."""
        with self._lock:
            self.root = root
            if self.writable:
                remember_root(self.data_dir, root)
            pending = _pending(self.data_dir)
            if root is not None and pending and self.writable:
                try:
                    write_changes(root, pending, self.pc_label)
                    (self.data_dir / PENDING_FILE).unlink()
                except (TeamSettingsUnavailable, OSError) as exc:
                    log.info("team settings still pending (%s)", exc)
            values = read_values(root) if root is not None else {}
            self.values = {**values, **_pending(self.data_dir)}

    def update(self, changes: dict[str, Any]) -> bool:
        """Write changed team values; True when they reached the share, False when they wait in the data
        dir. OSError when even the data dir refuses them."""
        with self._lock:
            changes = {k: v for k, v in changes.items() if self.values.get(k, _MISSING) != v}
            if not changes:
                return True
            reached = False
            if self.root is not None:
                try:
                    write_changes(self.root, changes, self.pc_label)
                    reached = True
                except TeamSettingsUnavailable as exc:
                    log.info("team settings queued (%s)", exc)
            if not reached:
                pending = {**_pending(self.data_dir), **changes}
                atomic_write_bytes(self.data_dir / PENDING_FILE, orjson.dumps(pending))
            self.values.update(changes)
            return reached

    def migrate(self, local: dict[str, Any]) -> None:
        """First open on a team folder: this PC's own values (settings.json, presets.json) go to the team
        file, without overwriting the team's (a different one is kept in the history)."""
        if self.root is None or not local:
            return
        with self._lock:
            write_changes(self.root, local, self.pc_label, only_missing=True)
            self.values = {**read_values(self.root), **_pending(self.data_dir)}


_MISSING = object()


# -- the facade's side (Library.settings / update_settings; core/stores.py opens it) ---------------------------
MIGRATED_FILE = "team-settings-migrated.json"


def open_for(lib: Library) -> TeamSettings:
    """The team settings of the library's first root; a writer migrates this PC's values once per root."""
    team = TeamSettings(lib.data_dir, writable=not lib.read_only)
    roots = lib.roots()
    team.reload(roots[0] if roots else None)
    if not lib.read_only and roots:
        _migrate_once(lib, team, roots[0])
    return team


def refresh(lib: Library) -> None:
    """Re-read the team file (the watcher saw it change, a scan ran); a writer migrates on a new root."""
    roots = lib.roots()
    lib._team_settings.reload(roots[0] if roots else None)
    if not lib.read_only and roots:
        _migrate_once(lib, lib._team_settings, roots[0])


def _migrate_once(lib: Library, team: TeamSettings, root: str) -> None:
    marker = lib.data_dir / MIGRATED_FILE
    try:
        done = orjson.loads(marker.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        done = []
    if not isinstance(done, list):
        done = []
    if root in done:
        return
    from ..settings import Settings

    local: dict[str, Any] = {k: getattr(lib._settings, k) for k in TEAM_KEYS}
    local = {k: v for k, v in local.items() if v != getattr(Settings(), k)}
    presets_file = lib.data_dir / "presets.json"
    entries = _local_presets(presets_file)
    if entries is not None:
        local[PRESETS] = entries
    try:
        team.migrate(local)
        if entries is not None:  # now the team's: kept beside, no longer read
            os.replace(presets_file, presets_file.with_name("presets.json.migrated"))
        atomic_write_bytes(marker, orjson.dumps([*done, root]))
    except (TeamSettingsUnavailable, OSError) as exc:
        log.info("team settings not migrated yet (%s)", exc)


def _local_presets(path: Path) -> list[Any] | None:
    from ..export.presets import _read_user_entries

    if not path.exists():
        return None
    try:
        return _read_user_entries(path)
    except (OSError, UnicodeDecodeError, ValueError):
        return None  # a broken file stays where it is; load_presets_report keeps saying why


def effective(lib: Library) -> Settings:
    """This PC's settings with the team's values over them (a bad team value is skipped)."""
    from ..settings import SettingsError, replace

    team = lib._team_settings
    key = (id(lib._settings), tuple(sorted((k, repr(v)) for k, v in team.values.items() if k in TEAM_KEYS)))
    cached = team.cached
    if cached is not None and cached[0] == key:
        return cached[1]
    out = lib._settings
    for name in TEAM_KEYS:
        if name in team.values:
            try:
                out = replace(out, **{name: team.values[name]})
            except SettingsError as exc:
                log.warning("team setting %s ignored: %s", name, exc)
    team.cached = (key, out)
    return out


def apply_update(lib: Library, changes: dict[str, Any]) -> Settings:
    """Library.update_settings: team keys to the team file (queued when the share refuses), the others
    to this PC's settings.json. SettingsError / OSError for the caller to word."""
    from ..settings import replace, save

    current = effective(lib)
    new = replace(current, **changes)  # validates every change first: nothing is written on a bad value
    team = {k: getattr(new, k) for k in TEAM_KEYS if k in changes and getattr(new, k) != getattr(current, k)}
    # This PC's file keeps every value, the team's too: what applies while no team folder is reachable
    # (and what is migrated to a team folder first met).
    local = replace(lib._settings, **{k: getattr(new, k) for k in changes})
    if local != lib._settings:
        save(lib.data_dir, local)
    if team and lib._team_settings.root is not None:
        lib._team_settings.update(team)
    lib._settings = local
    return effective(lib)
