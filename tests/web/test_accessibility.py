"""WCAG AA contrast of the colours the stylesheet uses, computed from style.css itself
(so that a colour change that breaks contrast fails here), and keyboard basics in the markup."""
from __future__ import annotations

import re
from pathlib import Path

from pagetools import soup

CSS = (Path(__file__).resolve().parents[2] / "webapp" / "static" / "style.css").read_text(encoding="utf-8")
VARIABLES = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\b", CSS))


def luminance(hex_colour: str) -> float:
    if len(hex_colour) == 4:
        hex_colour = "#" + "".join(c * 2 for c in hex_colour[1:])
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(VARIABLES.get(a, a)), luminance(VARIABLES.get(b, b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_text_colours_meet_aa():
    text_pairs = [("fg", "bg"), ("muted", "bg"), ("accent", "bg"), ("muted", "accent-bg"), ("accent", "accent-bg"),
                  ("fg", "mark"), ("#ffffff", "accent"), ("muted", "#f6f8fa"), ("accent", "#f6f8fa"),
                  ("fg", "#fff8e1"), ("fg", "#fdf3f2"), ("#ffffff", "#083c69")]
    for fg, bg in text_pairs:
        assert contrast(fg, bg) >= 4.5, (fg, bg, round(contrast(fg, bg), 2))


def test_graphics_and_focus_rings_meet_3_to_1():
    for colour, bg in [("bar", "bg"), ("bar-selected", "bg"), ("focus", "bg"), ("focus", "accent-bg"), ("#5f6b7a", "bg")]:
        assert contrast(colour, bg) >= 3, (colour, bg, round(contrast(colour, bg), 2))
    assert ":focus-visible" in CSS and "outline: 3px solid var(--focus)" in CSS


def test_keyboard_basics_in_the_markup(wide):
    page = soup(wide.get("/", query_string={"q": "biên giới"}))
    assert page.select_one("a.skip")["href"] == "#main" and page.select_one("main#main")
    assert not page.select("[tabindex]:not([tabindex='-1'])"), "no positive tabindex reorders the page"
    for box in page.select("input[type=checkbox]"):
        assert page.find(id=box["aria-labelledby"]).get_text(strip=True), "every checkbox has a name"
    for field in page.select("input:not([type=checkbox]):not([type=hidden])"):
        assert page.select_one(f"label[for='{field['id']}']"), field
    live = page.select_one("#live")
    assert live["aria-live"] == "polite" and not live.find_parent(id="layout"), "the live region survives updates"
    assert page.select_one("nav.pages") is None or page.select_one("nav.pages")["aria-label"]
