#!/usr/bin/env bash
# The GUI-free build (-DWATCHIUM_GUI=OFF) on a machine without the desktop's libraries: CMake is
# forbidden to find Qt's GUI modules, and pkg-config sees miniupnpc (what the server links) but
# not libmpv. The configure must still succeed and its build graph must hold watchium-server
# and nothing of the app or the player. (The binary itself is the same target the GUI build
# makes and tst_packages installs; building it a second time here would only cost CI minutes.)
set -euo pipefail
source_dir=$1
work=$2
rm -rf "$work"
mkdir -p "$work/pkgconfig"

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

pc=$(pkg-config --variable pcfiledir miniupnpc)/miniupnpc.pc
[ -f "$pc" ] || fail "no miniupnpc.pc"
ln -s "$pc" "$work/pkgconfig/"

hidden=()
for module in Gui Widgets OpenGL OpenGLWidgets Multimedia Test LinguistTools; do
    hidden+=("-DCMAKE_DISABLE_FIND_PACKAGE_Qt6$module=ON")
done

echo "== the desktop build cannot configure without them"
if PKG_CONFIG_LIBDIR=$work/pkgconfig cmake -S "$source_dir" -B "$work/gui" -G Ninja \
    "${hidden[@]}" >"$work/gui.log" 2>&1; then
    fail "the GUI build configured without Qt Widgets and libmpv: this check checks nothing"
fi

echo "== the GUI-free build does"
PKG_CONFIG_LIBDIR=$work/pkgconfig cmake -S "$source_dir" -B "$work/server" -G Ninja \
    -DWATCHIUM_GUI=OFF "${hidden[@]}" >"$work/server.log" 2>&1 \
    || { cat "$work/server.log"; fail "cmake -DWATCHIUM_GUI=OFF failed"; }
targets=$(ninja -C "$work/server" -t targets all)
grep -q '^watchium-server:' <<<"$targets" || fail "no watchium-server target"
for absent in 'watchium:' 'watchium_player' 'watchium_ui' 'tst_'; do
    if grep -q "^$absent" <<<"$targets"; then
        fail "the GUI-free build has $absent targets"
    fi
done
# The whole graph for the server is there (every source and generated file accounted for).
ninja -C "$work/server" -n watchium-server >"$work/dry-run.log" \
    || { tail "$work/dry-run.log"; fail "ninja cannot plan watchium-server"; }
echo "$(grep -c 'Building CXX' "$work/dry-run.log") compilations planned for watchium-server"
echo "PASS: the GUI-free build configures without Qt's GUI modules or libmpv"
