"""The research site: Flask app factory, per-request archive, one shared search index per app.

Every HTML page has a JSON twin built by the same view function (a plain dict), as Datasette does.
"""
from __future__ import annotations

from flask import Flask

from archive import Config
from webapp import articles, exports, search, sources, wording
from webapp.resources import close_archive, init_index
from webapp.security import add_security_headers
from webapp.views import register_error_handlers, register_template_helpers


def create_app(config: Config, **overrides) -> Flask:
    """Build the site for one archive; ``overrides`` go into ``app.config`` (e.g. TESTING=True)."""
    app = Flask(__name__)
    app.config.update(
        MAX_PER_PAGE=100,
        EXPORT_LIMIT=100_000,
        FEED_SIZE=50,
        SEND_FILE_MAX_AGE_DEFAULT=3600,
    )
    app.config.update(overrides)
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    init_index(app, config)
    app.teardown_appcontext(close_archive)
    app.after_request(add_security_headers)
    register_template_helpers(app)
    register_error_handlers(app)
    for module in (search, articles, sources, exports, wording):
        app.register_blueprint(module.bp)
    return app


__all__ = ["create_app"]
