"""The pages people use: search, and one document."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, url_for

from indexer import query as q
from indexer.schema import FACETS
from indexer.search import highlight_html
from webapp.search_service import search_args, searcher

bp = Blueprint("pages", __name__)


def label(kind: str, value) -> str:
    labels = current_app.extensions["ttdn_labels"]
    return labels.get(kind, {}).get(value, value) if value is not None else ""


@bp.app_context_processor
def helpers():
    return {"label": label, "facet_keys": list(FACETS)}


@bp.get("/")
def index():
    args = search_args(request.args)
    result = searcher().search(**args)

    def toggle_url(key, value):
        params = request.args.to_dict(flat=False)
        values = params.get(key, [])
        params[key] = [v for v in values if v != value] if value in values else values + [value]
        params.pop("page", None)
        return url_for("pages.index", **params)

    def page_url(page):
        params = request.args.to_dict(flat=False)
        params["page"] = [str(page)]
        return url_for("pages.index", **params)

    return render_template("search.html", r=result, args=args, toggle_url=toggle_url, page_url=page_url)


@bp.get("/documents/<path:doc_id>")
def document(doc_id):
    doc = searcher().document(doc_id)
    if doc is None:
        abort(404)
    parsed = q.parse(request.args.get("q", ""))
    paragraphs = [(para, highlight_html(para, parsed, whole=True)) for para in doc["body"].split("\n\n")]
    return render_template("document.html", doc=doc, paragraphs=paragraphs, q=request.args.get("q", ""))
