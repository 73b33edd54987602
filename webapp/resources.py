"""What a request needs: the archive (opened per request on ``g``) and the app's shared search index."""
from __future__ import annotations

import logging

from flask import Flask, current_app, g

from archive import Archive, Config

EXTENSION = "danvan"

log = logging.getLogger(__name__)


def init_index(app: Flask, config: Config) -> None:
    """One SearchIndex per app, shared by every request (Whoosh searchers are thread-safe to open)."""
    from index import SearchIndex

    app.extensions[EXTENSION] = {"config": config, "index": SearchIndex(config.index_dir)}


def warm_up_index(app: Flask) -> None:
    """Prepare the app's index for its first searches (run it in a background thread at start)."""
    try:
        app.extensions[EXTENSION]["index"].warm_up()
    except Exception:  # noqa: BLE001 - a cold index is slower, not broken: the first search reads it
        log.exception("warming up the search index failed")


def get_config() -> Config:
    return current_app.extensions[EXTENSION]["config"]


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
