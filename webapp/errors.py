"""Errors as messages that say what to do: JSON for the API, a page for people. Never a traceback."""
from __future__ import annotations

from flask import jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from indexer.search import IndexMissing, QueryError


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path.endswith(".csv")


def _respond(status: int, message: str):
    if _wants_json():
        return jsonify(error=message), status
    return render_template("error.html", status=status, message=message), status


def register(app):
    @app.errorhandler(QueryError)
    def bad_query(e):
        return _respond(400, str(e))

    @app.errorhandler(IndexMissing)
    def no_index(e):
        return _respond(503, str(e))

    @app.errorhandler(HTTPException)
    def http_error(e):
        messages = {404: "Không tìm thấy trang hoặc tài liệu này.", 405: "Phương thức không được hỗ trợ."}
        # A view's own description ("Không tìm thấy tệp gốc …") wins over the generic message.
        custom = e.description if e.description != type(e).description else None
        return _respond(e.code or 500, custom or messages.get(e.code, e.description))

    @app.errorhandler(Exception)
    def unexpected(e):
        app.logger.exception("unexpected error")
        return _respond(500, "Lỗi máy chủ. Hãy thử lại; nếu lỗi còn, báo cho quản trị viên.")
