"""Where a report comes from and which countries it deals with, from the gazetteers in data/.

Names are matched case-sensitively on tone-normalised text ("Khánh Hoà" and
"Khánh Hòa" are one province; "hòa bình" the word is not Hòa Bình the
province). A province is chosen by weighted mentions: the headline and the
forms "tỉnh X", "Tỉnh ủy X", "UBND tỉnh X" weigh most, since a report names
its own province that way and mentions others in passing. A report that never
names its province is placed by its landmarks (border gates, districts,
islands): "Cửa khẩu A Đớt" puts it in Thừa Thiên Huế.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from indexer import data
from indexer.normalize import normalize_tones

_OWN = re.compile(r"(?:tỉnh|Tỉnh|Tỉnh ủy|Tỉnh uỷ|UBND tỉnh|HĐND tỉnh|thành phố|Thành phố|TP\.?|Báo|Đài PT-TH|Cổng thông tin điện tử)\s*$")
_VISIT = re.compile(r"(?:với|của|sang|thăm|tiếp|đoàn)\s+(?:tỉnh|thành phố)\s*$")


def _alternation(names) -> re.Pattern:
    forms = sorted({normalize_tones(n) for n in names}, key=len, reverse=True)
    return re.compile(r"(?<![\w])(" + "|".join(re.escape(f) for f in forms) + r")(?![\w])")


@lru_cache(maxsize=1)
def _province_tables():
    spec = data.load_json("provinces.json")["provinces"]
    name_of, landmark_of = {}, {}
    for name, info in spec.items():
        for form in [name, *info["variants"]]:
            name_of[normalize_tones(form)] = name
        for form in info["landmarks"]:
            landmark_of[normalize_tones(form)] = name
    since = {name: info["since_2025"] for name, info in spec.items()}
    return _alternation(name_of), name_of, _alternation(landmark_of), landmark_of, since


def province_scores(paragraphs: list[str], title: str | None) -> Counter:
    names_re, name_of, marks_re, mark_of, _ = _province_tables()
    scores: Counter = Counter()
    for k, text in enumerate([title or ""] + paragraphs):
        text = normalize_tones(text)
        for m in names_re.finditer(text):
            name = name_of[m.group(1)]
            before = text[max(0, m.start() - 30):m.start()]
            weight = 1.0
            if _OWN.search(before):
                weight = 3.0 if not _VISIT.search(before) else 1.0
            if k == 0:
                weight += 5.0  # the headline
            elif k <= 2:
                weight += 1.0  # the lead
            scores[name] += weight
        for m in marks_re.finditer(text):
            scores[mark_of[m.group(1)]] += 1.5 if k == 0 else 0.75
    return scores


def province(paragraphs: list[str], title: str | None = None) -> str | None:
    scores = province_scores(paragraphs, title)
    if not scores:
        return None
    best, score = max(scores.items(), key=lambda kv: (kv[1], -len(kv[0])))
    return best


def canonical_province(name: str | None) -> str | None:
    """A sidecar's spelling ('Thừa Thiên - Huế', 'Đắc Lắc') → the canonical name; unknown names stay as given."""
    if not name:
        return None
    _, name_of, _, _, _ = _province_tables()
    key = normalize_tones(name.strip())
    if key in name_of:
        return name_of[key]
    stripped = re.sub(r"^(?:tỉnh|Tỉnh|thành phố|Thành phố|TP\.?)\s+", "", key)
    return name_of.get(stripped, name.strip())


def since_2025(name: str | None) -> str | None:
    """The province a pre-2025 province belongs to since the merger of 2025."""
    if not name:
        return None
    since = _province_tables()[4]
    if name in since:
        return since[name]
    return name if name in set(since.values()) else None  # already a post-2025 name ("Huế")


@lru_cache(maxsize=1)
def _country_tables():
    spec = data.load_json("countries.json")
    name_of = {normalize_tones(form): name for name, forms in spec["countries"].items() for form in forms}
    return _alternation(name_of), name_of


class _CapitalNext:
    """Matches when the next word starts with a capital ("Mỹ Tho", "Hoàng Nga Linh"): a place or person."""

    @staticmethod
    def search(text: str) -> bool:
        m = re.match(r"\s+(\w)", text)
        return bool(m and m.group(1).isupper())


_CAPITAL_NEXT = _CapitalNext()
_GUARDS = {
    "Lào": re.compile(r"^\s+Cai\b"),
    "Mỹ": _CAPITAL_NEXT,
    "Pháp": re.compile(r"^\s+(?:luật|lệnh|lý|chế|quyền)\b"),
    "Nga": _CAPITAL_NEXT,
}


def countries(paragraphs: list[str]) -> list[str]:
    """Partner countries in order of first mention."""
    names_re, name_of = _country_tables()
    found: dict[str, int] = {}
    for k, text in enumerate(paragraphs):
        text = normalize_tones(text)
        for m in names_re.finditer(text):
            form = m.group(1)
            guard = _GUARDS.get(form)
            if guard and guard.search(text[m.end():m.end() + 20]):
                continue
            if form == "Nga" and (m.start() == 0 or not re.search(r"(?:nước|LB|bang|với|và|,)\s*$", text[:m.start()])):
                continue  # "Nga" alone is also a given name
            name = name_of[form]
            found.setdefault(name, k * 100000 + m.start())
    return sorted(found, key=found.get)
