"""XMP sidecars: the durable, shareable record of the tags a person entered (XMP.md, ARCHITECTURE.md).

We write `<file name with extension>.xmp` (digiKam, darktable, Immich) and also read the Adobe-style
`<stem>.xmp`. Tags are written three ways because each tool reads a different one: `dc:subject` (flat),
`lr:hierarchicalSubject` (`|` paths, Lightroom) and `digiKam:TagsList` (`/` paths, digiKam); business, site
and campaign are mirrored into the IPTC Extension properties. A tag name never contains `/` or `|`:
`model.clean_name` rejects them before they reach this module, and `update_sidecar` re-checks.

The sidecar is shared with other tools and other PCs, so a write is a merge: the file is re-read right before
writing, our delta (additions, removals, renames) is applied to what is on disk now, and every element,
attribute and namespace we do not own is written back. The file comes from a shared folder and is untrusted:
it is parsed with defusedxml (no DTD at all, hence no entity expansion or external fetch), its size and
nesting depth are capped, and any problem becomes a one-sentence French reason instead of an exception.
Two PCs never merge at once: each read-merge-write holds a lock file next to the sidecar (sharelock.py).
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import stat
import threading
import time
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from .fsutil import atomic_write_bytes, default_file_mode, fold_name, long_path, path_key
from .model import FACETS, InvalidName, clean_name, empty_tags, fold, unique_names
from .sharelock import DEFAULT_TIMEOUT, ShareLock, ShareLockTimeout

log = logging.getLogger(__name__)

# A sidecar holding tags, credits and even a long darktable history stays far below 1 MB; anything bigger is
# not a sidecar we should spend memory on.
MAX_SIDECAR_BYTES = 4 * 1024 * 1024
# Real XMP nests about ten levels (struct in a bag in a property); a deeper file is hostile and would also
# exhaust the recursion of the serializer.
MAX_DEPTH = 64
# Deepest keyword path we interpret (Lightroom trees are a handful of levels).
MAX_PATH_LEVELS = 32
# How many times a write starts over because another program replaced the sidecar while we were merging.
_MAX_ATTEMPTS = 5
# How long a write waits for another PC's lock on the same sidecar (sharelock breaks a dead PC's lock first).
LOCK_TIMEOUT = DEFAULT_TIMEOUT

NS_X = "adobe:ns:meta/"
NS_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NS_XML = "http://www.w3.org/XML/1998/namespace"
NS_DC = "http://purl.org/dc/elements/1.1/"
NS_LR = "http://ns.adobe.com/lightroom/1.0/"
NS_DIGIKAM = "http://www.digikam.org/ns/1.0/"
NS_IPTC_EXT = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
NS_PHOTOSHOP = "http://ns.adobe.com/photoshop/1.0/"
NS_LM = "http://ns.lectoure-media.fr/1.0/"
NS_XMP = "http://ns.adobe.com/xap/1.0/"

# Conventional prefixes, used when the file being merged did not declare its own.
KNOWN_PREFIXES = {
    NS_X: "x",
    NS_RDF: "rdf",
    NS_DC: "dc",
    NS_LR: "lr",
    NS_DIGIKAM: "digiKam",
    NS_IPTC_EXT: "Iptc4xmpExt",
    NS_PHOTOSHOP: "photoshop",
    NS_LM: "lm",
    "http://ns.adobe.com/xap/1.0/": "xmp",
    "http://ns.adobe.com/xap/1.0/rights/": "xmpRights",
    "http://ns.adobe.com/xap/1.0/mm/": "xmpMM",
    "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/": "Iptc4xmpCore",
    "http://ns.useplus.org/ldf/xmp/1.0/": "plus",
    "http://ns.adobe.com/camera-raw-settings/1.0/": "crs",
    "http://darktable.sf.net/": "darktable",
    "http://ns.adobe.com/exif/1.0/": "exif",
    "http://ns.adobe.com/tiff/1.0/": "tiff",
}


def _q(ns: str, local: str) -> str:
    return f"{{{ns}}}{local}"


X_XMPMETA = _q(NS_X, "xmpmeta")
X_XAPMETA = _q(NS_X, "xapmeta")  # pre-2002 name of the same wrapper, still found in old files
X_XMPTK = _q(NS_X, "xmptk")
RDF_RDF = _q(NS_RDF, "RDF")
RDF_DESCRIPTION = _q(NS_RDF, "Description")
RDF_ABOUT = _q(NS_RDF, "about")
RDF_BAG = _q(NS_RDF, "Bag")
RDF_SEQ = _q(NS_RDF, "Seq")
RDF_ALT = _q(NS_RDF, "Alt")
RDF_LI = _q(NS_RDF, "li")
RDF_VALUE = _q(NS_RDF, "value")
RDF_PARSE_TYPE = _q(NS_RDF, "parseType")
XML_LANG = _q(NS_XML, "lang")
DC_SUBJECT = _q(NS_DC, "subject")
DC_CREATOR = _q(NS_DC, "creator")
DC_RIGHTS = _q(NS_DC, "rights")
LR_HIERARCHICAL = _q(NS_LR, "hierarchicalSubject")
DK_TAGSLIST = _q(NS_DIGIKAM, "TagsList")
IPTC_ORGANISATION = _q(NS_IPTC_EXT, "OrganisationInImageName")
IPTC_LOCATION_SHOWN = _q(NS_IPTC_EXT, "LocationShown")
IPTC_LOCATION_NAME = _q(NS_IPTC_EXT, "LocationName")
IPTC_EVENT = _q(NS_IPTC_EXT, "Event")
PHOTOSHOP_CREDIT = _q(NS_PHOTOSHOP, "Credit")
# Picks (core/picks.py): xmp:Rating (-1 rejected, 0-5) and xmp:Label (colour label), simple scalars.
PICK_PROPS = ("Rating", "Label")
_CONTAINERS = (RDF_BAG, RDF_SEQ, RDF_ALT)

# Roots of the hierarchy we write (French) and the names we also accept when reading (English, as another
# install or a hand-made Lightroom keyword list may use), compared after `fold`.
ROOT_NAMES = {"business": "Commerces", "heritage": "Patrimoine", "campaign": "Campagnes", "keywords": "Mots-clés"}
_ROOT_ALIASES = {
    "commerces": "business",
    "businesses": "business",
    "patrimoine": "heritage",
    "heritage": "heritage",
    "campagnes": "campaign",
    "campaigns": "campaign",
    "mots-cles": "keywords",
    "keywords": "keywords",
}

_OWN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,63}\Z")
# Characters XML 1.0 cannot carry at all (not even escaped): a value holding one could never be written.
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_XPACKET_ID = "W5M0MpCehiHzreSzNTczkc9d"


class SidecarError(Exception):
    """A sidecar could not be written (or read before writing); the message is a French sentence."""


@dataclass
class SidecarData:
    """What a sidecar says, in the terms of the tag model.

    `tags`: facet -> names; `categories`: business name -> category, only for businesses that have one;
    `own`: our `lm:` fields as strings; `signature`: (size, mtime_ns) of the file read, to notice a change;
    `path`: the sidecar read or written; `error`: French reason when the sidecar was unusable.
    After a write (`update_sidecar`) that replaced an unusable sidecar: `replaced` is that sidecar's path,
    `replaced_reason` why it was unusable, and `set_aside` where it was kept (`….corrupt-<time>`; None when
    an unusable Adobe-style `IMG.xmp` was left in place and `IMG.JPG.xmp` written beside it)."""

    tags: dict[str, list[str]] = field(default_factory=empty_tags)
    categories: dict[str, str] = field(default_factory=dict)
    own: dict[str, str] = field(default_factory=dict)
    signature: tuple[int, int] | None = None
    path: str | None = None
    error: str | None = None
    replaced: str | None = None
    replaced_reason: str | None = None
    set_aside: str | None = None
    rights: dict[str, Any] = field(default_factory=dict)  # rights.read_xmp's full shape ({} without a sidecar)
    rating: int | None = None  # xmp:Rating (-1 rejected, 0-5); None when absent or malformed
    label: str | None = None  # xmp:Label (Lightroom's colour names "Red"…, or any text another tool wrote)


# --------------------------------------------------------------------------------------------- locating


def sidecar_path_for(media_path: str) -> str:
    """The sidecar we write for a media file: `IMG_1234.JPG` -> `IMG_1234.JPG.xmp`."""
    return os.fspath(media_path) + ".xmp"


def _candidate_names(media_name: str) -> list[str]:
    stem = os.path.splitext(media_name)[0]
    names = [media_name + ".xmp"]
    if stem and stem != media_name:
        names.append(stem + ".xmp")
    return names


def _pick(candidate: str, by_fold: dict[str, list[str]]) -> str | None:
    """The entry standing for `candidate` among names grouped by casefold: the exact spelling, else its
    `.XMP` spelling, else the first case-variant in sorted order (deterministic on every PC)."""
    found = by_fold.get(fold_name(candidate))
    if not found:
        return None
    for spelling in (candidate, candidate[:-4] + ".XMP"):
        if spelling in found:
            return spelling
    return min(found)


def find_sidecar(media_path: str, *, listing: Iterable[str] | None = None) -> str | None:
    """The sidecar to read for a media file: `IMG.JPG.xmp`, else the Adobe-style `IMG.xmp`, else None.

    Each name is matched case-insensitively (and NFC = NFD), since a share written from Windows may hold
    `IMG.jpg.xmp` beside `IMG.JPG` (on Windows it is one file anyway). When a case-sensitive share holds
    several spellings, the exact one wins, then its `.XMP` spelling, then the first other spelling in sorted
    order; any spelling of `IMG.JPG.xmp` wins over the Adobe-style name.

    Without `listing`, `IMG.JPG.xmp` and `IMG.JPG.XMP` are tried first (one stat each: cheap on a share), and
    only when neither exists is the folder listed. `listing` (the names in the media's folder, which a scan
    already has) saves that listing."""
    media_path = os.fspath(media_path)
    folder, name = os.path.split(media_path)
    wanted = _candidate_names(name)
    if listing is None:
        own = wanted[0]
        for spelling in (own, own[:-4] + ".XMP"):
            path = os.path.join(folder, spelling)
            # lexists, not isfile: a sidecar name taken by something that is not a file must be reported
            # and set aside, not silently replaced.
            if os.path.lexists(long_path(path)):
                return path
        try:
            listing = os.listdir(long_path(folder or "."))
        except OSError:
            return None
    keys = {fold_name(c) for c in wanted}
    by_fold: dict[str, list[str]] = {}
    for entry in listing:
        if entry[-4:].lower() != ".xmp":
            continue
        key = fold_name(entry)
        if key in keys:
            by_fold.setdefault(key, []).append(entry)
    for candidate in wanted:
        hit = _pick(candidate, by_fold)
        if hit is not None:
            return os.path.join(folder, hit)
    return None


def _is_own_style(media_path: str, sidecar: str) -> bool:
    return fold_name(os.path.basename(sidecar)) == fold_name(os.path.basename(media_path) + ".xmp")


# ------------------------------------------------------------------------------------- reading + parsing


class _Unusable(Exception):
    """The sidecar's content cannot be used; args[0] is the French reason."""


def _special_kind(mode: int) -> str | None:
    """What a non-regular file is, in French ("un dossier"…); None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "un dossier"
    if stat.S_ISFIFO(mode):
        return "un tube nommé (FIFO)"
    if stat.S_ISSOCK(mode):
        return "une socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "un périphérique"
    return "un fichier spécial"


def _read_bytes(path: str) -> tuple[bytes, tuple[int, int]]:
    """Bytes and (size, mtime_ns) of a sidecar. Raises _Unusable for content we refuse, OSError for I/O."""
    name = os.path.basename(path)
    # Only a regular file is ever opened: a FIFO planted under a sidecar name would block open() (and a
    # device could stream forever); O_NONBLOCK and the fstat below cover a swap between stat and open.
    kind = _special_kind(os.stat(long_path(path)).st_mode)
    if kind is not None:
        raise _Unusable(f"« {name} » n'est pas un fichier ordinaire (c'est {kind}) ; il est ignoré.")
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(long_path(path), flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _Unusable(
                f"« {name} » n'est pas un fichier ordinaire (c'est {_special_kind(st.st_mode)}) ; il est ignoré."
            )
        if st.st_size > MAX_SIDECAR_BYTES:
            raise _Unusable(
                f"Le fichier XMP « {name} » est trop volumineux ({st.st_size // (1024 * 1024)} Mo) ; il est ignoré."
            )
        chunks = []
        remaining = MAX_SIDECAR_BYTES + 1  # the file may grow between fstat and read
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1024 * 1024))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        if len(data) > MAX_SIDECAR_BYTES:
            raise _Unusable(f"Le fichier XMP « {name} » est trop volumineux ; il est ignoré.")
        return data, (st.st_size, st.st_mtime_ns)
    finally:
        os.close(fd)


def _signature_of(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(long_path(path))
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _parse(data: bytes, name: str) -> tuple[ET.Element, dict[str, str]]:
    """Root element and the uri -> prefix declarations of a sidecar. Raises _Unusable with a French reason."""
    if not data.strip():
        raise _Unusable(f"Le fichier XMP « {name} » est vide ; il est ignoré.")
    prefixes: dict[str, str] = {}
    root: ET.Element | None = None
    depth = 0
    try:
        events = SafeET.iterparse(
            io.BytesIO(data),
            events=("start", "end", "start-ns"),
            forbid_dtd=True,
            forbid_entities=True,
            forbid_external=True,
        )
        for event, item in events:
            if event == "start":
                depth += 1
                if depth > MAX_DEPTH:
                    raise _Unusable(f"Le fichier XMP « {name} » est imbriqué trop profondément ; il est ignoré.")
                if root is None:
                    root = item
            elif event == "end":
                depth -= 1
            else:
                prefix, uri = item
                if prefix and uri not in prefixes:
                    prefixes[uri] = prefix
    except DefusedXmlException as exc:  # a DTD at all: entity bombs and external entities start there
        raise _Unusable(
            f"Le fichier XMP « {name} » contient des déclarations d'entités (DTD), refusées par"
            f" sécurité ; il est ignoré."
        ) from exc
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else "?"
        raise _Unusable(f"Le fichier XMP « {name} » n'est pas du XML valide (ligne {line}) ; il est ignoré.") from exc
    except _Unusable:
        raise
    except Exception as exc:  # expat and codec errors come in several types; all mean "not readable XML"
        log.info("sidecar %s unparsable: %r", name, exc)
        raise _Unusable(f"Le fichier XMP « {name} » est illisible ; il est ignoré.") from exc
    if root is None:
        raise _Unusable(f"Le fichier XMP « {name} » est vide ; il est ignoré.")
    if root.tag not in (X_XMPMETA, X_XAPMETA, RDF_RDF):
        local = root.tag.rsplit("}", 1)[-1]
        raise _Unusable(f"Le fichier « {name} » n'est pas un paquet XMP (élément racine « {local} ») ; il est ignoré.")
    return root, prefixes


def _rdf_of(root: ET.Element, *, create: bool = False) -> ET.Element | None:
    if root.tag == RDF_RDF:
        return root
    rdf = root.find(RDF_RDF)
    if rdf is None and create:
        rdf = ET.SubElement(root, RDF_RDF)
    return rdf


def _descriptions(root: ET.Element, *, create: bool = False) -> list[ET.Element]:
    rdf = _rdf_of(root, create=create)
    if rdf is None:
        return []
    descs = rdf.findall(RDF_DESCRIPTION)
    if not descs and create:
        descs = [ET.SubElement(rdf, RDF_DESCRIPTION, {RDF_ABOUT: ""})]
    return descs


def _li_text(li: ET.Element) -> str:
    value = li.find(RDF_VALUE)  # qualified value form: <rdf:li rdf:parseType="Resource"><rdf:value>…
    if value is not None:
        return value.text or ""
    return li.text or ""


def _array_values(prop: ET.Element) -> list[str]:
    """Items of an rdf:Bag/Seq/Alt property; a lone text value counts as one item (some tools write that)."""
    for container in prop:
        if container.tag in _CONTAINERS:
            return [_li_text(li) for li in container if li.tag == RDF_LI]
    text = (prop.text or "").strip()
    return [text] if text and len(prop) == 0 else []


def _lang_alt(prop: ET.Element) -> str | None:
    """x-default of a language alternative, else its first entry; a plain text value is accepted too."""
    for container in prop:
        if container.tag in _CONTAINERS:
            items = [li for li in container if li.tag == RDF_LI]
            for li in items:
                if li.get(XML_LANG, "").casefold() == "x-default":
                    return _li_text(li)
            return _li_text(items[0]) if items else None
    return prop.text if len(prop) == 0 and prop.text and prop.text.strip() else None


def _props(descs: list[ET.Element], qname: str) -> list[ET.Element]:
    return [child for desc in descs for child in desc if child.tag == qname]


def _values(descs: list[ET.Element], qname: str) -> list[str]:
    return [value for prop in _props(descs, qname) for value in _array_values(prop)]


def _simple(descs: list[ET.Element], qname: str) -> str | None:
    """A simple property, in element form or in the attribute form Adobe tools favour."""
    for desc in descs:
        if qname in desc.attrib:
            return desc.attrib[qname]
        for child in desc:
            if child.tag == qname and len(child) == 0:
                return child.text or ""
    return None


# ----------------------------------------------------------------------------------- interpretation


def _key(text: str) -> str:
    """Comparison key of a name: same NFC form and spacing as clean_name, case-insensitive."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def _path_key(path: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_key(part) for part in path)


def _split_path(value: str, sep: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(sep) if part.strip())


@dataclass
class _State:
    tags: dict[str, list[str]]
    categories: dict[str, str]
    own: dict[str, str]
    # Hierarchies other than `Mots-clés|k` whose leaf is a keyword (Lightroom's `Lieux|France|Lectoure`):
    # written back as they are, so a Lightroom keyword tree survives our write.
    keyword_paths: list[tuple[str, ...]] = field(default_factory=list)
    # Paths and flat subjects whose name the tag model cannot hold (a `/` inside a Lightroom keyword…):
    # we cannot show them, but we must not drop them from the file either.
    kept_paths: list[tuple[str, ...]] = field(default_factory=list)
    kept_subjects: list[str] = field(default_factory=list)
    # xmp:Rating / xmp:Label as written in the file (PICK_PROPS local name -> text)
    picks: dict[str, str] = field(default_factory=dict)

    def semantic(self) -> tuple[dict[str, list[str]], dict[str, str], dict[str, str], dict[str, str]]:
        return self.tags, self.categories, self.own, self.picks

    def copy(self) -> _State:
        return _State(
            tags={f: list(names) for f, names in self.tags.items()},
            categories=dict(self.categories),
            own=dict(self.own),
            keyword_paths=list(self.keyword_paths),
            kept_paths=list(self.kept_paths),
            kept_subjects=list(self.kept_subjects),
            picks=dict(self.picks),
        )


def _index(names: list[str], name: str) -> int | None:
    wanted = _key(name)
    for i, existing in enumerate(names):
        if _key(existing) == wanted:
            return i
    return None


def _interpret(root: ET.Element) -> _State:
    descs = _descriptions(root)
    state = _State(tags=empty_tags(), categories={}, own={})

    paths: list[tuple[str, ...]] = []
    keys: list[tuple[str, ...]] = []
    seen: set[tuple[str, ...]] = set()
    for value, sep in [(v, "|") for v in _values(descs, LR_HIERARCHICAL)] + [
        (v, "/") for v in _values(descs, DK_TAGSLIST)
    ]:
        path = _split_path(value, sep)
        if len(path) > MAX_PATH_LEVELS:
            # No keyword tree is this deep; interpreting it would cost quadratic time. Keep it as it is.
            state.kept_paths.append(path)
            continue
        key = _path_key(path)
        if path and key not in seen:
            seen.add(key)
            paths.append(path)
            keys.append(key)
    # Lightroom lists the ancestors of a keyword as entries of their own (`Lieux`, `Lieux|France`, …): a path
    # that only leads to another one is structure, not a tag.
    ancestors = {key[:n] for key in keys for n in range(1, len(key))}
    components = {part for key in keys for part in key}

    # By key, so that a hostile file with 100,000 entries costs a linear pass, not a quadratic one.
    stored_by_key: dict[str, dict[str, str]] = {f: {} for f in FACETS}

    def put(facet: str, name: str) -> str | None:
        try:
            clean = clean_name(name)
        except InvalidName:
            return None
        stored = stored_by_key[facet].setdefault(_key(clean), clean)
        if stored is clean:
            state.tags[facet].append(clean)
        return stored

    for path, key in zip(paths, keys, strict=True):
        if key in ancestors:
            continue
        facet = _ROOT_ALIASES.get(fold(" ".join(path[0].split())))
        if facet is not None and len(path) == 1:
            continue
        if facet is None or facet == "keywords":
            stored = put("keywords", path[-1])
            if stored is None:
                state.kept_paths.append(path)
            elif facet is None or len(path) > 2:
                state.keyword_paths.append(path)
            continue
        stored = put(facet, path[-1])
        if stored is None:
            state.kept_paths.append(path)
            continue
        if facet == "business" and len(path) >= 3 and stored not in state.categories:
            with contextlib.suppress(InvalidName):
                state.categories[stored] = clean_name(path[1])

    flat_seen: set[str] = set()
    for subject in _values(descs, DC_SUBJECT):
        subject_key = _key(subject)
        if not subject_key or subject_key in components or subject_key in flat_seen:
            continue
        flat_seen.add(subject_key)
        if put("keywords", subject) is None:
            state.kept_subjects.append(subject)

    for prop in PICK_PROPS:
        pick = _simple(descs, _q(NS_XMP, prop))
        if pick is not None:
            state.picks[prop] = pick
    for desc in descs:
        for qname, value in desc.attrib.items():
            if qname.startswith("{" + NS_LM + "}"):
                state.own.setdefault(qname.rsplit("}", 1)[1], value)
        for child in desc:
            if child.tag.startswith("{" + NS_LM + "}") and len(child) == 0:
                state.own.setdefault(child.tag.rsplit("}", 1)[1], child.text or "")
    return state


# ------------------------------------------------------------------------------------------- public read


def _to_data(state: _State, path: str | None, signature: tuple[int, int] | None) -> SidecarData:
    from .picks import parse_label, parse_rating

    return SidecarData(
        tags={f: list(state.tags[f]) for f in FACETS},
        categories=dict(state.categories),
        own=dict(state.own),
        signature=signature,
        path=path,
        rating=parse_rating(state.picks.get("Rating")),
        label=parse_label(state.picks.get("Label")),
    )


def _load(path: str) -> tuple[ET.Element, tuple[int, int]]:
    """Parse a sidecar for reading; raises _Unusable (content) or OSError (I/O)."""
    data, signature = _read_bytes(path)
    root, _ = _parse(data, os.path.basename(path))
    return root, signature


def read_sidecar(media_path: str) -> SidecarData:
    """Tags, categories and our own fields from the media's sidecar; empty data when there is none.

    Never raises for a bad sidecar: the reason is in `error` (French) and logged."""
    source = find_sidecar(media_path)
    if source is None:
        return SidecarData()
    name = os.path.basename(source)
    try:
        root, signature = _load(source)
        state = _interpret(root)
    except _Unusable as exc:
        log.warning("sidecar %s unusable: %s", source, exc.args[0])
        return SidecarData(path=source, signature=_signature_of(source), error=exc.args[0])
    except OSError as exc:
        log.warning("sidecar %s unreadable: %r", source, exc)
        return SidecarData(path=source, error=f"Le fichier XMP « {name} » ne peut pas être lu.")
    data = _to_data(state, source, signature)
    data.rights = _read_rights_fields(root, state.own)
    return data


def _read_rights_fields(root: ET.Element, own: dict[str, str]) -> dict[str, Any]:
    """The rights of issue 11 (core/rights.py, loaded only when a sidecar is read)."""
    from . import rights

    return rights.read_xmp(root, own)


def read_rights(media_path: str) -> dict[str, Any]:
    """Credit fields present in the sidecar: `creator` (list, dc:creator), `credit` (photoshop:Credit),
    `rights` (dc:rights, x-default). Keys are absent when the property is; a bad sidecar gives {} (logged)."""
    source = find_sidecar(media_path)
    if source is None:
        return {}
    try:
        root, _ = _load(source)
    except (_Unusable, OSError) as exc:
        log.warning("rights of %s unreadable: %r", source, exc)
        return {}
    return _rights_of(root)


def _rights_of(root: ET.Element) -> dict[str, Any]:
    descs = _descriptions(root)
    rights: dict[str, Any] = {}
    creators = [c.strip() for c in _values(descs, DC_CREATOR) if c.strip()]
    if creators:
        rights["creator"] = creators
    credit = _simple(descs, PHOTOSHOP_CREDIT)
    if credit is not None and credit.strip():
        rights["credit"] = credit.strip()
    for prop in _props(descs, DC_RIGHTS):
        text = _lang_alt(prop)
        if text and text.strip():
            rights["rights"] = text.strip()
            break
    return rights


def read_packet(data: bytes, name: str) -> tuple[SidecarData, dict[str, Any]]:
    """Tags (as read_sidecar gives them) and credits (as read_rights gives them) of an XMP packet embedded in
    a media file named `name`: the same reading as a sidecar's, with the same limits (defusedxml, size and
    depth caps). Never raises: an unusable packet gives empty data with the French reason in `error`."""
    if len(data) > MAX_SIDECAR_BYTES:
        return SidecarData(error=f"Le XMP intégré à « {name} » est trop volumineux ; il est ignoré."), {}
    try:
        root, _ = _parse(data.rstrip(b"\x00 \t\r\n"), name)
        return _to_data(_interpret(root), None, None), _rights_of(root)
    except _Unusable as exc:
        log.info("embedded XMP of %s unusable: %s", name, exc.args[0])
        return SidecarData(error=exc.args[0]), {}


def keywords_as_tags(keywords: Iterable[str]) -> SidecarData:
    """Flat keywords (IPTC Keywords of a file without XMP) read as a sidecar's dc:subject would be."""
    root = ET.Element(X_XMPMETA)
    desc = ET.SubElement(ET.SubElement(root, RDF_RDF), RDF_DESCRIPTION, {RDF_ABOUT: ""})
    bag = ET.SubElement(ET.SubElement(desc, DC_SUBJECT), RDF_BAG)
    for keyword in keywords:
        ET.SubElement(bag, RDF_LI).text = keyword
    return _to_data(_interpret(root), None, None)


# ---------------------------------------------------------------------------------------------- delta


def _check_text(text: str) -> None:
    if _XML_ILLEGAL.search(text):
        raise InvalidName(f"Le texte « {text!r} » contient des caractères qu'un fichier XMP ne peut pas contenir.")


def _clean(name: str) -> str:
    name = clean_name(name)
    _check_text(name)
    return name


def _facet(facet: str) -> str:
    if facet not in FACETS:
        raise ValueError(f"unknown facet {facet!r}; expected one of {FACETS}")
    return facet


def _names(names: Iterable[str]) -> list[str]:
    if isinstance(names, str):
        raise TypeError("a facet maps to a list of names, not to a single string")
    return list(names)


def _apply(
    old: _State,
    *,
    add: Mapping[str, Iterable[str]] | None,
    remove: Mapping[str, Iterable[str]] | None,
    categories: Mapping[str, str | None] | None,
    rename: Iterable[tuple[str, str, str]] | None,
    own: Mapping[str, str | None] | None,
    picks: Mapping[str, str | None] | None = None,
) -> tuple[_State, dict[str, dict[str, str]]]:
    """The state after the delta (renames, then removals, then additions), and per facet the renames that
    happened (old key -> new name), which the IPTC mirrors need to rename in place."""
    new = old.copy()
    renamed: dict[str, dict[str, str]] = {f: {} for f in FACETS}

    for facet, old_name, new_name in rename or ():
        current = new.tags[_facet(facet)]
        new_name = _clean(new_name)
        i = _index(current, old_name)
        if i is None:
            continue
        previous = current[i]
        j = _index(current, new_name)
        if j is not None and j != i:
            del current[i]  # renamed onto a tag it already has: the two become one
            new_name = current[j if j < i else j - 1]
        else:
            current[i] = new_name
        renamed[facet][_key(previous)] = new_name
        if facet == "business" and previous in new.categories:
            moved = new.categories.pop(previous)
            new.categories.setdefault(new_name, moved)
        if facet == "keywords":
            new.keyword_paths = [
                p[:-1] + (new_name,) if _key(p[-1]) == _key(previous) else p for p in new.keyword_paths
            ]

    for facet, names in (remove or {}).items():
        gone = {_key(n) for n in _names(names)}
        facet = _facet(facet)
        kept = [n for n in new.tags[facet] if _key(n) not in gone]
        if facet == "business":
            for name in set(new.tags[facet]) - set(kept):
                new.categories.pop(name, None)
        new.tags[facet] = kept
        if facet == "keywords":
            new.keyword_paths = [p for p in new.keyword_paths if _key(p[-1]) not in gone]

    for facet, names in (add or {}).items():
        facet = _facet(facet)
        for name in _names(names):
            name = _clean(name)
            if _index(new.tags[facet], name) is None:
                new.tags[facet].append(name)

    for business, category in (categories or {}).items():
        i = _index(new.tags["business"], business)
        if i is None:
            log.debug("category for %r ignored: the asset has no such business", business)
            continue
        stored = new.tags["business"][i]
        if category is None:
            new.categories.pop(stored, None)
        else:
            new.categories[stored] = _clean(category)

    for key, value in (own or {}).items():
        if not isinstance(key, str) or not _OWN_KEY.match(key):
            raise ValueError(f"own field name {key!r} is not a valid XML name")
        if value is None:
            new.own.pop(key, None)
        else:
            if not isinstance(value, str):
                raise TypeError(f"own field {key!r} must be a string, not {type(value).__name__}")
            _check_text(value)
            new.own[key] = value
    for key, value in (picks or {}).items():
        if key not in PICK_PROPS:
            raise ValueError(f"pick field {key!r} is not one of {PICK_PROPS}")
        if value is None:
            new.picks.pop(key, None)
        else:
            if not isinstance(value, str):
                raise TypeError(f"pick field {key!r} must be a string, not {type(value).__name__}")
            _check_text(value)
            new.picks[key] = value
    return new, renamed


# --------------------------------------------------------------------------------------------- render


def _remove_props(descs: list[ET.Element], qname: str) -> None:
    for desc in descs:
        desc.attrib.pop(qname, None)
        for child in [c for c in desc if c.tag == qname]:
            desc.remove(child)


def _array_prop(qname: str, container: str, values: list[str]) -> ET.Element:
    prop = ET.Element(qname)
    holder = ET.SubElement(prop, container)
    for value in values:
        ET.SubElement(holder, RDF_LI).text = value
    return prop


def _lang_alt_prop(qname: str, text: str) -> ET.Element:
    prop = ET.Element(qname)
    alt = ET.SubElement(prop, RDF_ALT)
    ET.SubElement(alt, RDF_LI, {XML_LANG: "x-default"}).text = text
    return prop


def _paths_of(state: _State) -> list[tuple[str, ...]]:
    paths: list[tuple[str, ...]] = []
    for name in state.tags["business"]:
        category = state.categories.get(name)
        paths.append((ROOT_NAMES["business"], category, name) if category else (ROOT_NAMES["business"], name))
    for facet in ("heritage", "campaign"):
        paths.extend((ROOT_NAMES[facet], name) for name in state.tags[facet])
    by_leaf: dict[str, list[tuple[str, ...]]] = {}
    for path in state.keyword_paths:
        by_leaf.setdefault(_key(path[-1]), []).append(path)
    for keyword in state.tags["keywords"]:
        paths.extend(by_leaf.get(_key(keyword)) or [(ROOT_NAMES["keywords"], keyword)])
    paths.extend(state.kept_paths)
    unique: dict[tuple[str, ...], tuple[str, ...]] = {}
    for path in paths:
        unique.setdefault(_path_key(path), path)
    return list(unique.values())


def _location_holder(li: ET.Element) -> ET.Element:
    """The element carrying a struct's fields: the li itself (parseType="Resource") or its rdf:Description."""
    desc = li.find(RDF_DESCRIPTION)
    return desc if desc is not None else li


def _location_name(li: ET.Element) -> str | None:
    prop = _location_holder(li).find(IPTC_LOCATION_NAME)
    return _lang_alt(prop) if prop is not None else None


def _render(root: ET.Element, old: _State, new: _State, renamed: dict[str, dict[str, str]]) -> None:
    """Rewrite the properties we own in the parsed sidecar so that they say `new`; leave the rest alone."""
    descs = _descriptions(root, create=True)
    main = descs[0]
    if root.tag == X_XMPMETA:
        root.set(X_XMPTK, _toolkit())

    paths = _paths_of(new)
    subjects = unique_names([part for p in paths for part in p] + new.kept_subjects, _key)
    for qname in (DC_SUBJECT, LR_HIERARCHICAL, DK_TAGSLIST):
        _remove_props(descs, qname)
    if subjects:
        main.append(_array_prop(DC_SUBJECT, RDF_BAG, subjects))
    # A separator inside a name would split it into levels; such a (foreign) path goes only where it is safe.
    lr = ["|".join(p) for p in paths if not any("|" in part for part in p)]
    dk = ["/".join(p) for p in paths if not any("/" in part for part in p)]
    if lr:
        main.append(_array_prop(LR_HIERARCHICAL, RDF_BAG, lr))
    if dk:
        main.append(_array_prop(DK_TAGSLIST, RDF_SEQ, dk))

    # Businesses, sites and campaigns are mirrored into IPTC properties that other tools may also fill:
    # entries we did not put there stay; ours follow removals and renames.
    removed_business = {_key(n) for n in old.tags["business"]} - {_key(n) for n in new.tags["business"]}
    organisations: list[str] = []
    for value in _values(descs, IPTC_ORGANISATION):
        if _key(value) in renamed["business"]:
            organisations.append(renamed["business"][_key(value)])
        elif _key(value) not in removed_business:
            organisations.append(value)
    organisations = unique_names(organisations + new.tags["business"], _key)
    _remove_props(descs, IPTC_ORGANISATION)
    if organisations:
        main.append(_array_prop(IPTC_ORGANISATION, RDF_BAG, organisations))

    removed_sites = {_key(n) for n in old.tags["heritage"]} - {_key(n) for n in new.tags["heritage"]}
    locations: list[ET.Element] = []
    shown: set[str] = set()
    for prop in _props(descs, IPTC_LOCATION_SHOWN):
        for container in prop:
            if container.tag not in _CONTAINERS:
                continue
            for li in container:
                if li.tag != RDF_LI:
                    continue
                name = _location_name(li)
                key = _key(name) if name else ""
                if key in renamed["heritage"]:
                    # Rename in place so that City, GPS… another tool filled in stay attached to the site.
                    holder = _location_holder(li)
                    for stale in holder.findall(IPTC_LOCATION_NAME):
                        holder.remove(stale)
                    holder.append(_lang_alt_prop(IPTC_LOCATION_NAME, renamed["heritage"][key]))
                    key = _key(renamed["heritage"][key])
                elif key and key in removed_sites:
                    continue
                if key and key in shown:
                    continue
                shown.add(key)
                locations.append(li)
    for site in new.tags["heritage"]:
        if _key(site) not in shown:
            li = ET.Element(RDF_LI, {RDF_PARSE_TYPE: "Resource"})
            li.append(_lang_alt_prop(IPTC_LOCATION_NAME, site))
            locations.append(li)
            shown.add(_key(site))
    _remove_props(descs, IPTC_LOCATION_SHOWN)
    if locations:
        prop = ET.SubElement(main, IPTC_LOCATION_SHOWN)
        ET.SubElement(prop, RDF_BAG).extend(locations)

    # Event is a single text (a language alternative in IPTC Extension and exiftool): our campaigns joined.
    # A value set by someone else is left alone until our campaigns change.
    events = _props(descs, IPTC_EVENT)
    current_event = _lang_alt(events[0]) if events else None
    old_event, new_event = ", ".join(old.tags["campaign"]), ", ".join(new.tags["campaign"])
    campaigns_changed = [_key(c) for c in old.tags["campaign"]] != [_key(c) for c in new.tags["campaign"]]
    if new_event and (campaigns_changed or current_event is None):
        _remove_props(descs, IPTC_EVENT)
        main.append(_lang_alt_prop(IPTC_EVENT, new_event))
    elif not new_event and campaigns_changed and current_event is not None and _key(current_event) == _key(old_event):
        _remove_props(descs, IPTC_EVENT)

    for key in set(old.own) | set(new.own):
        _remove_props(descs, _q(NS_LM, key))
    for key, value in new.own.items():
        ET.SubElement(main, _q(NS_LM, key)).text = value
    # Rating and label are scalars: rewritten only when they change (the last writer wins, under the lock).
    for key in PICK_PROPS:
        if old.picks.get(key) != new.picks.get(key):
            _remove_props(descs, _q(NS_XMP, key))
            if new.picks.get(key) is not None:
                ET.SubElement(main, _q(NS_XMP, key)).text = new.picks[key]

    # exiftool writes one rdf:Description per namespace; those we emptied would only be noise.
    rdf = _rdf_of(root)
    if rdf is not None:
        for desc in descs[1:]:
            if len(desc) == 0 and set(desc.attrib) <= {RDF_ABOUT} and not (desc.text or "").strip():
                rdf.remove(desc)


def _toolkit() -> str:
    from .. import __version__

    return f"Lectoure Media {__version__}"


def _new_packet() -> ET.Element:
    root = ET.Element(X_XMPMETA, {X_XMPTK: _toolkit()})
    rdf = ET.SubElement(root, RDF_RDF)
    ET.SubElement(rdf, RDF_DESCRIPTION, {RDF_ABOUT: ""})
    return root


# ------------------------------------------------------------------------------------------ serializer

_NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")


class _Prefixes:
    """uri -> prefix for the output: the file's own prefixes first (other tools may look at them), then the
    conventional ones; a clash gets a numbered prefix, which is still the same XMP."""

    def __init__(self, declared: dict[str, str]) -> None:
        self._preferred = {**KNOWN_PREFIXES, **declared, NS_XML: "xml"}
        self._map: dict[str, str] = {NS_XML: "xml"}
        self._used: set[str] = {"xml", "xmlns"}

    def __call__(self, uri: str) -> str:
        prefix = self._map.get(uri)
        if prefix is None:
            base = self._preferred.get(uri, "ns")
            if not _NCNAME.match(base) or base.lower().startswith("xml"):
                base = "ns"
            prefix, n = base, 1
            while prefix in self._used:
                prefix, n = f"{base}{n}", n + 1
            self._map[uri] = prefix
            self._used.add(prefix)
        return prefix


def _split_qname(qname: str) -> tuple[str | None, str]:
    if qname.startswith("{"):
        uri, local = qname[1:].split("}", 1)
        return uri, local
    return None, qname


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _escape_attr(text: str) -> str:
    return _escape_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _uris(elem: ET.Element, *, subtree: bool) -> list[str]:
    found: dict[str, None] = {}
    for node in elem.iter() if subtree else (elem,):
        for qname in (node.tag, *node.attrib):
            uri, _ = _split_qname(qname)
            if uri is not None and uri != NS_XML:
                found[uri] = None
    return list(found)


def _write(elem: ET.Element, out: list[str], prefixes: _Prefixes, in_scope: frozenset[str], level: int) -> None:
    def name(qname: str) -> str:
        uri, local = _split_qname(qname)
        return local if uri is None else f"{prefixes(uri)}:{local}"

    # Each rdf:Description declares the namespaces of its whole subtree, the way exiftool and the XMP SDK do.
    needed = [u for u in _uris(elem, subtree=elem.tag == RDF_DESCRIPTION) if u not in in_scope]
    in_scope = in_scope | set(needed)
    pad = " " * level
    attrs = "".join(f' {name(q)}="{_escape_attr(v)}"' for q, v in elem.attrib.items())
    decls = "".join(f'\n{pad}  xmlns:{prefixes(u)}="{_escape_attr(u)}"' for u in needed)
    tag = name(elem.tag)
    children = list(elem)
    text = elem.text or ""
    if not children:
        body = _escape_text(text)
        out.append(f"{pad}<{tag}{attrs}{decls}>{body}</{tag}>\n" if text else f"{pad}<{tag}{attrs}{decls}/>\n")
        return
    out.append(f"{pad}<{tag}{attrs}{decls}>")
    # RDF has no mixed content, so whitespace between elements is layout; anything else is kept verbatim.
    if text.strip():
        out.append(_escape_text(text))
    out.append("\n")
    for child in children:
        _write(child, out, prefixes, in_scope, level + 1)
        if child.tail and child.tail.strip():
            out.append(_escape_text(child.tail))
    out.append(f"{pad}</{tag}>\n")


def _serialize(root: ET.Element, declared: dict[str, str]) -> bytes:
    out = [f'<?xpacket begin="\ufeff" id="{_XPACKET_ID}"?>\n']
    _write(root, out, _Prefixes(declared), frozenset({NS_XML}), 0)
    out.append('<?xpacket end="w"?>\n')
    return "".join(out).encode("utf-8")


# ---------------------------------------------------------------------------------------------- write

# Two threads of this process updating the same sidecar must not interleave their read-merge-write.
# Striped so that 100,000 assets do not mean 100,000 lock objects.
_LOCKS = [threading.Lock() for _ in range(64)]


def _lock_for(path: str) -> threading.Lock:
    return _LOCKS[hash(path_key(path)) % len(_LOCKS)]


def _set_aside(path: str) -> str:
    """Rename an unusable sidecar out of the way (never delete what someone may want back)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target, n = f"{path}.corrupt-{stamp}", 1
    while os.path.lexists(long_path(target)):
        target, n = f"{path}.corrupt-{stamp}-{n}", n + 1
    os.rename(long_path(path), long_path(target))
    return target


def update_sidecar(
    media_path: str,
    *,
    add: Mapping[str, Iterable[str]] | None = None,
    remove: Mapping[str, Iterable[str]] | None = None,
    categories: Mapping[str, str | None] | None = None,
    rename: Iterable[tuple[str, str, str]] | None = None,
    own: Mapping[str, str | None] | None = None,
    rights: Any = None,
    picks: Mapping[str, str | None] | None = None,
) -> SidecarData:
    """Apply a delta to the media's sidecar, merged into what is on disk now, and write it atomically.

    `add`/`remove`: facet -> names (removal is case-insensitive); `rename`: (facet, old, new) triples;
    `categories`: business -> category (None clears); `own`: `lm:` field -> string (None deletes);
    `picks`: "Rating" / "Label" -> the text of xmp:Rating / xmp:Label (None deletes).
    Order: renames, removals, additions. `rights`: a rights.RightsDelta (its standard properties; its lm:
    fields come through `own`). Nothing is written when the delta changes nothing.
    Raises InvalidName (French) for an unusable name, ValueError/TypeError for a malformed delta, and
    SidecarError (French) when the sidecar cannot be read or written."""
    media_path = os.fspath(media_path)
    # Materialised once: a retry after a concurrent change must apply the same delta again.
    delta = {
        "add": {facet: _names(names) for facet, names in (add or {}).items()},
        "remove": {facet: _names(names) for facet, names in (remove or {}).items()},
        "categories": dict(categories or {}),
        "rename": [tuple(r) for r in rename or ()],
        "own": dict(own or {}),
        "picks": dict(picks or {}),
    }
    ours = sidecar_path_for(media_path)
    with _lock_for(ours):
        for _ in range(_MAX_ATTEMPTS):
            # Every PC writing this sidecar holds the same lock file (`IMG.JPG.xmp.lmlock`, sharelock.py)
            # from the read to the rename, so no merge is based on a file another PC is replacing.
            lock = _share_lock(ours)
            try:
                result = _update_once(media_path, ours, lock, rights, **delta)
            finally:
                lock.release()
            if result is not None:
                return result
    raise SidecarError(
        f"Le fichier XMP « {os.path.basename(ours)} » est modifié sans arrêt par un autre"
        f" programme ; les étiquettes n'ont pas été enregistrées."
    )


def _share_lock(ours: str) -> ShareLock:
    """The cross-PC lock on our sidecar, taken; its failures become SidecarError (French)."""
    lock = ShareLock(ours)
    name = os.path.basename(ours)
    try:
        lock.acquire(LOCK_TIMEOUT)
    except ShareLockTimeout as exc:
        where = f"sur le poste « {exc.holder['host']} »" if exc.holder else "sur un autre poste"
        raise SidecarError(
            f"Le fichier XMP « {name} » est en cours de modification {where} ; les étiquettes"
            f" n'ont pas été enregistrées."
        ) from exc
    except OSError as exc:
        log.warning("sidecar lock for %s not taken: %r", ours, exc)
        raise SidecarError(
            f"Impossible d'écrire le fichier XMP « {name} » (dossier en lecture seule, disque"
            f" plein ou fichier verrouillé)."
        ) from exc
    return lock


def _update_once(media_path: str, ours: str, lock: ShareLock, rights: Any, **delta: Any) -> SidecarData | None:
    """One read-merge-write under `lock`; None when the sidecar changed on disk meanwhile (another tool) or
    the lock was broken (we were judged dead), and the merge must start over."""
    source = find_sidecar(media_path)
    # Only our own `IMG.JPG.xmp` is ever rewritten; an Adobe-style `IMG.xmp` may belong to a RAW file too,
    # so it is only the starting point of a new `IMG.JPG.xmp`, which wins from then on.
    target = source if source is not None and _is_own_style(media_path, source) else ours
    root: ET.Element | None = None
    declared: dict[str, str] = {}
    signature: tuple[int, int] | None = None
    problem: str | None = None
    if source is not None:
        try:
            data, signature = _read_bytes(source)
            root, declared = _parse(data, os.path.basename(source))
        except _Unusable as exc:
            problem = exc.args[0]
        except OSError as exc:
            log.warning("sidecar %s unreadable before write: %r", source, exc)
            raise SidecarError(
                f"Le fichier XMP « {os.path.basename(source)} » ne peut pas être lu ; les"
                f" étiquettes n'ont pas été enregistrées."
            ) from exc
    if root is None:
        root = _new_packet()
    old = _interpret(root)
    new, renamed = _apply(old, **delta)
    rights_changed = False
    if rights:
        from . import rights as rights_mod

        before = rights_mod.read_xmp(root, old.own)
        rights_changed = rights_mod.render_xmp(root, before, rights_mod.apply(before, rights))
    if new.semantic() == old.semantic() and not rights_changed:
        data_out = _to_data(old, source, signature)
        data_out.error = problem
        data_out.rights = _read_rights_fields(root, old.own)
        return data_out
    _render(root, old, new, renamed)
    payload = _serialize(root, declared)
    if len(payload) > MAX_SIDECAR_BYTES:
        # We would write a file that we (and the other PC) refuse to read back.
        raise SidecarError(
            f"Le fichier XMP « {os.path.basename(target)} » deviendrait trop volumineux ; les"
            f" étiquettes n'ont pas été enregistrées."
        )

    if (
        signature is not None
        and source is not None  # (always so when there is a signature)
        and _signature_of(source) != signature
        or source is None
        and find_sidecar(media_path) is not None
    ):
        log.info("sidecar of %s changed while merging; merging again", media_path)
        return None
    if not lock.held():
        log.warning("lock on %s broken while merging; merging again", target)
        return None
    aside: str | None = None
    try:
        if problem is not None and target == source:
            aside = _set_aside(source)
            log.warning("unusable sidecar %s kept as %s (%s)", source, aside, problem)
        elif problem is not None:
            log.warning("unusable sidecar %s left as is, writing %s (%s)", source, target, problem)
        mode = default_file_mode()
        if source is not None and problem is None:  # same permissions as the sidecar it replaces
            mode = stat.S_IMODE(os.stat(long_path(source)).st_mode)
        written = atomic_write_bytes(long_path(target), payload, mode=mode)
    except OSError as exc:
        log.warning("sidecar %s not written: %r", target, exc)
        raise SidecarError(
            f"Impossible d'écrire le fichier XMP « {os.path.basename(target)} » (dossier en"
            f" lecture seule, disque plein ou fichier verrouillé)."
        ) from exc
    # The signature of what we wrote, not of what is there now: if a foreign tool replaced it since, the
    # next rescan sees a different signature and reads it.
    result = _to_data(new, target, (written.st_size, written.st_mtime_ns))
    result.rights = _read_rights_fields(root, new.own)
    if problem is not None:
        result.replaced, result.replaced_reason, result.set_aside = source, problem, aside
    return result
