"""One hit per group of syndicated copies (``unique=1``): the earliest matching article stands for its group.

Works on the per-segment masks of a search: every grouped document (its segment's ``group`` column is
set) is dropped but the earliest of its group among the masks' documents (by date, undated last,
then by article key, so the choice never depends on segment order). Ungrouped documents stay.
"""
from __future__ import annotations

import numpy as np

from index.columns import Mask, SegmentData
from index.fastwriter import article_key
from index.schema import GROUP

UNDATED = np.iinfo(np.int64).max  # sorts after every date


def group_keys(data: SegmentData) -> np.ndarray:
    """Per document, a stable number of its group (0: not grouped), computed once per segment."""
    found = data._group_keys
    if found is None:
        names = data.values.get(GROUP) or []
        by_ordinal = np.array([0, *(article_key(n) + 1 for n in names)], dtype=np.int64)
        found = by_ordinal[data.single[GROUP]] if GROUP in data.single else np.zeros(data.size, np.int64)
        data._group_keys = found
    return found


def one_per_group(datas: list[SegmentData], masks: list[Mask]) -> list[Mask]:
    """The masks with every group reduced to its earliest document among them."""
    groups, dates, keys, where, docs = [], [], [], [], []
    for k, (data, mask) in enumerate(zip(datas, masks)):
        column = group_keys(data)
        picked = np.flatnonzero(mask & (column > 0))
        if not len(picked):
            continue
        groups.append(column[picked])
        dates.append(np.where(data.dates[picked] > 0, data.dates[picked], UNDATED))
        keys.append(data.keys[picked])
        where.append(np.full(len(picked), k, np.int64))
        docs.append(picked)
    if not groups:
        return masks
    group, date, key = np.concatenate(groups), np.concatenate(dates), np.concatenate(keys)
    order = np.lexsort((key, date, group))
    first = order[np.concatenate([[True], group[order][1:] != group[order][:-1]])]
    keep = np.zeros(len(group), bool)
    keep[first] = True
    out, segment, doc = [], np.concatenate(where), np.concatenate(docs)
    for k, mask in enumerate(masks):
        mine = segment == k
        if not mine.any():
            out.append(mask)
            continue
        reduced = mask.copy()
        reduced[doc[mine & ~keep]] = False
        out.append(reduced)
    return out
