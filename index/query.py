"""What a search asks for (SearchQuery) and how its query text becomes Whoosh queries.

The query language: words (all must occur), "phrases", -exclude, OR, prefix*, (groups),
title:word / title:"phrase". Every word is analysed like document text; a word matches its folded
form anywhere (so diacritics, case, đ/d and tone placement are ignored), and the scoring query
adds the exact forms with higher boosts so that exact matches, and title matches, rank first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import fields, query
from whoosh.qparser import QueryParser, plugins, syntax

from index.analysis import VietTokenizer, fold_token
from index.schema import FACETS

MAX_QUERY_CHARS = 2000
MAX_TERMS = 64
MAX_PER_PAGE = 100
MAX_RESULT_WINDOW = 10_000  # page * per_page
SORTS = ("relevance", "newest", "oldest")

# boosts of the four text fields in the scoring query
BOOSTS = {"title_exact": 2.0, "title_fold": 2.0, "body_exact": 1.0, "body_fold": 1.0}
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


NO_WORDS = 'the query has no words to search for (use words, "phrases", -exclusions, OR, prefix*)'
_OPERATOR = r"(?:AND|OR|NOT|ANDNOT)"
_LEADING_OPERATOR = re.compile(r"^\s*(?:AND|OR|ANDNOT)(?=\s|$)|^\s*NOT\s*$")
_TRAILING_OPERATOR = re.compile(r"(?:^|\s)" + _OPERATOR + r"\s*$")
_DOUBLE_OPERATOR = re.compile(r"(?<=\s)" + _OPERATOR + r"\s+(?=(?:AND|OR|ANDNOT)(?:\s|$))"
                              r"|\s+" + _OPERATOR + r"(?=\s*\))|(?<=\()\s*(?:AND|OR|ANDNOT)(?=\s)")


def _strip_dangling_operators(text: str) -> str:
    """Drop operators with nothing to join ("AND", "dân OR", "OR OR x"): the rest is still searched."""
    previous = None
    text = text.strip()
    while text != previous:
        previous = text
        text = _LEADING_OPERATOR.sub("", text).strip()
        text = _TRAILING_OPERATOR.sub("", text).strip()
        text = _DOUBLE_OPERATOR.sub("", text).strip()
    return text


class QueryError(ValueError):
    """A search that cannot be answered; the message says why, for the user."""


@dataclass
class SearchQuery:
    """One search: query text, facet filters (OR within a facet, AND across), dates, page, sort."""

    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    date_from: str | None = None
    date_to: str | None = None
    page: int = 1
    per_page: int = 20
    sort: str = "relevance"

    def validated(self, window: int | None = MAX_RESULT_WINDOW) -> "SearchQuery":
        """A copy with every field checked and normalised; raises QueryError.

        ``window``: how deep ``page * per_page`` may go (None: no limit, for ``iter_hits``).
        """
        q = self.q or ""
        if not isinstance(q, str):
            raise QueryError("the query must be text")
        if len(q) > MAX_QUERY_CHARS:
            raise QueryError(f"the query is too long ({len(q)} characters; at most {MAX_QUERY_CHARS})")
        try:
            page = 1 if self.page in (None, "") else int(self.page)
            per_page = 20 if self.per_page in (None, "") else int(self.per_page)
        except (TypeError, ValueError):
            raise QueryError("page and per_page must be whole numbers") from None
        if page < 1:
            raise QueryError("page must be 1 or more")
        per_page = max(1, min(per_page, MAX_PER_PAGE))
        if window is not None and page * per_page > window:
            raise QueryError(f"page too deep: only the first {window} results can be paged through")
        sort = (self.sort or "relevance").lower()
        if sort not in SORTS:
            raise QueryError(f"unknown sort {self.sort!r} (use relevance, newest or oldest)")
        filters: dict[str, list[str]] = {}
        for name, values in (self.filters or {}).items():
            if name not in FACETS:
                raise QueryError(f"unknown filter {name!r} (known: {', '.join(FACETS)})")
            if isinstance(values, (str, int)):
                values = [values]
            cleaned = [str(v).strip() for v in values if v is not None and str(v).strip()]
            if cleaned:
                filters[name] = list(dict.fromkeys(cleaned))
        return SearchQuery(q=q.strip(), filters=filters, date_from=_date_bound(self.date_from, "date_from", False),
                           date_to=_date_bound(self.date_to, "date_to", True), page=page, per_page=per_page,
                           sort=sort)


def _date_bound(value, name: str, upper: bool) -> str | None:
    """"2021", "2021-03" or "2021-03-04" -> a full date key bound ("YYYY-MM-DD HH:MM")."""
    if value is None or str(value).strip() == "":
        return None
    m = DATE_RE.match(str(value).strip())
    if not m:
        raise QueryError(f"{name} must look like 2021, 2021-03 or 2021-03-04, not {value!r}")
    year, month, day = m.group(1), m.group(2), m.group(3)
    if month and not 1 <= int(month) <= 12 or day and not 1 <= int(day) <= 31:
        raise QueryError(f"{name} is not a valid date: {value!r}")
    month = month or ("12" if upper else "01")
    day = day or ("31" if upper else "01")
    return f"{year}-{month}-{day} {'23:59' if upper else '00:00'}"


# -- parsing -------------------------------------------------------------------------------

_PARSER_SCHEMA = fields.Schema(text=fields.TEXT(analyzer=VietTokenizer("exact")),
                               title=fields.TEXT(analyzer=VietTokenizer("exact")))
_FIELD_ALIASES = {"text": ["body", "text", "noidung"], "title": ["title", "tieude"]}


def make_parser() -> QueryParser:
    """The query parser: AND by default, OR, NOT / -word, "phrases", (groups), field:, prefix*."""
    parser = QueryParser("text", schema=_PARSER_SCHEMA, group=syntax.AndGroup, plugins=[
        plugins.WhitespacePlugin(), plugins.FieldsPlugin(), plugins.WildcardPlugin(), plugins.PhrasePlugin(),
        plugins.GroupPlugin(),
        # "-word" is NOT word (only at the start of a word: "covid-19" stays one term)
        plugins.OperatorsPlugin(Not=r"(^|(?<=(\s|[()])))(NOT(?=\s)|-(?=[^\s\-]))", AndMaybe=None, Require=None),
        plugins.FieldAliasPlugin(_FIELD_ALIASES),
    ])
    parser.remove_plugin_class(plugins.SingleQuotePlugin)
    parser.remove_plugin_class(plugins.BoostPlugin)
    parser.remove_plugin_class(plugins.RangePlugin)
    parser.remove_plugin_class(plugins.EveryPlugin)
    return parser


@dataclass
class CompiledQuery:
    """The query text compiled: what must match (folded fields) and how to score it."""

    match: query.Query | None  # None: every document (browsing)
    score: query.Query | None
    words: list[str]  # folded words and prefixes ("x*") to highlight
    terms: list[str]  # the plain positive words as typed (analysed), for "did you mean"
    scorable: bool = True  # False when the query only excludes


def compile_query(text: str, parser: QueryParser | None = None) -> CompiledQuery:
    """Parse query text; raises QueryError for text with nothing to search for."""
    if not text.strip():
        return CompiledQuery(None, None, [], [], False)
    text = _strip_dangling_operators(text)
    if not text:
        raise QueryError(NO_WORDS)
    try:
        parsed = (parser or make_parser()).parse(text)
    except Exception as exc:  # the parser recovers from most input; anything else is the user's query
        raise QueryError(f"cannot understand the query: {exc}") from None
    builder = _Builder()
    match, score = builder.build(parsed)
    if match is None:
        raise QueryError(NO_WORDS)
    if builder.count > MAX_TERMS:
        raise QueryError(f"the query has too many words ({builder.count}; at most {MAX_TERMS})")
    return CompiledQuery(match, score, list(dict.fromkeys(builder.words)), list(dict.fromkeys(builder.terms)),
                         builder.positive > 0)


class _Builder:
    """Turns the parser's query (over "text"/"title") into (match, score) queries over the index fields."""

    def __init__(self):
        self.words: list[str] = []
        self.terms: list[str] = []
        self.count = 0
        self.positive = 0
        self.negated = 0

    def build(self, q: query.Query) -> tuple[query.Query | None, query.Query | None]:
        if q is query.NullQuery or type(q).__name__ == "_NullQuery":
            return None, None
        method = getattr(self, "_" + type(q).__name__, None)
        if method is None:
            raise QueryError(f"this kind of query is not supported: {q}")
        return method(q)

    @staticmethod
    def _areas(fieldname: str) -> tuple[str, ...]:
        return ("title",) if fieldname == "title" else ("title", "body")

    def _note(self, folded: str, typed: str | None = None) -> None:
        self.count += 1
        if not self.negated:
            self.positive += 1
            self.words.append(folded)
            if typed is not None:
                self.terms.append(typed)

    def _Term(self, q: query.Term):
        word = q.text
        folded = fold_token(word)
        self._note(folded, word)
        areas = self._areas(q.fieldname)
        match = [query.Term(f"{a}_fold", folded) for a in areas]
        score = [query.Term(f"{a}_{form}", w, boost=BOOSTS[f"{a}_{form}"])
                 for a in areas for form, w in (("exact", word), ("fold", folded))]
        return _or(match), _or(score)

    def _Phrase(self, q: query.Phrase):
        words = [w for w in q.words if w]
        if not words:
            return None, None
        if len(words) == 1:
            return self._Term(query.Term(q.fieldname, words[0]))
        folded = [fold_token(w) for w in words]
        for w in folded:
            self._note(w)
        self.terms.extend([] if self.negated else [" ".join(words)])
        areas = self._areas(q.fieldname)
        match = [query.Phrase(f"{a}_fold", folded) for a in areas]
        # the index keeps no positions (phrases are checked on token streams): a phrase's words score it
        score = [query.Term(f"{a}_{form}", w, boost=BOOSTS[f"{a}_{form}"])
                 for a in areas for form, ws in (("exact", words), ("fold", folded)) for w in ws]
        return _or(match), _or(score)

    def _Prefix(self, q: query.Prefix):
        folded = fold_token(q.text)
        if not folded:
            return None, None
        self._note(folded + "*")
        areas = self._areas(q.fieldname)
        match = [query.Prefix(f"{a}_fold", folded) for a in areas]
        score = [query.Prefix(f"{a}_fold", folded, boost=BOOSTS[f"{a}_fold"]) for a in areas]
        return _or(match), _or(score)

    def _Wildcard(self, q: query.Wildcard):
        text = q.text.replace("?", "*")
        stem = text.split("*")[0]
        if stem and text == stem + "*":
            return self._Prefix(query.Prefix(q.fieldname, stem))
        raise QueryError(f"only prefix searches are supported ('word*'), not {q.text!r}")

    def _Every(self, q):
        return query.Every(), None

    def _NullQuery(self, q):
        return None, None

    def _Not(self, q: query.Not):
        self.negated += 1
        try:
            match, _ = self.build(q.query)
        finally:
            self.negated -= 1
        if match is None:
            return None, None
        return query.Not(match), None

    def _compound(self, q, cls):
        parts = [self.build(sub) for sub in q.subqueries]
        parts = [(m, s) for m, s in parts if m is not None]
        if not parts:
            return None, None
        matches = [m for m, _ in parts]
        scores = [s for _, s in parts if s is not None]
        match = matches[0] if len(matches) == 1 else cls(matches)
        score = None if not scores else scores[0] if len(scores) == 1 else query.Or(scores)
        return match, score

    def _And(self, q):
        return self._compound(q, query.And)

    def _Or(self, q):
        return self._compound(q, query.Or)

    def _DisjunctionMax(self, q):
        return self._compound(q, query.Or)

    def _AndNot(self, q: query.AndNot):
        return self._compound(query.And([q.a, query.Not(q.b)]), query.And)

    def _AndMaybe(self, q: query.AndMaybe):
        required, score_a = self.build(q.a)
        _, score_b = self.build(q.b)
        scores = [s for s in (score_a, score_b) if s is not None]
        return required, (query.Or(scores) if len(scores) > 1 else scores[0] if scores else None)

    def _Require(self, q: query.Require):
        return self._compound(query.And([q.a, q.b]), query.And)


def _or(queries: list[query.Query]) -> query.Query:
    return queries[0] if len(queries) == 1 else query.Or(queries)
