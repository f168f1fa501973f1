"""Rights per asset (issue 11): who took a photo, under which licence, who is in it and whether they agreed.

The sidecar is the record (XMP.md): the standard IPTC / PLUS properties that Lightroom, digiKam and exiftool
read, and the project's namespace (`lm:`) only where no standard exists:

| field            | XMP                                                                              |
|------------------|----------------------------------------------------------------------------------|
| creator          | `dc:creator` (rdf:Seq)                                                           |
| credit           | `photoshop:Credit`                                                               |
| copyright        | `dc:rights` (rdf:Alt, x-default)                                                 |
| licence          | `lm:licence` (id) + `xmpRights:UsageTerms` (rdf:Alt, the text) +                 |
|                  | `xmpRights:WebStatement` (the Creative Commons URL)                              |
| licence end      | `lm:licenceEnd` (YYYY-MM-DD; PLUS LicenseEndDate is rarely read: XMP.md)         |
| people shown     | `lm:peopleShown` yes / no / unknown                                              |
| model release    | `plus:ModelReleaseStatus` MR-NON / MR-NAP / MR-LMR / MR-UMR (PLUS vocabulary URI)|
| consents         | `plus:ModelReleaseID` (rdf:Bag of consent ids of the team register)              |
| persons          | `Iptc4xmpExt:PersonInImage` (rdf:Bag)                                            |
| minors           | `lm:minors` yes / no, mirrored to `plus:MinorModelAgeDisclosure`: an age code    |
|                  | another tool wrote is kept when it agrees, else AG-UNK (PLUS has no "under 18")  |
|                  | for yes and AG-A18 for no                                                        |
| property release | `plus:PropertyReleaseStatus` PR-NON / PR-NAP / PR-LPR / PR-UPR                   |
| do not publish   | `lm:doNotPublish` "true"                                                         |

Merging (the sidecar is shared): lists (consents, persons) are unioned with explicit removals; every other
field is a scalar set by the last writer, under the sidecar's cross-PC lock (sidecar.update_sidecar).
`set_rights` writes the sidecars at once (not through the write-behind) and reports a failure per file.
"""

from __future__ import annotations

import datetime as _dt
import logging
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .sidecar import (
    _CONTAINERS,
    DC_CREATOR,
    DC_RIGHTS,
    NS_PHOTOSHOP,
    RDF_BAG,
    RDF_LI,
    RDF_SEQ,
    _array_prop,
    _descriptions,
    _lang_alt,
    _lang_alt_prop,
    _li_text,
    _props,
    _q,
    _remove_props,
    _simple,
)

if TYPE_CHECKING:
    from .library import Library

log = logging.getLogger(__name__)

NS_XMP_RIGHTS = "http://ns.adobe.com/xap/1.0/rights/"
NS_PLUS = "http://ns.useplus.org/ldf/xmp/1.0/"
NS_IPTC_EXT = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
PHOTOSHOP_CREDIT = _q(NS_PHOTOSHOP, "Credit")
USAGE_TERMS = _q(NS_XMP_RIGHTS, "UsageTerms")
WEB_STATEMENT = _q(NS_XMP_RIGHTS, "WebStatement")
MODEL_RELEASE_STATUS = _q(NS_PLUS, "ModelReleaseStatus")
MODEL_RELEASE_ID = _q(NS_PLUS, "ModelReleaseID")
MINOR_AGE = _q(NS_PLUS, "MinorModelAgeDisclosure")
PROPERTY_RELEASE_STATUS = _q(NS_PLUS, "PropertyReleaseStatus")
PERSON_IN_IMAGE = _q(NS_IPTC_EXT, "PersonInImage")
NS_IPTC_CORE = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
CREATOR_CONTACT = _q(NS_IPTC_CORE, "CreatorContactInfo")
CI_EMAIL = _q(NS_IPTC_CORE, "CiEmailWork")
DC_TITLE = _q("http://purl.org/dc/elements/1.1/", "title")
RDF_DESCRIPTION = _q("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "Description")
RDF_PARSE_TYPE = _q("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "parseType")

# lm: fields (through the sidecar's `own` fields)
OWN_LICENCE = "licence"
OWN_LICENCE_END = "licenceEnd"
OWN_PEOPLE = "peopleShown"
OWN_MINORS = "minors"
OWN_DO_NOT_PUBLISH = "doNotPublish"

LICENCES = ("town", "cc-by-4.0", "cc-by-sa-4.0", "competition", "business", "other")
LICENCE_LABELS = {
    "town": "Propriété de la commune",
    "cc-by-4.0": "CC BY 4.0",
    "cc-by-sa-4.0": "CC BY-SA 4.0",
    "competition": "Concours photo",
    "business": "Fournie par le commerce",
    "other": "Autre",
}
# The usage terms written when the person gives none (xmpRights:UsageTerms is what other tools show).
LICENCE_TERMS = {
    "town": "Propriété de la commune de Lectoure ; usage réservé à sa communication.",
    "cc-by-4.0": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "cc-by-sa-4.0": "Creative Commons Attribution - Partage dans les mêmes conditions 4.0 (CC BY-SA 4.0)",
    "competition": "Œuvre d'un concours photo : usage selon le règlement du concours.",
    "business": "Fournie par le commerce pour la communication de la commune.",
    "other": "",
}
LICENCE_URLS = {
    "cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "cc-by-sa-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
}
PEOPLE = ("yes", "no", "unknown")
RELEASES = {"none": "MR-NON", "na": "MR-NAP", "limited": "MR-LMR", "unlimited": "MR-UMR"}
PROPERTY_RELEASES = {"none": "PR-NON", "na": "PR-NAP", "limited": "PR-LPR", "unlimited": "PR-UPR"}
# PLUS closed-choice values are written as the vocabulary URI (as exiftool does); the bare code is also read.
PLUS_VOCAB = "http://ns.useplus.org/ldf/vocab/"
_MINOR_CODES = {"AG-U14", "AG-A15", "AG-A16", "AG-A17"}
_ADULT_CODES = {f"AG-A{n}" for n in range(18, 26)}

SCALARS = (
    "creator",
    "credit",
    "copyright",
    "licence",
    "usage_terms",
    "licence_end",
    "people",
    "release",
    "property_release",
    "minors",
    "do_not_publish",
    "title",
    "creator_email",
)
LISTS = ("consents", "persons")
MAX_TEXT = 2000
MAX_ITEMS = 200
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,79}\Z")


class RightsError(ValueError):
    """A rights value refused; the message is one French sentence."""


def empty() -> dict[str, Any]:
    """The rights of an asset nobody described (CLI.md's shape, plus `property_release`)."""
    return {
        "creator": [],
        "credit": None,
        "copyright": None,
        "licence": None,
        "usage_terms": None,
        "licence_end": None,
        "people": "unknown",
        "release": None,
        "consents": [],
        "persons": [],
        "minors": None,
        "do_not_publish": False,
        "property_release": None,
        "title": None,  # dc:title (competition intake)
        "creator_email": None,  # Iptc4xmpCore:CreatorContactInfo/CiEmailWork (competition intake)
    }


# CLI.md's "rights" keys (the others are kept in the record and the sidecar, not in that JSON object).
JSON_KEYS = tuple(k for k in empty() if k not in ("property_release", "title", "creator_email"))


def public(stored: Mapping[str, Any] | None) -> dict[str, Any]:
    """The full rights of a record (its compact `rights` filled with the defaults)."""
    out = empty()
    if isinstance(stored, Mapping):
        for key, value in stored.items():
            if key in out:
                out[key] = list(value) if isinstance(value, list) else value
    return out


def effective(stored: Mapping[str, Any] | None, embedded: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The full rights of a record: the sidecar's, with the creator, credit and copyright the file itself
    carries (XMP / IPTC / EXIF, read at probe time) where the sidecar has none."""
    if not stored and not embedded:  # most assets: nothing known (list --json of 100,000 assets)
        return empty()
    out = public(stored)
    if isinstance(embedded, Mapping):
        for key in ("creator", "credit", "copyright"):
            value = embedded.get(key)
            if not out[key] and value and isinstance(value, (str, list)):
                out[key] = list(value) if isinstance(value, list) else value
    return out


def to_json(stored: Mapping[str, Any] | None) -> dict[str, Any]:
    """CLI.md's `"rights"` object."""
    full = public(stored)
    return {k: full[k] for k in JSON_KEYS}


def compact(rights: Mapping[str, Any]) -> dict[str, Any] | None:
    """What a record stores: only the fields that differ from empty(); None when nothing is known."""
    base = empty()
    out = {k: v for k, v in rights.items() if k in base and v != base[k]}
    return out or None


# ------------------------------------------------------------------------------------------- reading XMP


def _clean_text(value: str | None) -> str | None:
    if value is None:
        return None
    text = " ".join(value.split())[:MAX_TEXT]
    return text or None


def _list(descs: list[ET.Element], qname: str) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for prop in _props(descs, qname):
        values: list[str] = []
        for container in prop:
            if container.tag in _CONTAINERS:
                values = [_li_text(li) for li in container if li.tag == RDF_LI]
                break
        else:
            if (prop.text or "").strip() and len(prop) == 0:
                values = [prop.text or ""]
        for value in values:
            text = _clean_text(value)
            if text and text.casefold() not in seen and len(out) < MAX_ITEMS:
                seen.add(text.casefold())
                out.append(text)
    return out


def _code(descs: list[ET.Element], qname: str) -> str | None:
    value = _simple(descs, qname)
    if value is None:  # some tools write a closed-choice value as a one-item bag
        values = _list(descs, qname)
        value = values[0] if values else None
    if not value or not value.strip():
        return None
    code = value.strip()
    if code.casefold().startswith(PLUS_VOCAB.casefold()):
        code = code[len(PLUS_VOCAB) :]
    return code.upper()


def _valid_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return _dt.date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        return None


def read_xmp(root: ET.Element, own: Mapping[str, str]) -> dict[str, Any]:
    """The rights a parsed sidecar holds (`own`: its lm: fields), in the full shape of empty(). Values of the
    wrong form (the file is shared and untrusted) count as absent."""
    descs = _descriptions(root)
    out = empty()
    out["creator"] = _list(descs, DC_CREATOR)
    out["credit"] = _clean_text(_simple(descs, PHOTOSHOP_CREDIT))
    for prop in _props(descs, DC_RIGHTS):
        out["copyright"] = _clean_text(_lang_alt(prop))
        break
    for prop in _props(descs, USAGE_TERMS):
        out["usage_terms"] = _clean_text(_lang_alt(prop))
        break
    licence = (own.get(OWN_LICENCE) or "").strip()
    if licence in LICENCES:
        out["licence"] = licence
    else:
        url = (_simple(descs, WEB_STATEMENT) or "").strip().rstrip("/") + "/"
        out["licence"] = next((k for k, v in LICENCE_URLS.items() if v == url), None)
    out["licence_end"] = _valid_date(own.get(OWN_LICENCE_END))
    people = (own.get(OWN_PEOPLE) or "").strip()
    out["people"] = people if people in PEOPLE else "unknown"
    release = _code(descs, MODEL_RELEASE_STATUS)
    out["release"] = next((k for k, v in RELEASES.items() if v == release), None)
    prop_release = _code(descs, PROPERTY_RELEASE_STATUS)
    out["property_release"] = next((k for k, v in PROPERTY_RELEASES.items() if v == prop_release), None)
    out["consents"] = [c for c in _list(descs, MODEL_RELEASE_ID) if _ID.match(c)]
    out["persons"] = _list(descs, PERSON_IN_IMAGE)
    minors = (own.get(OWN_MINORS) or "").strip()
    age = _code(descs, MINOR_AGE)
    if minors in ("yes", "no"):
        out["minors"] = minors == "yes"
    elif age in _MINOR_CODES:
        out["minors"] = True
    elif age in _ADULT_CODES:
        out["minors"] = False
    out["do_not_publish"] = (own.get(OWN_DO_NOT_PUBLISH) or "").strip().lower() in ("true", "1", "yes")
    for prop in _props(descs, DC_TITLE):
        out["title"] = _clean_text(_lang_alt(prop))
        break
    for prop in _props(descs, CREATOR_CONTACT):
        holder = prop.find(RDF_DESCRIPTION)
        email = (holder if holder is not None else prop).find(CI_EMAIL)
        if email is not None:
            out["creator_email"] = _clean_text(email.text)
        break
    if out["people"] == "unknown" and (out["persons"] or out["consents"] or out["minors"]):
        out["people"] = "yes"  # another tool named people in it: people are shown
    return out


# ------------------------------------------------------------------------------------------- the delta


@dataclass
class RightsDelta:
    """What an edit changes: `scalars` (field -> new value, None clears) and, per list, names added and
    removed. Built by `delta()` from the facade's keyword arguments (checked, French errors)."""

    scalars: dict[str, Any] = field(default_factory=dict)
    add: dict[str, list[str]] = field(default_factory=dict)
    remove: dict[str, list[str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.scalars or any(self.add.values()) or any(self.remove.values()))

    def own(self) -> dict[str, str | None]:
        """The lm: fields this delta writes (None deletes)."""
        out: dict[str, str | None] = {}
        s = self.scalars
        if "licence" in s:
            out[OWN_LICENCE] = s["licence"]
        if "licence_end" in s:
            out[OWN_LICENCE_END] = s["licence_end"]
        if "people" in s:
            out[OWN_PEOPLE] = None if s["people"] in (None, "unknown") else s["people"]
        if "minors" in s:
            out[OWN_MINORS] = None if s["minors"] is None else ("yes" if s["minors"] else "no")
        if "do_not_publish" in s:
            out[OWN_DO_NOT_PUBLISH] = "true" if s["do_not_publish"] else None
        return out


def _text(name: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise RightsError(f"Droits : « {name} » attend un texte.")
    if any(ord(c) < 32 and c not in "\t\n" or 0xD800 <= ord(c) <= 0xDFFF or ord(c) in (0xFFFE, 0xFFFF) for c in value):
        raise RightsError(f"Droits : « {name} » contient des caractères de contrôle.")
    text = " ".join(value.split())
    if len(text) > MAX_TEXT:
        raise RightsError(f"Droits : « {name} » est trop long ({len(text)} caractères, {MAX_TEXT} au plus).")
    return text or None


def _date(name: str, value: Any) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, _dt.date):
        return value.isoformat()
    try:
        return _dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise RightsError(f"Droits : « {name} » attend une date AAAA-MM-JJ, pas « {value} ».") from None


def _choice(name: str, value: Any, allowed: Iterable[str]) -> str | None:
    if value is None:
        return None
    allowed = list(allowed)
    if value not in allowed:
        raise RightsError(f"Droits : « {name} » vaut l'un de {', '.join(allowed)}, pas « {value} ».")
    return str(value)


def _names(name: str, values: Any, *, ids: bool = False) -> list[str]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise RightsError(f"Droits : « {name} » attend une liste.")
    out: list[str] = []
    for v in values:
        text = _text(name, v)
        if not text:
            continue
        if ids and not _ID.match(text):
            raise RightsError(f"Identifiant de consentement invalide : « {text} ».")
        if text.casefold() not in {o.casefold() for o in out}:
            out.append(text)
    return out


def delta(**changes: Any) -> RightsDelta:
    """Check the facade's keyword arguments: the scalar fields of SCALARS (None clears), `creator` (a name or a
    list of names, replacing the current ones), `add_consents`, `remove_consents`, `add_persons`,
    `remove_persons`. RightsError (French) for an unknown field or a bad value."""
    out = RightsDelta()
    for key, value in changes.items():
        if key == "creator":
            if isinstance(value, str) or value is None:
                value = [value] if value else []
            out.scalars["creator"] = _names("auteur", value)
        elif key in ("credit", "copyright", "usage_terms", "title"):
            label = {"credit": "crédit", "copyright": "copyright", "title": "titre"}.get(key, "conditions")
            out.scalars[key] = _text(label, value)
        elif key == "creator_email":
            email = _text("e-mail", value)
            if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
                raise RightsError(f"Droits : adresse e-mail invalide « {email} ».")
            out.scalars[key] = email
        elif key == "licence":
            out.scalars[key] = _choice("licence", value or None, LICENCES)
        elif key == "licence_end":
            out.scalars[key] = _date("fin de licence", value)
        elif key == "people":
            out.scalars[key] = _choice("personnes", value or "unknown", PEOPLE)
        elif key == "release":
            out.scalars[key] = _choice("autorisation", value or None, RELEASES)
        elif key == "property_release":
            out.scalars[key] = _choice("autorisation du propriétaire", value or None, PROPERTY_RELEASES)
        elif key == "minors":
            if value is not None and not isinstance(value, bool):
                raise RightsError("Droits : « mineurs » attend oui, non ou inconnu.")
            out.scalars[key] = value
        elif key == "do_not_publish":
            out.scalars[key] = bool(value)
        elif key in ("add_consents", "remove_consents", "add_persons", "remove_persons"):
            verb, what = key.split("_", 1)
            target = out.add if verb == "add" else out.remove
            target[what] = _names("consentement" if what == "consents" else "personne", value, ids=what == "consents")
        else:
            raise RightsError(f"Droits : champ inconnu « {key} ».")
    return out


def apply(rights: Mapping[str, Any], change: RightsDelta) -> dict[str, Any]:
    """`rights` (full shape) after `change`: scalars replaced, lists unioned minus the removals."""
    out = public(rights)
    for key, value in change.scalars.items():
        out[key] = value
    if "licence" in change.scalars and "usage_terms" not in change.scalars and change.scalars["licence"]:
        out["usage_terms"] = LICENCE_TERMS[change.scalars["licence"]] or out["usage_terms"]
    for what in LISTS:
        gone = {n.casefold() for n in change.remove.get(what, [])}
        kept = [n for n in out[what] if n.casefold() not in gone]
        for n in change.add.get(what, []):
            if n.casefold() not in {k.casefold() for k in kept}:
                kept.append(n)
        out[what] = kept[:MAX_ITEMS]
    if (change.add.get("consents") or change.add.get("persons")) and out["people"] == "unknown":
        out["people"] = "yes"
    return out


def inverse(before: Mapping[str, Any], change: RightsDelta) -> RightsDelta:
    """The delta that undoes `change` on an asset whose rights were `before` (full shape)."""
    full = public(before)
    undo = RightsDelta(scalars={k: full[k] for k in change.scalars})
    if "licence" in change.scalars and "usage_terms" not in change.scalars:
        undo.scalars["usage_terms"] = full["usage_terms"]
    if change.add.get("consents") or change.add.get("persons"):
        undo.scalars.setdefault("people", full["people"])
    for what in LISTS:
        had = {n.casefold() for n in full[what]}
        undo.remove[what] = [n for n in change.add.get(what, []) if n.casefold() not in had]
        undo.add[what] = [n for n in full[what] if n.casefold() in {r.casefold() for r in change.remove.get(what, [])}]
    return undo


# ------------------------------------------------------------------------------------------- writing XMP


def render_xmp(root: ET.Element, before: Mapping[str, Any], after: Mapping[str, Any]) -> bool:
    """Make the standard properties of the parsed sidecar say `after` where they differ from `before`
    (both full shapes, `before` read from this very file); properties we do not change are left as another
    tool wrote them. The lm: fields go through the sidecar's own fields. True when something changed."""
    descs = _descriptions(root, create=True)
    main = descs[0]
    changed = False

    def differs(key: str) -> bool:
        return bool(before.get(key) != after.get(key))

    if differs("creator"):
        _remove_props(descs, DC_CREATOR)
        if after["creator"]:
            main.append(_array_prop(DC_CREATOR, RDF_SEQ, list(after["creator"])))
        changed = True
    for key, qname in (("copyright", DC_RIGHTS), ("usage_terms", USAGE_TERMS), ("title", DC_TITLE)):
        if differs(key):
            _remove_props(descs, qname)
            if after[key]:
                main.append(_lang_alt_prop(qname, after[key]))
            changed = True
    if differs("credit"):
        _remove_props(descs, PHOTOSHOP_CREDIT)
        if after["credit"]:
            ET.SubElement(main, PHOTOSHOP_CREDIT).text = after["credit"]
        changed = True
    if differs("licence"):
        _remove_props(descs, WEB_STATEMENT)
        url = LICENCE_URLS.get(after["licence"] or "")
        if url:
            ET.SubElement(main, WEB_STATEMENT).text = url
        changed = True
    for key, qname, codes in (
        ("release", MODEL_RELEASE_STATUS, RELEASES),
        ("property_release", PROPERTY_RELEASE_STATUS, PROPERTY_RELEASES),
    ):
        if differs(key):
            _remove_props(descs, qname)
            if after[key]:
                ET.SubElement(main, qname).text = PLUS_VOCAB + codes[after[key]]
            changed = True
    for key, qname, container in (("consents", MODEL_RELEASE_ID, RDF_BAG), ("persons", PERSON_IN_IMAGE, RDF_BAG)):
        if differs(key):
            _remove_props(descs, qname)
            if after[key]:
                main.append(_array_prop(qname, container, list(after[key])))
            changed = True
    if differs("creator_email"):
        props = _props(descs, CREATOR_CONTACT)
        if props:  # change the e-mail in place: the address, phone… another tool filled in stay
            inner = props[0].find(RDF_DESCRIPTION)
            holder = inner if inner is not None else props[0]
            for old in holder.findall(CI_EMAIL):
                holder.remove(old)
        else:
            holder = ET.SubElement(main, CREATOR_CONTACT, {RDF_PARSE_TYPE: "Resource"})
        if after["creator_email"]:
            ET.SubElement(holder, CI_EMAIL).text = after["creator_email"]
        changed = True
    if differs("minors"):
        current = _code(descs, MINOR_AGE)
        keep = (after["minors"] is True and current in _MINOR_CODES) or (
            after["minors"] is False and current in _ADULT_CODES
        )
        if not keep:
            _remove_props(descs, MINOR_AGE)
            if after["minors"] is not None:
                ET.SubElement(main, MINOR_AGE).text = PLUS_VOCAB + ("AG-UNK" if after["minors"] else "AG-A18")
        changed = True
    return changed


# ------------------------------------------------------------------------------------------- the facade


@dataclass
class RightsChange:
    """What Library.set_rights did: per asset id, the delta that undoes it (`revert_rights`)."""

    undo: dict[int, RightsDelta] = field(default_factory=dict)
    paths: dict[int, str] = field(default_factory=dict)

    @property
    def ids(self) -> list[int]:
        return list(self.undo)


def set_rights(lib: Library, paths: Iterable[str], **changes: Any) -> list[dict[str, Any]]:
    """Library.set_rights: the public records after the edit (LibraryError in French)."""
    from .library import LibraryError

    try:
        change = delta(**changes)
    except RightsError as exc:
        raise LibraryError(str(exc)) from None
    ids = [lib.resolve_for_tagging(os.fspath(p)) for p in paths]
    apply_rights(lib, ids, change)
    return [a for a in (lib.asset(i) for i in ids) if a is not None]


def apply_rights_by_id(lib: Library, ids: Iterable[int], **changes: Any) -> RightsChange:
    """Library.apply_rights: checked keyword arguments (see delta()), then apply_rights."""
    from .library import LibraryError

    try:
        change = delta(**changes)
    except RightsError as exc:
        raise LibraryError(str(exc)) from None
    return apply_rights(lib, ids, change)


def apply_rights(lib: Library, ids: Iterable[int], change: RightsDelta) -> RightsChange:
    """Write `change` into the sidecar of each asset (merged under the sidecar's lock) and update its record.
    Stops at the first sidecar that cannot be written: LibraryError naming the file; the assets already
    written stay written (their undo is in the exception's `change` attribute)."""
    from . import sidecar
    from .library import LibraryError
    from .record import OWN_FROM_FILE
    from .sidecar_writer import sidecar_key

    result = RightsChange()
    own = change.own()
    for doc_id in dict.fromkeys(ids):
        with lib._lock:
            doc = lib._index.docs.get(doc_id)
            if doc is None:
                continue
            path = doc["path"]
            before = public(doc.get("rights"))
            from_file = bool(doc.get("from_file"))
            tags = doc.get("tags") or {}
        try:
            data = sidecar.update_sidecar(
                path,
                add=tags if from_file else None,  # the file's own keywords become the new sidecar's, as for a tag edit
                own={**own, OWN_FROM_FILE: "1"} if from_file else own,
                rights=change,
            )
        except (sidecar.SidecarError, ValueError) as exc:
            err = LibraryError(f"Les droits de « {os.path.basename(path)} » n'ont pas été enregistrés : {exc}")
            err.change = result  # type: ignore[attr-defined]  # the undo of what was written before the failure
            raise err from None
        result.undo[doc_id] = inverse(before, change)
        result.paths[doc_id] = path
        with lib._lock:
            doc = lib._index.docs.get(doc_id)
            if doc is None or doc["path"] != path:
                continue
            sig = (sidecar_key(data.path), *data.signature) if data.path and data.signature else None
            updated = {**doc, "rights": compact(data.rights) if not data.error else doc.get("rights")}
            if sig and not doc.get("pending_sidecar"):
                updated["sidecar_sig"] = list(sig)
            if from_file:
                updated["from_file"] = None
            lib._put(doc_id, updated)
    return result


def revert_rights(lib: Library, change: RightsChange) -> None:
    """Undo a RightsChange (the GUI's Ctrl+Z): each asset gets back its own previous values."""
    for doc_id, undo in change.undo.items():
        apply_rights(lib, [doc_id], undo)


# ------------------------------------------------------------------------------------------- filters


def licence_expired(rights: Mapping[str, Any], today: _dt.date | None = None) -> bool:
    """The licence ended before today (an end date of today is still valid through that day)."""
    end = _valid_date((rights or {}).get("licence_end"))
    return end is not None and end < (today or _dt.date.today()).isoformat()


def matches(
    stored: Mapping[str, Any] | None,
    *,
    no_consent: bool = False,
    licence_expired_only: bool = False,
    minors: bool = False,
    do_not_publish: bool = False,
    creator: str | None = None,
    valid_consents: frozenset[str] | None = None,
    today: _dt.date | None = None,
    embedded: Mapping[str, Any] | None = None,
) -> bool:
    """The list filters of CLI.md on one record's rights. `no_consent`: people shown and no valid consent
    linked (`valid_consents`: the ids of the register's valid consents; None: any linked id counts)."""
    r = effective(stored, embedded)
    if no_consent:
        if r["people"] != "yes":
            return False
        linked = [c for c in r["consents"] if valid_consents is None or c in valid_consents]
        if linked:
            return False
    if licence_expired_only and not licence_expired(r, today):
        return False
    if minors and r["minors"] is not True:
        return False
    if do_not_publish and not r["do_not_publish"]:
        return False
    if creator:
        from .model import fold

        wanted = fold(creator)
        if not any(wanted in fold(c) for c in r["creator"]):
            return False
    return True


__all__ = [
    "LICENCES",
    "LICENCE_LABELS",
    "PEOPLE",
    "RELEASES",
    "RightsChange",
    "RightsDelta",
    "RightsError",
    "apply",
    "delta",
    "empty",
    "licence_expired",
    "matches",
    "public",
    "read_xmp",
    "render_xmp",
    "set_rights",
    "to_json",
]
