#!/usr/bin/env bash
# Makes watchium and watchium-server .debs from the build in $1 and checks them as a user's
# machine would get them: unpacked into a throwaway root (dpkg -x), the installed server answers
# /health with the version, the installed app says its version, the desktop file, the AppStream
# metainfo and the systemd unit pass Debian's own validators, lintian finds nothing, and the
# unit's command line, with the options file it reads, starts a server. Then, where it can (root
# and systemd-nspawn), it boots systemd in a container over a throwaway copy of this machine,
# installs the server package there with dpkg -i and checks that systemd started the unit, with
# the defaults, as a dynamic user, keeping its store in /var/lib.
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

echo "== installed with dpkg -i where systemd runs"
if [ "$(id -u)" != 0 ] || ! command -v systemd-nspawn >/dev/null; then
    # deps.sh installs systemd-container and CI runs as root, so CI always takes the branch below.
    echo "SKIP: booting a container needs root and systemd-nspawn (Debian's systemd-container)"
    echo "PASS: packages $version (without the boot check)"
    exit 0
fi
# The container's root: this machine's, under an overlay whose writes land in $work/upper, with
# a fresh machine id and the package's files nowhere yet. systemd boots in it as PID 1 with its
# own network (loopback only) and runs one check unit in place of the default target.
mkdir -p "$work/upper" "$work/overlay-work" "$work/machine"
skip_boot() {
    # The machine cannot run a container at all (no overlayfs, no namespaces): that says nothing
    # of the package, so the checks above stand; a container that ran the check and found the
    # service wrong fails below.
    echo "SKIP: $*"
    echo "PASS: packages $version (without the boot check)"
    exit 0
}
mount -t overlay overlay -o "lowerdir=/,upperdir=$work/upper,workdir=$work/overlay-work" \
    "$work/machine" || skip_boot "cannot mount an overlay of / here"
trap 'umount "$work/machine" 2>/dev/null || true' EXIT
machine=$work/machine
rm -f "$machine/etc/machine-id"
# A container image's policy-rc.d (exit 101) stops maintainer scripts starting services; a fresh
# Debian machine has none.
rm -f "$machine/usr/sbin/policy-rc.d"
# Nor need the man page index be rebuilt for the test (a minute of the container's time).
rm -f "$machine/var/lib/man-db/auto-update"
# The unit waits for network-online.target; the container has loopback only, where the wait for a
# routable address would run out after two minutes. A real machine's network comes up.
ln -sf /dev/null "$machine/etc/systemd/system/systemd-networkd-wait-online.service"
rm -rf "$machine/watchium-check"
mkdir -p "$machine/watchium-check"
cp "$server_deb" "$machine/watchium-check/watchium-server.deb"
cat >"$machine/watchium-check/run.sh" <<'CHECK'
#!/bin/sh
# Inside the container, as root, after boot.
set -x
dpkg -i /watchium-check/watchium-server.deb
systemctl is-enabled watchium-server.service >/watchium-check/enabled
for _ in $(seq 1 200); do
    curl -fsS http://127.0.0.1:8787/health >/watchium-check/health && break
    sleep 0.05 # polled, bounded: 10 s in all
done
pid=$(systemctl show -p MainPID --value watchium-server.service)
ps -o uid=,args= -p "$pid" >/watchium-check/process
ls /var/lib/private/watchium-server >/watchium-check/state
systemctl status --no-pager --lines 20 watchium-server.service
CHECK
chmod +x "$machine/watchium-check/run.sh"
cat >"$machine/etc/systemd/system/watchium-check.service" <<'UNIT'
[Unit]
Description=Install and check watchium-server
[Service]
Type=oneshot
ExecStart=/watchium-check/run.sh
StandardOutput=file:/watchium-check/run.log
StandardError=inherit
ExecStopPost=/bin/systemctl poweroff --no-block
UNIT
cat >"$machine/etc/systemd/system/watchium-check.target" <<'UNIT'
[Unit]
Description=The package check
Requires=watchium-check.service
After=watchium-check.service
UNIT
started=$(date +%s%N)
timeout 180 systemd-nspawn -D "$machine" --register=no --keep-unit --link-journal=no \
    --private-network -b systemd.unit=watchium-check.target >"$work/boot.log" 2>&1 \
    || nspawn_failed=1
if [ ! -f "$machine/watchium-check/run.log" ]; then
    tail -20 "$work/boot.log"
    skip_boot "systemd-nspawn could not boot a container here (the check never ran)"
fi
if [ -n "${nspawn_failed:-}" ]; then
    tail -40 "$work/boot.log"
    cat "$machine/watchium-check/run.log"
    fail "the container did not power off after the check"
fi
echo "booted, installed, checked and powered off in $((($(date +%s%N) - started) / 1000000)) ms"
check=$machine/watchium-check
cat "$check/run.log"
[ "$(cat "$check/enabled")" = enabled ] || fail "the unit is not enabled after dpkg -i"
health=$(cat "$check/health")
echo "$health"
[[ $health == *"\"version\":\"$version\""* ]] || fail "the service's /health does not report $version"
read -r uid args <"$check/process"
echo "the service runs as uid $uid: $args"
# DynamicUser= picks uids in 61184..65519.
[ "$uid" -ge 61184 ] && [ "$uid" -le 65519 ] || fail "the service does not run as a dynamic user"
grep -qx watchium.sqlite3 "$check/state" || fail "the store is not in /var/lib/watchium-server"
umount "$work/machine"
trap - EXIT
echo "PASS: packages $version"
