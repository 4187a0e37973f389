"""Server-side SVG line chart of weekly quality scores (no JavaScript)."""

import datetime as dt
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT, PAD = 640, 240, 36
COLOURS = ("#174a8b", "#b3261e", "#1e7a46", "#8a3b12", "#6b5200", "#5b3a8a")


def trend_chart_svg(series: Sequence[tuple[str, Sequence[tuple[dt.date, float]]]]) -> SafeString:
    """Lines of (week, mean score) per agent on a 0-100 axis, with a legend."""
    weeks = sorted({week for _, points in series for week, _ in points})
    if not weeks:
        return mark_safe("")
    step = (WIDTH - 2 * PAD) / max(1, len(weeks) - 1)
    x_of = {week: PAD + i * step for i, week in enumerate(weeks)}

    def y(score: float) -> float:
        return HEIGHT - PAD - (HEIGHT - 2 * PAD) * score / 100

    legend_height = 18 * len(series)
    parts = [
        f'<svg class="chart" role="img" width="{WIDTH}" height="{HEIGHT + legend_height}" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="12">'
    ]
    for mark in (0, 60, 80, 100):
        parts.append(
            f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{y(mark):.1f}" y2="{y(mark):.1f}" '
            f'stroke="#d5dbe3"/><text x="4" y="{y(mark) + 4:.1f}">{mark}</text>'
        )
    for week in weeks:
        parts.append(
            f'<text x="{x_of[week]:.1f}" y="{HEIGHT - 12}" text-anchor="middle">{week:%m-%d}</text>'
        )
    for index, (label, points) in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        coords = " ".join(f"{x_of[w]:.1f},{y(s):.1f}" for w, s in sorted(points))
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{coords}"/>'
        )
        for week, score in points:
            parts.append(
                f'<circle cx="{x_of[week]:.1f}" cy="{y(score):.1f}" r="3" fill="{colour}">'
                f"<title>{escape(label)} {week:%Y-%m-%d}: {score:.1f}</title></circle>"
            )
        top = HEIGHT + 14 + 18 * index
        parts.append(
            f'<rect x="{PAD}" y="{top - 9}" width="12" height="4" fill="{colour}"/>'
            f'<text x="{PAD + 18}" y="{top}">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every label is escaped above
