"""A search as per-segment masks, and the facet counts over them (disjunctive: a filtered facet is counted
with every filter but its own, so its other values show what ticking them would add)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter

import numpy as np

from index.columns import Mask, SegmentData, as_mask
from index.combinations import Selection
from index.groups import one_per_group
from index.schema import FACETS


@dataclass
class Leaf:
    """One segment's part of a search, as masks: ``base`` matches the query, dates and deletions;
    ``allowed`` holds each filtered facet's documents; ``hits`` = ``base`` and every ``allowed``."""

    sub: object
    offset: int
    data: SegmentData
    base: Mask
    allowed: dict[str, Mask]
    hits: Mask


def without_deleted(reader, docs: Mask) -> Mask:
    """``docs`` less the segment's deleted documents."""
    deleted = reader.deleted_docs_set
    return docs & ~as_mask(deleted, len(docs)) if deleted else docs


def intersect(base: Mask, others: Iterable[Mask]) -> Mask:
    """The documents in ``base`` and in every mask of ``others``."""
    for other in others:
        base = base & other
    return base


def facet_counts(leaves: list[Leaf], filters: dict[str, list[str]], unique: bool = False) -> dict[str, Counter]:
    """Counts of every facet over the hits; a filtered facet counted with all the other filters but its own
    (``unique``: those documents reduced to one per group of syndicated copies, as the hits are)."""
    counts: dict[str, Counter] = {facet: Counter() for facet in FACETS}
    hits = [leaf.data.select(leaf.hits) for leaf in leaves]  # the same for every facet without a filter
    for facet in FACETS:
        selections = hits
        if facet in filters:
            masks = [intersect(leaf.base, [m for other, m in leaf.allowed.items() if other != facet]) for leaf in leaves]
            if unique:
                masks = one_per_group([leaf.data for leaf in leaves], masks)
            selections = [hit if mask is leaf.hits else leaf.data.select(mask)  # the filter took none away
                          for leaf, mask, hit in zip(leaves, masks, hits)]
        counts[facet] = _summed(facet, leaves, selections)
    return counts


def _summed(facet: str, leaves: list[Leaf], selections: list[Selection]) -> Counter:
    """Each value's count over every segment: per-segment counts added into one array by archive-wide number."""
    if not leaves:
        return Counter()
    vocabulary = leaves[0].data.vocabulary
    total = np.zeros(len(vocabulary.names[facet]), dtype=np.int64)
    for leaf, selected in zip(leaves, selections):
        numbers = leaf.data.numbers[facet]
        if len(numbers):
            total[numbers] += leaf.data.value_counts(facet, selected)
    names = vocabulary.names[facet]
    return Counter({names[i]: int(total[i]) for i in np.flatnonzero(total)})


def facet_list(facet: str, counts: Counter) -> list[dict]:
    """A facet's values with their counts: years newest first, the others most frequent first (ties by value)."""
    items = sorted(counts.items(), key=itemgetter(0), reverse=facet == "year")
    if facet != "year":
        items.sort(key=itemgetter(1), reverse=True)  # stable: equal counts stay in value order
    return [{"value": value, "count": count} for value, count in items if count]
