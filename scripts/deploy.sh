#!/usr/bin/env bash
# `make deploy`: stage the Lambda package, `sam build`, `sam deploy` (samconfig.toml, stage prod).
# Needs AWS credentials, REGION (or AWS_REGION) and SITE_CERTIFICATE_ARN (ACM, us-east-1);
# optional: SITE_DOMAIN, SES_IDENTITY, TOKEN_SECRET_PARAMETER (defaults in docs/deploy.md),
# DEPLOY_PYTHON (a Python 3.12 with pip, to ship bytecode).
# The SAM CLI lives in .venv-sam, installed on first use: its pins conflict with .venv's.
set -euo pipefail
cd "$(dirname "$0")/.."
region="${REGION:-${AWS_REGION:-}}"
: "${region:?set REGION (e.g. REGION=eu-west-1 make deploy)}"
: "${SITE_CERTIFICATE_ARN:?set SITE_CERTIFICATE_ARN to the site certificate in us-east-1}"
config_env="${STAGE:-prod}"
export SAM_CLI_TELEMETRY=0

scripts/infra_venv.sh .venv-sam deploy/requirements-sam.txt
scripts/lint_infra.sh
# Staged by the Lambda runtime's Python (3.12), the package carries bytecode: faster cold starts.
"${DEPLOY_PYTHON:-.venv/bin/python}" -m deploy.stage_lambda
.venv-sam/bin/sam build --config-env "$config_env"
overrides=(
    "Stage=$config_env"
    "SiteCertificateArn=$SITE_CERTIFICATE_ARN"
    "SiteDomainName=${SITE_DOMAIN:-citizenfocus.eu}"
    "SesIdentity=${SES_IDENTITY:-citizenfocus.eu}"
    "TokenSecretParameterName=${TOKEN_SECRET_PARAMETER:-/citizen-focus/$config_env/token-secret}"
)
.venv-sam/bin/sam deploy --config-env "$config_env" --region "$region" \
    --parameter-overrides "${overrides[@]}"
