# Stage 2: the analyses. One rule computes every chapter (buig_analyse.analysis.<name>, each from
# only the tables it uses) and the register of all figures in one process (an interpreter per
# chapter cost more than the chapter, issue 12); then the checks.


rule analyse:
    input:
        code=package_sources("analysis"),
        tables=staged_tables(*ANALYSIS_TABLES),
        reference=staged_tables(*ANALYSIS_REFERENCE),
        manifest=MANIFEST,
    output:
        chapters=chapters(*CHAPTERS),
        json=result("analysis/figurenregister.json"),
        csv=result("analysis/figurenregister.csv"),
    log:
        log("analyse"),
    conda:
        "../envs/buig.yaml"
    params:
        settings=analysis_settings(),
    script:
        "../scripts/analyse.py"


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
