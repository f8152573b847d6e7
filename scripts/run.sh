#!/usr/bin/env bash
# Builds Mnemo (installing missing build packages) and runs it in the
# foreground on 127.0.0.1:6379 with its default configuration. Extra arguments
# go to the server, e.g. ./scripts/run.sh --port 7000 --save "".
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
ensure_packages "${BUILD_PACKAGES[@]}"
make -j"$(nproc)" >/dev/null
exec ./build/mnemo-server --bind 127.0.0.1 "$@"
