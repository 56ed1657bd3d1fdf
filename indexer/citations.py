"""Party and state documents cited by a report, normalised to one notation each.

Party documents are written number-type/issuer ("16-KL/TW", "272-QĐ/TW");
state documents number/year/type-issuer ("09/2017/NĐ-CP") or number/type-issuer
("79/QĐ-TTg"). Reports write them every way ("Kết luận số 16-KL/TW",
"16 KL/TW", "Nghị định 09/2017/ND-CP", and after the first mention simply
"Kết luận 16"): each becomes the canonical form, and a short citation is
resolved to a full number written elsewhere in the same report, or to the
domain's well-known documents (data/documents.json).
"""
from __future__ import annotations

import re
from functools import lru_cache

from indexer import data
from indexer.normalize import normalize_tones


@lru_cache(maxsize=1)
def _tables():
    spec = data.load_json("documents.json")
    codes = "|".join(sorted((re.escape(c) for c in spec["codes"]), key=len, reverse=True))
    full = re.compile(
        rf"(?<![\w/])(\d{{1,4}})\s*(?:/\s*((?:19|20)\d{{2}})\s*)?([-/]|\s)\s*({codes})\s*([-/])\s*([A-ZĐ][A-ZĐa-z]*(?:[-.][A-ZĐ]+)*)(?![\w])")
    words = "|".join(sorted((re.escape(w) for w in spec["types"]), key=len, reverse=True))
    short = re.compile(rf"(?<![\w])({words})\s+(?:số\s+)?(\d{{1,4}})(?![\w/-])", re.I)
    return full, short, spec["types"], set(spec["party_issuers"]), spec["known"]


def _code(code: str) -> str:
    return {"QD": "QĐ", "ND": "NĐ"}.get(code, code)


def normalise(num: str, year: str | None, sep: str, code: str, issuer: str) -> str:
    code, issuer = _code(code), issuer.replace("ND", "NĐ")
    if year:
        return f"{int(num):02d}/{year}/{code}-{issuer}"
    _, _, _, party, _ = _tables()
    if sep == "-" or sep.isspace() or (issuer in party and issuer != "TTg"):
        return f"{int(num)}-{code}/{issuer}"
    return f"{int(num)}/{code}-{issuer}"


def cited_documents(paragraphs: list[str]) -> list[str]:
    """Canonical numbers in order of first citation."""
    full, short, types, _, known = _tables()
    found: dict[str, int] = {}
    by_short: dict[str, str] = {}
    pending: list[tuple[int, str]] = []
    for k, para in enumerate(paragraphs):
        text = normalize_tones(para)
        spans = []
        for m in full.finditer(text):
            doc = normalise(m.group(1), m.group(2), m.group(3), m.group(4), m.group(6))
            found.setdefault(doc, k * 100000 + m.start())
            by_short.setdefault(f"{_code(m.group(4))} {int(m.group(1))}", doc)
            spans.append((m.start(), m.end()))
        for m in short.finditer(text):
            if any(a <= m.start(2) < b for a, b in spans):
                continue
            code = types[m.group(1).lower()]
            pending.append((k * 100000 + m.start(), f"{code} {int(m.group(2))}"))
    for pos, key in pending:
        doc = by_short.get(key) or known.get(key)
        if doc:
            found.setdefault(doc, pos)
    return sorted(found, key=found.get)
