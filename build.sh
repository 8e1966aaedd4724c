#!/usr/bin/env bash
# Builds Cairn on a Debian machine with the .NET SDK: installs what the target needs, then runs build.cake.
#   ./build.sh                 build everything (artifacts/)
#   ./build.sh --target=Test   run all tests
# Other arguments (--brand=DIR, --runtime=RID[,RID], --configuration=NAME) pass through to build.cake.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

target=Default
for argument in "$@"; do
  case "$argument" in
    --target=*) target="${argument#--target=}" ;;
  esac
done

# Debian packages each target uses for real (no mocks): see build/debian-packages.
packages=$(build/debian-packages "$target")
missing=()
for package in $packages; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Missing Debian packages for target '$target': ${missing[*]}" >&2
    echo "Install them first: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

command -v dotnet >/dev/null || { echo "The .NET SDK (dotnet) is not on PATH: install the .NET 10 SDK." >&2; exit 1; }
dotnet tool restore >/dev/null
exec dotnet cake build.cake "$@"
