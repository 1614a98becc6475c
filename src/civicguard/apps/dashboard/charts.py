"""Charts drawn on the server as accessible SVG, each followed by a GOV.UK table of the same numbers.

The SVG has `role="img"` and `aria-labelledby` naming its `<title>` and `<desc>`; the table beside it holds every
number the picture shows, so nobody needs the picture (GOV.UK: "make sure data is available in a table"). No
JavaScript; the colours print and stay apart in greyscale (each line has its own dash pattern too).
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from civicguard.apps.dashboard.figures import Chart

WIDTH, ROW, LEFT, RIGHT = 640, 28, 220, 60
# GOV.UK colours: blue, orange, green (distinct in print and for the common colour blindnesses with the dashes).
COLOURS = ("#1d70b8", "#d4351c", "#00703c", "#4c2c92")
DASHES = ("", "6 4", "2 3", "8 3 2 3")


def _bar(chart: Chart) -> str:
    values = chart.series[0][1] if chart.series else []
    top = max(values, default=0) or 1
    height = max(1, len(values)) * ROW + 30
    span = WIDTH - LEFT - RIGHT
    parts = []
    for i, (label, value) in enumerate(zip(chart.labels, values, strict=True)):
        y = 10 + i * ROW
        width = round(span * value / top)
        parts.append(format_html(
            '<text x="{}" y="{}" text-anchor="end" class="cg-chart__label">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
            '<text x="{}" y="{}" class="cg-chart__value">{}</text>',
            LEFT - 8, y + 17, label[:34], LEFT, y + 4, width, ROW - 8, COLOURS[0], LEFT + width + 6, y + 17, value))
    if not values:
        parts.append(format_html('<text x="{}" y="{}" class="cg-chart__label">Nothing to show for this period'
                                 '</text>', 10, 30))
    return _svg(chart, height, "".join(parts))


def _line(chart: Chart) -> str:
    count = len(chart.labels)
    top = max((v for _, values in chart.series for v in values), default=0) or 1
    height, left, bottom = 260, 50, 200
    span = WIDTH - left - 20
    step = span / max(1, count - 1)
    parts = [format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#0b0c0c"/>', left, bottom, WIDTH - 20,
                         bottom),
             format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#0b0c0c"/>', left, 10, left, bottom),
             format_html('<text x="{}" y="{}" text-anchor="end" class="cg-chart__value">{}</text>', left - 6, 16, top),
             format_html('<text x="{}" y="{}" text-anchor="end" class="cg-chart__value">0</text>', left - 6, bottom)]
    if count:
        parts.append(format_html('<text x="{}" y="{}" class="cg-chart__label">{}</text>', left, bottom + 18,
                                 chart.labels[0]))
        parts.append(format_html('<text x="{}" y="{}" text-anchor="end" class="cg-chart__label">{}</text>',
                                 WIDTH - 20, bottom + 18, chart.labels[-1]))
    for n, (name, values) in enumerate(chart.series):
        colour, dash = COLOURS[n % len(COLOURS)], DASHES[n % len(DASHES)]
        points = " ".join(f"{left + i * step:.1f},{bottom - (bottom - 10) * v / top:.1f}"
                          for i, v in enumerate(values))
        if count == 1:
            x, y = points.split(",")
            parts.append(format_html('<circle cx="{}" cy="{}" r="4" fill="{}"/>', x, y, colour))
        elif points:
            parts.append(format_html('<polyline points="{}" fill="none" stroke="{}" stroke-width="3"{}/>', points,
                                     colour, mark_safe(f' stroke-dasharray="{dash}"') if dash else ""))
        parts.append(format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3"{}/>'
            '<text x="{}" y="{}" class="cg-chart__label">{}</text>',
            left + n * 150, bottom + 40, left + n * 150 + 30, bottom + 40, colour,
            mark_safe(f' stroke-dasharray="{dash}"') if dash else "", left + n * 150 + 36, bottom + 45, name))
    return _svg(chart, height, "".join(parts))


def _svg(chart: Chart, height: int, body: str) -> str:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="cg-chart" role="img" viewBox="0 0 {w} {h}" width="100%" '
        'aria-labelledby="{id}-title {id}-desc" focusable="false" font-family="arial, sans-serif" font-size="14">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        w=WIDTH, h=height, id=chart.id, title=chart.title, desc=chart.description, body=mark_safe(body))


def svg(chart: Chart) -> SafeString:
    return mark_safe(_bar(chart) if chart.kind == "bar" else _line(chart))


def table(chart: Chart) -> SafeString:
    """The chart's numbers as a GOV.UK table (a bar chart's rows link to their records where the viewer may)."""
    head = [chart.label_heading or "Label"] + [name for name, _ in chart.series]
    rows = []
    for i, label in enumerate(chart.labels):
        url = chart.urls[i] if i < len(chart.urls) else None
        cells = [format_html('<th scope="row" class="govuk-table__header">{}</th>', label)]
        for _, values in chart.series:
            number = values[i]
            cells.append(format_html('<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>',
                                     format_html('<a class="govuk-link" href="{}">{}</a>', url, number)
                                     if url else number))
        rows.append(format_html('<tr class="govuk-table__row">{}</tr>', mark_safe("".join(cells))))
    if not rows:
        rows.append(format_html('<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="{}">'
                                'Nothing in this period</td></tr>', len(head)))
    header = format_html_join("", '<th scope="col" class="govuk-table__header{}">{}</th>',
                              ((" govuk-table__header--numeric" if i else "", h) for i, h in enumerate(head)))
    return format_html(
        '<table class="govuk-table cg-chart-table" id="{}-table"><caption class="govuk-table__caption '
        'govuk-table__caption--s">{}</caption><thead class="govuk-table__head"><tr class="govuk-table__row">{}</tr>'
        '</thead><tbody class="govuk-table__body">{}</tbody></table>',
        chart.id, chart.title, header, mark_safe("".join(rows)))


def figure(chart: Chart) -> SafeString:
    """The chart and its table, together."""
    return format_html('<div class="cg-chart-block" id="{}">{}{}</div>', chart.id, svg(chart), table(chart))


