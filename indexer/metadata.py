"""Metadata that staff filter and sort by, read from the clean article."""
from __future__ import annotations

import re

from indexer import data
from indexer.normalize import index_form

_DATE_DMY = re.compile(r"\b(\d{1,2})[/-](\d{1,2})[/-](\d{4})\b")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_DOC = re.compile(r"\b(\d{1,4})(?:/(\d{4}))?[-/]((?:QĐ|NQ|KL|CT|HD|NĐ|TB|KH|QyĐ)(?:-[A-ZĐ]+)?(?:/[A-ZĐ]+)?)\b")
_SOURCE = re.compile(r"^\(([^)]{2,40})\)\s*[-–]")
_OFFICIAL = re.compile(r"[Đđ]ồng chí\s+((?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ][\wÀ-ỹ]*\s?){2,4})")


def _title(paragraphs: list[str], title_hint: str | None) -> str:
    if title_hint:
        return title_hint
    for p in paragraphs:
        if len(p.split()) >= 4 and not _DATE_DMY.search(p) and not p.startswith("("):
            return p
    return paragraphs[0] if paragraphs else ""


def _date(text: str) -> str | None:
    m = _DATE_DMY.search(text)
    if not m:
        return None
    d, mth, y = (int(g) for g in m.groups())
    if not (1 <= d <= 31 and 1 <= mth <= 12):
        return None
    return f"{y:04d}-{mth:02d}-{d:02d}"


def _kind(text: str) -> str:
    t = index_form(text)
    if re.search(r"sơ kết (công tác )?6 tháng|6 tháng đầu năm", t):
        return "so_ket_6_thang"
    if re.search(r"giai đoạn \d{4}\s*-\s*\d{4}|\d+ năm (triển khai|thực hiện)", t):
        return "tong_ket_giai_doan"
    if re.search(r"tổng kết", t):
        return "tong_ket_nam"
    if re.search(r"tập huấn|bồi dưỡng nghiệp vụ", t):
        return "tap_huan"
    return "khac"


def _find_all(names, text: str) -> list[str]:
    low = index_form(text)
    found = []
    for name in names:
        if re.search(r"(?<!\w)" + re.escape(index_form(name)) + r"(?!\w)", low):
            found.append(name)
    return found


def extract(paragraphs: list[str], title_hint: str | None = None, sidecar: dict | None = None) -> dict:
    text = "\n".join(paragraphs)
    provinces = _find_all(data.lines("provinces.txt"), text)
    topics = [code for code, words in data.load_json("topics.json").items() if _find_all(words, text)]
    source = None
    if paragraphs and (m := _SOURCE.match(paragraphs[0])):
        source = m.group(1)
    years = _YEAR.findall(text)
    meta = {
        "title": _title(paragraphs, title_hint),
        "date": _date(text),
        "province": provinces[0] if provinces else None,
        "source": source,
        "authors": [],
        "kind": _kind(text),
        "period": years[0] if years else None,
        "countries": _find_all(data.lines("countries.txt"), text),
        "cited_documents": sorted({m.group(0) for m in _DOC.finditer(text)}),
        "officials": sorted({m.group(1).strip() for m in _OFFICIAL.finditer(text)}),
        "topics": topics,
    }
    for key, value in (sidecar or {}).items():
        if key in ("url", "source", "date", "title", "province") and value:
            meta[key] = value
    return meta
