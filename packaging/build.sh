#!/bin/sh
# Build the SweetSpot desktop app into dist/SweetSpot/ and check it. From the repository root:
#     packaging/build.sh                 one folder (default)
#     packaging/build.sh --onefile       one file
#     packaging/build.sh --no-smoke      build only
set -eu
cd "$(dirname "$0")/.."
PY=.venv/bin/python
[ -x "$PY" ] || PY=python3
SMOKE=1
ARGS=""
for arg in "$@"; do
  case "$arg" in
    --no-smoke) SMOKE=0 ;;
    *) ARGS="$ARGS $arg" ;;
  esac
done
# shellcheck disable=SC2086
"$PY" packaging/build.py $ARGS
if [ "$SMOKE" = 1 ]; then
  # shellcheck disable=SC2086
  "$PY" packaging/smoke_test.py $ARGS
fi
