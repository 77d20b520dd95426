#!/usr/bin/env bash
# Installs the Debian packages the test suite needs (Pandoc, the reference citation parser), when
# they are missing. Runs as root (CI, the dev machines) or through sudo.
set -euo pipefail
need=()
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
command -v pandoc >/dev/null 2>&1 || need+=(pandoc)
command -v rg >/dev/null 2>&1 || need+=(ripgrep)
command -v tre-agrep >/dev/null 2>&1 || need+=(tre-agrep)
# PostgreSQL for the archive tests, which start and stop throwaway servers of their own. Debian's
# package would create and start a system-wide cluster: tell it not to (nothing global runs).
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  need+=(postgresql postgresql-contrib)
  [ -f /etc/postgresql-common/createcluster.conf ] ||
    $sudo sh -c 'mkdir -p /etc/postgresql-common && echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.conf'
fi
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
echo "test dependencies: pandoc $(pandoc --version | head -n 1 | cut -d' ' -f2), PostgreSQL $(ls /usr/lib/postgresql | sort -n | tail -n 1)"
