#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The same fixtures, the --diff and --emit-patches suites, and a real
# subsystem of each tree, under a build with AddressSanitizer,
# UndefinedBehaviorSanitizer and LeakSanitizer: any report fails the
# test, and the results must match the plain build.
set -u
cd "$TOP" || exit 2
if ! make -s sanitize >/dev/null 2>&1; then
	echo "FAIL sanitize: build of gup_policy-san"
	exit 0
fi
san=$TOP/gup_policy-san
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

GUP_POLICY=$san bash tests/suites/fixtures.sh 2>&1 | sed -E 's/^(PASS|FAIL|SKIP) /\1 san:/'
# --diff and --emit-patches: a sanitizer report is exit 99, which fails them.
for suite in diff emit; do
	GUP_POLICY=$san bash "tests/suites/$suite.sh" 2>&1 |
		sed -E 's/^(PASS|FAIL|SKIP) /\1 san:/'
done

for v in 6.1 6.12; do
	tree=$(scripts/kernel-src "$v") || { echo "FAIL san:linux-$v: no tree"; continue; }
	set -- "$tree/drivers/infiniband" "$tree/drivers/media" "$tree/io_uring" \
	       "$tree/drivers/misc" "$tree/drivers/vfio"
	# Parsed under the sanitizers, not taken from the result cache.
	"$san" --format=json --no-cache --html="$tmp/html-$v" "$@" \
		> "$tmp/san" 2> "$tmp/err"
	rc=$?
	"$GUP_POLICY" --format=json "$@" > "$tmp/plain" 2>/dev/null
	if [ "$rc" -gt 1 ] || grep -qE 'Sanitizer|runtime error' "$tmp/err"; then
		echo "FAIL san:linux-$v: exit $rc"
		grep -m 20 -E 'ERROR|runtime error|#[0-9]' "$tmp/err"
	elif ! diff <(grep -v '"seconds"' "$tmp/plain") <(grep -v '"seconds"' "$tmp/san") >/dev/null; then
		echo "FAIL san:linux-$v: results differ from the plain build"
	else
		echo "PASS san:linux-$v: subsystems clean under ASan/UBSan/LSan"
	fi
done

# The result cache under the sanitizers: storing (first run of this
# binary: its results are new) and reading back (second run).
if tree=$(scripts/kernel-src 6.1); then
	ok=1
	for run in store read; do
		"$san" --format=json "$tree/io_uring" "$tree/drivers/vfio" \
			> "$tmp/san-$run" 2> "$tmp/err"
		rc=$?
		if [ "$rc" -gt 1 ] || grep -qE 'Sanitizer|runtime error' "$tmp/err"; then
			echo "FAIL san:result cache ($run): exit $rc"
			grep -m 20 -E 'ERROR|runtime error|#[0-9]' "$tmp/err"
			ok=0
		fi
	done
	if [ "$ok" = 1 ] && diff <(grep -v '"seconds"' "$tmp/san-store") \
				<(grep -v '"seconds"' "$tmp/san-read") > /dev/null; then
		echo "PASS san:result cache: storing and reading results clean, same results"
	elif [ "$ok" = 1 ]; then
		echo "FAIL san:result cache: results differ when read back"
	fi
fi

# The HTML report and the status line's thread (script(1): a terminal).
if command -v script > /dev/null; then
	script -qec "$san -v --severity=note --html=$tmp/html tests/fixtures tests/html" \
		/dev/null > "$tmp/pty" 2>&1
	rc=$?
	if [ "$rc" -gt 1 ] || grep -qE 'Sanitizer|runtime error' "$tmp/pty" ||
	   [ ! -s "$tmp/html/index.html" ]; then
		echo "FAIL san:html: exit $rc"
		grep -m 20 -E 'ERROR|runtime error|#[0-9]' "$tmp/pty"
	else
		echo "PASS san:html: report and status line clean under ASan/UBSan/LSan"
	fi
fi

# Valgrind (memcheck, definite leaks) over a real subsystem, on the plain
# build of the checker proper.  No per-file budget: memcheck runs the code
# 20 to 50 times slower, and on a loaded machine rsrc.c went over the
# 120 s budget; the budget has tests of its own in cli.sh and kernel.sh.
if command -v valgrind > /dev/null && tree=$(scripts/kernel-src 6.1); then
	valgrind --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite --show-leak-kinds=definite -q \
		--suppressions="$TOP/tests/valgrind.supp" --num-callers=64 \
		"$TOP/build/gup_policy-core" -j1 --file-timeout=0 --no-cache \
		--show-fixes "$tree/io_uring" \
		> /dev/null 2> "$tmp/vg"
	rc=$?
	if [ "$rc" -le 1 ] && [ ! -s "$tmp/vg" ]; then
		echo "PASS valgrind:linux-6.1/io_uring: no memory error, no definite leak"
	else
		echo "FAIL valgrind:linux-6.1/io_uring (exit $rc)"
		head -n 30 "$tmp/vg"
	fi
else
	echo "SKIP valgrind: not installed"
fi
