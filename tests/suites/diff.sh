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

# 6. What a patch causes: a flag added to a variable several lines above
#    an untouched call makes the call's finding the patch's, and a note
#    names the added line; lines added beside an old finding do not.
crepo=$tmp/cause
mkdir -p "$crepo/drv"
command git init -q "$crepo"
cat > "$crepo/drv/g.c" <<'EOF'
#define FOLL_WRITE	0x01
#define FOLL_FORCE	0x10
#define FOLL_LONGTERM	0x10000

struct page;

int pin_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages);
void unpin_user_pages(struct page **pages, unsigned long npages);

int buf_pin(unsigned long uaddr, int npages, int writable,
	    struct page **pages)
{
	unsigned int gup_flags = FOLL_LONGTERM;
	int pinned;

	if (writable)
		gup_flags |= FOLL_WRITE;

	if (npages > 512)
		return -22;
	pinned = pin_user_pages_fast(uaddr, npages, gup_flags, pages);
	if (pinned != npages) {
		if (pinned > 0)
			unpin_user_pages(pages, pinned);
		return -14;
	}
	return 0;
}
EOF
cgit() { command git -C "$crepo" -c user.name=T -c user.email=t@example.org "$@"; }
cgit add -A && cgit commit -qm base
sed -i 's/gup_flags = FOLL_LONGTERM;/gup_flags = FOLL_LONGTERM | FOLL_FORCE;/' "$crepo/drv/g.c"
cgit diff > "$tmp/cause.diff"
call=$(grep -n 'pinned = pin_user_pages_fast' "$crepo/drv/g.c" | cut -d: -f1)
force=$(grep -n 'FOLL_LONGTERM | FOLL_FORCE' "$crepo/drv/g.c" | cut -d: -f1)
if [ -n "$call" ] && [ -n "$force" ] && [ "$((call - force))" -ge 4 ] &&
   ! grep -q "^+.*pin_user_pages_fast" "$tmp/cause.diff"; then
	echo "PASS diff: the patch adds FOLL_FORCE $((call - force)) lines above a call it does not touch"
else
	echo "FAIL diff: the cause patch is not what the test needs"
fi
# inout NAME PATTERN: $tmp/out holds a line matching PATTERN
inout() {
	if grep -qE -- "$2" "$tmp/out"; then
		echo "PASS diff: $1"
	else
		echo "FAIL diff: $1"
		cat "$tmp/out"
	fi
}
(cd "$crepo" && timeout 120 "$bin" --diff="$tmp/cause.diff") > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ "$rc" = 1 ]; then
	found "a flag added above an untouched call is the patch's" \
		"drv/g.c:$call foll-force-pin "
else
	echo "FAIL diff: a flag added above an untouched call: exit $rc"
fi
inout "the note names the added line that makes it the patch's" \
	"^drv/g.c:$force:[0-9]+: note: the patch adds this line"
(cd "$crepo" && "$bin" --format=json --diff="$tmp/cause.diff") > "$tmp/out" 2>&1
inout "json: patch_line is the added line" "\"patch_line\": $force, \"patch_column\": "
(cd "$crepo" && "$bin" --format=sarif --diff="$tmp/cause.diff") > "$tmp/out" 2>&1
inout "sarif: patchRegion is the added line" "\"patchRegion\": [{]\"startLine\": $force,"
(cd "$crepo" && "$bin" drv/g.c) > "$tmp/out" 2>&1
if grep -q "note: the patch adds" "$tmp/out" || ! grep -q "foll-force-pin" "$tmp/out"; then
	echo "FAIL diff: without --diff, the finding and no patch note"
else
	echo "PASS diff: without --diff, the finding and no patch note"
fi
(cd "$crepo" && "$bin" --format=patch --diff="$tmp/cause.diff") > "$tmp/out" 2>&1
inout "--format=patch: the fix removes the flag the patch adds" \
	"^-.*gup_flags = FOLL_LONGTERM [|] FOLL_FORCE;"
(cd "$crepo" && "$bin" --diff="$tmp/cause.diff" --emit-patches="$tmp/cmails") > "$tmp/out" 2>&1
if [ "$(grep -c '\.patch$' "$tmp/out")" = 1 ] &&
   grep -q "in buf_pin()" "$(grep '\.patch$' "$tmp/out")"; then
	echo "PASS diff: --emit-patches of the diff: one mail, for buf_pin()"
else
	echo "FAIL diff: --emit-patches of the diff: one mail, for buf_pin()"
	cat "$tmp/out"
fi
cgit commit -qam "g: force read-only pins"
# Now buf_pin() has a finding: a comment and a statement added to it
# cause nothing.
sed -i 's|^\tint pinned;$|\tint pinned;\t/* pages pinned so far */|' "$crepo/drv/g.c"
sed -i 's|^\t\treturn -22;$|\t\treturn -22;\t/* EINVAL */\n\tpinned = 0;|' "$crepo/drv/g.c"
cgit diff > "$tmp/beside.diff"
[ "$(grep -c '^+[^+]' "$tmp/beside.diff")" = 3 ] &&
	echo "PASS diff: the second patch adds three lines to buf_pin()" ||
	echo "FAIL diff: the second patch adds three lines to buf_pin()"
(cd "$crepo" && timeout 120 "$bin" --diff="$tmp/beside.diff") > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ "$rc" = 0 ]; then
	found "lines added beside an old finding are not its cause" ""
else
	echo "FAIL diff: lines added beside an old finding: exit $rc"
fi

# A flag dropped from a variable above the call: the missing flag's
# finding is caused where the flags are set.
sed 's/gup_flags = FOLL_WRITE;/gup_flags = FOLL_WRITE | FOLL_LONGTERM;/' \
	"$fix/foll_missing_longterm_flagsvar.c" > "$crepo/drv/h.c"
cgit add -A && cgit commit -qm "h: a long-term registration"
sed -i 's/gup_flags = FOLL_WRITE | FOLL_LONGTERM;/gup_flags = FOLL_WRITE;/' "$crepo/drv/h.c"
cgit diff drv/h.c > "$tmp/drop.diff"
hcall=$(grep -n 'got = pin_user_pages_fast' "$crepo/drv/h.c" | cut -d: -f1)
hset=$(grep -n 'gup_flags = FOLL_WRITE;' "$crepo/drv/h.c" | cut -d: -f1)
(cd "$crepo" && timeout 120 "$bin" --diff="$tmp/drop.diff") > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ "$rc" = 1 ]; then
	found "FOLL_LONGTERM dropped from a variable above the call is the patch's" \
		"drv/h.c:$hcall foll-missing-longterm "
else
	echo "FAIL diff: FOLL_LONGTERM dropped above the call: exit $rc"
fi
inout "the note names the line where the flags now lack it" \
	"^drv/h.c:$hset:[0-9]+: note: the patch adds this line"

# 7. A real kernel tree as TREE: a patch whose post-image is Debian's 6.1
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

# What a patch causes, on the real tree: ib_umem_get() of 6.1 adds
# FOLL_FORCE to gup_flags four lines above its pin_user_pages_fast(),
# which is reported there.  A patch whose post-image is the tree and
# whose pre-image lacks the two lines that add the flag causes that
# finding; one that only rewords a comment of the same function does not.
umem=drivers/infiniband/core/umem.c
fl=$(grep -n 'gup_flags |= FOLL_FORCE;' "$tree/$umem" | cut -d: -f1)
call=$(grep -n 'pinned = pin_user_pages_fast(cur_base' "$tree/$umem" | cut -d: -f1)
cm=$(grep -n 'region causes an integer overflow, return error' "$tree/$umem" | cut -d: -f1)
if [ -z "$fl" ] || [ -z "$call" ] || [ -z "$cm" ] || [ "$((call - fl))" -lt 3 ]; then
	echo "FAIL diff: 6.1: $umem is not what the test expects"
	exit 0
fi
mkdir -p "$tmp/u/a/${umem%/*}" "$tmp/u/b/${umem%/*}" "$tmp/v/a/${umem%/*}" "$tmp/v/b/${umem%/*}"
sed "$((fl - 1)),${fl}d" "$tree/$umem" > "$tmp/u/a/$umem"
cp "$tree/$umem" "$tmp/u/b/$umem"
(cd "$tmp/u" && diff -ruN a b) > "$tmp/u.diff"
sed "${cm}s/region causes an integer overflow/region overflows/" "$tree/$umem" > "$tmp/v/a/$umem"
cp "$tree/$umem" "$tmp/v/b/$umem"
(cd "$tmp/v" && diff -ruN a b) > "$tmp/v.diff"
run "6.1: a patch adding FOLL_FORCE $((call - fl)) lines above the call" 1 -- \
	"$bin" --diff="$tmp/u.diff" "$tree" &&
	found "6.1: FOLL_FORCE added to a flags variable above an untouched call is reported" \
		"$umem:$call foll-force-pin "
grep -q "^$umem:$fl:[0-9]*: note: the patch adds this line" "$tmp/out" &&
	echo "PASS diff: 6.1: the note names the line the patch adds" ||
	echo "FAIL diff: 6.1: the note names the line the patch adds"
run "6.1: a patch rewording a comment of ib_umem_get()" 0 -- \
	"$bin" --diff="$tmp/v.diff" "$tree" &&
	found "6.1: a comment edited in a function with a finding reports nothing" ""
[ -z "$(find "$tree" -newer "$tmp/stamp" -print -quit)" ] &&
	echo "PASS diff: 6.1: the tree is only read, by the umem patches too" ||
	echo "FAIL diff: 6.1: the tree is only read, by the umem patches too"
