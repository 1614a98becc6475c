"""The charts are well-formed SVG with a title and a description the image is labelled by, and the table beside
each holds exactly the numbers the picture shows."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from civicguard.apps.dashboard import charts
from civicguard.apps.dashboard.figures import Chart

SVG = "{http://www.w3.org/2000/svg}"


def _bar() -> Chart:
    return Chart("by-category", "bar", "Checks by category", "How many checks found each kind of problem.",
                 ["Personal data", "Offensive <b>language</b>"], [("Checks", [3, 1])], ["/dashboard/records?x=1", None],
                 "Category")


def _line() -> Chart:
    return Chart("over-time", "line", "Checks over time", "Checks by verdict.", ["1 Dec", "2 Dec", "3 Dec"],
                 [("Blocked", [1, 0, 2]), ("Passed", [4, 5, 0])], label_heading="When")


def _cells(html: str) -> list[list[str]]:
    body = html.split("<tbody", 1)[1]
    return [re.findall(r"<t[hd][^>]*>(?:<a[^>]*>)?([^<]*)", row) for row in body.split("</tr>") if "<t" in row]


def test_a_bar_chart_is_an_accessible_svg_with_its_table():
    chart = _bar()
    root = ElementTree.fromstring(str(charts.svg(chart)))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.get("aria-labelledby") == "by-category-title by-category-desc"
    assert root.find(f"{SVG}title").text == "Checks by category"
    assert root.find(f"{SVG}title").get("id") == "by-category-title"
    assert root.find(f"{SVG}desc").get("id") == "by-category-desc"
    drawn = [t.text for t in root.iter(f"{SVG}text")]
    assert "Offensive <b>language</b>" in drawn  # escaped in the markup, read back as text
    assert len(list(root.iter(f"{SVG}rect"))) == 2
    table = str(charts.table(chart))
    assert _cells(table) == [["Personal data", "3"], ["Offensive &lt;b&gt;language&lt;/b&gt;", "1"]]
    assert 'href="/dashboard/records?x=1"' in table


def test_a_line_chart_has_a_line_per_series_and_every_number_in_its_table():
    chart = _line()
    root = ElementTree.fromstring(str(charts.svg(chart)))
    assert root.find(f"{SVG}title").text == "Checks over time"
    assert len(list(root.iter(f"{SVG}polyline"))) == 2
    assert _cells(str(charts.table(chart))) == [["1 Dec", "1", "4"], ["2 Dec", "0", "5"], ["3 Dec", "2", "0"]]
    assert "<th scope=\"col\" class=\"govuk-table__header\">When</th>" in str(charts.table(chart))


def test_an_empty_chart_says_so():
    empty = Chart("none", "bar", "Nothing", "Nothing to show.", [], [("Checks", [])])
    ElementTree.fromstring(str(charts.svg(empty)))
    assert "Nothing in this period" in str(charts.table(empty))
