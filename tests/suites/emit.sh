#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# --emit-patches: mails that 'git am' applies, in order, on a clean clone;
# one per function; headers and Cc: as the tree's MAINTAINERS says (on
# the fixtures with a MAINTAINERS of our own, and on a scratch git copy of
# io_uring/ from Debian's 6.1 tree, against get_maintainer.pl); and the
# tree itself never written.
set -u
cd "$TOP" || exit 2
bin=$GUP_POLICY
fix=$TOP/tests/fixtures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v git > /dev/null || { echo "SKIP emit: no git"; exit 0; }
export SOURCE_DATE_EPOCH=1700000000

ok() { echo "PASS emit: $1"; }
bad() { echo "FAIL emit: $1"; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }

# mailcheck MAIL PYTHON-ASSERTIONS: m is the parsed mail, body its text
mailcheck() {
	python3 - "$1" "$2" <<'PY'
import email, email.policy, sys
m = email.message_from_file(open(sys.argv[1]), policy=email.policy.default)
body = m.get_content()
cc = [a.addr_spec for a in m["Cc"].addresses] if m["Cc"] else []
exec(sys.argv[2])
PY
}

# am CLONE MAILS...: git am in a fresh clone of $1's origin
am() {
	local dir=$1
	shift
	git -C "$dir" -c user.name=T -c user.email=t@example.org am -q "$@" \
		> "$tmp/am.out" 2>&1
}

# 1. The fixtures in a git repository with a MAINTAINERS of its own.
repo=$tmp/repo
mkdir -p "$repo/drivers/misc/xdev"
cp "$fix"/*.c "$repo/drivers/misc/xdev/"
cat > "$repo/drivers/misc/xdev/two.c" <<'EOF'
#define FOLL_WRITE	0x01
#define FOLL_FORCE	0x10

struct page;

int pin_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages);

int one_pin(unsigned long addr, struct page **p, int w)
{
	unsigned int flags = FOLL_WRITE;

	if (!w)
		flags |= FOLL_FORCE;

	return pin_user_pages_fast(addr, 1, flags, p);
}
int two_a(unsigned long addr, struct page **p)
{ return pin_user_pages_fast(addr, 1, FOLL_FORCE | FOLL_WRITE, p); }
int two_b(unsigned long addr, struct page **p)
{ return pin_user_pages_fast(addr, 1, FOLL_WRITE | FOLL_FORCE, p); }
EOF
cat > "$repo/MAINTAINERS" <<'EOF'
List of maintainers
	M: *Mail* patches to: FullName <address@domain>

XDEV DRIVER
M:	Bob Max <bob@example.org>
R:	"Pan, Xinhui" <xp@example.org>
R:	Zoë Ünicode <zu@example.org>
L:	xdev@lists.example.org (moderated for non-subscribers)
S:	Maintained
F:	drivers/misc/xdev/
X:	drivers/misc/xdev/vma_*

CHAR and MISC DRIVERS
M:	Greg K <greg@example.org>
L:	secret@example.org (subscribers-only)
S:	Supported
F:	drivers/misc/

THE REST
M:	Linus Torvalds <torvalds@linux-foundation.org>
L:	linux-kernel@vger.kernel.org
S:	Buried alive in reporters
F:	*
F:	*/
EOF
git -C "$repo" init -q
git -C "$repo" config user.name "Ann Dev"
git -C "$repo" config user.email ann@example.org
git -C "$repo" add -A
git -C "$repo" commit -qm "import the fixtures"
echo '/* touched */' >> "$repo/drivers/misc/xdev/foll_literal.c"
git -C "$repo" commit -qam "xdev/literal: touch"
echo '/* again */' >> "$repo/drivers/misc/xdev/foll_literal.c"
git -C "$repo" commit -qam "xdev/literal: touch again"
touch "$tmp/stamp"
sleep 1

(cd "$repo" && "$bin" --emit-patches="$tmp/out" drivers) > "$tmp/names" 2> "$tmp/err"
rc=$?
n=$(ls "$tmp/out" | wc -l)
check "fixtures: exit 1, one name printed per mail written ($n)" \
	'[ $rc = 1 ] && [ "$n" -gt 10 ] && [ "$(wc -l < "$tmp/names")" = "$n" ] &&
	 [ ! -s "$tmp/err" ]'
check "fixtures: mails numbered 0001.. in the names format-patch gives" \
	'[ "$(ls "$tmp/out" | head -n 1 | cut -c1-5)" = 0001- ] &&
	 ! ls "$tmp/out" | grep -qv "^[0-9][0-9][0-9][0-9]-[A-Za-z0-9_.-]*\.patch$"'
check "fixtures: the tree is not written" \
	'[ -z "$(git -C "$repo" status --porcelain)" ] &&
	 [ -z "$(find "$repo" -newer "$tmp/stamp" -not -path "*/.git*" -print -quit)" ]'

git clone -q "$repo" "$tmp/clone"
if am "$tmp/clone" "$tmp"/out/*.patch; then
	ok "fixtures: git am of the whole series in order"
else
	bad "fixtures: git am of the whole series in order"
	cat "$tmp/am.out"
fi
(cd "$tmp/clone" && "$bin" --format=patch drivers) > "$tmp/left.patch" 2>/dev/null
check "fixtures: after the series, no fix is left to propose" '[ ! -s "$tmp/left.patch" ]'
check "fixtures: each mail a commit, authored as the repository's user" \
	'[ "$(git -C "$tmp/clone" rev-list --count HEAD)" = $((n + 3)) ] &&
	 [ "$(git -C "$tmp/clone" log -1 --format=%an\ %ae)" = "Ann Dev ann@example.org" ]'

one=$(grep -l 'in one_pin()' "$tmp"/out/*.patch)
two_a=$(grep -l 'in two_a()' "$tmp"/out/*.patch)
two_b=$(grep -l 'in two_b()' "$tmp"/out/*.patch)
check "fixtures: fixes of one file in line order, each against the file as the ones before leave it" \
	'[[ "$one" < "$two_a" ]] && [[ "$two_a" < "$two_b" ]] &&
	 grep -q "^@@ -13,6 +13,6 @@" "$two_a" &&
	 grep -q "^ { return pin_user_pages_fast(addr, 1, FOLL_WRITE, p); }" "$two_b" &&
	 grep -q "^@@ -15,4 +15,4 @@" "$two_b"'
internal=$(grep -l 'in reg_buffer()' "$tmp"/out/*.patch)
check "fixtures: all fixes of one function in one mail" \
	'[ "$(echo "$internal" | wc -w)" = 1 ] &&
	 grep -q "Subject: \[PATCH\] misc/xdev: don.t pass FOLL_PIN and FOLL_TOUCH to" "$internal" &&
	 grep -q "^-	flags |= FOLL_PIN;" "$internal" &&
	 grep -q "^+	return pin_user_pages(start, n, flags, pages);" "$internal"'

mail=$(grep -l 'in xdev_map_user()' "$tmp"/out/*.patch)
if mailcheck "$mail" '
assert str(m["From"]) == "Ann Dev <ann@example.org>", m["From"]
assert m["Date"] == "Tue, 14 Nov 2023 22:13:20 +0000", m["Date"]
assert str(m["Subject"]) == "[PATCH] misc/xdev: don'"'"'t use FOLL_FORCE in xdev_map_user()", m["Subject"]
assert cc == ["bob@example.org", "xp@example.org", "zu@example.org", "greg@example.org",
              "xdev@lists.example.org", "linux-kernel@vger.kernel.org"], cc
names = [a.display_name for a in m["Cc"].addresses]
assert names[1] == "Pan, Xinhui" and names[2] == "Zoë Ünicode", names
msg, rest = body.split("\n---\n", 1)
assert "FOLL_FORCE makes GUP override" in msg and "pin_user_pages_fast()" in msg
assert "foll_force_pin.c:19:11: warning: [foll-force-pin]" in msg
assert "\nSigned-off-by:" not in body and "not signed off" in rest
assert " drivers/misc/xdev/foll_force_pin.c | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)" in rest
assert "\ndiff --git a/drivers/misc/xdev/foll_force_pin.c b/drivers/misc/xdev/foll_force_pin.c\n" in rest
'; then ok "fixtures: headers, Cc from MAINTAINERS (quoted, encoded, no Linus, no subscribers-only list), body, note, diffstat"
else bad "fixtures: mail headers and body"; fi
mail=$(grep -l 'in ring_pin()' "$tmp"/out/*.patch)
mailcheck "$mail" 'assert cc == ["greg@example.org", "linux-kernel@vger.kernel.org"], cc' &&
	ok "fixtures: X: takes a file out of a section" || bad "fixtures: X: exclusion"
mail=$(grep -l 'in sg_grab()' "$tmp"/out/*.patch)
check "fixtures: the prefix the file's history uses" \
	'grep -q "^Subject: \[PATCH\] xdev/literal: spell the GUP flags of sg_grab()" "$mail"'

# 2. Outside a git repository: a placeholder From, the path's prefix.
mkdir -p "$tmp/plain/drivers/vfio"
cp "$fix/foll_force_pin.c" "$tmp/plain/drivers/vfio/pin.c"
(cd "$tmp/plain" && GIT_CEILING_DIRECTORIES=$tmp "$bin" --emit-patches="$tmp/out2" drivers) \
	> "$tmp/names2" 2>&1
mail=$(cat "$tmp/names2")
check "no git: placeholder From and its note, prefix from the path, no Cc" \
	'grep -q "^From: Your Name <you@example.org>$" "$mail" &&
	 grep -q "The From: line is a placeholder" "$mail" &&
	 grep -q "^Subject: \[PATCH\] drivers/vfio: don.t use FOLL_FORCE in xdev_map_user()" "$mail" &&
	 ! grep -q "^Cc:" "$mail"'

# 3. With --diff: mails for the findings on added lines only.
cat >> "$repo/drivers/misc/xdev/foll_force_pin.c" <<'EOF'

int xdev_map_more(unsigned long uaddr, int npages, struct page **pages)
{
	return pin_user_pages_fast(uaddr, npages, FOLL_FORCE, pages);
}
EOF
(cd "$repo" && git diff | "$bin" --diff=- --emit-patches="$tmp/out3") > "$tmp/names3" 2>&1
check "--diff with --emit-patches: one mail, for the added line" \
	'[ "$(wc -l < "$tmp/names3")" = 1 ] && grep -q "in xdev_map_more()" "$(cat "$tmp/names3")"'
git -C "$repo" checkout -q -- .

# 4. A directory that cannot be made.
: > "$tmp/file"
(cd "$repo" && "$bin" --emit-patches="$tmp/file/sub" drivers) > /dev/null 2> "$tmp/err"
rc=$?
check "a DIR that cannot be made: exit 2, one line" \
	'[ $rc = 2 ] && [ "$(wc -l < "$tmp/err")" = 1 ] && grep -q "file/sub: Not a directory" "$tmp/err"'

# 5. Debian's 6.1 tree: io_uring/ and MAINTAINERS in a scratch git
#    repository, the rest of the tree linked in read-only.
tree=$(scripts/kernel-src 6.1) || { echo "SKIP emit: no 6.1 tree"; exit 0; }
k=$tmp/linux
mkdir -p "$k"
cp -a "$tree/io_uring" "$tree/MAINTAINERS" "$k/"
for e in "$tree"/*; do
	b=$(basename "$e")
	[ -e "$k/$b" ] || { ln -s "$e" "$k/$b"; echo "/$b" >> "$tmp/exclude"; }
done
git -C "$k" init -q
cp "$tmp/exclude" "$k/.git/info/exclude"
git -C "$k" add -A
git -C "$k" -c user.name=Import -c user.email=i@example.org commit -qm "import linux 6.1 io_uring"
git -C "$k" config user.name "Kay Dev"
git -C "$k" config user.email kay@example.org
# The checker prepares each kernel tree's generated headers once, keyed by
# its path; seed the scratch tree's entry from the real tree's, if there
# is one, so the test does not rebuild them (else it does, ~1 min).
cache=$tmp/cache
key=$(python3 -c '
import os, sys
h = 1469598103934665603
for c in os.path.realpath(sys.argv[1]).encode():
    h = ((h ^ c) * 1099511628211) & (2**64 - 1)
print("%016x" % h)' "$k")
ver=$(awk -F' *= *' '$1 ~ /^(VERSION|PATCHLEVEL|SUBLEVEL)$/ { v = v (v ? "." : "") $2 }
	END { print v }' "$tree/Makefile")
real=$(ls -d "${GUP_POLICY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gup_policy}"/trees/"$ver"-allmod2-*/obj 2>/dev/null | head -n 1)
if [ -n "$real" ] && [ -f "$real/.gup_policy-prepared" ]; then
	mkdir -p "$cache/trees/$ver-allmod2-$key"
	cp -a "$real" "$cache/trees/$ver-allmod2-$key/"
fi
touch "$tmp/stamp"
sleep 1
start=$(date +%s)
"$bin" --cache-dir="$cache" --emit-patches="$tmp/kout" "$k/io_uring" > "$tmp/knames" 2> "$tmp/kerr"
rc=$?
mail=$(head -n 1 "$tmp/knames")
check "6.1 io_uring: one mail, for io_pin_pages() ($(($(date +%s) - start))s)" \
	'[ $rc = 1 ] && [ "$(wc -l < "$tmp/knames")" = 1 ] &&
	 grep -q "^Subject: \[PATCH\] io_uring/rsrc: let GUP decide which memory io_pin_pages()" "$mail"'
(cd "$tree" && perl scripts/get_maintainer.pl --no-git --no-git-fallback --nokeywords \
	--no-rolestats --nomailmap -f io_uring/rsrc.c) 2>/dev/null |
	sed 's/.*<\(.*\)>.*/\1/' | tr 'A-Z' 'a-z' | paste -sd, > "$tmp/gm"
if GM=$tmp/gm mailcheck "$mail" '
import os
want = open(os.environ["GM"]).read().strip().split(",")
assert cc == ["axboe@kernel.dk", "asml.silence@gmail.com", "io-uring@vger.kernel.org",
              "linux-kernel@vger.kernel.org"], cc
assert want == [""] or [a.lower() for a in cc] == want, (cc, want)
assert str(m["From"]) == "Kay Dev <kay@example.org>"
assert "mainline 6.5" in body and "io_uring/rsrc.c:1013:8: warning: [vma-filter]" in body
'; then ok "6.1 io_uring: Cc as MAINTAINERS and get_maintainer.pl say (Jens Axboe, io-uring@)"
else bad "6.1 io_uring: Cc"; fi
git clone -q "$k" "$tmp/kclone"
if am "$tmp/kclone" "$tmp"/kout/*.patch &&
   ! grep -q 'vma_is_shmem' "$tmp/kclone/io_uring/rsrc.c"; then
	ok "6.1 io_uring: git am on a clean clone removes the check"
else
	bad "6.1 io_uring: git am on a clean clone"
	cat "$tmp/am.out"
fi
check "6.1 io_uring: the scratch tree and the real one are not written" \
	'[ -z "$(git -C "$k" status --porcelain)" ] &&
	 [ -z "$(find "$k/io_uring" "$tree/io_uring" "$tree/MAINTAINERS" -newer "$tmp/stamp" -print -quit)" ]'

"$bin" --emit-patches="$tmp/kout2" "$tree/io_uring" > "$tmp/knames2" 2>&1
mail=$(head -n 1 "$tmp/knames2")
check "6.1 io_uring, the read-only tree itself: placeholder From, the same subject and Cc" \
	'grep -q "^From: Your Name <you@example.org>" "$mail" &&
	 grep -q "^Subject: \[PATCH\] io_uring/rsrc: let GUP decide" "$mail" &&
	 grep -q "^Cc: Jens Axboe <axboe@kernel.dk>,$" "$mail" &&
	 [ -z "$(find "$tree" -newer "$tmp/stamp" -print -quit)" ]'
