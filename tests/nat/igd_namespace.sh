#!/usr/bin/env bash
# Runs a test binary on a "LAN" behind a real home router: miniupnpd (UPnP-IGD, PCP, NAT-PMP) on
# nftables in a "router" network namespace, and a "friend" namespace on the router's WAN side.
#
#   igd_namespace.sh public|cgnat|silent TEST_BINARY [ARGS...]
#
# public: the router's WAN address is global, so it maps ports. cgnat: its WAN address is in
# 100.64.0.0/10 (carrier-grade NAT), so it has no public address to map from. silent: a router
# with UPnP, PCP and NAT-PMP switched off (no miniupnpd), as many are out of the box.
# Everything lives in three namespaces named after this process: the root namespace is not
# touched, parallel runs do not collide, and all of it goes on exit, failed or not. Where the
# namespaces cannot be made (not root, no nftables...), the test binary runs with
# WATCHIUM_IGD_SKIP set to the reason, and skips.
set -uo pipefail

scenario=${1:?scenario: public, cgnat or silent}
shift
[ $# -ge 1 ] || { echo "usage: $0 public|cgnat|silent TEST_BINARY [ARGS...]" >&2; exit 2; }

# miniupnpd refuses any reserved range (documentation, benchmarking, CGNAT) as its external
# address: forwarding would be "impossible". So the public WAN is 11.0.0.0/24, an ordinary
# global range to miniupnpd, which nothing outside these namespaces ever sees or routes to.
case "$scenario" in
public | silent) wan_net=11.0.0 ;;
cgnat) wan_net=100.64.0 ;;
*) echo "unknown scenario $scenario" >&2; exit 2 ;;
esac
lan_net=192.168.77

id=$$-$RANDOM
router=wtm-router-$id
lan=wtm-lan-$id
friend=wtm-friend-$id
work=$(mktemp -d "${TMPDIR:-/tmp}/watchium-igd.XXXXXX")
upnpd_pid=

cleanup() {
    if [ -n "$upnpd_pid" ]; then
        kill "$upnpd_pid" 2>/dev/null
        wait "$upnpd_pid" 2>/dev/null
    fi
    # Whatever still runs in the namespaces (a test binary's children) goes with them.
    for ns in "$router" "$lan" "$friend"; do
        pids=$(ip netns pids "$ns" 2>/dev/null)
        [ -n "$pids" ] && kill $pids 2>/dev/null
    done
    # Deleting the namespaces deletes their veths and the router's nftables rules with them.
    for ns in "$router" "$lan" "$friend"; do
        ip netns delete "$ns" 2>/dev/null
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

command=("$@")
skip() {
    echo "igd_namespace: no router namespace: $*; the test skips" >&2
    [ -s "$work/miniupnpd.log" ] && sed 's/^/  miniupnpd: /' "$work/miniupnpd.log" >&2
    WATCHIUM_IGD_SKIP="$*" "${command[@]}"
    exit $?
}

[ "$(id -u)" -eq 0 ] || skip "needs root (CAP_NET_ADMIN) to make network namespaces"
for tool in ip nft miniupnpd; do
    command -v "$tool" >/dev/null || skip "$tool is not installed (scripts/deps.sh test)"
done

in_ns() { ip netns exec "$@"; }
# A run killed outright (SIGKILL on a CTest timeout) could not clean up: its namespaces carry
# its pid, so the next run removes those whose run is gone.
for ns in $(ip netns list 2>/dev/null | grep -o '^wtm-[a-z]*-[0-9]*-[0-9]*'); do
    owner=${ns#wtm-*-}
    owner=${owner%-*}
    if ! kill -0 "$owner" 2>/dev/null; then
        pids=$(ip netns pids "$ns" 2>/dev/null)
        [ -n "$pids" ] && kill $pids 2>/dev/null
        ip netns delete "$ns" 2>/dev/null
    fi
done
{
    ip netns add "$router" && ip netns add "$lan" && ip netns add "$friend"
} 2>"$work/setup.log" || skip "cannot create network namespaces: $(tail -1 "$work/setup.log")"
{
    # Each veth is created inside its namespaces: no interface name is ever taken in the root.
    ip link add lan0 netns "$router" type veth peer name eth0 netns "$lan" &&
    ip link add wan0 netns "$router" type veth peer name eth0 netns "$friend" &&
    ip -n "$router" addr add "$lan_net.1/24" dev lan0 &&
    ip -n "$router" addr add "$wan_net.1/24" dev wan0 &&
    ip -n "$lan" addr add "$lan_net.2/24" dev eth0 &&
    ip -n "$friend" addr add "$wan_net.2/24" dev eth0 &&
    ip -n "$router" link set lo up && ip -n "$lan" link set lo up &&
    ip -n "$friend" link set lo up &&
    ip -n "$router" link set lan0 up && ip -n "$router" link set wan0 up &&
    ip -n "$lan" link set eth0 up && ip -n "$friend" link set eth0 up &&
    ip -n "$lan" route add default via "$lan_net.1" &&
    in_ns "$router" sysctl -qw net.ipv4.ip_forward=1 &&
    in_ns "$lan" true
} 2>>"$work/setup.log" || skip "cannot wire the namespaces: $(tail -1 "$work/setup.log")"

# The chains miniupnpd adds its rules to (Debian's nft_init.sh does this on a real router).
in_ns "$router" nft -f - 2>>"$work/setup.log" <<'NFT' || skip "nftables does not work here: $(tail -1 "$work/setup.log")"
table inet miniupnpd {
    chain forward { type filter hook forward priority 0; policy accept; jump miniupnpd; }
    chain miniupnpd { }
    chain prerouting { type nat hook prerouting priority -100; policy accept; jump prerouting_miniupnpd; }
    chain postrouting { type nat hook postrouting priority 100; policy accept; jump postrouting_miniupnpd; }
    chain prerouting_miniupnpd { }
    chain postrouting_miniupnpd { }
}
NFT

cat >"$work/miniupnpd.conf" <<CONF
ext_ifname=wan0
listening_ip=lan0
http_port=0
enable_upnp=yes
enable_natpmp=yes
secure_mode=yes
system_uptime=no
upnp_table_name=miniupnpd
upnp_nat_table_name=miniupnpd
upnp_forward_chain=miniupnpd
upnp_nat_chain=prerouting_miniupnpd
upnp_nat_postrouting_chain=postrouting_miniupnpd
uuid=5a7c0a41-9d0b-4f3e-8c1e-$(printf '%012d' $$)
allow 1024-65535 $lan_net.0/24 1024-65535
deny 0-65535 0.0.0.0/0 0-65535
CONF
if [ "$scenario" = silent ]; then
    echo "igd_namespace: a router without UPnP, PCP or NAT-PMP in $router, WAN $wan_net.1" >&2
else
    # `ip netns exec` execs miniupnpd itself, so $! is the daemon's pid (a shell function in
    # the background would be a subshell, and the daemon would outlive the kill).
    ip netns exec "$router" miniupnpd -d -f "$work/miniupnpd.conf" -P "$work/miniupnpd.pid" \
        >"$work/miniupnpd.log" 2>&1 &
    upnpd_pid=$!
    # Ready once both services listen; bounded.
    for _ in $(seq 100); do
        grep -q "Listening for NAT-PMP" "$work/miniupnpd.log" &&
            grep -q "HTTP listening" "$work/miniupnpd.log" && break
        kill -0 "$upnpd_pid" 2>/dev/null || break
        sleep 0.1
    done
    grep -q "HTTP listening" "$work/miniupnpd.log" || skip "miniupnpd did not start"
    echo "igd_namespace: miniupnpd $(miniupnpd --version 2>&1 | head -1) in $router," \
        "WAN $wan_net.1, LAN $lan_net.1" >&2
fi

in_ns "$lan" env WATCHIUM_IGD_SCENARIO="$scenario" WATCHIUM_IGD_ROUTER_NS="$router" \
    WATCHIUM_IGD_FRIEND_NS="$friend" WATCHIUM_IGD_WAN="$wan_net.1" \
    WATCHIUM_IGD_LAN="$lan_net.2" "${command[@]}"
status=$?
if [ $status -ne 0 ] && [ -s "$work/miniupnpd.log" ]; then
    sed 's/^/  miniupnpd: /' "$work/miniupnpd.log" >&2
fi
exit $status
