"""Caption drafts for the platforms: pure text work (no file, no Qt, no library).

From what the app knows of an asset — the business and its handle on the platform, the heritage site, the
campaign and its hashtags, the credit line, the shooting date — a template is filled (the campaign's own,
else DEFAULT_TEMPLATE), French typography is applied, and the text is fitted to the platform's limits as
the platform counts them:

* hashtags are deduplicated case-insensitively and cut to the platform's maximum count;
* over the length limit, whole hashtags are dropped from the end first, then the text is shortened at a
  word boundary (a regular space or a line break) and ends with "…": a word, a handle, a link or a
  hashtag is never cut in half;
* a non-breaking space (U+00A0) goes before ; : ! ? and inside « », never inside a link, a handle or a
  hashtag.

The limits, how each platform counts and where each figure comes from are in PLATFORMS below and in
docs/captions.md.
"""

from __future__ import annotations

import datetime as _dt
import re
import string
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

Counting = Literal["utf16", "x-weighted", "utf8-bytes"]
HandleField = Literal["instagram", "facebook", "tiktok", ""]

NBSP = "\u00a0"  # the non-breaking space of French typography (see docs/captions.md for the choice)
ELLIPSIS = "…"
TEMPLATE_FIELDS = ("business", "handle", "site", "campaign", "hashtags", "credit", "date")
DEFAULT_TEMPLATE = "{business} {handle}\n{site}\n{campaign}\nPhoto : {credit}\n\n{hashtags}"
MAX_TEMPLATE_CHARS = 5000
MAX_FIELD_CHARS = 500  # a value from a registry (the share may hold anything): longer is cut at a word
MAX_INPUT_HASHTAGS = 100  # hashtags considered per caption (a hostile campaign may list thousands)
MAX_HASHTAG_CHARS = 100
MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


class CaptionTemplateError(ValueError):
    """A caption template that cannot be used; the message is one French sentence."""


@dataclass(frozen=True)
class PlatformLimits:
    """What one platform accepts in a caption. None: the platform states no limit."""

    key: str
    label: str
    max_length: int | None
    counting: Counting
    max_hashtags: int | None
    handle: HandleField  # the business registry field that holds the handle on this platform
    source: str


# Sources read in December 2026 (docs/captions.md quotes them). Platforms change these: one table, here.
PLATFORMS: dict[str, PlatformLimits] = {
    p.key: p
    for p in (
        PlatformLimits(
            "instagram",
            "Instagram",
            2200,
            "utf16",
            5,
            "instagram",
            "Meta, IG User Media reference (Graph API): caption « maximum 2200 characters »; Instagram "
            "(@creators, announced by Adam Mosseri in December 2025): 5 hashtags per post or reel, down from 30",
        ),
        PlatformLimits(
            "facebook",
            "Facebook",
            63206,
            "utf16",
            None,
            "facebook",
            "Facebook post text: 63,206 characters (the figure Facebook's composer enforces, reported by "
            "every scheduling tool); no hashtag limit",
        ),
        PlatformLimits(
            "tiktok",
            "TikTok",
            2200,
            "utf16",
            None,
            "tiktok",
            "TikTok Content Posting API, Direct Post reference, field title: « The maximum length is 2200 in "
            "UTF-16 runes » (the 4,000 of the app appears on no TikTok page); no hashtag count limit",
        ),
        PlatformLimits(
            "linkedin",
            "LinkedIn",
            3000,
            "utf16",
            None,
            "",
            "LinkedIn post commentary: 3,000 characters (LinkedIn help and the Posts API); no hashtag limit",
        ),
        PlatformLimits(
            "x",
            "X",
            280,
            "x-weighted",
            None,
            "",
            "X, Counting characters (docs.x.com) and twitter-text config/v3.json: 280 weighted characters, "
            "scale 100, default weight 200, weight 100 for U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F, "
            "U+2032–U+2037, an emoji sequence weighs 200, every URL 23 characters (t.co), text in NFC",
        ),
        PlatformLimits(
            "youtube",
            "YouTube",
            5000,
            "utf8-bytes",
            60,
            "",
            "YouTube Data API, videos resource: description at most 5000 bytes, no < or >; YouTube help "
            "6390658: past 60 hashtags, all the video's hashtags are ignored",
        ),
        PlatformLimits("website", "Site web", None, "utf16", None, "", "the town's own website: no limit"),
        PlatformLimits("other", "Autre", None, "utf16", None, "", "a format of no known platform: no limit"),
    )
}

# -- counting ----------------------------------------------------------------------------------------
_TLDS = r"(?:fr|com|org|net|eu|info|io|be|ch|gouv\.fr|paris|bzh|occitanie)"
# A link as the platforms see one: with a scheme, starting with www., or a bare domain of a common TLD.
URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>«»\"]+"
    rf"|\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+{_TLDS}\b(?:/[^\s<>«»\"]*)?",
    re.IGNORECASE,
)
_URL_TRAILING = ".,;:!?)]}'\u00bb"
_MENTION_OR_TAG_RE = re.compile(r"[@#][\w.]*\w")
_EMOJI_CHARS = (
    "\U0001f000-\U0001faff\u2600-\u27bf\u2300-\u23ff\u2b00-\u2bff\u2190-\u21ff\u2934\u2935\u3030\u303d\u3297\u3299"
)
_EMOJI_PART = rf"[{_EMOJI_CHARS}](?:\ufe0f|[\U0001f3fb-\U0001f3ff])*"
EMOJI_SEQ_RE = re.compile(
    r"[\U0001f1e6-\U0001f1ff]{2}"  # a flag: two regional indicators
    r"|[0-9#*]\ufe0f?\u20e3"  # a keycap
    rf"|{_EMOJI_PART}(?:\u200d{_EMOJI_PART})*[\U000e0020-\U000e007f]*"
)
_X_LIGHT = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
X_URL_LENGTH = 23


def url_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each link in `text`, closing punctuation left out."""
    spans = []
    for m in URL_RE.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in _URL_TRAILING:
            end -= 1
        if end > m.start():
            spans.append((m.start(), end))
    return spans


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Links, @handles and #hashtags: typography never touches their inside and a cut never falls there."""
    spans = url_spans(text)
    for m in _MENTION_OR_TAG_RE.finditer(text):
        if not any(s <= m.start() < e for s, e in spans):
            spans.append((m.start(), m.end()))
    return sorted(spans)


def _x_weight(cp: int) -> int:
    return 1 if any(lo <= cp <= hi for lo, hi in _X_LIGHT) else 2


def x_weighted_length(text: str) -> int:
    """The length X gives a post (twitter-text v3): NFC; a link counts 23; an emoji sequence 2 whatever its
    code points; code points in the light ranges (Latin, accents, general punctuation) 1; any other 2."""
    text = unicodedata.normalize("NFC", text)
    total = 0
    pos = 0
    for start, end in url_spans(text):
        total += _x_plain_length(text[pos:start]) + X_URL_LENGTH
        pos = end
    return total + _x_plain_length(text[pos:])


def _x_plain_length(text: str) -> int:
    total = 0
    pos = 0
    for m in EMOJI_SEQ_RE.finditer(text):
        total += sum(_x_weight(ord(c)) for c in text[pos : m.start()]) + 2
        pos = m.end()
    return total + sum(_x_weight(ord(c)) for c in text[pos:])


def utf16_length(text: str) -> int:
    """UTF-16 code units: an accented letter 1, an emoji outside the BMP 2 (and each code point of a
    sequence counts)."""
    return len(text.encode("utf-16-le")) // 2


def platform_length(text: str, platform: PlatformLimits | str) -> int:
    """`text`'s length as `platform` counts it."""
    limits = platform if isinstance(platform, PlatformLimits) else limits_for(platform)
    if limits.counting == "x-weighted":
        return x_weighted_length(text)
    if limits.counting == "utf8-bytes":
        return len(text.encode("utf-8"))
    return utf16_length(text)


def limits_for(platform: str) -> PlatformLimits:
    return PLATFORMS.get(platform, PLATFORMS["other"])


def platform_for_preset(preset_id: str, label: str = "") -> str:
    """The platform key of an export preset: from its id ("instagram-portrait" → instagram, "x-post" → x),
    else from its label; "other" when neither names a platform."""
    pid = (preset_id or "").casefold()
    for key in PLATFORMS:
        if key in ("other",):
            continue
        if pid == key or pid.startswith(key + "-") or pid.startswith(key + "_"):
            return key
    words = set(re.findall(r"\w+", (label or "").casefold()))
    for key, limits in PLATFORMS.items():
        if key not in ("other", "x", "website") and (key in words or limits.label.casefold() in words):
            return key
    if "site" in words and "web" in words:
        return "website"
    return "other"


# -- typography --------------------------------------------------------------------------------------
_BEFORE_PUNCT_RE = re.compile(r"(?<=\S)[ \u00a0\u202f]*([;:!?]+)(?=[\s\u00bb)\]]|$)")
_OPEN_QUOTE_RE = re.compile(r"\u00ab[ \u00a0\u202f]*")
_CLOSE_QUOTE_RE = re.compile(r"(?<=\S)[ \u00a0\u202f]*\u00bb")


def french_typography(text: str) -> str:
    """A non-breaking space before ; : ! ? (when they end a word, so not in "10:30") and inside « »; a
    link, a handle or a hashtag is left exactly as it is."""
    spans = protected_spans(text)

    def inside(pos: int) -> bool:
        return any(s <= pos < e for s, e in spans)

    def before(m: re.Match[str]) -> str:
        return m.group(0) if inside(m.start(1)) else NBSP + m.group(1)

    def opening(m: re.Match[str]) -> str:
        return m.group(0) if inside(m.start()) else "\u00ab" + NBSP

    def closing(m: re.Match[str]) -> str:
        return m.group(0) if inside(m.end() - 1) else NBSP + "\u00bb"

    # Each pass moves positions: the spans are found again before the next one.
    text = _BEFORE_PUNCT_RE.sub(before, text)
    spans = protected_spans(text)
    text = _OPEN_QUOTE_RE.sub(opening, text)
    spans = protected_spans(text)
    return _CLOSE_QUOTE_RE.sub(closing, text)


# -- hashtags and handles ----------------------------------------------------------------------------
def normalize_hashtag(tag: object) -> str | None:
    """ "#Lectoure", "lectoure" → "#Lectoure"; "Fête des fleurs" → "#FêteDesFleurs"; None when nothing
    usable is left (only digits, or no letter at all)."""
    if not isinstance(tag, str):
        return None
    text = unicodedata.normalize("NFC", tag).strip().lstrip("#＃").strip()
    words = [w for w in re.split(r"[^\w]+", text) if w]
    if not words:
        return None
    body = words[0] + "".join(w[:1].upper() + w[1:] for w in words[1:]) if len(words) > 1 else words[0]
    if body.isdigit() or len(body) > MAX_HASHTAG_CHARS:
        return None
    return "#" + body


def unique_hashtags(tags: Iterable[object]) -> list[str]:
    """Normalised hashtags in their first order, each once (compared case-insensitively)."""
    seen: set[str] = set()
    out = []
    for tag in tags:
        norm = normalize_hashtag(tag)
        if norm is None:
            continue
        key = norm.casefold()
        if key not in seen:
            seen.add(key)
            out.append(norm)
    return out


_HANDLE_RE = {
    "instagram": re.compile(r"[A-Za-z0-9._]{1,30}"),
    "tiktok": re.compile(r"[A-Za-z0-9._]{2,24}"),
    "facebook": re.compile(r"[A-Za-z0-9.\-]{1,50}"),
}
_PROFILE_URL_RE = re.compile(
    r"^(?:https?://)?(?:[a-z]+\.)?(?:instagram\.com|tiktok\.com|facebook\.com|fb\.com)/@?([^/?#\s]+)", re.IGNORECASE
)


def handle_text(platform_field: str, value: object) -> str:
    """The @handle to write for a business on a platform, from what the registry holds ("@nom", "nom" or
    the profile's address); "" when the value is not a handle that platform allows."""
    if not platform_field or not isinstance(value, str):
        return ""
    text = value.strip()
    m = _PROFILE_URL_RE.match(text)
    if m:
        text = m.group(1)
    text = text.lstrip("@")
    pattern = _HANDLE_RE.get(platform_field)
    if pattern is None or not pattern.fullmatch(text) or text.strip(".") == "" or text.casefold() == "profile.php":
        return ""
    return "@" + text


# -- template ----------------------------------------------------------------------------------------
def _parse(template: str) -> list[tuple[str, str | None, str | None, str | None]]:
    if not isinstance(template, str):
        raise CaptionTemplateError("Le modèle de légende doit être un texte.")
    if len(template) > MAX_TEMPLATE_CHARS:
        raise CaptionTemplateError(
            f"Le modèle de légende est trop long ({len(template)} caractères, {MAX_TEMPLATE_CHARS} au plus)."
        )
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        raise CaptionTemplateError("Le modèle de légende est mal formé (accolade non fermée ?).") from None
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in TEMPLATE_FIELDS:
            raise CaptionTemplateError(
                f"Le modèle de légende contient « {{{name}}} » ; champs possibles : "
                + ", ".join("{" + f + "}" for f in TEMPLATE_FIELDS)
                + "."
            )
        if conversion:
            raise CaptionTemplateError("Les conversions (!r, !s) ne sont pas permises dans un modèle de légende.")
        if spec and name != "date":
            raise CaptionTemplateError(f"Le format « :{spec} » ne s'applique qu'à la date ({{date:%d/%m/%Y}}).")
    return parsed


def check_template(template: str) -> None:
    """Raise CaptionTemplateError (French) when `template` cannot be used."""
    for line in template.split("\n"):
        _parse(line)
    _parse(template)


def french_date(day: _dt.date) -> str:
    return f"{'1er' if day.day == 1 else day.day} {MONTHS_FR[day.month - 1]} {day.year}"


def _clean_value(value: object) -> str:
    """A value from a registry or a sidecar: text on one line, no control characters, bounded."""
    if not isinstance(value, str):
        return ""
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in value)
    # Lone surrogates, private-use characters and bidi overrides (which would reorder the text around
    # them) go; the zero-width joiner of emoji sequences stays.
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cs", "Co") and c not in _BIDI_CONTROLS)
    text = " ".join(unicodedata.normalize("NFC", text).split())
    if len(text) > MAX_FIELD_CHARS:
        text = text[:MAX_FIELD_CHARS].rsplit(" ", 1)[0] + ELLIPSIS
    return text


_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_LINE_EDGE = " \u00a0\u202f—–-·|,;:"


def render_template(template: str, values: dict[str, str], date: _dt.date | None) -> str:
    """Fill `template` line by line. A line whose fields are all empty is left out; separators left
    dangling at a line's ends by an empty field go too; blank lines never pile up."""
    lines_out: list[str] = []
    for line in template.split("\n"):
        out = ""
        fields = filled = 0
        for literal, name, spec, _conv in _parse(line):
            out += literal
            if name is None:
                continue
            fields += 1
            if name == "date":
                text = "" if date is None else (date.strftime(spec) if spec else french_date(date))
            else:
                text = values.get(name, "")
            if text:
                filled += 1
            out += text
        if fields and not filled:
            continue
        out = re.sub(r" {2,}", " ", out).strip()
        if fields and filled < fields:
            out = out.strip(_LINE_EDGE)
        lines_out.append(out)
    text = "\n".join(lines_out)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n ")


# -- the caption -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CaptionContext:
    """What is known of one asset. Values may come from the share: they are cleaned before use."""

    business: str = ""
    handles: dict[str, str] = field(default_factory=dict)  # registry field → stored value
    site: str = ""
    campaign: str = ""
    hashtags: Sequence[str] = ()
    credit: str = ""
    date: _dt.date | None = None


@dataclass(frozen=True)
class Caption:
    platform: str
    text: str
    length: int  # as the platform counts
    limit: int | None
    hashtags: tuple[str, ...]  # those written
    dropped_hashtags: tuple[str, ...]  # dropped for the count or the length, in their order
    shortened: bool  # the text itself had to be cut (at a word, with "…")
    warnings: tuple[str, ...] = ()


def _fits(text: str, limits: PlatformLimits) -> bool:
    return limits.max_length is None or platform_length(text, limits) <= limits.max_length


def shorten(text: str, limits: PlatformLimits) -> str:
    """The longest start of `text` that ends at a space or a line break and, followed by "…", fits;
    "" when not even the first word fits."""
    if _fits(text, limits):
        return text
    cuts = [i for i, c in enumerate(text) if c in " \n\t"]
    protected = protected_spans(text)
    cuts = [i for i in cuts if not any(s < i < e for s, e in protected)]

    def candidate(i: int) -> str:
        head = text[:i].rstrip(_LINE_EDGE + "\n\t")
        return head + ELLIPSIS if head else ""

    lo, hi, best = 0, len(cuts) - 1, ""
    while lo <= hi:  # a longer head never weighs less: the fitting heads are a prefix of the cuts
        mid = (lo + hi) // 2
        cand = candidate(cuts[mid])
        if cand and _fits(cand, limits):
            best, lo = cand, mid + 1
        else:
            hi = mid - 1
    return best


def build_caption(context: CaptionContext, platform: str, template: str | None = None) -> Caption:
    """The caption of one asset for one platform (a key of PLATFORMS; unknown → "other").

    `template`: the campaign's; None or empty for DEFAULT_TEMPLATE. A bad template raises
    CaptionTemplateError (French)."""
    limits = limits_for(platform)
    template = template if template and template.strip() else DEFAULT_TEMPLATE
    check_template(template)
    warnings: list[str] = []
    handle = handle_text(limits.handle, context.handles.get(limits.handle, "")) if limits.handle else ""
    values = {
        "business": _clean_value(context.business),
        "handle": handle,
        "site": _clean_value(context.site),
        "campaign": _clean_value(context.campaign),
        "credit": _clean_value(context.credit),
    }
    tags = unique_hashtags(list(context.hashtags)[: MAX_INPUT_HASHTAGS * 4])
    dropped: list[str] = []
    if len(tags) > MAX_INPUT_HASHTAGS:
        dropped += tags[MAX_INPUT_HASHTAGS:]
        tags = tags[:MAX_INPUT_HASHTAGS]
    if limits.max_hashtags is not None and len(tags) > limits.max_hashtags:
        dropped = tags[limits.max_hashtags :] + dropped
        tags = tags[: limits.max_hashtags]
        warnings.append(
            f"{limits.label} accepte {limits.max_hashtags} hashtags au plus : "
            f"{len(dropped)} hashtag(s) non repris ({' '.join(dropped[:5])}{' …' if len(dropped) > 5 else ''})."
        )

    def compose(kept: list[str]) -> str:
        text = render_template(template, {**values, "hashtags": " ".join(kept)}, context.date)
        text = french_typography(text)
        if limits.key == "youtube":  # the YouTube API refuses < and > in a description
            text = text.replace("<", "‹").replace(">", "›")
        return text

    text = compose(tags)
    length_dropped: list[str] = []
    while not _fits(text, limits) and tags:
        length_dropped.insert(0, tags.pop())
        text = compose(tags)
    shortened = False
    if not _fits(text, limits):
        text = shorten(text, limits)
        shortened = True
    if length_dropped:
        warnings.append(
            f"Légende trop longue pour {limits.label} : {len(length_dropped)} hashtag(s) retiré(s) à la fin."
        )
    if shortened:
        warnings.append(f"Légende trop longue pour {limits.label} : le texte est raccourci (…).")
    return Caption(
        platform=limits.key,
        text=text,
        length=platform_length(text, limits),
        limit=limits.max_length,
        hashtags=tuple(tags),
        dropped_hashtags=tuple(length_dropped + dropped),
        shortened=shortened,
        warnings=tuple(warnings),
    )


__all__ = [
    "DEFAULT_TEMPLATE",
    "NBSP",
    "PLATFORMS",
    "TEMPLATE_FIELDS",
    "Caption",
    "CaptionContext",
    "CaptionTemplateError",
    "PlatformLimits",
    "build_caption",
    "check_template",
    "french_typography",
    "handle_text",
    "limits_for",
    "normalize_hashtag",
    "platform_for_preset",
    "platform_length",
    "render_template",
    "shorten",
    "unique_hashtags",
    "utf16_length",
    "x_weighted_length",
]
