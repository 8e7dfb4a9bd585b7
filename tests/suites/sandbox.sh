#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Untrusted trees.  gup_policy runs a kernel tree's own build (make
# allmodconfig prepare) for its generated headers: in a sandbox.  The
# hostile tree of tests/hostile tries, from its Makefile, its Kconfig and
# a host program, to write into $HOME, the tree and /tmp, to read a secret
# in $HOME, to connect to a listener on 127.0.0.1, to fork without end and
# to run for ever; every attempt must be contained and the audit must end,
# in bounded time, with a defined exit status and one line saying why the
# preparation failed.  A control run of the same attempts outside any
# sandbox shows that they do work when nothing stops them.  Then: no
# sandbox at all, --no-prepare, --prepare=unsandboxed, and git questions
# asked of a repository whose configuration names programs.
set -u
cd "$TOP" || exit 2
# Not below /tmp: the sandbox's own /tmp is private, which would hide
# the test's files for a reason other than the one tested.
base=$(mktemp -d /var/tmp/gup-sandbox.XXXXXX) || exit 2
listener=
cleanup() {
	[ -n "$listener" ] && kill "$listener" 2>/dev/null
	# Whatever escaped would name $base in its command line.
	for p in $(pgrep -f "$base/" 2>/dev/null); do
		[ "$p" != $$ ] && kill -9 "$p" 2>/dev/null
	done
	rm -rf "$base" /tmp/"$(basename "$base")"-*
}
trap cleanup EXIT
chmod 755 "$base"
TIMEOUT=10
tmpmark=/tmp/$(basename "$base")-pwned
secret=secret-$RANDOM$RANDOM$RANDOM

pass() { echo "PASS sandbox: $*"; }
fail() { echo "FAIL sandbox: $*"; }

if ! command -v bwrap > /dev/null; then
	fail "bwrap is not installed (scripts/deps installs bubblewrap)"
fi

# A listener on 127.0.0.1 that logs every connection, for 5 minutes at most.
python3 - "$base/port" "$base/connections" <<'EOF' &
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
s.settimeout(300)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
while True:
	try:
		c, _ = s.accept()
	except OSError:
		break
	open(sys.argv[2], "a").write("connection\n")
	c.close()
EOF
listener=$!
for _ in $(seq 50); do [ -s "$base/port" ] && break; sleep 0.1; done
port=$(cat "$base/port" 2>/dev/null)
[ -n "$port" ] || { fail "listener did not start"; exit 0; }

# new_tree DIR HOME: a copy of the hostile tree aimed at HOME.
new_tree() {
	mkdir -p "$2"
	cp -r tests/hostile "$1"
	# Only the copy looks like a kernel tree: an audit of tests/ must
	# not take tests/hostile for one and run its build.
	mv "$1/include/linux/mm.h.in" "$1/include/linux/mm.h"
	printf 'home=%s\ntmpmark=%s\nport=%s\n' "$2" "$tmpmark" "$port" \
		> "$1/target.conf"
	echo "$secret" > "$2/secret"
}

manifest() {
	(cd "$1" && find . -printf '%p %T@ %s %m %i\n' | LC_ALL=C sort)
}

# The control: the same attempts with nothing in the way succeed.
new_tree "$base/control" "$base/control-home"
mkdir -p "$base/control-out"
(cd "$base/control" && sh scripts/attack.sh control "$base/control" \
	"$base/control-out" > "$base/control.log" 2>&1 &&
	cc -o "$base/control-out/hostprog" scripts/hostprog.c &&
	"$base/control-out/hostprog" once "$base/control" >> "$base/control.log")
if [ -f "$base/control-home/pwned-control" ] &&
   [ -f "$base/control-home/pwned-hostprog" ] &&
   [ -f "$base/control/pwned-hostprog" ] && [ -f "$tmpmark-hostprog" ] &&
   grep -q "$secret" "$base/control-out/stolen-control" &&
   [ "$(grep -c connection "$base/connections" 2>/dev/null)" -ge 2 ]; then
	pass "control: the attempts work outside a sandbox"
else
	fail "control: the attempts do not work even outside a sandbox"
	cat "$base/control.log"
fi
rm -f "$tmpmark"-* "$base/connections"

# contained NAME TREE HOME CACHE: assert what a run left outside.
contained() {
	local n=$1 tree=$2 home=$3 cache=$4 bad=0

	if ls "$home"/pwned-* > /dev/null 2>&1; then
		fail "$n: the tree wrote into \$HOME: $(ls "$home")"; bad=1
	fi
	manifest "$tree" > "$base/after"
	if ! cmp -s "$base/before" "$base/after"; then
		fail "$n: the tree changed itself"
		diff "$base/before" "$base/after" | head -n 5; bad=1
	fi
	if ls "$tmpmark"-* > /dev/null 2>&1; then
		fail "$n: the tree wrote into /tmp"; bad=1
	fi
	if grep -rqs "$secret" "$cache"; then
		fail "$n: the secret in \$HOME reached the cache"; bad=1
	fi
	if [ -s "$base/connections" ]; then
		fail "$n: the tree connected to 127.0.0.1:$port"; bad=1
	fi
	if pgrep -f "hostprog all $tree\$" > /dev/null; then
		fail "$n: processes of the tree outlived the audit"; bad=1
	fi
	[ $bad = 0 ] && pass "$n: writes to \$HOME, the tree and /tmp, the" \
		"secret, the connection contained; no process left"
}

# hostile NAME [ENV...]: audit a fresh copy of the hostile tree.
hostile() {
	local n=$1 tree=$base/$1 home=$base/$1-home start end rc log
	shift
	new_tree "$tree" "$home"
	manifest "$tree" > "$base/before"
	start=$(date +%s)
	env HOME="$home" "$@" timeout 120 "$GUP_POLICY" -j2 --format=json \
		--prepare-timeout=$TIMEOUT "$tree" > "$base/$n.json" 2> "$base/$n.err"
	rc=$? end=$(date +%s)
	case $rc in
	0|1|2) pass "$n: exit status $rc in $((end - start)) s" \
		"(preparation limited to $TIMEOUT s)" ;;
	*) fail "$n: exit status $rc after $((end - start)) s"; cat "$base/$n.err" ;;
	esac
	log=$(ls "$home"/.cache/gup_policy/trees/*/prepare.log 2>/dev/null)
	if [ "$(grep -c . "$base/$n.err")" = 1 ] &&
	   grep -q "stopped after $TIMEOUT s in the sandbox (see $log)" "$base/$n.err"; then
		pass "$n: one line says the preparation was stopped, with its log"
	else
		fail "$n: not one line about the stopped preparation"
		cat "$base/$n.err"
	fi
	# The tree's code did run, inside: its own output says how it went.
	if grep -q "kconfig: home-write: refused" "$log" &&
	   grep -q "hostprog: connect: refused" "$log" &&
	   grep -Eq "hostprog: forked [0-9]+ processes, then: Resource" "$log"; then
		pass "$n: Makefile, Kconfig and host program ran and were refused" \
			"($(grep -o 'forked [0-9]* processes' "$log"))"
	else
		fail "$n: the tree's code did not run as expected in the sandbox"
		cat "$log"
	fi
	contained "$n" "$tree" "$home" "$home/.cache"
	if python3 -c 'import json, sys
f = json.load(open(sys.argv[1]))["findings"]
sys.exit(not f or any(x["confidence"] == "high" for x in f))' "$base/$n.json"; then
		pass "$n: findings still reported, confidence lowered"
	else
		fail "$n: no findings, or not marked as from a degraded parse"
	fi
}

hostile bwrap
if [ "$(id -u)" = 0 ]; then
	hostile unshare GUP_POLICY_SANDBOX=unshare
else
	echo "SKIP sandbox: unshare fallback: needs root here"
fi

# As a normal user: bwrap or unshare make a user namespace.
as_user() {
	local n=$1 tree=$base/$1 home=$base/$1-home rc log
	shift
	new_tree "$tree" "$home"
	chown -R 65534:65534 "$home"
	manifest "$tree" > "$base/before"
	setpriv --reuid=65534 --regid=65534 --clear-groups -- env HOME="$home" \
		"$@" timeout 120 "$GUP_POLICY" -j2 --prepare-timeout=$TIMEOUT \
		"$tree" > "$base/$n.out" 2> "$base/$n.err"
	rc=$?
	log=$(ls "$home"/.cache/gup_policy/trees/*/prepare.log 2>/dev/null)
	if [ $rc -le 2 ] && grep -q "hostprog: forked [0-9]* processes, then: Resource" "$log" &&
	   grep -q "stopped after $TIMEOUT s in the sandbox" "$base/$n.err"; then
		pass "$n: as nobody, exit $rc, the tree's code ran in the sandbox" \
			"($(grep -o 'forked [0-9]* processes' "$log"))"
	else
		fail "$n: as nobody, exit $rc"; cat "$base/$n.err" "$log"
	fi
	contained "$n" "$tree" "$home" "$home/.cache"
}

if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
	if setpriv --reuid=65534 --regid=65534 --clear-groups -- unshare -U true; then
		as_user user-bwrap
		as_user user-unshare GUP_POLICY_SANDBOX=unshare
	else
		echo "SKIP sandbox: as a normal user: no user namespaces here"
	fi
else
	echo "SKIP sandbox: as a normal user: not root, or no setpriv"
fi

# No sandbox to be had: nothing of the tree runs, and it is said.
n=nosandbox tree=$base/nosandbox home=$base/nosandbox-home
new_tree "$tree" "$home"
env HOME="$home" GUP_POLICY_SANDBOX=none "$GUP_POLICY" --format=json "$tree" \
	> "$base/$n.json" 2> "$base/$n.err"
rc=$?
if [ $rc -le 2 ] && ! ls "$home"/.cache/gup_policy/trees/*/obj/ran-* > /dev/null 2>&1 &&
   grep -q "cannot set up a sandbox.*not running it.*--prepare=unsandboxed" "$base/$n.err" &&
   [ "$(grep -c . "$base/$n.err")" = 1 ]; then
	pass "$n: says so in one line and runs nothing of the tree (exit $rc)"
else
	fail "$n: exit $rc"; cat "$base/$n.err"
fi

# --no-prepare: nothing runs, the parse is marked as degraded.
n=noprepare tree=$base/noprepare home=$base/noprepare-home
new_tree "$tree" "$home"
env HOME="$home" "$GUP_POLICY" --no-prepare "$tree" > "$base/$n.out" 2> "$base/$n.err"
rc=$?
if [ $rc = 1 ] && [ ! -e "$home/.cache/gup_policy/trees" ] &&
   grep -q "not prepared (--no-prepare)" "$base/$n.err" &&
   grep -q "note: degraded parse: .*confidence lowered to medium" "$base/$n.out"; then
	pass "$n: nothing run, findings noted as from a degraded parse"
else
	fail "$n: exit $rc"; cat "$base/$n.err" "$base/$n.out"
fi

# --prepare=unsandboxed runs the tree's build with the user's rights:
# here a tree whose Makefile only leaves a mark in its output directory.
n=unsandboxed tree=$base/unsandboxed home=$base/unsandboxed-home
new_tree "$tree" "$home"
printf 'allmodconfig prepare:\n\t@echo $$HOME > $(O)/ran-$@\n' > "$tree/Makefile"
env HOME="$home" "$GUP_POLICY" --prepare=unsandboxed "$tree" > /dev/null 2> "$base/$n.err"
obj=$(ls -d "$home"/.cache/gup_policy/trees/*/obj)
if grep -qx "$home" "$obj/ran-prepare" 2>/dev/null && [ ! -s "$base/$n.err" ]; then
	pass "$n: the tree's build ran, with the user's environment"
else
	fail "$n: the tree's build did not run as asked"; cat "$base/$n.err"
fi

# Usage.
"$GUP_POLICY" --prepare=maybe "$base/noprepare" > /dev/null 2> "$base/usage.err"
rc=$?
if [ $rc = 2 ] && grep -q "unknown --prepare 'maybe'" "$base/usage.err"; then
	pass "usage: an unknown --prepare is exit 2 with one line"
else
	fail "usage: --prepare=maybe: exit $rc"
fi

# git asked of a tree never runs what the tree's repository configures:
# pager, fsmonitor, hooks, external diff, textconv, signature verifier.
if command -v git > /dev/null; then
	r=$base/repo mark=$base/git-ran
	mkdir -p "$r/drivers/x"
	printf '#!/bin/sh\necho "$0 $*" >> %s\n' "$mark" > "$base/prog"
	# As gpg when signing: a signature, so that 'git log' verifies it.
	cat >> "$base/prog" <<'EOF'
case "$*" in *-bsau*)
	cat > /dev/null
	printf -- '-----BEGIN PGP SIGNATURE-----\n\nAAAA\n-----END PGP SIGNATURE-----\n'
	echo '[GNUPG:] SIG_CREATED ' >&2 ;;
esac
EOF
	chmod +x "$base/prog"
	cp tests/fixtures/foll_force_pin.c "$r/drivers/x/"
	echo '*.c diff=x' > "$r/.gitattributes"
	(cd "$r" && git init -q && git add . &&
	 git -c user.name=T -c user.email=t@example.org \
	     -c gpg.program="$base/prog" commit -q -S -m "x: a driver") ||
		fail "git: could not make the test repository"
	rm -f "$mark"
	for k in core.pager core.fsmonitor diff.external diff.x.textconv \
		 gpg.program gpg.ssh.program core.sshCommand; do
		git -C "$r" config "$k" "$base/prog"
	done
	git -C "$r" config log.showSignature true
	git -C "$r" config core.hooksPath "$base/hooks"
	mkdir -p "$base/hooks"
	for h in pre-commit post-checkout post-index-change reference-transaction; do
		cp "$base/prog" "$base/hooks/$h"
	done
	# The control: git itself runs them for such a repository.
	git -C "$r" log --format=%s > /dev/null 2>&1
	if [ -s "$mark" ]; then
		pass "git: control: plain 'git log' runs the repository's programs"
	else
		fail "git: control: the repository's programs do not run at all"
	fi
	rm -f "$mark"
	(cd "$r" && "$GUP_POLICY" --emit-patches="$base/mails" drivers/x) \
		> /dev/null 2> "$base/git.err"
	rc=$?
	if [ $rc -le 2 ] && [ ! -e "$mark" ] &&
	   grep -q '^Subject: \[PATCH\] x: ' "$base"/mails/0001-*.patch; then
		pass "git: --emit-patches read the history, ran none of the repository's programs"
	else
		fail "git: exit $rc; programs run: $(cat "$mark" 2>/dev/null)"
		cat "$base/git.err"
	fi
else
	echo "SKIP sandbox: git: not installed"
fi
