"""Research features on an archive home, timed: trends, breakdowns, telling words, unique=1 search.

    .venv/bin/python benchmarks/research.py --home /work/bench/w100k/home-100000 [--repeat 5] [--no-pages]

Builds the site once (``webapp.create_app`` for the home) and times, ``--repeat`` times each, the
functions its pages call, on the app's one shared SearchIndex (warmed up first, as ``danvan serve`` does):

* trends: ``SearchIndex.trends`` (what /trends and /api/trends call) for one query by month and by year,
  five queries compared (the query and four ``compare``), and the same with ``unique=1``;
* breakdowns: ``webapp.research.breakdowns`` (the /trends page's tables by province, level, unit,
  source, ...: two searches with all facet counts), run in a request context;
* telling words: ``SearchIndex.terms`` (/terms, /api/terms) for a result of about 10,000 articles: by
  default the facet value of the whole archive whose count is nearest 10,000 (``--terms-q`` /
  ``--terms-filter name=value`` to choose); its total is printed. The first call also counts the
  archive's background sample (once per index generation): see the "first" column;
* search with ``unique=1``: ``SearchIndex.search`` as the search page (/, /api/search) asks it (default
  page size, all facets).

Then (unless ``--no-pages``) the same questions as whole requests through the app's test client
(/api/trends, /trends HTML, /api/terms, /api/search, /): Flask, JSON/HTML rendering, no network; note that
the trends view computes the breakdowns too, for /api/trends as well.

Figures in ms: the first run, then min / median / max over all runs (the first included).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from werkzeug.datastructures import MultiDict  # noqa: E402

from archive import Config  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp.params import SearchParams  # noqa: E402
from webapp.research import breakdowns  # noqa: E402
from webapp.resources import EXTENSION  # noqa: E402

COMPARE = ["nông thôn mới", "chuyển đổi số", "giảm nghèo", "hòa giải"]
NEAR_FACETS = ("year", "level", "unit", "province", "province_2025", "source")


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def row(name: str, times: list[float], note: str = "") -> None:
    print(f"| {name} | {times[0]:.1f} | {min(times):.1f} | {statistics.median(times):.1f} | {max(times):.1f} |"
          f" {note} |", flush=True)


def header(title: str) -> None:
    print(f"\n{title} ({time.strftime('%H:%M:%S')}, {load()})")
    print("| what | first ms | min ms | median ms | max ms | note |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")


def near_10k(index, args) -> tuple[dict, str]:
    """The request arguments of a result of about 10,000 articles, and how it was chosen."""
    if args.terms_q or args.terms_filter:
        pairs = dict(f.split("=", 1) for f in args.terms_filter)
        return {"q": args.terms_q, **pairs}, "given"
    from index import SearchQuery
    facets = index.search(SearchQuery(q="", per_page=1)).facets
    best = min(((abs(v["count"] - 10_000), name, str(v["value"]), v["count"])
                for name in NEAR_FACETS for v in facets.get(name, [])), default=None)
    if best is None:
        return {"q": args.q}, "no facets: the main query"
    return {best[1]: best[2]}, f"facet value nearest 10,000 ({best[3]} articles)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", required=True, help="an archive home with a built index")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each (default 5)")
    parser.add_argument("--q", default="dân vận", help="the main query (default: %(default)s)")
    parser.add_argument("--compare", nargs="*", default=COMPARE, help="four more queries for the comparison")
    parser.add_argument("--terms-q", default="", help="query for telling words (default: chosen near 10k)")
    parser.add_argument("--terms-filter", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--no-pages", action="store_true", help="skip the test-client requests")
    args = parser.parse_args()
    repeat = max(1, args.repeat)

    print(f"home {args.home}; repeat {repeat}; {time.strftime('%Y-%m-%d %H:%M:%S')}; {load()}")
    start = time.perf_counter()
    app = create_app(Config.load(Path(args.home)), TESTING=True)
    index = app.extensions[EXTENSION]["index"]
    settings = app.extensions[EXTENSION]["settings"]
    index.warm_up()
    print(f"create_app + warm_up: {(time.perf_counter() - start) * 1000:.0f} ms; {index.doc_count()} documents")

    def params(**kw) -> SearchParams:
        return SearchParams.from_args(MultiDict(kw), settings)

    main_q, compare = params(q=args.q), args.compare[:4]
    unique_q = params(q=args.q, unique="1")
    terms_args, how = near_10k(index, args)
    terms_p = params(**terms_args)
    terms_total = index.search(terms_p.query(page=1, per_page=1)).total
    search_total = index.search(unique_q.query()).total
    plain_total = index.search(main_q.query()).total
    print(f"main query q={args.q!r}: {plain_total} articles, {search_total} with unique=1; compare {compare}")
    print(f"telling words on {terms_args} ({how}): total {terms_total}")

    header("Through the index API (the functions the pages call)")
    row("trends, 1 query, month", timed(lambda: index.trends(main_q.query(page=1), "month"), repeat))
    row("trends, 1 query, year", timed(lambda: index.trends(main_q.query(page=1), "year"), repeat))
    row("trends, 5 queries, month", timed(lambda: index.trends(main_q.query(page=1), "month", compare), repeat))
    row("trends, 5 queries, year", timed(lambda: index.trends(main_q.query(page=1), "year", compare), repeat))
    row("trends, 5 queries, month, unique=1",
        timed(lambda: index.trends(unique_q.query(page=1), "month", compare), repeat))
    with app.test_request_context("/trends?" + urlencode({"q": args.q})):
        got = breakdowns(main_q)
        row("breakdowns (all dimensions)", timed(lambda: breakdowns(main_q), repeat),
            ", ".join(f"{b['name']}: {len(b['rows'])}+{b['more']}" for b in got))
    with app.test_request_context("/trends?" + urlencode({"q": args.q, "unique": "1"})):
        row("breakdowns, unique=1", timed(lambda: breakdowns(unique_q), repeat))
    found = {}
    times = timed(lambda: found.update(t=index.terms(terms_p.query(page=1))), repeat)
    t = found["t"]
    row(f"telling words, {terms_total} articles", times,
        f"{len(t.terms)} terms, sampled {t.sampled}, background {t.background}; first call counts the background")
    row(f"search q={args.q!r} unique=1", timed(lambda: index.search(unique_q.query()), repeat),
        f"total {search_total}, per_page {unique_q.per_page}")
    row(f"search q={args.q!r}", timed(lambda: index.search(main_q.query()), repeat), f"total {plain_total}")

    if args.no_pages:
        return 0
    client = app.test_client()
    base = {"q": args.q}
    cmp = [("compare", c) for c in compare]
    pages = [
        ("GET /api/trends (1 query, month)", "/api/trends?" + urlencode(base)),
        ("GET /api/trends (1 query, year)", "/api/trends?" + urlencode({**base, "interval": "year"})),
        ("GET /api/trends (5 queries)", "/api/trends?" + urlencode([*base.items(), *cmp])),
        ("GET /api/trends (5 queries, unique=1)", "/api/trends?" + urlencode([*base.items(), *cmp, ("unique", "1")])),
        ("GET /trends HTML (5 queries + breakdowns)", "/trends?" + urlencode([*base.items(), *cmp])),
        (f"GET /api/terms ({terms_total} articles)", "/api/terms?" + urlencode(terms_args)),
        ("GET /api/search unique=1", "/api/search?" + urlencode({**base, "unique": "1"})),
        ("GET / (search page HTML) unique=1", "/?" + urlencode({**base, "unique": "1"})),
    ]
    header("Through the app (test client: routing, views, JSON/HTML)")
    for name, url in pages:
        statuses = set()
        times = timed(lambda: statuses.add(client.get(url).status_code), repeat)
        row(name, times, f"status {sorted(statuses)}")
    print(f"\nend {time.strftime('%H:%M:%S')}; {load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
