#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# 'make demo' and 'make check' as the first commands on a new machine, one
# that carries llvm-config-14 without libclang's headers and no LLVM 19
# until scripts/deps installs it.  A copy of the working tree's files (no
# build/) runs with a PATH holding every program of /usr/bin but the real
# llvm-config-*, and an llvm-config-14 stand-in whose includedir has no
# clang-c/Index.h.  The copy's scripts/deps is replaced by one that
# "installs" LLVM 19: it puts a logging llvm-config-19, which runs the
# real one, on that PATH.  Each llvm-config and deps call is logged in
# order: make must run deps before it asks any llvm-config, then ask only
# llvm-config-19, and build with its libclang.  tests/run of the copy is a
# stub, so 'make check' runs its steps but not the suites again.
set -u
real=$(command -v llvm-config-19) || {
	echo "SKIP make: no llvm-config-19 here to stand for the one deps installs"
	exit 0
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
calls=$tmp/calls
src=$tmp/src

# A PATH like /usr/bin without any llvm-config, plus the stand-in for 14.
mkdir -p "$tmp/usrbin" "$tmp/llvm" "$tmp/llvm14/include" "$tmp/llvm14/lib" \
	"$tmp/llvm14/bin"
for p in /usr/bin/*; do
	case ${p##*/} in
	llvm-config*) ;;
	*) ln -s "$p" "$tmp/usrbin/" ;;
	esac
done
path=$tmp/llvm:$tmp/usrbin
cat > "$tmp/llvm/llvm-config-14" <<EOF
#!/bin/sh
echo "llvm-config-14 \$*" >> $calls
case \$1 in
--version) echo 14.0.6 ;;
--includedir) echo $tmp/llvm14/include ;;
--libdir) echo $tmp/llvm14/lib ;;
--bindir) echo $tmp/llvm14/bin ;;
esac
EOF
cat > "$tmp/llvm-config-19" <<EOF
#!/bin/sh
echo "llvm-config-19 \$*" >> $calls
exec $real "\$@"
EOF
chmod +x "$tmp/llvm/llvm-config-14" "$tmp/llvm-config-19"

# fresh: a new copy of the working tree's files, LLVM 19 not installed.
fresh() {
	rm -rf "$src" "$tmp/llvm/llvm-config-19"
	: > "$calls"
	mkdir -p "$src"
	git -C "$TOP" ls-files -z | (cd "$TOP" && tar --null -T - -cf -) |
		tar -xf - -C "$src" || return 1
	cat > "$src/scripts/deps" <<EOF
#!/bin/sh
echo "deps \$*" >> $calls
ln -s $tmp/llvm-config-19 $tmp/llvm/llvm-config-19
EOF
	cat > "$src/tests/run" <<EOF
#!/bin/sh
echo "tests" >> $calls
EOF
}

# first NAME: deps came first, then only llvm-config-19 was asked, and the
# checker links the libclang of the real LLVM 19.
first() {
	local name=$1 want=$2 libdir
	libdir=$($real --libdir)
	if [ "$(head -n 1 "$calls")" != "$want" ]; then
		echo "FAIL make: $name: '$want' is not the first step; the steps were:"
		cat "$calls"
	elif grep -q '^llvm-config-14' "$calls"; then
		echo "FAIL make: $name: llvm-config-14 was asked"
		cat "$calls"
	elif ! grep -q '^llvm-config-19' "$calls"; then
		echo "FAIL make: $name: the llvm-config-19 deps installed was never asked"
		cat "$calls"
	elif ! readelf -d "$src/build/gup_policy-core" 2>/dev/null |
			grep -q "RUNPATH.*\[$libdir\]"; then
		echo "FAIL make: $name: gup_policy-core is not linked with $libdir"
	else
		echo "PASS make: $name: deps first, then LLVM 19"
	fi
}

fresh || { echo "FAIL make: cannot copy the tree"; exit 0; }
PATH=$path timeout 300 make -C "$src" -j2 demo > "$tmp/out" 2>&1
rc=$?
if [ "$rc" -ne 0 ]; then
	echo "FAIL make: demo as the first command: exit $rc"
	tail -n 5 "$tmp/out"
elif ! grep -q 'warning: \[' "$tmp/out"; then
	echo "FAIL make: demo as the first command shows no finding"
else
	echo "PASS make: demo as the first command"
fi
first "demo" "deps --build"

fresh || exit 0
PATH=$path timeout 300 make -C "$src" -j2 check > "$tmp/out" 2>&1
rc=$?
if [ "$rc" -ne 0 ]; then
	echo "FAIL make: check as the first command: exit $rc"
	tail -n 5 "$tmp/out"
elif [ "$(tail -n 1 "$calls")" != tests ]; then
	echo "FAIL make: check as the first command did not run the tests last"
	cat "$calls"
else
	echo "PASS make: check as the first command"
fi
first "check" "deps "

# LLVM_CONFIG picks another LLVM; without libclang's headers make stops,
# in one line, before anything is built.
fresh || exit 0
PATH=$path make -C "$src" LLVM_CONFIG=llvm-config-14 > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ "$rc" -ne 2 ] || [ "$(wc -l < "$tmp/err")" -ne 1 ] ||
		! grep -q 'no libclang headers.*clang-c/Index.h.*libclang-14-dev' "$tmp/err"; then
	echo "FAIL make: LLVM_CONFIG without libclang headers: exit $rc, want 2 and one line"
	cat "$tmp/err"
elif [ -e "$src/build" ]; then
	echo "FAIL make: LLVM_CONFIG without libclang headers: build/ was made"
else
	echo "PASS make: LLVM_CONFIG without libclang headers stops before building"
fi

# A deps that cannot install (not root) stops make demo with its own
# message, before any llvm-config is asked.
cat > "$src/scripts/deps" <<EOF
#!/bin/sh
echo "deps \$*" >> $calls
echo "run: sudo apt-get install --no-install-recommends llvm-19" >&2
exit 1
EOF
: > "$calls"
PATH=$path make -C "$src" demo > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ "$rc" -eq 0 ] || ! grep -q '^run: sudo apt-get install' "$tmp/err" ||
		grep -q '^llvm-config' "$calls"; then
	echo "FAIL make: demo without the packages: exit $rc; stderr:"
	cat "$tmp/err"
else
	echo "PASS make: demo without the packages stops at the apt-get line"
fi
exit 0
