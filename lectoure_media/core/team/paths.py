"""Names and places of the team folder, and this PC's identity in it.

Layout (inside a watched root; dot-named, so the scanner and the watcher's media rules ignore it):

    .lectoure-media/
        registry/<facet>/<key>.json   one small JSON file per registry entry (facet: business, heritage,
                                      campaign, keywords; consents join them)
        history/                      overwritten versions of entries kept on conflicts
        consents/                     consent records; consent-forms/ holds the copied signed forms
        publog/<pc-id>.jsonl          the publication log: one append-only JSON-lines file per PC
        settings.json                 team-wide settings (default credit, file-name template, presets,
                                      format sets)
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import socket
import unicodedata
from pathlib import Path

import orjson

from ..fsutil import atomic_write_bytes

TEAM_DIR = ".lectoure-media"
REGISTRY = "registry"
HISTORY = "history"
CONSENTS = "consents"
CONSENT_FORMS = "consent-forms"
PUBLOG = "publog"
SETTINGS = "settings.json"
PC_FILE = "pc.json"  # in the data dir: this PC's stable id in the team folder
ENV_PC_NAME = "LECTOURE_MEDIA_PC_NAME"  # tests: two data dirs on one machine play two PCs with two names


def team_dir(root: str | os.PathLike[str]) -> Path:
    return Path(root) / TEAM_DIR


def is_team_path(path: str, root: str) -> bool:
    """True for the team folder itself and everything inside it."""
    rel = os.path.relpath(path, root)
    first = rel.split(os.sep, 1)[0]
    return first == TEAM_DIR


def safe_key(name: str) -> str:
    """A file-name-safe, case- and accent-insensitive key for an entry name: the folded name reduced to
    [a-z0-9-] plus a short hash of the folded name, so that two different names never share a file and
    the same name always maps to the same file on every PC (Windows-safe, ≤ 80 characters)."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").casefold()
    folded_full = unicodedata.normalize("NFC", name).casefold().strip()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:60] or "x"
    digest = hashlib.sha1(folded_full.encode("utf-8")).hexdigest()[:10]
    return f"{slug}-{digest}"


def pc_identity(data_dir: str | os.PathLike[str]) -> tuple[str, str]:
    """(label, id) of this PC: the label is the machine's name (or $LECTOURE_MEDIA_PC_NAME), shown to
    people; the id names this PC's files in the team folder and is stable for a data dir (kept in
    `pc.json`), so two data dirs never append to the same log file."""
    label = os.environ.get(ENV_PC_NAME) or socket.gethostname() or "PC"
    path = Path(data_dir) / PC_FILE
    try:
        doc = orjson.loads(path.read_bytes())
        pc_id = doc.get("id") if isinstance(doc, dict) else None
    except (OSError, orjson.JSONDecodeError):
        pc_id = None
    if not isinstance(pc_id, str) or not re.fullmatch(r"[A-Za-z0-9_-]{1,80}", pc_id):
        slug = re.sub(r"[^A-Za-z0-9_-]+", "-", label).strip("-")[:40] or "PC"
        pc_id = f"{slug}-{secrets.token_hex(4)}"
        # A read-only data dir: the id lives for this session only.
        with contextlib.suppress(OSError):
            atomic_write_bytes(path, orjson.dumps({"id": pc_id}))
    return label, pc_id
