"""Separate the article from the page around it.

Two inputs: saved HTML pages, and text already flattened from pages, where the
menus, counters and comment forms stayed in as lines of their own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup

LONG_LINE = 80  # characters: a sentence of a report, not a menu item or a counter

_COUNTER = re.compile(r"\d[\d.,]*\s*(khách)?\s*$")
_DROP_TAGS = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg", "button", "select"]


@dataclass
class Cleaned:
    paragraphs: list[str]
    dropped: list[dict] = field(default_factory=list)  # {"line": str, "reason": str}
    title_hint: str | None = None  # <h1> or <title> of an HTML page


def _is_long(line: str) -> bool:
    return len(line) >= LONG_LINE


def _densest_block(lines: list[str], long_idx: list[int], max_gap: int = 3) -> tuple[int, int]:
    """The run of long lines, bridging at most max_gap short non-empty lines, with the most text."""
    best, best_size = (long_idx[0], long_idx[0]), -1
    start = prev = long_idx[0]
    size = len(lines[start])
    for i in long_idx[1:] + [None]:
        if i is not None and sum(1 for ln in lines[prev + 1:i] if ln) <= max_gap:
            size += len(lines[i])
            prev = i
            continue
        if size > best_size:
            best, best_size = (start, prev), size
        if i is not None:
            start = prev = i
            size = len(lines[i])
    return best


def clean_text(text: str) -> Cleaned:
    """Keep the block from a little before the first long line to a little after the last one."""
    lines = [ln.strip() for ln in text.split("\n")]
    long_idx = [i for i, ln in enumerate(lines) if _is_long(ln)]
    if not long_idx:
        kept = [ln for ln in lines if ln]
        return Cleaned(paragraphs=kept)
    first, last = _densest_block(lines, long_idx)
    # Headline and dateline stand just before the first long line; the byline just after the last.
    start = first
    seen = 0
    while start > 0 and seen < 3:
        prev = lines[start - 1]
        if prev:
            if _COUNTER.search(prev) and not re.search(r"\d{4}", prev):
                break
            seen += 1
        start -= 1
    end = last
    seen = 0
    while end + 1 < len(lines) and seen < 1:
        nxt = lines[end + 1]
        if nxt:
            if len(nxt.split()) > 6:
                break
            seen += 1
        end += 1
    paragraphs, dropped, seen_lines = [], [], set()
    for i, ln in enumerate(lines):
        if not ln:
            continue
        if i < start or i > end:
            dropped.append({"line": ln, "reason": "outside the article block"})
        elif ln in seen_lines:
            dropped.append({"line": ln, "reason": "repeated line (caption)"})
        else:
            seen_lines.add(ln)
            paragraphs.append(ln)
    return Cleaned(paragraphs=paragraphs, dropped=dropped)


_BLOCK_TAGS = ["h1", "h2", "h3", "h4", "p", "li", "td", "div", "figcaption", "blockquote"]
_CONTAINER_TAGS = set(_BLOCK_TAGS) | {"table"}


def _containers(elements) -> set[int]:
    """ids of the block elements that hold another block, in one pass.

    Asking each element ``el.find(...)`` costs its whole subtree: quadratic on
    deeply nested pages (10,000 nested blockquotes took a minute). Walking up
    from each block and stopping at an ancestor already walked is linear.
    """
    marked: set[int] = set()
    seen: set[int] = set()  # ancestors already walked: everything above them is done
    for el in elements:
        parent = el.parent
        while parent is not None and id(parent) not in seen:
            seen.add(id(parent))
            if parent.name in _CONTAINER_TAGS:
                marked.add(id(parent))
            parent = parent.parent
    return marked


def clean_html(html: str) -> Cleaned:
    soup = BeautifulSoup(html, "lxml")
    title_hint = None
    h1 = soup.find("h1")
    if h1 and h1.get_text(strip=True):
        title_hint = h1.get_text(" ", strip=True)
    elif soup.title and soup.title.string:
        title_hint = soup.title.string.strip()
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    body = soup.body or soup
    blocks = []
    elements = body.find_all(_BLOCK_TAGS)
    containers = _containers(elements)
    for el in elements:
        if id(el) in containers:
            continue  # a container: its children speak for it
        text = re.sub(r"\s+", " ", el.get_text(" ", strip=True))
        if text:
            blocks.append(text)
    cleaned = clean_text("\n".join(blocks))
    cleaned.title_hint = title_hint
    return cleaned


def clean(text: str, is_html: bool) -> Cleaned:
    return clean_html(text) if is_html else clean_text(text)
