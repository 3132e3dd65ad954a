#!/usr/bin/env bash
# Installs the Debian packages servesim needs. Idempotent: quiet when all are present.
set -euo pipefail

packages=(
  build-essential cmake catch2 pkg-config
  libsqlite3-dev sqlite3 libboost-program-options-dev libboost-graph-dev
  libeigen3-dev nlohmann-json3-dev libturbojpeg0-dev libjpeg62-turbo-dev
  libhiredis-dev libnats-dev redis-server nats-server graphviz ccache clang-format
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "servesim: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
