// SPDX-License-Identifier: GPL-2.0
/*
 * What a patch mail says: a subject per rule, and the rule in plain words
 * for the maintainer who reads it, then the findings as gup_policy
 * reported them.  The words are data, one entry per rule.
 */
#include <stdlib.h>
#include <string.h>

#include "mail_format.h"
#include "mail_text.h"

#define WIDTH 72

struct rule_text {
	const char *rule;
	const char *subject;	/* {fn} {api} {pin} {flag} are filled in */
	const char *why;
	const char *change;
};

/*
 * Rules that never carry a fix make no mail and have no words here
 * (tests/suites/xref.sh lists them): foll-longterm-p2pdma, vma-fallback,
 * vmas-array, suppression, and foll-compat-ifdef, whose fix is in a
 * module's compat header and depends on the kernel versions it serves.
 */
static const struct rule_text texts[] = {
	{ "foll-force-pin", "don't use FOLL_FORCE in {fn}()",
	  "FOLL_FORCE makes GUP override the protection of a mapping: it "
	  "exists so that debuggers (ptrace, /proc/pid/mem, uprobes) can "
	  "write into read-only text.  A pin for DMA or other access to the "
	  "data has no business with it: with it, a device may write into "
	  "memory the process mapped read-only.  Drivers passed it to make "
	  "read-only long-term pins reliable; since Linux 6.2, GUP keeps such "
	  "pins coherent without it.",
	  "Drop FOLL_FORCE from the flags of {api}()." },
	{ "foll-internal", "don't pass {flag} to GUP in {fn}()",
	  "FOLL_PIN, FOLL_GET and GUP's internal flags (FOLL_TOUCH, "
	  "FOLL_TRIED, FOLL_REMOTE, FOLL_FAST_ONLY, ...) are GUP's to set: "
	  "each pin_/get_ API sets the reference type it implies, and the "
	  "internal flags steer GUP's own paths.  A caller states its intent "
	  "with FOLL_WRITE, FOLL_LONGTERM and the like; GUP warns about and "
	  "refuses most of the others at run time, and FOLL_GET on a get_ "
	  "call is redundant.",
	  "Drop {flag} from the flags of {api}(): the API sets what it needs." },
	{ "foll-longterm-get", "use {pin}() for the long-term pin in {fn}()",
	  "FOLL_LONGTERM says that the reference outlives the call for an "
	  "unbounded time (a registered buffer, an RDMA memory region, memory "
	  "a device owns).  Such references must be pins: GUP refuses "
	  "FOLL_LONGTERM on get_user_pages*(), and only a pin is visible to "
	  "the rest of mm (page_maybe_dma_pinned()) and kept off movable "
	  "memory.",
	  "Take the pages with {pin}() and release them with "
	  "unpin_user_page*()." },
	{ "gup-get-for-dma", "pin the pages {fn}() accesses with {pin}()",
	  "Pages whose data is accessed (by DMA, block I/O or through a kernel "
	  "mapping) must be pinned with pin_user_pages*() and released with "
	  "unpin_user_page*().  get_user_pages*() takes a plain reference, "
	  "good for looking at the struct page; only a pin is visible to the "
	  "rest of mm (page_maybe_dma_pinned()), so that writeback, COW and "
	  "migration leave the memory alone while it is in use.",
	  "Take the pages with {pin}() and release them with "
	  "unpin_user_page*()." },
	{ "iov-iter-get-for-dma", "pin the iov_iter pages {fn}() does I/O on",
	  "Pages of a user-backed iov_iter whose data is used by a device, "
	  "by block I/O or written through a kernel mapping must be pinned, "
	  "not referenced: this is the direct I/O case FOLL_PIN was made for "
	  "(Documentation/core-api/pin_user_pages.rst).  "
	  "iov_iter_get_pages2() takes plain references; "
	  "iov_iter_extract_pages() pins a user-backed iterator's pages and "
	  "takes nothing on a kernel-backed one, so the release depends on "
	  "iov_iter_extract_will_pin().",
	  "Take the pages with iov_iter_extract_pages() and release them "
	  "with unpin_user_page*() only when iov_iter_extract_will_pin()." },
	{ "foll-literal", "spell the GUP flags of {fn}() with FOLL_* names",
	  "The flags argument of GUP takes FOLL_* flags.  An integer literal "
	  "or a boolean in its place is a leftover of the old 'write' and "
	  "'force' arguments: it works only while FOLL_WRITE is 1, and the "
	  "reader cannot tell what is meant.",
	  "Spell the flags of {api}() with their FOLL_* names; the value "
	  "passed does not change." },
	{ "gup-release-mismatch",
	  "release {api}() pages with the matching call in {fn}()",
	  "Pages are released the way they were taken: pinned pages "
	  "(pin_user_pages*()) with unpin_user_page*() or "
	  "unpin_user_pages_dirty_lock(), pages from get_user_pages*() with "
	  "put_page().  Mixing the two corrupts the page's reference count: a "
	  "pin counts GUP_PIN_COUNTING_BIAS references, a plain reference one.",
	  "Release the pages of {api}() with the call that matches how they "
	  "were taken." },
	{ "foll-missing-longterm",
	  "mark the long-term pin in {fn}() with FOLL_LONGTERM",
	  "The pages pinned here are kept by an object that outlives the "
	  "call, for as long as user space or a device wants them.  "
	  "Documentation/core-api/pin_user_pages.rst asks for FOLL_LONGTERM "
	  "on such pins: with it, GUP refuses memory that cannot stay pinned "
	  "for an unbounded time (fsdax, and since 6.5 writable file-backed "
	  "pages a filesystem must write back) and first migrates pages off "
	  "CMA and movable "
	  "memory, where a long pin would block memory hot-unplug and large "
	  "allocations.",
	  "Add FOLL_LONGTERM to the flags of {api}()." },
	{ "foll-missing-write", "pass FOLL_WRITE for the pages {fn}() writes",
	  "The pages taken here are written: dirtied, written through a "
	  "kernel mapping or by a device.  GUP checks that memory may be "
	  "written, and breaks copy-on-write, only when FOLL_WRITE says so: "
	  "without it, the pages may be the shared zero page, a page still "
	  "shared with another process after fork(), or a page of a "
	  "read-only mapping, and the write lands where it must not.",
	  "Add FOLL_WRITE to the flags of {api}()." },
	{ "vma-filter", "let GUP decide which memory {fn}() may pin",
	  "Which memory may be pinned for which use is GUP's decision, made "
	  "once for every caller: a caller states its use with FOLL_* flags "
	  "(FOLL_LONGTERM, FOLL_WRITE) and GUP refuses what is unsafe for it.  "
	  "This code looks at the VMAs behind the range it pins instead "
	  "(file-backed or anonymous, shmem, hugetlb, one backing file) and "
	  "refuses memory on its own, which protects only this caller and "
	  "drifts from what GUP does for everyone else.",
	  "Remove the check, and what existed only for it, so that GUP "
	  "decides.  Where this tree's GUP does not refuse such memory itself "
	  "yet, a note below says so: the patch then belongs with that "
	  "change." },
};

static const struct rule_text *text_of(const char *rule)
{
	for (size_t i = 0; i < ARRAY_SIZE(texts); i++)
		if (strcmp(texts[i].rule, rule) == 0)
			return &texts[i];
	return NULL;
}

/* "get_user_pages_fast" -> "pin_user_pages_fast". */
static char *pin_api(const char *api)
{
	if (starts_with(api, "get_user_pages"))
		return xasprintf("pin%s", api + 3);
	return xstrdup("pin_user_pages");
}

/* The FOLL_* names the findings of @rule start their message with. */
static char *flags_named(const struct finding *const *f, int n,
			 const char *rule)
{
	struct strlist seen = { 0 };
	struct strbuf sb = { 0 };

	for (int i = 0; i < n; i++) {
		char *flag;

		if (strcmp(f[i]->rule, rule) ||
		    !starts_with(f[i]->message, "FOLL_"))
			continue;
		flag = xstrndup(f[i]->message, strspn(f[i]->message,
			"ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789"));
		if (!strlist_has(&seen, flag)) {
			sb_printf(&sb, "%s%s", seen.nr ? " and " : "", flag);
			strlist_add(&seen, flag);
		}
		free(flag);
	}
	strlist_free(&seen);
	return sb.len ? sb_detach(&sb) : xstrdup("internal flags");
}

/* @tmpl with its {fn} {api} {pin} {flag} filled in for @f[0]'s rule. */
static char *fill(const char *tmpl, const char *fn,
		  const struct finding *const *f, int n)
{
	char *pin = pin_api(f[0]->api), *flag = flags_named(f, n, f[0]->rule);
	struct strbuf sb = { 0 };

	for (const char *p = tmpl; *p; p++) {
		if (starts_with(p, "{fn}"))
			sb_puts(&sb, fn), p += 3;
		else if (starts_with(p, "{api}"))
			sb_puts(&sb, f[0]->api), p += 4;
		else if (starts_with(p, "{pin}"))
			sb_puts(&sb, pin), p += 4;
		else if (starts_with(p, "{flag}"))
			sb_puts(&sb, flag), p += 5;
		else
			sb_putc(&sb, *p);
	}
	free(pin);
	free(flag);
	return sb_detach(&sb);
}

static bool one_rule(const struct finding *const *f, int n)
{
	for (int i = 1; i < n; i++)
		if (strcmp(f[i]->rule, f[0]->rule))
			return false;
	return true;
}

char *mail_subject(const char *prefix, const char *fn,
		   const struct finding *const *f, int n)
{
	const struct rule_text *t = text_of(f[0]->rule);
	char *what, *s;

	if (t && one_rule(f, n))
		what = fill(t->subject, fn, f, n);
	else
		what = xasprintf("follow GUP's caller policy in %s()", fn);
	s = xasprintf("%s: %s", prefix, what);
	free(what);
	return s;
}

/* The rule's words, once per rule, with the first of its findings. */
static void explain(struct strbuf *sb, const char *fn,
		    const struct finding *const *f, int n, int i)
{
	const struct rule_text *t = text_of(f[i]->rule);
	char *change;

	for (int k = 0; k < i; k++)
		if (strcmp(f[k]->rule, f[i]->rule) == 0)
			return;
	if (!t) {
		wrap(sb, f[i]->message, WIDTH);
		sb_putc(sb, '\n');
		return;
	}
	wrap(sb, t->why, WIDTH);
	sb_putc(sb, '\n');
	change = fill(t->change, fn, f + i, n - i);
	wrap(sb, change, WIDTH);
	sb_putc(sb, '\n');
	free(change);
}

char *mail_body(const char *fn, const struct finding *const *f, int n)
{
	struct strbuf sb = { 0 };

	for (int i = 0; i < n; i++)
		explain(&sb, fn, f, n, i);
	sb_printf(&sb, "gup_policy reported, in %s() as it was:\n\n", fn);
	for (int i = 0; i < n; i++) {
		sb_printf(&sb, "  %s:%u:%u: %s: [%s] %s\n", f[i]->file, f[i]->line,
			  f[i]->col, severity_name(f[i]->sev), f[i]->rule,
			  f[i]->message);
		for (int k = 0; k < f[i]->nrel; k++)
			sb_printf(&sb, "  %s:%u:%u: note: %s\n", f[i]->rel[k].file,
				  f[i]->rel[k].line, f[i]->rel[k].col,
				  f[i]->rel[k].msg);
	}
	return sb_detach(&sb);
}

char *mail_notes(bool placeholder_from)
{
	struct strbuf sb = { 0 };

	wrap(&sb, "Written by gup_policy --emit-patches and not signed off: "
	     "review the change, then add your Signed-off-by (git am, then "
	     "git commit --amend -s) before sending it.  The subject prefix "
	     "and the Cc list are a heuristic (MAINTAINERS, git log): check "
	     "them, e.g. with scripts/get_maintainer.pl.", WIDTH);
	if (placeholder_from) {
		sb_putc(&sb, '\n');
		wrap(&sb, "The From: line is a placeholder: put your name and "
		     "address there (or set user.name and user.email in the "
		     "tree's git repository).", WIDTH);
	}
	return sb_detach(&sb);
}
