"""What a request needs, set up once by ``init_app(app, config)`` (Flask's extension pattern): the config,
the web settings, the app's shared search index, and the archive (opened per request on ``g``)."""
from __future__ import annotations

import logging

from flask import Flask, current_app, g

from archive import Archive, Config
from webapp.settings import WebSettings

EXTENSION = "danvan"

log = logging.getLogger(__name__)


def init_app(app: Flask, config: Config) -> None:
    """Read the web settings (ConfigError for a bad one), open the shared index, close archives on teardown.

    One SearchIndex per app, shared by every request (Whoosh searchers are thread-safe to open).
    """
    from index import SearchIndex

    settings = WebSettings.from_config(config)
    app.extensions[EXTENSION] = {"config": config, "settings": settings, "index": SearchIndex.of(config)}
    app.teardown_appcontext(close_archive)


def warm_up_index(app: Flask) -> None:
    """Prepare the app's index for its first searches (run it in a background thread at start)."""
    try:
        app.extensions[EXTENSION]["index"].warm_up()
    except Exception:  # noqa: BLE001 - a cold index is slower, not broken: the first search reads it
        log.exception("warming up the search index failed")


def get_config() -> Config:
    return current_app.extensions[EXTENSION]["config"]


def get_settings() -> WebSettings:
    return current_app.extensions[EXTENSION]["settings"]


def get_index():
    """The app's SearchIndex."""
    return current_app.extensions[EXTENSION]["index"]


def get_archive() -> Archive:
    """The archive for this request, opened on first use and closed on teardown."""
    if "archive" not in g:
        g.archive = Archive.open(get_config())
    return g.archive


def close_archive(exc: BaseException | None = None) -> None:
    archive = g.pop("archive", None)
    if archive is not None:
        archive.close()
