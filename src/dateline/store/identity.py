"""What makes two inputs the same article: a canonical URL and a hash of the normalized body.

Both are pure functions so the rules can be tested on their own and documented (docs/store.md).
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that identify a click or a campaign, never the article.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gclsrc",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ocid",
        "cmpid",
        "ncid",
        "ref",
        "ref_src",
        "ref_url",
        "smid",
        "sr_share",
        "spm",
        "amp",
        "outputtype",
        "s_cid",
        "at_medium",
        "at_campaign",
        "guccounter",
        "guce_referrer",
        "guce_referrer_sig",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "__twitter", "vero_", "oly_")
_SPACE = re.compile(r"\s+")


def _is_tracking(name: str) -> bool:
    key = name.lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


def _drop_amp(path: str) -> str:
    """/amp, /amp/, /amp/story/ and story.amp.html are the AMP variants of the page itself."""
    segments = [s for s in path.split("/") if s]
    segments = [s for i, s in enumerate(segments) if not (s.lower() == "amp" and i in (0, len(segments) - 1))]
    if segments:
        last = segments[-1]
        segments[-1] = re.sub(r"\.amp(\.html?)$", r"\1", last, flags=re.IGNORECASE)
        segments[-1] = re.sub(r"[-_]amp$", "", segments[-1], flags=re.IGNORECASE)
    return "/" + "/".join(segments) if segments else ""


def canonical_url(url: str | None) -> str | None:
    """The URL two copies of one page share: https, lower-case host without www./amp./m. prefixes,
    no default port, no tracking parameters (utm_*, fbclid, gclid, ...), no fragment, no AMP variant,
    no trailing slash, remaining parameters sorted. None for no URL or one that is not http(s)."""
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    for prefix in ("www.", "amp.", "m."):
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k))
    path = _drop_amp(parts.path)
    return urlunsplit(("https", host, path, urlencode(query), ""))


def is_amp(url: str | None) -> bool:
    """Whether a URL names the AMP rendering of a page (an `amp.` host, an `/amp` path segment,
    `story.amp.html`, `?amp`, `?outputType=amp`): the same article in other furniture."""
    if not url or not url.strip():
        return False
    parts = urlsplit(url.strip())
    if (parts.hostname or "").lower().startswith("amp."):
        return True
    segments = [s for s in parts.path.split("/") if s]
    if _drop_amp(parts.path) != ("/" + "/".join(segments) if segments else ""):
        return True
    query = parse_qsl(parts.query, keep_blank_values=True)
    return any(k.lower() == "amp" or (k.lower() == "outputtype" and v.lower() == "amp") for k, v in query)


def normalize_body(text: str) -> str:
    """The body as compared for identity: case-folded, every run of whitespace one space, trimmed."""
    return _SPACE.sub(" ", text.casefold()).strip()


def content_hash(text: str) -> str:
    """sha256 (hex) of the normalized body: the same words in any case or spacing hash alike."""
    return hashlib.sha256(normalize_body(text).encode("utf-8")).hexdigest()
