# The national overview of a report year (issue 12): every published gemeente report of that year
# in one overview. It reads the published registers (results/<g>/<j>/huidig/), so a refused or failed
# drop never stops it: it is named in the overview. `make landelijk JAAR=2017` first builds every
# drop (keep-going), then this rule.


rule landelijk_overzicht:
    input:
        code=package_sources("report"),
        published=national_inputs,
        templates=template_inputs(),
    output:
        html=f"{RESULTS}/landelijk/{{jaar}}/overzicht.html",
        register=f"{RESULTS}/landelijk/{{jaar}}/figurenregister.json",
        csv=f"{RESULTS}/landelijk/{{jaar}}/figurenregister.csv",
    log:
        f"logs/landelijk/{{jaar}}/landelijk_overzicht.log",
    conda:
        "../envs/buig.yaml"
    params:
        drops=lambda wildcards: [f"{g}/{j}" for g, j in national_drops(wildcards)],
        template_dir=lambda wildcards, input: template_dir(input.templates),
    script:
        "../scripts/landelijk_overzicht.py"
