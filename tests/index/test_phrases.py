"""Phrases match consecutive tokens within the title or within the body: biwords of common words
give the same answer as checking every document's tokens, for common and rare words alike."""
from __future__ import annotations

import random

import pytest

from archive import Archive
from index import SearchIndex, SearchQuery
from index.analysis import analyse

COMMON = ["dân", "vận", "khéo", "công", "tác", "nhân", "xã", "hội", "đất", "đường", "mở", "hiến"]
RARE = ["sóc", "lũng", "pác", "nậm", "mường", "chư"]  # each in only a few articles


def synthetic_records(count: int) -> list[dict]:
    """Deterministic articles of common words, some with a frequent phrase, some with one rare word,
    some with a title ending in "dân" and a body starting with "vận" (a phrase must not run across)."""
    rng = random.Random(20261122)
    records = []
    for n in range(count):
        title = " ".join(rng.choice(COMMON) for _ in range(rng.randint(2, 6)))
        body = [rng.choice(COMMON) for _ in range(rng.randint(5, 40))]
        if n % 5 == 0:  # frequent enough for its groups of 2, 3 and 4 words to be indexed
            at = rng.randrange(len(body))
            body[at:at] = ["công", "tác", "dân", "vận"]
        if n % 37 == 0:
            body.insert(rng.randrange(len(body)), RARE[n % len(RARE)])
        if n % 11 == 0:
            title, body = title + " Dân", ["Vận", *body]
        records.append({"url": f"http://fixture.invalid/phrase-{n}", "title": title.capitalize(),
                        "text": " ".join(body) + ".", "province": "Gia Lai", "unit": "Ban Dân vận Tỉnh ủy",
                        "level": "tỉnh", "source": "Ban Dân vận Tỉnh ủy Gia Lai"})
    return records


def contains(tokens: list[str], phrase: list[str]) -> bool:
    n = len(phrase)
    return any(tokens[i:i + n] == phrase for i in range(len(tokens) - n + 1))


@pytest.fixture(scope="module")
def phrase_index(tmp_path_factory):
    """(SearchIndex, {article id: (folded title tokens, folded body tokens)}) over 400 synthetic articles."""
    from archive import Config

    config = Config.load(tmp_path_factory.mktemp("phrases") / "home")
    tokens = {}
    with Archive.open(config) as archive:
        for record in synthetic_records(400):
            tokens[archive.import_article(record)] = (analyse(record["title"])[1], analyse(record["text"])[1])
        index = SearchIndex(config.index_dir)
        index.rebuild(archive)
    yield index, tokens
    index.close()


PHRASES = ["dân vận", "vận dân", "dân vận khéo", "công tác dân vận", "tác dân vận", "công tác dân vận khéo",
           "hiến đất mở đường", "xã hội", "công tác dân vận công tác",
           "dân sóc", "sóc dân", "lũng", "pác công tác", "nậm mường", "vận vận", "dan van kheo"]


@pytest.mark.parametrize("phrase", PHRASES)
def test_a_phrase_finds_exactly_the_articles_with_its_words_in_a_row(phrase_index, phrase):
    index, tokens = phrase_index
    words = analyse(phrase)[1]
    expected = {i for i, (title, body) in tokens.items() if contains(title, words) or contains(body, words)}
    found = {hit["id"] for hit in index.iter_hits(SearchQuery(q=f'"{phrase}"'))}
    assert found == expected


@pytest.mark.parametrize("phrase", ["dân vận", "dân vận khéo", "công tác"])
def test_a_title_phrase_finds_exactly_the_titles_with_its_words_in_a_row(phrase_index, phrase):
    index, tokens = phrase_index
    words = analyse(phrase)[1]
    expected = {i for i, (title, _) in tokens.items() if contains(title, words)}
    found = {hit["id"] for hit in index.iter_hits(SearchQuery(q=f'title:"{phrase}"'))}
    assert found == expected


def test_a_phrase_never_runs_from_the_title_into_the_body(phrase_index):
    index, tokens = phrase_index
    across = {i for i, (title, body) in tokens.items()
              if title[-1:] == ["dan"] and body[:1] == ["van"]
              and not contains(title, ["dan", "van"]) and not contains(body, ["dan", "van"])}
    found = {hit["id"] for hit in index.iter_hits(SearchQuery(q='"dân vận"'))}
    assert across and not across & found


@pytest.mark.parametrize("phrase", ["dân vận khéo", "công tác dân vận", "pác công tác", "sóc dân"])
def test_a_phrase_checked_in_one_pass_over_the_streams_finds_the_same_articles(phrase_index, phrase, monkeypatch):
    import index.streams

    monkeypatch.setattr(index.streams, "SCAN_THRESHOLD", 0)  # as for a large segment: one pass, not per document
    index_, tokens = phrase_index
    words = analyse(phrase)[1]
    expected = {i for i, (title, body) in tokens.items() if contains(title, words) or contains(body, words)}
    assert {hit["id"] for hit in index_.iter_hits(SearchQuery(q=f'"{phrase}"'))} == expected


@pytest.mark.parametrize("phrase", ["vận vận", "khéo mở", "xã đất hiến", "dân vận", "công tác"])
@pytest.mark.parametrize("titles_apart", [True, False])
def test_a_title_phrase_is_found_on_the_titles_kept_apart_as_on_the_whole_stream_of_older_segments(
        phrase_index, phrase, titles_apart):
    index, tokens = phrase_index
    index._cache = type(index._cache)()  # nothing cached from the other tests
    for leaf, _ in index._searcher().leaf_searchers():
        streams = index._cache.data(leaf.reader()).streams(leaf.reader())
        assert streams.title_tokens is not None  # written by this version
        if not titles_apart:
            streams.title_tokens = None  # as in a segment written before titles were kept apart
    words = analyse(phrase)[1]
    expected = {i for i, (title, _) in tokens.items() if contains(title, words)}
    assert {hit["id"] for hit in index.iter_hits(SearchQuery(q=f'title:"{phrase}"'))} == expected
    index._cache = type(index._cache)()
