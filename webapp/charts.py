"""Charts drawn on the server as SVG (no script, nothing from elsewhere: the CSP stays strict).

``trend_svg(trend)`` draws the share of matching articles per period, one line per query. Each line
has its own dash pattern and marker shape and is named at its end and in the legend, so the chart
reads without colour; every text is escaped. Only presentation attributes are used (no style
attribute, which the CSP forbids).
"""
from __future__ import annotations

from html import escape

WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 150, 36, 56
MAX_X_LABELS = 12
COLOURS = ("#1f4e79", "#8c2d04", "#2e6b30", "#6a3d9a", "#525252")
DASHES = ("", "7 4", "2 3", "9 3 2 3", "1 3")
MARKERS = ("circle", "square", "triangle", "diamond", "cross")


def _ticks(top: float) -> list[float]:
    """Four or five round percentage ticks from 0 to at least ``top`` (a share, 0..1)."""
    percent = max(top * 100, 0.1)
    for step in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 25, 50):
        if percent / step <= 5:
            break
    count = int(percent // step) + 1
    return [round(i * step / 100, 6) for i in range(count + 1)]


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'
    if kind == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if kind == "triangle":
        return f'<path d="M{x:.1f} {y - 4.5:.1f}L{x + 4:.1f} {y + 3:.1f}L{x - 4:.1f} {y + 3:.1f}Z" fill="{colour}"/>'
    if kind == "diamond":
        return f'<path d="M{x:.1f} {y - 4.5:.1f}L{x + 4.5:.1f} {y:.1f}L{x:.1f} {y + 4.5:.1f}L{x - 4.5:.1f} {y:.1f}Z" ' \
               f'fill="{colour}"/>'
    return f'<path d="M{x - 4:.1f} {y - 4:.1f}L{x + 4:.1f} {y + 4:.1f}M{x - 4:.1f} {y + 4:.1f}L{x + 4:.1f} ' \
           f'{y - 4:.1f}" stroke="{colour}" stroke-width="2"/>'


def series_name(q: str, number: int) -> str:
    return f"{number}. {q or '(mọi bài)'}"


def trend_svg(trend: dict, title: str = "Tỷ lệ bài khớp theo thời gian") -> str:
    """The chart of a trend (the /api/trends shape) as a standalone SVG document."""
    series = trend.get("series") or []
    periods = [p["period"] for p in series[0]["points"]] if series else []
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = max([p["share"] for s in series for p in s["points"]] or [0.0])
    ticks = _ticks(top)
    y_max = ticks[-1] or 1.0

    def x_of(i: int) -> float:
        return LEFT + (plot_w * i / max(1, len(periods) - 1) if len(periods) > 1 else plot_w / 2)

    def y_of(share: float) -> float:
        return TOP + plot_h - plot_h * share / y_max

    desc = "; ".join(f"{series_name(s['q'], n)}: cao nhất {max([p['share'] for p in s['points']] or [0]):.1%}"
                     for n, s in enumerate(series, start=1))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
           f'height="{HEIGHT}" role="img" aria-labelledby="chart-title chart-desc" font-family="sans-serif" '
           f'font-size="12">',
           f'<title id="chart-title">{escape(title)}</title><desc id="chart-desc">{escape(desc)}</desc>',
           f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
           f'<text x="{LEFT}" y="20" font-size="14" font-weight="bold">{escape(title)}</text>']
    for t in ticks:
        y = y_of(t)
        out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" stroke="#dddddd"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{t * 100:g}%</text>')
    step = max(1, -(-len(periods) // MAX_X_LABELS))
    for i in range(0, len(periods), step):
        out.append(f'<text x="{x_of(i):.1f}" y="{TOP + plot_h + 18}" text-anchor="middle">'
                   f'{escape(periods[i])}</text>')
    out.append(f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" stroke="#333333"/>')
    for n, s in enumerate(series):
        out.extend(_line(s, n, x_of, y_of))
    out.extend(_legend(series))
    out.append("</svg>")
    return "\n".join(out)


def _line(s: dict, n: int, x_of, y_of) -> list[str]:
    colour, dash, marker = COLOURS[n % 5], DASHES[n % 5], MARKERS[n % 5]
    points = [(x_of(i), y_of(p["share"])) for i, p in enumerate(s["points"])]
    if not points:
        return []
    path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f} {y:.1f}" for i, (x, y) in enumerate(points))
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    out = [f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>']
    if len(points) <= 60:
        out.extend(_marker(marker, x, y, colour) for x, y in points)
    x, y = points[-1]
    out.append(f'<text x="{x + 8:.1f}" y="{y + 4:.1f}" fill="{colour}">{n + 1}</text>')
    return out


def _legend(series: list[dict]) -> list[str]:
    out = []
    x = WIDTH - RIGHT + 28
    for n, s in enumerate(series):
        y = TOP + 14 + n * 22
        colour, dash, marker = COLOURS[n % 5], DASHES[n % 5], MARKERS[n % 5]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<line x1="{x}" y1="{y}" x2="{x + 24}" y2="{y}" stroke="{colour}" stroke-width="2"{dash_attr}/>')
        out.append(_marker(marker, x + 12, y, colour))
        name = series_name(s["q"], n + 1)
        out.append(f'<text x="{x + 30}" y="{y + 4}">{escape(name[:18] + ("…" if len(name) > 18 else ""))}</text>')
    return out
