#!/usr/bin/env bash
# `make lint-infra`: cfn-lint (errors and warnings) and checkov on template.yaml.
# Both run from .venv-infra: checkov's pins conflict with requirements-dev.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/infra_venv.sh .venv-infra requirements-infra.txt
.venv-infra/bin/cfn-lint template.yaml
# --skip-download: no call to the vendor's platform (this runs offline); checks are bundled.
.venv-infra/bin/checkov --file template.yaml --framework cloudformation --compact --quiet --skip-download
