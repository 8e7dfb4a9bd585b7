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
expect "clean file gives 0" 0 "" -- "$bin" foll_flags_ok.c
expect "missing path" 2 "nope.c: No such file" -- "$bin" nope.c
expect "no path" 2 "no PATH" -- "$bin"
expect "not a C file" 2 "not a C source file" -- "$bin" foll_force_pin.patch
expect "unknown option" 2 "" -- "$bin" --frobnicate foll_force_pin.c
expect "unknown format" 2 "unknown format" -- "$bin" --format=xml x.c
expect "an option without its argument" 2 "requires an argument" -- "$bin" x.c --format
expect "-j without a number" 2 "" -- "$bin" x.c -j
expect "unknown rule" 2 "unknown rule 'no-such'" -- "$bin" --rules=no-such x.c
expect "bad -j" 2 "-j needs a number" -- "$bin" -j 0 x.c
expect "--help" 0 "" -- "$bin" --help
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
# runs the checker as nobody then, or says why it cannot.
mkdir -p "$tmp/perm/file" "$tmp/perm/dir/locked"
cp foll_force_pin.c "$tmp/perm/file/"
cp foll_force_pin.c "$tmp/perm/file/closed.c"
cp foll_force_pin.c "$tmp/perm/dir/"
cp foll_force_pin.c "$tmp/perm/dir/locked/"
chmod 000 "$tmp/perm/file/closed.c" "$tmp/perm/dir/locked"
as=()
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	as=(setpriv --reuid=65534 --regid=65534 --clear-groups --)
	chmod 755 "$tmp"
fi
if [ "$(id -u)" = 0 ] && [ ${#as[@]} = 0 ]; then
	echo "SKIP cli: unreadable files: running as root, and no setpriv to drop it"
else
	expect "an unreadable file named" 2 "closed.c: Permission denied" -- \
		"${as[@]}" "$bin" "$tmp/perm/file/closed.c"
	expect "an unreadable file in a walk" 2 "closed.c: Permission denied" -- \
		"${as[@]}" "$bin" "$tmp/perm/file"
	"$bin" "$tmp/perm/file/foll_force_pin.c" > "$tmp/alone-perm"
	same_as_alone "an unreadable file" "$tmp/alone-perm"
	expect "an unreadable directory in a walk" 2 "locked: Permission denied" -- \
		"${as[@]}" "$bin" "$tmp/perm/dir"
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
cp foll_flags_ok.c "$tmp/links/in/"
expect "links out of a walked tree are not followed" 0 "" -- "$bin" "$tmp/links/in"
expect "a link named is followed" 1 "" -- "$bin" "$tmp/links/in/out.c"

# Text that is not what a C file usually is.
mkdir -p "$tmp/text"
printf '/* \xe9t\xe9 \xff\xfe Latin-1, not UTF-8 */\n' > "$tmp/text/latin1.c"
cat foll_force_branch.c >> "$tmp/text/latin1.c"
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
[ -s "$tmp/err" ] && { echo "FAIL cli: compdb response files: -v says"; cat "$tmp/err"; }
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
PY
then echo "PASS cli: json output"; else echo "FAIL cli: json output"; fi

# The proposed patch applies and re-checks clean.
mkdir -p "$tmp/p" && cp foll_force_branch.c "$tmp/p/"
(cd "$tmp/p" && { "$bin" --format=patch foll_force_branch.c > fix.patch; [ $? -eq 1 ]; } &&
 patch -p1 -s < fix.patch && "$bin" foll_force_branch.c >/dev/null)
[ $? -eq 0 ] && echo "PASS cli: --format=patch applies and fixes" ||
	echo "FAIL cli: --format=patch applies and fixes"

expect "--explain prints the rule's page" 0 "" -- "$bin" --explain=foll-force-pin
grep -q '^# foll-force-pin' "$tmp/out" && echo "PASS cli: --explain text" ||
	echo "FAIL cli: --explain text"
expect "--explain of no rule" 2 "no documentation for rule 'nope'" -- "$bin" --explain=nope

# Sharded runs merge into the whole run's result.
"$bin" --format=json foll_*.c > "$tmp/s1.json"
"$bin" --format=json vma_*.c release_*.c flags_*.c > "$tmp/s2.json"
"$bin" foll_*.c vma_*.c release_*.c flags_*.c > "$tmp/whole"
"$bin" --merge "$tmp/s2.json" "$tmp/s1.json" "$tmp/s1.json" > "$tmp/merged"
if diff -u "$tmp/whole" "$tmp/merged"; then
	echo "PASS cli: --merge of shards equals the whole run"
else
	echo "FAIL cli: --merge of shards equals the whole run"
fi
"$bin" --merge --format=json "$tmp/s1.json" "$tmp/s2.json" > "$tmp/m.json"
"$bin" --merge "$tmp/m.json" > "$tmp/merged2"
diff -q "$tmp/whole" "$tmp/merged2" >/dev/null &&
	echo "PASS cli: --merge output merges again" ||
	echo "FAIL cli: --merge output merges again"
echo '{"findings": [{"rule": 3}], "stats": {}}' > "$tmp/bad.json"
expect "--merge of foreign JSON" 2 "finding 0 is incomplete" -- "$bin" --merge "$tmp/bad.json"
expect "--merge of nothing" 2 "needs the JSON files" -- "$bin" --merge

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
"$bin" --format=json --file-timeout=0 --file-memory=0 *.c | grep -v '"seconds"' > "$tmp/b-none"
"$bin" --format=json --file-timeout=20 --file-memory=300 -j1 *.c | grep -v '"seconds"' > "$tmp/b-tight"
if cmp -s "$tmp/b-default" "$tmp/b-none" && cmp -s "$tmp/b-default" "$tmp/b-tight" &&
   [ "$(grep -c '"rule"' "$tmp/b-default")" -gt 20 ]; then
	echo "PASS cli: findings are the same with any budget they fit in"
else
	echo "FAIL cli: findings are the same with any budget they fit in"
	diff "$tmp/b-default" "$tmp/b-none" | head; diff "$tmp/b-default" "$tmp/b-tight" | head
fi
expect "bad --file-timeout" 2 "--file-timeout needs a number of seconds" -- "$bin" --file-timeout=1s x.c
expect "bad --file-memory" 2 "--file-memory needs a number of MiB" -- "$bin" --file-memory=-1 x.c
