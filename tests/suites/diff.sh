#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# --diff: patch linting with real git.  A scratch repository of fixtures
# gets commits; 'git diff', 'git diff --cached', 'git format-patch' and an
# mbox of a whole series must report the findings on the lines they add,
# never the ones already there, through renames and deletions; input that
# is not a diff, or a tree the diff does not lead to, is exit 2 with one
# line on stderr.
set -u
cd "$TOP" || exit 2
bin=$GUP_POLICY
fix=$TOP/tests/fixtures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v git > /dev/null || { echo "SKIP diff: no git"; exit 0; }

repo=$tmp/repo
git() { command git -C "$repo" -c user.name=T -c user.email=t@example.org \
	-c core.autocrlf=false -c diff.noprefix=false "$@"; }

# run NAME WANT-STATUS -- command...: status, stdout in $tmp/out
run() {
	local name=$1 want=$2
	shift 3
	(cd "$repo" && timeout 120 "$@") > "$tmp/out" 2> "$tmp/err"
	local rc=$?
	if [ "$rc" != "$want" ]; then
		echo "FAIL diff: $name: exit $rc, want $want"
		head -5 "$tmp/err" "$tmp/out"
		return 1
	fi
	return 0
}

# found NAME WANT: the file:line:rule of each finding equals WANT
found() {
	local got
	got=$(sed -n 's/^\([^:]*:[0-9]*\):[0-9]*: [a-z]*: \[\([a-z-]*\)\].*/\1 \2/p' \
		"$tmp/out" | tr '\n' ' ')
	if [ "$got" = "$2" ]; then
		echo "PASS diff: $1"
	else
		echo "FAIL diff: $1"
		echo "  got:  $got"
		echo "  want: $2"
	fi
}

# refused NAME PATTERN -- command...: exit 2, one line on stderr matching
# (usage errors add the --help hint)
refused() {
	local name=$1 pat=$2
	shift 3
	run "$name" 2 -- "$@" || return
	if [ "$(grep -vc "^Try '.* --help'" "$tmp/err")" -eq 1 ] &&
	   head -n 1 "$tmp/err" | grep -qE -- "$pat"; then
		echo "PASS diff: $name"
	else
		echo "FAIL diff: $name: stderr is not one line matching /$pat/"
		cat "$tmp/err"
	fi
}

line_of() { grep -n -- "$2" "$repo/$1" | tail -n 1 | cut -d: -f1; }

mkdir -p "$repo/drv"
command git init -q "$repo"
cp "$fix/foll_force_pin.c" "$repo/drv/a.c"	# a finding at line 19
cp "$fix/foll_literal.c" "$repo/drv/c.c"	# three findings
cp "$fix/foll_force_pin_branch.c" "$repo/drv/e.c"	# one finding
echo '# notes' > "$repo/README"
git add -A && git commit -qm base
base=$(git rev-parse HEAD)

# 1. A new bad call appended to a file with an old finding.
cat >> "$repo/drv/a.c" <<'EOF'

int xdev_map_more(unsigned long uaddr, int npages, struct page **pages)
{
	return pin_user_pages_fast(uaddr, npages, FOLL_FORCE, pages);
}
EOF
git diff > "$tmp/1.diff"
new=$(line_of drv/a.c 'npages, FOLL_FORCE, pages')
run "git diff" 1 -- "$bin" --diff="$tmp/1.diff" &&
	found "git diff: only the added line's finding" "drv/a.c:$new foll-force-pin "
run "git diff, tree named" 1 -- "$bin" --diff="$tmp/1.diff" "$repo" &&
	found "git diff with TREE given" "drv/a.c:$new foll-force-pin "
(cd "$repo" && "$bin" drv/a.c) | grep -c '\[foll-force-pin\]' > "$tmp/n"
[ "$(cat "$tmp/n")" = 2 ] && echo "PASS diff: the whole file has the old finding too" ||
	echo "FAIL diff: the whole file has the old finding too ($(cat "$tmp/n"))"
git add drv/a.c
run "git diff --cached on stdin" 1 -- sh -c "git diff --cached | '$bin' --diff=-" &&
	found "git diff --cached | --diff=-" "drv/a.c:$new foll-force-pin "
sed 's/$/\r/' "$tmp/1.diff" > "$tmp/1crlf.diff"
run "CRLF diff" 1 -- "$bin" --diff="$tmp/1crlf.diff" &&
	found "a diff with CRLF line ends" "drv/a.c:$new foll-force-pin "
run "--format=patch of a diff" 1 -- "$bin" --format=patch --diff="$tmp/1.diff"
if grep -q '^-.*npages, FOLL_FORCE, pages' "$tmp/out" &&
   ! grep -q '^-.*FOLL_WRITE | FOLL_FORCE | FOLL_LONGTERM' "$tmp/out"; then
	echo "PASS diff: --format=patch fixes the added lines only"
else
	echo "FAIL diff: --format=patch fixes the added lines only"
	cat "$tmp/out"
fi
git commit -qm "a: map more"

# 2. A change next to an old finding adds nothing to answer for.
sed -i 's/^\tint pinned;$/\tint pinned;\t\/* pages pinned *\//' "$repo/drv/a.c"
git diff > "$tmp/2.diff"
run "a clean change beside an old finding" 0 -- "$bin" --diff="$tmp/2.diff" &&
	found "a clean change reports nothing" ""
git commit -qam "a: comment"

# 3. A series: lines shift under later patches, a new file, a rename
#    with a change, a deletion.
sed -i '4a /*\n * Three lines more above everything.\n */' "$repo/drv/a.c"
cp "$fix/foll_internal_get.c" "$repo/drv/b.c"
git add -A && git commit -qm "a: header; b: new"
command git -C "$repo" mv drv/c.c drv/d.c
cat >> "$repo/drv/d.c" <<'EOF'

int sg_grab_more(unsigned long addr, struct page **page)
{
	return get_user_pages_fast(addr, 1, 1, page);
}
EOF
git add -A && git commit -qm "c: rename to d, grab more"
command git -C "$repo" rm -q drv/e.c
git commit -qm "e: remove"
git format-patch -q --stdout "$base"..HEAD > "$tmp/series.mbox"
git format-patch -q -o "$tmp/mails" "$base"..HEAD
grep -q '^rename from drv/c.c' "$tmp/series.mbox" &&
	echo "PASS diff: the series has a rename" ||
	echo "FAIL diff: the series has a rename"
a=$(line_of drv/a.c 'npages, FOLL_FORCE, pages')
b=$(line_of drv/b.c 'FOLL_GET | FOLL_WRITE')
d=$(line_of drv/d.c 'addr, 1, 1, page')
run "an mbox of the series" 1 -- "$bin" --diff="$tmp/series.mbox" &&
	found "mbox: added lines renumbered to the final tree, rename, new file, deletion" \
		"drv/a.c:$a foll-force-pin drv/b.c:$b foll-internal drv/d.c:$d foll-literal "
cat "$tmp"/mails/*.patch > "$tmp/cat.mbox"
run "format-patch files, concatenated" 1 -- "$bin" --diff="$tmp/cat.mbox" &&
	found "format-patch files concatenated" \
		"drv/a.c:$a foll-force-pin drv/b.c:$b foll-internal drv/d.c:$d foll-literal "
mail() { ls "$tmp"/mails/*-"$1".patch; }
run "one mail: the rename" 1 -- "$bin" --diff="$(mail c-rename-to-d-grab-more)" &&
	found "format-patch of a rename: the new name, the added line only" \
		"drv/d.c:$d foll-literal "
run "one mail: the deletion" 0 -- "$bin" --diff="$(mail e-remove)" &&
	found "format-patch of a deletion: the deleted file is not checked" ""
git diff -M "$base" HEAD > "$tmp/all.diff"
run "git diff of the whole series" 1 -- "$bin" --diff="$tmp/all.diff" &&
	found "git diff base..HEAD equals the mbox" \
		"drv/a.c:$a foll-force-pin drv/b.c:$b foll-internal drv/d.c:$d foll-literal "
command git -C "$repo" mv drv/d.c drv/f.c
git commit -qm "d: rename to f"
git format-patch -q -1 --stdout > "$tmp/pure.mbox"
run "a pure rename" 0 -- "$bin" --diff="$tmp/pure.mbox" &&
	found "a pure rename adds no line" ""

# 4. Input that is not a diff, or a tree the diff does not lead to.
refused "empty input" "empty input, not a diff" -- "$bin" --diff=/dev/null
printf 'hello\nworld\n' > "$tmp/text"
refused "random text" "text: not a diff" -- "$bin" --diff="$tmp/text"
gzip -c "$tmp/1.diff" > "$tmp/1.diff.gz"
refused "a binary file" "binary data, not a diff" -- "$bin" --diff="$tmp/1.diff.gz"
awk '/^@@ / { split($3, n, ","); $3 = n[1] "," n[2] - 1 } 1' "$tmp/1.diff" \
	> "$tmp/counts.diff"
refused "wrong hunk counts" "line [0-9]+: more added lines than the header of the hunk" -- \
	"$bin" --diff="$tmp/counts.diff"
head -n -2 "$tmp/1.diff" > "$tmp/trunc.diff"
refused "a truncated diff" "truncated diff" -- "$bin" --diff="$tmp/trunc.diff"
refused "a missing diff" "nope.diff: No such file" -- "$bin" --diff="$tmp/nope.diff"
refused "a directory as the diff" "Is a directory" -- "$bin" --diff="$tmp"
command git clone -q "$repo" "$tmp/old" && command git -C "$tmp/old" checkout -q "$base"
refused "a tree the diff does not lead to" "drv/a.c:[0-9]+: the diff adds a line .* does not hold" -- \
	"$bin" --diff="$tmp/series.mbox" "$tmp/old"
refused "two trees" "one TREE" -- "$bin" --diff="$tmp/1.diff" . .
refused "a file as the tree" "not a directory" -- "$bin" --diff="$tmp/1.diff" drv/a.c

# 5. The hooks of docs/integrations.md, in a real commit and push.
cat > "$repo/.git/hooks/pre-commit" <<HOOK
#!/bin/sh
git -c diff.noprefix=false -c diff.mnemonicPrefix=false \\
    diff --cached --no-color --no-ext-diff -M | "$bin" --diff=-
HOOK
chmod +x "$repo/.git/hooks/pre-commit"
command git -C "$repo" config diff.noprefix true	# the hook must not care
echo '/* a comment */' >> "$repo/drv/a.c"
git add drv/a.c
if git commit -qm "a: comment" > "$tmp/hook.out" 2>&1; then
	echo "PASS diff: pre-commit hook lets a clean commit through"
else
	echo "FAIL diff: pre-commit hook lets a clean commit through"
	cat "$tmp/hook.out"
fi
printf 'int more(unsigned long a, struct page **p)\n{\n\treturn pin_user_pages_fast(a, 1, FOLL_FORCE, p);\n}\n' \
	>> "$repo/drv/a.c"
git add drv/a.c
if ! git commit -qm "a: force" > "$tmp/hook.out" 2>&1 &&
   grep -q '\[foll-force-pin\]' "$tmp/hook.out"; then
	echo "PASS diff: pre-commit hook refuses a commit adding a finding"
else
	echo "FAIL diff: pre-commit hook refuses a commit adding a finding"
	cat "$tmp/hook.out"
fi
command git -C "$repo" config --unset diff.noprefix
git commit -q --no-verify -m "a: force"

command git init -q --bare "$tmp/remote.git"
git push -q "$tmp/remote.git" HEAD~1:refs/heads/master 2> /dev/null
git update-ref refs/remotes/origin/master HEAD~1
cat > "$repo/.git/hooks/pre-push" <<HOOK
#!/bin/sh
zero=0000000000000000000000000000000000000000
while read lref lsha rref rsha; do
    [ "\$lsha" = "\$zero" ] && continue
    [ "\$lsha" = "\$(git rev-parse HEAD)" ] || continue
    if [ "\$rsha" = "\$zero" ]; then
        from=\$(git merge-base HEAD "\${GUP_POLICY_BASE:-origin/master}") || exit 1
    else
        from=\$rsha
    fi
    git format-patch --stdout "\$from..\$lsha" | "$bin" --diff=- || exit 1
done
HOOK
chmod +x "$repo/.git/hooks/pre-push"
if ! git push -q "$tmp/remote.git" HEAD:refs/heads/master > "$tmp/hook.out" 2>&1 &&
   grep -q '\[foll-force-pin\]' "$tmp/hook.out"; then
	echo "PASS diff: pre-push hook refuses a push adding a finding"
else
	echo "FAIL diff: pre-push hook refuses a push adding a finding"
	cat "$tmp/hook.out"
fi

# 6. A real kernel tree as TREE: a patch whose post-image is Debian's 6.1
#    io_uring/rsrc.c (the pre-image lacks the start of the VMA check).
tree=$(scripts/kernel-src 6.1) || { echo "SKIP diff: no 6.1 tree"; exit 0; }
mkdir -p "$tmp/k/a/io_uring" "$tmp/k/b/io_uring" "$tmp/k/a/mm" "$tmp/k/b/mm"
sed '1013,1016d' "$tree/io_uring/rsrc.c" > "$tmp/k/a/io_uring/rsrc.c"
cp "$tree/io_uring/rsrc.c" "$tmp/k/b/io_uring/rsrc.c"
sed '100d' "$tree/mm/gup.c" > "$tmp/k/a/mm/gup.c"
cp "$tree/mm/gup.c" "$tmp/k/b/mm/gup.c"
(cd "$tmp/k" && diff -ruN a b) > "$tmp/k.diff"
touch "$tmp/stamp"
run "6.1: diff -ruN against the real tree" 1 -- "$bin" --diff="$tmp/k.diff" "$tree" &&
	found "6.1: the VMA check the patch adds is reported" \
		"io_uring/rsrc.c:1013 vma-filter "
"$bin" --format=json --diff="$tmp/k.diff" "$tree" 2>/dev/null |
	grep -q '"files_seen": 1,' && echo "PASS diff: 6.1: mm/ is GUP itself, not checked" ||
	echo "FAIL diff: 6.1: mm/ is GUP itself, not checked"
[ -z "$(find "$tree" -newer "$tmp/stamp" -print -quit)" ] &&
	echo "PASS diff: 6.1: the tree is only read" ||
	echo "FAIL diff: 6.1: the tree is only read"
