#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The --html report, read by a real browser (Debian's chromium, headless:
# --dump-dom gives the DOM after report.js ran), checked against the JSON
# of the same run (tests/html/check.py), validated with HTML Tidy; and
# the status line and summary on a terminal (script(1) gives a pty) and
# their absence everywhere else.
set -u
cd "$TOP/tests/fixtures" || exit 2
bin=$GUP_POLICY
check="python3 $TOP/tests/html/check.py"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { echo "PASS html: $1"; }
failed() { echo "FAIL html: $1"; }
verdict() {	# verdict NAME STATUS
	if [ "$2" -eq 0 ]; then pass "$1"; else failed "$1"; fi
}

# The rendered DOM of a page, as chromium has it after its scripts ran.
dom() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu \
		--no-first-run --disable-background-networking \
		--disable-component-update --disable-sync \
		--user-data-dir="$(mktemp -d -p "$tmp")" --dump-dom "$1" \
		2> "$tmp/chromium.log"
}

have_chromium=true
command -v chromium > /dev/null || have_chromium=false

# A run over every fixture: the text on stdout, the report beside it.
"$bin" --severity=note --format=json --html="$tmp/r" . > "$tmp/all.json" \
	2> "$tmp/err"
rc=$?
pages=$(ls "$tmp/r" | grep -c '^finding-[0-9]*\.html$')
nfind=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$tmp/all.json")
if [ "$rc" -eq 1 ] && [ -s "$tmp/r/index.html" ] && [ "$pages" -eq "$nfind" ] &&
   [ "$nfind" -gt 20 ] && [ ! -s "$tmp/err" ]; then
	pass "--html beside --format=json: one page per finding ($pages)"
else
	failed "--html beside --format=json: exit $rc, $pages pages, $nfind findings"
	cat "$tmp/err"
fi

# Valid HTML: Debian's tidy (HTML Tidy 5, HTML5), no error, no warning.
if command -v tidy > /dev/null; then
	bad=0
	for f in "$tmp"/r/*.html; do
		if ! tidy -q -e "$f" > "$tmp/tidy" 2>&1; then
			echo "$(basename "$f"):"; head -5 "$tmp/tidy"; bad=1
		fi
	done
	verdict "every page is valid HTML (tidy -e: no error or warning)" $bad
else
	echo "SKIP html: validity: tidy is not installed (scripts/deps)"
fi

# Relative links only, each leading to a file (and an element) of the
# report; the copy elsewhere reads the same.
$check links "$tmp/r"
verdict "links are relative and resolve" $?
cp -r "$tmp/r" "$tmp/copied"
rm -rf "$tmp/r.moved" && mv "$tmp/r" "$tmp/r.moved"
if grep -qE '(src|href)="(https?:|//|file:|/)' "$tmp"/copied/*.html; then
	failed "nothing is fetched from elsewhere"
else
	pass "nothing is fetched from elsewhere"
fi

if $have_chromium; then
	dom "file://$tmp/copied/index.html" > "$tmp/index.dom"
	$check index "$tmp/index.dom" "$tmp/all.json"
	verdict "chromium: the index (copied elsewhere) lists every finding" $?
	grep -q '<form id="filters">' "$tmp/index.dom"
	verdict "chromium: report.js ran (the filters are shown)" $?
	dom "file://$tmp/copied/index.html?rule=foll-literal" > "$tmp/lit.dom"
	$check index "$tmp/lit.dom" "$tmp/all.json" foll-literal
	verdict "chromium: the rule filter shows that rule's findings only" $?

	# Pages of findings with steps in another function, a fix, none.
	for want in 'vma_filter_helper.c:26 vma-filter' \
		    'foll_force_pin_helper.c:16 foll-force-pin' \
		    'gup_release_mismatch_helper.c: gup-release-mismatch'; do
		n=$(python3 -c '
import json, sys
file, rule = sys.argv[2].split()
for i, f in enumerate(json.load(open(sys.argv[1]))["findings"]):
    if ("%s:%d" % (f["file"], f["line"])).startswith(file) and \
       f["rule"] == rule and f["related"]:
        print(i + 1); break' "$tmp/all.json" "$want")
		if [ -z "$n" ]; then
			failed "chromium: page of $want: no such finding"
			continue
		fi
		dom "file://$tmp/copied/finding-$n.html" > "$tmp/page.dom"
		"$bin" --explain="${want#* }" > "$tmp/explain"
		$check page "$tmp/page.dom" "$tmp/all.json" "$n" "$tmp/explain"
		verdict "chromium: $want: steps on their lines, source, rule, patch" $?
	done

	# Source text that is markup stays text.
	cd "$TOP" || exit 2
	"$bin" --severity=note --format=json --html="$tmp/s" \
		tests/html/script_in_source.c > "$tmp/s.json" 2> /dev/null
	for n in 1 2; do
		dom "file://$tmp/s/finding-$n.html" > "$tmp/s$n.dom"
		$check page "$tmp/s$n.dom" "$tmp/s.json" $n
		verdict "chromium: markup in source and message is text (page $n)" $?
	done
	grep -q "&lt;script&gt;document.title=" "$tmp/s1.dom" &&
		! grep -q "<title>pwned" "$tmp/s1.dom"
	verdict "chromium: a <script> in a source line is shown, not run" $?
	cd "$TOP/tests/fixtures" || exit 2
else
	echo "SKIP html: chromium is not installed (scripts/deps)"
fi

# The function's lines in JSON, and through --merge.
python3 -c '
import json, sys
for f in json.load(open(sys.argv[1]))["findings"]:
    fl = f["function_lines"]
    if f["function"] and not (fl and fl["start"] <= f["line"] <= fl["end"]):
        sys.exit("%s:%d: function_lines %s" % (f["file"], f["line"], fl))' \
	"$tmp/all.json"
verdict "JSON: function_lines holds each finding" $?
"$bin" --merge --severity=note --format=json "$tmp/all.json" > "$tmp/merged.json"
python3 -c '
import json, sys
a, b = (json.load(open(p))["findings"] for p in sys.argv[1:3])
sys.exit([f["function_lines"] for f in a] != [f["function_lines"] for f in b])' \
	"$tmp/all.json" "$tmp/merged.json"
verdict "JSON: function_lines survives --merge" $?

# Bad --html: one line, exit 2.
: > "$tmp/file"
"$bin" --html="$tmp/file/r" foll_force_pin.c > /dev/null 2> "$tmp/err"
rc=$?
[ "$rc" -eq 2 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] &&
	grep -q "Not a directory" "$tmp/err"
verdict "--html into a file: one line, exit 2" $?
"$bin" --html= foll_force_pin.c > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q "needs a directory" "$tmp/err"
verdict "--html= is a usage error" $?
"$bin" --merge --html="$tmp/m" "$tmp/all.json" > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q "does not go with --merge" "$tmp/err"
verdict "--html with --merge is refused" $?

# A report rewritten with fewer findings keeps no page of the old one.
"$bin" --html="$tmp/copied" foll_force_pin.c > /dev/null 2>&1
n=$(ls "$tmp/copied" | grep -c '^finding-')
want=$("$bin" foll_force_pin.c | grep -c ': warning: ')
[ "$n" -eq "$want" ]
verdict "a rewritten report has no stale pages ($n)" $?

# The status line and the summary.  A header that is a FIFO holds one
# file for the --file-timeout, so the line has time to show.
mkdir -p "$tmp/slow" && mkfifo "$tmp/slow/slow.h"
{ echo '#include "slow.h"'; cat foll_force_pin.c; } > "$tmp/slow/a.c"
cp foll_literal.c "$tmp/slow/b.c"
cd "$tmp/slow" || exit 2
slow=("$bin" --file-timeout=2 a.c b.c)
if command -v script > /dev/null; then
	script -qec "${slow[*]}" /dev/null > "$tmp/pty" 2>&1
	grep -q $'\rgup_policy: checking 1 of 2 files that call GUP \[[0-9]* s\]' "$tmp/pty"
	verdict "terminal: a status line while checking" $?
	grep -qE '^gup_policy: 2 files read, 1 checked \(0 with parse errors, 1 failed\); 0 errors, 3 warnings; [0-9.]+ s' "$tmp/pty"
	verdict "terminal: the summary is the last line" $?
	python3 -c '
import sys
bad = 0
for l in open(sys.argv[1], encoding="utf-8", newline="").read().split("\n"):
    if ": warning: [" in l or ": note: " in l:
        # What is left on screen: after the last carriage return.
        shown = l.rstrip("\r").split("\r")[-1].replace("\x1b[K", "")
        if not shown.startswith("b.c:"):
            print(repr(l)); bad = 1
sys.exit(bad)' "$tmp/pty"
	verdict "terminal: findings never share a line with the status" $?
	# The line is cut to the terminal's width (one column spare).
	script -qec "stty cols 30; ${slow[*]}" /dev/null > "$tmp/pty30" 2>&1
	python3 -c '
import sys
s = open(sys.argv[1], encoding="utf-8", newline="").read().replace("\x1b[K", "")
status = [p for p in s.split("\r") if p.startswith("gup_policy: check")]
sys.exit(not status or max(len(p) for p in status) != 29)' "$tmp/pty30"
	verdict "terminal: the status line is cut to the terminal's width" $?
	script -qec "${slow[*]} --quiet" /dev/null > "$tmp/pty" 2>&1
	! grep -qE 'checking|files read' "$tmp/pty" && grep -q 'b.c:17:9' "$tmp/pty"
	verdict "terminal: --quiet has no status line and no summary" $?
else
	echo "SKIP html: terminal: script(1) is not installed"
fi
"${slow[@]}" > "$tmp/out" 2> "$tmp/err"
[ "$(cat "$tmp/err")" = "gup_policy: a.c: over the 2 s time budget: waited 2 s without using the CPU (--file-timeout)" ] &&
	! grep -q $'\r' "$tmp/out"
verdict "not a terminal: nothing but the failure on stderr" $?
"$bin" -v b.c > /dev/null 2> "$tmp/err"
grep -qE '^gup_policy: 1 file read, 1 checked \(0 with parse errors\); 0 errors, 3 warnings; [0-9.]+ s$' "$tmp/err" &&
	[ "$(grep -vc ': result cache: ' "$tmp/err")" -eq 1 ]
verdict "-v: the summary, terminal or not" $?
