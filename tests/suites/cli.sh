#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The command line as a contract: exit statuses, one-line errors for bad
# input, output formats.  Exit status 0: clean, 1: findings, 2: trouble.
set -u
cd "$TOP/tests/fixtures" || exit 2
bin=$GUP_POLICY
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect NAME STATUS LINES-ON-STDERR-PATTERN -- command...
expect() {
	local name=$1 want=$2 pat=$3
	shift 4
	timeout 60 "$@" > "$tmp/out" 2> "$tmp/err"
	local rc=$?
	if [ "$rc" != "$want" ]; then
		echo "FAIL cli: $name: exit $rc, want $want"
		head -5 "$tmp/err"
		return
	fi
	# One line saying what is wrong; usage errors add the --help hint.
	if [ -n "$pat" ] && { ! head -n 1 "$tmp/err" | grep -qE -- "$pat" ||
			      sed 1d "$tmp/err" | grep -qv "^Try '.* --help'"; }; then
		echo "FAIL cli: $name: stderr is not one line matching /$pat/"
		cat "$tmp/err"
		return
	fi
	echo "PASS cli: $name"
}

expect "findings give 1" 1 "" -- "$bin" foll_force_pin.c
expect "clean file gives 0" 0 "" -- "$bin" foll_flags_ok.c
expect "missing path" 2 "nope.c: No such file" -- "$bin" nope.c
expect "no path" 2 "no PATH" -- "$bin"
expect "not a C file" 2 "not a C source file" -- "$bin" foll_force_pin.patch
expect "unknown option" 2 "" -- "$bin" --frobnicate foll_force_pin.c
expect "unknown format" 2 "unknown format" -- "$bin" --format=xml x.c
expect "unknown rule" 2 "unknown rule 'no-such'" -- "$bin" --rules=no-such x.c
expect "bad -j" 2 "-j needs a number" -- "$bin" -j 0 x.c
expect "--emit-patches without a directory" 2 "needs a directory" -- \
	"$bin" --emit-patches= foll_force_pin.c
expect "--diff with --merge" 2 "do not go together" -- "$bin" --diff=x.diff --merge a.json
expect "--emit-patches with --merge" 2 "does not go with --merge" -- \
	"$bin" --emit-patches=x --merge a.json
expect "--help" 0 "" -- "$bin" --help
expect "--version" 0 "" -- "$bin" --version
expect "--rules selects" 0 "" -- "$bin" --rules=foll-literal foll_force_pin.c
expect "--disable removes" 0 "" -- "$bin" --disable=foll-force-pin foll_force_pin.c
expect "--severity=error hides warnings" 0 "" -- "$bin" --severity=error foll_force_pin.c

mkdir -p "$tmp/t/sub"
printf 'int x;\0binary' > "$tmp/t/bin.c"
expect "binary .c named on the command line" 2 "bin.c: binary data" -- "$bin" "$tmp/t/bin.c"
: > "$tmp/t/empty.c"
expect "empty file" 0 "" -- "$bin" "$tmp/t/empty.c"
ln -s loop1 "$tmp/t/loop2" && ln -s loop2 "$tmp/t/loop1"
ln -s .. "$tmp/t/sub/up"
expect "symlink loops inside a walk" 2 "bin.c: binary data" -- "$bin" "$tmp/t"
expect "symlink loop named" 2 "loop1: Too many levels of symbolic links" -- "$bin" "$tmp/t/loop1"
mkdir -p "$tmp/deep" && d="$tmp/deep" && for i in $(seq 1 200); do d="$d/d"; done
mkdir -p "$d" && cp foll_force_pin.c "$d/"
expect "directories nested too deep are refused, not skipped quietly" 2 "nested deeper than 64" -- "$bin" "$tmp/deep"
expect "a directory as a file" 2 "" -- "$bin" "$tmp/t/sub/up/sub/up/bin.c"

# Compile databases: malformed ones are refused, commands never run.
mkdir -p "$tmp/db"
echo '{"not": "an array"}' > "$tmp/db/compile_commands.json"
expect "compdb not an array" 2 "expected an array" -- "$bin" -p "$tmp/db" foll_force_pin.c
echo '[{"file": 3}]' > "$tmp/db/compile_commands.json"
expect "compdb wrong types" 2 "entry 0: needs string" -- "$bin" -p "$tmp/db" foll_force_pin.c
echo '[{"directory": "/", "file": "x.c", "command": "cc' > "$tmp/db/compile_commands.json"
expect "compdb truncated" 2 "not valid JSON" -- "$bin" -p "$tmp/db" foll_force_pin.c
expect "compdb missing" 2 "compile_commands.json: No such file" -- "$bin" -p "$tmp/nodb" foll_force_pin.c
cp foll_force_pin.c "$tmp/db/"
cat > "$tmp/db/compile_commands.json" <<JSON
[{"directory": "$tmp/db", "file": "foll_force_pin.c",
  "command": "gcc -c -fconserve-stack -mindirect-branch=thunk-extern -DX=1 \$(touch $tmp/pwned); touch $tmp/pwned2 \`touch $tmp/pwned3\` foll_force_pin.c"}]
JSON
expect "compdb gcc-only flags dropped" 1 "" -- "$bin" -p "$tmp/db" "$tmp/db/foll_force_pin.c"
if ls "$tmp"/pwned* >/dev/null 2>&1; then
	echo "FAIL cli: compdb command was run through a shell"
else
	echo "PASS cli: compdb command never run through a shell"
fi
expect "compdb with no PATH checks its files" 1 "" -- "$bin" -p "$tmp/db"

# JSON is valid and carries what the contract says.
"$bin" --format=json foll_force_pin.c > "$tmp/json"
if python3 - "$tmp/json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f = d["findings"][0]
assert d["tool"]["name"] == "gup_policy"
for k in ("rule", "severity", "confidence", "file", "line", "column",
          "function", "message", "gup_call", "related", "fix"):
    assert k in f, k
assert f["rule"] == "foll-force-pin" and f["function"] == "xdev_map_user"
assert f["gup_call"]["api"] == "pin_user_pages_fast"
assert f["fix"].startswith("--- a/foll_force_pin.c")
assert d["stats"]["files_parsed"] == 1
assert f["code"] == "pinned = pin_user_pages_fast(uaddr, npages,", f["code"]
assert len(f["fingerprint"]) == 16
src = open("foll_force_pin.c").read()
e = f["edits"][0]
assert src[e["offset"]:e["offset"] + e["length"]] == " | FOLL_FORCE", e
assert (e["char_offset"], e["char_length"], e["text"]) == (e["offset"], e["length"], "")
PY
then echo "PASS cli: json output"; else echo "FAIL cli: json output"; fi

# The proposed patch applies and re-checks clean.
mkdir -p "$tmp/p" && cp foll_force_branch.c "$tmp/p/"
(cd "$tmp/p" && { "$bin" --format=patch foll_force_branch.c > fix.patch; [ $? -eq 1 ]; } &&
 patch -p1 -s < fix.patch && "$bin" foll_force_branch.c >/dev/null)
[ $? -eq 0 ] && echo "PASS cli: --format=patch applies and fixes" ||
	echo "FAIL cli: --format=patch applies and fixes"

expect "--explain prints the rule's page" 0 "" -- "$bin" --explain=foll-force-pin
grep -q '^# foll-force-pin' "$tmp/out" && echo "PASS cli: --explain text" ||
	echo "FAIL cli: --explain text"
expect "--explain of no rule" 2 "no documentation for rule 'nope'" -- "$bin" --explain=nope

# Sharded runs merge into the whole run's result.
"$bin" --format=json foll_*.c > "$tmp/s1.json"
"$bin" --format=json vma_*.c release_*.c flags_*.c > "$tmp/s2.json"
"$bin" foll_*.c vma_*.c release_*.c flags_*.c > "$tmp/whole"
"$bin" --merge "$tmp/s2.json" "$tmp/s1.json" "$tmp/s1.json" > "$tmp/merged"
if diff -u "$tmp/whole" "$tmp/merged"; then
	echo "PASS cli: --merge of shards equals the whole run"
else
	echo "FAIL cli: --merge of shards equals the whole run"
fi
"$bin" --merge --format=json "$tmp/s1.json" "$tmp/s2.json" > "$tmp/m.json"
"$bin" --merge "$tmp/m.json" > "$tmp/merged2"
diff -q "$tmp/whole" "$tmp/merged2" >/dev/null &&
	echo "PASS cli: --merge output merges again" ||
	echo "FAIL cli: --merge output merges again"
# JSON merged once is the JSON of the run: code, fingerprints, edits kept.
"$bin" --merge --format=json "$tmp/s1.json" > "$tmp/m1.json"
diff <(grep -v '"seconds"' "$tmp/s1.json") <(grep -v '"seconds"' "$tmp/m1.json") >/dev/null &&
	echo "PASS cli: --merge --format=json keeps every field" ||
	echo "FAIL cli: --merge --format=json keeps every field"
echo '{"findings": [{"rule": 3}], "stats": {}}' > "$tmp/bad.json"
expect "--merge of foreign JSON" 2 "finding 0 is incomplete" -- "$bin" --merge "$tmp/bad.json"
expect "--merge of nothing" 2 "needs the JSON files" -- "$bin" --merge

# SARIF: valid against the SARIF 2.1.0 schema (tests/sarif/, checked by
# jsonschema with URI formats), and carrying what code scanning reads.
validate=
for py in /usr/bin/python3 python3; do
	if "$py" "$TOP/tests/sarif/validate" 2>/dev/null; then
		validate="$py $TOP/tests/sarif/validate"
		break
	fi
done
sarif_ok() {	# sarif_ok NAME FILE...: schema-valid, else FAIL with the errors
	local name=$1
	shift
	if [ -z "$validate" ]; then
		echo "FAIL cli: $name: no SARIF validator (scripts/deps installs python3-jsonschema, python3-rfc3987)"
	elif $validate "$@" > "$tmp/verr" 2>&1; then
		echo "PASS cli: $name"
	else
		echo "FAIL cli: $name"
		head -20 "$tmp/verr"
	fi
}
# The validator itself rejects what it should (a live negative control).
echo '{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x",
  "informationUri": "no scheme"}}, "results": [{"message": {"text": "m"},
  "level": "bogus"}]}]}' > "$tmp/bad.sarif"
if [ -n "$validate" ] && ! $validate "$tmp/bad.sarif" > /dev/null 2>&1; then
	echo "PASS cli: the SARIF validator rejects an invalid log"
else
	echo "FAIL cli: the SARIF validator rejects an invalid log"
fi
expect "--format=sarif with a finding gives 1" 1 "" -- "$bin" --format=sarif foll_force_pin.c
cp "$tmp/out" "$tmp/one.sarif"
sarif_ok "sarif of foll_force_pin.c is valid" "$tmp/one.sarif"
"$bin" --list-rules | cut -d' ' -f1 > "$tmp/rules"
python3 - "$tmp/one.sarif" "$tmp/rules" <<'PY' && echo "PASS cli: sarif content" || echo "FAIL cli: sarif content"
import json, os, subprocess, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == "2.1.0" and "sarif-schema-2.1.0" in d["$schema"]
run, = d["runs"]
drv = run["tool"]["driver"]
assert drv["name"] == "gup_policy" and drv["version"]
rules = [r["id"] for r in drv["rules"]]
listed = open(sys.argv[2]).read().split()
assert rules == listed, (rules, listed)
for r in drv["rules"]:
    assert r["shortDescription"]["text"] and r["fullDescription"]["text"], r["id"]
    # help is the rule's page, where it has one (as --explain finds it)
    page = subprocess.run([os.environ["GUP_POLICY"], "--explain=" + r["id"]],
                          capture_output=True, text=True).stdout
    assert r.get("help", {}).get("markdown", "") == page, r["id"]
    assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert "helpUri" not in r
ffp = drv["rules"][rules.index("foll-force-pin")]
assert ffp["name"] == "FollForcePin"
assert ffp["fullDescription"]["text"].startswith("FOLL_FORCE in the flags of:\n\n- any `pin_user_pages*()`")
res, = run["results"]
assert res["ruleId"] == "foll-force-pin" and rules[res["ruleIndex"]] == "foll-force-pin"
assert res["level"] == "warning"
loc = res["locations"][0]
pl = loc["physicalLocation"]
assert pl["artifactLocation"] == {"uri": "foll_force_pin.c", "uriBaseId": "SRCROOT"}
assert pl["region"] == {"startLine": 19, "startColumn": 11}
assert loc["logicalLocations"] == [{"name": "xdev_map_user", "kind": "function"}]
rel, = res["relatedLocations"]
assert rel["id"] == 1 and rel["message"]["text"] == "FOLL_FORCE added here"
assert rel["physicalLocation"]["region"] == {"startLine": 20, "startColumn": 23}
assert len(res["partialFingerprints"]["gupPolicy/v1"]) == 16
fix, = res["fixes"]
assert fix["description"]["text"].startswith("--- a/foll_force_pin.c")
ch, = fix["artifactChanges"]
assert ch["artifactLocation"]["uri"] == "foll_force_pin.c"
# The replacements, applied to the file, give what the patch gives.
src = open("foll_force_pin.c").read()
for r in sorted(ch["replacements"], key=lambda r: -r["deletedRegion"]["charOffset"]):
    o, n = r["deletedRegion"]["charOffset"], r["deletedRegion"]["charLength"]
    src = src[:o] + r.get("insertedContent", {}).get("text", "") + src[o + n:]
assert "FOLL_WRITE | FOLL_LONGTERM,\n" in src and "FOLL_FORCE |" not in src
open(sys.argv[1] + ".fixed.c", "w").write(src)
inv, = run["invocations"]
assert inv["executionSuccessful"] is True and inv["toolExecutionNotifications"] == []
PY
mkdir -p "$tmp/sp" && cp foll_force_pin.c "$tmp/sp/" &&
	(cd "$tmp/sp" && patch -p1 -s < "$TOP/tests/fixtures/foll_force_pin.patch") &&
	cmp -s "$tmp/sp/foll_force_pin.c" "$tmp/one.sarif.fixed.c" &&
	echo "PASS cli: sarif replacements equal the patch" ||
	echo "FAIL cli: sarif replacements equal the patch"

# Every fixture at once, notes too, with --docs-url: each finding is a
# result, and each with a fix has SARIF fixes.
"$bin" --format=sarif --severity=note --docs-url=https://example.org/gup_policy/docs/ *.c > "$tmp/all.sarif"
"$bin" --format=json --severity=note *.c > "$tmp/all.json"
sarif_ok "sarif of every fixture is valid" "$tmp/all.sarif"
python3 - "$tmp/all.sarif" "$tmp/all.json" <<'PY' && echo "PASS cli: sarif of every fixture: results, fixes, helpUri" || echo "FAIL cli: sarif of every fixture: results, fixes, helpUri"
import json, sys
s = json.load(open(sys.argv[1]))["runs"][0]
j = json.load(open(sys.argv[2]))["findings"]
res = s["results"]
assert len(res) == len(j) > 20, (len(res), len(j))
for r, f in zip(res, j):
    assert r["ruleId"] == f["rule"] and r["message"]["text"] == f["message"]
    pl = r["locations"][0]["physicalLocation"]
    assert pl["artifactLocation"]["uri"] == f["file"]
    assert pl["region"]["startLine"] == f["line"]
    assert ("fixes" in r) == (f["fix"] is not None), f
    assert r["partialFingerprints"]["gupPolicy/v1"] == f["fingerprint"]
assert {r["level"] for r in res} == {"error", "warning", "note"}
drv = s["tool"]["driver"]
assert drv["informationUri"] == "https://example.org/gup_policy/docs"
assert drv["rules"][0]["helpUri"] == "https://example.org/gup_policy/docs/rules/%s.md" % drv["rules"][0]["id"]
PY
expect "--docs-url needs a URL" 2 "--docs-url needs an absolute URL" -- "$bin" --format=sarif --docs-url=docs x.c

# A file that cannot be checked is a notification; the run did not succeed.
printf 'int x;\0binary' > "$tmp/bin.c"
expect "--format=sarif with a failed file gives 2" 2 "bin.c: binary data" -- "$bin" --format=sarif foll_flags_ok.c "$tmp/bin.c"
cp "$tmp/out" "$tmp/fail.sarif"
sarif_ok "sarif with a failed file is valid" "$tmp/fail.sarif"
python3 - "$tmp/fail.sarif" "$tmp/bin.c" <<'PY' && echo "PASS cli: sarif notification for a failed file" || echo "FAIL cli: sarif notification for a failed file"
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
inv, = run["invocations"]
assert inv["executionSuccessful"] is False
n, = inv["toolExecutionNotifications"]
assert n["level"] == "error" and "binary data" in n["message"]["text"]
assert n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "file://" + sys.argv[2]
assert run["results"] == []
PY

# --merge renders SARIF too: the shards' SARIF equals the whole run's.
"$bin" --format=sarif foll_*.c vma_*.c release_*.c flags_*.c > "$tmp/whole.sarif"
"$bin" --merge --format=sarif "$tmp/s2.json" "$tmp/s1.json" > "$tmp/merged.sarif"
sarif_ok "sarif of --merge is valid" "$tmp/merged.sarif"
python3 - "$tmp/whole.sarif" "$tmp/merged.sarif" <<'PY' && echo "PASS cli: --merge --format=sarif equals the whole run" || echo "FAIL cli: --merge --format=sarif equals the whole run"
import json, sys
a, b = (json.load(open(p))["runs"][0] for p in sys.argv[1:])
assert a["results"] == b["results"] and len(a["results"]) > 5
assert any("fixes" in r for r in b["results"])
assert a["tool"] == b["tool"] and a["invocations"] == b["invocations"]
PY

# Baselines: findings recorded once are not reported again, even moved;
# a new one is, alone; each recorded finding absorbs one current finding.
mkdir -p "$tmp/bl" && cp foll_force_pin.c "$tmp/bl/" && cd "$tmp/bl" || exit 2
expect "--write-baseline exits 0 and prints as usual" 0 "" -- "$bin" --write-baseline=base.json foll_force_pin.c
grep -q '^foll_force_pin.c:19:11: warning: \[foll-force-pin\]' "$tmp/out" &&
python3 - base.json <<'PY' && echo "PASS cli: baseline file" || echo "FAIL cli: baseline file"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["gup_policy_baseline"] == 1 and len(d["findings"]) == 1
e = d["findings"][0]
assert (e["rule"], e["file"], e["function"]) == ("foll-force-pin", "foll_force_pin.c", "xdev_map_user")
assert e["code"] == "pinned = pin_user_pages_fast(uaddr, npages," and e["line"] == 19
PY
sed -i '9a /* three lines above the finding */\n\nstruct other;' foll_force_pin.c
expect "--baseline: a moved finding is not new" 0 "" -- "$bin" --baseline=base.json foll_force_pin.c
[ ! -s "$tmp/out" ] && echo "PASS cli: --baseline prints nothing when nothing is new" ||
	{ echo "FAIL cli: --baseline prints nothing when nothing is new"; cat "$tmp/out"; }
cat >> foll_force_pin.c <<'C'
int xdev_map_again(unsigned long uaddr, struct page **pages)
{
	return pin_user_pages_fast(uaddr, 1, FOLL_FORCE, pages);
}
C
expect "--baseline: a new finding gives 1" 1 "" -- "$bin" --baseline=base.json foll_force_pin.c
[ "$(grep -c warning: "$tmp/out")" = 1 ] && grep -q '^foll_force_pin.c:43:9: warning: \[foll-force-pin\]' "$tmp/out" &&
	echo "PASS cli: --baseline reports exactly the new finding" ||
	{ echo "FAIL cli: --baseline reports exactly the new finding"; cat "$tmp/out"; }
"$bin" --baseline=base.json --format=patch foll_force_pin.c > new.patch
grep -q '^+	return pin_user_pages_fast(uaddr, 1, 0, pages);' new.patch && ! grep -q FOLL_WRITE new.patch &&
	echo "PASS cli: --baseline --format=patch fixes only the new finding" ||
	{ echo "FAIL cli: --baseline --format=patch fixes only the new finding"; cat new.patch; }
cat > twice.c <<'C'
#define FOLL_FORCE 0x10
struct page;
int pin_user_pages_fast(unsigned long, int, unsigned int, struct page **);
int twice(unsigned long a, struct page **p)
{
	int n;

	n = pin_user_pages_fast(a, 1, FOLL_FORCE, p);
	n = pin_user_pages_fast(a, 1, FOLL_FORCE, p);
	return n;
}
C
"$bin" --write-baseline=twice.json twice.c > /dev/null
sed -i 's/^\tn = pin.*/&\n&/' twice.c
sed -i '8d' twice.c
expect "--baseline is a multiset: the third identical call is new" 1 "" -- "$bin" --baseline=twice.json twice.c
[ "$(grep -c warning: "$tmp/out")" = 1 ] && echo "PASS cli: two recorded findings absorb two" ||
	{ echo "FAIL cli: two recorded findings absorb two"; cat "$tmp/out"; }
echo '{"gup_policy_baseline": 1, "findings": [{"rule": "foll-force-pin"}]}' > bad1.json
expect "--baseline with an incomplete entry" 2 "bad1.json: a finding lacks" -- "$bin" --baseline=bad1.json twice.c
echo '{"gup_policy_baseline": 1, "findings": [' > bad2.json
expect "--baseline of malformed JSON" 2 "bad2.json: not valid JSON" -- "$bin" --baseline=bad2.json twice.c
echo '{"findings": []}' > bad3.json
expect "--baseline of other JSON" 2 "bad3.json: not a gup_policy baseline" -- "$bin" --baseline=bad3.json twice.c
echo '{"gup_policy_baseline": 2, "findings": []}' > bad4.json
expect "--baseline of a later version" 2 "bad4.json: a baseline of an unknown version" -- "$bin" --baseline=bad4.json twice.c
expect "--baseline missing" 2 "nope.json: No such file" -- "$bin" --baseline=nope.json twice.c
expect "--write-baseline unwritable" 2 "cannot write the baseline" -- "$bin" --write-baseline="$tmp/no/such/dir.json" twice.c
"$bin" --format=json twice.c > twice-run.json
expect "--merge --baseline" 1 "" -- "$bin" --merge --baseline=twice.json twice-run.json
[ "$(grep -c warning: "$tmp/out")" = 1 ] && echo "PASS cli: --merge applies the baseline" ||
	echo "FAIL cli: --merge applies the baseline"
cd "$TOP/tests/fixtures" || exit 2
