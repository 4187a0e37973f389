"""Small server-side SVG bar charts (no JavaScript, no external assets)."""

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

ROW_HEIGHT = 26
LABEL_WIDTH = 130
BAR_WIDTH = 320


def bar_chart_svg(rows: Sequence[tuple[str, int]]) -> SafeString:
    """Return a horizontal bar chart of (label, count) rows as inline SVG."""
    if not rows:
        return mark_safe("")
    top = max(count for _, count in rows) or 1
    height = ROW_HEIGHT * len(rows) + 4
    parts = [
        f'<svg class="chart" role="img" width="{LABEL_WIDTH + BAR_WIDTH + 60}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for index, (label, count) in enumerate(rows):
        y = index * ROW_HEIGHT + 2
        width = max(2, round(BAR_WIDTH * count / top))
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 17}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{width}" height="{ROW_HEIGHT - 8}" '
            f'rx="3"></rect>'
            f'<text x="{LABEL_WIDTH + width + 6}" y="{y + 17}">{int(count)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every label is escaped above
