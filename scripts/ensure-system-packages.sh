#!/usr/bin/env bash
# Checks the system packages the project needs outside Python and Node:
# Java 17+ (DynamoDB Local) and Chromium (browser tests). On Debian as root it
# installs what is missing; elsewhere it stops and says what to install.
set -euo pipefail

missing=()

java_major() {
  java -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1") ? v[2] : v[1]; exit}'
}

if ! command -v java >/dev/null 2>&1 || [ "$(java_major)" -lt 17 ]; then
  missing+=(default-jre-headless)
fi
if ! command -v chromium >/dev/null 2>&1; then
  missing+=(chromium)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi

echo "Missing system packages: ${missing[*]}" >&2
echo "Install Java 17 or newer (e.g. Debian 'default-jre-headless') and Chromium, then run make again." >&2
exit 1
