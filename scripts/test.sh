#!/usr/bin/env bash
# Runs every test: installs missing build and test packages, builds, runs the C
# unit tests (cmocka) and the pytest suite against build/mnemo-server.
# MNEMO_SERVER=path tests another binary (e.g. build-san/mnemo-server).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
ensure_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
jobs=$(nproc)
make -j"$jobs" all
make -j"$jobs" unit
server=${MNEMO_SERVER:-$PWD/build/mnemo-server}
echo "== pytest against $server"
MNEMO_SERVER=$server /usr/bin/python3 -m pytest -q tests/py
