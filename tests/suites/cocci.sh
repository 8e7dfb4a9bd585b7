#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The Coccinelle scripts cocci/*.cocci, run the way make coccicheck runs
# them (spatch -D MODE --very-quiet --no-includes --include-headers, with
# --no-show-diff for report and org):
#   fixtures   every mode over tests/cocci/, compared with
#              tests/cocci/expected/SCRIPT.MODE; the patch applied with
#              patch -p1 to a scratch copy, then reported on again
#              (SCRIPT.after-patch)
#   kernel     report over the whole real Debian trees, compared with
#              tests/kernel/cocci-SCRIPT-linux-VER.expected; the patch applied
#              with patch -p1 to scratch copies of the files it touches
#   coccicheck one real 'make coccicheck M=dir' on a hard-link copy of a tree
#
# The real trees are read-only: spatch runs from a scratch directory (its
# -j workers put a temporary directory in the current one) and
# make coccicheck runs on a hard-link copy.  A whole tree takes about 25 s
# per script and mode with -j 2 (docs/coccinelle.md).
#
# COCCI_UPDATE=1 rewrites the expected files instead of comparing.
# COCCI_KERNELS="6.1 6.12" chooses the trees; COCCI_KERNELS= skips them.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$TOP" || exit 2
scripts="foll_flags vma_file_check"
modes="report org context patch"
fix=tests/cocci
exp=$fix/expected
update=${COCCI_UPDATE:-0}
kernels=${COCCI_KERNELS-6.1 6.12}
jobs=${COCCI_JOBS:-2}
opts=(--very-quiet --no-includes --include-headers)

if ! command -v spatch >/dev/null 2>&1; then
	for s in $scripts; do echo "SKIP cocci-$s: spatch is not installed"; done
	exit 0
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/gup_policy-cocci.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# check NAME EXPECTED ACTUAL: compare, or record with COCCI_UPDATE=1
check() {
	if [ "$update" = 1 ]; then
		mkdir -p "$(dirname "$2")"
		cp "$3" "$2"
		echo "PASS $1 (updated)"
	elif [ ! -f "$2" ]; then
		echo "FAIL $1: no $2"
	elif diff -u "$2" "$3"; then
		echo "PASS $1"
	else
		echo "FAIL $1"
	fi
}

# Report and org lines come in match order: sort them by file and line.
sort_lines() {
	sort -t: -k1,1 -k2,2n -k3 "$@"
}

mode_flags() {
	case $1 in
	report|org) echo "--no-show-diff" ;;
	*) echo "" ;;
	esac
}

# run_fixtures SCRIPT MODE DIR: spatch over every fixture below DIR, one
# file at a time, in name order, with paths relative to DIR.
run_fixtures() {
	local s=$1 m=$2 dir=$3 f
	(cd "$dir" && find . -name '*.c' | sed 's|^\./||' | sort |
	while read -r f; do
		spatch -D "$m" $(mode_flags "$m") "${opts[@]}" --patch . \
			--cocci-file "$TOP/cocci/$s.cocci" "$f" 2>&1
	done)
}

# --- fixtures -------------------------------------------------------------
for s in $scripts; do
	for m in $modes; do
		out=$scratch/$s.$m
		run_fixtures "$s" "$m" "$fix" > "$out.raw"
		case $m in
		report|org) sort_lines "$out.raw" > "$out" ;;
		*) cp "$out.raw" "$out" ;;
		esac
		check "cocci-$s-$m" "$exp/$s.$m" "$out"
	done

	# The patch applies at the root of a copy, and what it fixes is gone.
	copy=$scratch/fix-$s
	mkdir -p "$copy"
	cp -r "$fix"/. "$copy"/
	rm -rf "$copy/expected"
	if patch --batch -s -p1 -d "$copy" < "$scratch/$s.patch" > "$scratch/$s.patch.log" 2>&1; then
		echo "PASS cocci-$s-patch-applies"
	else
		cat "$scratch/$s.patch.log"
		echo "FAIL cocci-$s-patch-applies"
	fi
	run_fixtures "$s" report "$copy" | sort_lines > "$scratch/$s.after"
	check "cocci-$s-after-patch" "$exp/$s.after-patch" "$scratch/$s.after"
done

# --- real trees -----------------------------------------------------------
# run_tree SCRIPT MODE TREE: spatch over the whole TREE, from the scratch
# directory, paths printed relative to TREE.
run_tree() {
	local s=$1 m=$2 tree=$3
	(cd "$scratch" && spatch -D "$m" $(mode_flags "$m") "${opts[@]}" \
		--patch "$tree" --cocci-file "$TOP/cocci/$s.cocci" \
		--dir "$tree" -j "$jobs" --chunksize 1 2>&1) |
		sed "s|$tree/||g"
}

for v in $kernels; do
	# kernel-src's stderr is left alone: on a first run it says that
	# it unpacks the tree and how long that takes, or why it cannot.
	tree=$(scripts/kernel-src "$v")
	if [ -z "$tree" ] || [ ! -d "$tree" ]; then
		for s in $scripts; do
			echo "SKIP cocci-$s-linux-$v: no linux-source-$v (see kernel-src above)"
		done
		continue
	fi
	for s in $scripts; do
		start=$(date +%s)
		run_tree "$s" report "$tree" | sort_lines > "$scratch/$s-$v.report"
		echo "cocci-$s-linux-$v: $(wc -l < "$scratch/$s-$v.report") reports in $(($(date +%s) - start))s"
		check "cocci-$s-linux-$v" "tests/kernel/cocci-$s-linux-$v.expected" \
			"$scratch/$s-$v.report"

		# Nothing under mm/, where GUP itself lives.
		if grep -q '^mm/' "$scratch/$s-$v.report"; then
			echo "FAIL cocci-$s-linux-$v-no-mm"
		else
			echo "PASS cocci-$s-linux-$v-no-mm"
		fi

		# The patch applies to copies of the files it touches.
		run_tree "$s" patch "$tree" > "$scratch/$s-$v.patch"
		copy=$scratch/tree-$s-$v
		mkdir -p "$copy"
		sed -n 's|^+++ b/||p' "$scratch/$s-$v.patch" | while read -r f; do
			mkdir -p "$copy/$(dirname "$f")"
			cp "$tree/$f" "$copy/$f"
		done
		if patch --batch -s -p1 -d "$copy" < "$scratch/$s-$v.patch" > "$scratch/p.log" 2>&1; then
			echo "PASS cocci-$s-linux-$v-patch-applies ($(grep -c '^+++ b/' "$scratch/$s-$v.patch") files)"
		else
			cat "$scratch/p.log"
			echo "FAIL cocci-$s-linux-$v-patch-applies"
		fi
		rm -rf "$copy"
	done
done

# --- make coccicheck --------------------------------------------------------
# One real make coccicheck run, unmodified, on a hard-link copy of the 6.1
# tree (spatch -j puts a temporary directory in the tree root).
v=6.1 sub=drivers/infiniband
tree=$(scripts/kernel-src "$v")
if ! echo " $kernels " | grep -q " $v "; then
	echo "SKIP cocci-make-coccicheck: linux-$v not among COCCI_KERNELS"
elif [ -z "$tree" ] || [ ! -d "$tree" ]; then
	echo "SKIP cocci-make-coccicheck: no linux-source-$v"
elif ! cp -al "$tree" "$scratch/linux" 2>/dev/null &&
     ! cp -a "$tree" "$scratch/linux"; then
	echo "FAIL cocci-make-coccicheck: cannot copy $tree"
else
	make -s -C "$scratch/linux" coccicheck MODE=report J="$jobs" \
		COCCI="$TOP/cocci/foll_flags.cocci" M="$sub" > "$scratch/make.log" 2>&1
	rc=$?
	grep ': \(WARNING\|ERROR\): \[' "$scratch/make.log" | sort_lines > "$scratch/make.report"
	grep "^$sub/" "tests/kernel/cocci-foll_flags-linux-$v.expected" > "$scratch/make.expected"
	if [ $rc -ne 0 ]; then
		cat "$scratch/make.log"
		echo "FAIL cocci-make-coccicheck: make exited with $rc"
	elif [ ! -s "$scratch/make.report" ]; then
		cat "$scratch/make.log"
		echo "FAIL cocci-make-coccicheck: no reports"
	elif diff -u "$scratch/make.expected" "$scratch/make.report"; then
		echo "PASS cocci-make-coccicheck"
	else
		echo "FAIL cocci-make-coccicheck"
	fi
fi
exit 0
