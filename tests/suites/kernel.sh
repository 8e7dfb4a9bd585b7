#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Real trees: Debian's linux-source-6.1 and linux-source-6.12, unpacked
# once outside the repository (scripts/kernel-src) and audited whole.
# The findings, notes included, must be exactly
# tests/kernel/linux-VERSION.expected, each justified in
# docs/audits/linux-VERSION.md; the audit must not crash,
# and must leave the tree untouched (not even a timestamp).
set -u
cd "$TOP" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for v in 6.1 6.12; do
	if ! tree=$(scripts/kernel-src "$v"); then
		echo "FAIL linux-$v: could not install or unpack linux-source-$v"
		continue
	fi
	touch "$tmp/stamp"
	sleep 1
	start=$(date +%s)
	"$GUP_POLICY" -v --severity=note "$tree" > "$tmp/got" 2> "$tmp/err"
	rc=$?
	if [ "$rc" -gt 1 ]; then
		echo "FAIL linux-$v: exit status $rc"
		head -n 20 "$tmp/err"
		continue
	fi
	echo "PASS linux-$v: audited whole in $(($(date +%s) - start))s, exit $rc," \
	     "$(grep -c 'parsed with' "$tmp/err") files parsed with errors"

	if diff -u "tests/kernel/linux-$v.expected" "$tmp/got" > "$tmp/diff"; then
		echo "PASS linux-$v: findings as expected ($(grep -cE ': (warning|error|note): \[' "$tmp/got"))"
	else
		echo "FAIL linux-$v: findings differ from tests/kernel/linux-$v.expected"
		cat "$tmp/diff"
	fi

	# Every finding is justified in the audit document.
	missing=0
	while IFS= read -r loc; do
		grep -qF "$loc" "docs/audits/linux-$v.md" || {
			echo "  not in docs/audits/linux-$v.md: $loc"
			missing=1
		}
	done < <(grep -E ': (warning|error|note): \[' "$tmp/got" | cut -d: -f1,2 | sort -u)
	if [ "$missing" -eq 0 ]; then
		echo "PASS linux-$v: every finding is justified in docs/audits"
	else
		echo "FAIL linux-$v: findings without a justification"
	fi

	changed=$(find "$tree" -newer "$tmp/stamp" -print -quit)
	if [ -z "$changed" ]; then
		echo "PASS linux-$v: tree untouched"
	else
		echo "FAIL linux-$v: the audit wrote into the tree: $changed"
	fi
done
