// SPDX-License-Identifier: GPL-2.0-only
/// Check the FOLL_* flags and the release calls of get_user_pages() and
/// pin_user_pages() callers against the GUP API contract
/// (Documentation/core-api/pin_user_pages.rst):
///  - [foll-internal] FOLL_PIN, FOLL_GET or a GUP-internal flag (FOLL_TOUCH,
///    FOLL_TRIED, FOLL_REMOTE, FOLL_FAST_ONLY, FOLL_UNLOCKABLE,
///    FOLL_MADV_POPULATE) passed by a caller; GUP sets those itself.
///  - [foll-longterm-get] FOLL_LONGTERM on a get_user_pages*() call; a
///    long-term reference must be a pin.
///  - [foll-longterm-p2pdma] FOLL_LONGTERM together with FOLL_PCI_P2PDMA,
///    which GUP refuses.
///  - [foll-literal] flags that are not built from FOLL_* names: an integer
///    literal other than 0, or a boolean "write" value.
///  - [foll-force-pin] FOLL_FORCE on a pin_user_pages*() call or together
///    with FOLL_LONGTERM; FOLL_FORCE is for debugger-style access
///    (ptrace, /proc/pid/mem, uprobes), not for pinning pages for DMA.
///  - [gup-release-mismatch] pages from pin_user_pages*() released with
///    put_page()/release_pages(), or pages from get_user_pages*() released
///    with unpin_user_page*().
/// Flags are followed through local variables assigned (=, |=) on a path to
/// the call.  Patch mode drops FOLL_FORCE and internal flags, spells the
/// literal 1 and boolean write values as FOLL_WRITE, and switches a
/// mismatched release call.
///
//# The flags argument is read from its position for each GUP entry point
//# (3rd for get/pin_user_pages{,_fast,_fast_only,_locked}, 4th for the
//# _unlocked and _remote variants, 2nd for get_user_page_fast_only(), 3rd
//# for get_user_page_vma_remote()).  Flags passed in from another function
//# (a parameter, a structure field) are not followed; the gup_policy
//# libclang checker does that.  Nothing under mm/ is reported: GUP itself
//# lives there.
//
// Confidence: High
// Copyright: (C) 2026 The gup_policy authors.
// Comments: Rule ids in brackets match the gup_policy rule catalog.
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
import os
import re

INTERNAL = ("FOLL_PIN", "FOLL_GET", "FOLL_TOUCH", "FOLL_TRIED",
	    "FOLL_REMOTE", "FOLL_FAST_ONLY", "FOLL_UNLOCKABLE",
	    "FOLL_MADV_POPULATE")
PUT_CALLS = ("put_page", "release_pages")
UNPIN_CALLS = ("unpin_user_page", "unpin_user_pages",
	       "unpin_user_pages_dirty_lock", "put_user_page",
	       "put_user_pages", "put_user_pages_dirty_lock")

calls = {}	# GUP call sites of the current file, by position
drops = {}	# flag definitions (v = ..., v |= ...) to rewrite, by position
bad_release = set()	# mismatched release calls, by position
def_text = {}	# right-hand side of flag definitions, by position
mm_dirs = {}

def in_mm(fname):
	"""True for files of GUP itself: below a directory 'mm' holding gup.c."""
	d = os.path.dirname(os.path.abspath(fname))
	while d and d != os.path.dirname(d):
		if os.path.basename(d) == "mm":
			if d not in mm_dirs:
				mm_dirs[d] = os.path.exists(os.path.join(d, "gup.c"))
			if mm_dirs[d]:
				return True
		d = os.path.dirname(d)
	return False

def key(p):
	return (p[0].file, p[0].line, p[0].column)

def norm(s):
	return re.sub(r"\s+", "", s)

def add_call(p, fn, flags, pages):
	if in_mm(p[0].file):
		return
	calls[key(p)] = {"fn": fn, "flags": flags, "pages": pages,
			 "defs": [], "bool": False, "rel": []}

def is_call(p):
	return key(p) in calls

def add_def(p, v, expr, q):
	c = calls.get(key(p))
	if c is None or not re.search(r"\b%s\b" % re.escape(v), c["flags"]):
		return
	d = (v, expr, int(q[0].line), key(q))
	def_text[key(q)] = expr
	if d not in c["defs"]:
		c["defs"].append(d)

def foll_names(text):
	return set(re.findall(r"\bFOLL_[A-Z0-9_]+\b", text))

def literals(text):
	"""Integer literals used as flag values: not in a ternary's condition
	nor compared with something."""
	if "?" in text:
		text = text.split("?", 1)[1]
	text = re.sub(r"(==|!=|<=|>=|(?<![-<>])<(?!<)|(?<![-<>])>(?!>))\s*-?\s*\w+",
		      " ", text)
	out = []
	for m in re.finditer(r"(?<![\w.])(0[xX][0-9a-fA-F]+|\d+)[uUlL]*\b",
			     text):
		try:
			v = int(m.group(1), 0)
		except ValueError:
			v = int(m.group(1), 8)
		if v != 0:
			out.append(m.group(0))
	return out

def boolean_text(text):
	t = text.strip()
	if foll_names(t):
		return False
	t = re.sub(r"->|<<|>>", " ", t)
	return t.startswith("!") or bool(re.search(r"==|!=|&&|\|\||<|>", t))

def pages_of(c, arg):
	"""Does the release argument name the pages of this GUP call?"""
	pages = norm(c["pages"])
	arg = norm(arg)
	if pages.startswith("&"):
		return arg == pages[1:]
	if arg == pages or arg == "*" + pages:
		return True
	return arg.startswith(pages + "[") or arg.startswith("&" + pages + "[")

def via(c, flag):
	for (v, expr, line, _) in c["defs"]:
		if flag in foll_names(expr):
			return " (set in %s at line %d)" % (v, line)
	return ""

def found(c, rule, sev, msg, drop=None):
	c.setdefault("found", []).append((rule, "%s: [%s] %s" % (sev, rule, msg)))
	if drop:
		for (v, expr, line, k) in c["defs"]:
			if drop in foll_names(expr):
				drops.setdefault(k, set()).add(drop)

def decide(p):
	c = calls.get(key(p))
	if c is None or "found" in c:
		return
	c["found"] = []
	fn = c["fn"]
	pin = fn.startswith("pin_")
	texts = [c["flags"]] + [d[1] for d in c["defs"]]
	names = set()
	for t in texts:
		names |= foll_names(t)
	for f in sorted(names & set(INTERNAL)):
		if f == "FOLL_GET" and not pin:
			found(c, "foll-internal", "WARNING",
			      "FOLL_GET passed to %s()%s: redundant, the get_ API sets it itself" %
			      (fn, via(c, f)), f)
		elif f == "FOLL_GET":
			found(c, "foll-internal", "ERROR",
			      "FOLL_GET passed to %s()%s: pin_ APIs refuse it" %
			      (fn, via(c, f)), f)
		elif f == "FOLL_PIN":
			found(c, "foll-internal", "ERROR",
			      "FOLL_PIN passed to %s()%s: only the pin_ APIs may set it" %
			      (fn, via(c, f)), f)
		else:
			found(c, "foll-internal", "ERROR",
			      "%s passed to %s()%s: GUP-internal flag, callers must not pass it" %
			      (f, fn, via(c, f)), f)
	if "FOLL_LONGTERM" in names and not pin:
		found(c, "foll-longterm-get", "ERROR",
		      "FOLL_LONGTERM passed to %s()%s: long-term references must be pins, use pin_user_pages*()" %
		      (fn, via(c, "FOLL_LONGTERM")))
	if "FOLL_LONGTERM" in names and "FOLL_PCI_P2PDMA" in names:
		found(c, "foll-longterm-p2pdma", "ERROR",
		      "FOLL_LONGTERM with FOLL_PCI_P2PDMA passed to %s(): GUP refuses the combination" %
		      fn)
	if "FOLL_FORCE" in names and (pin or "FOLL_LONGTERM" in names):
		what = "a long-term pin" if "FOLL_LONGTERM" in names else "a pin"
		found(c, "foll-force-pin", "WARNING",
		      "FOLL_FORCE passed to %s()%s: %s is not debugger access, drop FOLL_FORCE" %
		      (fn, via(c, "FOLL_FORCE"), what), "FOLL_FORCE")
	lits = []
	for t in texts:
		lits += literals(t)
	if lits:
		found(c, "foll-literal", "WARNING",
		      "flags of %s() contain the literal %s: spell them with FOLL_* names" %
		      (fn, lits[0]))
	elif c["bool"] or boolean_text(c["flags"]):
		found(c, "foll-literal", "WARNING",
		      "flags of %s() are the boolean '%s': pass FOLL_WRITE or 0" %
		      (fn, c["flags"].strip()))
	for (rel, line, arg, k) in c["rel"]:
		if pin and rel in PUT_CALLS:
			good = "unpin_user_page()" if rel == "put_page" else "unpin_user_pages()"
		elif not pin and rel in UNPIN_CALLS:
			good = "put_page()" if rel.endswith("page") else "release_pages() or put_page()"
		else:
			continue
		found(c, "gup-release-mismatch", "ERROR",
		      "pages from %s() released with %s() at line %d: use %s" %
		      (fn, rel, line, good))
		bad_release.add(k)

def has(p, rule):
	c = calls.get(key(p))
	if c is None:
		return False
	decide(p)
	return any(r == rule for (r, _) in c["found"])

def has_any(p):
	c = calls.get(key(p))
	if c is None:
		return False
	decide(p)
	return len(c["found"]) > 0

def only_flags(text, flags):
	"""Is text nothing but an or of some of these flags?"""
	rest = re.sub(r"\bFOLL_[A-Z0-9_]+\b",
		      lambda m: "" if m.group(0) in flags else m.group(0), text)
	return re.sub(r"[\s|()]", "", rest) == "" and foll_names(text)

def arg_all_dropped(p):
	c = calls.get(key(p))
	if c is None or not has_any(p):
		return False
	gone = set()
	for (r, msg) in c["found"]:
		if r == "foll-force-pin":
			gone.add("FOLL_FORCE")
		elif r == "foll-internal":
			gone |= set(INTERNAL)
	return bool(gone) and bool(only_flags(c["flags"], gone))

def def_all_dropped(q):
	d = drops.get(key(q))
	return bool(d) and bool(only_flags(def_text.get(key(q), ""), d))

def drop_here(q, flag):
	return flag in drops.get(key(q), ())

def drop_internal_here(q):
	return len(drops.get(key(q), set()) - set(["FOLL_FORCE"])) > 0

def release_bad(r):
	return key(r) in bad_release

def is_bool(p):
	c = calls.get(key(p))
	return c is not None and has(p, "foll-literal") and \
		(c["bool"] or boolean_text(c["flags"]))

// ---------------------------------------------------------------------
// Only files that name a GUP entry point are parsed: spatch's token scan
// needs the names spelled out in a rule that the others depend on.

@gate@
@@
\(get_user_pages\|pin_user_pages\|get_user_pages_fast\|pin_user_pages_fast\|
  get_user_pages_fast_only\|pin_user_pages_fast_only\|get_user_pages_locked\|
  pin_user_pages_locked\|get_user_pages_unlocked\|pin_user_pages_unlocked\|
  get_user_pages_remote\|pin_user_pages_remote\|get_user_page_vma_remote\|
  get_user_page_fast_only\)(...)

// Facts: every GUP call, its flags argument and its pages argument.

@gup3 depends on gate@
identifier fn = {get_user_pages, pin_user_pages, get_user_pages_fast, pin_user_pages_fast,
		get_user_pages_fast_only, pin_user_pages_fast_only,
		get_user_pages_locked, pin_user_pages_locked};
expression A1, A2, F, P;
position p : script:python() { not in_mm(p[0].file) };
@@
fn@p(A1, A2, F, P, ...)

@script:python@
p << gup3.p;
fn << gup3.fn;
F << gup3.F;
P << gup3.P;
@@
add_call(p, fn, F, P)

@gup4 depends on gate@
identifier fn = {get_user_pages_unlocked, pin_user_pages_unlocked};
expression A1, A2, F, P;
position p : script:python() { not in_mm(p[0].file) };
@@
fn@p(A1, A2, P, F)

@script:python@
p << gup4.p;
fn << gup4.fn;
F << gup4.F;
P << gup4.P;
@@
add_call(p, fn, F, P)

@gupr depends on gate@
identifier fn = {get_user_pages_remote, pin_user_pages_remote};
expression M, A1, A2, F, P;
position p : script:python() { not in_mm(p[0].file) };
@@
fn@p(M, A1, A2, F, P, ...)

@script:python@
p << gupr.p;
fn << gupr.fn;
F << gupr.F;
P << gupr.P;
@@
add_call(p, fn, F, P)

@gup1 depends on gate@
expression A1, F, P;
position p : script:python() { not in_mm(p[0].file) };
@@
get_user_page_fast_only@p(A1, F, P)

@script:python@
p << gup1.p;
F << gup1.F;
P << gup1.P;
@@
add_call(p, "get_user_page_fast_only", F, P)

@gupv depends on gate@
expression M, A1, F, V;
position p : script:python() { not in_mm(p[0].file) };
@@
get_user_page_vma_remote@p(M, A1, F, V)

@script:python@
p << gupv.p;
F << gupv.F;
@@
add_call(p, "get_user_page_vma_remote", F, "")

// Local variables that carry flags to a call: the identifiers in its flags
// argument, then their assignments and initializers on some path to it
// that are not overwritten in between.

@fvars depends on gate && (gup3 || gup4 || gupr || gup1 || gupv)@
identifier g = {get_user_pages, pin_user_pages, get_user_pages_fast,
		pin_user_pages_fast, get_user_pages_fast_only,
		pin_user_pages_fast_only, get_user_pages_locked,
		pin_user_pages_locked};
identifier gu = {get_user_pages_unlocked, pin_user_pages_unlocked};
identifier gr = {get_user_pages_remote, pin_user_pages_remote};
identifier v !~ "^FOLL_";
expression A1, A2, A3;
position p : script:python() { is_call(p) };
@@
(
g@p(A1, A2, <+... v ...+>, ...)
|
gu@p(A1, A2, A3, <+... v ...+>)
|
gr@p(A1, A2, A3, <+... v ...+>, ...)
|
get_user_page_fast_only@p(A1, <+... v ...+>, ...)
|
get_user_page_vma_remote@p(A1, A2, <+... v ...+>, ...)
)

@fdef exists@
identifier fvars.v;
position fvars.p;
identifier fn = {get_user_pages, pin_user_pages, get_user_pages_fast,
		 pin_user_pages_fast, get_user_pages_fast_only,
		 pin_user_pages_fast_only, get_user_pages_locked,
		 pin_user_pages_locked, get_user_pages_unlocked,
		 pin_user_pages_unlocked, get_user_pages_remote,
		 pin_user_pages_remote, get_user_page_vma_remote,
		 get_user_page_fast_only};
expression E, E2;
position q;
@@
(
v@q = E
|
v@q |= E
)
... when != v = E2
fn@p(...)

@script:python@
p << fvars.p;
v << fvars.v;
E << fdef.E;
q << fdef.q;
@@
add_def(p, v, E, q)

@fdecl exists@
identifier fvars.v;
position fvars.p;
identifier fn = {get_user_pages, pin_user_pages, get_user_pages_fast,
		 pin_user_pages_fast, get_user_pages_fast_only,
		 pin_user_pages_fast_only, get_user_pages_locked,
		 pin_user_pages_locked, get_user_pages_unlocked,
		 pin_user_pages_unlocked, get_user_pages_remote,
		 pin_user_pages_remote, get_user_page_vma_remote,
		 get_user_page_fast_only};
type T;
expression E, E2;
position q;
@@
T v@q = E;
... when != v = E2
fn@p(...)

@script:python@
p << fvars.p;
v << fvars.v;
E << fdecl.E;
q << fdecl.q;
@@
add_def(p, v, E, q)

@fbool depends on gate && (gup3 || gup4 || gupr || gup1 || gupv)@
identifier fn = {get_user_pages, pin_user_pages, get_user_pages_fast,
		 pin_user_pages_fast, get_user_pages_fast_only,
		 pin_user_pages_fast_only, get_user_pages_locked,
		 pin_user_pages_locked, get_user_pages_unlocked,
		 pin_user_pages_unlocked, get_user_pages_remote,
		 pin_user_pages_remote, get_user_page_vma_remote,
		 get_user_page_fast_only};
typedef bool;
idexpression bool b;
position p : script:python() { is_call(p) };
@@
fn@p(...,b,...)

@script:python@
p << fbool.p;
b << fbool.b;
@@
c = calls[key(p)]
if norm(c["flags"]) == norm(b):
	c["bool"] = True

// Release calls reached from the GUP call with its pages.

@frel depends on gate && (gup3 || gup4 || gupr || gup1 || gupv) exists@
identifier fn = {get_user_pages, pin_user_pages, get_user_pages_fast,
		 pin_user_pages_fast, get_user_pages_fast_only,
		 pin_user_pages_fast_only, get_user_pages_locked,
		 pin_user_pages_locked, get_user_pages_unlocked,
		 pin_user_pages_unlocked, get_user_pages_remote,
		 pin_user_pages_remote, get_user_page_vma_remote,
		 get_user_page_fast_only};
identifier rel = {put_page, release_pages, unpin_user_page,
		  unpin_user_pages, unpin_user_pages_dirty_lock, put_user_page,
		  put_user_pages, put_user_pages_dirty_lock};
expression X;
position p : script:python() { is_call(p) };
position r;
@@
fn@p(...)
...
rel@r(X, ...)

@script:python@
p << frel.p;
rel << frel.rel;
X << frel.X;
r << frel.r;
@@
c = calls[key(p)]
d = (rel, int(r[0].line), X, key(r))
if pages_of(c, X) and d not in c["rel"]:
	c["rel"].append(d)

// ---------------------------------------------------------------------
// Decide on every call once all facts are in, then context, org and
// report.

@decided depends on gate && (gup3 || gup4 || gupr || gup1 || gupv)@
identifier fn = {get_user_pages, pin_user_pages, get_user_pages_fast,
		 pin_user_pages_fast, get_user_pages_fast_only,
		 pin_user_pages_fast_only, get_user_pages_locked,
		 pin_user_pages_locked, get_user_pages_unlocked,
		 pin_user_pages_unlocked, get_user_pages_remote,
		 pin_user_pages_remote, get_user_page_vma_remote,
		 get_user_page_fast_only};
position p : script:python() { has_any(p) };
@@
fn@p(...)

@found depends on (gate && (gup3 || gup4 || gupr || gup1 || gupv)) && (context || org || report)@
position p : script:python() { has_any(p) };
@@
(
* get_user_pages@p(...)
|
* pin_user_pages@p(...)
|
* get_user_pages_fast@p(...)
|
* pin_user_pages_fast@p(...)
|
* get_user_pages_fast_only@p(...)
|
* pin_user_pages_fast_only@p(...)
|
* get_user_pages_locked@p(...)
|
* pin_user_pages_locked@p(...)
|
* get_user_pages_unlocked@p(...)
|
* pin_user_pages_unlocked@p(...)
|
* get_user_pages_remote@p(...)
|
* pin_user_pages_remote@p(...)
|
* get_user_page_vma_remote@p(...)
|
* get_user_page_fast_only@p(...)
)

@depends on context && (gate && (gup3 || gup4 || gupr || gup1 || gupv))@
identifier rel = {put_page, release_pages, unpin_user_page,
		  unpin_user_pages};
position r : script:python() { release_bad(r) };
@@
* rel@r(...)

@script:python depends on org && found@
p << found.p;
@@
for (rule, msg) in calls[key(p)]["found"]:
	coccilib.org.print_todo(p[0], msg)

@script:python depends on report && found@
p << found.p;
@@
for (rule, msg) in calls[key(p)]["found"]:
	coccilib.report.print_report(p[0], msg)

// ---------------------------------------------------------------------
// Patch: drop FOLL_FORCE and internal flags from the call: the whole
// argument when nothing else is in it ...

@depends on patch && (gate && (gup3 || gup4 || gupr || gup1 || gupv))@
position p : script:python() { arg_all_dropped(p) };
identifier g = {get_user_pages, pin_user_pages, get_user_pages_fast, pin_user_pages_fast,
		get_user_pages_fast_only, pin_user_pages_fast_only,
		get_user_pages_locked, pin_user_pages_locked};
identifier gu = {get_user_pages_unlocked, pin_user_pages_unlocked};
identifier gr = {get_user_pages_remote, pin_user_pages_remote};
expression A1, A2, A3, F;
@@
(
g@p(A1, A2,
- F
+ 0
 , ...)
|
gu@p(A1, A2, A3,
- F
+ 0
 )
|
gr@p(A1, A2, A3,
- F
+ 0
 , ...)
)

// ... or the flag and its '|'.

@depends on patch && (gate && (gup3 || gup4 || gupr || gup1 || gupv))@
identifier fn = {get_user_pages, pin_user_pages, get_user_pages_fast,
		 pin_user_pages_fast, get_user_pages_fast_only,
		 pin_user_pages_fast_only, get_user_pages_locked,
		 pin_user_pages_locked, get_user_pages_unlocked,
		 pin_user_pages_unlocked, get_user_pages_remote,
		 pin_user_pages_remote, get_user_page_vma_remote,
		 get_user_page_fast_only};
position p : script:python() { has(p, "foll-force-pin") and not arg_all_dropped(p) };
expression E;
@@
fn@p(...,
 <+...
(
- FOLL_FORCE |
  E
|
  E
- | FOLL_FORCE
)
 ...+>
 ,...)

@depends on patch && (gate && (gup3 || gup4 || gupr || gup1 || gupv))@
identifier fn = {get_user_pages, pin_user_pages, get_user_pages_fast,
		 pin_user_pages_fast, get_user_pages_fast_only,
		 pin_user_pages_fast_only, get_user_pages_locked,
		 pin_user_pages_locked, get_user_pages_unlocked,
		 pin_user_pages_unlocked, get_user_pages_remote,
		 pin_user_pages_remote, get_user_page_vma_remote,
		 get_user_page_fast_only};
identifier f = {FOLL_PIN, FOLL_GET, FOLL_TOUCH, FOLL_TRIED, FOLL_REMOTE,
		FOLL_FAST_ONLY, FOLL_UNLOCKABLE, FOLL_MADV_POPULATE};
position p : script:python() { has(p, "foll-internal") and not arg_all_dropped(p) };
expression E;
@@
fn@p(...,
 <+...
(
- f |
  E
|
  E
- | f
)
 ...+>
 ,...)

// The same for the local variable definitions that reach the call: a
// statement that only adds dropped flags goes, with its 'if' ...

@depends on patch && (gate && (gup3 || gup4 || gupr || gup1 || gupv))@
identifier v;
expression C, E;
position q : script:python() { def_all_dropped(q) };
@@
- if (C)
-	v@q |= E;

@depends on patch && (gate && (gup3 || gup4 || gupr || gup1 || gupv))@
identifier v;
expression C, C2;
position q : script:python() { drop_here(q, "FOLL_FORCE") };
@@
(
- if (C)
-	v@q |= C2 ? 0 : FOLL_FORCE;
|
- if (C)
-	v@q |= C2 ? FOLL_FORCE : 0;
)

@depends on patch && (gate && (gup3 || gup4 || gupr || gup1 || gupv))@
identifier v;
expression E;
type T;
position q : script:python() { def_all_dropped(q) };
@@
(
- v@q |= E;
|
  v@q =
- E
+ 0
  ;
|
  T v@q =
- E
+ 0
  ;
)

@depends on patch && (gate && (gup3 || gup4 || gupr || gup1 || gupv))@
identifier v;
expression C;
position q : script:python() { drop_here(q, "FOLL_FORCE") };
@@
(
- v@q |= C ? 0 : FOLL_FORCE;
|
- v@q |= C ? FOLL_FORCE : 0;
)

// ... and otherwise the flag and its '|'.

@depends on patch && (gate && (gup3 || gup4 || gupr || gup1 || gupv))@
identifier v;
expression E;
type T;
position q : script:python() { drop_here(q, "FOLL_FORCE") and not def_all_dropped(q) };
@@
(
  v@q |= <+...
(
- FOLL_FORCE |
  E
|
  E
- | FOLL_FORCE
)
 ...+>;
|
  v@q = <+...
(
- FOLL_FORCE |
  E
|
  E
- | FOLL_FORCE
)
 ...+>;
|
  T v@q = <+...
(
- FOLL_FORCE |
  E
|
  E
- | FOLL_FORCE
)
 ...+>;
)

@depends on patch && (gate && (gup3 || gup4 || gupr || gup1 || gupv))@
identifier v;
identifier f = {FOLL_PIN, FOLL_GET, FOLL_TOUCH, FOLL_TRIED, FOLL_REMOTE,
		FOLL_FAST_ONLY, FOLL_UNLOCKABLE, FOLL_MADV_POPULATE};
expression E;
type T;
position q : script:python() { drop_internal_here(q) and not def_all_dropped(q) };
@@
(
  v@q |= <+...
(
- f |
  E
|
  E
- | f
)
 ...+>;
|
  v@q = <+...
(
- f |
  E
|
  E
- | f
)
 ...+>;
|
  T v@q = <+...
(
- f |
  E
|
  E
- | f
)
 ...+>;
)

// Spell the literal 1 (FOLL_WRITE in every kernel) and boolean write
// values; other literals depend on the kernel version and are only
// reported.

@depends on patch && (gate && (gup3 || gup4 || gupr || gup1 || gupv))@
position p : script:python() { has(p, "foll-literal") };
identifier g = {get_user_pages, pin_user_pages, get_user_pages_fast, pin_user_pages_fast,
		get_user_pages_fast_only, pin_user_pages_fast_only,
		get_user_pages_locked, pin_user_pages_locked};
identifier gu = {get_user_pages_unlocked, pin_user_pages_unlocked};
identifier gr = {get_user_pages_remote, pin_user_pages_remote};
expression A1, A2, A3;
@@
(
g@p(A1, A2,
- 1
+ FOLL_WRITE
 , ...)
|
gu@p(A1, A2, A3,
- 1
+ FOLL_WRITE
 )
|
gr@p(A1, A2, A3,
- 1
+ FOLL_WRITE
 , ...)
)

@depends on patch && (gate && (gup3 || gup4 || gupr || gup1 || gupv))@
position p : script:python() { is_bool(p) };
identifier g = {get_user_pages, pin_user_pages, get_user_pages_fast, pin_user_pages_fast,
		get_user_pages_fast_only, pin_user_pages_fast_only,
		get_user_pages_locked, pin_user_pages_locked};
identifier gu = {get_user_pages_unlocked, pin_user_pages_unlocked};
identifier gr = {get_user_pages_remote, pin_user_pages_remote};
expression A1, A2, A3, E;
@@
(
g@p(A1, A2,
- E
+ E ? FOLL_WRITE : 0
 , ...)
|
gu@p(A1, A2, A3,
- E
+ E ? FOLL_WRITE : 0
 )
|
gr@p(A1, A2, A3,
- E
+ E ? FOLL_WRITE : 0
 , ...)
)

// Switch the release call of mismatched pages.

@depends on patch && (gate && (gup3 || gup4 || gupr || gup1 || gupv))@
expression X, N;
position r : script:python() { release_bad(r) };
@@
(
- put_page@r(X)
+ unpin_user_page(X)
|
- release_pages@r(X, N)
+ unpin_user_pages(X, N)
|
- unpin_user_page@r(X)
+ put_page(X)
|
- unpin_user_pages@r(X, N)
+ release_pages(X, N)
)
