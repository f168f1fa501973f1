"""The consent register (issue 11): one JSON file per consent in the team folder, shared by every PC.

    <primary root>/.lectoure-media/consents/<id>.json       the record (CLI.md's fields)
    <primary root>/.lectoure-media/consent-forms/<id>.<ext> the scanned signed form (PDF, JPEG or PNG)

The primary root is the library's first registered root (the team folder lives there, core/team/paths.py).
An id is short and readable (`dupont-jean-7f3a`): the person's name folded, and four random hex digits;
it is created with O_EXCL, so two PCs adding at once never share a file. Each change is a read-modify-write
under the cross-PC lock of that file (sharelock) and an atomic replace. Every file in the share is untrusted:
a record too big, not JSON, of the wrong types or under a bad name is reported (French) and skipped.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import logging
import os
import re
import secrets
import shutil
import stat
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from .fsutil import atomic_write_bytes
from .sharelock import ShareLockTimeout, share_lock
from .team.paths import CONSENT_FORMS, CONSENTS, team_dir

if TYPE_CHECKING:
    from .library import Library

log = logging.getLogger(__name__)

SCOPES = ("all", "social", "web", "print")
SCOPE_LABELS = {
    "all": "toute la communication",
    "social": "réseaux sociaux",
    "web": "site internet",
    "print": "imprimés",
}
MAX_RECORD_BYTES = 64 * 1024
MAX_FORM_BYTES = 20 * 1024 * 1024
MAX_TEXT = 500
MAX_NOTES = 4000
MAX_RECORDS = 20_000
ID_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}\Z")
_FORM_KINDS = ((b"%PDF-", ".pdf"), (b"\xff\xd8\xff", ".jpg"), (b"\x89PNG\r\n\x1a\n", ".png"))


class ConsentError(Exception):
    """A consent operation refused; the message is one French sentence."""


@dataclass
class Consent:
    """One consent record. `form` is the form's file name inside consent-forms/ (None: no form)."""

    id: str
    name: str
    contact: str | None = None
    signed: str | None = None
    expires: str | None = None
    scope: list[str] = field(default_factory=lambda: ["all"])
    minor: bool = False
    guardian: str | None = None
    form: str | None = None
    withdrawn: bool = False
    notes: str | None = None
    withdrawn_at: str | None = None
    created_at: str | None = None

    def valid_on(self, day: _dt.date) -> bool:
        """Not withdrawn and not expired: an expiry date of `day` still covers that whole day."""
        return not self.withdrawn and (self.expires is None or self.expires >= day.isoformat())

    def covers(self, scope: str) -> bool:
        return "all" in self.scope or scope in self.scope

    def to_record(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass
class ConsentList:
    """The register's valid records and the French reasons of the files skipped."""

    consents: list[Consent] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def by_id(self) -> dict[str, Consent]:
        return {c.id: c for c in self.consents}


# ------------------------------------------------------------------------------------------ validation


def _text(label: str, value: Any, limit: int = MAX_TEXT) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConsentError(f"Consentement : « {label} » doit être un texte.")
    if any((ord(c) < 32 and c not in "\n\t") or 0xD800 <= ord(c) <= 0xDFFF for c in value):
        raise ConsentError(f"Consentement : « {label} » contient des caractères de contrôle.")
    text = value.strip()
    if len(text) > limit:
        raise ConsentError(f"Consentement : « {label} » est trop long ({len(text)} caractères, {limit} au plus).")
    return text or None


def _date(label: str, value: Any) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ConsentError(f"Consentement : « {label} » doit être une date AAAA-MM-JJ.")
    try:
        return _dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise ConsentError(f"Consentement : « {label} » attend une date AAAA-MM-JJ, pas « {value} ».") from None


def _scopes(value: Any) -> list[str]:
    if value is None:
        return ["all"]
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise ConsentError("Consentement : la portée doit être une liste (all, social, web, print).")
    out: list[str] = []
    for scope in value:
        if scope not in SCOPES:
            raise ConsentError(f"Consentement : portée « {scope} » inconnue (all, social, web ou print attendu).")
        if scope not in out:
            out.append(scope)
    return out or ["all"]


def check_id(consent_id: str) -> str:
    if not isinstance(consent_id, str) or not ID_RE.match(consent_id):
        raise ConsentError(f"Identifiant de consentement invalide : « {consent_id} ».")
    return consent_id


def from_record(doc: Any, file_id: str) -> Consent:
    """A Consent from a stored record; ConsentError (French) for anything malformed."""
    if not isinstance(doc, dict):
        raise ConsentError("ce n'est pas un objet JSON")
    if doc.get("id") != file_id:
        raise ConsentError("son identifiant ne correspond pas au nom du fichier")
    name = _text("nom", doc.get("name"))
    if not name:
        raise ConsentError("le nom de la personne manque")
    for key in ("minor", "withdrawn"):
        if not isinstance(doc.get(key, False), bool):
            raise ConsentError(f"« {key} » doit valoir true ou false")
    form = doc.get("form")
    if form is not None and (not isinstance(form, str) or not re.fullmatch(r"[a-z0-9-]{1,64}\.(pdf|jpg|png)", form)):
        raise ConsentError("le nom du formulaire signé est invalide")
    return Consent(
        id=file_id,
        name=name,
        contact=_text("contact", doc.get("contact")),
        signed=_date("date de signature", doc.get("signed")),
        expires=_date("date d'expiration", doc.get("expires")),
        scope=_scopes(doc.get("scope")),
        minor=bool(doc.get("minor", False)),
        guardian=_text("représentant légal", doc.get("guardian")),
        form=form,
        withdrawn=bool(doc.get("withdrawn", False)),
        notes=_text("notes", doc.get("notes"), MAX_NOTES),
        withdrawn_at=_text("date de retrait", doc.get("withdrawn_at")),
        created_at=_text("date de création", doc.get("created_at")),
    )


def _slug(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:40].strip("-") or "consentement"


def _sniff_form(path: Path) -> tuple[str, int]:
    """The extension of a signed form (PDF, JPEG or PNG, by content) and its size; ConsentError otherwise."""
    try:
        st = os.stat(path)
    except OSError:
        raise ConsentError(f"Le formulaire « {path} » est introuvable.") from None
    if not stat.S_ISREG(st.st_mode):
        raise ConsentError(f"Le formulaire « {path} » n'est pas un fichier ordinaire.")
    if st.st_size > MAX_FORM_BYTES:
        raise ConsentError(
            f"Le formulaire « {path.name} » est trop volumineux ({st.st_size // (1024 * 1024)} Mo, "
            f"{MAX_FORM_BYTES // (1024 * 1024)} Mo au plus)."
        )
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError:
        raise ConsentError(f"Le formulaire « {path.name} » ne peut pas être lu.") from None
    for magic, ext in _FORM_KINDS:
        if head.startswith(magic):
            return ext, st.st_size
    raise ConsentError(f"Le formulaire « {path.name} » n'est ni un PDF, ni une photo JPEG ou PNG.")


# ------------------------------------------------------------------------------------------ the register


class ConsentRegister:
    """The consents of one team folder (`root`: the library root that holds `.lectoure-media/`)."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self.folder = team_dir(root) / CONSENTS
        self.forms = team_dir(root) / CONSENT_FORMS

    def _path(self, consent_id: str) -> Path:
        return self.folder / f"{check_id(consent_id)}.json"

    def form_path(self, consent: Consent) -> Path | None:
        return self.forms / consent.form if consent.form else None

    def _read(self, path: Path, consent_id: str) -> Consent:
        name = path.name
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            raise ConsentError(f"Aucun consentement « {consent_id} » dans le registre.") from None
        except OSError as exc:
            raise ConsentError(f"Le consentement « {name} » ne peut pas être lu ({exc.strerror or exc}).") from None
        if not stat.S_ISREG(st.st_mode):
            raise ConsentError(f"Le consentement « {name} » n'est pas un fichier ordinaire ; il est ignoré.")
        if st.st_size > MAX_RECORD_BYTES:
            raise ConsentError(f"Le consentement « {name} » est trop volumineux ; il est ignoré.")
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
            try:
                data = os.read(fd, MAX_RECORD_BYTES + 1)
            finally:
                os.close(fd)
        except OSError as exc:
            raise ConsentError(f"Le consentement « {name} » ne peut pas être lu ({exc.strerror or exc}).") from None
        if len(data) > MAX_RECORD_BYTES:
            raise ConsentError(f"Le consentement « {name} » est trop volumineux ; il est ignoré.")
        try:
            doc = orjson.loads(data)
        except orjson.JSONDecodeError:
            raise ConsentError(f"Le consentement « {name} » n'est pas du JSON valide ; il est ignoré.") from None
        try:
            return from_record(doc, consent_id)
        except ConsentError as exc:
            raise ConsentError(f"Le consentement « {name} » est invalide ({exc}) ; il est ignoré.") from None

    def get(self, consent_id: str) -> Consent:
        """One consent; ConsentError (French) when absent or unreadable."""
        return self._read(self._path(consent_id), consent_id)

    def list(self) -> ConsentList:
        """Every readable consent, by name; the others reported in `problems`."""
        out = ConsentList()
        try:
            entries = sorted(os.listdir(self.folder))
        except FileNotFoundError:
            return out
        except OSError as exc:
            out.problems.append(f"Le registre des consentements ne peut pas être lu ({exc.strerror or exc}).")
            return out
        for entry in entries[:MAX_RECORDS]:
            if not entry.endswith(".json") or entry.startswith("."):
                continue
            consent_id = entry[:-5]
            if not ID_RE.match(consent_id):
                out.problems.append(
                    f"Le fichier « {entry} » du registre des consentements a un nom invalide ; il est ignoré."
                )
                continue
            try:
                out.consents.append(self._read(self.folder / entry, consent_id))
            except ConsentError as exc:
                log.warning("consent %s skipped: %s", entry, exc)
                out.problems.append(str(exc))
        out.consents.sort(key=lambda c: (c.name.casefold(), c.id))
        return out

    def valid_ids(self, day: _dt.date | None = None) -> frozenset[str]:
        day = day or _dt.date.today()
        return frozenset(c.id for c in self.list().consents if c.valid_on(day))

    def add(
        self,
        name: str,
        *,
        contact: str | None = None,
        signed: str | None = None,
        expires: str | None = None,
        scope: Iterable[str] | None = None,
        minor: bool = False,
        guardian: str | None = None,
        form: str | os.PathLike[str] | None = None,
        notes: str | None = None,
    ) -> Consent:
        """Create a consent (and copy its signed form); ConsentError (French) for a bad value or a disk that
        refuses. A minor's consent needs the guardian's name."""
        clean_name = _text("nom", name)
        if not clean_name:
            raise ConsentError("Indiquez le nom de la personne qui donne son consentement.")
        guardian = _text("représentant légal", guardian)
        if minor and not guardian:
            raise ConsentError("Le consentement d'un mineur doit indiquer le nom de son représentant légal.")
        signed_d, expires_d = _date("date de signature", signed), _date("date d'expiration", expires)
        if signed_d and expires_d and expires_d < signed_d:
            raise ConsentError("La date d'expiration précède la date de signature.")
        form_info = _sniff_form(Path(form)) if form else None
        consent = Consent(
            id="",
            name=clean_name,
            contact=_text("contact", contact),
            signed=signed_d,
            expires=expires_d,
            scope=_scopes(list(scope) if scope is not None else None),
            minor=bool(minor),
            guardian=guardian,
            notes=_text("notes", notes, MAX_NOTES),
            created_at=time.strftime("%Y-%m-%dT%H:%M:%S"),
        )
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConsentError(f"Le dossier d'équipe n'accepte pas l'écriture ({exc.strerror or exc}).") from None
        slug = _slug(clean_name)
        for _ in range(50):
            candidate = f"{slug}-{secrets.token_hex(2)}"
            try:
                fd = os.open(self.folder / f"{candidate}.json", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                continue
            except OSError as exc:
                raise ConsentError(f"Le consentement n'a pas pu être créé ({exc.strerror or exc}).") from None
            os.close(fd)
            consent.id = candidate
            break
        else:
            raise ConsentError("Aucun identifiant libre n'a été trouvé pour ce consentement.")
        try:
            if form_info is not None:
                self.forms.mkdir(parents=True, exist_ok=True)
                target = self.forms / f"{consent.id}{form_info[0]}"
                tmp = target.with_name(f".{target.name}.tmp-{secrets.token_hex(4)}")
                shutil.copyfile(os.fspath(form), tmp)  # type: ignore[arg-type]  # form is set with form_info
                os.replace(tmp, target)
                consent.form = target.name
            self._write(consent)
        except (OSError, ConsentError, ShareLockTimeout) as exc:
            with contextlib.suppress(OSError):
                os.unlink(self.folder / f"{consent.id}.json")
            reason = exc.strerror or exc if isinstance(exc, OSError) else exc
            raise ConsentError(f"Le consentement n'a pas pu être enregistré ({reason}).") from None
        return consent

    def _write(self, consent: Consent) -> None:
        path = self._path(consent.id)
        with share_lock(os.fspath(path)):
            atomic_write_bytes(path, orjson.dumps(consent.to_record(), option=orjson.OPT_INDENT_2))

    def withdraw(self, consent_id: str) -> Consent:
        """Mark a consent withdrawn (re-read under its lock: another PC's edit is kept). Idempotent."""
        path = self._path(consent_id)
        try:
            with share_lock(os.fspath(path)):
                consent = self._read(path, consent_id)
                if not consent.withdrawn:
                    consent.withdrawn = True
                    consent.withdrawn_at = time.strftime("%Y-%m-%dT%H:%M:%S")
                    atomic_write_bytes(path, orjson.dumps(consent.to_record(), option=orjson.OPT_INDENT_2))
        except ShareLockTimeout as exc:
            raise ConsentError(str(exc.args[0])) from None
        except OSError as exc:
            raise ConsentError(f"Le consentement n'a pas pu être retiré ({exc.strerror or exc}).") from None
        return consent

    def to_json(self, consent: Consent) -> dict[str, Any]:
        """CLI.md's shape; `form` is the form's full path."""
        form = self.form_path(consent)
        return {
            "id": consent.id,
            "name": consent.name,
            "contact": consent.contact,
            "signed": consent.signed,
            "expires": consent.expires,
            "scope": list(consent.scope),
            "minor": consent.minor,
            "guardian": consent.guardian,
            "form": os.fspath(form) if form else None,
            "withdrawn": consent.withdrawn,
        }


def register_for(lib: Library) -> ConsentRegister:
    """Library.consents: the register of the library's first root; LibraryError when it has none."""
    from .library import LibraryError

    roots = lib.roots()
    if not roots:
        raise LibraryError(
            "Aucun dossier n'est encore analysé : lancez d'abord « lectoure-media scan DOSSIER » "
            "(le registre des consentements vit dans le dossier partagé)."
        )
    return ConsentRegister(roots[0])


__all__ = ["SCOPES", "SCOPE_LABELS", "Consent", "ConsentError", "ConsentList", "ConsentRegister", "register_for"]
