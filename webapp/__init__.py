"""The research site: Flask app factory, per-request archive, one shared search index per app.

Every HTML page has a JSON twin built by the same view function (a plain dict), as Datasette does.
Settings come from ``config.section("web")`` (see webapp.settings); absolute URLs from
``config.base_url`` when it is set, else from the request's Host (see webapp.links).
"""
from __future__ import annotations

from flask import Flask

from archive import Config
from webapp import (articles, documents, exports, research, resources, search, security, sources, terms, views,
                    wording)


def create_app(config: Config, **overrides) -> Flask:
    """Build the site for one archive; ``overrides`` go into ``app.config`` (e.g. TESTING=True).

    Raises archive.ConfigError for a bad web setting or base_url.
    """
    app = Flask(__name__)
    app.config.update(SEND_FILE_MAX_AGE_DEFAULT=3600)
    app.config.update(overrides)
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    resources.init_app(app, config)
    security.init_app(app)
    views.init_app(app)
    for module in (search, articles, documents, sources, exports, wording, research, terms):
        app.register_blueprint(module.bp)
    return app


__all__ = ["create_app"]
