"""The auditor's command: one figure with its value, formula, parents and input cells."""

from __future__ import annotations

from buig_analyse.register.explain import main


def test_explain_vangnet_2016(staged, capsys):
    assert (
        main(["--register", str(staged[0] / "figurenregister.json"), "vangnet.uitkering.2016"]) == 0
    )
    out = capsys.readouterr().out.replace("\u00a0", " ")  # € has a non-breaking space
    assert "Waarde:       € 56.992" in out  # seed 000, 4.1
    assert "0,5 x (min(G, U x F) - L x F)" in out
    # the rule's parameters are reached too, with their cell in the rule table (issue 10/11)
    assert "data/reference/vangnet_regels.csv rij 2 kolom drempel_pct = 7,5" in out
    assert "data/reference/vangnet_regels.csv rij 2 kolom ondergrens_pct = 5" in out
    assert "vangnet.tekort.2016 = € 332.596" in out
    # the input cells with their values, reached through the derived figures
    assert "rijksbijdrage.csv rij 3 kolom bedrag = 4.372.242" in out  # as written in the file
    assert "sisa/sisa_G2_2016.csv rij 3 kolom bedrag = 4.401.230,17" in out


def test_explain_unknown_figure(staged, capsys):
    assert (
        main(["--register", str(staged[0] / "figurenregister.json"), "vangnet.uitkering.2099"]) == 2
    )
    assert "Onbekend cijfer 'vangnet.uitkering.2099'" in capsys.readouterr().err


def test_list_ids(staged, capsys):
    assert (
        main(
            ["--register", str(staged[0] / "figurenregister.json"), "--list", "prognose.gemiddelde"]
        )
        == 0
    )
    assert capsys.readouterr().out.strip() == "prognose.gemiddelde.2017"


def test_every_figure_traces_to_input_cells(staged):
    register = staged[1]
    untraced = [
        fid
        for fid in register.figures
        if not register.inputs(fid)
        and not fid.startswith("conclusie.")
        and not register[fid].formula.startswith("aangenomen")  # an assumption, said so
    ]
    assert untraced == []


def test_explain_reaches_a_config_weight(staged, capsys):
    """Issue 11: the forecast average derives from the configured weights (config forecast.weights,
    1 each in config/config.yaml)."""
    main(["--register", str(staged[0] / "figurenregister.json"), "prognose.gemiddelde.2017"])
    out = capsys.readouterr().out
    assert "prognose.gewicht.trend_vorig_jaar = 1,0" in out
    assert "config kolom forecast.weights.trend_vorig_jaar = 1" in out


def test_explain_as_json(staged, capsys):
    import json

    main(
        ["--register", str(staged[0] / "figurenregister.json"), "--json", "vangnet.uitkering.2016"]
    )
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == "vangnet.uitkering.2016" and round(data["waarde"]) == 56_992  # seed 000
    assert "vangnet.drempel_pct.2016" in [f["id"] for f in data["afgeleide_cijfers"]]
    assert {"file": "rijksbijdrage.csv", "row": 3, "column": "bedrag"}.items() <= next(
        c for c in data["invoercellen"] if c["file"] == "rijksbijdrage.csv"
    ).items()


def test_reverse_lookup_of_an_input_cell(staged, capsys):
    """Which figures use SiSa 2016 row 3 (Besteding algemene bijstand 4.401.230,17): the lasten
    2016 and everything computed from it, up to the vangnetuitkering 2016."""
    main(["--register", str(staged[0] / "figurenregister.json"), "--gebruikt",
          "sisa/sisa_G2_2016.csv:3:bedrag"])  # fmt: skip
    found = capsys.readouterr().out.split()
    assert "budget.lasten.2016" in found and "vangnet.uitkering.2016" in found
    assert "budget.lasten.2015" not in found and "budget.rijksbijdrage.2016" not in found


def test_explain_reaches_the_privacy_setting_of_a_suppressed_count(staged, capsys):
    """Issue 11: a count shown as '<5' derives from the config setting privacy.min_count (5)."""
    main(["--register", str(staged[0] / "figurenregister.json"), "bestand.ioaz.2015-01"])
    out = capsys.readouterr().out
    assert "Waarde:       <5" in out
    assert "config kolom privacy.min_count = 5" in out
