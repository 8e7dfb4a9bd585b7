#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Cross-references: what the rule list, the docs and the comments name
# must exist.  For every id of --list-rules: its page docs/rules/ID.md,
# a firing fixture tests/fixtures/ID[_*].c (dashes as underscores) whose
# expectation names [ID], a quiet one ID_*_ok.c whose expectation does
# not, and its words for --emit-patches mails in checker/mail_text.c
# unless it never proposes a fix (listed below, with why).  Every
# checker file that docs/ and the checker's comments name must exist,
# every "function() in file.c" pointer must lead to a file that defines
# that function, and docs/design.md must place every checker source.
set -u
cd "$TOP" || exit 2

# Rules that never carry a fix, so never make a mail.
declare -A nomail=(
	[foll-longterm-p2pdma]="which flag goes depends on the use"
	[vma-fallback]="a note about failure-path code, nothing to change"
	[vmas-array]="a note; the vmas argument is removed by vma-filter's fix"
	[suppression]="about a comment, not about GUP"
	[foll-compat-ifdef]="the fix is in the module's compat header, per kernel version"
)

# The expected-output block of a fixture.
expectation() {
	sed -n '/check-output-start/,/check-output-end/p' "$1"
}

check_rule() {
	local id=$1 base=${1//-/_} fired=() quiet=() f

	[ -f "docs/rules/$id.md" ] || echo "FAIL xref $id: no docs/rules/$id.md"
	for f in tests/fixtures/"$base".c tests/fixtures/"$base"_*.c; do
		[ -f "$f" ] || continue
		case $f in
		*_ok.c)
			expectation "$f" | grep -qF "[$id]" &&
				echo "FAIL xref $id: quiet fixture $f reports it"
			quiet+=("$f") ;;
		*)
			expectation "$f" | grep -qF "[$id]" && fired+=("$f") ;;
		esac
	done
	[ ${#fired[@]} -gt 0 ] ||
		echo "FAIL xref $id: no fixture tests/fixtures/${base}_*.c reports it"
	[ ${#quiet[@]} -gt 0 ] ||
		echo "FAIL xref $id: no quiet fixture tests/fixtures/${base}_*_ok.c"
	if [ -z "${nomail[$id]:-}" ] &&
	   ! grep -qF "{ \"$id\"" checker/mail_text.c &&
	   ! grep -qE "^[[:space:]]*\"$id\",\$" checker/mail_text.c; then
		echo "FAIL xref $id: no mail wording in checker/mail_text.c"
	fi
	echo "PASS xref $id"
}

rules=$("$GUP_POLICY" --list-rules | awk '{ print $1 }')
[ -n "$rules" ] || { echo "FAIL xref: --list-rules printed nothing"; exit 0; }
for id in $rules; do
	check_rule "$id"
done | awk '
	/^FAIL xref / { split($3, a, ":"); bad[a[1]] = 1; print; next }
	/^PASS xref / { if (!bad[$3]) print; next }
	{ print }'

# Every rule page belongs to a rule (suppression.md is the mechanism's).
for page in docs/rules/*.md; do
	id=$(basename "$page" .md)
	grep -qx "$id" <<< "$rules" || [ "$id" = suppression ] ||
		echo "FAIL xref page $page: no such rule"
done
echo "PASS xref pages"

# The module table of docs/design.md covers every checker source.
bad=0
for f in checker/*.c; do
	grep -qF "\`$(basename "$f")\`" docs/design.md && continue
	echo "FAIL xref design: docs/design.md does not place $f"
	bad=1
done
[ $bad = 0 ] && echo "PASS xref design covers checker/"

# Sources to search for pointers: the docs and the checker's comments
# (strings and code do not point anywhere).
texts=$(ls README.md docs/*.md docs/rules/*.md checker/*.[ch] tests/suites/*.sh |
	grep -v '^tests/suites/xref.sh$')

defines() {	# defines FILE FUNC: FILE defines FUNC (or a macro of that name)
	grep -qE "^([a-z].*[ *])?$2\(|^#define $2\b" "$1"
}

# "checker/NAME.c": the file exists.
bad=0
while IFS=: read -r src name; do
	[ -f "$name" ] && continue
	echo "FAIL xref file: $src names $name, which does not exist"
	bad=1
done < <(grep -oE 'checker/[a-z0-9_]+\.[ch]\b' $texts | sort -u)
[ $bad = 0 ] && echo "PASS xref checker files"

# "func() in file.c" or "`func()` in `checker/file.c`": defined there.
bad=0
while IFS=$'\t' read -r src fn file; do
	path=checker/${file#checker/}
	if [ ! -f "$path" ]; then
		echo "FAIL xref pointer: $src: $fn() in $file: no such file"
		bad=1
	elif ! defines "$path" "$fn"; then
		echo "FAIL xref pointer: $src: $fn() is not defined in $path"
		bad=1
	fi
done < <(grep -oE '`?[a-z_][a-z0-9_]*\(\)`?( \([^)]*\))? in `?(checker/)?[a-z0-9_]+\.c\b' $texts |
	 sed -E 's/^([^:]*):`?([a-z0-9_]+)\(\).* in `?([a-z0-9_/]+\.c)$/\1\t\2\t\3/' |
	 sort -u)
[ $bad = 0 ] && echo "PASS xref function pointers"

# The checker row of each rule page: each function it names is defined
# in one of the checker files the row names.
bad=0
for page in docs/rules/*.md; do
	row=$(grep -m1 '^| checker |' "$page") || continue
	files=$(grep -oE 'checker/[a-z0-9_]+\.c' <<< "$row")
	for fn in $(grep -oE '`[a-z_][a-z0-9_]*\(\)' <<< "$row" | tr -d '`()'); do
		ok=0
		for f in $files; do
			[ -f "$f" ] && defines "$f" "$fn" && ok=1
		done
		[ $ok = 1 ] && continue
		echo "FAIL xref page $page: $fn() is in none of" $files
		bad=1
	done
done
[ $bad = 0 ] && echo "PASS xref rule pages' checker rows"
exit 0
