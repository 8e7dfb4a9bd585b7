#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# attack.sh WHO TREE OUT: what a hostile Makefile or Kconfig tries.  WHO
# names the part of the build; OUT is its output directory.  Each line
# says how the attempt went, as the attacker sees it.
who=$1 tree=$2 out=$3
. "$tree/target.conf"

try() {
	if ( eval "$2" ) 2>/dev/null; then r=done; else r=refused; fi
	echo "$who: $1: $r"
}
try home-write "echo x > '$home/pwned-$who'"
try tree-write "echo x > '$tree/pwned-$who'"
try tmp-write "echo x > '$tmpmark-$who'"
try secret-read "cat '$home/secret' > '$out/stolen-$who'"
try connect "timeout 5 bash -c 'echo $who > /dev/tcp/127.0.0.1/$port'"
exit 0
