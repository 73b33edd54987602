"""Time the web app's pages on a synthetic archive built from the shared fixture articles.

Usage: .venv/bin/python benchmarks/webapp_requests.py [N_ARTICLES]   (default 5000)
Prints the median and 95th-percentile time of each kind of request through the WSGI app (no network).
"""
from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from archive import Archive, Config  # noqa: E402


def build(config: Config, n: int) -> list[str]:
    """N articles: the fixture articles over and over, with other URLs, years and a marker word."""
    from index import SearchIndex

    truth = json.loads((REPO.parent / "shared" / "fixtures" / "truth.json").read_text(encoding="utf-8"))
    items = list(truth.values())
    ids = []
    with Archive.open(config) as archive:
        for i in range(n):
            t = items[i % len(items)]
            year = 2015 + i % 11
            ids.append(archive.import_article({
                "url": f"http://{t['site']}.bench.test{t['url_path']}?n={i}", "title": f"{t['title']} ({i})",
                "text": "\n\n".join(t["body"]), "published": f"{year}{t['published'][4:]}", "author": t.get("author"),
                "province": t["province"], "unit": t["unit"], "level": t["level"], "district": t.get("district"),
                "source": t["site"], "source_id": t["site"]}))
        started = time.perf_counter()
        SearchIndex(config.index_dir).rebuild(archive)
        print(f"indexed {n} articles in {time.perf_counter() - started:.1f} s")
    return ids


def timed(client, path: str, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        response.get_data()
        assert response.status_code == 200, (path, response.status_code)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    from webapp import create_app

    with tempfile.TemporaryDirectory() as tmp:
        config = Config.load(Path(tmp) / "home")
        ids = build(config, n)
        client = create_app(config).test_client()
        cases = {
            "search page, 2 words": "/?q=dan+van",
            "api, phrase + 2 facets": "/api/search?q=%22dan+van+kheo%22&province=B%C3%ACnh+Ph%C6%B0%E1%BB%9Bc&year=2020",
            "browse page 5, newest": "/?page=5&sort=newest",
            "article page": f"/articles/{ids[len(ids) // 2]}?q=dan+van",
            "api article": f"/api/articles/{ids[7]}",
            "find this wording": "/api/wording?text=Nh%C3%A2n+d%C3%A2n+t%E1%BB%B1+nguy%E1%BB%87n+hi%E1%BA%BFn+"
                                 "%C4%91%E1%BA%A5t+m%E1%BB%9F+%C4%91%C6%B0%E1%BB%9Dng",
            "atom feed": "/feed.atom?q=dan+van",
            "sources page": "/sources",
        }
        print(f"{'request':32} {'median ms':>10} {'p95 ms':>8}")
        for name, path in cases.items():
            client.get(path).get_data()  # warm caches
            median, p95 = timed(client, path, 20)
            print(f"{name:32} {median:10.1f} {p95:8.1f}")
        started = time.perf_counter()
        body = client.get("/export.csv?q=dan+van").get_data()
        rows = body.count(b"\n") - 1
        print(f"CSV export of {rows} hits: {(time.perf_counter() - started):.2f} s, {len(body) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
