"""The date of a report, in every style Vietnamese sites write it.

Evidence, strongest first: the sidecar; what the page says of itself
(article:published_time, JSON-LD, <time datetime>); the dateline above the
article ("17:14, 04/03/2020", "Thứ ba - 01/12/2020 09:16", "Ngày cập nhật
28/12/2019", "12 Tháng 3 2020"); the date of the meeting in the lead ("Ngày
6/7 …", "Sáng 7/1 …", "ngày 20 tháng 9 năm 2022"). A lead date without a year
takes it from what the report reviews: an annual review of year Y is held in
December of Y or in the first months of Y+1 (so "Sáng 7/1" in the review of
2015 is 2016-01-07); a six-month review of Y is held in Y; otherwise the year
named in the same sentence.
"""
from __future__ import annotations

import datetime as _dt
import re

_FULL = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d{2})(?!\d)")
_WORDS = re.compile(r"(?<!\d)(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:năm\s*|,\s*|\s)((?:19|20)\d{2})(?!\d)", re.I)
_ISO = re.compile(r"((?:19|20)\d{2})-(\d{2})-(\d{2})")
_LEAD = re.compile(r"(?:^|[\s(,;–—-])(?:(?:sáng|chiều|tối|trưa|đêm|rạng sáng)\s+(?:ngày\s+|nay\s+)?|ngày\s+|hôm\s+)"
                   r"(\d{1,2})\s*[/-]\s*(\d{1,2})(?:\s*[/-]\s*((?:19|20)\d{2}))?(?![\d/])", re.I)
_LEAD_WORDS = re.compile(r"(?:^|[\s(,;–—-])(?:(?:sáng|chiều|tối|trưa)\s+)?ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})"
                         r"(?:\s*(?:năm\s*|,\s*)((?:19|20)\d{2}))?", re.I)
_YEAR = re.compile(r"(?:năm|/)\s*((?:19|20)\d{2})(?!\d)")
_CITATION = re.compile(r"(?:\d+[-/][A-ZĐ]+[/-][A-ZĐ]+|số\s+\d+)\S*\s*,?\s*$")


def iso(y: int, m: int, d: int) -> str | None:
    try:
        return _dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def parse_iso_hint(value) -> str | None:
    """'2021-11-23T08:15:00+07:00' or '23/11/2021' → '2021-11-23'."""
    if not isinstance(value, str):
        return None
    m = _ISO.search(value)
    if m:
        return iso(m.group(1), m.group(2), m.group(3))
    return full_date(value)


def full_date(text: str) -> str | None:
    """The first complete date written in the text."""
    best = None
    for pattern in (_FULL, _WORDS):
        m = pattern.search(text)
        if m and (best is None or m.start() < best[0]):
            value = iso(m.group(3), m.group(2), m.group(1))
            if value:
                best = (m.start(), value)
    if best:
        return best[1]
    m = _ISO.search(text)
    return iso(m.group(1), m.group(2), m.group(3)) if m else None


def _sentence_at(text: str, pos: int) -> str:
    start = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos)) + 1
    end = text.find(". ", pos)
    return text[start:end if end >= 0 else len(text)]


def lead_date(paragraphs: list[str], kind: str | None, period_year: int | None) -> str | None:
    """The meeting date in the lead, the year inferred when it is missing."""
    for text in paragraphs[:3]:
        for pattern in (_LEAD_WORDS, _LEAD):
            m = pattern.search(text)
            if not m:
                continue
            day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
            if not (1 <= day <= 31 and 1 <= month <= 12):
                continue
            if year:
                return iso(int(year), month, day)
            y = infer_year(month, kind, period_year, _sentence_at(text, m.start()))
            if y:
                return iso(y, month, day)
    return None


def infer_year(month: int, kind: str | None, period_year: int | None, sentence: str) -> int | None:
    if period_year and kind == "tong_ket_nam":
        return period_year + 1 if month <= 6 else period_year
    if period_year and kind == "so_ket_6_thang":
        return period_year
    years = [int(y) for y in _YEAR.findall(sentence)]
    if years:
        return years[-1]  # "Ngày 6/7, … năm 2018": the year the sentence names
    return period_year


def dateline_date(paragraphs: list[str]) -> str | None:
    """A complete date on a short line above the article (the dateline) or in the headline block."""
    for text in paragraphs[:4]:
        if len(text.split()) <= 16:
            value = full_date(text)
            if value:
                return value
    return None


def body_date(paragraphs: list[str]) -> str | None:
    """Last resort: the first complete date in the body that is not a cited document's date."""
    for text in paragraphs:
        for m in _FULL.finditer(text):
            if _CITATION.search(text[max(0, m.start() - 40):m.start()].replace("ngày", "").rstrip()):
                continue
            value = iso(m.group(3), m.group(2), m.group(1))
            if value:
                return value
    return None
