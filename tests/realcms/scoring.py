"""Scoring a crawl of a real CMS against the harness's truth (shared by the tests and benchmarks/realcms.py)."""
from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from archive import Archive
from archive.text import clean_whitespace, fold

TOKEN_RE = re.compile(r"\w+")


def token_f1(predicted: str, truth: str) -> float:
    """Bag-of-tokens F1 after NFC and whitespace collapse (tokens = \\w+ runs), as benchmarks/extraction.py."""
    p = Counter(TOKEN_RE.findall(clean_whitespace(predicted)))
    t = Counter(TOKEN_RE.findall(clean_whitespace(truth)))
    common = sum((p & t).values())
    if common == 0:
        return float(not p and not t)
    precision, recall = common / sum(p.values()), common / sum(t.values())
    return 2 * precision * recall / (precision + recall)


def _untexturize(text: str | None) -> str:
    """WordPress's texturize undone (curly quotes, dashes) so a plain-typed truth compares equal."""
    table = {"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "″": '"', "′": "'", "…": "..."}
    return clean_whitespace("".join(table.get(c, c) for c in (text or "")))


@dataclass
class ArticleScore:
    """One truth article against what the archive holds for its URL."""

    key: str
    found: bool
    f1: float = 0.0
    title: bool = False
    date: bool = False
    author: bool = False
    source_text: bool = True
    leaks: list[str] = field(default_factory=list)
    got_author: str | None = None
    want_author: str | None = None


@dataclass
class CrawlScore:
    """A whole site: every truth article once, nothing else."""

    site: str
    articles: list[ArticleScore]
    extra: list[str]                 # stored article URLs that are not truth articles
    duplicates: list[str]            # ... of which repeat a truth article's title (a second copy)

    @property
    def found(self) -> int:
        return sum(a.found for a in self.articles)

    @property
    def missing(self) -> list[str]:
        return [a.key for a in self.articles if not a.found]

    @property
    def non_articles(self) -> list[str]:
        return [u for u in self.extra if u not in self.duplicates]

    def rate(self, name: str) -> float:
        found = [a for a in self.articles if a.found]
        return sum(getattr(a, name) for a in found) / max(1, len(found))

    @property
    def f1(self) -> float:
        found = [a.f1 for a in self.articles if a.found]
        return statistics.mean(found) if found else 0.0

    @property
    def leaks(self) -> int:
        return sum(len(a.leaks) for a in self.articles)

    def line(self) -> str:
        return (f"{self.site}: found {self.found}/{len(self.articles)}, duplicates {len(self.duplicates)}, "
                f"non-articles {len(self.non_articles)}, F1 {self.f1:.3f}, title {self.rate('title'):.0%}, "
                f"date+time {self.rate('date'):.0%}, author {self.rate('author'):.0%}, "
                f"source {self.rate('source_text'):.0%}, leaks {self.leaks}")


def score_crawl(archive: Archive, site: str, truth: dict, *, body_field: str = "body",
                live_only: bool = True) -> CrawlScore:
    """Compare the archive's articles on ``site`` with ``truth`` (truth.json of realcms, keyed by path or id+path)."""
    by_path = {urlsplit(t["url"]).path + (f"?{urlsplit(t['url']).query}" if urlsplit(t["url"]).query else ""): t
               for t in truth.values()}
    stored = {}
    for article in archive.iter_articles(source_id=site):
        if live_only and article.status != "live":
            continue
        parts = urlsplit(article.url)
        stored[parts.path + (f"?{parts.query}" if parts.query else "")] = article
    scores = []
    for path, t in sorted(by_path.items()):
        article = stored.get(path)
        scores.append(_score_article(path, t, article, body_field))
    titles = {fold(_untexturize(t["title"])) for t in truth.values()}
    extra = sorted(a.url for p, a in stored.items() if p not in by_path)
    duplicates = [u for u in extra if fold(_untexturize(stored[_path(u)].title)) in titles]
    return CrawlScore(site, scores, extra, duplicates)


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _score_article(key: str, t: dict, article, body_field: str) -> ArticleScore:
    if article is None:
        return ArticleScore(key, found=False, want_author=t.get("author"))
    body = t.get(body_field) or t["body"]
    text = article.text or ""
    stored = "\n".join([article.title or "", text])
    leaks = [s for s in t.get("must_not_contain", []) if s and s in stored]
    source_ok = True
    if "source" in t and t.get("author") != t.get("source"):
        source_ok = _untexturize(getattr(article, "source_text", None)) == _untexturize(t.get("source"))
    return ArticleScore(
        key, found=True,
        f1=token_f1(_untexturize(text), _untexturize("\n".join(body))),
        title=_untexturize(article.title) == _untexturize(t["title"]),
        date=article.published == t["published"] and article.published_time == t.get("published_time"),
        author=_untexturize(article.author) == _untexturize(t.get("author")),
        source_text=source_ok, leaks=leaks, got_author=article.author, want_author=t.get("author"))


@dataclass
class RequestCount:
    """Requests of one crawl in an apache access log (the truth builder's own requests left out)."""

    total: int
    conditional: int
    not_modified: int
    by_kind: Counter


QUOTED = r'"(?:[^"\\]|\\.)*"'   # apache escapes a quote inside a logged header as \"
ACCESS_RE = re.compile(r'^\S+ \S+ (?:\d+ )?"(?P<method>\S+) (?P<target>\S+) [^"]*" (?P<status>\d{3}) \S+ '
                       rf'ims=(?P<ims>{QUOTED}) inm=(?P<inm>{QUOTED}) "(?P<ua>[^"]*)"')


def count_requests(log_lines: list[str], classify=None) -> RequestCount:
    """Count the crawler's requests in ``log_lines`` (apache's format of realcms)."""
    total = conditional = not_modified = 0
    kinds: Counter = Counter()
    for line in log_lines:
        m = ACCESS_RE.match(line)
        if not m or m["ua"].startswith("realcms-truth"):
            continue
        total += 1
        conditional += (m["ims"] not in ('""', '"-"')) or (m["inm"] not in ('""', '"-"'))
        not_modified += m["status"] == "304"
        kinds[classify(m["target"]) if classify else "all"] += 1
    return RequestCount(total, conditional, not_modified, kinds)


def path_kinds(non_articles: dict) -> dict[str, str]:
    """Path (with query) -> the harness's kind of it (home, category, tag, theme_switch, wp_login...)."""
    groups = non_articles.get("by_kind") or non_articles.get("kinds") or {}
    out: dict[str, str] = {}
    for kind, paths in groups.items():
        for p in paths:
            out.setdefault(p, kind)
    return out


# what a re-crawl may ask for besides the known articles: the way in, listings, feeds, sitemaps
LISTING_KINDS = {"home", "category", "category_page", "category_page_n", "pagination", "author", "feed", "rss", "rules_file",
                 "sitemap", "robots", "date_archive"}
# what no crawl may ask for: state or session changes and re-renderings of an article
TRAP_KINDS = {"theme_switch", "article_tool", "banner_click", "captcha_img", "cronjob_img", "wp_login", "wp_admin",
              "article_variant", "xmlrpc", "wp_json", "oembed", "comment_feed", "voting", "users", "shortlink",
              "unlinked_probe", "wlwmanifest"}


@dataclass
class RequestLog:
    """The crawler's requests to one site in one crawl, sorted by what they asked for."""

    paths: list[str]
    statuses: list[str]

    @classmethod
    def parse(cls, lines: list[str], user_agent_prefix: str = "KhoDanVan") -> "RequestLog":
        paths, statuses = [], []
        for line in lines:
            m = ACCESS_RE.match(line)
            if m and m["ua"].startswith(user_agent_prefix):
                paths.append(m["target"])
                statuses.append(m["status"])
        return cls(paths, statuses)

    def kinds(self, articles: set[str], non_articles: dict) -> Counter:
        """Requests per kind: "article", a harness kind, or "unknown"."""
        known = path_kinds(non_articles)
        return Counter("article" if p in articles else known.get(p, "unknown") for p in self.paths)

    def repeated_articles(self, articles: set[str]) -> list[str]:
        counts = Counter(p for p in self.paths if p in articles)
        return sorted(p for p, n in counts.items() if n > 1)


def article_paths(truth: dict) -> set[str]:
    return {_path(url) for url in truth}


def score_later(archive: Archive, site: str, later: dict, removed: dict) -> list[str]:
    """What the re-crawl of the later state got wrong (empty when every article has its truth outcome)."""
    problems = []
    by_path = {_path(a.url): a for a in archive.iter_articles(source_id=site)}
    for url, t in later.items():
        article = by_path.get(_path(url))
        if article is None:
            problems.append(f"{url}: missing")
            continue
        versions = archive.versions(article.id)
        want = 2 if t["v2"] == "edited" else 1
        if (article.status, len(versions)) != ("live", want):
            problems.append(f"{url}: {article.status} with {len(versions)} versions, expected live with {want}")
        if token_f1(_untexturize(article.text), _untexturize("\n".join(t["body"]))) < 0.99:
            problems.append(f"{url}: the current text is not the later state's")
    for path in removed:
        article = by_path.get(path)
        if article is None or article.status != "removed":
            problems.append(f"{path}: not marked removed ({article.status if article else 'missing'})")
    return problems
