"""Security headers on every response.

The app runs on an office server and shows text taken from hundreds of
provincial web pages: even if a template ever forgot to escape a value, the
Content-Security-Policy below (no inline script or style, nothing from other
origins) keeps an injected ``<script>`` from running, and ``nosniff`` stops a
browser from treating a downloaded CSV or original file as HTML.
"""
from __future__ import annotations

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def register(app) -> None:
    """Add the headers to every response (pages, API, CSV, static files, errors)."""

    @app.after_request
    def _security_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response
