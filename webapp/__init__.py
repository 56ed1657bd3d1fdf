"""TTĐN search web app: the search page, document pages, JSON API and CSV export."""
from __future__ import annotations

import json
import os
from importlib import resources

from flask import Flask

from indexer.build import default_index_dir


def create_app(config: dict | None = None) -> Flask:
    """App factory. Configuration: defaults, then $TTDN_INDEX, then $TTDN_SETTINGS (a Python file), then `config`."""
    app = Flask(__name__)
    # TTDN_CORPUS: corpus folders (os.pathsep-separated) for original files, when the index does not record them.
    app.config.update(TTDN_INDEX=str(default_index_dir()), TTDN_CORPUS=os.environ.get("TTDN_CORPUS") or None,
                      JSON_AS_ASCII=False)
    if os.environ.get("TTDN_SETTINGS"):
        app.config.from_envvar("TTDN_SETTINGS")
    if config:
        app.config.update(config)
    app.json.ensure_ascii = False
    app.extensions["ttdn_labels"] = json.loads(resources.files(__name__).joinpath("labels.json").read_text("utf-8"))

    from webapp import api, errors, pages, security

    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    errors.register(app)
    security.register(app)
    return app
