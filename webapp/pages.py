"""The pages people use: search with facets and timeline, a facet's full list, one document, its original file."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for

from indexer import query as q
from indexer.schema import FACETS
from indexer.search import QueryError, highlight_html
from webapp import facets as facet_views
from webapp import originals, timeline
from webapp.search_service import PARAMS as SEARCH_PARAMS
from webapp.search_service import search_args, searcher
from webapp.state import SearchState

bp = Blueprint("pages", __name__)

SIMILAR_LIMIT = 5
FACET_PAGE_MAX = 2000  # values listed on a facet's own page (the filter box narrows the rest)
PAGINATION_WINDOW = 2


def label(kind: str, value) -> str:
    labels = current_app.extensions["ttdn_labels"]
    return labels.get(kind, {}).get(value, value) if value is not None else ""


def number(n) -> str:
    """Vietnamese digit grouping: 12.345."""
    try:
        return f"{int(n):,}".replace(",", ".")
    except (TypeError, ValueError):
        return str(n)


def duration(ms) -> str:
    try:
        ms = float(ms)
    except (TypeError, ValueError):
        return ""
    if ms >= 1000:
        return f"{ms / 1000:.2f} giây".replace(".", ",")
    return f"{ms:.0f} ms" if ms >= 10 else f"{ms:.1f} ms".replace(".", ",")


def external_url(url) -> str | None:
    """A link target only for http(s) URLs: a sidecar's `javascript:` URL must not become a link."""
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return url
    return None


def as_list(value) -> list:
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


@bp.app_context_processor
def helpers():
    return {"label": label, "facet_keys": list(FACETS), "number": number, "duration": duration,
            "external_url": external_url, "as_list": as_list}


def _empty_result(args: SearchState) -> dict:
    return {"query": args.q, "total": 0, "page": 1, "per_page": 10, "took_ms": 0, "hits": [],
            "facets": {}, "suggestion": None}


def _title(state: SearchState, result: dict, error: str | None) -> str:
    parts = []
    if state.q.strip():
        parts.append(f"“{state.q.strip()[:80]}”")
    chosen = [label(key, v) for key, v in state.filters]
    if state.first("date_from") or state.first("date_to"):
        chosen.append(f"{vn_date(state.first('date_from')) or '…'} – {vn_date(state.first('date_to')) or '…'}")
    if chosen:
        parts.append(", ".join(chosen[:6]) + (" …" if len(chosen) > 6 else ""))
    parts.append("lỗi tham số" if error else f"{number(result['total'])} kết quả")
    if result.get("page", 1) > 1:
        parts.append(f"trang {result['page']}")
    return " · ".join(parts) + " – Tìm kiếm TTĐN"


def _pages(result: dict, state: SearchState) -> list[dict]:
    """Page links: first, a window around the current page, last; None marks a gap."""
    per_page = max(1, int(result.get("per_page") or 10))
    last = max(1, -(-int(result["total"]) // per_page))
    last = min(last, 10_000)
    current = int(result.get("page") or 1)
    shown = sorted({1, last, *range(max(1, current - PAGINATION_WINDOW), min(last, current + PAGINATION_WINDOW) + 1)})
    out, previous = [], 0
    for n in shown:
        if n - previous > 1:
            out.append(None)
        out.append({"number": n, "url": state.at_page(n).url(), "current": n == current})
        previous = n
    return out if last > 1 else []


def vn_date(iso: str) -> str:
    """2019-12-31 → 31/12/2019, the way Vietnamese write dates; anything else as given."""
    parts = iso.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return "/".join(reversed(parts))
    return iso


def _chips(state: SearchState) -> list[dict]:
    chips = [{"label": f"{label('facets', key)}: {label(key, v)}", "url": state.toggled(key, v).url()}
             for key, v in state.filters]
    for name, text in (("date_from", "Từ ngày"), ("date_to", "Đến ngày")):
        if state.first(name):
            chips.append({"label": f"{text}: {vn_date(state.first(name))}", "url": state.without(name).url()})
    return chips


@bp.get("/")
def index():
    state = SearchState.from_args(request.args)
    error = None
    try:
        args = search_args(request.args)
        result = searcher().search(**args)
    except QueryError as e:
        error, args, result = str(e), None, _empty_result(state)
    sort = result.get("sort") or (args or {}).get("sort") or ("relevance" if state.q.strip() else "newest")
    sidebar = [facet_views.describe(key, result["facets"].get(key, []), state, label, "pages.facet")
               for key in FACETS]
    context = dict(
        r=result, state=state, error=error, sort=sort, facets=sidebar, chips=_chips(state),
        page_title=_title(state, result, error), pages=_pages(result, state),
        chart=None if error else timeline.build(result["facets"].get("year", []), state),
        sort_links=[{"value": s, "label": label("sort", s), "url": state.sorted_by(s).url(), "current": s == sort}
                    for s in ("relevance", "newest", "oldest") if s != "relevance" or state.q.strip()],
    )
    return render_template("search.html", **context), 400 if error else 200


@bp.get("/facets/<key>")
def facet(key):
    """One facet's full list, with a filter box: the "show more" of the sidebar, without JavaScript."""
    if key not in FACETS:
        abort(404)
    state = SearchState.from_args(request.args)
    text_filter = request.args.get("fq", "")[:200]
    page_state = SearchState({k: v for k, v in state.params.items() if k != "fq"})
    result = searcher().search(**{**search_args(request.args, extra={"fq"}), "page": 1, "per_page": 1})
    view = facet_views.describe(key, result["facets"].get(key, []), page_state, label, None,
                                limit=FACET_PAGE_MAX, max_values=FACET_PAGE_MAX, text_filter=text_filter)
    # The form re-submits every other parameter; this facet's values come from its checkboxes.
    hidden = page_state.without(key, "page").items()
    return render_template("facet.html", facet=view, key=key, state=page_state, hidden=hidden,
                           text_filter=text_filter, back_url=page_state.url(),
                           page_title=f"{view.label} – Tìm kiếm TTĐN")


@bp.get("/documents/<path:doc_id>")
def document(doc_id):
    s = searcher()
    doc = s.document(doc_id)
    if doc is None:
        abort(404)
    query_text = request.args.get("q", "")[:getattr(q, "MAX_QUERY_CHARS", 1000)]
    parsed = q.parse(query_text)
    paragraphs = [(para, highlight_html(para, parsed, whole=True)) for para in (doc.get("body") or "").split("\n\n")
                  if para.strip()]
    similar = []
    if hasattr(s, "similar"):
        try:
            similar = [h for h in (s.similar(doc_id, limit=SIMILAR_LIMIT) or []) if h.get("id") != doc_id]
        except (QueryError, KeyError, ValueError, LookupError):
            current_app.logger.warning("similar documents failed for %s", doc_id, exc_info=True)
    titles = doc.get("official_titles") or {}
    officials = [{"name": name, "title": titles.get(name) if isinstance(titles, dict) else None}
                 for name in as_list(doc.get("officials"))]
    return render_template("document.html", doc=doc, paragraphs=paragraphs, q=query_text, similar=similar,
                           officials=officials, has_original=bool(doc.get("path")), back_url=back_to_search(request.args),
                           marked=sum(1 for _, m in paragraphs if m))


@bp.get("/original/<path:doc_id>")
def original(doc_id):
    """The original file's text as plain UTF-8, found under a recorded corpus root and nowhere else."""
    doc = searcher().document(doc_id)
    if doc is None or not doc.get("path"):
        abort(404)
    roots = originals.configured_roots(current_app.config.get("TTDN_CORPUS"))
    roots += originals.recorded_roots(current_app.config["TTDN_INDEX"])
    path = originals.locate(doc["path"], roots)
    text = originals.original_text(path) if path else None
    if text is None:
        abort(404, description="Không tìm thấy tệp gốc của tài liệu này trong kho dữ liệu.")
    return Response(text, mimetype="text/plain", headers={
        "Content-Disposition": f"inline; filename*=UTF-8''{_quote(path.name)}"})


def _quote(name: str) -> str:
    from urllib.parse import quote
    return quote(name, safe="")


@bp.get("/favicon.ico")
def favicon():
    return current_app.send_static_file("favicon.svg")


@bp.app_template_global()
def document_url(doc_id: str, state: SearchState | None = None) -> str:
    """A document's page; with the search's state, so that it can highlight the query and link back."""
    return state.url("pages.document", doc_id=doc_id) if state else url_for("pages.document", doc_id=doc_id)


def back_to_search(args) -> str:
    """The search a document was opened from (its parameters ride along on the document's URL)."""
    return SearchState({k: args.getlist(k) for k in args if k in FACETS or k in SEARCH_PARAMS}).url()
