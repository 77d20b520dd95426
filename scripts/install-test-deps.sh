#!/usr/bin/env bash
# Installs the Debian packages the test suite needs (Pandoc, the reference citation parser), when
# they are missing. Runs as root (CI, the dev machines) or through sudo.
set -euo pipefail
need=()
command -v pandoc >/dev/null 2>&1 || need+=(pandoc)
command -v rg >/dev/null 2>&1 || need+=(ripgrep)
command -v tre-agrep >/dev/null 2>&1 || need+=(tre-agrep)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
echo "test dependencies: pandoc $(pandoc --version | head -n 1 | cut -d' ' -f2)"
