"""Syndicated copies (archive.syndication) on the labelled set of syndication_set.py, in real SQLite archives.

The thresholds are the figures of benchmarks/syndication.py minus a margin: on the set with the shared
fixture articles, pairwise precision 1.000 and recall 0.984 (without them 1.000 and 1.000).
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from archive import Archive, Config
from archive.syndication import MIN_WORDS, SAME_STORY, judge_pair, signature
from tests.archive.syndication_set import (Item, apply_variant, build_set, joined_by_kind, pairwise_scores,
                                           paragraphs, same_event_pairs, trim_last, word_count)
from tests.conftest import SHARED

MIN_PRECISION, MIN_RECALL = 0.97, 0.95


@dataclass
class Grouped:
    items: list[Item]
    ids: dict[str, str]                    # label -> article id
    groups: dict[str, str | None]          # label -> group id


def import_all(arc: Archive, items: list[Item]) -> dict[str, str]:
    return {item.label: arc.import_article(item.record) for item in items}


def groups_by_label(arc: Archive, ids: dict[str, str]) -> dict[str, str | None]:
    return {label: arc.get_article(article_id).group for label, article_id in ids.items()}


def partition(groups: dict[str, str | None]) -> set[frozenset[str]]:
    out: dict[str, set[str]] = {}
    for label, group in groups.items():
        if group:
            out.setdefault(group, set()).add(label)
    return {frozenset(members) for members in out.values()}


@pytest.fixture(scope="module")
def labelled_set() -> list[Item]:
    return build_set(shared=SHARED)        # without ../shared: the hand-written part only


@pytest.fixture(scope="module")
def grouped(labelled_set, tmp_path_factory) -> Grouped:
    """The whole set imported into a fresh archive, then refresh_groups."""
    with Archive.open(Config.load(tmp_path_factory.mktemp("set") / "home")) as arc:
        ids = import_all(arc, labelled_set)
        arc.refresh_groups(procs=1)
        return Grouped(labelled_set, ids, groups_by_label(arc, ids))


@pytest.fixture
def base(labelled_set) -> Item:
    return next(i for i in labelled_set if i.label == "b04")


def copy_of(item: Item, n: int, text: str | None = None, published: str | None = None) -> dict:
    """A copy of ``item``'s record by another (made-up) source, published ``n`` days later unless told."""
    later = (date.fromisoformat(item.record["published"]) + timedelta(days=n)).isoformat()
    return dict(item.record, url=f"https://copy{n}.example.vn/tin/{n}.html", source=f"Nguồn {n}",
                source_id=f"copy{n}", text=item.record["text"] if text is None else text, published=published or later)


# -- the labelled set -------------------------------------------------------------------------------

def test_the_set_is_grouped_with_high_pairwise_precision_and_recall(grouped):
    scores = pairwise_scores(grouped.items, grouped.groups)
    assert scores.true_pairs > 150
    assert scores.precision >= MIN_PRECISION, scores
    assert scores.recall >= MIN_RECALL, scores


def test_distinct_reports_of_one_event_are_never_grouped(grouped):
    pairs = same_event_pairs(grouped.items)
    assert len(pairs) >= 20
    merged = [(a, b) for a, b in pairs if grouped.groups[a] and grouped.groups[a] == grouped.groups[b]]
    assert merged == []


def test_distinct_reports_of_one_event_are_judged_different_stories(labelled_set):
    by_label = {i.label: i for i in labelled_set}
    for a, b in same_event_pairs(labelled_set):
        verdict = judge_pair(signature(by_label[a].record["text"]), signature(by_label[b].record["text"]))
        assert not verdict.same_story and verdict.similarity < SAME_STORY - 0.2, (a, b, verdict)


@pytest.mark.parametrize("kind", ["headline", "byline_start", "byline_end", "trimmed", "word_edits",
                                  "sentence_dropped", "reordered", "intro_added", "combo"])
def test_every_lightly_edited_reprint_joins_its_original_s_group(grouped, kind):
    joined, reprints = joined_by_kind(grouped.items, grouped.groups)[kind]
    assert reprints >= 6
    assert joined == reprints


def test_every_group_of_the_set_is_named_after_its_original(grouped):
    originals = [i for i in grouped.items if i.kind == "original" and grouped.groups[i.label]]
    assert len(originals) >= 15
    assert all(grouped.groups[i.label] == grouped.ids[i.label] for i in originals)


def test_short_notices_of_the_set_never_group(grouped):
    notices = [i for i in grouped.items if i.kind == "notice"]
    assert len(notices) >= 9 and all(word_count(i.record["text"]) < MIN_WORDS for i in notices)
    assert [i.label for i in notices if grouped.groups[i.label]] == []


def test_the_set_is_the_same_every_time_and_the_shared_articles_change_no_other_part(labelled_set):
    again, alone = build_set(shared=SHARED), build_set(shared=None)
    assert [i.record for i in again] == [i.record for i in build_set(shared=SHARED)]
    by_label = {i.label: i.record for i in again}
    assert all(by_label[i.label] == i.record for i in alone)


# -- small archives -----------------------------------------------------------------------------------

def test_a_reprint_with_a_new_headline_a_byline_and_no_last_paragraph_joins_its_group(archive, base):
    text = "NGUYỄN LAN (Báo Đắk Nông)\n\n" + trim_last(base.record["text"]) + "\n\nNguồn: Ban Dân vận Tỉnh ủy Đắk Nông"
    assert paragraphs(base.record["text"])[-1] not in text
    original = archive.import_article(base.record)
    reprint = archive.import_article(dict(copy_of(base, 1, text),
                                          title="Đắk Nông: Dân vận chính quyền ở Gia Nghĩa"))
    assert archive.refresh_groups(procs=1) == 2
    assert archive.get_article(reprint).group == original
    assert archive.get_article(reprint).group_size == 2


def test_a_group_is_named_after_its_earliest_article(archive, base):
    first_imported = archive.import_article(dict(base.record, published="2022-04-26"))
    earliest = archive.import_article(copy_of(base, 1, published="2022-04-20"))
    latest = archive.import_article(copy_of(base, 2, published="2022-05-02"))
    archive.refresh_groups(procs=1)
    assert {archive.get_article(i).group for i in (first_imported, earliest, latest)} == {earliest}
    assert [m["id"] for m in archive.group_members(earliest)] == [earliest, first_imported, latest]
    assert archive.group_members(earliest)[0]["published"] == "2022-04-20"


def test_short_identical_notices_never_group(archive):
    notice = "Ban Dân vận Tỉnh ủy tiếp công dân vào sáng thứ Năm hằng tuần tại trụ sở cơ quan, số 2 đường Hùng Vương."
    ids = [archive.import_article({"url": f"https://n{k}.example.vn/thong-bao.html", "title": "Thông báo",
                                   "text": notice, "published": "2024-07-01", "source": f"Nguồn {k}",
                                   "source_id": f"n{k}"}) for k in range(3)]
    assert signature(notice) is None
    assert archive.refresh_groups(procs=1) == 0
    assert archive.regroup(ids) == set(ids)
    assert all(archive.get_article(i).group is None for i in ids)


def test_an_edited_article_that_no_longer_matches_leaves_its_group_which_shrinks(archive, base, labelled_set):
    other = next(i for i in labelled_set if i.kind == "event").record["text"]
    ids = [archive.import_article(base.record)] + [archive.import_article(copy_of(base, n)) for n in (1, 2)]
    archive.refresh_groups(procs=1)
    archive.import_article(copy_of(base, 2, text=other))          # the same URL and date, another text
    changed = archive.regroup([ids[2]])
    assert changed == set(ids)                                    # the others' group shrank
    assert archive.get_article(ids[2]).group is None
    assert [(archive.get_article(i).group, archive.get_article(i).group_size) for i in ids[:2]] == [(ids[0], 2)] * 2


def test_a_group_of_two_dissolves_when_one_of_them_no_longer_matches(archive, base, labelled_set):
    other = next(i for i in labelled_set if i.kind == "event").record["text"]
    ids = [archive.import_article(base.record), archive.import_article(copy_of(base, 1))]
    archive.refresh_groups(procs=1)
    archive.import_article(dict(base.record, text=other))
    assert archive.regroup([ids[0]]) == set(ids)
    assert [archive.get_article(i).group for i in ids] == [None, None]
    assert archive.group_members(ids[0]) == []


def test_when_the_earliest_article_leaves_the_group_is_renamed_after_the_next(archive, base, labelled_set):
    other = next(i for i in labelled_set if i.kind == "event").record["text"]
    ids = [archive.import_article(copy_of(base, n, published=f"2022-05-0{n}")) for n in (1, 2, 3)]
    archive.refresh_groups(procs=1)
    archive.import_article(copy_of(base, 1, text=other, published="2022-05-01"))
    assert archive.regroup([ids[0]]) == set(ids)
    assert [archive.get_article(i).group for i in ids] == [None, ids[1], ids[1]]


def test_a_new_reprint_joins_its_group_via_regroup_which_returns_every_member_whose_size_changed(archive, base):
    ids = [archive.import_article(base.record), archive.import_article(copy_of(base, 1))]
    archive.refresh_groups(procs=1)
    text = apply_variant("combo", base.record["text"], random.Random(3), base.record["source"])
    new = archive.import_article(copy_of(base, 2, text=text))
    assert archive.regroup([new]) == {new, *ids}
    assert [archive.get_article(i).group_size for i in (*ids, new)] == [3, 3, 3]
    assert archive.get_article(new).group == ids[0]


def test_regrouping_an_article_that_did_not_change_changes_no_group(archive, base):
    ids = [archive.import_article(base.record), archive.import_article(copy_of(base, 1))]
    archive.refresh_groups(procs=1)
    assert archive.regroup([ids[1]]) == {ids[1]}
    assert archive.get_article(ids[1]).group == ids[0]


def test_refresh_groups_and_incremental_regroup_find_the_same_groups(grouped, tmp_path):
    order = list(grouped.items)
    random.Random(5).shuffle(order)                      # reprints often arrive before their originals
    with Archive.open(Config.load(tmp_path / "home")) as arc:
        ids: dict[str, str] = {}
        for start in range(0, len(order), 25):
            chunk = import_all(arc, order[start:start + 25])
            arc.regroup(list(chunk.values()))
            ids.update(chunk)
        incremental = groups_by_label(arc, ids)
    assert len(partition(grouped.groups)) >= 20
    assert partition(incremental) == partition(grouped.groups)
    assert incremental == grouped.groups                 # the same names too


def test_every_reprint_chain_is_one_group(grouped):
    chains = [i for i in grouped.items if i.kind == "chain" and grouped.groups[i.parent]]
    assert chains
    assert all(grouped.groups[i.label] == grouped.groups[i.parent] for i in chains)
    assert len({grouped.groups[i.label] for i in chains}) == len(chains)


def test_no_group_mixes_two_true_groups(grouped):
    truths: dict[str, set[str]] = {}
    for item in grouped.items:
        if grouped.groups[item.label]:
            truths.setdefault(grouped.groups[item.label], set()).add(item.truth)
    assert len(truths) >= 20 and all(len(t) == 1 for t in truths.values())


def test_more_verbatim_copies_than_a_band_may_hold_still_form_one_group(archive, base):
    from archive.syndication import MAX_BUCKET
    n = MAX_BUCKET + 20
    ids = [archive.import_article(base.record)] + [archive.import_article(copy_of(base, k)) for k in range(1, n)]
    assert archive.refresh_groups(procs=1) == n
    assert {archive.get_article(i).group for i in ids[:5] + ids[-5:]} == {ids[0]}
    later = archive.import_article(copy_of(base, n + 1))
    archive.regroup([later])
    assert archive.get_article(later).group == ids[0]
    assert archive.get_article(later).group_size == n + 1


def test_one_source_s_templated_reports_are_not_one_story_but_another_source_s_reprint_is(archive, base):
    words = paragraphs(base.record["text"])
    edited = "\n\n".join(words[:-2] + ["Tháng này, các chi bộ đã tổ chức 14 buổi đối thoại với nhân dân về đất đai."] * 2)
    sig_a, sig_b = signature(base.record["text"]), signature(edited)
    assert SAME_STORY <= judge_pair(sig_a, sig_b).similarity < 0.9
    assert not judge_pair(sig_a, sig_b, same_source=True).same_story
    original = archive.import_article(base.record)
    own = archive.import_article(dict(base.record, url=base.record["url"] + "?thang=2", text=edited))
    archive.refresh_groups(procs=1)
    assert archive.get_article(own).group is None
    reprint = archive.import_article(copy_of(base, 3, text=edited))
    archive.regroup([reprint])
    assert archive.get_article(reprint).group == original
