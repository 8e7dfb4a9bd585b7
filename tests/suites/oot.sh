#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# External modules (issue #15): tests/oot/vdma, a vendor-style module
# with its own Kbuild, include/ and compat header, audited with
# --kernel against the three forms of KDIR (Debian's 6.1 and 6.12 source
# trees, the O= build directory the cache prepared for 6.1, Debian's
# installed linux-headers tree), through kbuild's M= with CHECK=, from an
# M= build's compile_commands.json, and without a tree (degraded, evenly).
# Then a real DKMS package that calls GUP, lttng-modules-dkms, read-only.
# Trees and module sources are never written.
set -u
cd "$TOP" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mod=tests/oot/vdma

manifest() {
	(cd "$1" && find . -printf '%p %T@ %s %m %i\n' | LC_ALL=C sort)
}


# expect NAME WANT GOT: exact output.
expect() {
	if diff -u "$2" "$3" > "$tmp/diff"; then
		echo "PASS $1"
	else
		echo "FAIL $1"
		head -n 30 "$tmp/diff"
	fi
}

t61=$(scripts/kernel-src 6.1) || t61=
t612=$(scripts/kernel-src 6.12) || t612=
hdr=$(ls -d /lib/modules/*/build 2>/dev/null | head -n 1)

# --kernel=source tree: the whole expectation, per target kernel.  The
# shim behind '#ifndef FOLL_PIN' is off against 6.1 and on against 6.12,
# where the "pin" in vdma_user.c is a get_user_pages_fast() for DMA.
for v in 6.1 6.12; do
	tree=$t61; [ "$v" = 6.12 ] && tree=$t612
	[ -n "$tree" ] || { echo "SKIP oot --kernel=$v: no tree"; continue; }
	manifest "$tree" > "$tmp/before"
	"$GUP_POLICY" --kernel="$tree" $mod > "$tmp/out" 2> "$tmp/err"
	rc=$?
	if [ $rc -eq 1 ] && [ ! -s "$tmp/err" ]; then
		expect "oot: --kernel=linux-source-$v $mod" $mod.$v.expected "$tmp/out"
	else
		echo "FAIL oot: --kernel=linux-source-$v (exit $rc)"
		cat "$tmp/err"
	fi
	manifest "$tree" > "$tmp/after"
	cmp -s "$tmp/before" "$tmp/after" &&
		echo "PASS oot: linux-source-$v untouched" ||
		echo "FAIL oot: --kernel wrote into linux-source-$v"
done

# The per-object flag (CFLAGS_vdma_pin.o) is what makes the pin ask for
# FOLL_WRITE: without that line of Kbuild, the same file is reported.
if [ -n "$t61" ]; then
	cp -r $mod "$tmp/noflags"
	sed -i '/^CFLAGS_vdma_pin.o/d' "$tmp/noflags/Kbuild"
	"$GUP_POLICY" --kernel="$t61" "$tmp/noflags/vdma_pin.c" > "$tmp/out" 2>&1
	rc=$?
	if [ $rc -eq 1 ] && grep -q 'vdma_pin.c:.*\[foll-missing-write\].*called as VDMA_PIN_PAGES' "$tmp/out" &&
	   "$GUP_POLICY" --kernel="$t61" $mod/vdma_pin.c > /dev/null 2>&1; then
		echo "PASS oot: the module's CFLAGS_file.o reaches the parse"
	else
		echo "FAIL oot: CFLAGS_vdma_pin.o (exit $rc)"
		cat "$tmp/out"
	fi
fi

# The same file as kbuild hands it over (no GUP name in its text, only
# its module's wrapper macro): it must reach the checker proper.
GUP_POLICY_DEBUG=1 "$GUP_POLICY" -D__linux__ -Wbitwise -I$mod/include \
	$mod/vdma_pin.c > /dev/null 2> "$tmp/err"
if grep -q 'vdma_pin.c: arg ' "$tmp/err"; then
	echo "PASS oot: a GUP call only through a module header's macro is not prefiltered away"
else
	echo "FAIL oot: vdma_pin.c was passed over in kbuild mode"
	grep -v ' arg ' "$tmp/err" | head -n 5
fi

# --kernel=O= build directory: a copy of the one the cache prepared for
# 6.1 (its 'source' link names the tree; a copy, because other runs
# build in the cache's, see kbuild.sh), used as is and not written.
cache=${GUP_POLICY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gup_policy}
obj=$(ls -d "$cache"/trees/6.1.*-allmod*-*/obj 2>/dev/null | head -n 1)
if [ -n "$obj" ] && [ -f "$obj/include/generated/autoconf.h" ] &&
   cp -a "$obj" "$tmp/obj"; then
	obj=$tmp/obj
	manifest "$obj" > "$tmp/before"
	"$GUP_POLICY" --kernel="$obj" $mod > "$tmp/out" 2> "$tmp/err"
	expect "oot: --kernel=O= build directory" $mod.6.1.expected "$tmp/out"
	manifest "$obj" > "$tmp/after"
	cmp -s "$tmp/before" "$tmp/after" &&
		echo "PASS oot: the O= directory untouched" ||
		echo "FAIL oot: --kernel wrote into the O= directory"
else
	echo "SKIP oot: --kernel=O=: no prepared 6.1 build directory"
fi

# Bad KDIR: one line, exit 2.
"$GUP_POLICY" --kernel="$TOP/tests" $mod > "$tmp/out" 2>&1
rc=$?
if [ $rc -eq 2 ] && [ "$(wc -l < "$tmp/out")" -eq 1 ] &&
   grep -q 'not a kernel source tree' "$tmp/out"; then
	echo "PASS oot: a KDIR that is no kernel is one line, exit 2"
else
	echo "FAIL oot: bad --kernel (exit $rc)"
	cat "$tmp/out"
fi

# No tree: a one-line hint, and what is found is marked degraded.  The
# same vendor call in two drivers, one that includes a kernel header and
# has a "char __user *" parameter, one that includes only its own header
# (which includes the kernel's, not found either), must be found the
# same way in both: the literal flags, and the pages put into a
# scatterlist (gup-get-for-dma), by the callees' names alone.
mkdir -p "$tmp/two"
echo '#include <linux/scatterlist.h>' > "$tmp/two/own.h"
for d in a b; do
	inc='#include <linux/mm.h>'; [ $d = b ] && inc='#include "own.h"'
	cat > "$tmp/two/$d.c" <<EOT
$inc

int ${d}_map(struct scatterlist *sgl, char __user *buf, int pages_nr)
{
	struct page **pages = kcalloc(pages_nr, sizeof(*pages), GFP_KERNEL);
	struct scatterlist *sg;
	int i, rc;

	rc = get_user_pages_fast((unsigned long)buf, pages_nr, 1 /* write */, pages);
	for_each_sg(sgl, sg, rc, i)
		sg_set_page(sg, pages[i], PAGE_SIZE, 0);
	return rc;
}
EOT
done
"$GUP_POLICY" --no-cache --format=json "$tmp/two" > "$tmp/out" 2> "$tmp/err"
rc=$?
n=$(grep -c '"rule": "foll-literal"' "$tmp/out")
dma=$(grep -c '"rule": "gup-get-for-dma"' "$tmp/out")
low=$(grep -c '"confidence": "low"' "$tmp/out")
if [ $rc -eq 1 ] && [ "$n" -eq 2 ] && [ "$dma" -eq 2 ] && [ "$low" -eq 4 ] &&
   grep -q 'degraded parse' "$tmp/out" &&
   [ "$(grep -c 'hint: .*--kernel=KDIR' "$tmp/err")" -eq 1 ]; then
	echo "PASS oot: without a tree, both drivers' literal flags and DMA use, low confidence, one hint"
else
	echo "FAIL oot: degraded parse (exit $rc, $n foll-literal, $dma gup-get-for-dma, $low low)"
	cat "$tmp/err"; head -c 2000 "$tmp/out"
fi

# No header at all: tests/oot/noheaders/vdev_dma.c puts its pages into a
# scatterlist for DMA (reported, degraded); vdev_read.c only reads them
# through a short kernel mapping (quiet); vdev_longterm.c's FOLL_* names
# are declared nowhere, and one of its calls is in a statement clang
# drops (a cast of a missing header's macro).  The whole output is
# expected.
"$GUP_POLICY" --no-cache tests/oot/noheaders > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ $rc -eq 1 ]; then
	expect "oot: no kernel headers: the DMA driver and both long-term calls reported, the CPU-read twin quiet" \
		tests/oot/noheaders.expected "$tmp/out"
else
	echo "FAIL oot: tests/oot/noheaders (exit $rc)"
	cat "$tmp/err"
fi

# A Debian headers tree: as --kernel, through kbuild's M= with CHECK=,
# and from the M= build's compile_commands.json.
if [ -z "$hdr" ] || [ ! -f "$hdr/include/generated/autoconf.h" ]; then
	echo "SKIP oot: headers tree: no /lib/modules/*/build (scripts/deps installs linux-headers-amd64)"
else
	"$GUP_POLICY" --kernel="$hdr" $mod > "$tmp/out" 2> "$tmp/err"
	expect "oot: --kernel=$hdr" $mod.6.1.expected "$tmp/out"

	cp -r $mod "$tmp/m"
	make -s -C "$hdr" M="$tmp/m" C=2 CHECK="$GUP_POLICY" modules \
		> "$tmp/make.out" 2> "$tmp/make.err"
	rc=$?
	# kbuild checks in build order: the same lines, in another order.
	sed "s|^$tmp/m/|$mod/|" "$tmp/make.err" | grep -E '^tests/oot/' |
		LC_ALL=C sort > "$tmp/got"
	LC_ALL=C sort $mod.6.1.expected > "$tmp/want"
	if [ $rc -eq 0 ] && [ -f "$tmp/m/vdma.ko" ]; then
		expect "oot: make -C $hdr M=... C=2 CHECK=gup_policy" "$tmp/want" "$tmp/got"
	else
		echo "FAIL oot: kbuild M= build (exit $rc)"
		tail -n 20 "$tmp/make.err"
	fi
	src=$(readlink -f "$hdr/source" 2>/dev/null)
	gcc_cmds=$(ls -d "${t61:-/nonexistent}"/scripts/clang-tools/gen_compile_commands.py 2>/dev/null)
	if [ -n "$gcc_cmds" ] && [ -f "$tmp/m/vdma.ko" ]; then
		python3 "$gcc_cmds" -d "$hdr" -o "$tmp/m/compile_commands.json" "$tmp/m"
		# The database's "directory" is the kernel's: no --kernel needed.
		"$GUP_POLICY" -p "$tmp/m" "$tmp/m" 2>&1 |
			sed "s|^$tmp/m/|$mod/|" > "$tmp/got"
		expect "oot: -p with an M= build's compile_commands.json" $mod.6.1.expected "$tmp/got"
	else
		echo "SKIP oot: -p: no gen_compile_commands.py or no M= build"
	fi
fi

# A configured module: --kernel runs nothing of it, says which of its
# configuration macros stayed undefined and which way the test went
# (the get_ branch, reported); kbuild after its configure step (run by
# its Kbuild) builds the pin_ branch, and nothing is reported.
cfg=tests/oot/cfgmod
if [ -n "$t612" ]; then
	"$GUP_POLICY" --kernel="$t612" $cfg > "$tmp/out" 2> "$tmp/err"
	rc=$?
	if [ $rc -eq 1 ] && grep -q '^tests/oot/cfgmod/cfgdma.c:19:8: warning: \[gup-get-for-dma\]' "$tmp/out" &&
	   [ "$(wc -l < "$tmp/err")" -eq 1 ] &&
	   grep -q "note: tests/oot/cfgmod/cfgdma.c:16: CFG_HAVE_PIN_USER_PAGES stays undefined .*'#ifdef CFG_HAVE_PIN_USER_PAGES' leaves out the branch after it" "$tmp/err"; then
		echo "PASS oot: --kernel on a configured module names the undefined configuration macro and the branch taken"
	else
		echo "FAIL oot: configured module with --kernel (exit $rc)"
		cat "$tmp/out" "$tmp/err"
	fi
fi
if [ -n "$hdr" ] && [ -f "$hdr/include/generated/autoconf.h" ]; then
	cp -r $cfg "$tmp/cfg"
	make -s -C "$hdr" M="$tmp/cfg" C=2 CHECK="$GUP_POLICY" modules \
		> "$tmp/make.out" 2> "$tmp/make.err"
	rc=$?
	if [ $rc -eq 0 ] && [ -f "$tmp/cfg/cfgdma.ko" ] &&
	   ! grep -q '\[gup-' "$tmp/make.err"; then
		echo "PASS oot: kbuild after the module's configure step checks the pin_ branch, quietly"
	else
		echo "FAIL oot: configured module through kbuild (exit $rc)"
		tail -n 20 "$tmp/make.err"
	fi
fi

# A Debian DKMS package that calls GUP, read-only: lttng-modules.  Its
# one call, get_user_pages_fast(uaddr, nr_pages, 0, pages) in
# src/probes/lttng.c, takes references for a copy through the user
# pointer; the pages' data is not touched: nothing to report.  The call
# must be found (flags evaluated) and the file must parse cleanly.
if ! lt=$(scripts/dkms-src lttng-modules-dkms 2> "$tmp/err"); then
	echo "SKIP oot: lttng-modules-dkms: $(tail -n 1 "$tmp/err")"
elif [ -z "$hdr" ]; then
	echo "SKIP oot: lttng-modules: no headers tree"
else
	manifest "$lt" > "$tmp/before"
	GUP_POLICY_DEBUG=1 "$GUP_POLICY" -v --severity=note --kernel="$hdr" "$lt" \
		> "$tmp/out" 2> "$tmp/err"
	rc=$?
	if [ $rc -eq 0 ] && [ ! -s "$tmp/out" ] &&
	   grep -q 'src/probes/lttng.c:74: get_user_pages_fast() flags {0}' "$tmp/err" &&
	   ! grep -q 'parsed with' "$tmp/err"; then
		echo "PASS oot: lttng-modules against $hdr: its GUP call found, parsed cleanly, nothing to report"
	else
		echo "FAIL oot: lttng-modules (exit $rc)"
		grep -v ' arg ' "$tmp/err" | head; head "$tmp/out"
	fi
	manifest "$lt" > "$tmp/after"
	cmp -s "$tmp/before" "$tmp/after" &&
		echo "PASS oot: lttng-modules sources untouched" ||
		echo "FAIL oot: the audit wrote into lttng-modules"
fi
