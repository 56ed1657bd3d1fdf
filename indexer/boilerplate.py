"""Separate the article from the page around it.

Two inputs: saved HTML pages (indexer.htmlpage flattens them into lines after
removing what the markup itself marks as furniture), and text already
flattened from pages, where menus, counters and comment forms stayed in as
lines of their own. Both end in the same line classifier, which works from
the *structure* of a news page rather than from any site's strings:

1. the article is the heaviest run of long, sentence-like lines; a run may
   bridge a few short lines (captions, sub-headings) but not a byline, a
   counter or a widget line;
2. above it stand at most a headline and a dateline (and their repeats);
3. below it at most a byline or a source line; everything after the byline
   is the page again (comment forms, "other news", counters, footers);
4. numeric tails ("Đang truy cập28", "Lượt xem:251 | lượt tải:105") and runs
   of short lines (menus, link lists) never belong to the article;
5. a line repeated as caption / alt text is kept once.

The widget patterns in data/boilerplate.json only name what the structure
finds, so that every dropped line carries a reason, and cut the article block
where a widget interrupts it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from indexer import data

LONG_LINE = 80  # characters: a sentence of a report, not a menu item or a counter
MAX_BRIDGE = 3  # short lines a run of long lines may bridge (caption + its repeat + a sub-heading)
HEADER_WINDOW = 5  # lines above the article searched for headline and dateline

_SPACES = re.compile(r"\s+")
_DATE_ANY = re.compile(r"\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(?:19|20)\d{2}\b|\b(?:19|20)\d{2}-\d{2}-\d{2}\b"
                       r"|\b\d{1,2}\s+tháng\s+\d{1,2}\s*(?:năm\s*|,\s*)?(?:19|20)\d{2}\b", re.I)
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
_NUM_TAIL = re.compile(r"(\d[\d.,]*)\s*(?:khách|lượt(?: xem| truy cập)?|người)?\s*\)?$")
_YEARISH_BEFORE = re.compile(r"(?:năm|tháng|ngày|số|thứ|khóa|khoá|kỳ|lần|quý|giai đoạn|đến|từ|và|-|–)\s*$", re.I)
_INLINE_COUNTER = re.compile(r"\s*\(\s*\d[\d.,]*\s*lượt (?:xem|đọc)\s*\)|\s*\|?\s*(?:lượt xem|lượt đọc|views?)\s*:?\s*\d[\d.,]*",
                             re.I)
_SENTENCE_END = re.compile(r"[.!?…:;”\"')]$")

_BYLINE_PREFIX = re.compile(r"^(?:(?:bài|tin|bài và ảnh|tin và ảnh|bài,? ảnh|tin,? ảnh|bài\s*[-–]\s*ảnh|tin\s*[-–]\s*ảnh|"
                            r"tác giả|người viết|phóng viên|nhóm phóng viên|thực hiện|theo)\s*:?\s+)", re.I)
_AGENCY_BYLINE = re.compile(r"^\(?(?:PV|CTV|BTV|TTXVN|VNA|TH|PV\.|NV|Nhóm PV)\)?$")
_SOURCE_LINE = re.compile(r"^(?:\(?(?:theo|nguồn)\s*:?\s*[^.]{2,60}\)?|\([^()]{2,40}\))$", re.I)
_PIPES = re.compile(r"\s[|»›>]\s")
_LIST_WIDGETS = {"comment section", "related and other news list", "navigation", "poll"}


@dataclass
class Cleaned:
    paragraphs: list[str]
    dropped: list[dict] = field(default_factory=list)  # {"line": str, "reason": str}
    title_hint: str | None = None  # the page's headline (<h1>, og:title) or the line the classifier took for it
    hints: dict = field(default_factory=dict)  # what an HTML page says of itself: date, source, authors, url


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[re.Pattern, str], ...]:
    spec = data.load_json("boilerplate.json")["line_patterns"]
    return tuple((re.compile(r"(?:" + p["pattern"] + r")\s*$", re.I), p["reason"]) for p in spec)


def widget_reason(line: str) -> str | None:
    """The widget a whole line belongs to, or None. Long sentences are never widgets."""
    if len(line) > 160:
        return None
    for pattern, reason in _patterns():
        if pattern.match(line):
            return reason
    return None


def is_dateline(line: str) -> bool:
    return len(line.split()) <= 14 and bool(_DATE_ANY.search(line) or (_TIME.search(line) and re.search(r"\d/\d", line)))


def is_counter(line: str) -> bool:
    """A numeric tail that counts something ("Đang truy cập28", "Tổng truy cập 7.103.112", "Hôm nay: 876")."""
    if len(line) > 70 or is_dateline(line):
        return False
    m = _NUM_TAIL.search(line)
    if not m or m.start() == 0:
        return False
    number, before = m.group(1), line[:m.start()]
    if before.endswith(("/", "-", "–", ".")) or _YEARISH_BEFORE.search(before):
        return False  # "tháng 2/2020", "năm 2019", "lần thứ 17": part of a title
    glued = before[-1].isalpha()
    grouped = bool(re.search(r"\d[.,]\d{3}", number)) or len(number) >= 5
    colon = before.rstrip().endswith(":")
    return glued or grouped or colon or len(line.split()) <= 4


def _name_token(token: str) -> bool:
    """A capitalised syllable ("Mẫn", "Đặng") or an initial ("K.")."""
    word = token[:-1] if token.endswith(".") else token
    return bool(word) and word.isalpha() and word[0].isupper() and (len(word) == 1 or word[1:].islower())


def byline_names(line: str) -> list[str] | None:
    """The names of a byline ("Quang Mẫn – Duy Phong", "Bài, ảnh: Đặng Trần Chung", "K. Phượng"), else None."""
    line = line.strip().strip("*_").strip()
    if not line or len(line) > 80 or re.search(r"[.!?:;,]$", line):
        return None
    if _AGENCY_BYLINE.match(line):
        return []
    rest = _BYLINE_PREFIX.sub("", line)
    rest = re.sub(r"\s*\([^()]{2,60}\)\s*$", "", rest)  # "(Trung tâm Truyền thông tỉnh)", "(TTXVN)"
    parts = [p.strip() for p in re.split(r"\s+[-–—&]\s+|\s*[,;/]\s*|\s+và\s+", rest) if p.strip()]
    if not parts or len(parts) > 4:
        return None
    names = []
    for part in parts:
        tokens = part.split()
        if not 2 <= len(tokens) <= 5 and not (len(tokens) == 1 and _AGENCY_BYLINE.match(tokens[0])):
            return None
        if not all(_name_token(t) for t in tokens):
            return None
        if len(tokens) >= 2:
            names.append(part)
    return names


def _norm(line: str) -> str:
    return _SPACES.sub(" ", line).strip()


def _dedup_key(line: str) -> str:
    return re.sub(r"[\s|.]+$", "", line).lower()


class _Line:
    __slots__ = ("i", "text", "long", "widget", "counter", "byline", "navlike")

    def __init__(self, i: int, text: str):
        self.i, self.text = i, text
        self.widget = widget_reason(text)
        self.counter = is_counter(text)
        self.byline = byline_names(text) is not None and not self.widget
        self.navlike = len(_PIPES.findall(text)) >= 2  # "Trang chủ | Giới thiệu | Tin tức | …"
        self.long = (len(text) >= LONG_LINE or (len(text.split()) >= 12 and _SENTENCE_END.search(text) is not None)) \
            and not (self.widget or self.counter or self.navlike)

    @property
    def breaks(self) -> bool:
        # a dateline opens an article: a run of long lines never bridges one (the teaser list above
        # an article would otherwise run into it through the headline)
        dateline = len(self.text.split()) <= 10 and not self.text.endswith(".") and is_dateline(self.text)
        return bool(self.widget or self.counter or self.byline or self.navlike or dateline)


def _is_sentence(text: str) -> bool:
    return len(text.split()) >= 4 and text.endswith((".", ";", "!", "?", "…"))


def _chains(lines: list[_Line]) -> list[tuple[int, int, float]]:
    """Runs of long lines (start, end positions in `lines`, weight), bridging at most MAX_BRIDGE short lines.

    The weight is the characters of the long lines, halved for a teaser list (headline, summary, headline,
    summary …: as many short lines inside the run as long ones), which is how "other news" boxes with
    summaries look once flattened, and never how a report looks.
    """
    chains = []
    start = prev = None
    size = bridged = inner = longs = 0

    def close():
        teaser = longs >= 2 and inner >= 0.8 * longs
        chains.append((start, prev, size * (0.5 if teaser else 1.0)))

    for pos, ln in enumerate(lines):
        if ln.long:
            if start is None:
                start, size, inner, longs = pos, 0, 0, 0
            size += len(ln.text)
            longs += 1
            inner += bridged
            prev, bridged = pos, 0
        elif start is not None:
            if ln.breaks or bridged >= MAX_BRIDGE:
                close()
                start, bridged = None, 0
            elif not _is_sentence(ln.text):
                bridged += 1  # a short sentence ("- Tổ chức 12 hội nghị;") is the article's own: bridge it freely
    if start is not None:
        close()
    return chains


def _article_span(lines: list[_Line]) -> tuple[int, int] | None:
    chains = _chains(lines)
    if not chains:
        return None
    best = max(range(len(chains)), key=lambda k: chains[k][2])
    first, last, size = chains[best]
    # A widget inside the article (an inline "Tin liên quan" box) splits it: take the next run back in
    # when it follows closely, no byline closed the article, and it is itself substantial prose
    # (not a teaser list, whose weight is halved).
    for nxt_first, nxt_last, nxt_size in chains[best + 1:]:
        gap = lines[last + 1:nxt_first]
        if len(gap) > 6 or nxt_size < 0.25 * size:
            break
        if any(g.byline for g in gap) and not (len(gap) == 1 and nxt_size >= 150):
            break  # a byline closes the article; a lone Title-Case sub-heading right before more prose does not
        if any(ln.widget == "comment section" for ln in gap):
            break
        if nxt_size < sum(len(ln.text) for ln in lines[nxt_first:nxt_last + 1] if ln.long):
            break  # a teaser list
        last = nxt_last
    # A substantial run just above (a lead and first paragraphs, closed by a byline or a view counter
    # before the report goes on) belongs to the same article; a news list or comments in between do not.
    for prv_first, prv_last, prv_size in reversed(chains[:best]):
        gap = lines[prv_last + 1:first]
        if len(gap) > 3 or prv_size < 300 or any(g.widget in _LIST_WIDGETS for g in gap):
            break
        if prv_size < sum(len(ln.text) for ln in lines[prv_first:prv_last + 1] if ln.long):
            break
        first = prv_first
    return first, last


def _header(lines: list[_Line], first: int) -> tuple[int, str | None, set[int]]:
    """Walk up from the article for the headline and dateline. Returns (start, headline, positions to drop)."""
    start, title, has_date = first, None, False
    skip: set[int] = set()
    pos = first - 1
    seen = 0
    while pos >= 0 and seen < HEADER_WINDOW:
        ln = lines[pos]
        seen += 1
        key = _dedup_key(ln.text)
        if is_dateline(ln.text) and not has_date:
            has_date = True
        elif title is not None and key == _dedup_key(title):
            pass  # the headline repeated (page title and <h1>, or caption)
        elif ln.widget or ln.counter:
            skip.add(pos)  # a view counter or a print link between headline and article
            pos -= 1
            continue
        elif title is None and len(ln.text.split()) >= 6 and ln.text.endswith((".", "…")) and not ln.navlike:
            pass  # a short lead under the headline: part of the article, the headline is further up
        elif title is None and len(ln.text.split()) >= 4 and not ln.navlike and not ln.text.endswith(":") \
                and not ln.byline:
            title = ln.text
        else:
            break
        start = pos
        pos -= 1
    return start, title, {p for p in skip if p > start}


def _tail(lines: list[_Line], last: int) -> int:
    """The byline and source line after the article belong to it; nothing further does."""
    end = last
    for pos in range(last + 1, min(last + 4, len(lines))):
        ln = lines[pos]
        if ln.widget or ln.counter:
            break
        if ln.byline or _SOURCE_LINE.match(ln.text):
            end = pos
            if ln.byline:
                nxt = lines[pos + 1] if pos + 1 < len(lines) else None
                if nxt is not None and _SOURCE_LINE.match(nxt.text) and not nxt.widget:
                    end = pos + 1
                break
            continue
        break
    return end


_NUMBER_GOES_ON = re.compile(r"^\d[\d.,/%]*[.,;:…]?(?:\s+(\w)|$)")


def _continues(line: str) -> bool:
    """Starts in lower case (or with a number the sentence goes on from: "2021.", "15 tỉnh")."""
    if line[0].islower():
        return True
    m = _NUMBER_GOES_ON.match(line)
    return bool(m) and (m.group(1) is None or m.group(1).islower())


def _unwrap(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines (text saved from PDF or mail, cut at ~70 characters) back into paragraphs.

    A line is continued when it is long enough to have been wrapped, does not end a sentence, and the next
    line starts in lower case: menus and headlines start with a capital, so they are never glued on.
    """
    out: list[str] = []
    for line in lines:
        prev = out[-1] if out else ""
        if line and len(prev) >= 40 and not re.search(r"[.!?:;…]$", prev) and _continues(line) \
                and not is_dateline(prev):
            out[-1] = f"{prev} {line}"
        else:
            out.append(line)
    return out


def classify_lines(raw_lines: list[str]) -> Cleaned:
    """The line classifier: keep the article block, drop the rest with a reason for each line."""
    lines = []
    stripped = []
    for i, raw in enumerate(_unwrap([_norm(r) for r in raw_lines])):
        text = raw
        if not text:
            continue
        if len(text) < 120:
            cut = _INLINE_COUNTER.sub("", text)
            cut = cut.strip(" |") if cut != text else text
            if cut != text and cut and (is_dateline(cut) or len(cut.split()) >= 4):
                stripped.append({"line": text, "reason": "view counter cut from the line"})
                text = cut
        lines.append(_Line(i, text))
    span = _article_span(lines)
    if span is None:
        # No sentence-length line at all: a bulletin of short lines. Keep what is not a widget.
        kept = [ln.text for ln in lines if not ln.breaks or ln.byline]
        dropped = [{"line": ln.text, "reason": ln.widget or ("counter" if ln.counter else "navigation list")}
                   for ln in lines if ln.breaks and not ln.byline]
        return Cleaned(paragraphs=_dedup(kept, dropped), dropped=stripped + dropped)
    first, last = span
    start, title, skip = _header(lines, first)
    end = _tail(lines, last)
    paragraphs, dropped = [], list(stripped)
    kept_lines = []
    for pos, ln in enumerate(lines):
        if pos < start:
            dropped.append({"line": ln.text, "reason": ln.widget or ("counter" if ln.counter else "before the article (navigation)")})
        elif pos > end:
            dropped.append({"line": ln.text, "reason": ln.widget or ("counter" if ln.counter else "after the article (byline closes it)")})
        elif pos in skip or (ln.widget and pos not in (start, end)) or ln.counter:
            dropped.append({"line": ln.text, "reason": ln.widget or "counter"})
        else:
            kept_lines.append(ln.text)
    paragraphs = _dedup(kept_lines, dropped)
    return Cleaned(paragraphs=paragraphs, dropped=dropped, title_hint=title)


def _dedup(lines: list[str], dropped: list[dict]) -> list[str]:
    out, seen = [], set()
    for text in lines:
        key = _dedup_key(text)
        if key in seen:
            dropped.append({"line": text, "reason": "repeated line (caption or alt text)"})
            continue
        seen.add(key)
        out.append(text)
    return out


def clean_text(text: str) -> Cleaned:
    return classify_lines(text.split("\n"))


def clean_html(html: str) -> Cleaned:
    from indexer import htmlpage

    page = htmlpage.flatten(html)
    cleaned = classify_lines(page.lines)
    cleaned.dropped = page.dropped + cleaned.dropped
    cleaned.hints = page.hints
    cleaned.title_hint = htmlpage.choose_title(page, cleaned)
    return cleaned


def clean(text: str, is_html: bool) -> Cleaned:
    return clean_html(text) if is_html else clean_text(text)
