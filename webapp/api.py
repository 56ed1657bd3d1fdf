"""JSON API and CSV export (DESIGN.md, "HTTP")."""
from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, abort, jsonify, request

from indexer.search import validate
from webapp.search_service import search_args, searcher

bp = Blueprint("api", __name__)

CSV_MAX_ROWS = 10_000
CSV_COLUMNS = ["id", "title", "date", "province", "kind", "source", "topics", "countries", "cited_documents",
               "officials", "url"]


@bp.get("/api/search")
def api_search():
    return jsonify(searcher().search(**search_args(request.args)))


@bp.get("/api/documents/<path:doc_id>")
def api_document(doc_id):
    doc = searcher().document(doc_id)
    if doc is None:
        abort(404)
    return jsonify(doc)


@bp.get("/export.csv")
def export_csv():
    """Every hit of the search (up to CSV_MAX_ROWS), UTF-8 with a BOM so that Excel reads the diacritics."""
    s = searcher()
    args = search_args(request.args)
    # The export ignores paging, but a wrong page or per_page still gets the same 400 as the API.
    validate(args["filters"], args["sort"], args["page"], args["per_page"], args["date_from"], args["date_to"])
    args.update(page=1, per_page=100)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    rows = 0
    while rows < CSV_MAX_ROWS:
        r = s.search(**args)
        for hit in r["hits"]:
            doc = s.document(hit["id"]) or {}
            row = []
            for col in CSV_COLUMNS:
                value = doc.get(col, hit.get(col))
                row.append("; ".join(value) if isinstance(value, list) else ("" if value is None else value))
            writer.writerow(row)
            rows += 1
        if args["page"] * args["per_page"] >= r["total"]:
            break
        args["page"] += 1
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="ttdn-ket-qua.csv"'})
