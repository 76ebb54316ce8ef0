"""Bars and donuts as inline SVG drawn on the server, the same markup in the page and in the PDF.

Text never goes inside the SVG: labels and numbers are HTML around it (a table row per bar, a list as the
donut's legend), so the browser and WeasyPrint lay them out with the page's direction and fonts, and a screen
reader reads a plain table. Only the shapes are SVG; a bar starts where a line starts (right in Arabic).
"""

import math

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

# Colour-blind-safe palette (Okabe–Ito), then greys.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999", "#555555"]
BAR_COLOUR = "#7a3f0c"


def colour(index):
    return PALETTE[index % len(PALETTE)]


def _label(entry, language):
    return entry["label_fr"] if language == "fr" else entry["label_ar"]


def _percent(count, total):
    return f"{100 * count / total:.0f}\u00a0%" if total else ""


def bar_svg(count, largest, *, rtl):
    """One bar, its length proportional to `count` against the largest of the chart."""
    width = 100 * count / largest if largest else 0
    x = 100 - width if rtl else 0
    return format_html(
        '<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">'
        '<rect x="0" y="0" width="100" height="10" fill="#f1ece6"/>'
        '<rect x="{}" y="0" width="{}" height="10" fill="{}"/></svg>',
        f"{x:.2f}",
        f"{width:.2f}",
        BAR_COLOUR,
    )


def bars(items, *, language, caption="", href=None, total=None):
    """A bar chart as a table: label, bar, count (linked to the people behind it when `href(entry)` gives a
    URL) and share of `total` (the items' sum by default)."""
    if not items:
        return ""
    rtl = language == "ar"
    largest = max(entry["count"] for entry in items)
    total = sum(entry["count"] for entry in items) if total is None else total
    rows = []
    for entry in items:
        link = href(entry) if href else None
        number = format_html('<a href="{}">{}</a>', link, entry["count"]) if link else str(entry["count"])
        rows.append(
            format_html(
                '<tr><th scope="row">{}</th><td class="bar-cell">{}</td><td class="n">{}</td>'
                '<td class="pct">{}</td></tr>',
                _label(entry, language),
                bar_svg(entry["count"], largest, rtl=rtl),
                number,
                _percent(entry["count"], total),
            )
        )
    head = format_html("<caption>{}</caption>", caption) if caption else ""
    return format_html(
        '<table class="chart bars">{}<tbody>{}</tbody></table>', head, mark_safe("".join(rows))
    )


def _arc(start, end, radius=50, hole=30):
    """The SVG path of a ring segment between two fractions of the turn (0 = top, clockwise)."""
    if end - start >= 0.9999:  # a full ring: two half-arcs, since one arc cannot close on itself
        return _arc(start, start + 0.5, radius, hole) + " " + _arc(start + 0.5, end, radius, hole)

    def point(fraction, r):
        angle = 2 * math.pi * fraction
        return 50 + r * math.sin(angle), 50 - r * math.cos(angle)

    large = 1 if end - start > 0.5 else 0
    (x1, y1), (x2, y2) = point(start, radius), point(end, radius)
    (x3, y3), (x4, y4) = point(end, hole), point(start, hole)
    return (
        f"M{x1:.2f},{y1:.2f} A{radius},{radius} 0 {large} 1 {x2:.2f},{y2:.2f} "
        f"L{x3:.2f},{y3:.2f} A{hole},{hole} 0 {large} 0 {x4:.2f},{y4:.2f} Z"
    )


def donut(items, *, language, caption="", href=None):
    """A ring of the items' shares, with an HTML legend (colour, label, count linked, share)."""
    total = sum(entry["count"] for entry in items)
    if not total:
        return ""
    paths, position = [], 0.0
    for index, entry in enumerate(items):
        if entry["count"]:
            end = position + entry["count"] / total
            paths.append((_arc(position, end), colour(index)))
            position = end
    svg = format_html(
        '<div class="ring"><svg class="donut" viewBox="0 0 100 100" aria-hidden="true" focusable="false">{}</svg></div>',
        format_html_join("", '<path d="{}" fill="{}"/>', paths),
    )
    # The share in brackets: «مقبول 173 (75 %)», not two numbers glued together («مقبول 173 75 %»).
    legend = []
    for index, entry in enumerate(items):
        link = href(entry) if href else None
        number = format_html('<a href="{}">{}</a>', link, entry["count"]) if link else str(entry["count"])
        legend.append(
            format_html(
                '<li><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10" '
                'fill="{}"/></svg> {} <span class="n">{}</span> <span class="pct">({})</span></li>',
                colour(index),
                _label(entry, language),
                number,
                _percent(entry["count"], total),
            )
        )
    head = format_html("<figcaption>{}</figcaption>", caption) if caption else ""
    return format_html(
        '<figure class="chart donut-chart">{}{}<ul class="legend">{}</ul></figure>',
        head,
        svg,
        mark_safe("".join(legend)),
    )


def table(headers, rows, *, numeric_from=1):
    """A plain figures table (knowledge gain, ratings): `headers`, then rows whose cells from `numeric_from`
    on are numbers (aligned to the end, "–" when None)."""
    if not rows:
        return ""
    # Figures' headers align as their figures do, so that each sits above its column.
    head = format_html_join(
        "",
        "<th{}>{}</th>",
        (
            (mark_safe(' class="n"') if index >= numeric_from else "", header)
            for index, header in enumerate(headers)
        ),
    )
    body = []
    for row in rows:
        cells = [format_html('<th scope="row">{}</th>', cell) for cell in row[:numeric_from]]
        cells += [
            format_html('<td class="n">{}</td>', "–" if cell is None else cell) for cell in row[numeric_from:]
        ]
        body.append(format_html("<tr>{}</tr>", mark_safe("".join(cells))))
    return format_html(
        '<table class="chart figures"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>',
        head,
        mark_safe("".join(body)),
    )
