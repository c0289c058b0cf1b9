# Stage 2: the analyses, one rule per chapter, then one register of all figures.


rule analyse_budget:
    input:
        **processed_tables(),
        code=package_sources(),
        reference=reference_inputs,
    output:
        result("analysis/budget.json"),
    log:
        "logs/{gemeente}/{jaar}/analyse_budget.log",
    conda:
        "../envs/buig.yaml"
    params:
        reference_dir=REFERENCE,
        figures=figure_params(),
        tables=TABLES,
    script:
        "../scripts/analyse_budget.py"


rule analyse_participatie:
    input:
        code=package_sources(),
        participatiebudget=processed("participatiebudget"),
        manifest=f"{PROCESSED}/{{gemeente}}/{{jaar}}/manifest.json",
    output:
        result("analysis/participatie.json"),
    log:
        "logs/{gemeente}/{jaar}/analyse_participatie.log",
    conda:
        "../envs/buig.yaml"
    params:
        figures=figure_params(),
    script:
        "../scripts/analyse_participatie.py"


rule analyse_bestand:
    input:
        **processed_tables(),
        code=package_sources(),
    output:
        chapter("bestand"),
    log:
        "logs/{gemeente}/{jaar}/analyse_bestand.log",
    conda:
        "../envs/buig.yaml"
    params:
        figures=figure_params(),
        tables=TABLES,
    script:
        "../scripts/analyse_bestand.py"


rule analyse_verdeelmodel:
    input:
        code=package_sources(),
        verdeelmodel=processed("verdeelmodel"),
        verdeelmodel_huishoudens=processed("verdeelmodel_huishoudens"),
        manifest=f"{PROCESSED}/{{gemeente}}/{{jaar}}/manifest.json",
    output:
        chapter("verdeelmodel"),
    log:
        "logs/{gemeente}/{jaar}/analyse_verdeelmodel.log",
    conda:
        "../envs/buig.yaml"
    params:
        figures=figure_params(),
    script:
        "../scripts/analyse_verdeelmodel.py"


rule analyse_benchmark:
    input:
        code=package_sources(),
        benchmark=processed("benchmark"),
        bestand_maand=processed("bestand_maand"),
        manifest=f"{PROCESSED}/{{gemeente}}/{{jaar}}/manifest.json",
    output:
        chapter("benchmark"),
    log:
        "logs/{gemeente}/{jaar}/analyse_benchmark.log",
    conda:
        "../envs/buig.yaml"
    script:
        "../scripts/analyse_benchmark.py"


rule analyse_oorzaken:
    input:
        code=package_sources(),
        budget=chapter("budget"),
        verdeelmodel=chapter("verdeelmodel"),
        benchmark=chapter("benchmark"),
        bestand_maand=processed("bestand_maand"),
        statushouders=processed("statushouders"),
        manifest=f"{PROCESSED}/{{gemeente}}/{{jaar}}/manifest.json",
    output:
        chapter("oorzaken"),
    log:
        "logs/{gemeente}/{jaar}/analyse_oorzaken.log",
    conda:
        "../envs/buig.yaml"
    params:
        figures=figure_params(),
    script:
        "../scripts/analyse_oorzaken.py"


rule figure_register:
    input:
        code=package_sources(),
        budget=chapter("budget"),
        participatie=chapter("participatie"),
        bestand=chapter("bestand"),
        verdeelmodel=chapter("verdeelmodel"),
        benchmark=chapter("benchmark"),
        oorzaken=chapter("oorzaken"),
        manifest=f"{PROCESSED}/{{gemeente}}/{{jaar}}/manifest.json",
    output:
        json=result("analysis/figurenregister.json"),
        csv=result("analysis/figurenregister.csv"),
        layout=result("analysis/layout.json"),
    log:
        "logs/{gemeente}/{jaar}/figure_register.log",
    conda:
        "../envs/buig.yaml"
    params:
        chapters=[
            "budget",
            "participatie",
            "bestand",
            "verdeelmodel",
            "benchmark",
            "oorzaken",
        ],
    script:
        "../scripts/figure_register.py"


rule controles:
    input:
        **processed_tables(),
        code=package_sources(),
        register=result("analysis/figurenregister.json"),
        layout=result("analysis/layout.json"),
        reference=reference_inputs,
    output:
        result("analysis/controles.json"),
    log:
        "logs/{gemeente}/{jaar}/controles.log",
    conda:
        "../envs/buig.yaml"
    params:
        reference_dir=REFERENCE,
        tables=TABLES,
        checks={"tolerance_pct": config["controles"]["bestand_tolerantie_pct"]},
    script:
        "../scripts/controles.py"
