"""Charts of the report as SVG text and PNG (matplotlib, no pyplot state). Byte-stable: a fixed hash salt
per chart, no date in the metadata, text kept as text so labels are searchable in the PDF.
Every label is formatted from a register value; nothing is computed here."""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure as MplFigure  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from buig_analyse.register.figures import Register  # noqa: E402
from buig_analyse.register.formatting import euro, percent  # noqa: E402

BLUE = "#1f4e79"
ORANGE = "#d9822b"
GREY = "#8c8c8c"
RED = "#b22222"
GREEN = "#2e7d32"
FORECAST_STATUSES = {"prognose", "begroting", "aanname"}


def _new_figure(width: float = 7.0, height: float = 3.6) -> MplFigure:
    matplotlib.rcParams.update(
        {
            "svg.fonttype": "none",
            "text.parse_math": False,  # a '$' in a name from the data is text, not mathtext
            "font.family": "DejaVu Sans",
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return MplFigure(figsize=(width, height), layout="constrained")


class ReadingRegister:
    """The register as a chart sees it, noting every figure whose value the chart reads: that is
    what the chart shows, so its text alternative and source line are made from exactly those."""

    def __init__(self, register: Register):
        self._register = register
        self._read: list[str] = []

    def value(self, figure_id: str):
        self._note(figure_id)
        return self._register.value(figure_id)

    def __getitem__(self, figure_id: str):
        self._note(figure_id)
        return self._register[figure_id]

    def __contains__(self, figure_id: str) -> bool:
        return figure_id in self._register

    def _note(self, figure_id: str) -> None:
        if figure_id not in self._read:
            self._read.append(figure_id)

    def take(self) -> list[str]:
        read, self._read = self._read, []
        return read

    def description(self, figure_ids: list[str], most: int = 40) -> tuple[str, str]:
        """(text alternative, source line) of a chart that shows ``figure_ids``."""
        from buig_analyse.register.formatting import format_value

        shown = [self._register[f] for f in figure_ids if self._register[f].unit != "TEKST"]
        parts = [f"{f.description}: {format_value(f.value, f.unit)}" for f in shown[:most]]
        if len(shown) > most:
            parts.append(f"en nog {len(shown) - most} cijfers (zie het figurenregister)")
        files = sorted({s.file for f in figure_ids for s in self._register.inputs(f) if s.file})
        alt = "Grafiek met de cijfers " + "; ".join(parts) + "." if parts else ""
        return alt, ("Bron: " + ", ".join(files) if files else "")


_READING: ReadingRegister | None = None  # set by draw_charts while it draws


def _svg(fig: MplFigure, name: str) -> dict[str, str]:
    """The chart as SVG (screen) and as PNG (print: the PDF renderer draws it much faster),
    both without dates so the bytes depend on the data only; with a text alternative and a source
    line made from the figures it shows (when drawn through :func:`draw_charts`)."""
    matplotlib.rcParams["svg.hashsalt"] = f"buig-{name}"
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Title": name})
    raster = io.BytesIO()
    fig.savefig(raster, format="png", dpi=150, metadata={"Software": None})
    chart = {"svg": buffer.getvalue(), "png": base64.b64encode(raster.getvalue()).decode("ascii")}
    if _READING is not None:
        chart["alt"], chart["bron"] = _READING.description(_READING.take())
    return chart


def _euro_axis(ax) -> None:
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: euro(v)))


def budget_result_chart(register: Register, years: list[int]) -> dict[str, str]:
    """Rijksbijdrage against netto lasten per year, with the resultaat written above each pair."""
    fig = _new_figure()
    ax = fig.add_subplot()
    width = 0.38
    for i, year in enumerate(years):
        forecast = register.value(f"budget.lasten_status.{year}") in FORECAST_STATUSES
        ax.bar(
            i - width / 2,
            register.value(f"budget.rijksbijdrage.{year}"),
            width,
            color=BLUE,
            label="Rijksbijdrage" if i == 0 else None,
        )
        ax.bar(
            i + width / 2,
            register.value(f"budget.netto_lasten.{year}"),
            width,
            color=ORANGE,
            hatch="//" if forecast else None,
            edgecolor="white",
            label="Netto lasten" if i == 0 else None,
        )
        result = register.value(f"budget.resultaat.{year}")
        top = max(
            register.value(f"budget.rijksbijdrage.{year}"),
            register.value(f"budget.netto_lasten.{year}"),
        )
        ax.annotate(
            f"resultaat {euro(result)}",
            (i, top),
            xytext=(0, 4),
            textcoords="offset points",
            ha="center",
            color=RED if result < 0 else GREEN,
            fontsize=8,
        )
    labels = [f"{y}\n({register.value(f'budget.lasten_status.{y}')})" for y in years]
    ax.set_xticks(range(len(years)), labels)
    _euro_axis(ax)
    ax.set_ylim(0, ax.get_ylim()[1] * 1.08)
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncols=2)
    ax.set_title("Rijksbijdrage en netto lasten BUIG (gearceerd: geen realisatie)")
    return _svg(fig, "budget_resultaat")


def perspective_chart(register: Register, years: list[int]) -> dict[str, str]:
    """Rijksbijdrage over the multi-year perspective; forecast vintages drawn dashed."""
    fig = _new_figure(height=3.0)
    ax = fig.add_subplot()
    values = [register.value(f"budget.rijksbijdrage.{y}") for y in years]
    versions = [register.value(f"budget.rijksbijdrage_versie.{y}") for y in years]
    ax.plot(years, values, color=BLUE, marker="o")
    for year, value, version in zip(years, values, versions, strict=True):
        ax.annotate(
            f"{euro(value)}\n{version}",
            (year, value),
            xytext=(0, 6),
            textcoords="offset points",
            ha="center",
            fontsize=7,
        )
    ax.set_xticks(years, [str(y) for y in years])
    _euro_axis(ax)
    low, high = min(values), max(values)
    ax.set_ylim(low - (high - low) * 0.3 - 1, high + (high - low) * 0.45 + 1)
    ax.set_title("Rijksbijdrage BUIG meerjarig")
    return _svg(fig, "rijksbijdrage_meerjarig")


def forecast_chart(
    register: Register, year: int, methods: list[str], labels: dict[str, str]
) -> dict[str, str]:
    """The forecast of each method and their average."""
    fig = _new_figure(height=2.6)
    ax = fig.add_subplot()
    shown = [m for m in methods if f"prognose.{m}.{year}" in register]
    values = [register.value(f"prognose.{m}.{year}") for m in shown]
    positions = list(range(len(shown)))
    ax.barh(positions, values, color=BLUE, height=0.5)
    for pos, value in zip(positions, values, strict=True):
        # inside the bar at its base: never crossed by the average line near the bar ends
        ax.annotate(
            euro(value),
            (0, pos),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            color="white",
            fontsize=8,
        )
    average = register.value(f"prognose.gemiddelde.{year}")
    ax.axvline(average, color=RED, linestyle="--", label=f"gemiddelde {euro(average)}")
    fig.legend(loc="outside lower center", frameon=False, fontsize=8)
    ax.set_yticks(positions, [labels[m] for m in shown])
    ax.xaxis.set_major_locator(MaxNLocator(4))  # few ticks: euro amounts are long labels
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: euro(v)))
    ax.set_xlim(0, max(values) * 1.3)  # a bar's length is its amount: the axis starts at zero
    ax.set_title(f"Prognose uitgaven BUIG {year} per methode")
    return _svg(fig, "prognose_methoden")


def participatie_chart(
    register: Register, years: list[int], reference_year: int | None
) -> dict[str, str]:
    """Participatiebudget per year, the reference year first."""
    fig = _new_figure(height=2.8)
    ax = fig.add_subplot()
    shown = (
        [reference_year] if reference_year is not None and reference_year not in years else []
    ) + years
    values = [register.value(f"participatie.rijksbijdrage.{y}") for y in shown]
    colors = [GREY if y == reference_year else BLUE for y in shown]
    ax.bar([str(y) for y in shown], values, color=colors)
    for i, value in enumerate(values):
        ax.annotate(
            euro(value),
            (i, value),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            fontsize=8,
        )
    _euro_axis(ax)
    ax.set_title("Participatiebudget (grijs: referentiejaar)")
    return _svg(fig, "participatiebudget")


def caseload_chart(register: Register, months: list[str]) -> dict[str, str]:
    """Running benefits per month (all regelingen and Participatiewet)."""
    fig = _new_figure(height=3.0)
    ax = fig.add_subplot()
    totals = [register.value(f"bestand.totaal.{m}") for m in months]
    ax.plot(
        range(len(months)), totals, color=BLUE, marker="o", markersize=3, label="Alle regelingen"
    )
    pw = [register.value(f"bestand.participatiewet.{m}") for m in months]
    if all(isinstance(v, int | float) for v in pw):
        ax.plot(
            range(len(months)), pw, color=ORANGE, marker="o", markersize=3, label="Participatiewet"
        )
    step = max(1, len(months) // 12)
    ax.set_xticks(
        range(0, len(months), step),
        [months[i] for i in range(0, len(months), step)],
        rotation=45,
        ha="right",
    )
    low = min(v for v in pw + totals if isinstance(v, int | float))
    ax.set_ylim(low * 0.9, max(totals) * 1.05)
    ax.legend(frameon=False, loc="lower right")
    ax.set_title("Lopende uitkeringen per maand")
    return _svg(fig, "bestand_maand")


def _paired_bars(ax, groups: list[str], series: list[tuple[str, str, list[float]]], fmt) -> None:
    """Two bars per group (label, colour, values), each with its formatted value above or below."""
    width = 0.38
    for offset, (label, color, values) in zip((-width / 2, width / 2), series, strict=True):
        positions = [i + offset for i in range(len(groups))]
        ax.bar(positions, values, width, color=color, label=label)
        for position, value in zip(positions, values, strict=True):
            ax.annotate(
                fmt(value),
                (position, value),
                xytext=(0, 2 if value >= 0 else -10),
                textcoords="offset points",
                ha="center",
                fontsize=7,
            )
    ax.set_xticks(range(len(groups)), groups)


def share_chart(register: Register, years: list[int]) -> dict[str, str]:
    """Share of inhabitants on bijstand: gemeente against the Netherlands."""
    fig = _new_figure(height=2.6)
    ax = fig.add_subplot()
    series = [
        (label, color, [register.value(f"context.bijstand_pct.{area}.{y}") for y in years])
        for label, area, color in (("Gemeente", "gemeente", BLUE), ("Nederland", "nederland", GREY))
    ]
    _paired_bars(ax, [str(y) for y in years], series, lambda v: percent(v, signed=False))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: percent(v, signed=False)))
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=2)
    ax.set_title("Inwoners met bijstand in % van alle inwoners")
    return _svg(fig, "bijstand_aandeel")


def verdeelmodel_chart(register: Register, codes: list[str]) -> dict[str, str]:
    """Required reduction as % of all households per gemeente (negative: room under the model)."""
    fig = _new_figure(height=0.45 * len(codes) + 1.2)
    ax = fig.add_subplot()
    values = [register.value(f"verdeelmodel.{c}.reductie_pct_huishoudens") for c in codes]
    names = [register.value(f"verdeelmodel.{c}.naam") for c in codes]
    colors = [ORANGE if i == 0 else (RED if v > 0 else GREEN) for i, v in enumerate(values)]
    ax.barh(range(len(codes)), values, color=colors)
    for i, value in enumerate(values):
        ax.annotate(
            percent(value, 2, signed=False),
            (value, i),
            xytext=(3 if value >= 0 else -3, 0),
            textcoords="offset points",
            ha="left" if value >= 0 else "right",
            va="center",
            fontsize=8,
        )
    ax.set_yticks(range(len(codes)), names)
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.8)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: percent(v, signed=False)))
    ax.set_title("Benodigde vermindering bijstandshuishoudens in % van alle huishoudens")
    return _svg(fig, "verdeelmodel")


def benchmark_chart(register: Register, indicators: list[str]) -> dict[str, str]:
    """Relative deviation from the size class per indicator, coloured by judgement."""
    fig = _new_figure(height=0.35 * len(indicators) + 1.2)
    ax = fig.add_subplot()
    values = [register.value(f"benchmark.{i}.afwijking_pct") for i in indicators]
    colors = [
        RED if register.value(f"benchmark.{i}.oordeel") == "ongunstig" else GREEN
        for i in indicators
    ]
    ax.barh(range(len(indicators)), values, color=colors)
    ax.set_yticks(
        range(len(indicators)),
        [register.value(f"benchmark.{i}.omschrijving") for i in indicators],
        fontsize=7,
    )
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.8)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: percent(v, 0)))
    ax.set_title("Afwijking van de grootteklasse (rood: ongunstig, groen: gunstig)")
    return _svg(fig, "benchmark")


def decomposition_chart(register: Register, years: list[int]) -> dict[str, str]:
    """Change in netto lasten split into volume and price effect."""
    fig = _new_figure(height=2.8)
    ax = fig.add_subplot()
    series = [
        ("Volume-effect", BLUE, [register.value(f"oorzaken.volume_effect.{y}") for y in years]),
        ("Prijs-effect", ORANGE, [register.value(f"oorzaken.prijs_effect.{y}") for y in years]),
    ]
    _paired_bars(ax, [f"{y - 1} → {y}" for y in years], series, euro)
    ax.axhline(0, color="black", linewidth=0.8)
    _euro_axis(ax)
    ax.legend(frameon=False)
    ax.set_title("Verandering netto lasten: volume en prijs")
    return _svg(fig, "volume_prijs")


# The charts of each chapter -------------------------------------------------------------------
# One function per chapter that has charts: it gets the register and the chapter's typed layout
# and returns its charts by name (an absent input or too little data: no chart).


def budget_charts(register: Register, budget) -> dict[str, dict[str, str]]:
    from buig_analyse.analysis.prognose import METHOD_LABELS

    charts: dict[str, dict[str, str]] = {}
    if budget.years:
        charts["budget_resultaat"] = budget_result_chart(register, budget.years)
    if len(budget.perspective_years) > 1:
        charts["rijksbijdrage_meerjarig"] = perspective_chart(register, budget.perspective_years)
    if budget.forecast_methods:
        year = max(budget.years) if budget.years else None
        forecast_year = next(
            (
                y
                for y in sorted(budget.years, reverse=True)
                if f"prognose.gemiddelde.{y}" in register
            ),
            year,
        )
        if forecast_year is not None and f"prognose.gemiddelde.{forecast_year}" in register:
            charts["prognose_methoden"] = forecast_chart(
                register, forecast_year, budget.forecast_methods, METHOD_LABELS
            )
    return charts


def participatie_charts(register: Register, participatie) -> dict[str, dict[str, str]]:
    if participatie.absent or not participatie.years:
        return {}
    return {
        "participatiebudget": participatie_chart(
            register, participatie.years, participatie.reference_year
        )
    }


def bestand_charts(register: Register, bestand) -> dict[str, dict[str, str]]:
    charts: dict[str, dict[str, str]] = {}
    if len(bestand.months) > 1:
        charts["bestand_maand"] = caseload_chart(register, bestand.months)
    if bestand.share_years:
        charts["bijstand_aandeel"] = share_chart(register, bestand.share_years)
    return charts


def verdeelmodel_charts(register: Register, model) -> dict[str, dict[str, str]]:
    if model.absent or not model.gemeenten:
        return {}
    return {"verdeelmodel": verdeelmodel_chart(register, model.gemeenten)}


def benchmark_charts(register: Register, bench) -> dict[str, dict[str, str]]:
    if bench.absent or not bench.indicators:
        return {}
    return {"benchmark": benchmark_chart(register, bench.indicators)}


def oorzaken_charts(register: Register, oorzaken) -> dict[str, dict[str, str]]:
    if not oorzaken.decomposition_years:
        return {}
    return {"volume_prijs": decomposition_chart(register, oorzaken.decomposition_years)}


CHARTS_OF_CHAPTER = {
    "budget": budget_charts,
    "participatie": participatie_charts,
    "bestand": bestand_charts,
    "verdeelmodel": verdeelmodel_charts,
    "benchmark": benchmark_charts,
    "oorzaken": oorzaken_charts,
}


def draw_charts(register: Register, chapters: dict) -> dict[str, dict[str, str]]:
    """Rule grafieken: every chart of the report, by name (SVG for the screen, PNG for print)."""
    global _READING
    charts: dict[str, dict[str, str]] = {}
    _READING = ReadingRegister(register)
    try:
        for name, chapter in chapters.items():
            if name in CHARTS_OF_CHAPTER:
                _READING.take()  # what the chapter looked up before drawing is not shown
                charts.update(CHARTS_OF_CHAPTER[name](_READING, chapter))
    finally:
        _READING = None
    return charts
