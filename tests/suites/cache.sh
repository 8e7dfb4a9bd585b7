#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The result cache on a real tree: a hard-link copy of Debian's 6.1 (each
# file edited is copied first, so the tree's own inodes are never
# written), a few subsystems with GUP callers.  After every change the
# JSON with the cache must be byte for byte the JSON without it (timing
# aside), and -v must say that exactly the files the change reaches were
# parsed again: an edited file, a header only one caller includes, a
# header every caller includes, a Makefile's flags, a header that was
# missing and appears, other rules, another checker binary, corrupt
# entries, two runs at once, a run killed midway, the size limit.
set -u
cd "$TOP" || exit 2
tree=$(scripts/kernel-src 6.1 2>/dev/null) || { echo "SKIP cache: no 6.1 tree"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
copy=$tmp/linux
cache=$tmp/cache
dirs=(io_uring drivers/vfio drivers/misc/genwqe drivers/misc/bcm-vk
      drivers/media/common/videobuf2)
# A hard-link copy shares inodes with the tree, and every other hard-link
# copy made or removed (other suites, other users of the tree) moves
# their ctime: a header whose ctime moved in the 2 s before a parse is
# not trusted, and that result is not stored.  So the headers and the
# audited directories are copies of their own.
cp -al "$tree" "$copy" || { echo "FAIL cache: cannot copy the tree"; exit 0; }
for d in include arch/x86/include "${dirs[@]}"; do
	rm -rf "${copy:?}/$d" && cp -a "$tree/$d" "$copy/$d"
done
paths=("${dirs[@]/#/$copy/}")
# Stamps are trusted only once a file has been still for 2 s.
settle() { sleep 3; }

# audit OUT [OPTION...]: the JSON without its timing in OUT, -v's line
# about the cache in OUT.v.
audit() {
	local out=$1
	shift
	"$GUP_POLICY" --cache-dir="$cache" -v --format=json "$@" "${paths[@]}" \
		2> "$out.err" | sed -E 's/, "seconds": [0-9.]+//' > "$out"
	grep 'result cache:' "$out.err" > "$out.v"
}

# counts OUT: "FROM-CACHE PARSED" as -v said them.
counts() {
	sed -nE 's/.*result cache: ([0-9]+) files? from the cache, ([0-9]+) parsed$/\1 \2/p' "$1.v"
}

# check NAME [OPTION...]: with the cache (expected to parse $want files)
# and without it, the same JSON.
check() {
	local name=$1
	shift
	audit "$tmp/c" "$@"
	audit "$tmp/n" --no-cache "$@"
	if ! [ -s "$tmp/n" ] || ! grep -q '"files_seen"' "$tmp/n"; then
		echo "FAIL cache: $name: no result without the cache"
		head -n 5 "$tmp/n.err"
	elif ! cmp -s "$tmp/c" "$tmp/n"; then
		echo "FAIL cache: $name: results differ with the cache"
		diff "$tmp/n" "$tmp/c" | head -n 10
	elif [ "$(counts "$tmp/c" | cut -d' ' -f2)" != "$want" ]; then
		echo "FAIL cache: $name: parsed $(counts "$tmp/c" | cut -d' ' -f2) files, want $want"
		cat "$tmp/c.v"
	else
		echo "PASS cache: $name: same JSON as without the cache, $want parsed ($(counts "$tmp/c" | cut -d' ' -f1) from the cache)"
	fi
	cp "$tmp/n" "$tmp/last"
}

# changed NAME: the last change did change the results (the check above
# could have failed).
changed() {
	if cmp -s "$tmp/before" "$tmp/last"; then
		echo "FAIL cache: $1: the change made no difference to the results"
	else
		echo "PASS cache: $1: the change shows in the results"
	fi
}

# own FILE: replace the hard link by a copy before writing it.
own() {
	cp "$copy/$1" "$copy/$1.own" && mv "$copy/$1.own" "$copy/$1"
}

# The first run prepares the tree (generated headers, precompiled header)
# and parses right after: those headers are seconds old, but written once
# by a finished preparation and never again, so every result is stored
# and the run after it parses nothing.
settle
audit "$tmp/first"		# prepares the tree, fills the cache
n=$(counts "$tmp/first" | cut -d' ' -f2)
if [ "$(counts "$tmp/first")" = "0 $n" ] && [ "$n" -ge 5 ]; then
	echo "PASS cache: -v says how many files came from the cache and how many were parsed ($n)"
else
	echo "FAIL cache: -v on a first run: '$(cat "$tmp/first.v")'"
	head -n 5 "$tmp/first.err"
fi
want=0 check "unchanged tree, right after the run that prepared it"
total=$n

cp "$tmp/last" "$tmp/before"
own drivers/misc/genwqe/card_utils.c
sed -i '1i /* an added line moves every finding */' "$copy/drivers/misc/genwqe/card_utils.c"
settle
want=1 check "an edited .c file"
changed "an edited .c file"

cp "$tmp/last" "$tmp/before"
own io_uring/rsrc.h
printf '#ifndef GPC_FIXED\nint gup_policy_cache_test = ;\n#endif\n' >> "$copy/io_uring/rsrc.h"
settle
want=1 check "a header only io_uring/rsrc.c includes"
changed "a header only io_uring/rsrc.c includes"

own include/linux/mm.h
echo '/* every GUP caller includes this */' >> "$copy/include/linux/mm.h"
settle
want=$total check "a header every GUP caller includes"

cp "$tmp/last" "$tmp/before"
own io_uring/Makefile
echo 'ccflags-y += -DGPC_FIXED' >> "$copy/io_uring/Makefile"
settle
want=1 check "a Makefile's flags"
changed "a Makefile's flags"

# A header that was not found, then appears where it was looked for.
cat > "$copy/io_uring/gpc_cache.c" <<'EOF'
#include <linux/mm.h>
#include "gpc_missing.h"
#ifndef GPC_FLAGS
#define GPC_FLAGS 0
#endif
int gpc_pin(unsigned long start, struct page **pages)
{
	return pin_user_pages_fast(start, 1, GPC_FLAGS, pages);
}
EOF
settle
want=1 check "a file including a missing header"
want=0 check "a file including a missing header, again"
cp "$tmp/last" "$tmp/before"
echo '#define GPC_FLAGS FOLL_FORCE' > "$copy/io_uring/gpc_missing.h"
settle
want=1 check "the missing header appears"
changed "the missing header appears"

n=$(grep -c '"rule"' "$tmp/last")
want=$((total + 1)) check "other rules" --rules=foll-force-pin
want=0 check "other rules, again" --rules=foll-force-pin
if [ "$(grep -c '"rule"' "$tmp/last")" -lt "$n" ]; then
	echo "PASS cache: other rules: fewer findings"
else
	echo "FAIL cache: other rules: fewer findings"
fi
want=0 check "all rules again"

# Another checker: the same program, one byte longer.
cp build/gup_policy-core "$tmp/core" && echo >> "$tmp/core"
GUP_POLICY_CORE=$tmp/core audit "$tmp/up"
if [ "$(counts "$tmp/up")" = "0 $((total + 1))" ] && cmp -s "$tmp/up" "$tmp/last"; then
	echo "PASS cache: another checker binary parses everything again, same results"
else
	echo "FAIL cache: another checker binary: '$(cat "$tmp/up.v")'"
fi

# Corrupt every entry and the manifests, each in one of three ways.
k=0
while IFS= read -r f; do
	case $((k % 3)) in
	0) truncate -s $(($(stat -c %s "$f") / 2)) "$f" ;;
	1) sed -i '2s/[0-9]/x/' "$f" ;;
	2) sed -i 's/"errors": /"errors": 1/' "$f" ;;
	esac
	k=$((k + 1))
done < <(find "$cache/results" -type f)
want=$((total + 1)) check "corrupt entries and manifests ($k files) are ignored"
want=0 check "corrupt entries were replaced"

# Two runs at once on an empty cache, then a third from what they left.
rm -rf "$cache/results"
audit "$tmp/p1" & audit "$tmp/p2"; wait
if cmp -s "$tmp/p1" "$tmp/last" && cmp -s "$tmp/p2" "$tmp/last"; then
	echo "PASS cache: two runs at once sharing the cache: both right"
else
	echo "FAIL cache: two runs at once sharing the cache"
fi
want=0 check "after two runs at once"

# A run killed midway: whatever it left, nothing wrong is trusted.
rm -rf "$cache/results"
"$GUP_POLICY" --cache-dir="$cache" --format=json -j1 "${paths[@]}" > /dev/null 2>&1 &
pid=$!
for i in $(seq 1 100); do
	[ -n "$(find "$cache/results" -mindepth 2 -type f 2>/dev/null | head -n 1)" ] && break
	sleep 0.1
done
kill -9 "$pid"
wait "$pid" 2>/dev/null
audit "$tmp/k"
if cmp -s "$tmp/k" "$tmp/last"; then
	echo "PASS cache: after a run killed midway ($(counts "$tmp/k" | cut -d' ' -f1) from the cache)"
else
	echo "FAIL cache: after a run killed midway"
fi

# The size limit: results beyond it are dropped, least recently used first.
audit "$tmp/r" --rules=foll-literal
audit "$tmp/r" --rules=gup-get-for-dma --cache-size=1
size=$(find "$cache/results" -type f -printf '%b\n' | awk '{s += $1 * 512} END {print s + 0}')
if [ "$size" -le $((1 << 20)) ] && [ "$size" -gt 0 ]; then
	echo "PASS cache: --cache-size=1 keeps the results under 1 MiB ($size bytes)"
else
	echo "FAIL cache: --cache-size=1 left $size bytes"
fi

rm -rf "$cache/results"
"$GUP_POLICY" --cache-dir="$cache" --no-cache "${paths[@]}" > /dev/null 2>&1
if [ ! -e "$cache/results" ]; then
	echo "PASS cache: --no-cache stores nothing"
else
	echo "FAIL cache: --no-cache stored results"
fi
