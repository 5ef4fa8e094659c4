#!/usr/bin/env bash
# Everything `make test` does: system packages, virtualenv, the real daemons in a temporary
# directory, then ruff, mypy, import-linter and pytest. Daemons are stopped by PID on any exit.
set -euo pipefail
cd "$(dirname "$0")/.."

lint_only=0
[ "${1:-}" = "--lint-only" ] && lint_only=1

scripts/system-deps.sh test
make --no-print-directory venv
bin=.venv/bin
# The libfprint backend's binding (the optional fprint extra) is tested against the real
# library; its build needs the packages the test profile installed above.
"$bin/python" -c "import gi" 2>/dev/null || "$bin/python" -m pip install --quiet -e '.[dev,fprint]'

echo "== ruff"
"$bin/ruff" check koffer tests bench
"$bin/ruff" format --check koffer tests bench
echo "== mypy"
"$bin/mypy"
echo "== import-linter"
"$bin/lint-imports"
[ "$lint_only" = 1 ] && exit 0

state=$(mktemp -d -t koffer-daemons.XXXXXX)
cleanup() {
  scripts/daemons.sh stop "$state" || true
  rm -rf "$state"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
scripts/daemons.sh start "$state"
# shellcheck disable=SC1091
source "$state/env"

if [ "${CI:-}" = "true" ]; then
  export KOFFER_REQUIRE_REAL=1
fi

echo "== pytest"
if [ $# -gt 0 ]; then
  "$bin/python" -m pytest "$@"
else
  # The Qt tests get a process of their own, started fresh: QApplication's start-up calls
  # setlocale(), and a process that has already run hundreds of threaded device, town-hall
  # and crash tests was once seen to hang there on glibc's locale lock.
  "$bin/python" -m pytest tests/ui
  "$bin/python" -m pytest --ignore=tests/ui
fi
