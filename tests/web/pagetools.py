"""Reading HTML in the web tests."""
from __future__ import annotations

from bs4 import BeautifulSoup


def soup(response) -> BeautifulSoup:
    """Parsed HTML of a test-client response (or of an HTML string)."""
    html = response if isinstance(response, str) else response.get_data(as_text=True)
    return BeautifulSoup(html, "html.parser")
