#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Fixtures: tests/fixtures/NAME.c carries its expectation in its trailing
# comment, the sparse validation way:
#
#   check-name: what this shows
#   check-command: gup_policy OPTIONS $file      (default: gup_policy $file)
#   check-exit-value: N                          (default: 0)
#   check-output-start
#   ...exact stdout...
#   check-output-end
#
# NAME.patch beside it is the expected 'gup_policy --format=patch' output;
# without one, no fix may be proposed.  A patch must apply with patch -p1,
# leave nothing fixable behind, and add no sparse warning.
set -u
cd "$TOP/tests/fixtures" || exit 2
bin=$GUP_POLICY
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

block() {	# block FILE START END: the lines between two markers
	awk -v s="$2" -v e="$3" '
		index($0, e) { on = 0 }
		on { print }
		index($0, s) { on = 1 }' "$1"
}

field() {	# field FILE NAME: the value of " * NAME: value"
	sed -n "s/^ \* $2: *//p" "$1" | head -n 1
}

# sparse's warnings for a file, without positions, sorted.
sparse_set() {
	sparse -Wno-decl "$1" 2>&1 | sed -E 's/^[^:]*:[0-9]+:[0-9]+: //' | sort
}

for f in *.c; do
	name=${f%.c}
	cmd=$(field "$f" check-command)
	[ -n "$cmd" ] || cmd='gup_policy $file'
	want_rc=$(field "$f" check-exit-value)
	[ -n "$want_rc" ] || want_rc=0
	cmd=${cmd//\$file/$f}
	cmd=${cmd/#gup_policy/$bin}

	block "$f" check-output-start check-output-end > "$tmp/want"
	eval "$cmd" > "$tmp/got" 2> "$tmp/err"
	rc=$?
	if [ "$rc" != "$want_rc" ] || ! diff -u "$tmp/want" "$tmp/got" > "$tmp/diff"; then
		echo "FAIL $name: exit $rc (want $want_rc)"
		cat "$tmp/diff" "$tmp/err"
		continue
	fi
	echo "PASS $name"

	# The proposed patch, if any.
	"$bin" --format=patch "$f" > "$tmp/patch" 2>/dev/null
	if [ ! -f "$name.patch" ]; then
		if [ -s "$tmp/patch" ]; then
			echo "FAIL $name.patch: a fix was proposed but none is expected"
			cat "$tmp/patch"
		fi
		continue
	fi
	if ! diff -u "$name.patch" "$tmp/patch" > "$tmp/diff"; then
		echo "FAIL $name.patch: proposed fix differs"
		cat "$tmp/diff"
		continue
	fi
	rm -rf "$tmp/tree" && mkdir "$tmp/tree" && cp "$f" "$tmp/tree/"
	if ! (cd "$tmp/tree" && patch -p1 -s --dry-run < "$tmp/patch" >/dev/null &&
	      patch -p1 -s < "$tmp/patch"); then
		echo "FAIL $name.patch: does not apply with patch -p1"
		continue
	fi
	# Nothing fixable may remain, and the code must parse as before.
	(cd "$tmp/tree" && "$bin" --format=patch "$f") > "$tmp/again" 2>&1
	if [ -s "$tmp/again" ]; then
		echo "FAIL $name.patch: applying it leaves fixable findings"
		cat "$tmp/again"
		continue
	fi
	sparse_set "$f" > "$tmp/sparse.before"
	sparse_set "$tmp/tree/$f" > "$tmp/sparse.after"
	if [ -n "$(comm -13 "$tmp/sparse.before" "$tmp/sparse.after")" ]; then
		echo "FAIL $name.patch: the fix adds sparse warnings"
		comm -13 "$tmp/sparse.before" "$tmp/sparse.after"
		continue
	fi
	echo "PASS $name.patch"
done
