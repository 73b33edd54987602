"""The facets of a search page as plain data: values with counts and toggle URLs, today's provinces with the
historical ones merged into them, and the chips of the active filters."""
from __future__ import annotations

from archive.places import province_2025
from index.schema import FACETS
from webapp.params import SearchParams

FACET_LABELS = {  # every facet of index.schema.FACETS, in its order
    "province": "Tỉnh (thời điểm đăng)", "province_2025": "Tỉnh (sau sáp nhập 2025)", "unit": "Đơn vị",
    "level": "Cấp", "year": "Năm", "source": "Trang nguồn", "status": "Tình trạng",
    "provinces_mentioned": "Tỉnh được nhắc đến", "organisations": "Tổ chức được nhắc đến",
    "collection": "Bộ sưu tập", "kind": "Loại", "doc_type": "Loại văn bản",
    "group": "Nhóm bản đăng lại",  # a filter (the copies of one story), never listed as a facet
}
STATUS_LABELS = {"live": "Còn trên trang nguồn", "removed": "Đã bị gỡ tại nguồn"}


def facets(params: SearchParams, counts: dict[str, list[dict]], toggle=None) -> dict[str, list[dict]]:
    """Each facet's values as plain data: value, count, selected, toggle_url (selected ones always listed;
    the first ``params.facet_size`` of the others, by count)."""
    out: dict[str, list[dict]] = {}
    toggle = toggle or params.toggler()
    for name in FACETS:
        items = [dict(v) for v in _listed(params, name, counts.get(name, []))]
        seen = {i["value"] for i in items}
        items += [{"value": v, "count": 0} for v in params.filters.get(name, ()) if v not in seen]
        for item in items:
            item["value"] = str(item["value"])
            item["selected"] = params.selected(name, item["value"])
            item["toggle_url"] = toggle(name, item["value"])
        if name == "year":
            items.sort(key=lambda i: i["value"])
        if items or name in counts:
            out[name] = items
    return out


def _listed(params: SearchParams, name: str, values: list[dict]) -> list[dict]:
    """The values of a facet the page lists: the first ``facet_size``, plus any selected one beyond them."""
    size = params.facet_size
    if size is None or len(values) <= size:
        return values
    if not params.filters.get(name):
        return values[:size]
    return values[:size] + [v for v in values[size:] if params.selected(name, str(v["value"]))]


def facets_more(params: SearchParams, counts: dict[str, list[dict]]) -> dict:
    """Facets with more values than listed: how many more each has, and the URL listing them all."""
    more = {name: len(values) - len(_listed(params, name, values)) for name, values in counts.items()}
    more = {name: n for name, n in more.items() if n}
    return {"counts": more, "url": params.changed(facet_size=None, page=params.page).url() if more else None}


def province_groups(params: SearchParams, counts: dict[str, list[dict]], toggle=None) -> list[dict]:
    """Today's (2025) provinces, each with the historical provinces merged into it (``toggle``: the page's
    ``params.toggler()``, shared with ``facets``)."""
    groups: dict[str, dict] = {}
    toggle = toggle or params.toggler()

    def group(value: str, count: int | None) -> dict:
        if value not in groups:
            groups[value] = {"value": value, "count": count, "selected": params.selected("province_2025", value),
                             "toggle_url": toggle("province_2025", value), "members": []}
        return groups[value]

    for item in counts.get("province_2025", []):
        group(str(item["value"]), item["count"])
    for item in counts.get("province", []):
        value = str(item["value"])
        group(province_2025(value) or value, None)["members"].append({
            "value": value, "count": item["count"], "selected": params.selected("province", value),
            "toggle_url": toggle("province", value)})
    for g in groups.values():
        if g["count"] is None:
            g["count"] = sum(m["count"] for m in g["members"])
    return sorted(groups.values(), key=lambda g: (-g["count"], g["value"]))


def chips(params: SearchParams) -> list[dict]:
    """The active filters, each removable by following its URL."""
    out = []
    for name, values in params.filters.items():
        for value in values:
            out.append({"facet": name, "label": FACET_LABELS.get(name, name), "value": value,
                        "display": STATUS_LABELS.get(value, value) if name == "status" else value,
                        "remove_url": params.toggled(name, value).url()})
    if params.date_from:
        out.append({"facet": "date_from", "label": "Từ ngày", "value": params.date_from, "display": params.date_from,
                    "remove_url": params.changed(date_from="").url()})
    if params.date_to:
        out.append({"facet": "date_to", "label": "Đến ngày", "value": params.date_to, "display": params.date_to,
                    "remove_url": params.changed(date_to="").url()})
    return out
