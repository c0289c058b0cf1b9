"""Dutch labels shown in the report for configuration keys."""

METHOD_LABELS = {
    "trend_vorig_jaar": "Trend t.o.v. dezelfde periode vorig jaar",
    "lineaire_extrapolatie": "Lineaire extrapolatie van het lopende jaar",
    "externe_groeiprognose": "Externe groeiprognose (CPB)",
}
