"""How a search's query text becomes Whoosh queries (what the search asks for as a whole: ``index.searchquery``).

The query language (``q`` of ``/`` and ``/api/search``):

- ``dân vận khéo``: every word must occur (AND), in the title or the text; case, diacritics, đ/d and
  tone placement are ignored (a word matches its folded form; the scoring query adds the exact forms
  with higher boosts, so exact matches and title matches rank first). ``"dân vận"``: a phrase;
  ``-word`` or ``NOT word``: excluded; ``lũ OR bão``: either; ``(groups)``; ``nông*``: a prefix;
  ``title:khéo``, ``title:"dân vận"``, ``title:(lũ OR bão)``: in the title only (``text:``: the text
  only; aliases ``tieude:``, ``noidung:``, ``body:``).
- Field names ignore case and diacritics (``TITLE:khéo`` = ``TieuDe:khéo`` = ``title:khéo``), and
  ``title: khéo`` is ``title:khéo``. A name before ``:`` that is no field (``foo:bar``, ``http://…``) is
  read as words, with a note (none for http/https).
- Operators are upper case only: a lower-case ``or`` / ``and`` / ``not`` is an ordinary word, with a
  note saying how to write the operator (the archive is Vietnamese: it was most likely meant as one).
- Negations cancel in pairs: ``NOT NOT dân`` and ``NOT -dân`` are ``dân``.
- Only exclusions (``-dân``, ``NOT covid``) browse every article without them, newest first, with a
  note (as an empty query browses every article); ``*`` alone browses everything.
- An operator with nothing to join (``dân AND``, ``OR dân``) is dropped, with a note.
- Refused with a QueryError (a ``code`` of QUERY_ERRORS and its ``params``, which the site words in
  Vietnamese): no word at all (``AND``, ``()``, ``-``), a field name with nothing after it (``title:``),
  wildcards but one trailing ``*`` (``d*n``), more than MAX_TERMS words or MAX_QUERY_CHARS characters,
  and what SearchQuery.validated refuses (page, sort, filters, dates).

Notes are (code, params) pairs of QUERY_NOTES on CompiledQuery.notes; nothing here is in Vietnamese.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import fields, query
from whoosh.qparser import QueryParser, plugins, syntax

from index.analysis import VietTokenizer, fold_token

MAX_TERMS = 64

# boosts of the four text fields in the scoring query
BOOSTS = {"title_exact": 2.0, "title_fold": 2.0, "body_exact": 1.0, "body_fold": 1.0}

QUERY_ERRORS = {
    "not_text": "the query must be text",
    "too_long": "the query is too long ({length} characters; at most {limit})",
    "bad_number": "{name} must be a whole number, not {value!r}",
    "bad_page": "page must be 1 or more",
    "too_deep": "page too deep: only the first {window} results can be paged through",
    "bad_sort": "unknown sort {sort!r} (use relevance, newest or oldest)",
    "bad_filter": "unknown filter {name!r} (known: {known})",
    "bad_date": "{name} must be a date like 2021, 2021-03 or 2021-03-04, not {value!r}",
    "no_words": 'the query has no words to search for (use words, "phrases", -exclusions, OR, prefix*)',
    "field_without_words": '"{field}:" needs a word or a "phrase" after it (e.g. {field}:khéo)',
    "unparsable": "cannot understand the query",
    "too_many_words": "the query has too many words ({count}; at most {limit})",
    "unsupported": "this kind of query is not supported: {kind}",
    "wildcard": "only prefix searches are supported ('word*'), not {text!r}",
    "bad_interval": "unknown interval {interval!r} (use week, month, quarter or year)",
    "too_many_series": "at most {limit} queries on one chart ({count} given)",
}
QUERY_NOTES = {
    "lowercase_operator": "{word!r} is searched as a word; operators are upper case ({operator})",
    "only_exclusions": "the query only excludes: every article without those words, newest first",
    "operator_ignored": "{operator} has nothing to join and was left out",
    "unknown_field": "{name!r} is no field (title:, text:): {name}: was read as a word",
}

FIELD_NAMES = {"title": "title", "tieude": "title", "text": "text", "body": "text", "noidung": "text"}
_OPERATOR = r"(?:AND|OR|NOT|ANDNOT)"
_LEADING_OPERATOR = re.compile(r"^\s*(AND|OR|ANDNOT)(?=\s|$)|^\s*(NOT)\s*$")
_TRAILING_OPERATOR = re.compile(r"(?:^|\s)(" + _OPERATOR + r")\s*$")
_DOUBLE_OPERATOR = re.compile(r"(?<=\s)(" + _OPERATOR + r")\s+(?=(?:AND|OR|ANDNOT)(?:\s|$))"
                              r"|\s+(" + _OPERATOR + r")(?=\s*\))|(?<=\()\s*(AND|OR|ANDNOT)(?=\s)")
_QUOTED = re.compile(r'("[^"]*(?:"|$))')
_LOWER_OPERATOR = re.compile(r"(?<![^\s(])(and|or|not)(?=[\s)]|$)", re.IGNORECASE)
_NEGATIONS = re.compile(r"(?<![^\s(])((?:NOT\s+|-)+)(?=[^\s\-])(?!NOT(?:\s|$))")
_FIELD = re.compile(r"(?<![^\s(\-])(\w+):(\s*)")
Note = tuple[str, dict]


class QueryError(ValueError):
    """A search that cannot be answered: ``code`` (a key of QUERY_ERRORS) and ``params`` say why."""

    def __init__(self, code: str, **params):
        if code not in QUERY_ERRORS:
            code, params = "unparsable", {}
        self.code, self.params = code, params
        super().__init__(QUERY_ERRORS[code].format(**params))


# -- preparing the text for the parser -----------------------------------------------------

def prepare(text: str) -> tuple[str, list[Note]]:
    """The query text made consistent for the parser (see the module docstring), and its notes.

    Raises QueryError for a field name with nothing after it. Quoted phrases are left alone.
    """
    notes: list[Note] = []
    parts = _QUOTED.split(text)
    for i in range(0, len(parts), 2):  # the unquoted parts (a phrase follows all but the last)
        parts[i] = _fields(_negations(parts[i]), i + 1 < len(parts), notes)
        for m in _LOWER_OPERATOR.finditer(parts[i]):
            if m.group(1) != m.group(1).upper():
                notes.append(("lowercase_operator", {"word": m.group(1), "operator": m.group(1).upper()}))
    return _strip_dangling_operators("".join(parts), notes), notes


def _negations(text: str) -> str:
    """Runs of NOT / - before a word cancel in pairs: an odd run is one '-', an even run nothing."""
    def one(m: re.Match) -> str:
        count = len(re.findall(r"NOT\s+", m.group(1))) + m.group(1).count("-")
        return "-" if count % 2 else ""
    return _NEGATIONS.sub(one, text)


def _fields(text: str, phrase_follows: bool, notes: list[Note]) -> str:
    """Field names in canonical form ("TITLE:" -> "title:", "title: x" -> "title:x"); others are words."""
    def one(m: re.Match) -> str:
        name, rest = m.group(1), text[m.end():]
        canonical = FIELD_NAMES.get(fold_token(name))
        if canonical is None:
            if name.isalpha() and name.lower() not in ("http", "https"):
                notes.append(("unknown_field", {"name": name}))
            return name + " "
        if rest.startswith(")") or (not rest and not phrase_follows):
            raise QueryError("field_without_words", field=canonical)
        return canonical + ":"
    return _FIELD.sub(one, text)


def _strip_dangling_operators(text: str, notes: list[Note]) -> str:
    """Drop operators with nothing to join ("AND", "dân OR", "OR OR x"): the rest is still searched."""
    previous = None
    text = text.strip()
    dropped: list[str] = []

    def drop(m: re.Match) -> str:
        dropped.extend(g for g in m.groups() if g)
        return ""
    while text != previous:
        previous = text
        for pattern in (_LEADING_OPERATOR, _TRAILING_OPERATOR, _DOUBLE_OPERATOR):
            text = pattern.sub(drop, text).strip()
    if text:
        notes.extend(("operator_ignored", {"operator": op}) for op in dict.fromkeys(dropped))
    return text


# -- parsing -------------------------------------------------------------------------------

_PARSER_SCHEMA = fields.Schema(text=fields.TEXT(analyzer=VietTokenizer("exact")),
                               title=fields.TEXT(analyzer=VietTokenizer("exact")))


def make_parser() -> QueryParser:
    """The query parser: AND by default, OR, NOT / -word, "phrases", (groups), field:, prefix*."""
    parser = QueryParser("text", schema=_PARSER_SCHEMA, group=syntax.AndGroup, plugins=[
        plugins.WhitespacePlugin(), plugins.FieldsPlugin(), plugins.WildcardPlugin(), plugins.PhrasePlugin(),
        plugins.GroupPlugin(),
        # "-word" is NOT word (only at the start of a word: "covid-19" stays one term)
        plugins.OperatorsPlugin(Not=r"(^|(?<=(\s|[()])))(NOT(?=\s)|-(?=[^\s\-]))", AndMaybe=None, Require=None),
    ])  # field aliases (tieude:, body:...) are made canonical by prepare()
    parser.remove_plugin_class(plugins.SingleQuotePlugin)
    parser.remove_plugin_class(plugins.BoostPlugin)
    parser.remove_plugin_class(plugins.RangePlugin)
    parser.remove_plugin_class(plugins.EveryPlugin)
    return parser


@dataclass(frozen=True)
class CompiledQuery:
    """The query text compiled: what must match (folded fields) and how to score it (shared between searches:
    never modified)."""

    match: query.Query | None  # None: every document (browsing)
    score: query.Query | None
    words: list[str]  # folded words and prefixes ("x*") to highlight
    terms: list[str]  # the plain positive words as typed (analysed), for "did you mean"
    scorable: bool = True  # False when the query only excludes (or is empty, or "*"): ordered by date
    notes: list[Note] = field(default_factory=list)  # (code, params) of QUERY_NOTES, for the user


def compile_query(text: str, parser: QueryParser | None = None) -> CompiledQuery:
    """Parse query text; raises QueryError (never another exception) for text it cannot search for."""
    if not text.strip():
        return CompiledQuery(None, None, [], [], False)
    prepared, notes = prepare(text)
    if not prepared:
        raise QueryError("no_words")
    builder = _Builder()
    try:
        match, score = builder.build((parser or make_parser()).parse(prepared))
    except QueryError:
        raise
    except Exception:  # the parser recovers from most input; anything else is the user's query
        raise QueryError("unparsable") from None
    if match is None:
        raise QueryError("no_words")
    if builder.count > MAX_TERMS:
        raise QueryError("too_many_words", count=builder.count, limit=MAX_TERMS)
    if builder.positive == 0 and not isinstance(match, query.Every):
        notes.append(("only_exclusions", {}))
    return CompiledQuery(match, score, list(dict.fromkeys(builder.words)), list(dict.fromkeys(builder.terms)),
                         builder.positive > 0, notes)


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
            raise QueryError("unsupported", kind=type(q).__name__)
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
        # its words as typed score it (exact diacritics first), and the phrase itself as one folded term
        score = [q for a in areas for q in (*(query.Term(f"{a}_exact", w, boost=BOOSTS[f"{a}_exact"]) for w in words),
                                             query.Phrase(f"{a}_fold", folded, boost=BOOSTS[f"{a}_fold"]))]
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
        raise QueryError("wildcard", text=q.text)

    def _Every(self, q):
        return query.Every(), None

    def _NullQuery(self, q):
        return None, None

    def _Not(self, q: query.Not):
        if isinstance(q.query, query.Not):  # NOT NOT x is x
            return self.build(q.query.query)
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


def _or(queries: list[query.Query]) -> query.Query:
    return queries[0] if len(queries) == 1 else query.Or(queries)
