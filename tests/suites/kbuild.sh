#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# gup_policy as kbuild's checker: 'make C=2 CHECK=gup_policy io_uring/'
# in a real, configured Debian 6.1 tree (the one the checker prepared in
# its cache, an O= build directory outside the source tree), and chained
# with the real sparse.
set -u
cd "$TOP" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# sparse and gup_policy from one CHECK, on a fixture sparse has words for.
(cd tests/fixtures && "$GUP_POLICY" --chain=sparse -D__linux__ -Wbitwise \
	--arch=x86 -mlittle-endian -m64 foll_force_pin.c) 2> "$tmp/chain"
rc=$?
if [ "$rc" -eq 0 ] && grep -q '\[foll-force-pin\]' "$tmp/chain" &&
   grep -q "symbol 'xdev_map_user' was not declared" "$tmp/chain"; then
	echo "PASS kbuild: --chain=sparse runs both with one set of arguments"
else
	echo "FAIL kbuild: --chain=sparse (exit $rc)"
	cat "$tmp/chain"
fi

# --confidence in CHECK: the kbuild form filters as the command line does.
# confidence_degraded.c has a medium and a low finding.
kb() { (cd tests/fixtures && "$GUP_POLICY" -D__linux__ -Wbitwise "$@" \
	confidence_degraded.c 2>&1 >/dev/null | grep -c ': warning: \['); }
got="$(kb) $(kb --confidence=medium) $(kb --confidence=high)"
if [ "$got" = "2 1 0" ] &&
   (cd tests/fixtures && "$GUP_POLICY" -D__linux__ confidence_degraded.c 2>&1 |
    grep -q ': note: confidence low: '); then
	echo "PASS kbuild: --confidence in CHECK, and the confidence note on stderr"
else
	echo "FAIL kbuild: --confidence in CHECK (findings shown: $got, want 2 1 0)"
fi

# A file that cannot involve GUP returns at once: the checker proper (and
# libclang with it) is not even started, so pointing at none must not matter.
(cd tests/fixtures && GUP_POLICY_CORE=/nonexistent "$GUP_POLICY" -D__linux__ \
	-Wbitwise ../../checker/util.c) > "$tmp/out" 2>&1
if [ $? -eq 0 ] && [ ! -s "$tmp/out" ]; then
	echo "PASS kbuild: a file without GUP names is passed over without libclang"
else
	echo "FAIL kbuild: a file without GUP names"
	cat "$tmp/out"
fi

# The per-file budget holds in CHECK mode too, and says why in one line.
{
	echo 'int pin_user_pages_fast(unsigned long, int, unsigned int, void **);'
	echo '#define E0'
	for i in $(seq 1 40); do echo "#define E$i E$((i - 1)) E$((i - 1))"; done
	echo 'E40'
} > "$tmp/slow.c"
"$GUP_POLICY" -D__linux__ --file-timeout=1 "$tmp/slow.c" > "$tmp/out" 2>&1
rc=$?
if [ "$rc" -eq 2 ] && [ "$(wc -l < "$tmp/out")" -eq 1 ] &&
   grep -q 'slow.c: over the 1 s time budget' "$tmp/out"; then
	echo "PASS kbuild: CHECK=\"gup_policy --file-timeout=1\" stops a slow file"
else
	echo "FAIL kbuild: --file-timeout in CHECK mode (exit $rc)"
	cat "$tmp/out"
fi

tree=$(scripts/kernel-src 6.1) || { echo "FAIL kbuild: no 6.1 tree"; exit 0; }
"$GUP_POLICY" "$tree/io_uring/rsrc.c" > /dev/null 2>&1	# prepares the cache
cache=${GUP_POLICY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gup_policy}
obj=$(ls -d "$cache"/trees/6.1.*-allmod*-*/obj 2>/dev/null | head -n 1)
if [ -z "$obj" ] || [ ! -f "$obj/.config" ]; then
	echo "FAIL kbuild: no prepared build directory in $cache"
	exit 0
fi
touch "$tmp/stamp"
sleep 1
start=$(date +%s)
make -s -C "$tree" O="$obj" C=2 CHECK="$GUP_POLICY" io_uring/ \
	> "$tmp/make.out" 2> "$tmp/make.err"
rc=$?
if [ "$rc" -eq 0 ] && grep -q 'io_uring/rsrc.c:1013:8: warning: \[vma-filter\]' "$tmp/make.err"; then
	echo "PASS kbuild: make C=2 CHECK=gup_policy io_uring/ ($(($(date +%s) - start))s)"
else
	echo "FAIL kbuild: make C=2 CHECK=gup_policy io_uring/ (exit $rc)"
	tail -n 20 "$tmp/make.err"
fi
if [ -z "$(find "$tree" -newer "$tmp/stamp" -print -quit)" ]; then
	echo "PASS kbuild: the O= build left the source tree untouched"
else
	echo "FAIL kbuild: the build wrote into the source tree"
fi
