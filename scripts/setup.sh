#!/usr/bin/env bash
# Idempotent machine setup for IsdaDsl on Debian 12/13 and Ubuntu.
# Installs only what is missing:
#   1. a libstdc++ that exports GLIBCXX_3.4.32 (TorchSharp 0.107's native library needs it);
#   2. the Fashion-MNIST data set (Debian package dataset-fashion-mnist);
#   3. the NuGet packages of the solution (dotnet restore).
# On a system it cannot fix it stops and says what is missing and how to get it.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fashion_dir="/usr/share/datasets/fashion-mnist"
apt_updated=0

say()  { printf '[setup] %s\n' "$*"; }
fail() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else fail "need root (or sudo) to run: $*"
  fi
}

apt_update_once() {
  if [ "$apt_updated" -eq 0 ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
}

libstdcxx_path() {
  ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/ {print $NF; exit}'
}

has_glibcxx_3_4_32() {
  local lib
  lib="$(libstdcxx_path)"
  [ -n "$lib" ] && grep -aq 'GLIBCXX_3\.4\.32' "$lib"
}

# The Debian mirror URI this machine already uses, read from its own apt configuration
# (deb822 .sources files first, then one-line .list files).
debian_mirror_uri() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    uri="$(awk '
      /^[[:space:]]*$/ { if (uris != "" && suites ~ /(bookworm|trixie)([[:space:]]|$)/) { print uris; exit } uris=""; suites=""; next }
      /^URIs:/   { uris=$2 }
      /^Suites:/ { $1=""; suites=$0 }
      END { if (uris != "" && suites ~ /(bookworm|trixie)([[:space:]]|$)/) print uris }' "$f" | head -n 1)"
    if [ -n "$uri" ]; then echo "$uri"; return 0; fi
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    uri="$(awk '$1 == "deb" && $0 ~ / (bookworm|trixie) / { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' "$f" | head -n 1)"
    if [ -n "$uri" ]; then echo "$uri"; return 0; fi
  done
  return 1
}

install_libstdcxx() {
  if has_glibcxx_3_4_32; then
    say "libstdc++ has GLIBCXX_3.4.32: nothing to do"
    return
  fi
  local id="" codename=""
  if [ -r /etc/os-release ]; then . /etc/os-release; id="${ID:-}"; codename="${VERSION_CODENAME:-}"; fi
  if [ "$id" != "debian" ]; then
    fail "libstdc++ lacks GLIBCXX_3.4.32 (TorchSharp 0.107 needs GCC >= 13's libstdc++).
  On Ubuntu use 24.04 or newer, or install libstdc++6 from a toolchain repository that ships GCC 13+; then rerun this script."
  fi
  local uri
  uri="$(debian_mirror_uri)" || fail "libstdc++ lacks GLIBCXX_3.4.32 and no Debian mirror was found in /etc/apt/sources.list[.d].
  Add a Debian 13 (trixie) source and run: apt-get install -t trixie libstdc++6"
  say "libstdc++ lacks GLIBCXX_3.4.32 on Debian ${codename}: installing libstdc++6 from trixie via ${uri}"
  local tmp
  tmp="$(mktemp -d)"
  mkdir -p "$tmp/parts" "$tmp/lists/partial"
  chmod -R a+rx "$tmp"  # apt downloads as the _apt user
  cat > "$tmp/parts/trixie.sources" <<SOURCES
Types: deb
URIs: ${uri}
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  # A private source list and list cache: the system's apt configuration is left untouched.
  local opts=(-o "Dir::Etc::SourceParts=$tmp/parts" -o "Dir::Etc::SourceList=/dev/null" -o "Dir::State::Lists=$tmp/lists")
  as_root apt-get "${opts[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get "${opts[@]}" install -y -qq -t trixie libstdc++6 >/dev/null
  rm -rf "$tmp"
  has_glibcxx_3_4_32 || fail "installed libstdc++6 from trixie but GLIBCXX_3.4.32 is still missing"
  say "libstdc++ now has GLIBCXX_3.4.32"
}

install_fashion_mnist() {
  local missing=0 f
  for f in train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz; do
    [ -f "$fashion_dir/$f" ] || missing=1
  done
  if [ "$missing" -eq 0 ]; then
    say "Fashion-MNIST present in $fashion_dir"
    return
  fi
  command -v apt-get >/dev/null 2>&1 || fail "Fashion-MNIST missing from $fashion_dir and apt-get is not available: install the dataset-fashion-mnist package or pass --data DIR"
  say "installing dataset-fashion-mnist"
  apt_update_once
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq dataset-fashion-mnist >/dev/null
}

check_dotnet() {
  command -v dotnet >/dev/null 2>&1 || fail "the .NET SDK 10 is missing: install it (https://dot.net) and rerun"
  local major
  major="$(dotnet --version | cut -d. -f1)"
  [ "$major" -ge 10 ] || fail ".NET SDK $(dotnet --version) found; IsdaDsl needs SDK 10 or newer"
}

install_libstdcxx
install_fashion_mnist
check_dotnet
say "restoring NuGet packages"
dotnet restore "$repo_root/IsdaDsl.sln" --verbosity quiet
say "setup complete"
