"""Metadata that staff filter and sort by, read from the clean article.

One function, ``extract``, puts together the specialised readers: places
(province, province since 2025, countries), dates, people (authors,
officials), citations (cited documents); the title, source, kind, period and
topics are read here. A sidecar (NAME.meta.json) overrides what is extracted
for the keys it gives; an HTML page's own metadata (hints) comes next.
"""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlparse

from indexer import citations, data, dates, people, places
from indexer.boilerplate import byline_names, is_dateline
from indexer.normalize import normalize_tones

SIDECAR_KEYS = ("url", "source", "date", "title", "province")
WEAK_HITS = 3  # weak phrases of a topic must recur: one "hợp tác" does not make a report about investment
_SIGNATURE = re.compile(r"^\(([^()]{2,40})\)\s*[-–—:]")
_TRAILING_SOURCE = re.compile(r"^\(?(?:theo|nguồn)\s*:?\s*([^()]{2,60}?)\)?\.?$", re.I)
_DOMAIN = re.compile(r"^[\w.-]+\.(?:vn|com|net|org|gov|info)(?:\.vn)?$", re.I)
_YEAR = r"((?:19|20)\d{2})"
_RANGE = re.compile(r"(?:giai đoạn|thời kỳ|từ năm)?\s*((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})")
_SIX = re.compile(r"(?:6|sáu) tháng đầu năm(?:\s+" + _YEAR + r")?", re.I)
_REVIEWED = re.compile(r"tổng kết[^.;]{0,160}?năm\s+" + _YEAR, re.I)
_NAM = re.compile(r"năm\s+" + _YEAR, re.I)


def _title(paragraphs: list[str], title_hint: str | None) -> tuple[str, bool]:
    """The headline, and whether it stands as a line of its own (and so is not part of the body)."""
    if title_hint:
        return title_hint.strip(), True
    for p in paragraphs[:6]:
        words = len(p.split())
        if 4 <= words <= 35 and not is_dateline(p) and not p.startswith("(") and not re.search(r"[.:;]$", p) \
                and byline_names(p) is None:
            return p, True
    return (paragraphs[0] if paragraphs else ""), False  # no headline: the first paragraph names the report


def _source(paragraphs: list[str], hints: dict) -> str | None:
    signatures = data.load_json("sources.json")["signatures"]
    for p in paragraphs[:4]:
        m = _SIGNATURE.match(p)
        if m:
            sig = m.group(1).strip()
            if _DOMAIN.match(sig):
                return sig.lower()
            return signatures.get(sig, signatures.get(sig.upper(), sig))
    for p in paragraphs[-3:]:
        m = _TRAILING_SOURCE.match(p.strip())
        if m and len(p) < 80:
            return m.group(1).strip()
    if hints.get("source"):
        return hints["source"]
    return None


@lru_cache(maxsize=1)
def _kinds():
    spec = data.load_json("kinds.json")
    order = [(code, [re.compile(p, re.I) for p in pats], [re.compile(p, re.I) for p in (rest[0] if rest else [])])
             for code, pats, *rest in spec["order"]]
    return order, spec["default"]


def _kind(title: str, paragraphs: list[str]) -> str:
    order, default = _kinds()
    for where, text in (("title", title), ("lead", " ".join(paragraphs[:3]))):
        text = normalize_tones(text)
        for code, patterns, title_only in order:
            if any(p.search(text) for p in patterns) or (where == "title" and any(p.search(text) for p in title_only)):
                return code
    return default


def _period(kind: str, title: str, paragraphs: list[str], date: str | None) -> str | None:
    texts = [normalize_tones(t) for t in [title] + paragraphs[:4]]
    joined = "\n".join(texts)
    date_year = int(date[:4]) if date else None
    if kind == "tong_ket_giai_doan":
        for t in texts:
            m = _RANGE.search(t)
            if m:
                return f"{m.group(1)}-{m.group(2)}"
    if kind == "so_ket_6_thang":
        for t in texts:
            m = _SIX.search(t)
            if m:
                year = m.group(1) or _year_near(t, m.end()) or (str(date_year) if date_year else None)
                return f"6 tháng đầu năm {year}" if year else None
    if kind == "tong_ket_nam":
        m = _REVIEWED.search(joined)
        if m:
            return m.group(1)
        if date_year:
            month = int(date[5:7])
            return str(date_year - 1 if month <= 6 else date_year)
    m = _NAM.search(texts[0]) or _NAM.search(joined)
    if m:
        return m.group(1)
    return str(date_year) if date_year else None


def _year_near(text: str, pos: int) -> str | None:
    end = text.find(".", pos)
    m = _NAM.search(text[pos:end if end > 0 else None])
    return m.group(1) if m else None


@lru_cache(maxsize=1)
def _topics():
    spec = data.load_json("topics.json")["topics"]

    def alt(words):
        if not words:
            return None
        forms = sorted({normalize_tones(w).lower() for w in words}, key=len, reverse=True)
        return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in forms) + r")(?!\w)")

    return [(code, alt(t["strong"]), alt(t["weak"])) for code, t in spec.items()]


def topics(text: str) -> list[str]:
    low = normalize_tones(text).lower()
    found = []
    for code, strong, weak in _topics():
        if (strong and strong.search(low)) or (weak and len(weak.findall(low)) >= WEAK_HITS):
            found.append(code)
    return found


def _url_source(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).netloc.lower()
    return host[4:] if host.startswith("www.") else (host or None)


def extract(paragraphs: list[str], title_hint: str | None = None, sidecar: dict | None = None,
            hints: dict | None = None) -> dict:
    sidecar = {k: v for k, v in (sidecar or {}).items() if k in SIDECAR_KEYS and isinstance(v, str) and v.strip()}
    hints = hints or {}
    title, own_line = (sidecar["title"], False) if sidecar.get("title") else _title(paragraphs, title_hint)
    # the body without its headline: what the report itself says
    body = ([p for p in paragraphs if p != title] if own_line else list(paragraphs)) or list(paragraphs)
    kind = _kind(title, body)
    date = dates.parse_iso_hint(sidecar.get("date")) or dates.parse_iso_hint(hints.get("date")) \
        or dates.dateline_date(paragraphs) or dates.parse_iso_hint(hints.get("time_date"))
    period = _period(kind, title, body, date)
    if not date:
        period_year = int(re.search(r"(?:19|20)\d{2}", period).group(0)) if period else None
        date = dates.lead_date(body, kind, period_year) or dates.body_date(body)
        if period is None:
            period = _period(kind, title, body, date)
    province = places.canonical_province(sidecar.get("province")) or places.province(body, title)
    names, titles = people.officials(body)
    source = sidecar.get("source") or _source(paragraphs, hints) or _url_source(sidecar.get("url") or hints.get("url"))
    return {
        "title": title,
        "date": date,
        "province": province,
        "province_2025": places.since_2025(province),
        "source": source,
        "authors": people.authors(paragraphs, hints),
        "kind": kind,
        "period": period,
        "countries": places.countries(body),
        "cited_documents": citations.cited_documents(body),
        "officials": names,
        "official_titles": titles,
        "topics": topics("\n".join([title] + body)),
        "url": sidecar.get("url") or hints.get("url"),
    }
