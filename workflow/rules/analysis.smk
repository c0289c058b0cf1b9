# Stage 2: the analyses, one rule per chapter (analyse_<name> -> workflow/scripts/analyse_<name>.py
# -> buig_analyse.analysis.<name>.analyse_<name>), then one register of all figures and the checks.
# Each rule gets only the tables and settings it uses.


rule analyse_budget:
    input:
        code=package_sources("analysis"),
        tables=staged_tables(
            "sisa",
            "rijksbijdrage",
            "voorschotten",
            "uitgaven_lopend_jaar",
            "groeiprognose",
            "meerjarenraming",
            "fout_onzeker",
        ),
        reference=staged_tables("sisa_g2_indicatoren", "vangnet_regels"),
        manifest=MANIFEST,
    output:
        chapter("budget"),
    log:
        log("analyse_budget"),
    conda:
        "../envs/buig.yaml"
    params:
        history_years=config["history_years"],
        forecast_weights=dict(sorted(config["forecast"]["weights"].items())),
        perspective_offset=config["perspective_offset"],
    script:
        "../scripts/analyse_budget.py"


rule analyse_participatie:
    input:
        code=package_sources("analysis"),
        participatiebudget=staged("participatiebudget"),
        manifest=MANIFEST,
    output:
        chapter("participatie"),
    log:
        log("analyse_participatie"),
    conda:
        "../envs/buig.yaml"
    params:
        history_years=config["history_years"],
    script:
        "../scripts/analyse_participatie.py"


rule analyse_bestand:
    input:
        code=package_sources("analysis"),
        tables=staged_tables(
            "bestand_maand",
            "cbs_bevolking",
            "bestand_stromen",
            "bestand_samenstelling",
        ),
        manifest=MANIFEST,
    output:
        chapter("bestand"),
    log:
        log("analyse_bestand"),
    conda:
        "../envs/buig.yaml"
    params:
        min_count=config["privacy"]["min_count"],
    script:
        "../scripts/analyse_bestand.py"


rule analyse_verdeelmodel:
    input:
        code=package_sources("analysis"),
        tables=staged_tables("verdeelmodel", "verdeelmodel_huishoudens"),
        manifest=MANIFEST,
    output:
        chapter("verdeelmodel"),
    log:
        log("analyse_verdeelmodel"),
    conda:
        "../envs/buig.yaml"
    params:
        single_categories=config["verdeelmodel"]["alleenstaand_categorieen"],
    script:
        "../scripts/analyse_verdeelmodel.py"


rule analyse_benchmark:
    input:
        code=package_sources("analysis"),
        tables=staged_tables("benchmark", "bestand_maand"),
        manifest=MANIFEST,
    output:
        chapter("benchmark"),
    log:
        log("analyse_benchmark"),
    conda:
        "../envs/buig.yaml"
    script:
        "../scripts/analyse_benchmark.py"


rule analyse_oorzaken:
    input:
        code=package_sources("analysis"),
        chapters=chapters("budget"),
        tables=staged_tables("bestand_maand", "statushouders"),
    output:
        chapter("oorzaken"),
    log:
        log("analyse_oorzaken"),
    conda:
        "../envs/buig.yaml"
    script:
        "../scripts/analyse_oorzaken.py"


rule analyse_maatregelen:
    input:
        code=package_sources("analysis"),
        budget=chapter("budget"),
        tables=staged_tables(
            "maatregelen", "plaatsingen", "kostenverdeling", "scenario"
        ),
        reference=staged_tables("normbedragen_besparing", "vangnet_regels"),
        manifest=MANIFEST,
    output:
        chapter("maatregelen"),
    log:
        log("analyse_maatregelen"),
    conda:
        "../envs/buig.yaml"
    params:
        unit=config.get("kostenverdeling", {}).get("afronden_op", 1),
    script:
        "../scripts/analyse_maatregelen.py"


rule analyse_conclusies:
    input:
        code=package_sources("analysis"),
        chapters=chapters(*ANALYSES),
        manifest=MANIFEST,
    output:
        chapter("conclusies"),
    log:
        log("analyse_conclusies"),
    conda:
        "../envs/buig.yaml"
    script:
        "../scripts/analyse_conclusies.py"


rule figurenregister:
    input:
        code=package_sources("analysis"),
        chapters=chapters(*CHAPTERS),
    output:
        json=result("analysis/figurenregister.json"),
        csv=result("analysis/figurenregister.csv"),
    log:
        log("figurenregister"),
    conda:
        "../envs/buig.yaml"
    script:
        "../scripts/figurenregister.py"


rule controles:
    input:
        code=package_sources("analysis"),
        register=result("analysis/figurenregister.json"),
        previous=previous_register,
        chapters=chapters("budget", "bestand", "benchmark", "oorzaken"),
        tables=staged_tables(
            "sisa",
            "rijksbijdrage",
            "bestand_maand",
            "bestand_clienten_maand",
            "sisa_g2_indicatoren",
            "controletotalen",
        ),
        manifest=MANIFEST,
    output:
        result("analysis/controles.json"),
    log:
        log("controles"),
    conda:
        "../envs/buig.yaml"
    params:
        tolerance_pct=config["controles"]["bestand_tolerantie_pct"],
        plausible_pct=config["controles"].get("plausibel_max_mutatie_pct", {}),
    script:
        "../scripts/controles.py"
