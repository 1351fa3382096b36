#!/usr/bin/env bash
# Makes watchium and watchium-server .debs from the build in $1 and checks them as a user's
# machine would get them: unpacked into a throwaway root (dpkg -x), the installed server answers
# /health with the version, the installed app says its version, the desktop file, the AppStream
# metainfo and the systemd unit pass Debian's own validators, lintian finds nothing, and the
# unit's command line, with the options file it reads, starts a server.
set -euo pipefail
build=$1
version=$2
work=$3
rm -rf "$work"
mkdir -p "$work/debs" "$work/root" "$work/data"

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

echo "== cpack"
(cd "$build" && cpack -G DEB -B "$work/debs" >"$work/cpack.log") || { cat "$work/cpack.log"; fail "cpack"; }
app_deb="$work/debs/watchium_${version}_amd64.deb"
server_deb="$work/debs/watchium-server_${version}_amd64.deb"
[ -f "$app_deb" ] || fail "no $app_deb"
[ -f "$server_deb" ] || fail "no $server_deb"

echo "== control fields"
for deb in "$app_deb" "$server_deb"; do
    [ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "$deb: version is not $version"
    depends=$(dpkg-deb -f "$deb" Depends)
    echo "$(basename "$deb"): Depends: $depends"
    # dpkg-shlibdeps computed the libraries; the SQL driver plugin is named by hand.
    [[ $depends == *libqt6core6* ]] || fail "$deb: no computed dependencies"
    [[ $depends == *libqt6sql6-sqlite* ]] || fail "$deb: SQLite driver plugin not a dependency"
done
[[ $(dpkg-deb -f "$server_deb" Depends) != *libmpv* ]] || fail "the server package depends on libmpv"
[[ $(dpkg-deb -f "$server_deb" Depends) != *libqt6widgets* ]] || fail "the server package depends on Qt Widgets"
[[ $(dpkg-deb -f "$app_deb" Depends) == *libmpv* ]] || fail "the app package does not depend on libmpv"
dpkg-deb -e "$server_deb" "$work/server-control"
grep -qx /etc/default/watchium-server "$work/server-control/conffiles" || fail "options file not a conffile"

echo "== lintian"
lintian --tag-display-limit 0 --fail-on error,warning "$app_deb" "$server_deb" 2>&1 \
    | grep -v "running with root privileges" || true
lintian --tag-display-limit 0 --fail-on error,warning "$app_deb" "$server_deb" >/dev/null 2>&1 \
    || fail "lintian found errors or warnings"

echo "== unpacked"
dpkg -x "$app_deb" "$work/root"
dpkg -x "$server_deb" "$work/root"
root=$work/root
for path in usr/bin/watchium usr/bin/watchium-server \
    usr/share/applications/app.watchium.Watchium.desktop \
    usr/share/metainfo/app.watchium.Watchium.metainfo.xml \
    usr/share/icons/hicolor/scalable/apps/watchium.svg \
    usr/share/icons/hicolor/48x48/apps/watchium.png \
    usr/share/icons/hicolor/256x256/apps/watchium.png \
    usr/share/man/man1/watchium.1.gz usr/share/man/man1/watchium-server.1.gz \
    usr/share/doc/watchium/copyright usr/share/doc/watchium-server/changelog.gz \
    lib/systemd/system/watchium-server.service etc/default/watchium-server; do
    [ -e "$root/$path" ] || fail "missing /$path"
done
grep -q '^MimeType=.*x-scheme-handler/watchium;' \
    "$root/usr/share/applications/app.watchium.Watchium.desktop" || fail "no watchium:// handler"

echo "== validators"
desktop-file-validate "$root/usr/share/applications/app.watchium.Watchium.desktop"
appstreamcli validate --no-net "$root/usr/share/metainfo/app.watchium.Watchium.metainfo.xml"
# The unit as installed, but pointing at the unpacked binary; man finds its page there too.
mkdir -p "$work/units"
sed "s|/usr/bin/watchium-server|$root/usr/bin/watchium-server|" \
    "$root/lib/systemd/system/watchium-server.service" >"$work/units/watchium-server.service"
MANPATH="$root/usr/share/man" systemd-analyze verify "$work/units/watchium-server.service"

echo "== the installed app"
app_version=$("$root/usr/bin/watchium" --version)
echo "$app_version"
[ "$app_version" = "watchium $version" ] || fail "watchium --version says '$app_version'"
server_version=$("$root/usr/bin/watchium-server" --version)
[ "$server_version" = "watchium-server $version" ] || fail "watchium-server --version says '$server_version'"

echo "== the unit's command line starts a server"
# What systemd would run: ExecStart with STATE_DIRECTORY and the options file's
# WATCHIUM_SERVER_OPTS, then loopback and a free port (later options win) so that the test
# stays on this machine.
exec_start=$(sed -n 's/^ExecStart=//p' "$root/lib/systemd/system/watchium-server.service")
# shellcheck disable=SC1091
WATCHIUM_SERVER_OPTS=""
source "$root/etc/default/watchium-server"
STATE_DIRECTORY=$work/data
command_line=${exec_start//\$\{STATE_DIRECTORY\}/$STATE_DIRECTORY}
command_line=${command_line//\$WATCHIUM_SERVER_OPTS/$WATCHIUM_SERVER_OPTS}
command_line=${command_line//\/usr\/bin\/watchium-server/$root/usr/bin/watchium-server}
echo "$command_line --host 127.0.0.1 --port 0"
# shellcheck disable=SC2086
$command_line --host 127.0.0.1 --port 0 >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true' EXIT
url=""
for _ in $(seq 1 200); do
    url=$(sed -n 's/^listening on //p' "$work/server.out")
    [ -n "$url" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.err"; fail "the server exited"; }
    sleep 0.05 # polled, bounded: 10 s in all
done
[ -n "$url" ] || { cat "$work/server.err"; fail "the server did not say where it listens"; }
health=$(curl -fsS "$url/health")
echo "$health"
[[ $health == *"\"version\":\"$version\""* ]] || fail "/health does not report version $version"
[ -f "$work/data/watchium.sqlite3" ] || fail "the store is not in the state directory"
kill "$server_pid"
wait "$server_pid" || true
trap - EXIT
echo "PASS: packages $version"
