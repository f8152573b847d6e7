# Sourced by run.sh and test.sh: ensure_packages PKG... installs the Debian
# packages that are missing (apt-get as root, or through sudo), and nothing
# when all are present.
ensure_packages() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    ((${#missing[@]} == 0)) && return 0
    echo "installing: ${missing[*]}" >&2
    local sudo=()
    if [[ $(id -u) != 0 ]]; then
        command -v sudo >/dev/null || { echo "need root (or sudo) to install: ${missing[*]}" >&2; return 1; }
        sudo=(sudo)
    fi
    "${sudo[@]}" apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# What building the server needs.
BUILD_PACKAGES=(build-essential make libjemalloc-dev liblua5.1-0-dev lua-cjson-dev lua-bitop-dev liblzf-dev pkg-config)
# What the tests need on top: cmocka for the C unit tests, pytest and redis-py
# for the black-box tests, redis-cli (redis-tools) for the CLI tests.
TEST_PACKAGES=(libcmocka-dev python3 python3-pytest python3-redis redis-tools)
