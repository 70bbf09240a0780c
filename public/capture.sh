#!/usr/bin/env bash
# PacketWalk node capture — records a Linux node's network state for PacketWalk to import.
#
# READ-ONLY: this script changes nothing on the node. It only runs commands that print state
# (ip, bridge, ss, iptables-save, nft list, ipset save, ipvsadm -Sn, tc ... show, conntrack -L,
# kubectl get) and reads /proc/sys/net. It never loads a kernel module: a tool whose module is not
# loaded (nf_tables, ip_tables, ip_set, ip_vs, nf_conntrack_netlink) is skipped and the capture says
# why. It writes only its output file and a temporary directory it deletes on exit.
#
# Needs: bash, iproute2 (ip, bridge, ss), coreutils, awk; uses iptables-save, nft, ipset, ipvsadm,
# conntrack, tc, nsenter and kubectl when present and records which were missing.
# Run as root on the node: sudo bash capture.sh [options]. Docs: docs/import.md.
set -u
export LC_ALL=C

VERSION=1
usage() {
  cat <<'EOF'
Usage: capture.sh [options]

Records this node's network state (every network namespace) as one JSON file for PacketWalk's
import (npm run import, or drop the file on the app). Read-only: changes nothing on the node and
loads no kernel module.

Options:
  -o FILE          write the capture to FILE ("-" for standard output);
                   default packetwalk-capture-<node>.json
  --node NAME      the node's name in the capture (default: hostname)
  --kubectl        also record: kubectl get nodes,pods,services,endpointslices -A -o json
  --conntrack      also record the conntrack table (conntrack -L) of each namespace
  --redact[=KEY]   replace public IPv4/IPv6 addresses, MAC addresses and rule comments with stable
                   pseudonyms: the same input and KEY give the same pseudonym on every node, so a
                   cluster's captures still join up (IPv4 keeps its prefixes). Use the same KEY on
                   every node; without one a fixed default key is used (a pseudonym can then be
                   reversed by trying every address: choose your own KEY)
  --netns REGEX    capture only the named namespaces (ip netns list) whose name matches REGEX, and
                   neither the root namespace nor unnamed ones (for test labs)
  -h, --help       this text
EOF
}

OUT=""
NODE="$(hostname 2>/dev/null || cat /proc/sys/kernel/hostname)"
WANT_KUBECTL=0
WANT_CONNTRACK=0
REDACT=0
REDACT_KEY="packetwalk"
NETNS_RE=""
while [ $# -gt 0 ]; do
  case "$1" in
    -o) OUT="${2:?-o needs a file}"; shift 2 ;;
    --node) NODE="${2:?--node needs a name}"; shift 2 ;;
    --kubectl) WANT_KUBECTL=1; shift ;;
    --conntrack) WANT_CONNTRACK=1; shift ;;
    --redact) REDACT=1; shift ;;
    --redact=*) REDACT=1; REDACT_KEY="${1#--redact=}"; shift ;;
    --netns) NETNS_RE="${2:?--netns needs a regular expression}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "capture.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -n "$OUT" ] || OUT="packetwalk-capture-${NODE}.json"

have() { command -v "$1" >/dev/null 2>&1; }
# Whether kernel module $1 is in the kernel already (loaded or built in), so using it loads nothing.
# Without /proc/modules the kernel has no loadable modules at all: nothing can be loaded.
loaded() {
  [ -d "/sys/module/$1" ] && return 0
  [ -r /proc/modules ] || return 0
  grep -q "^$1 " /proc/modules && return 0
  grep -q "/$1\.ko" "/lib/modules/$(uname -r)/modules.builtin" 2>/dev/null
}
# A one-line value as a JSON string.
json_line() { local s="$1"; s="${s//\\/\\\\}"; s="${s//\"/\\\"}"; s="${s//$'\t'/ }"; s="${s//$'\n'/ }"; printf '"%s"' "$s"; }
for t in ip bridge ss awk; do have "$t" || { echo "capture.sh: $t is required" >&2; exit 1; }; done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/packetwalk-capture.XXXXXX")" || exit 1
trap 'rm -rf "$WORK"' EXIT

MISSING=()
SKIPPED=()
for t in iptables-save nft ipset ipvsadm conntrack tc nsenter kubectl sha256sum; do have "$t" || MISSING+=("$t"); done

# ---- namespaces: the root one, the named ones, and those processes hold (by inode) ----
ns_inode() { local l; l="$(readlink "$1" 2>/dev/null)" || return 1; l="${l#net:[}"; echo "${l%]}"; }
declare -A SEEN_INODE=()
NS_REFS=()   # "root" | "name:NAME" | "pid:PID"
NS_INODES=()
add_ns() { # ref inode
  [ -n "$2" ] || return 0
  if [ -n "${SEEN_INODE[$2]+x}" ]; then return 0; fi
  SEEN_INODE[$2]=1
  NS_REFS+=("$1")
  NS_INODES+=("$2")
}
if [ -z "$NETNS_RE" ]; then add_ns root "$(ns_inode /proc/1/ns/net)"; fi
while read -r name _; do
  [ -n "$name" ] || continue
  if [ -n "$NETNS_RE" ] && ! [[ "$name" =~ $NETNS_RE ]]; then continue; fi
  [ -e "/run/netns/$name" ] || continue
  add_ns "name:$name" "$(stat -L -c %i "/run/netns/$name" 2>/dev/null)"
done < <(ip netns list 2>/dev/null)
if [ -z "$NETNS_RE" ]; then
  for p in /proc/[0-9]*; do
    add_ns "pid:${p#/proc/}" "$(ns_inode "$p/ns/net")"
  done
fi

# Runs a command inside namespace $1.
in_ns() {
  local ref="$1"; shift
  case "$ref" in
    root) "$@" ;;
    name:*) if have nsenter; then nsenter --net="/run/netns/${ref#name:}" "$@"; else ip netns exec "${ref#name:}" "$@"; fi ;;
    pid:*) if have nsenter; then nsenter --net="/proc/${ref#pid:}/ns/net" "$@"; else return 127; fi ;;
  esac
}

# The sysctls PacketWalk models, as key=value lines (read inside the namespace).
SYSCTL_SCRIPT='for f in /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv4/conf/*/forwarding /proc/sys/net/ipv4/conf/*/proxy_arp \
  /proc/sys/net/ipv4/conf/*/rp_filter /proc/sys/net/ipv4/conf/*/arp_ignore /proc/sys/net/ipv4/conf/*/route_localnet \
  /proc/sys/net/ipv4/neigh/*/proxy_delay /proc/sys/net/bridge/bridge-nf-call-iptables /proc/sys/net/ipv4/vs/conntrack \
  /proc/sys/net/netfilter/nf_conntrack_tcp_be_liberal; do
  [ -r "$f" ] || continue; k="${f#/proc/sys/}"; printf "%s=%s\n" "$(printf %s "$k" | tr / .)" "$(cat "$f")"; done'

# Captures one namespace into $WORK/ns$i/: one file per command, and err-<what> for failures.
capture_ns() {
  local i="$1" ref="$2" d="$WORK/ns$1"
  mkdir -p "$d"
  run() { # what, command...
    local what="$1"; shift
    if ! in_ns "$ref" "$@" >"$d/$what" 2>"$d/err-$what"; then :; fi
    [ -s "$d/err-$what" ] || rm -f "$d/err-$what"
  }
  run link ip -j -d link show
  # After the link dump: the ids this netns gives the named namespaces its veths' peers live in.
  run nsids ip -j netns list-id
  run addr ip -j addr show
  run route ip -j route show table all
  run rule ip -j rule show
  run neigh ip -j neigh show
  run fdb bridge -j fdb show
  run bridgelink bridge -d -j link show
  run listen ss -Hlntuw
  run sysctl sh -c "$SYSCTL_SCRIPT"
  if have iptables-save; then
    if iptables-save --version 2>/dev/null | grep -q nf_tables; then
      if loaded nf_tables; then run iptables iptables-save; else echo "iptables-save skipped: nf_tables is not loaded" >"$d/err-iptables"; fi
    elif [ -e /proc/net/ip_tables_names ] || loaded ip_tables; then run iptables iptables-save
    else echo "iptables-save skipped: ip_tables is not loaded" >"$d/err-iptables"; fi
  fi
  if have nft; then
    if loaded nf_tables; then run nft nft -j list ruleset; else echo "nft skipped: nf_tables is not loaded" >"$d/err-nft"; fi
  fi
  if have ipset && loaded ip_set; then run ipset ipset save; fi
  if have ipvsadm && { [ -e /proc/net/ip_vs ] || loaded ip_vs; }; then run ipvs ipvsadm -Sn; fi
  if have tc; then
    run qdisc tc -j qdisc show
    # Filters (BPF programs among them) where a clsact/ingress qdisc exists.
    local devs dev
    devs="$(awk 'BEGIN{RS="},"} /"kind":"(clsact|ingress)"/ { if (match($0, /"dev":"[^"]+"/)) print substr($0, RSTART+7, RLENGTH-8) }' "$d/qdisc" 2>/dev/null | sort -u)"
    : >"$d/tcfilters"
    for dev in $devs; do
      for dir in ingress egress; do
        printf '%s\t%s\t' "$dev" "$dir" >>"$d/tcfilters"
        in_ns "$ref" tc -j filter show dev "$dev" "$dir" 2>/dev/null | tr -d '\n' >>"$d/tcfilters"
        printf '\n' >>"$d/tcfilters"
      done
    done
  fi
  if [ "$WANT_CONNTRACK" = 1 ] && have conntrack; then
    if loaded nf_conntrack_netlink; then run conntrack conntrack -L; else echo "conntrack skipped: nf_conntrack_netlink is not loaded" >"$d/err-conntrack"; fi
  fi
}

for i in "${!NS_REFS[@]}"; do capture_ns "$i" "${NS_REFS[$i]}"; done
[ "$WANT_CONNTRACK" = 1 ] && ! loaded nf_conntrack_netlink && SKIPPED+=("conntrack: nf_conntrack_netlink is not loaded")
have ipset && ! loaded ip_set && SKIPPED+=("ipset: ip_set is not loaded (no sets)")
have ipvsadm && ! [ -e /proc/net/ip_vs ] && ! loaded ip_vs && SKIPPED+=("ipvsadm: ip_vs is not loaded (no IPVS)")
if [ "$WANT_KUBECTL" = 1 ]; then
  if have kubectl; then kubectl get nodes,pods,services,endpointslices -A -o json >"$WORK/kubectl" 2>"$WORK/err-kubectl" || true
  else SKIPPED+=("kubectl: not installed"); fi
fi

# ---- redaction: prefix-preserving IPv4 pseudonyms, hashed IPv6/MACs/comments ----
hash_hex() { printf '%s' "$REDACT_KEY|$1" | sha256sum | cut -c1-16; }
is_public4() {
  local IFS=. a b c d
  read -r a b c d <<<"$1"
  (( a == 0 || a == 10 || a == 127 || a >= 224 )) && return 1
  (( a == 100 && b >= 64 && b < 128 )) && return 1
  (( a == 169 && b == 254 )) && return 1
  (( a == 172 && b >= 16 && b < 32 )) && return 1
  (( a == 192 && b == 168 )) && return 1
  (( a == 192 && b == 0 && (c == 0 || c == 2) )) && return 1
  (( a == 198 && (b == 18 || b == 19) )) && return 1
  (( a == 198 && b == 51 && c == 100 )) && return 1
  (( a == 203 && b == 0 && c == 113 )) && return 1
  return 0
}
declare -A PREFIX_BIT=()
pseudo4() { # prefix-preserving (Crypto-PAn's construction, with SHA-256 as the function)
  local IFS=. a b c d
  read -r a b c d <<<"$1"
  local x=$(( (a << 24) | (b << 16) | (c << 8) | d )) out=0 i prefix bit
  for ((i = 0; i < 32; i++)); do
    prefix=$(( i == 0 ? 0 : x >> (32 - i) ))
    if [ -z "${PREFIX_BIT[$i/$prefix]+x}" ]; then
      PREFIX_BIT[$i/$prefix]=$(( 0x$(printf '%s' "$REDACT_KEY|$i/$prefix" | sha256sum | cut -c1-2) & 1 ))
    fi
    bit=$(( ((x >> (31 - i)) & 1) ^ PREFIX_BIT[$i/$prefix] ))
    out=$(( (out << 1) | bit ))
  done
  printf '%d.%d.%d.%d' $(( out >> 24 & 255 )) $(( out >> 16 & 255 )) $(( out >> 8 & 255 )) $(( out & 255 ))
}
mask4() { # address, prefix length -> the network address
  local IFS=. a b c d
  read -r a b c d <<<"$1"
  local x=$(( (a << 24) | (b << 16) | (c << 8) | d )) m=$(( $2 == 0 ? 0 : (0xffffffff << (32 - $2)) & 0xffffffff ))
  x=$(( x & m ))
  printf '%d.%d.%d.%d' $(( x >> 24 & 255 )) $(( x >> 16 & 255 )) $(( x >> 8 & 255 )) $(( x & 255 ))
}
redact_all() {
  have sha256sum || { echo "capture.sh: --redact needs sha256sum" >&2; exit 1; }
  local files map="$WORK/redact.map" tok h
  files=$(find "$WORK" -type f -name '*' ! -name 'redact.map' ! -name 'err-*')
  : >"$map"
  # Rule comments first (their text may hold addresses): iptables/ipset "--comment X", nft JSON "comment".
  # A quoted comment is replaced wherever it occurs; an unquoted one only after its --comment.
  while IFS= read -r tok; do
    [ -n "$tok" ] || continue
    h="c-$(hash_hex "comment|${tok#--comment }" | cut -c1-10)"
    case "$tok" in --comment*) h="--comment $h" ;; esac
    printf 'C\t%s\t%s\n' "$tok" "$h" >>"$map"
  done < <(cat $files | grep -oE -- '--comment ("([^"\\]|\\.)*"|[^ ]+)|comment "([^"\\]|\\.)*"|"comment": *"([^"\\]|\\.)*"' | sed -E 's/^--comment (")/\1/; s/^comment //; s/^"comment": *//' | sort -u)
  # A public network written as a.b.c.d/len with no host bits stays a network: its pseudonym is masked.
  local addr len net
  while IFS= read -r tok; do
    addr="${tok%/*}"; len="${tok#*/}"
    (( len >= 1 && len < 32 )) && is_public4 "$addr" || continue
    [ "$(mask4 "$addr" "$len")" = "$addr" ] || continue
    net="$(mask4 "$(pseudo4 "$addr")" "$len")"
    printf 'P\t%s\t%s/%s\n' "$tok" "$net" "$len" >>"$map"
  done < <(cat $files | grep -oE '(^|[^0-9.])([0-9]{1,3}\.){3}[0-9]{1,3}/[0-9]{1,2}' | grep -oE '([0-9]{1,3}\.){3}[0-9]{1,3}/[0-9]{1,2}' | sort -u)
  while IFS= read -r tok; do
    is_public4 "$tok" && printf 'A\t%s\t%s\n' "$tok" "$(pseudo4 "$tok")" >>"$map"
  done < <(cat $files | grep -oE '(^|[^0-9.])([0-9]{1,3}\.){3}[0-9]{1,3}($|[^0-9.])' | grep -oE '([0-9]{1,3}\.){3}[0-9]{1,3}' | sort -u)
  while IFS= read -r tok; do
    h="$(printf '%s' "$tok" | tr 'A-F' 'a-f')"
    case "$h" in ff:ff:ff:ff:ff:ff|00:00:00:00:00:00|ee:ee:ee:ee:ee:ee|33:33:*|01:00:5e:*) continue ;; esac
    h="$(hash_hex "mac|$h")"
    printf 'M\t%s\t02:%s:%s:%s:%s:%s\n' "$tok" "${h:0:2}" "${h:2:2}" "${h:4:2}" "${h:6:2}" "${h:8:2}" >>"$map"
  done < <(cat $files | grep -oiE '([0-9a-f]{2}:){5}[0-9a-f]{2}' | sort -u)
  while IFS= read -r tok; do
    case "$tok" in 2*|3*) h="$(hash_hex "ip6|$tok")"; printf 'A\t%s\t2001:db8:%s:%s:%s::%s\n' "$tok" "${h:0:4}" "${h:4:4}" "${h:8:4}" "${h:12:4}" >>"$map" ;; esac
  done < <(cat $files | grep -oiE '\b[23][0-9a-f]{3}:[0-9a-f:]*[0-9a-f]\b' | grep -E ':.*:' | tr 'A-F' 'a-f' | sort -u)
  local f
  # A bridge's identifiers (ip -d: bridge_id, root_id, …) print its MAC without leading zeros.
  for f in $files; do
    sed -E 's/"(bridge_id|root_id|designated_root|designated_bridge)":"[^"]*"/"\1":"redacted"/g' "$f" >"$f.r" && mv "$f.r" "$f"
  done
  for f in $files; do
    awk -v mapfile="$map" '
      BEGIN { FS = "\t"; while ((getline line < mapfile) > 0) { split(line, p, "\t"); n++; kind[n] = p[1]; from[n] = p[2]; to[n] = p[3] } FS = " " }
      function replace_all(s, a, b,   out, i) { out = ""; while ((i = index(s, a)) > 0) { out = out substr(s, 1, i - 1) b; s = substr(s, i + length(a)) } return out s }
      function replace_token(s, a, b, mac,   out, i, pre, post, inside) { # a not inside a longer address/number/word
        out = ""
        while ((i = index(s, a)) > 0) {
          pre = substr(s, i - 1, 1); post = substr(s, i + length(a), 1)
          if (mac) inside = pre ~ /[0-9A-Fa-f:]/ || post ~ /[0-9A-Fa-f:]/
          else inside = pre ~ /[0-9A-Za-z.:]/ || post ~ /[0-9A-Za-z]/ || (post == "." && substr(s, i + length(a) + 1, 1) ~ /[0-9]/)
          if (inside) { out = out substr(s, 1, i + length(a) - 1); s = substr(s, i + length(a)); continue }
          out = out substr(s, 1, i - 1) b; s = substr(s, i + length(a))
        }
        return out s
      }
      { line = $0
        # One pass: each match becomes a placeholder first, so no pseudonym is itself rewritten.
        for (k = 1; k <= n; k++) {
          if (!index(line, from[k])) continue
          if (kind[k] == "C") line = replace_all(line, from[k], "\001" k "\002")
          else line = replace_token(line, from[k], "\001" k "\002", kind[k] == "M")
        }
        if (index(line, "\001"))
          for (k = 1; k <= n; k++) if (index(line, "\001" k "\002")) line = replace_all(line, "\001" k "\002", (kind[k] == "C" && substr(from[k], 1, 1) == "\"" ? "\"" to[k] "\"" : to[k]))
        print line }' "$f" >"$f.r" && mv "$f.r" "$f"
  done
}
[ "$REDACT" = 1 ] && redact_all

# ---- JSON assembly ----
json_str() { # file -> JSON string
  awk 'BEGIN { ORS = ""; print "\"" } { gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); gsub(/\t/, "\\t"); gsub(/\r/, "\\r"); gsub(/[\001-\010\013\014\016-\037]/, ""); print $0 "\\n" } END { print "\"" }' "$1"
}
json_raw() { # file -> its JSON, or null when empty/not JSON
  local c
  c="$(head -c 1 "$1" 2>/dev/null)"
  if [ "$c" = "[" ] || [ "$c" = "{" ]; then cat "$1"; else printf 'null'; fi
}
version_of() { "$@" 2>&1 | head -n 1; }
emit() {
  printf '{"format":"packetwalk-capture","version":%s,' "$VERSION"
  printf '"node":%s,' "$(json_line "$NODE")"
  printf '"capturedAt":"%s","kernel":%s' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(json_line "$(uname -r)")"
  printf ',"redacted":%s,"tools":{' "$([ "$REDACT" = 1 ] && echo true || echo false)"
  local first=1 t v
  for t in ip bridge ss iptables-save nft ipset ipvsadm conntrack tc kubectl; do
    have "$t" || continue
    case "$t" in
      ip|bridge|ss|tc) v="$(version_of "$t" -V)" ;;
      nft) v="$(version_of nft -v)" ;;
      ipset) v="$(version_of ipset -v)" ;;
      ipvsadm) v="$(version_of ipvsadm --version)" ;;
      kubectl) v="$(version_of kubectl version --client)" ;;
      *) v="$(version_of "$t" --version)" ;;
    esac
    [ $first = 1 ] || printf ','; first=0
    printf '"%s":%s' "$t" "$(json_line "$v")"
  done
  printf '},"missing":['
  first=1; for t in "${MISSING[@]+"${MISSING[@]}"}"; do [ $first = 1 ] || printf ','; first=0; printf '"%s"' "$t"; done
  printf '],"skipped":['
  first=1; for t in "${SKIPPED[@]+"${SKIPPED[@]}"}"; do [ $first = 1 ] || printf ','; first=0; json_line "$t"; done
  printf '],"namespaces":['
  local i d ref what
  for i in "${!NS_REFS[@]}"; do
    d="$WORK/ns$i"; ref="${NS_REFS[$i]}"
    [ "$i" = 0 ] || printf ','
    printf '{"ref":%s' "$(json_line "$ref")"
    printf ',"inode":%s' "${NS_INODES[$i]}"
    for what in link nsids addr route rule neigh fdb bridgelink qdisc nft; do
      [ -e "$d/$what" ] && { printf ',"%s":' "$what"; json_raw "$d/$what"; }
    done
    for what in listen sysctl iptables ipset ipvs tcfilters conntrack; do
      [ -e "$d/$what" ] && { printf ',"%s":' "$what"; json_str "$d/$what"; }
    done
    printf ',"errors":{'
    local f e first2=1
    for f in "$d"/err-*; do
      [ -e "$f" ] || continue
      e="${f##*/err-}"
      [ $first2 = 1 ] || printf ','; first2=0
      printf '"%s":' "$e"; json_str "$f"
    done
    printf '}}'
  done
  printf ']'
  if [ -e "$WORK/kubectl" ]; then printf ',"kubectl":'; json_raw "$WORK/kubectl"; fi
  if [ -s "$WORK/err-kubectl" ]; then printf ',"kubectlError":'; json_str "$WORK/err-kubectl"; fi
  printf '}\n'
}
if [ "$OUT" = "-" ]; then emit; else emit >"$OUT" && echo "capture.sh: wrote $OUT (${#NS_REFS[@]} network namespaces${MISSING[*]+; missing: ${MISSING[*]}})" >&2; fi
