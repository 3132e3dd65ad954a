#!/usr/bin/env bash
# The dependency direction check: each area includes only the areas below it.
#   sim/      nothing else of the project
#   kernels/  kernels/ (and sim/util, for errors and time)
#   calib/    sim/, kernels/, calib/
#   validate/ sim/, kernels/, calib/, validate/
#   app/      anything
# Also: every source file of an area opens its area's namespace (servesim::sim, ::kernels,
# ::calib, ::validate, ::app). Prints each offence as FILE:LINE and exits 1 if there is one.
# Usage: scripts/check-layering.sh [REPO_ROOT]
set -euo pipefail
root="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
cd "$root"
status=0

allowed() {
  case "$1" in
    sim) echo "sim" ;;
    kernels) echo "kernels sim/util" ;;
    calib) echo "sim kernels calib" ;;
    validate) echo "sim kernels calib validate" ;;
  esac
}

for area in sim kernels calib validate; do
  [[ -d $area ]] || continue
  ok=$(allowed "$area")
  while IFS= read -r hit; do
    file=${hit%%:*}
    rest=${hit#*:}
    line=${rest%%:*}
    target=$(sed -E 's/.*#include "([^"]+)".*/\1/' <<<"$rest")
    top=${target%%/*}
    [[ "$target" == */* ]] || continue  # generated or same-folder headers
    case "$top" in sim | kernels | calib | validate | app) ;; *) continue ;; esac
    pass=0
    for a in $ok; do
      [[ "$target" == "$a"/* ]] && pass=1
    done
    if [[ $pass == 0 ]]; then
      echo "$file:$line: $area/ must not include $target (allowed: $ok)"
      status=1
    fi
  done < <(grep -rnE '^#include "' "$area" --include='*.cpp' --include='*.hpp' --include='*.cu' \
             --include='*.cuh' || true)
  # Folder = namespace: every header of the area declares servesim::<area> (or a nested one).
  while IFS= read -r header; do
    if grep -q '^namespace servesim' "$header" && ! grep -qE "^namespace servesim::$area(\b|::)" "$header"; then
      echo "$header: declares a namespace other than servesim::$area"
      status=1
    fi
  done < <(find "$area" -name '*.hpp' -o -name '*.cuh')
done

# The simulator's CMake target links no library of another area.
if [[ -f sim/CMakeLists.txt ]] &&
  grep -nE 'servesim::(calib|validate|kernels|testbed|importers|brokers|dnn|zoo|preprocess|cuda)' \
    sim/CMakeLists.txt; then
  echo "sim/CMakeLists.txt: the simulator links a library of another area"
  status=1
fi
if [[ $status == 0 ]]; then
  echo "layering: sim <- kernels <- calib <- validate <- app holds"
fi
exit $status
