// SPDX-License-Identifier: GPL-2.0-only
/// [vma-filter] A get_user_pages()/pin_user_pages() caller must not look at
/// the VMAs behind the range it pins and refuse or treat differently memory
/// by its nature (anonymous or file-backed, shmem, hugetlb, DAX, same
/// backing file, shared): whether memory may be pinned for a use is GUP's
/// decision, stated with FOLL_LONGTERM, FOLL_WRITE, FOLL_PCI_P2PDMA.  This
/// finds such checks in the caller
///  - on the vmas[] array (or single VMA) that GUP filled, after the call;
///  - on find_vma()/vma_lookup()/for_each_vma_range() results before the
///    call, or after it on the success path.
/// Lookups made only after GUP failed (VM_IO/VM_PFNMAP fallbacks through
/// follow_pfn()), PFN-map routing and permission checks are not reported,
/// nor is anything under mm/.  Patch mode deletes a vmas[] filter loop,
/// and the vmas array when nothing else uses it.
///
//# A check counts when the VMA feature appears in an if condition: vm_file,
//# vm_ops, vma_is_anonymous(), vma_is_shmem(), vma_is_dax(),
//# vma_is_fsdax(), is_vm_hugetlb_page(), or vm_flags tested against
//# VM_SHARED, VM_MAYSHARE, VM_HUGETLB or VM_MIXEDMAP.  Checks in a helper
//# function called around the GUP call, and whether the VMA looked up
//# covers the range pinned, are left to the gup_policy libclang checker.
//
// Confidence: Moderate
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

mm_dirs = {}
seen = set()
fallback = set()
nature = set()

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

def ok(p):
	return not in_mm(p[0].file)

def is_nature(c):
	# by line: an array access carries its position on a later token
	return (c[0].file, c[0].line) in nature

def not_fallback(l):
	return key(l) not in fallback

def say(kind, p, c, fn, how):
	"""One finding per GUP call, naming the first check seen."""
	if (kind, key(p)) in seen:
		return
	seen.add((kind, key(p)))
	text = "WARNING: [vma-filter] %s() caller checks the nature of the VMA at line %s %s: leave the decision to GUP" % \
		(fn, c[0].line, how)
	if kind == "org":
		coccilib.org.print_todo(p[0], text)
	else:
		coccilib.report.print_report(p[0], text)

// ---------------------------------------------------------------------
// Files with a GUP call outside mm/, and in them the VMA-nature checks: a
// feature of the VMA X in an if condition.  The position is on X, so the
// rules below only have to find X.

// Only files that name a GUP entry point are parsed: spatch's token scan
// needs the names spelled out in a rule that the others depend on.

@gate@
@@
\(get_user_pages\|pin_user_pages\|get_user_pages_fast\|pin_user_pages_fast\|
  get_user_pages_fast_only\|pin_user_pages_fast_only\|get_user_pages_locked\|
  pin_user_pages_locked\|get_user_pages_unlocked\|pin_user_pages_unlocked\|
  get_user_pages_remote\|pin_user_pages_remote\|get_user_page_vma_remote\|
  get_user_page_fast_only\)(...)

@gup depends on gate@
identifier fn = {get_user_pages, pin_user_pages, get_user_pages_fast,
		pin_user_pages_fast, get_user_pages_fast_only,
		pin_user_pages_fast_only, get_user_pages_locked,
		pin_user_pages_locked, get_user_pages_unlocked,
		pin_user_pages_unlocked, get_user_pages_remote,
		pin_user_pages_remote, get_user_page_vma_remote,
		get_user_page_fast_only};
position p : script:python() { ok(p) };
@@
fn@p(...)

@check depends on gup@
expression X;
position c;
statement S1, S2;
@@
(
if (<+...
(
 X@c->vm_file
|
 X@c->vm_ops
|
 vma_is_anonymous(X@c)
|
 vma_is_shmem(X@c)
|
 vma_is_dax(X@c)
|
 vma_is_fsdax(X@c)
|
 is_vm_hugetlb_page(X@c)
|
 X@c->vm_flags & <+... \(VM_SHARED\|VM_MAYSHARE\|VM_HUGETLB\|VM_MIXEDMAP\) ...+>
)
 ...+>) S1 else S2
|
if (<+...
(
 X@c->vm_file
|
 X@c->vm_ops
|
 vma_is_anonymous(X@c)
|
 vma_is_shmem(X@c)
|
 vma_is_dax(X@c)
|
 vma_is_fsdax(X@c)
|
 is_vm_hugetlb_page(X@c)
|
 X@c->vm_flags & <+... \(VM_SHARED\|VM_MAYSHARE\|VM_HUGETLB\|VM_MIXEDMAP\) ...+>
)
 ...+>) S1
)

@script:python@
c << check.c;
@@
nature.add((c[0].file, c[0].line))

// ---------------------------------------------------------------------
// The vmas[] array filled by GUP (before 6.5), checked after the call.

@vmas_array depends on check exists@
identifier fn = {get_user_pages, pin_user_pages, get_user_pages_remote,
		pin_user_pages_remote};
expression A1, A2, A3, A4, A5, I;
idexpression V;
position p : script:python() { ok(p) };
position c : script:python() { is_nature(c) };
@@
(
fn@p(A1, A2, A3, A4, V)
|
fn@p(A1, A2, A3, A4, A5, V, ...)
)
... when != V = A1
    when any
V[I]@c

// A single VMA returned through &vma (the vmas argument of a one-page
// call before 6.5, get_user_page_vma_remote() since).

@vma_out depends on check exists@
identifier fn = {get_user_pages, pin_user_pages, get_user_pages_remote,
		pin_user_pages_remote};
expression A1, A2, A3, A4, A5, E;
identifier v;
position p : script:python() { ok(p) };
position c : script:python() { is_nature(c) };
@@
(
fn@p(A1, A2, A3, A4, &v)
|
fn@p(A1, A2, A3, A4, A5, &v, ...)
|
get_user_page_vma_remote@p(A1, A2, A3, &v)
)
... when != v = E
    when any
v@c

// ---------------------------------------------------------------------
// VMA lookups.  First the ones made only when GUP failed: fallbacks for
// memory GUP never returns, not filtering.

@fail depends on check exists@
identifier fn = {get_user_pages, pin_user_pages, get_user_pages_fast,
		pin_user_pages_fast, get_user_pages_fast_only,
		pin_user_pages_fast_only, get_user_pages_locked,
		pin_user_pages_locked, get_user_pages_unlocked,
		pin_user_pages_unlocked, get_user_pages_remote,
		pin_user_pages_remote, get_user_page_vma_remote,
		get_user_page_fast_only};
identifier lookup = {find_vma, vma_lookup, find_vma_intersection,
		     find_extend_vma};
expression R, N, E;
position l;
statement S1;
@@
R = fn(...);
... when != R = E
(
if (\(R < 0\|R <= 0\|R == 0\|!R\|R != N\|R < N\|R == -N\|IS_ERR(R)\)) {
  <+... lookup@l(...) ...+>
} else S1
|
if (\(R < 0\|R <= 0\|R == 0\|!R\|R != N\|R < N\|R == -N\|IS_ERR(R)\)) {
  <+... lookup@l(...) ...+>
}
|
if (\(R > 0\|R >= 0\|R == N\|R >= N\|R\)) S1
... when != R = E
lookup@l(...)
)

@script:python@
l << fail.l;
@@
fallback.add(key(l))

// Lookups before the call on the range it pins.

@lookup_before depends on check exists@
identifier fn = {get_user_pages, pin_user_pages, get_user_pages_fast,
		pin_user_pages_fast, get_user_pages_fast_only,
		pin_user_pages_fast_only, get_user_pages_locked,
		pin_user_pages_locked, get_user_pages_unlocked,
		pin_user_pages_unlocked, get_user_pages_remote,
		pin_user_pages_remote, get_user_page_vma_remote,
		get_user_page_fast_only};
identifier lookup = {find_vma, vma_lookup, find_vma_intersection,
		     find_extend_vma};
expression M, E;
identifier v;
type T;
position p : script:python() { ok(p) };
position c : script:python() { is_nature(c) };
@@
(
v = lookup(M, ...);
|
T v = lookup(M, ...);
)
... when != v = E
    when any
v@c
...
fn@p(...)

@iter_before depends on check exists@
identifier fn = {get_user_pages, pin_user_pages, get_user_pages_fast,
		pin_user_pages_fast, get_user_pages_fast_only,
		pin_user_pages_fast_only, get_user_pages_locked,
		pin_user_pages_locked, get_user_pages_unlocked,
		pin_user_pages_unlocked, get_user_pages_remote,
		pin_user_pages_remote, get_user_page_vma_remote,
		get_user_page_fast_only};
iterator name for_each_vma_range;
expression VMI, END;
identifier v;
position p : script:python() { ok(p) };
position c : script:python() { is_nature(c) };
@@
for_each_vma_range(VMI, v, END) {
  <+... v@c ...+>
}
...
fn@p(...)

// Lookups after the call, unless only on its failure path.

@lookup_after depends on check exists@
identifier fn = {get_user_pages, pin_user_pages, get_user_pages_fast,
		pin_user_pages_fast, get_user_pages_fast_only,
		pin_user_pages_fast_only, get_user_pages_locked,
		pin_user_pages_locked, get_user_pages_unlocked,
		pin_user_pages_unlocked, get_user_pages_remote,
		pin_user_pages_remote, get_user_page_vma_remote,
		get_user_page_fast_only};
identifier lookup = {find_vma, vma_lookup, find_vma_intersection,
		     find_extend_vma};
expression M, E;
identifier v;
position p : script:python() { ok(p) };
position l : script:python() { not_fallback(l) };
position c : script:python() { is_nature(c) };
@@
fn@p(...)
...
v = lookup@l(M, ...);
... when != v = E
    when any
v@c

// ---------------------------------------------------------------------
// Patch: delete the filter on the vmas[] array (the loop or the if that
// checks it, and a struct file taken from it for the check) ...

@vfix depends on patch && gate exists@
identifier fn = {get_user_pages, pin_user_pages, get_user_pages_remote,
		pin_user_pages_remote};
expression A1, A2, A3, A4, A5, I, E1, E2, E3;
identifier V, L;
position p : script:python() { ok(p) };
@@
(
fn@p(A1, A2, A3, A4, V)
|
fn@p(A1, A2, A3, A4, A5, V, ...)
)
... when != V = A1
- for (L = E1; E2; E3) {
-  <+...
(
- V[I]->vm_file
|
- V[I]->vm_ops
|
- vma_is_anonymous(V[I])
|
- vma_is_shmem(V[I])
|
- vma_is_dax(V[I])
|
- vma_is_fsdax(V[I])
|
- is_vm_hugetlb_page(V[I])
|
- V[I]->vm_flags & <+... \(VM_SHARED\|VM_MAYSHARE\|VM_HUGETLB\|VM_MIXEDMAP\) ...+>
)
-  ...+>
- }

@vif depends on patch && gate exists@
identifier fn = {get_user_pages, pin_user_pages, get_user_pages_remote,
		pin_user_pages_remote};
expression A1, A2, A3, A4, A5, I;
identifier V;
position p : script:python() { ok(p) };
statement S;
@@
(
fn@p(A1, A2, A3, A4, V)
|
fn@p(A1, A2, A3, A4, A5, V, ...)
)
... when != V = A1
- if (<+...
(
- V[I]->vm_file
|
- V[I]->vm_ops
|
- vma_is_anonymous(V[I])
|
- vma_is_shmem(V[I])
|
- vma_is_dax(V[I])
|
- vma_is_fsdax(V[I])
|
- is_vm_hugetlb_page(V[I])
|
- V[I]->vm_flags & <+... \(VM_SHARED\|VM_MAYSHARE\|VM_HUGETLB\|VM_MIXEDMAP\) ...+>
)
- ...+>) S

@vfile depends on patch && (vfix || vif)@
identifier V = {vfix.V, vif.V};
identifier F;
expression J;
type T;
@@
- T F = V[J]->vm_file;
  ... when != F

// The loop counter, when nothing else in the function uses it.

@depends on patch && vfix@
identifier vfix.L, f;
type T;
@@
f(...) {
... when != L
- T L;
... when != L
}

// ... then the vmas array itself, unless something else uses it.

@vknown depends on patch && (vfix || vif)@
identifier V = {vfix.V, vif.V};
identifier fn = {get_user_pages, pin_user_pages, get_user_pages_remote,
		pin_user_pages_remote};
expression E;
type T;
position k;
@@
(
T V@k = E;
|
T V@k;
|
V@k = E
|
kvfree(V@k)
|
kfree(V@k)
|
!V@k
|
V@k == NULL
|
fn(..., V@k, ...)
)

@vleft depends on patch && (vfix || vif)@
identifier V = {vfix.V, vif.V};
position k != vknown.k;
@@
V@k

@depends on patch && (vfix || vif) && !vleft@
identifier V = {vfix.V, vif.V};
identifier fn = {get_user_pages, pin_user_pages, get_user_pages_remote,
		pin_user_pages_remote};
expression E;
statement S;
type T;
@@
(
- T V = E;
|
- T V;
|
- V = E;
|
- if (!V) S
|
- if (V == NULL) S
|
- kvfree(V);
|
- kfree(V);
|
fn(...,
- V
+ NULL
 ,...)
)

// ---------------------------------------------------------------------
// Context, org and report.

@depends on context@
identifier fn;
position vmas_array.p, vmas_array.c;
expression V, I;
@@
(
* fn@p(...)
|
* V[I]@c
)

@depends on context@
identifier fn;
position vma_out.p, vma_out.c;
expression E;
@@
(
* fn@p(...)
|
* E@c
)

@depends on context@
identifier fn;
position lookup_before.p, lookup_before.c;
expression E;
@@
(
* fn@p(...)
|
* E@c
)

@depends on context@
identifier fn;
position iter_before.p, iter_before.c;
expression E;
@@
(
* fn@p(...)
|
* E@c
)

@depends on context@
identifier fn;
position lookup_after.p, lookup_after.c;
expression E;
@@
(
* fn@p(...)
|
* E@c
)

@script:python depends on org@
p << vmas_array.p;
c << vmas_array.c;
fn << vmas_array.fn;
@@
say("org", p, c, fn, "on the vmas[] it returned")

@script:python depends on org@
p << vma_out.p;
c << vma_out.c;
fn << vma_out.fn;
@@
say("org", p, c, fn, "on the VMA it returned")

@script:python depends on org@
p << lookup_before.p;
c << lookup_before.c;
fn << lookup_before.fn;
@@
say("org", p, c, fn, "before pinning")

@script:python depends on org@
p << iter_before.p;
c << iter_before.c;
fn << iter_before.fn;
@@
say("org", p, c, fn, "before pinning")

@script:python depends on org@
p << lookup_after.p;
c << lookup_after.c;
fn << lookup_after.fn;
@@
say("org", p, c, fn, "after pinning")

@script:python depends on report@
p << vmas_array.p;
c << vmas_array.c;
fn << vmas_array.fn;
@@
say("report", p, c, fn, "on the vmas[] it returned")

@script:python depends on report@
p << vma_out.p;
c << vma_out.c;
fn << vma_out.fn;
@@
say("report", p, c, fn, "on the VMA it returned")

@script:python depends on report@
p << lookup_before.p;
c << lookup_before.c;
fn << lookup_before.fn;
@@
say("report", p, c, fn, "before pinning")

@script:python depends on report@
p << iter_before.p;
c << iter_before.c;
fn << iter_before.fn;
@@
say("report", p, c, fn, "before pinning")

@script:python depends on report@
p << lookup_after.p;
c << lookup_after.c;
fn << lookup_after.fn;
@@
say("report", p, c, fn, "after pinning")
