#!/bin/sh
# Run the test suites and end with one line "N passed, N failed".
#   tests/run.sh          unit tests, then end-to-end and browser tests
#   tests/run.sh unit     Criterion unit tests only
#   tests/run.sh e2e      pytest suites only (tests/e2e, tests/browser)
# Extra pytest arguments can be given in PYTEST_ARGS (e.g. "-k resubmission").
set -u
BUILD=${BUILD:-build}
what=${1:-all}
top=$(cd "$(dirname "$0")/.." && pwd)
out="$top/$BUILD/test-results"
rm -rf "$out"
mkdir -p "$out"
export RECUEIL_BUILD="$top/$BUILD"
status=0

if [ "$what" = all ] || [ "$what" = unit ]; then
	for t in "$top/$BUILD"/tests/test_*; do
		[ -x "$t" ] || continue
		name=$(basename "$t")
		echo "== unit: $name"
		"$t" --jobs=2 --xml="$out/unit-$name.xml" || status=1
	done
fi

if [ "$what" = all ] || [ "$what" = e2e ]; then
	echo "== e2e and browser tests (pytest)"
	dirs=
	for d in tests/e2e tests/browser; do
		[ -d "$top/$d" ] && dirs="$dirs $d"
	done
	# PYTEST_ARGS is split as the shell would: -k "install or contrib".
	eval "set -- ${PYTEST_ARGS:-}"
	# shellcheck disable=SC2086
	(cd "$top" && /usr/bin/python3 -m pytest -q -p no:cacheprovider \
		--junitxml="$out/pytest.xml" "$@" $dirs)
	rc=$?
	# 5 means no test was collected, which is a failure here too.
	[ $rc -eq 0 ] || status=1
fi

/usr/bin/python3 "$top/tests/summary.py" "$out" || status=1
exit $status
