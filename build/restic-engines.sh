#!/bin/sh
# Provides the restic engines the tests run against, beside Debian 12's own restic (0.14, a test package):
# restic 0.18 from Debian 13's package, fetched with apt's own tools into the build, never installed.
#   build/restic-engines.sh [OUTPUT_DIR]      (default: artifacts/engines; build.cake's Test target runs it)
# Leaves OUTPUT_DIR/restic-0.18/restic and prints the CAIRN_TEST_RESTIC value naming every engine (':' separated).
# apt runs with a private sources list, lists and cache (-o Dir::...): the machine's apt sources and state are never
# changed. The Debian mirror is the one this machine's apt sources already use; the project names no host.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$here/artifacts/engines}
suite=trixie          # Debian 13
want=0.18             # the restic minor version that suite ships
target=$out/restic-$want/restic

version_of() { "$1" version 2>/dev/null | sed -n 's/^restic \([0-9][0-9]*\.[0-9][0-9]*\)\..*/\1/p' | head -n 1; }

engines() {
  system=$(command -v restic || true)
  printf '%s\n' "${system:+$system:}$target"
}

if [ -x "$target" ] && [ "$(version_of "$target")" = "$want" ]; then
  echo "restic $want: $target (already there)" >&2
  engines
  exit 0
fi

command -v apt-get >/dev/null || { echo "restic-engines: apt-get is needed to fetch restic $want" >&2; exit 1; }

# The Debian archive this machine uses: the URIs of deb822 sources, else the deb lines of sources.list, ending in
# /debian (not debian-security); the keyring its stanza names, when it names one.
mirror=''
keyring=''
for file in /etc/apt/sources.list.d/*.sources; do
  [ -r "$file" ] || continue
  found=$(awk '
    /^[[:space:]]*$/ { if (uri != "") exit; key = "" }
    /^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) uri = $i }
    /^Signed-By:/ { key = $2 }
    END { if (uri != "") print uri, key }' "$file")
  if [ -n "$found" ]; then
    mirror=${found%% *}
    keyring=${found#* }
    [ "$keyring" = "$mirror" ] && keyring=''
    break
  fi
done
if [ -z "$mirror" ] && [ -r /etc/apt/sources.list ]; then
  mirror=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\/.*\/debian\/?$/) { print $i; exit } }' /etc/apt/sources.list)
fi
[ -n "$mirror" ] || { echo "restic-engines: no Debian mirror found in this machine's apt sources" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
if [ -n "$keyring" ] && [ -r "$keyring" ]; then
  echo "deb [signed-by=$keyring] $mirror $suite main" > "$work/sources.list"
else
  echo "deb $mirror $suite main" > "$work/sources.list"
fi
set -- -o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null \
  -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache"
# as root apt drops to the _apt user to download, which cannot write into a private folder of root's
[ "$(id -u)" -eq 0 ] && set -- "$@" -o APT::Sandbox::User=root

echo "restic-engines: fetching restic from Debian $suite ($mirror)" >&2
apt-get "$@" -qq update >&2
(cd "$work" && apt-get "$@" -qq download restic >&2)
deb=$(ls "$work"/restic_*.deb)
dpkg-deb -x "$deb" "$work/x"

got=$(version_of "$work/x/usr/bin/restic")
[ "$got" = "$want" ] || { echo "restic-engines: $deb holds restic '$got', expected $want" >&2; exit 1; }
mkdir -p "$(dirname "$target")"
cp "$work/x/usr/bin/restic" "$target.tmp"
chmod 755 "$target.tmp"
mv "$target.tmp" "$target"
echo "restic $want: $target ($(basename "$deb"))" >&2
engines
