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


def follow_archive(app: Flask, stop=None) -> None:
    """Keep the app's index following a shared archive (with a database URL): every ``follow_s`` seconds,
    apply the archive's new changes (index.following). Run it in a background thread of each process;
    the processes of one node take turns through the index's write lock."""
    import threading

    from index.following import Gaps, follow_step

    state = app.extensions[EXTENSION]
    config, every = state["config"], state["settings"].follow_s
    stop, gaps, archive = stop or threading.Event(), Gaps(), None
    while not stop.wait(every if archive is not None else 0):
        try:
            archive = archive or Archive.open(config)
            step = follow_step(state["index"], archive, gaps)
            if step.applied:
                log.info("followed the archive: %d records %s, up to change %s", step.applied, step.action, step.mark)
        except Exception:  # noqa: BLE001 - a failing step (archive down, index busy) is retried next time
            log.exception("following the archive failed; trying again in %.0f s", every)
            if archive is not None:
                archive.close()
            archive = None
            stop.wait(every)
    if archive is not None:
        archive.close()


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
