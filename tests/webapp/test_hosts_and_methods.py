"""Absolute URLs come from config.base_url when it is set (never from a client's Host header); a Host that is
no host name is a 400, also through waitress; a 405 says which methods are allowed."""
from __future__ import annotations

import csv
import http.client
import io
import re
import threading
import xml.etree.ElementTree as ET

import pytest

from archive import Config, ConfigError
from tests.webapp.conftest import release_searchers
from tests.webapp.vietnamese import assert_vietnamese, message_of

ATOM = "{http://www.w3.org/2005/Atom}"
EVIL = {"Host": "evil.example"}


@pytest.fixture
def based(corpus):
    """The test archive served by a second app whose config fixes base_url."""
    from webapp import create_app

    app = create_app(Config.load(corpus.config.home, overrides=["base_url=https://kho.example.vn/"]), TESTING=True)
    yield app.test_client()
    release_searchers(app)


def feed_links(client, path: str = "/feed.atom?q=dân vận") -> list[str]:
    feed = ET.fromstring(client.get(path, headers=EVIL).get_data())
    links = [link.get("href") for link in feed.iter(f"{ATOM}link") if link.get("rel") != "via"]
    return links + [e.text for e in feed.iter(f"{ATOM}id")]


def test_with_base_url_every_absolute_url_ignores_the_host_header(based, corpus):
    links = feed_links(based)
    assert len(links) > 5 and all(link.startswith("https://kho.example.vn/") for link in links), links
    html = based.get(f"/articles/{corpus.removed_id}", headers=EVIL).get_data(as_text=True)
    cite = re.search(r'<textarea id="cite-text"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    assert f"https://kho.example.vn/articles/{corpus.removed_id}" in cite and "evil.example" not in html
    rows = csv.DictReader(io.StringIO(based.get("/export.csv?q=dân vận", headers=EVIL).get_data().decode("utf-8-sig")))
    assert {r["article_url"].split("/articles/")[0] for r in rows} == {"https://kho.example.vn"}
    lines = based.get("/export.jsonl?q=dân vận", headers=EVIL).get_data(as_text=True)
    assert "evil.example" not in lines and "https://kho.example.vn/articles/" in lines


def test_without_base_url_absolute_urls_follow_the_request_as_documented(client):
    assert all(link.startswith("http://evil.example/") for link in feed_links(client))


@pytest.mark.parametrize("base_url", ["javascript:alert(1)", "kho.example.vn", "https://", "https://x.vn/?a=1"])
def test_a_base_url_that_is_no_http_url_is_refused_when_the_app_starts(tmp_path, base_url):
    from webapp import create_app

    with pytest.raises(ConfigError, match="base_url"):
        create_app(Config.load(tmp_path / "home", overrides=[f"base_url={base_url}"]))


@pytest.mark.parametrize("host", ["a" * 3000, "a" * 64 + ".vn", "evil.example/x", "ex ample", "<script>", "é.vn",
                                  "x:99999999"])
@pytest.mark.parametrize("path", ["/", "/api/search?q=dân", "/articles/x", "/feed.atom", "/sources"])
def test_a_host_header_that_is_no_host_name_is_a_vietnamese_400(client, host, path):
    response = client.get(path, headers={"Host": host})
    assert response.status_code == 400
    assert_vietnamese(message_of(response))
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.fixture(scope="module")
def served(app):
    """The app behind a real HTTP server (waitress, in a thread) on a loopback port."""
    from waitress.server import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield server.effective_port
    server.task_dispatcher.shutdown()
    server.close()
    thread.join(timeout=10)


@pytest.mark.parametrize("host", ["a" * 3000, "xn--a", "xn--.vn", "a..b"])
def test_through_waitress_a_bad_host_is_a_400_not_a_500(served, host):
    connection = http.client.HTTPConnection("127.0.0.1", served, timeout=10)
    connection.putrequest("GET", "/", skip_host=True)
    connection.putheader("Host", host)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read().decode("utf-8")
    connection.close()
    assert response.status == 400 and "Host" in body


@pytest.mark.parametrize("method, path, allowed", [
    ("post", "/", {"GET", "HEAD", "OPTIONS"}), ("put", "/api/search", {"GET", "HEAD", "OPTIONS"}),
    ("delete", "/articles/x", {"GET", "HEAD", "OPTIONS"}), ("post", "/export.csv", {"GET", "HEAD", "OPTIONS"})])
def test_a_405_says_which_methods_are_allowed(client, method, path, allowed):
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert set(re.split(r",\s*", response.headers["Allow"])) == allowed
