"""Charts of the report as SVG text and PNG (matplotlib, no pyplot state). Byte-stable: a fixed hash salt
per chart, no date in the metadata, text kept as text so labels are searchable in the PDF.
Every label is formatted from a register value; nothing is computed here."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure as MplFigure  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from buig_analyse.register.figures import Register  # noqa: E402
from buig_analyse.register.formatting import euro, percent  # noqa: E402
from buig_analyse.report.svg_slim import slimmed  # noqa: E402

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
    """The chart as SVG, for the screen and for print (WeasyPrint draws it as vectors: sharp at
    any zoom, and it renders as fast as the 150 dpi PNG the PDF had before, which cost a second
    drawing of every chart and twice the PDF's bytes; issue 12), without a date so the bytes depend
    on the data only; with a text alternative and a source line made from the figures it shows
    (when drawn through :func:`draw_charts`)."""
    matplotlib.rcParams["svg.hashsalt"] = f"buig-{name}"
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Title": name})
    chart = {"svg": slimmed(buffer.getvalue())}
    if _READING is not None:
        chart["alt"], chart["bron"] = _READING.description(_READING.take())
    return chart


def warm_up() -> None:
    """For the preloaded process (buig_analyse.warm): the chart font and matplotlib's text caches
    loaded once, not in every chart job (each fork inherits them). Nothing drawn is kept."""
    fig = _new_figure(2.0, 1.0)
    ax = fig.add_subplot()
    ax.bar([0, 1], [1, 2], label="x")
    ax.set_title("€ 1.000")
    ax.legend()
    _renderer(fig)
    fig.savefig(io.StringIO(), format="svg", metadata={"Date": None})


def _euro_axis(ax) -> None:
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: euro(v)))


def _title(fig: MplFigure, text: str) -> None:
    """The chart title, centred over the whole figure (an axes title is cut off when long tick
    labels push the axes to one side)."""
    fig.suptitle(text, fontsize=9.5)


def _renderer(fig: MplFigure):
    """A renderer with the figure laid out (constrained layout, tick labels) but not painted: text
    extents are all the label checks need (a painted draw cost twice as much, issue 12)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    fig.draw_without_rendering()
    return canvas.get_renderer()


def _fit_labels(fig: MplFigure, ax, pad: float = 0.04) -> None:
    """Widen the value axes so every data label lies inside the plot area (a label may not run
    into an axis or over the plot edge); repeated because the layout moves the axes."""
    for _ in range(3):
        renderer = _renderer(fig)
        inverse = ax.transData.inverted()
        boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_text()]
        if not boxes:
            return
        x0, x1 = sorted(ax.get_xlim())
        y0, y1 = sorted(ax.get_ylim())
        low = inverse.transform((min(b.x0 for b in boxes), min(b.y0 for b in boxes)))
        high = inverse.transform((max(b.x1 for b in boxes), max(b.y1 for b in boxes)))
        new_x = (min(x0, low[0]), max(x1, high[0]))
        new_y = (min(y0, low[1]), max(y1, high[1]))
        if new_x == (x0, x1) and new_y == (y0, y1):
            return
        span_x, span_y = new_x[1] - new_x[0], new_y[1] - new_y[0]
        if new_x != (x0, x1):
            ax.set_xlim(
                new_x[0] - (pad * span_x if new_x[0] < x0 else 0),
                new_x[1] + (pad * span_x if new_x[1] > x1 else 0),
            )
        if new_y != (y0, y1):
            ax.set_ylim(
                new_y[0] - (pad * span_y if new_y[0] < y0 else 0),
                new_y[1] + (pad * span_y if new_y[1] > y1 else 0),
            )


def _shown_ticklabels(axis, limits) -> list:
    low, high = sorted(limits)
    margin = (high - low) * 1e-6
    return [
        tick.label1
        for tick, loc in zip(axis.get_major_ticks(), axis.get_majorticklocs(), strict=False)
        if low - margin <= loc <= high + margin
        and tick.label1.get_visible()
        and tick.label1.get_text()
    ]


GAP = 4  # pixels at the figure's 100 dpi, about 3 points


def label_problems(fig: MplFigure) -> list[str]:
    """What a reader would see wrong in a drawn chart: a text outside the picture, two texts on
    top of each other (tick labels, data labels, titles, legend entries), a data label crossing
    the plot edge or a plotted line. Empty for a chart that reads cleanly."""
    from matplotlib.transforms import Bbox

    renderer = _renderer(fig)
    texts = []  # (kind, artist)
    for text in fig.texts:
        texts.append(("titel", text))
    for legend in fig.legends:
        texts.extend(("legenda", t) for t in legend.get_texts())
    for ax in fig.axes:
        texts.extend(("as", t) for t in _shown_ticklabels(ax.xaxis, ax.get_xlim()))
        texts.extend(("as", t) for t in _shown_ticklabels(ax.yaxis, ax.get_ylim()))
        texts.extend(("titel", t) for t in (ax.title, ax._left_title, ax._right_title))
        texts.extend(("label", t) for t in ax.texts)
        if ax.get_legend() is not None:
            texts.extend(("legenda", t) for t in ax.get_legend().get_texts())
    boxes = [
        (kind, text.get_text(), text.get_window_extent(renderer), text)
        for kind, text in texts
        if text.get_visible() and text.get_text().strip()
    ]
    problems = []
    outer = fig.bbox
    for kind, label, box, _ in boxes:
        if (
            box.x0 < outer.x0 - 1
            or box.x1 > outer.x1 + 1
            or box.y0 < outer.y0 - 1
            or (box.y1 > outer.y1 + 1)
        ):
            problems.append(f"{kind} '{label}' valt buiten de grafiek")
    for i, (kind_a, label_a, box_a, _) in enumerate(boxes):
        for kind_b, label_b, box_b, _ in boxes[i + 1 :]:
            # Two texts closer than GAP pixels read as one string ("€ 4.372.242€ 4.533.118").
            overlap = Bbox.intersection(box_a.padded(GAP / 2), box_b.padded(GAP / 2))
            if overlap is not None and overlap.width > 0.5 and overlap.height > 0.5:
                problems.append(f"{kind_a} '{label_a}' overlapt {kind_b} '{label_b}'")
    for ax in fig.axes:
        frame = ax.bbox
        for text in ax.texts:
            if not text.get_text().strip():
                continue
            box = text.get_window_extent(renderer)
            inside = (
                box.x0 >= frame.x0 - 1
                and box.x1 <= frame.x1 + 1
                and box.y0 >= frame.y0 - 1
                and box.y1 <= frame.y1 + 1
            )
            if not inside:
                problems.append(f"label '{text.get_text()}' loopt over de rand van het grafiekvlak")
            for line in ax.lines:
                path = line.get_transform().transform_path(line.get_path())
                if path.intersects_bbox(box.padded(-1), filled=False):
                    problems.append(f"label '{text.get_text()}' ligt over een lijn")
    return problems


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
            f"resultaat\n{euro(result)}" if len(years) > 4 else f"resultaat {euro(result)}",
            (i, top),
            xytext=(0, 4),
            textcoords="offset points",
            ha="center",
            color=RED if result < 0 else GREEN,
            fontsize=7 if len(years) > 4 else 8,
        )
    # Many years: the year alone (the hatching marks the years without realisation).
    labels = (
        [str(y) for y in years]
        if len(years) > 6
        else [f"{y}\n({register.value(f'budget.lasten_status.{y}')})" for y in years]
    )
    ax.set_xticks(range(len(years)), labels, fontsize=7 if len(years) > 6 else 9)
    _euro_axis(ax)
    ax.set_ylim(0, ax.get_ylim()[1] * 1.08)
    _fit_labels(fig, ax)
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncols=2)
    _title(fig, "Rijksbijdrage en netto lasten BUIG (gearceerd: geen realisatie)")
    return _svg(fig, "budget_resultaat")


def perspective_chart(register: Register, years: list[int]) -> dict[str, str]:
    """Rijksbijdrage over the multi-year perspective; forecast vintages drawn dashed."""
    fig = _new_figure(height=3.0)
    ax = fig.add_subplot()
    values = [register.value(f"budget.rijksbijdrage.{y}") for y in years]
    versions = [register.value(f"budget.rijksbijdrage_versie.{y}") for y in years]
    ax.plot(years, values, color=BLUE)
    final = [v in ("definitief", "nader voorlopig", "voorlopig") for v in versions]
    for wanted, face, label in ((True, BLUE, "beschikking"), (False, "white", "raming (prognose)")):
        points = [(y, v) for y, v, f in zip(years, values, final, strict=True) if f == wanted]
        if points:
            ax.plot(
                [p[0] for p in points],
                [p[1] for p in points],
                linestyle="none",
                marker="o",
                markerfacecolor=face,
                markeredgecolor=BLUE,
                label=label,
            )
    # The amounts stand under the years, not next to the points: a label by a point runs into the
    # line towards the next year. Many years: the year alone (the amounts are in table 4.4).
    ax.set_xticks(
        years,
        [
            str(year) if len(years) > 6 else f"{year}\n{euro(value)}\n{version}"
            for year, value, version in zip(years, values, versions, strict=True)
        ],
        fontsize=8,
    )
    ax.legend(frameon=False, loc="lower right", fontsize=8)
    _euro_axis(ax)
    ax.yaxis.set_major_locator(MaxNLocator(5))
    low, high = min(values), max(values)
    ax.set_ylim(low - (high - low) * 0.1 - 1, high + (high - low) * 0.1 + 1)
    _title(fig, "Rijksbijdrage BUIG meerjarig")
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
    _title(fig, f"Prognose uitgaven BUIG {year} per methode")
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
    _title(fig, "Participatiebudget (grijs: referentiejaar)")
    _fit_labels(fig, ax)
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
    # A label every half year (January and July), or every year for long series: Dutch month
    # names, written level so they never run into each other.
    every = 6 if len(months) <= 48 else 12
    shown = [i for i, m in enumerate(months) if (int(m[5:7]) - 1) % every == 0] or [0]
    ax.set_xticks(shown, [_month_short(months[i]) for i in shown])
    ax.set_ylabel("aantal uitkeringen")
    low = min(v for v in pw + totals if isinstance(v, int | float))
    ax.set_ylim(low * 0.9, max(totals) * 1.05)
    ax.legend(frameon=False, loc="lower right")
    _title(fig, "Lopende uitkeringen per maand")
    return _svg(fig, "bestand_maand")


def _month_short(key: str) -> str:
    """``2015-01`` -> ``jan. 2015`` (Dutch abbreviated month)."""
    names = (
        "jan.",
        "feb.",
        "mrt.",
        "apr.",
        "mei",
        "jun.",
        "jul.",
        "aug.",
        "sep.",
        "okt.",
        "nov.",
        "dec.",
    )
    return f"{names[int(key[5:7]) - 1]} {key[:4]}"


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
    _title(fig, "Inwoners met bijstand in % van alle inwoners")
    _fit_labels(fig, ax)
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
    _title(fig, "Benodigde vermindering bijstandshuishoudens in % van alle huishoudens")
    _fit_labels(fig, ax)
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
    _title(fig, "Afwijking van de grootteklasse (rood: ongunstig, groen: gunstig)")
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
    _title(fig, "Verandering netto lasten: volume en prijs")
    _fit_labels(fig, ax)
    return _svg(fig, "volume_prijs")


def national_classes_chart(register: Register, classes, year: int) -> dict[str, str]:
    """Number of gemeenten per TCVP class of the shortfall (national overview), bars from zero."""
    reading = ReadingRegister(register)
    fig = _new_figure(height=3.0)
    ax = fig.add_subplot()
    counts = [reading.value(f"landelijk.klasse.{key}") for key, _ in classes]
    colors = [RED] * 3 + [GREEN] * 3
    ax.bar(range(len(classes)), counts, color=colors)
    for i, count in enumerate(counts):
        ax.annotate(
            str(count),
            (i, count),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            fontsize=8,
        )
    ax.set_xticks(
        range(len(classes)), [label.replace(" ", "\n", 1) for _, label in classes], fontsize=8
    )
    ax.set_ylim(0, max(counts + [1]) * 1.15)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("aantal gemeenten")
    _title(fig, f"Gemeenten naar tekort of overschot in % van het budget, {year}")
    _fit_labels(fig, ax)
    chart = _svg(fig, "landelijk_klassen")
    chart["alt"], chart["bron"] = reading.description(reading.take())
    return chart


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
    """Rule grafieken: every chart of these chapters, by name (SVG, with alt text and source)."""
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
