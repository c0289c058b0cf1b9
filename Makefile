# The two commands of the README:
#   make report   install what is needed and build the report(s) of every data drop in data/raw/
#   make test     install what is needed and run the whole test suite (linters included)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: report test test-deps system-deps lock bench clean explain landelijk landelijk-data

# Run options live in profiles/default/config.yaml; buig-run holds an OS lock for the run, so a
# killed run needs no unlock and a second run at the same time gets a Dutch message.
report: $(STAMP)
	@$(BIN)/buig-run


# Two workers; each test module stays on one worker (module fixtures build one project each).
# Then, on its own, the SLURM test: a single-node cluster runs a small national set (root and
# Debian only; elsewhere it is skipped and says why).
test: $(STAMP) test-deps
	$(BIN)/pytest -n 2 --dist loadfile -m "not slurm"
	$(BIN)/pytest -m slurm tests/cluster

# Herkomst van één cijfer: make explain ID=vangnet.uitkering.2016 [DROP=voorschoten/2017]
explain: $(STAMP)
	$(BIN)/buig-explain $(ID) $(if $(DROP),--drop $(DROP))

# National run: synthetic drops (make landelijk-data N=342 SEED=1), then every drop of the year and
# the national overview (make landelijk JAAR=2017). A refused drop does not stop the others; the
# overview names it.
N ?= 10
SEED ?= 1
JAAR ?= 2017
landelijk-data: $(STAMP)
	$(BIN)/python tools/generate_drops.py --aantal $(N) --seed $(SEED) --uit data/landelijk/raw

# PROFIEL=slurm runs the jobs on a SLURM cluster (profiles/slurm); the default is this machine.
# The overview's path comes before --configfile, which takes every word after it as a config file.
PROFIEL ?= default
landelijk: $(STAMP)
	-$(BIN)/buig-run --workflow-profile profiles/$(PROFIEL) --configfile config/landelijk.yaml
	$(BIN)/buig-run --workflow-profile profiles/$(PROFIEL) \
	  results/landelijk-run/landelijk/$(JAAR)/overzicht.html --configfile config/landelijk.yaml

bench: $(STAMP)
	$(BIN)/python benchmarks/run_benchmark.py

# WeasyPrint needs Pango and a font; installed from Debian only when missing (we run as root on CI).
system-deps:
# The same libraries everywhere keep the PDF byte-identical between machines (font subsetting).
	@if ! ldconfig -p | grep -q libpangoft2-1.0 || ! ldconfig -p | grep -q libharfbuzz-subset \
	    || ! fc-list 2>/dev/null | grep -qi dejavu; then \
	  echo "Installeren van systeembibliotheken voor WeasyPrint (Pango, HarfBuzz, DejaVu-fonts)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig \
	    fonts-dejavu-core >/dev/null; \
	fi

# The browser test opens the HTML report in headless Chromium from Debian, the SLURM test starts a
# single-node cluster from Debian's slurmctld, slurmd and munge; installed when missing and we may
# (root). Without them those tests are skipped and say why.
test-deps:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && { ! command -v chromium \
	    >/dev/null 2>&1 || ! command -v slurmctld >/dev/null 2>&1; }; then \
	  echo "Installeren van Chromium (browsertest) en SLURM met munge (clustertest) uit Debian"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends chromium slurmctld slurmd slurm-client munge >/dev/null; \
	fi

# Snakemake imports every executor plugin it can find at each start, and the SLURM plugin imports
# pandas then (0,3-0,4 s of every run, also a local one; issue 12). So the two SLURM plugins of the
# lock go into a folder of their own, which buig-run puts on PYTHONPATH for profiles/slurm only
# (buig_analyse.SLURM_PLUGINS, buig_analyse.run). Their dependencies are in the lock and the venv.
SLURM_PINS    := ^snakemake-executor-plugin-slurm(-jobstep)?==
SLURM_PLUGINS := $(VENV)/slurm-plugins

$(STAMP): requirements.lock pyproject.toml | system-deps
	@echo "Installeren van de Python-omgeving in $(VENV) (eenmalig, enkele minuten)..."
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install -q --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
	@echo "  pakketten uit requirements.lock..."
	@grep -v -E '$(SLURM_PINS)' requirements.lock > $(VENV)/requirements-lokaal.txt
	@$(BIN)/pip install -q -r $(VENV)/requirements-lokaal.txt 2>&1 | grep -v "^WARNING: Location" || true
	@echo "  de SLURM-plugin van Snakemake apart, in $(SLURM_PLUGINS) (alleen voor profiles/slurm)..."
	@$(BIN)/pip install -q --no-deps --upgrade --target $(SLURM_PLUGINS) \
	  $$(grep -E '$(SLURM_PINS)' requirements.lock) 2>&1 | grep -v "^WARNING: Location" || true
	@$(BIN)/pip install -q --no-deps -e . 2>&1 | grep -v "^WARNING: Location" || true
	@# The package's bytecode, as pip writes it for an installed package: an editable install has
	@# none, and where PYTHONDONTWRITEBYTECODE is set every process compiled src/ again.
	@$(BIN)/python -m compileall -q src >/dev/null
	@$(BIN)/python -c "import buig_analyse, snakemake, weasyprint" 
	@touch $(STAMP)
	@echo "Installatie gereed."

# requirements.txt (top-level pins) -> requirements.lock (full lock, Python 3.11 on Linux x86-64)
# -> environment.yml. uv keeps every version already in requirements.lock unless requirements.txt
# demands another one (`uv pip compile --upgrade` would move them all: mind the PDF bytes).
lock:
	$(PYTHON) -m venv /tmp/buig-lock-venv
	/tmp/buig-lock-venv/bin/pip install -q uv==0.13.9
	/tmp/buig-lock-venv/bin/uv pip compile requirements.txt --quiet --python-version 3.11 \
	  --python-platform x86_64-unknown-linux-gnu --custom-compile-command "make lock" \
	  --output-file requirements.lock
	$(PYTHON) tools/write_environment.py

clean:
	rm -rf results .snakemake data/processed/*/
