"""A saved HTML page → lines of text, minus what the markup itself marks as page furniture.

What the markup says is used first: scripts, forms' widgets, <nav>/<aside>,
headers and footers outside the article, and elements whose class or id names
a widget (menu, breadcrumb, comments, share, related, poll, counter …, list
in data/boilerplate.json). An element that holds the page's <h1> or most of
its text is never removed whatever its class says (WordPress puts
"category-…" on the <article> itself). Block elements and <br> become line
breaks, so a layout table's cell or a <br><br>-separated article reads as
lines; the line classifier in boilerplate.py then finds the article among
them. The page's own metadata (og:title, article:published_time, JSON-LD,
<time datetime>, og:site_name) is kept as hints for metadata.extract.

Everything here walks the tree iteratively: pages with thousands of nested
elements exist and must not hit the recursion limit or go quadratic.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from bs4 import BeautifulSoup, Comment, Tag
from bs4.element import CData, NavigableString

from indexer import data

BLOCK_TAGS = {"p", "div", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "blockquote",
              "section", "article", "header", "footer", "dd", "dt", "table", "ul", "ol", "pre", "address", "main",
              "form", "center", "figure", "dl", "hr", "caption", "tbody"}
_TEXT_TYPES = (NavigableString, CData)  # what get_text() keeps: not comments, doctypes, script text
_TITLE_SEPARATORS = re.compile(r"\s+(?:[-–—|»›>:]{1,2})\s+")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


@dataclass
class Page:
    lines: list[str]
    dropped: list[dict] = field(default_factory=list)
    hints: dict = field(default_factory=dict)
    titles: list[str] = field(default_factory=list)  # headline candidates, best first


@lru_cache(maxsize=1)
def _config():
    cfg = data.load_json("boilerplate.json")
    return set(cfg["html_drop_tags"]), set(cfg["html_furniture_tags"]), frozenset(cfg["html_class_tokens"])


def _tokens(el: Tag) -> set[str]:
    names = list(el.get("class") or [])
    if el.get("id"):
        names.append(el["id"])
    out = set()
    for name in names:
        for part in re.split(r"[-_\s]+", _CAMEL.sub(" ", str(name))):
            if part:
                out.add(part.lower())
    return out


def _gone(el) -> bool:
    """Removed with an ancestor already. (Tag.decomposed goes through __getattr__, a tree search, on some bs4.)"""
    return el.__dict__.get("_decomposed", False)


def _text(el) -> str:
    return _SPACES.sub(" ", el.get_text(" ", strip=True)).strip()


def _hints(soup: BeautifulSoup) -> tuple[dict, list[str]]:
    hints: dict = {}
    titles: list[str] = []

    metas: dict[str, str] = {}
    for el in soup.find_all("meta"):  # one pass: a find() per key scans the whole tree each time
        content = el.get("content")
        if content:
            for attr in ("property", "name", "itemprop"):
                if el.get(attr):
                    metas.setdefault(str(el[attr]).lower(), content.strip())

    def meta(*keys):
        for key in keys:
            if metas.get(key.lower()):
                return metas[key.lower()]
        return None

    date = meta("article:published_time", "datePublished", "pubdate", "date", "dc.date", "og:published_time")
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            obj = json.loads(script.string or "")
        except (ValueError, TypeError):
            continue
        for item in obj if isinstance(obj, list) else [obj]:
            if not isinstance(item, dict):
                continue
            date = date or item.get("datePublished")
            if isinstance(item.get("headline"), str):
                titles.append(item["headline"].strip())
            author = item.get("author")
            if isinstance(author, dict) and isinstance(author.get("name"), str):
                hints.setdefault("authors", [author["name"].strip()])
    if date:
        hints["date"] = date
    t = soup.find("time", attrs={"datetime": True})
    if t:  # weaker: a <time> may be the header's "today" or a comment's date
        hints["time_date"] = t["datetime"]
    site = meta("og:site_name")
    if site:
        hints["source"] = site
    url = meta("og:url")
    if url:
        hints["url"] = url
    h1 = soup.find("h1")
    if h1 and _text(h1):
        titles.insert(0, _text(h1))
    og = meta("og:title", "twitter:title")
    if og:
        titles.append(og)
    if soup.title and soup.title.string:
        whole = _SPACES.sub(" ", soup.title.string).strip()
        parts = [p for p in _TITLE_SEPARATORS.split(whole) if p]
        # Sites put their name first or last; the longest part is the headline more often than not.
        titles.extend(sorted(parts, key=len, reverse=True))
        titles.append(whole)
    return hints, [t for t in dict.fromkeys(titles) if t]


def _protected(el: Tag, total: int) -> bool:
    if el.name in ("body", "html"):
        return True
    if el.find("h1") is not None:
        return True
    return total > 0 and len(el.get_text()) > 0.5 * total


def flatten(html: str) -> Page:
    soup = BeautifulSoup(html, "lxml")
    hints, titles = _hints(soup)
    drop_tags, furniture_tags, class_tokens = _config()
    dropped: list[dict] = []
    for c in soup.find_all(string=lambda s: isinstance(s, Comment)):
        c.extract()
    if soup.head:
        soup.head.decompose()
    for el in soup.find_all(drop_tags):
        if not _gone(el):
            el.decompose()
    body = soup.body or soup
    total = len(body.get_text())

    def remove(el: Tag, reason: str) -> None:
        for line in el.get_text("\n").split("\n"):
            line = _SPACES.sub(" ", line).strip()
            if line:
                dropped.append({"line": line, "reason": reason})
        el.decompose()

    for el in body.find_all(True):
        if _gone(el):
            continue
        name = el.name
        if name in furniture_tags and not _protected(el, total):
            remove(el, f"page furniture (<{name}>)")
        elif name in ("header", "footer") and el.find("h1") is None and el.find_parent(["article", "main"]) is None:
            remove(el, f"page furniture (<{name}>)")
        elif name == "form" and len(el.get_text()) < 400:
            remove(el, "form (comment, search, poll or rating)")
        else:
            hit = _tokens(el) & class_tokens
            if hit and not _protected(el, total):
                remove(el, f"page furniture (class or id '{sorted(hit)[0]}')")
    lines = [_SPACES.sub(" ", ln).strip() for ln in _block_text(body).split("\n")]
    return Page(lines=[ln for ln in lines if ln], dropped=dropped, hints=hints, titles=titles)


def _block_text(root: Tag) -> str:
    """The text with a line break around every block and at every <br>, in one walk.

    Inserting "\n" strings into the tree (el.append) makes BeautifulSoup walk each
    element's subtree: quadratic on a page nested 10,000 levels deep (37 s).
    """
    out: list[str] = []
    stack: list = [root]
    while stack:
        node = stack.pop()
        if node is None:  # the end of a block
            out.append("\n")
        elif isinstance(node, Tag):
            if node.name == "br":
                out.append("\n")
                continue
            if node.name in BLOCK_TAGS:
                out.append("\n")
                stack.append(None)
            stack.extend(reversed(node.contents))
        elif type(node) in _TEXT_TYPES:
            out.append(str(node))
    return "".join(out)


def choose_title(page: Page, cleaned) -> str | None:
    """The page's headline: a candidate from the markup that also stands as a line of the page, else the best guess."""
    kept = {re.sub(r"\s+", " ", p).strip().lower() for p in cleaned.paragraphs}
    all_lines = {ln.lower() for ln in page.lines}
    for cand in page.titles:
        if cand.lower() in kept:
            return cand
    if cleaned.title_hint:
        return cleaned.title_hint
    for cand in page.titles:
        if cand.lower() in all_lines and len(cand.split()) >= 4:
            return cand
    return page.titles[0] if page.titles else None
