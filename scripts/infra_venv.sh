#!/usr/bin/env bash
# Create or refresh a tool venv from a pinned requirements file, only when the file changed.
# Usage: scripts/infra_venv.sh VENV_DIR REQUIREMENTS_FILE
# The infrastructure tools (checkov, aws-sam-cli) pin boto3/botocore versions that conflict with
# requirements-dev.txt and with each other, so each gets its own venv.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${1:?venv folder}"
requirements="${2:?requirements file}"
python="${PY:-python3}"
stamp="$venv/.installed-$(sha256sum "$requirements" | cut -c1-16)"

if [[ -f "$stamp" ]]; then
    exit 0
fi
test -x "$venv/bin/python" || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet -r "$requirements"
rm -f "$venv"/.installed-*
touch "$stamp"
