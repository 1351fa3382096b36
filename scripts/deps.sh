#!/usr/bin/env bash
# Installs the Debian 12 packages Watchium needs, only those that are missing.
# Sourced by run.sh and test.sh; `deps.sh test` adds what the test suite needs.
set -euo pipefail

# fonts-noto-color-emoji: the reaction emoji in colour, over the video and on their buttons.
build_packages=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-websockets-dev qt6-multimedia-dev
    libqt6opengl6-dev libqt6sql6-sqlite libqt6sql6-psql qt6-qpa-plugins
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    libgl-dev libegl-dev libmpv-dev
    libminiupnpc-dev libnatpmp-dev
    libssl-dev
    fonts-noto-color-emoji
)
# PostgreSQL for the store tests, Xvfb for screenshots. The video tests draw OpenGL inside Xvfb
# with Mesa's software rasteriser (llvmpipe) from libgl1-mesa-dri: xvfb pulls it in today, it is
# named because they rely on it.
# The port mapper's test runs a real router, miniupnpd, in network namespaces (iproute2) on
# nftables. miniupnpd-nftables is the bare daemon: unlike the `miniupnpd` package it has no
# service, no debconf question and no maintainer script, so installing it starts nothing.
# The TLS tests make their certificates with the openssl command-line tool. clang with its
# runtimes (libclang-rt-14-dev: ASan, UBSan and libFuzzer, only recommended by clang, so named)
# builds the sanitizer run and the fuzzers; llvm brings llvm-symbolizer, which turns their
# reports' addresses into file:line. The failover test puts a real HAProxy in front of two server
# nodes, with docs/examples/haproxy.cfg.
# The package test (tests/package) makes the .debs with CPack (dpkg-dev for dpkg-shlibdeps,
# help2man for the man pages) and checks them with the tools Debian checks packages with:
# lintian, desktop-file-validate, appstreamcli, systemd-analyze (and man, for the unit's
# Documentation=), and systemd-nspawn (systemd-container) to boot systemd in a throwaway container
# where the package is installed and its service started. Installing systemd here starts nothing.
test_packages=(postgresql xvfb xauth libgl1-mesa-dri miniupnpd-nftables nftables iproute2 openssl
    clang libclang-rt-14-dev llvm haproxy
    dpkg-dev help2man lintian desktop-file-utils appstream systemd systemd-container man-db)

missing_packages() {
    local pkg
    for pkg in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
            echo "$pkg"
        fi
    done
}

install_packages() {
    local missing
    mapfile -t missing < <(missing_packages "$@")
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "watchium: installing ${missing[*]}" >&2
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "watchium: run as root or install: ${missing[*]}" >&2; exit 1; }
        sudo=(sudo)
    fi
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
}

install_deps() {
    local packages=("${build_packages[@]}")
    # The default configuration registers the supabase-js interop test, and
    # CMake refuses to configure without node and npm; Debian's are only
    # needed when the machine has none of its own.
    command -v node >/dev/null || packages+=(nodejs npm)
    if [ "${1:-}" = test ]; then
        packages+=("${test_packages[@]}")
    fi
    install_packages "${packages[@]}"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    install_deps "${1:-}"
fi
