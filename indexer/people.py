"""Authors (from the byline) and officials named in a report, with their titles.

An official is a person's name (two to four capitalised syllables starting
with a family name from data/officials.json) that stands next to a title:
"đồng chí Phạm Minh Tấn, Phó Bí thư …", "Trần Đức Vương - Ủy viên Ban
Thường vụ …", "Phó Bí thư Thường trực Tỉnh ủy Kon Tum Y Mửi – Trưởng Ban …".
Province names glued in front of a name by the title ("… Tỉnh ủy Kon Tum Y
Mửi") are peeled off. The title kept for the document page is the first one
written next to the name.
"""
from __future__ import annotations

import re
from functools import lru_cache

from indexer import data, places
from indexer.boilerplate import byline_names, is_dateline
from indexer.normalize import normalize_tones

_UP = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_LO = "a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
_TOKEN = rf"[{_UP}][{_LO}]*'?[{_LO}]*"


@lru_cache(maxsize=1)
def _tables():
    spec = data.load_json("officials.json")
    titles = sorted({normalize_tones(t) for t in spec["titles"]}, key=len, reverse=True)
    title_alt = "|".join(re.escape(t) for t in titles)
    surnames = {normalize_tones(s) for s in spec["surnames"]}
    stop = {normalize_tones(s) for s in spec["not_officials"]}
    after = re.compile(rf"((?:{_TOKEN}\s+){{1,6}}{_TOKEN})\s*(?:,|\s[-–—]|\s*:)\s*(?:TUV,?\s*)?(?={title_alt})")
    before = re.compile(rf"(?:{title_alt})(?:\s+[^\s,.;:()–—-]+){{0,7}}?\s+((?:{_TOKEN}\s+){{1,5}}{_TOKEN})"
                        rf"(?=\s*(?:[,;–—(]|\s-\s|\s[{_LO}]|$))")
    comrade = re.compile(rf"(?:[Đđ]ồng chí|[Ôô]ng|[Bb]à|[Nn]gài)\s*:?\s+((?:{_TOKEN}\s+){{1,3}}{_TOKEN})(?![\w])")
    return after, before, comrade, surnames, stop, re.compile(spec["title_stop"]), title_alt


def _clean_name(run: str) -> str | None:
    """Peel a province name and organ words off the front; keep 2–4 tokens starting with a family name."""
    _, _, _, surnames, stop, _, _ = _tables()
    names_re = places._province_tables()[0]
    m = names_re.match(run)
    tokens = (run[m.end():] if m else run).split()
    while tokens and tokens[0] not in surnames:
        tokens = tokens[1:]  # "Thường", "Tỉnh", "UBND": the organ between title and name
    if not 2 <= len(tokens) <= 4:
        return None
    name = " ".join(tokens)
    if name in stop or names_re.fullmatch(name):
        return None
    return name


def _title_after(text: str, pos: int) -> str:
    _, _, _, _, _, stop_re, _ = _tables()
    tail = text[pos:pos + 200]
    tail = re.sub(r"^\s*[,:\-–—]\s*", "", tail)
    cut = len(tail)
    for pattern in (r"[;.(]", r"\s[-–—]\s", rf",\s+(?=[{_LO}])"):  # ", thời gian tới …": the sentence goes on
        m = re.search(pattern, tail)
        if m:
            cut = min(cut, m.start())
    m = stop_re.search(tail)
    if m:
        cut = min(cut, m.start())
    return tail[:cut].strip(" ,")


def officials(paragraphs: list[str]) -> tuple[list[str], dict[str, str]]:
    """Names in order of first mention (as first written), and the title written next to each.

    Matching runs on tone-normalised text ("Thuý" and "Thúy" are one person); names and titles are
    then cut from the paragraph as written, which normalisation leaves the same length.
    """
    after, before, comrade, surnames, stop, _, title_alt = _tables()
    found: dict[str, tuple[int, str]] = {}
    titles: dict[str, str] = {}
    for k, para in enumerate(paragraphs):
        text = normalize_tones(para)
        src = para if len(para) == len(text) else text

        def add(name: str, run_start: int, run: str, title: str | None) -> None:
            at = run_start + run.find(name)
            found.setdefault(name, (k * 100000 + at, src[at:at + len(name)]))
            if title:
                titles.setdefault(name, title)

        for m in after.finditer(text):
            name = _clean_name(m.group(1))
            if name:
                add(name, m.start(1), m.group(1), _title_after(src, m.end(1)))
        for m in comrade.finditer(text):
            name = _clean_name(m.group(1))
            if name:
                t = _title_after(src, m.end(1))
                t = t if t and re.match(title_alt, normalize_tones(t)) else None
                if t or m.group(0)[0] in "Đđ":  # "đồng chí" marks an official; "ông", "bà" only with a title
                    add(name, m.start(1), m.group(1), t)
        for m in before.finditer(text):
            name = _clean_name(m.group(1))
            if name:
                head = src[m.start():m.start(1)].strip(" ,")
                at = k * 100000 + m.start(1) + m.group(1).find(name)
                if found.get(name, (None,))[0] == at and titles.get(name) and head not in titles[name]:
                    # "Phó Bí thư … Tỉnh ủy Kon Tum Y Mửi – Trưởng Ban …": the title stands on both sides
                    titles[name] = f"{head}, {titles[name]}"
                add(name, m.start(1), m.group(1), head)
    order = sorted(found, key=lambda n: found[n][0])
    return [found[n][1] for n in order], {found[n][1]: titles[n] for n in order if titles.get(n)}


def authors(paragraphs: list[str], hints: dict | None = None) -> list[str]:
    """Names of the byline: a short name-shaped line among the last paragraphs, or before the date on the
    dateline ("Minh Hằng | 17:05 27/12/2023")."""
    for para in reversed(paragraphs[-3:]):
        names = byline_names(para)
        if names:
            return names
    for para in paragraphs[:4]:
        parts = re.split(r"\s+[|–—-]\s+", para)
        if len(parts) >= 2 and is_dateline(para):
            for part in parts:
                names = byline_names(part)
                if names:
                    return names
    hinted = (hints or {}).get("authors")
    return list(hinted) if hinted else []
