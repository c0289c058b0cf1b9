# buig-analyse: from a municipality's data drop (data/raw/<gemeente>/<jaar>/) to the BUIG analysis
# report (HTML and PDF). Rules per stage live in workflow/rules; domain logic in src/buig_analyse.
# Run options (cores, keep-going, quiet console) are in profiles/default/config.yaml.


configfile: "config/config.yaml"


include: "workflow/rules/common.smk"
include: "workflow/rules/ingest.smk"
include: "workflow/rules/analysis.smk"
include: "workflow/rules/report.smk"
include: "workflow/rules/landelijk.smk"


rule all:
    default_target: True
    input:
        all_reports(),


onstart:
    without_job_rate_limit()
    input_sizes_measured_once()
    start_warm_worker()


onsuccess:
    end_of_run()


onerror:
    end_of_run()


frozen_for_the_collector()
