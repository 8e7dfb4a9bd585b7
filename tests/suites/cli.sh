#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The command line as a contract: exit statuses, one-line errors for bad
# input, output formats.  Exit status 0: clean, 1: findings, 2: trouble.
set -u
cd "$TOP/tests/fixtures" || exit 2
bin=$GUP_POLICY
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect NAME STATUS LINES-ON-STDERR-PATTERN -- command...
expect() {
	local name=$1 want=$2 pat=$3
	shift 4
	timeout 60 "$@" > "$tmp/out" 2> "$tmp/err"
	local rc=$?
	if [ "$rc" != "$want" ]; then
		echo "FAIL cli: $name: exit $rc, want $want"
		head -5 "$tmp/err"
		return
	fi
	# One line saying what is wrong; usage errors add the --help hint.
	if [ -n "$pat" ] && { ! head -n 1 "$tmp/err" | grep -qE -- "$pat" ||
			      sed 1d "$tmp/err" | grep -qv "^Try '.* --help'"; }; then
		echo "FAIL cli: $name: stderr is not one line matching /$pat/"
		cat "$tmp/err"
		return
	fi
	echo "PASS cli: $name"
}

# same_as_alone NAME [REFERENCE]: stdout of the last expect is what the
# good file of the run prints when checked alone.
"$bin" foll_force_pin.c > "$tmp/alone"
same_as_alone() {
	if diff -u "${2:-$tmp/alone}" "$tmp/out"; then
		echo "PASS cli: $1: the other file is still checked"
	else
		echo "FAIL cli: $1: the other file is still checked"
	fi
}

expect "findings give 1" 1 "" -- "$bin" foll_force_pin.c
expect "clean file gives 0" 0 "" -- "$bin" foll_internal_ok.c
expect "missing path" 2 "nope.c: No such file" -- "$bin" nope.c
expect "no path" 2 "no PATH" -- "$bin"
expect "not a C file" 2 "not a C source file" -- "$bin" foll_force_pin.patch
expect "unknown option" 2 "" -- "$bin" --frobnicate foll_force_pin.c
expect "unknown format" 2 "unknown format" -- "$bin" --format=xml x.c
expect "an option without its argument" 2 "requires an argument" -- "$bin" x.c --format
expect "-j without a number" 2 "" -- "$bin" x.c -j
expect "unknown rule" 2 "unknown rule 'no-such'" -- "$bin" --rules=no-such x.c
expect "bad -j" 2 "-j needs a number" -- "$bin" -j 0 x.c
expect "--emit-patches without a directory" 2 "needs a directory" -- \
	"$bin" --emit-patches= foll_force_pin.c
expect "--diff with --merge" 2 "do not go together" -- "$bin" --diff=x.diff --merge a.json
expect "--emit-patches with --merge" 2 "does not go with --merge" -- \
	"$bin" --emit-patches=x --merge a.json
expect "--help" 0 "" -- "$bin" --help
expect "unknown confidence" 2 "unknown confidence 'sure' \\(high, medium, low\\)" -- \
	"$bin" --confidence=sure foll_force_pin.c
expect "--version" 0 "" -- "$bin" --version
expect "--rules selects" 0 "" -- "$bin" --rules=foll-literal foll_force_pin.c
expect "--disable removes" 0 "" -- "$bin" --disable=foll-force-pin foll_force_pin.c
expect "--severity=error hides warnings" 0 "" -- "$bin" --severity=error foll_force_pin.c

mkdir -p "$tmp/t/sub"
printf 'int x;\0binary' > "$tmp/t/bin.c"
expect "binary .c named on the command line" 2 "bin.c: binary data" -- "$bin" "$tmp/t/bin.c"
: > "$tmp/t/empty.c"
expect "empty file" 0 "" -- "$bin" "$tmp/t/empty.c"
ln -s loop1 "$tmp/t/loop2" && ln -s loop2 "$tmp/t/loop1"
ln -s .. "$tmp/t/sub/up"
expect "symlink loops inside a walk" 2 "bin.c: binary data" -- "$bin" "$tmp/t"
expect "symlink loop named" 2 "loop1: Too many levels of symbolic links" -- "$bin" "$tmp/t/loop1"
mkdir -p "$tmp/deep" && d="$tmp/deep" && for i in $(seq 1 200); do d="$d/d"; done
mkdir -p "$d" && cp foll_force_pin.c "$d/"
expect "directories nested too deep are refused, not skipped quietly" 2 "nested deeper than 64" -- "$bin" "$tmp/deep"
expect "a directory as a file" 2 "" -- "$bin" "$tmp/t/sub/up/sub/up/bin.c"

# Paths that are not C files, or not files at all.  Devices and FIFOs are
# never opened: /dev/zero would not end, a FIFO would block.
expect "/dev/null named" 2 "/dev/null: not a regular file" -- "$bin" /dev/null
expect "/dev/zero named" 2 "/dev/zero: not a regular file" -- "$bin" /dev/zero
mkdir -p "$tmp/odd/none/sub" "$tmp/fifo"
touch "$tmp/odd/none/sub/x.h" "$tmp/odd/none/README"
mkfifo "$tmp/fifo/pipe.c"
cp foll_force_pin.c "$tmp/fifo/"
expect "a FIFO named" 2 "pipe.c: not a regular file" -- "$bin" "$tmp/fifo/pipe.c"
expect "a FIFO met in a walk is reported, not opened" 2 "pipe.c: not a regular file, not checked" -- \
	"$bin" "$tmp/fifo"
"$bin" "$tmp/fifo/foll_force_pin.c" > "$tmp/alone-fifo"
same_as_alone "a FIFO met in a walk" "$tmp/alone-fifo"
expect "a directory without .c files" 2 "none: no .c files below it" -- "$bin" "$tmp/odd/none"
mkdir -p "$tmp/k/arch" "$tmp/k/include/linux" "$tmp/k/mm"
touch "$tmp/k/Kconfig" "$tmp/k/Makefile" "$tmp/k/include/linux/mm.h"
cp foll_force_pin.c "$tmp/k/mm/"
expect "a kernel tree's mm/ named says how to check it" 2 "mm: mm/ is GUP itself and left out \(--include-mm" -- \
	"$bin" "$tmp/k/mm"

# Unreadable files and directories.  root reads them anyway: the test
# runs the checker as nobody then, or says why it cannot.  nobody may not
# reach the clone (under /root, or any 0700 directory), so it runs a copy
# of the checker made where it can.
mkdir -p "$tmp/perm/file" "$tmp/perm/dir/locked"
cp foll_force_pin.c "$tmp/perm/file/"
cp foll_force_pin.c "$tmp/perm/file/closed.c"
cp foll_force_pin.c "$tmp/perm/dir/"
cp foll_force_pin.c "$tmp/perm/dir/locked/"
chmod 000 "$tmp/perm/file/closed.c" "$tmp/perm/dir/locked"
as=() pbin=$bin why=
if [ "$(id -u)" = 0 ] && ! command -v setpriv >/dev/null; then
	why="running as root, and no setpriv to drop it"
elif [ "$(id -u)" = 0 ]; then
	as=(setpriv --reuid=65534 --regid=65534 --clear-groups --)
	chmod 755 "$tmp"
	mkdir -p "$tmp/nobody/build"
	pbin=$tmp/nobody/$(basename "$bin")
	cp "$bin" "$pbin"
	core=$(dirname "$bin")/build/gup_policy-core
	[ -x "$core" ] && cp "$core" "$tmp/nobody/build/"
	if ! "${as[@]}" "$pbin" --version > /dev/null 2> "$tmp/err"; then
		why="nobody cannot run the checker copied to $tmp: $(head -1 "$tmp/err")"
	fi
fi
if [ -n "$why" ]; then
	echo "SKIP cli: unreadable files: $why"
else
	expect "an unreadable file named" 2 "closed.c: Permission denied" -- \
		"${as[@]}" "$pbin" "$tmp/perm/file/closed.c"
	expect "an unreadable file in a walk" 2 "closed.c: Permission denied" -- \
		"${as[@]}" "$pbin" "$tmp/perm/file"
	"$bin" "$tmp/perm/file/foll_force_pin.c" > "$tmp/alone-perm"
	same_as_alone "an unreadable file" "$tmp/alone-perm"
	expect "an unreadable directory in a walk" 2 "locked: Permission denied" -- \
		"${as[@]}" "$pbin" "$tmp/perm/dir"
	"$bin" "$tmp/perm/dir/foll_force_pin.c" > "$tmp/alone-perm"
	same_as_alone "an unreadable directory" "$tmp/alone-perm"
fi
chmod 755 "$tmp/perm/dir/locked"
chmod 700 "$tmp"

# Links: a walk does not follow them (inside or out of the tree); a link
# named on the command line is followed.
mkdir -p "$tmp/links/in"
ln -s "$TOP/tests/fixtures/foll_force_pin.c" "$tmp/links/in/out.c"
ln -s "$TOP/tests/fixtures" "$tmp/links/in/outdir"
cp foll_internal_ok.c "$tmp/links/in/"
expect "links out of a walked tree are not followed" 0 "" -- "$bin" "$tmp/links/in"
expect "a link named is followed" 1 "" -- "$bin" "$tmp/links/in/out.c"

# Text that is not what a C file usually is.
mkdir -p "$tmp/text"
printf '/* \xe9t\xe9 \xff\xfe Latin-1, not UTF-8 */\n' > "$tmp/text/latin1.c"
cat foll_force_pin_branch.c >> "$tmp/text/latin1.c"
sed -i 's|FOLL_WRITE \| FOLL_LONGTERM;|& /* for\xe7age */|' "$tmp/text/latin1.c"
(cd "$tmp/text" && "$bin" --format=patch latin1.c > fix.patch; [ $? = 1 ] &&
 LC_ALL=C grep -q "$(printf 'for\xe7age')" fix.patch && patch -p1 -s < fix.patch &&
 "$bin" latin1.c > /dev/null && LC_ALL=C grep -q "$(printf '\xe9t\xe9 \xff')" latin1.c)
[ $? = 0 ] && echo "PASS cli: non-UTF-8 text is checked and its patch applies byte for byte" ||
	echo "FAIL cli: non-UTF-8 text is checked and its patch applies byte for byte"
head -c 700 foll_force_pin.c > "$tmp/text/truncated.c"
# Deep nesting: libclang caps brackets at 256; chains have no brackets,
# and our walkers stop following them at a depth (else they took minutes
# or the stack).  Each must end well within its budget.
gup='int pin_user_pages_fast(unsigned long, int, unsigned int, void **);'
# calm WHAT LINES NAME...: each $tmp/text/NAME.c is checked within a
# 20 s budget, exit 0 or 1, nothing on stderr, at most LINES out.
calm() {
	local what=$1 max=$2 f start rc
	shift 2
	for f in "$@"; do
		start=$(date +%s)
		timeout 60 "$bin" --file-timeout=20 "$tmp/text/$f.c" > "$tmp/out" 2> "$tmp/err"
		rc=$?
		if [ "$rc" -le 1 ] && [ ! -s "$tmp/err" ] && [ "$(wc -l < "$tmp/out")" -le "$max" ]; then
			echo "PASS cli: $what: $f.c ($(($(date +%s) - start)) s)"
		else
			echo "FAIL cli: $what: $f.c (exit $rc, $(wc -l < "$tmp/out") lines out)"
			head -n 3 "$tmp/err"
		fi
	done
}
n=100000
open_=$(printf "%${n}s" '' | tr ' ' '(') close_=$(printf "%${n}s" '' | tr ' ' ')')
printf '%s\nint x = %s1%s;\nint f(void **p) { return pin_user_pages_fast(0, 1, x, p); }\n' \
	"$gup" "$open_" "$close_" > "$tmp/text/parens.c"
printf '%s\nvoid g(void) %s%s\n' "$gup" "$(echo "$open_" | tr '(' '{')" \
	"$(echo "$close_" | tr ')' '}')" > "$tmp/text/braces.c"
printf '%s\nvoid g(void) %s\n' "$gup" "$(echo "$open_" | tr '(' '{')" > "$tmp/text/braces_open.c"
printf '#define FOLL_WRITE %s1%s\n%s\n' "$open_" "$close_" "$gup" > "$tmp/text/foll_deep.c"
{
	echo "$gup"
	echo 'int f(void **p, int a) { unsigned int fl = 0;'
	echo 'if (a == 0) fl = 1;'
	for i in $(seq 1 5000); do echo "else if (a == $i) fl |= $((i % 8));"; done
	echo 'return pin_user_pages_fast(0, 1, fl, p); }'
} > "$tmp/text/elseif.c"
printf '%s\nint f(void **p) { return pin_user_pages_fast(0, 1, 1%s, p); }\n' \
	"$gup" "$(printf ' | 1%.0s' $(seq 1 5000))" > "$tmp/text/orchain.c"
printf '%s\nint f(void **p, int a) { unsigned int fl = 0;\n%s fl |= pin_user_pages_fast(0, 1, fl, p);\nreturn fl; }\n' \
	"$gup" "$(printf 'while (a) %.0s' $(seq 1 60))" > "$tmp/text/loops.c"
calm "cut off or deeply nested" 200 truncated parens braces braces_open \
	foll_deep elseif orchain loops
# 10 MB on one line: in a comment, in a string, and a line of
# suppression marks (each one scanned to the end of the line, once).
long() {	# long NAME BEFORE AFTER: 10 MB of "x" or marks between
	{
		echo "$gup"
		printf '%s' "$2"
		if [ "$1" = long_marks ]; then
			yes '/* gup_policy: ignore ' | tr -d '\n' | head -c $((10 << 20))
		else
			head -c $((10 << 20)) /dev/zero | tr '\0' x
		fi
		printf '%s\n' "$3"
		echo 'int f(void **p) { return pin_user_pages_fast(0, 1, 0, p); }'
	} > "$tmp/text/$1.c"
}
long long_comment '/* ' ' */'
long long_string 'const char *s = "' '";'
long long_marks '// ' ''
calm "a 10 MB line" 1 long_comment long_string long_marks

# Compile databases: malformed ones are refused, commands never run.
mkdir -p "$tmp/db"
echo '{"not": "an array"}' > "$tmp/db/compile_commands.json"
expect "compdb not an array" 2 "expected an array" -- "$bin" -p "$tmp/db" foll_force_pin.c
echo '[{"file": 3}]' > "$tmp/db/compile_commands.json"
expect "compdb wrong types" 2 "entry 0: needs string" -- "$bin" -p "$tmp/db" foll_force_pin.c
echo '[{"directory": "/", "file": "x.c", "command": "cc' > "$tmp/db/compile_commands.json"
expect "compdb truncated" 2 "not valid JSON" -- "$bin" -p "$tmp/db" foll_force_pin.c
expect "compdb missing" 2 "compile_commands.json: No such file" -- "$bin" -p "$tmp/nodb" foll_force_pin.c
echo '[1]' > "$tmp/db/compile_commands.json"
expect "compdb entry not an object" 2 "entry 0: needs string" -- "$bin" -p "$tmp/db" foll_force_pin.c
echo '[{"file": "x.c", "command": "cc x.c"}]' > "$tmp/db/compile_commands.json"
expect "compdb entry without a directory" 2 "entry 0: needs string \"directory\"" -- \
	"$bin" -p "$tmp/db" foll_force_pin.c
echo '[{"directory": "/", "file": "x.c", "arguments": ["cc", 3]}]' > "$tmp/db/compile_commands.json"
expect "compdb arguments of the wrong type" 2 "entry 0: \"arguments\" must be an array of strings" -- \
	"$bin" -p "$tmp/db" foll_force_pin.c
printf '%s' "$(printf '[%.0s' $(seq 1 100000))" > "$tmp/db/compile_commands.json"
expect "compdb nested 100000 deep" 2 "not valid JSON: nested too deeply" -- "$bin" -p "$tmp/db" foll_force_pin.c
echo '[{"directory": "/", "file": "x.c", "command": "cc \"unbalanced x.c"}]' > "$tmp/db/compile_commands.json"
expect "compdb command with unbalanced quotes" 2 "entry 0: unbalanced quotes" -- \
	"$bin" -p "$tmp/db" foll_force_pin.c
# Only options that change parsing are passed on: a response file is not
# expanded (it would add a missing header: a parse error under -v).
mkdir -p "$tmp/rsp" && cp foll_force_pin.c "$tmp/rsp/"
echo "-include $tmp/nonexistent.h" > "$tmp/rsp/args.rsp"
cat > "$tmp/rsp/compile_commands.json" <<JSON
[{"directory": "$tmp/rsp", "file": "foll_force_pin.c",
  "arguments": ["cc", "@args.rsp", "@$tmp/rsp/args.rsp", "-c", "foll_force_pin.c"]}]
JSON
expect "compdb response files are not read" 1 "" -- "$bin" -v -p "$tmp/rsp" "$tmp/rsp/foll_force_pin.c"
# -v says what came from the result cache, and its last line is the
# summary (0 with parse errors); nothing else.
grep -v -e ': result cache: ' \
	-e '^gup_policy: 1 file read, 1 checked (0 with parse errors)' "$tmp/err" |
	grep -q . && { echo "FAIL cli: compdb response files: -v says"; cat "$tmp/err"; }
# A forced include that never ends is stopped by the memory budget.
cat > "$tmp/rsp/compile_commands.json" <<JSON
[{"directory": "$tmp/rsp", "file": "foll_force_pin.c",
  "arguments": ["cc", "-include", "/dev/zero", "-c", "foll_force_pin.c"]}]
JSON
expect "compdb -include /dev/zero" 2 "foll_force_pin.c: over the 300 MiB memory budget" -- \
	"$bin" --file-memory=300 -p "$tmp/rsp" "$tmp/rsp/foll_force_pin.c"
cp foll_force_pin.c "$tmp/db/"
cat > "$tmp/db/compile_commands.json" <<JSON
[{"directory": "$tmp/db", "file": "foll_force_pin.c",
  "command": "gcc -c -fconserve-stack -mindirect-branch=thunk-extern -DX=1 \$(touch $tmp/pwned); touch $tmp/pwned2 \`touch $tmp/pwned3\` foll_force_pin.c"}]
JSON
expect "compdb gcc-only flags dropped" 1 "" -- "$bin" -p "$tmp/db" "$tmp/db/foll_force_pin.c"
if ls "$tmp"/pwned* >/dev/null 2>&1; then
	echo "FAIL cli: compdb command was run through a shell"
else
	echo "PASS cli: compdb command never run through a shell"
fi
expect "compdb with no PATH checks its files" 1 "" -- "$bin" -p "$tmp/db"

# JSON is valid and carries what the contract says.
"$bin" --format=json foll_force_pin.c > "$tmp/json"
if python3 - "$tmp/json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f = d["findings"][0]
assert d["tool"]["name"] == "gup_policy"
for k in ("rule", "severity", "confidence", "file", "line", "column",
          "function", "message", "gup_call", "related", "fix"):
    assert k in f, k
assert f["rule"] == "foll-force-pin" and f["function"] == "xdev_map_user"
assert f["gup_call"]["api"] == "pin_user_pages_fast"
assert f["fix"].startswith("--- a/foll_force_pin.c")
assert d["stats"]["files_parsed"] == 1
assert f["code"] == "pinned = pin_user_pages_fast(uaddr, npages,", f["code"]
assert len(f["fingerprint"]) == 16
src = open("foll_force_pin.c").read()
e = f["edits"][0]
assert src[e["offset"]:e["offset"] + e["length"]] == " | FOLL_FORCE", e
assert (e["char_offset"], e["char_length"], e["text"]) == (e["offset"], e["length"], "")
PY
then echo "PASS cli: json output"; else echo "FAIL cli: json output"; fi

# The proposed patch applies and re-checks clean.
mkdir -p "$tmp/p" && cp foll_force_pin_branch.c "$tmp/p/"
(cd "$tmp/p" && { "$bin" --format=patch foll_force_pin_branch.c > fix.patch; [ $? -eq 1 ]; } &&
 patch -p1 -s < fix.patch && "$bin" foll_force_pin_branch.c >/dev/null)
[ $? -eq 0 ] && echo "PASS cli: --format=patch applies and fixes" ||
	echo "FAIL cli: --format=patch applies and fixes"

expect "--explain prints the rule's page" 0 "" -- "$bin" --explain=foll-force-pin
grep -q '^# foll-force-pin' "$tmp/out" && echo "PASS cli: --explain text" ||
	echo "FAIL cli: --explain text"
expect "--explain of no rule" 2 "no documentation for rule 'nope'" -- "$bin" --explain=nope

# Sharded runs merge into the whole run's result.
"$bin" --format=json foll_*.c > "$tmp/s1.json"
"$bin" --format=json vma_*.c gup_*.c > "$tmp/s2.json"
"$bin" foll_*.c vma_*.c gup_*.c > "$tmp/whole"
"$bin" --merge "$tmp/s2.json" "$tmp/s1.json" "$tmp/s1.json" > "$tmp/merged"
# Each shard holds findings, so the merge has something to prove.
n1=$(grep -c '"rule"' "$tmp/s1.json")
n2=$(grep -c '"rule"' "$tmp/s2.json")
if [ "$n1" -gt 0 ] && [ "$n2" -gt 0 ] && grep -q ': warning: ' "$tmp/whole" &&
   diff -u "$tmp/whole" "$tmp/merged"; then
	echo "PASS cli: --merge of shards equals the whole run"
else
	echo "FAIL cli: --merge of shards equals the whole run"
fi
"$bin" --merge --format=json "$tmp/s1.json" "$tmp/s2.json" > "$tmp/m.json"
"$bin" --merge "$tmp/m.json" > "$tmp/merged2"
diff -q "$tmp/whole" "$tmp/merged2" >/dev/null &&
	echo "PASS cli: --merge output merges again" ||
	echo "FAIL cli: --merge output merges again"
# JSON merged once is the JSON of the run: code, fingerprints, edits kept.
"$bin" --merge --format=json "$tmp/s1.json" > "$tmp/m1.json"
diff <(grep -v '"seconds"' "$tmp/s1.json") <(grep -v '"seconds"' "$tmp/m1.json") >/dev/null &&
	echo "PASS cli: --merge --format=json keeps every field" ||
	echo "FAIL cli: --merge --format=json keeps every field"
echo '{"findings": [{"rule": 3}], "stats": {}}' > "$tmp/bad.json"
# --confidence: medium and low findings, from a run and through --merge.
"$bin" --format=json confidence_degraded.c foll_force_pin.c > "$tmp/conf.json"
count_conf() {	# count_conf OPTIONS...: findings shown
	"$@" | grep -c ': warning: \['
}
n_all=$(count_conf "$bin" confidence_degraded.c foll_force_pin.c)
n_med=$(count_conf "$bin" --confidence=medium confidence_degraded.c foll_force_pin.c)
n_high=$(count_conf "$bin" --confidence=high confidence_degraded.c foll_force_pin.c)
m_low=$(count_conf "$bin" --merge "$tmp/conf.json")
m_med=$(count_conf "$bin" --merge --confidence=medium "$tmp/conf.json")
m_high=$(count_conf "$bin" --merge --confidence=high "$tmp/conf.json")
if [ "$n_all $n_med $n_high" = "3 2 1" ] && [ "$m_low $m_med $m_high" = "3 2 1" ]; then
	echo "PASS cli: --confidence shows that level and surer, also with --merge"
else
	echo "FAIL cli: --confidence: run $n_all/$n_med/$n_high, merge $m_low/$m_med/$m_high (want 3/2/1)"
fi
if python3 - "$tmp/conf.json" <<'PY'
import json, sys
got = sorted((f["file"], f["line"], f["confidence"], f["confidence_reason"])
             for f in json.load(open(sys.argv[1]))["findings"])
parse = "the file parsed with errors, its AST may lack code"
assert got == [("confidence_degraded.c", 22, "medium", parse),
               ("confidence_degraded.c", 29, "low", parse + "; the evidence "
                "is followed into other functions"),
               ("foll_force_pin.c", 19, "high", None)], got
PY
then echo "PASS cli: json confidence and its reason"; else echo "FAIL cli: json confidence and its reason"; fi
"$bin" --merge --format=json "$tmp/conf.json" | grep -o '"confidence_reason": "[^"]*"' > "$tmp/m.reasons"
grep -o '"confidence_reason": "[^"]*"' "$tmp/conf.json" | cmp -s - "$tmp/m.reasons" &&
	echo "PASS cli: --merge keeps the confidence reasons" ||
	echo "FAIL cli: --merge keeps the confidence reasons"
expect "--merge of foreign JSON" 2 "finding 0 is incomplete" -- "$bin" --merge "$tmp/bad.json"
expect "--merge of nothing" 2 "needs the JSON files" -- "$bin" --merge

# SARIF: valid against the SARIF 2.1.0 schema (tests/sarif/, checked by
# jsonschema with URI formats), and carrying what code scanning reads.
validate=
for py in /usr/bin/python3 python3; do
	if "$py" "$TOP/tests/sarif/validate" 2>/dev/null; then
		validate="$py $TOP/tests/sarif/validate"
		break
	fi
done
sarif_ok() {	# sarif_ok NAME FILE...: schema-valid, else FAIL with the errors
	local name=$1
	shift
	if [ -z "$validate" ]; then
		echo "FAIL cli: $name: no SARIF validator (scripts/deps installs python3-jsonschema, python3-rfc3987)"
	elif $validate "$@" > "$tmp/verr" 2>&1; then
		echo "PASS cli: $name"
	else
		echo "FAIL cli: $name"
		head -20 "$tmp/verr"
	fi
}
# The validator itself rejects what it should (a live negative control).
echo '{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x",
  "informationUri": "no scheme"}}, "results": [{"message": {"text": "m"},
  "level": "bogus"}]}]}' > "$tmp/bad.sarif"
if [ -n "$validate" ] && ! $validate "$tmp/bad.sarif" > /dev/null 2>&1; then
	echo "PASS cli: the SARIF validator rejects an invalid log"
else
	echo "FAIL cli: the SARIF validator rejects an invalid log"
fi
expect "--format=sarif with a finding gives 1" 1 "" -- "$bin" --format=sarif foll_force_pin.c
cp "$tmp/out" "$tmp/one.sarif"
sarif_ok "sarif of foll_force_pin.c is valid" "$tmp/one.sarif"
"$bin" --list-rules | cut -d' ' -f1 > "$tmp/rules"
python3 - "$tmp/one.sarif" "$tmp/rules" <<'PY' && echo "PASS cli: sarif content" || echo "FAIL cli: sarif content"
import json, os, subprocess, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == "2.1.0" and "sarif-schema-2.1.0" in d["$schema"]
run, = d["runs"]
drv = run["tool"]["driver"]
assert drv["name"] == "gup_policy" and drv["version"]
rules = [r["id"] for r in drv["rules"]]
listed = open(sys.argv[2]).read().split()
assert rules == listed, (rules, listed)
for r in drv["rules"]:
    assert r["shortDescription"]["text"] and r["fullDescription"]["text"], r["id"]
    # help is the rule's page, where it has one (as --explain finds it)
    page = subprocess.run([os.environ["GUP_POLICY"], "--explain=" + r["id"]],
                          capture_output=True, text=True).stdout
    assert r.get("help", {}).get("markdown", "") == page, r["id"]
    assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert "helpUri" not in r
ffp = drv["rules"][rules.index("foll-force-pin")]
assert ffp["name"] == "FollForcePin"
assert ffp["fullDescription"]["text"].startswith("FOLL_FORCE in the flags of:\n\n- any `pin_user_pages*()`")
res, = run["results"]
assert res["ruleId"] == "foll-force-pin" and rules[res["ruleIndex"]] == "foll-force-pin"
assert res["level"] == "warning"
loc = res["locations"][0]
pl = loc["physicalLocation"]
assert pl["artifactLocation"] == {"uri": "foll_force_pin.c", "uriBaseId": "SRCROOT"}
assert pl["region"] == {"startLine": 19, "startColumn": 11}
assert loc["logicalLocations"] == [{"name": "xdev_map_user", "kind": "function"}]
rel, = res["relatedLocations"]
assert rel["id"] == 1 and rel["message"]["text"] == "FOLL_FORCE added here"
assert rel["physicalLocation"]["region"] == {"startLine": 20, "startColumn": 23}
assert len(res["partialFingerprints"]["gupPolicy/v1"]) == 16
fix, = res["fixes"]
assert fix["description"]["text"].startswith("--- a/foll_force_pin.c")
ch, = fix["artifactChanges"]
assert ch["artifactLocation"]["uri"] == "foll_force_pin.c"
# The replacements, applied to the file, give what the patch gives.
src = open("foll_force_pin.c").read()
for r in sorted(ch["replacements"], key=lambda r: -r["deletedRegion"]["charOffset"]):
    o, n = r["deletedRegion"]["charOffset"], r["deletedRegion"]["charLength"]
    src = src[:o] + r.get("insertedContent", {}).get("text", "") + src[o + n:]
assert "FOLL_WRITE | FOLL_LONGTERM,\n" in src and "FOLL_FORCE |" not in src
open(sys.argv[1] + ".fixed.c", "w").write(src)
inv, = run["invocations"]
assert inv["executionSuccessful"] is True and inv["toolExecutionNotifications"] == []
PY
mkdir -p "$tmp/sp" && cp foll_force_pin.c "$tmp/sp/" &&
	(cd "$tmp/sp" && patch -p1 -s < "$TOP/tests/fixtures/foll_force_pin.patch") &&
	cmp -s "$tmp/sp/foll_force_pin.c" "$tmp/one.sarif.fixed.c" &&
	echo "PASS cli: sarif replacements equal the patch" ||
	echo "FAIL cli: sarif replacements equal the patch"

# Every fixture at once, notes too, with --docs-url: each finding is a
# result, and each with a fix has SARIF fixes.
"$bin" --format=sarif --severity=note --docs-url=https://example.org/gup_policy/docs/ *.c > "$tmp/all.sarif"
"$bin" --format=json --severity=note *.c > "$tmp/all.json"
sarif_ok "sarif of every fixture is valid" "$tmp/all.sarif"
python3 - "$tmp/all.sarif" "$tmp/all.json" <<'PY' && echo "PASS cli: sarif of every fixture: results, fixes, helpUri" || echo "FAIL cli: sarif of every fixture: results, fixes, helpUri"
import json, sys
s = json.load(open(sys.argv[1]))["runs"][0]
j = json.load(open(sys.argv[2]))["findings"]
res = s["results"]
assert len(res) == len(j) > 20, (len(res), len(j))
for r, f in zip(res, j):
    assert r["ruleId"] == f["rule"] and r["message"]["text"] == f["message"]
    pl = r["locations"][0]["physicalLocation"]
    assert pl["artifactLocation"]["uri"] == f["file"]
    assert pl["region"]["startLine"] == f["line"]
    assert ("fixes" in r) == (f["fix"] is not None), f
    assert r["partialFingerprints"]["gupPolicy/v1"] == f["fingerprint"]
assert {r["level"] for r in res} == {"error", "warning", "note"}
drv = s["tool"]["driver"]
assert drv["informationUri"] == "https://example.org/gup_policy/docs"
assert drv["rules"][0]["helpUri"] == "https://example.org/gup_policy/docs/rules/%s.md" % drv["rules"][0]["id"]
PY
expect "--docs-url needs a URL" 2 "--docs-url needs an absolute URL" -- "$bin" --format=sarif --docs-url=docs x.c

# A file that cannot be checked is a notification; the run did not succeed.
printf 'int x;\0binary' > "$tmp/bin.c"
expect "--format=sarif with a failed file gives 2" 2 "bin.c: binary data" -- "$bin" --format=sarif foll_internal_ok.c "$tmp/bin.c"
cp "$tmp/out" "$tmp/fail.sarif"
sarif_ok "sarif with a failed file is valid" "$tmp/fail.sarif"
python3 - "$tmp/fail.sarif" "$tmp/bin.c" <<'PY' && echo "PASS cli: sarif notification for a failed file" || echo "FAIL cli: sarif notification for a failed file"
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
inv, = run["invocations"]
assert inv["executionSuccessful"] is False
n, = inv["toolExecutionNotifications"]
assert n["level"] == "error" and "binary data" in n["message"]["text"]
assert n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "file://" + sys.argv[2]
assert run["results"] == []
PY

# --merge renders SARIF too: the shards' SARIF equals the whole run's.
"$bin" --format=sarif foll_*.c vma_*.c gup_*.c > "$tmp/whole.sarif"
"$bin" --merge --format=sarif "$tmp/s2.json" "$tmp/s1.json" > "$tmp/merged.sarif"
sarif_ok "sarif of --merge is valid" "$tmp/merged.sarif"
python3 - "$tmp/whole.sarif" "$tmp/merged.sarif" <<'PY' && echo "PASS cli: --merge --format=sarif equals the whole run" || echo "FAIL cli: --merge --format=sarif equals the whole run"
import json, sys
a, b = (json.load(open(p))["runs"][0] for p in sys.argv[1:])
assert a["results"] == b["results"] and len(a["results"]) > 5
assert any("fixes" in r for r in b["results"])
assert a["tool"] == b["tool"] and a["invocations"] == b["invocations"]
PY

# Baselines: findings recorded once are not reported again, even moved;
# a new one is, alone; each recorded finding absorbs one current finding.
mkdir -p "$tmp/bl" && cp foll_force_pin.c "$tmp/bl/" && cd "$tmp/bl" || exit 2
expect "--write-baseline exits 0 and prints as usual" 0 "" -- "$bin" --write-baseline=base.json foll_force_pin.c
grep -q '^foll_force_pin.c:19:11: warning: \[foll-force-pin\]' "$tmp/out" &&
python3 - base.json <<'PY' && echo "PASS cli: baseline file" || echo "FAIL cli: baseline file"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["gup_policy_baseline"] == 1 and len(d["findings"]) == 1
e = d["findings"][0]
assert (e["rule"], e["file"], e["function"]) == ("foll-force-pin", "foll_force_pin.c", "xdev_map_user")
assert e["code"] == "pinned = pin_user_pages_fast(uaddr, npages," and e["line"] == 19
PY
sed -i '9a /* three lines above the finding */\n\nstruct other;' foll_force_pin.c
expect "--baseline: a moved finding is not new" 0 "" -- "$bin" --baseline=base.json foll_force_pin.c
[ ! -s "$tmp/out" ] && echo "PASS cli: --baseline prints nothing when nothing is new" ||
	{ echo "FAIL cli: --baseline prints nothing when nothing is new"; cat "$tmp/out"; }
cat >> foll_force_pin.c <<'C'
int xdev_map_again(unsigned long uaddr, struct page **pages)
{
	return pin_user_pages_fast(uaddr, 1, FOLL_FORCE, pages);
}
C
expect "--baseline: a new finding gives 1" 1 "" -- "$bin" --baseline=base.json foll_force_pin.c
[ "$(grep -c warning: "$tmp/out")" = 1 ] && grep -q '^foll_force_pin.c:43:9: warning: \[foll-force-pin\]' "$tmp/out" &&
	echo "PASS cli: --baseline reports exactly the new finding" ||
	{ echo "FAIL cli: --baseline reports exactly the new finding"; cat "$tmp/out"; }
"$bin" --baseline=base.json --format=patch foll_force_pin.c > new.patch
grep -q '^+	return pin_user_pages_fast(uaddr, 1, 0, pages);' new.patch && ! grep -q FOLL_WRITE new.patch &&
	echo "PASS cli: --baseline --format=patch fixes only the new finding" ||
	{ echo "FAIL cli: --baseline --format=patch fixes only the new finding"; cat new.patch; }
cat > twice.c <<'C'
#define FOLL_FORCE 0x10
struct page;
int pin_user_pages_fast(unsigned long, int, unsigned int, struct page **);
int twice(unsigned long a, struct page **p)
{
	int n;

	n = pin_user_pages_fast(a, 1, FOLL_FORCE, p);
	n = pin_user_pages_fast(a, 1, FOLL_FORCE, p);
	return n;
}
C
"$bin" --write-baseline=twice.json twice.c > /dev/null
sed -i 's/^\tn = pin.*/&\n&/' twice.c
sed -i '8d' twice.c
expect "--baseline is a multiset: the third identical call is new" 1 "" -- "$bin" --baseline=twice.json twice.c
[ "$(grep -c warning: "$tmp/out")" = 1 ] && echo "PASS cli: two recorded findings absorb two" ||
	{ echo "FAIL cli: two recorded findings absorb two"; cat "$tmp/out"; }
echo '{"gup_policy_baseline": 1, "findings": [{"rule": "foll-force-pin"}]}' > bad1.json
expect "--baseline with an incomplete entry" 2 "bad1.json: a finding lacks" -- "$bin" --baseline=bad1.json twice.c
echo '{"gup_policy_baseline": 1, "findings": [' > bad2.json
expect "--baseline of malformed JSON" 2 "bad2.json: not valid JSON" -- "$bin" --baseline=bad2.json twice.c
echo '{"findings": []}' > bad3.json
expect "--baseline of other JSON" 2 "bad3.json: not a gup_policy baseline" -- "$bin" --baseline=bad3.json twice.c
echo '{"gup_policy_baseline": 2, "findings": []}' > bad4.json
expect "--baseline of a later version" 2 "bad4.json: a baseline of an unknown version" -- "$bin" --baseline=bad4.json twice.c
expect "--baseline missing" 2 "nope.json: No such file" -- "$bin" --baseline=nope.json twice.c
expect "--write-baseline unwritable" 2 "cannot write the baseline" -- "$bin" --write-baseline="$tmp/no/such/dir.json" twice.c
"$bin" --format=json twice.c > twice-run.json
expect "--merge --baseline" 1 "" -- "$bin" --merge --baseline=twice.json twice-run.json
[ "$(grep -c warning: "$tmp/out")" = 1 ] && echo "PASS cli: --merge applies the baseline" ||
	echo "FAIL cli: --merge applies the baseline"
cd "$TOP/tests/fixtures" || exit 2

# Per-file budgets.  Files that make libclang slow, huge or crash, made
# here: 2^40 macro expansions (to nothing: time; to an initializer:
# memory), and a chain of 10000 unary minus signs, deeper than libclang's
# parser thread has stack for.  Each is stopped and reported in one line,
# exit 2, and the other file of the run is still checked and printed.
mkdir -p "$tmp/bomb"
bomb() {	# bomb NAME E0-BODY USE
	{
		echo 'int pin_user_pages_fast(unsigned long, int, unsigned int, void **);'
		echo "#define E0 $2"
		for i in $(seq 1 40); do echo "#define E$i E$((i - 1)) E$((i - 1))"; done
		echo "$3"
	} > "$tmp/bomb/$1.c"
}
bomb slow '' 'E40'
bomb huge '1,' 'int big[] = { E40 };'
{
	echo 'int pin_user_pages_fast(unsigned long, int, unsigned int, void **);'
	printf 'int x = %s1;\n' "$(printf '%10000s' '' | tr ' ' -)"
} > "$tmp/bomb/deep.c"
expect "--file-timeout stops a slow file" 2 "slow.c: over the 1 s time budget \(--file-timeout\)$" -- \
	"$bin" --file-timeout=1 "$tmp/bomb/slow.c" foll_force_pin.c
same_as_alone "--file-timeout"
expect "--file-memory stops a huge file" 2 "huge.c: over the 200 MiB memory budget \(--file-memory\)$" -- \
	"$bin" --file-memory=200 --file-timeout=50 "$tmp/bomb/huge.c" foll_force_pin.c
same_as_alone "--file-memory"
timeout 60 "$bin" "$tmp/bomb/deep.c" foll_force_pin.c > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ "$rc" -le 1 ] && [ ! -s "$tmp/err" ]; then
	echo "SKIP cli: a crash in a checker process: libclang no longer crashes on deep.c"
elif [ "$rc" = 2 ] && [ "$(wc -l < "$tmp/err")" = 1 ] &&
     grep -q 'deep.c: the checker crashed on it (signal 11, Segmentation fault)' "$tmp/err"; then
	echo "PASS cli: a crash in a checker process is one failed file"
	same_as_alone "a crash"
else
	echo "FAIL cli: a crash in a checker process is one failed file (exit $rc)"
	cat "$tmp/err"
fi
# A header that is a FIFO: libclang waits on it, using no CPU time.
mkfifo "$tmp/bomb/fifo.h"
printf '#include "fifo.h"\nint pin_user_pages_fast(void);\n' > "$tmp/bomb/fifo.c"
expect "a file waiting forever is stopped when it uses no CPU" 2 \
	"fifo.c: over the 1 s time budget: waited 1 s without using the CPU" -- \
	"$bin" --file-timeout=1 "$tmp/bomb/fifo.c"
# No checker process outlives the supervisor, which alone would stop it.
"$bin" --file-timeout=0 --file-memory=0 "$tmp/bomb/slow.c" > /dev/null 2>&1 &
sup=$!
sleep 1
kids=$(pgrep -P "$sup" | head -n 1)
kill -9 "$sup"
wait "$sup" 2>/dev/null
sleep 0.5
# Gone, or a zombie nobody reaps (pid 1 of a container may not).
alive=$(ps -o stat= -p "$kids" 2>/dev/null | grep -v '^Z')
if [ -n "$kids" ] && [ -z "$alive" ]; then
	echo "PASS cli: checker processes end with the supervisor"
else
	echo "FAIL cli: checker processes end with the supervisor (${kids:-none seen})"
	[ -n "$kids" ] && kill -9 $kids 2>/dev/null
fi
# Budgets change nothing for files within them.
"$bin" --format=json *.c | grep -v '"seconds"' > "$tmp/b-default"
# (--no-cache: each run parses, under its own budget)
"$bin" --format=json --no-cache --file-timeout=0 --file-memory=0 *.c | grep -v '"seconds"' > "$tmp/b-none"
"$bin" --format=json --no-cache --file-timeout=20 --file-memory=300 -j1 *.c | grep -v '"seconds"' > "$tmp/b-tight"
if cmp -s "$tmp/b-default" "$tmp/b-none" && cmp -s "$tmp/b-default" "$tmp/b-tight" &&
   [ "$(grep -c '"rule"' "$tmp/b-default")" -gt 20 ]; then
	echo "PASS cli: findings are the same with any budget they fit in"
else
	echo "FAIL cli: findings are the same with any budget they fit in"
	diff "$tmp/b-default" "$tmp/b-none" | head; diff "$tmp/b-default" "$tmp/b-tight" | head
fi
expect "bad --file-timeout" 2 "--file-timeout needs a number of seconds" -- "$bin" --file-timeout=1s x.c
expect "bad --file-memory" 2 "--file-memory needs a number of MiB" -- "$bin" --file-memory=-1 x.c
expect "bad --cache-size" 2 "--cache-size needs a number of MiB" -- "$bin" --cache-size=0 x.c
