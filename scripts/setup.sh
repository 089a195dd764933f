#!/usr/bin/env bash
# Idempotent machine setup for IsdaDsl on Debian 12/13 and Ubuntu.
# Installs only what is missing:
#   1. a libstdc++ that exports GLIBCXX_3.4.32 (TorchSharp 0.107's native library needs it);
#   2. the Fashion-MNIST data set (Debian package dataset-fashion-mnist);
#   3. the NuGet packages of the solution (dotnet restore).
# It first says what it will do, every system package it will install or upgrade included (taken from
# apt's own simulation), and only then does it. With --check it says what it would do and stops there.
# On a system it cannot fix it stops and says what is missing and how to get it.
#
# The system is probed through the commands on PATH (ldconfig, apt-get, dotnet, sudo) and these files,
# which the tests point at a fake system:
#   ISDA_SETUP_OS_RELEASE   (default /etc/os-release)
#   ISDA_SETUP_APT_ETC      (default /etc/apt; where the Debian mirror is read from)
#   ISDA_SETUP_FASHION_DIR  (default /usr/share/datasets/fashion-mnist)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
os_release="${ISDA_SETUP_OS_RELEASE:-/etc/os-release}"
apt_etc="${ISDA_SETUP_APT_ETC:-/etc/apt}"
fashion_dir="${ISDA_SETUP_FASHION_DIR:-/usr/share/datasets/fashion-mnist}"
fashion_files=(train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz)

check=0      # 1 with --check: plan only
verb="will"  # "would" with --check
work=""      # temporary folder of the private apt source lists and list caches
need_libstdcxx=0
need_fashion=0
trixie_opts=()
system_opts=()

say()  { printf '[setup] %s\n' "$*"; }
fail() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

usage() {
  cat <<'USAGE'
usage: scripts/setup.sh [--check]
  (no argument)  set the machine up: says every system package it will install or upgrade, then does it
  --check        say what setup would do, step by step, and change nothing on the system
                 (exit 0; 1 with the reason where setup would stop)
  -h, --help     this text
USAGE
}

parse_args() {
  while [ "$#" -gt 0 ]; do
    case "$1" in
      --check) check=1; verb="would" ;;
      -h|--help) usage; exit 0 ;;
      *) printf '[setup] ERROR: unknown argument: %s\n' "$1" >&2; usage >&2; exit 2 ;;
    esac
    shift
  done
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else fail "need root (or sudo) to run: $*"
  fi
}

cleanup() { if [ -n "$work" ]; then rm -rf "$work" 2>/dev/null || true; fi; }

work_dir() {
  if [ -z "$work" ]; then
    work="$(mktemp -d)"
    trap cleanup EXIT
  fi
}

# ---- probes ---------------------------------------------------------------------------------

libstdcxx_path() {
  # ldconfig lives in /sbin, which a normal user's PATH may lack.
  local ldconfig
  ldconfig="$(command -v ldconfig || echo /sbin/ldconfig)"
  "$ldconfig" -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/ && !found { print $NF; found = 1 }' || true
}

has_glibcxx_3_4_32() {
  local lib
  lib="$(libstdcxx_path)"
  [ -n "$lib" ] && grep -aq 'GLIBCXX_3\.4\.32' "$lib"
}

# One field of os-release (ID, VERSION_CODENAME), read in a subshell so that its variables stay there.
os_field() { ( if [ -r "$os_release" ]; then . "$os_release"; fi; printf '%s' "${!1:-}" ); }

# The Debian mirror URI this machine already uses, read from its own apt configuration
# (deb822 .sources files first, then one-line .list files).
debian_mirror_uri() {
  local f uri
  for f in "$apt_etc"/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    uri="$(awk '
      /^[[:space:]]*$/ { if (uris != "" && suites ~ /(bookworm|trixie)([[:space:]]|$)/) { print uris; exit } uris=""; suites=""; next }
      /^URIs:/   { uris=$2 }
      /^Suites:/ { $1=""; suites=$0 }
      END { if (uris != "" && suites ~ /(bookworm|trixie)([[:space:]]|$)/) print uris }' "$f" | head -n 1)"
    if [ -n "$uri" ]; then echo "$uri"; return 0; fi
  done
  for f in "$apt_etc"/sources.list "$apt_etc"/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    uri="$(awk '$1 == "deb" && $0 ~ / (bookworm|trixie) / { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' "$f" | head -n 1)"
    if [ -n "$uri" ]; then echo "$uri"; return 0; fi
  done
  return 1
}

# ---- private apt lists: what apt would do, without touching /etc/apt or /var/lib/apt/lists ----

# Appends to the array named $1 the apt-get options that keep its list cache in $work/$2/lists and
# build no binary cache in /var/cache/apt, so that refreshing lists and simulating change nothing on the system.
add_private_lists() {
  local -n opts="$1"
  mkdir -p "$work/$2/lists/partial"
  opts+=(-o "Dir::State::Lists=$work/$2/lists" -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache=")
}

# Refreshes a private list cache; run as the calling user (apt needs no root for its own folders).
refresh_lists() {
  chmod -R a+rx "$work"  # as root, apt downloads as the _apt user
  local out
  out="$(apt-get "$@" update -qq 2>&1)" || fail "apt-get update (private lists) failed:
$out"
}

# Prints apt's simulated changes for `apt-get <args> install …` as "<verb> upgrade pkg old → new",
# "<verb> install pkg new" and "<verb> remove pkg old", one per line.
simulated_changes() {
  local out
  out="$(apt-get "$@" 2>&1)" || fail "apt-get could not plan the install (apt-get $*):
$out"
  # Inst pkg [old] (new release [arch]); a new install has no [old]. Remv pkg [old].
  printf '%s\n' "$out" | awk -v verb="$verb" '
    function strip(s) { gsub(/[][()]/, "", s); return s }
    $1 == "Inst" && $3 ~ /^\[/ { print verb " upgrade " $2 " " strip($3) " → " strip($4); next }
    $1 == "Inst"               { print verb " install " $2 " " strip($3); next }
    $1 == "Remv"               { print verb " remove " $2 (NF > 2 ? " " strip($3) : "") }'
}

# Says, one line each, the system packages an install changes.
announce_changes() {
  local changes line
  changes="$(simulated_changes "$@")"
  if [ -z "$changes" ]; then
    say "  (apt reports no package to change)"
    return
  fi
  while IFS= read -r line; do say "  $line"; done <<<"$changes"
  if grep -q '^[a-z]* upgrade libc6 ' <<<"$changes"; then
    say "  note: this upgrades the C library (libc6) itself"
  fi
}

# ---- plan: say what will be done ------------------------------------------------------------

plan_libstdcxx() {
  if has_glibcxx_3_4_32; then
    say "libstdc++: has GLIBCXX_3.4.32: nothing to do"
    return
  fi
  local id codename uri
  id="$(os_field ID)"
  codename="$(os_field VERSION_CODENAME)"
  if [ "$id" != "debian" ]; then
    fail "libstdc++ lacks GLIBCXX_3.4.32 (TorchSharp 0.107 needs GCC >= 13's libstdc++).
  On Ubuntu use 24.04 or newer, or install libstdc++6 from a toolchain repository that ships GCC 13+; then rerun this script."
  fi
  uri="$(debian_mirror_uri)" || fail "libstdc++ lacks GLIBCXX_3.4.32 and no Debian mirror was found in $apt_etc/sources.list[.d].
  Add a Debian 13 (trixie) source and run: apt-get install -t trixie libstdc++6"
  say "libstdc++: lacks GLIBCXX_3.4.32 (TorchSharp 0.107 needs it) on Debian ${codename}: $verb install libstdc++6 from Debian 13 (trixie) via ${uri}, through a temporary apt source; apt's plan:"
  work_dir
  mkdir -p "$work/trixie/parts"
  cat > "$work/trixie/parts/trixie.sources" <<SOURCES
Types: deb
URIs: ${uri}
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  # Only the trixie source: the system's apt configuration is left untouched.
  add_private_lists trixie_opts trixie
  trixie_opts+=(-o "Dir::Etc::SourceParts=$work/trixie/parts" -o "Dir::Etc::SourceList=/dev/null")
  refresh_lists "${trixie_opts[@]}"
  announce_changes "${trixie_opts[@]}" -s install -t trixie libstdc++6
  need_libstdcxx=1
}

plan_fashion_mnist() {
  local f missing=0
  for f in "${fashion_files[@]}"; do [ -f "$fashion_dir/$f" ] || missing=1; done
  if [ "$missing" -eq 0 ]; then
    say "Fashion-MNIST: present in $fashion_dir: nothing to do"
    return
  fi
  command -v apt-get >/dev/null 2>&1 || fail "Fashion-MNIST missing from $fashion_dir and apt-get is not available: install the dataset-fashion-mnist package or pass --data DIR"
  say "Fashion-MNIST: missing from $fashion_dir: $verb install dataset-fashion-mnist; apt's plan:"
  work_dir
  # The system's own sources, read into a private list cache.
  add_private_lists system_opts system
  refresh_lists "${system_opts[@]}"
  announce_changes "${system_opts[@]}" -s install dataset-fashion-mnist
  need_fashion=1
}

plan_restore() {
  command -v dotnet >/dev/null 2>&1 || fail "the .NET SDK 10 is missing: install it (https://dot.net) and rerun"
  local version
  version="$(dotnet --version)"
  [ "${version%%.*}" -ge 10 ] || fail ".NET SDK $version found; IsdaDsl needs SDK 10 or newer"
  say "NuGet: .NET SDK $version: $verb run dotnet restore IsdaDsl.sln"
}

# ---- apply: do what was said ----------------------------------------------------------------

apt_install() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get "$@" >/dev/null
}

apply_libstdcxx() {
  [ "$need_libstdcxx" -eq 1 ] || return 0
  say "installing libstdc++6 from trixie"
  apt_install "${trixie_opts[@]}" install -y -qq -t trixie libstdc++6
  has_glibcxx_3_4_32 || fail "installed libstdc++6 from trixie but GLIBCXX_3.4.32 is still missing"
  say "libstdc++ now has GLIBCXX_3.4.32"
}

apply_fashion_mnist() {
  [ "$need_fashion" -eq 1 ] || return 0
  say "installing dataset-fashion-mnist"
  apt_install "${system_opts[@]}" install -y -qq dataset-fashion-mnist
}

apply_restore() {
  say "restoring NuGet packages"
  dotnet restore "$repo_root/IsdaDsl.sln" --verbosity quiet
}

main() {
  parse_args "$@"
  [ "$check" -eq 0 ] || say "--check: saying what setup would do; nothing on the system is changed"
  plan_libstdcxx
  plan_fashion_mnist
  plan_restore
  if [ "$check" -eq 1 ]; then
    say "check done: nothing was changed"
    return
  fi
  apply_libstdcxx
  apply_fashion_mnist
  apply_restore
  say "setup complete"
}

main "$@"
