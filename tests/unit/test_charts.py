"""Charts are honest: the value axis of every bar chart starts at (or includes) zero, so a bar half
as long is half the amount (issue 9)."""

from __future__ import annotations

import pytest

from buig_analyse import io
from buig_analyse.report import charts


def test_every_bar_chart_includes_zero(scenarios, monkeypatch):
    drawn = _drawn(scenarios["voorbeeld"], monkeypatch)
    assert {"prognose_methoden", "budget_resultaat", "verdeelmodel"} <= set(drawn)
    for name, fig in drawn.items():
        for ax in fig.axes:
            bars = [p for c in ax.containers for p in c]
            if not bars:
                continue
            vertical = all(b.get_y() == 0 for b in bars)  # bars stand on the x-axis
            horizontal = not vertical and all(b.get_x() == 0 for b in bars)
            if not (vertical or horizontal):
                continue  # stacked or floating bars: no single value axis
            low, high = ax.get_xlim() if horizontal else ax.get_ylim()
            assert low <= 0 <= high, f"{name}: value axis {low:,.0f}..{high:,.0f} leaves out zero"


def test_dollar_signs_in_names_are_text_not_mathtext():
    """Issue 8: '$...$' in a label from the data once crashed matplotlib's mathtext parser."""
    from buig_analyse.register.figures import Figure, Register

    register = Register()
    for i, name in enumerate(["Prijs $\\alpha$ per uitkering", "Kosten $$ en ${x}$", "$"]):
        register.add(Figure(f"benchmark.i{i}.afwijking_pct", 5.0 - i, "MUTATIE", "x", "x"))
        register.add(Figure(f"benchmark.i{i}.oordeel", "gunstig", "TEKST", "x", "x"))
        register.add(Figure(f"benchmark.i{i}.omschrijving", name, "TEKST", "x", "x"))
    chart = charts.benchmark_chart(register, ["i0", "i1", "i2"])
    assert "Prijs $\\alpha$ per uitkering" in chart["svg"]


def test_every_chart_has_a_text_alternative_and_a_source(scenarios):
    """Issue 9: each chart's alt text lists the figures it shows with their values, and its source
    line names the input files those figures come from."""
    sample = scenarios["voorbeeld"]
    drawn = charts.draw_charts(sample.register(), _chapters(sample))
    for name, chart in drawn.items():
        assert chart["alt"].startswith("Grafiek met de cijfers "), name
        assert chart["bron"].startswith("Bron: "), name
    assert "Participatiebudget 2016 (definitief): € 283.021" in drawn["participatiebudget"][
        "alt"
    ].replace("\u00a0", " ")
    assert drawn["participatiebudget"]["bron"] == "Bron: participatiebudget.csv"


def _chapters(scenario) -> dict:
    """The typed chapters of a scenario's analysis folder."""
    return io.read_chapters(
        [p for p in sorted(scenario.analysis("x").parent.glob("*.json"))
         if p.stem not in ("figurenregister", "controles")]
    )  # fmt: skip


def _drawn(scenario, monkeypatch) -> dict:
    """Every chart of a scenario as a matplotlib figure (drawn, not saved)."""
    drawn = {}

    def keep(fig, name):
        drawn[name] = fig
        return {"svg": ""}

    monkeypatch.setattr(charts, "_svg", keep)
    charts.draw_charts(scenario.register(), _chapters(scenario))
    return drawn


@pytest.mark.parametrize("name", ["voorbeeld", "omgekeerd", "minimaal", "breed"])
def test_no_label_overlaps_another_or_leaves_the_chart(scenarios, monkeypatch, name):
    """Issue 9: in every chart of the sample, the reversed, the minimal and the wide drop, no two
    texts touch (tick labels, data labels, titles, legend), no data label crosses the plot edge or
    a plotted line, and nothing lies outside the picture (rendered text extents, 100 dpi)."""
    drawn = _drawn(scenarios[name], monkeypatch)
    assert drawn or name == "minimaal"
    problems = {chart: charts.label_problems(fig) for chart, fig in drawn.items()}
    assert {chart: found for chart, found in problems.items() if found} == {}


def test_the_label_check_finds_what_a_reader_would_see():
    """The check can fail: overlapping data labels, a label over a line, a title that runs out."""
    fig = charts._new_figure(width=3, height=2)
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1])
    ax.annotate("€ 4.372.242", (0.5, 0.5), ha="center")  # on the line
    ax.annotate("€ 4.533.118", (0.52, 0.5), ha="center")  # on the first label
    fig.suptitle("Een titel die veel te lang is voor deze smalle grafiek van drie inch breed")
    found = " | ".join(charts.label_problems(fig))
    assert "overlapt" in found and "ligt over een lijn" in found and "valt buiten" in found


def test_month_axis_in_dutch():
    assert charts._month_short("2015-01") == "jan. 2015"
    assert charts._month_short("2016-07") == "jul. 2016"
    assert charts._month_short("2017-03") == "mrt. 2017"


def test_the_chart_groups_hold_every_chapter_with_charts_once():
    """Rule grafieken draws the charts in one job per group (issue 12): a chapter in no group
    would lose its charts, one in two groups would be drawn twice."""
    from buig_analyse.analysis.chapters import CHART_GROUPS
    from buig_analyse.report.charts import CHARTS_OF_CHAPTER

    grouped = [name for names in CHART_GROUPS.values() for name in names]
    assert sorted(grouped) == sorted(CHARTS_OF_CHAPTER)
    assert len(grouped) == len(set(grouped))
