"""Hostile documents and requests against the web app: everything is shown as text, every response carries
the security headers, no path leaves the index or the corpus, and the server listens on loopback (issue 7)."""
from __future__ import annotations

import os
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

import webserver
from bs4 import BeautifulSoup

import hostile_corpus
from indexer.build import build

PAYLOAD = "<script>alert(1)</script>"
HOSTILE_IDS = ("hostile/bao-cao", "hostile/trang")
URL_ATTRS = ("href", "src", "action", "formaction", "xlink:href", "data", "poster")


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    """A corpus whose text and metadata carry markup, indexed for real, served by the app factory."""
    tmp = tmp_path_factory.mktemp("xss")
    corpus = hostile_corpus.markup_corpus(tmp / "corpus", PAYLOAD)
    index = tmp / "index"
    report = build([corpus], index, workers=1)
    assert report["documents"] == 2, report
    from webapp import create_app

    app = create_app({"TTDN_INDEX": str(index), "TTDN_CORPUS": str(corpus), "TESTING": True})
    return app, corpus, tmp


@pytest.fixture()
def hclient(hostile_app):
    return hostile_app[0].test_client()


def assert_inert(html: str, where: str) -> BeautifulSoup:
    """Nothing in the page can run: scripts only from /static/, no event handlers, no javascript: URLs."""
    soup = BeautifulSoup(html, "lxml")
    for script in soup.find_all("script"):
        assert script.get("src", "").startswith("/static/") and not script.get_text(strip=True), (where, str(script))
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), (where, str(tag)[:200])
            if name.lower() in URL_ATTRS:
                target = "".join(value if isinstance(value, list) else [value]).strip().lower()
                assert not target.startswith(("javascript:", "vbscript:", "data:text")), (where, str(tag)[:200])
    # markup carried by the documents (an <iframe>, an <img src=x>, a <b> in a title) must not become tags
    assert not soup.find_all(["iframe", "object", "embed", "frame", "base"]), where
    for img in soup.find_all("img"):
        assert img.get("src", "").startswith(("/", "data:image/")), (where, str(img)[:200])
    assert not [b for b in soup.find_all("b") if "đậm" in b.get_text()], where
    return soup


def test_search_page_shows_query_and_documents_as_text(hclient):
    resp = hclient.get("/", query_string={"q": PAYLOAD})
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    soup = assert_inert(html, "search page")
    assert PAYLOAD not in html
    assert soup.find("input", attrs={"name": "q"})["value"] == PAYLOAD  # shown back to the user, as text
    # the hostile document is found and its markup is shown as text
    everything = hclient.get("/", query_string={"q": "rbxss01"}).get_data(as_text=True)
    soup = assert_inert(everything, "search page, hit")
    assert "<script>alert(1)</script>" in soup.get_text() and "&lt;script&gt;" in everything


def test_document_pages_show_markup_as_text(hclient):
    for doc_id in HOSTILE_IDS:
        resp = hclient.get(f"/documents/{doc_id}", query_string={"q": PAYLOAD})
        assert resp.status_code == 200, doc_id
        html = resp.get_data(as_text=True)
        soup = assert_inert(html, doc_id)
        assert PAYLOAD not in html
        assert "<script>alert(1)</script>" in soup.get_text() or "<script>alert(1)</script>" in soup.get_text(" ")


def test_error_and_facet_pages_echo_input_as_text(hclient):
    for path, params in (("/", {"page": PAYLOAD}), ("/", {PAYLOAD: "1"}), ("/", {"date_from": PAYLOAD}),
                         ("/", {"province": PAYLOAD}), (f"/documents/{PAYLOAD}", {}),
                         ("/facets/province", {"q": PAYLOAD, "fq": PAYLOAD}), ("/facets/" + PAYLOAD, {})):
        resp = hclient.get(path, query_string=urllib.parse.urlencode(params))
        assert resp.status_code in (200, 400, 404), (path, params, resp.status_code)
        html = resp.get_data(as_text=True)
        assert_inert(html, f"{path} {params}")
        assert PAYLOAD not in html, (path, params)


def test_api_csv_and_original_are_never_html(hclient):
    api = hclient.get("/api/search", query_string={"q": PAYLOAD})
    assert api.mimetype == "application/json"
    api_doc = hclient.get("/api/documents/hostile/bao-cao")
    assert api_doc.mimetype == "application/json" and PAYLOAD in api_doc.get_json()["title"]  # data, as stored
    csv = hclient.get("/export.csv", query_string={"q": "rbxss01"})
    assert csv.mimetype == "text/csv" and "attachment" in csv.headers["Content-Disposition"]
    original = hclient.get("/original/hostile/trang")
    if original.status_code != 404:  # the original-file view, where the web app offers one
        assert original.status_code == 200 and original.mimetype == "text/plain"
        assert "&lt;script&gt;" in original.get_data(as_text=True)
    for resp in (api, api_doc, csv, original):
        assert resp.headers["X-Content-Type-Options"] == "nosniff"


SECURITY_URLS = ["/", "/?q=biên giới", "/?page=abc", "/api/search?q=a", "/api/search?page=0", "/export.csv?q=a",
                 "/documents/hostile/bao-cao", "/documents/khong-co", "/api/documents/khong-co", "/static/style.css",
                 "/facets/province", "/original/hostile/bao-cao", "/khong-co-trang-nay"]


@pytest.mark.parametrize("url", SECURITY_URLS)
def test_security_headers_on_every_response(hclient, url):
    resp = hclient.get(url)
    assert resp.status_code < 500, url
    csp = resp.headers.get("Content-Security-Policy", "")
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
    assert "default-src" in directives and "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, csp
    assert "*" not in directives.get("script-src", directives["default-src"])
    assert directives.get("frame-ancestors") == ["'none'"]
    assert resp.headers.get("X-Content-Type-Options") == "nosniff"
    assert resp.headers.get("Referrer-Policy") in ("no-referrer", "same-origin", "strict-origin-when-cross-origin",
                                                   "strict-origin")


def test_pages_need_no_inline_script_or_style(hclient):
    """The CSP forbids inline code and styles: a page that relied on them would break in the browser."""
    for url in ("/", "/?q=biên giới", "/documents/hostile/bao-cao", "/facets/province", "/?page=abc",
                "/documents/khong-co"):
        soup = BeautifulSoup(hclient.get(url).get_data(as_text=True), "lxml")
        assert not soup.find("style"), url
        offending = [str(t)[:120] for t in soup.find_all(style=True)]
        assert not offending, (url, offending)
        for script in soup.find_all("script"):
            assert script.get("src") and not script.get_text(strip=True), (url, str(script)[:120])


TRAVERSALS = ["../../../../etc/passwd", "..%2f..%2f..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
              "%252e%252e%252fetc%252fpasswd", "....//....//etc/passwd", "..\\..\\..\\etc\\passwd", "/etc/passwd",
              "%2fetc%2fpasswd", "hostile/../../../setup.cfg", "hostile/bao-cao/../../../../etc/passwd",
              "hostile/bao-cao%00.txt", "hostile/%00", "~root/.bashrc", "file:///etc/passwd", ".", "..", "hostile/.",
              "hostile/bao-cao.meta", "../index/CURRENT", "..%c0%af..%c0%afetc/passwd"]


@pytest.mark.parametrize("prefix", ["/documents/", "/original/", "/api/documents/"])
def test_path_traversal_gets_404(hclient, prefix):
    leaks = ("root:x:0:0", "[metadata]", "gen-0")
    for attempt in TRAVERSALS:
        # "//etc" is first redirected to "/etc" under the same prefix (Werkzeug merges slashes): follow it
        resp = hclient.get(prefix + attempt, follow_redirects=True)
        body = resp.get_data(as_text=True)
        assert resp.status_code == 404, (prefix + attempt, resp.status_code)
        assert not any(leak in body for leak in leaks), prefix + attempt


def test_static_files_stay_in_static(hclient):
    for attempt in ("../__init__.py", "..%2f__init__.py", "%2e%2e/security.py", "../../setup.cfg", "/etc/passwd"):
        resp = hclient.get("/static/" + attempt, follow_redirects=True)
        assert resp.status_code == 404, attempt


def test_original_view_refuses_a_symlink_leading_out_of_the_corpus(hostile_app, tmp_path):
    app, corpus, tmp = hostile_app
    outside = tmp / "bi-mat.txt"
    outside.write_text(hostile_corpus.report_text("rbxss09", "Hà Giang"), encoding="utf-8")
    link = corpus / "hostile" / "lien-ket.txt"
    os.symlink(outside, link)
    try:
        index = tmp_path / "index"
        build([corpus], index, workers=1)
        from webapp import create_app

        client = create_app({"TTDN_INDEX": str(index), "TESTING": True}).test_client()
        if client.get("/original/hostile/trang").status_code == 404:
            pytest.skip("the web app offers no original-file view")
        resp = client.get("/original/hostile/lien-ket")
        assert resp.status_code == 404
        assert "rbxss09" not in resp.get_data(as_text=True)
    finally:
        link.unlink()


# -- binding -------------------------------------------------------------------------------------------------

def _listening(port: int) -> set[str]:
    """Local addresses listening on port, from /proc/net/tcp and tcp6 (hex, as the kernel writes them)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            addr, p = local.split(":")
            if int(p, 16) == port and state == "0A":  # LISTEN
                found.add(addr)
    return found


def _serve(index, host="127.0.0.1"):
    proc, url = webserver.start(index, host=host)
    return proc, int(url.rsplit(":", 1)[1])


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux /proc/net/tcp")
def test_server_binds_loopback_unless_told_otherwise(corpus_index):
    proc, port = _serve(corpus_index)
    try:
        assert _listening(port) == {"0100007F"}  # 127.0.0.1 only: not 0.0.0.0, not ::
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=", timeout=30) as resp:
            assert resp.status == 200
    finally:
        webserver.stop(proc)
    proc, port = _serve(corpus_index, host="127.0.0.2")  # told otherwise: that address, still not the network
    try:
        assert _listening(port) == {"0200007F"}
    finally:
        webserver.stop(proc)
