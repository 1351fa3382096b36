#!/usr/bin/env bash
# Installs what is missing, builds the app and the server without the tests (Release, in
# ./build-package) and makes the Debian packages in ./build-package/packages:
#   watchium_<version>_amd64.deb         the desktop app
#   watchium-server_<version>_amd64.deb  the GUI-free server, with its systemd service
# Install them with `apt install ./build-package/packages/<file>.deb`.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${WATCHIUM_PACKAGE_DIR:-$root/build-package}
source "$root/scripts/deps.sh"
install_deps
# dpkg-shlibdeps computes the packages' dependencies; help2man writes the man pages.
install_packages dpkg-dev help2man
if [ ! -f "$build_dir/build.ninja" ]; then
    cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DWATCHIUM_BUILD_TESTS=OFF -DWATCHIUM_BUILD_BENCH=OFF "$@" >/dev/null
fi
cmake --build "$build_dir" --parallel "$(nproc)"
(cd "$build_dir" && cpack -G DEB -B "$build_dir/packages" >/dev/null)
ls -1 "$build_dir"/packages/*.deb
