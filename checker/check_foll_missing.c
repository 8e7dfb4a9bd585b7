// SPDX-License-Identifier: GPL-2.0
/*
 * What the caller does with the pages decides two flags only it can pass:
 *
 * foll-missing-longterm: pinned pages kept by an object that outlives the
 * call (and not released before the function returns, nor by every
 * caller right after) are a long-term pin.  Without FOLL_LONGTERM, GUP
 * cannot refuse or first migrate memory that must not stay pinned
 * (ZONE_MOVABLE, CMA, fsdax); an MMU notifier is the other way to hold
 * pages for long, so pages kept by an object a notifier is registered
 * for (or on the pin's own path) are left alone.
 *
 * foll-missing-write: pages that are dirtied, released as dirty with a
 * constant make_dirty, copied into, or mapped for DMA from the device,
 * while FOLL_WRITE can never be among the flags.  Without it GUP does
 * not break COW: the writes can land in a page shared with another
 * process, or in the shared zero page.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"

static const struct rule *foll_missing_longterm_rule;
static const struct rule *foll_missing_write_rule;

/*
 * Does the registration @cs cover the object the pages are kept in?  It
 * does when it is made on the same path (in the GUP's function, or in
 * the one that stores the pages), or when its subscription is reached
 * from an object of the same type as the one keeping the pages
 * ("&m->notifier" and "m->pages").  A notifier on another object covers
 * nothing here: it can only drop the pages it knows about.
 */
static bool notifier_covers(struct tu_facts *tf, struct gup_call *g,
			    const struct pages_facts *pf,
			    const struct call_site *cs, int sub)
{
	char *t;
	bool hit;

	if (cs->caller == g->fn || cs->caller == pf->kept_fn)
		return true;
	if (sub < 0 || sub >= clang_Cursor_getNumArguments(cs->call) ||
	    !pf->kept_type)
		return false;
	t = pages_root_type(clang_Cursor_getArgument(cs->call, sub));
	hit = t && !strcmp(t, pf->kept_type);
	free(t);
	return hit;
}

/*
 * Is a registration in this file covering the pages?  @other: the first
 * one that does not, to say why it was not taken as cover.
 */
static bool covered_by_notifier(struct tu_facts *tf, struct gup_call *g,
				const struct pages_facts *pf,
				const struct call_site **other)
{
	*other = NULL;
	for (int i = 0; i < tf->ncalls; i++) {
		const struct kapi_fn *k = kapi_find(kapi_notifier_fns,
						    tf->calls[i].name);

		if (!k)
			continue;
		if (notifier_covers(tf, g, pf, &tf->calls[i], k->arg))
			return true;
		if (!*other)
			*other = &tf->calls[i];
	}
	return false;
}

/*
 * Which functions of the file release the pages, directly or through the
 * functions they call: a bitmap over tf->fns.
 */
static bool *releasers(struct tu_facts *tf, const struct pages_facts *pf)
{
	bool *r = xcalloc(tf->nfns + 1, sizeof(*r)), more = true;

	for (int i = 0; i < pf->nrel; i++)
		for (int f = 0; pf->rel[i].via && f < tf->nfns; f++)
			if (!strcmp(tf->fns[f].name, pf->rel[i].via))
				r[f] = true;
	for (int round = 0; more && round < 8; round++) {
		more = false;
		for (int i = 0; i < tf->ncalls; i++) {
			const struct call_site *cs = &tf->calls[i];
			int f;

			if (cs->caller < 0 || r[cs->caller] ||
			    clang_Cursor_isNull(cs->callee))
				continue;
			f = facts_fn(tf, cs->callee);
			if (f >= 0 && r[f])
				r[cs->caller] = more = true;
		}
	}
	return r;
}

/* Does function @c release the pages itself after offset @after? */
static bool releases_after(struct tu_facts *tf, const struct pages_facts *pf,
			   int c, unsigned after)
{
	for (int i = 0; i < pf->nrel; i++)
		if (pf->rel[i].via && !strcmp(pf->rel[i].via, tf->fns[c].name) &&
		    pf->rel[i].off > after)
			return true;
	return false;
}

/*
 * Every caller of function @fn in this file releases the pages after the
 * call (itself or through a callee), or its own callers all do: a pin
 * for the length of one request, spread over helpers.  A function other
 * files may call, or whose address is taken, has callers we cannot see.
 */
static bool released_by_callers(struct tu_facts *tf, const struct pages_facts *pf,
				const bool *rel, int fn, int depth)
{
	const struct fn_info *fi = &tf->fns[fn];
	int callers = 0;

	if (fi->external || fi->nrefs > fi->ncalls || depth >= 4)
		return false;
	for (int i = 0; i < tf->ncalls; i++) {
		const struct call_site *cs = &tf->calls[i];
		unsigned after;
		bool ok = false;

		if (clang_Cursor_isNull(cs->callee) || cs->caller < 0 ||
		    !clang_equalCursors(cs->callee, fi->canon))
			continue;
		callers++;
		after = ast_pos(cs->call).off;
		ok = releases_after(tf, pf, cs->caller, after);
		for (int k = 0; k < tf->ncalls && !ok; k++) {
			const struct call_site *r = &tf->calls[k];
			int f;

			if (r->caller != cs->caller || clang_Cursor_isNull(r->callee) ||
			    ast_pos(r->call).off <= after)
				continue;
			f = facts_fn(tf, r->callee);
			ok = f >= 0 && rel[f];
		}
		if (!ok && !released_by_callers(tf, pf, rel, cs->caller, depth + 1))
			return false;
	}
	return callers > 0;
}

static bool implies(const struct gup_call *g, const char *flag)
{
	return g->api->implied && strstr(g->api->implied, flag);
}

static void add_flag_fix(struct rule_ctx *rc, struct finding *f,
			 struct gup_call *g, const char *flag)
{
	struct edits e = { 0 };
	const char *why = NULL;

	if (clang_Cursor_isNull(g->flags_arg))
		why = "the call has no flags argument";
	else if (!edit_add_flag(&e, rc->tf, g->flags_arg, flag))
		why = "the flags argument is spelled through a macro";
	fix_attach(rc, f, &e, why);
	edits_free(&e);
}

static void match_missing_longterm(struct rule_ctx *rc, struct gup_call *g)
{
	struct tu_facts *tf = rc->tf;
	uint64_t lt = foll_bit(tf->ft, "FOLL_LONGTERM");
	const struct pages_facts *pf;
	const struct call_site *mn;
	struct finding *f;
	bool *rel, short_term, seen = false;

	if (g->api->kind != GUP_PIN || !lt || !fs_never(&g->flags, lt) ||
	    implies(g, "FOLL_LONGTERM"))
		return;
	/*
	 * iov_iter_extract_pages() pins for the length of an I/O and has no
	 * way to say FOLL_LONGTERM: a long-term holder of an iterator's
	 * pages is out of this rule's reach (docs/rules/iov-iter-get-for-dma.md).
	 */
	if (g->api->maybe_pin)
		return;
	pf = pages_of(tf, g);
	if (!pf->kept || pages_released_here(tf, g) ||
	    covered_by_notifier(tf, g, pf, &mn))
		return;
	rel = releasers(tf, pf);
	short_term = released_by_callers(tf, pf, rel, g->fn, 0);
	free(rel);
	if (short_term)
		return;
	f = report(rc, foll_missing_longterm_rule, SEV_WARNING, g,
		   "pages pinned by %s() are kept in %s beyond the call, but "
		   "FOLL_LONGTERM is never among its flags: a long-term pin "
		   "must say so, for GUP to keep it off movable and CMA memory "
		   "and fsdax", g->api->name, pf->kept_what);
	if (pf->kept_line != g->line || pf->kept_col != g->col || pf->kept_in)
		add_related(f, tf->path, pf->kept_line, pf->kept_col,
			    "the pages are kept here%s%s%s",
			    pf->kept_in ? ", in " : "",
			    pf->kept_in ? pf->kept_in : "",
			    pf->kept_in ? "()" : "");
	for (int i = 0; i < pf->nrel && !pf->mixed; i++)
		if (pf->rel[i].via) {
			add_related(f, tf->path, pf->rel[i].line, pf->rel[i].col,
				    "and released later, by %s() in %s()",
				    pf->rel[i].fn->name, pf->rel[i].via);
			seen = true;
		}
	if (mn) {
		struct srcpos p = ast_pos(mn->call);

		add_related(f, tf->path, p.line, p.col,
			    "%s() in %s() covers another object, not the one "
			    "keeping these pages", mn->name,
			    mn->caller >= 0 ? tf->fns[mn->caller].name : "?");
	}
	if (!seen)
		finding_reading(f, "no release is seen: that the pin outlives "
				"a request is read from where the pages are kept");
	add_flags_origins(rc, f, g, "FOLL_LONGTERM");
	add_flag_fix(rc, f, g, "FOLL_LONGTERM");
}

static void match_missing_write(struct rule_ctx *rc, struct gup_call *g)
{
	struct tu_facts *tf = rc->tf;
	uint64_t wr = foll_bit(tf->ft, "FOLL_WRITE");
	const struct pages_facts *pf;
	const struct write_use *w;
	struct finding *f;

	if (g->legacy_write || !wr || !fs_never(&g->flags, wr) ||
	    implies(g, "FOLL_WRITE"))
		return;
	pf = pages_of(tf, g);
	if (!pf->nwr)
		return;
	w = &pf->wr[0];
	f = report(rc, foll_missing_write_rule, SEV_WARNING, g,
		   "pages from %s() are written (%s() %s) but FOLL_WRITE is "
		   "never among its flags: without it GUP does not break COW, "
		   "and the writes can reach a page shared with another "
		   "process or the zero page", g->api->name, w->fn, w->how);
	for (int i = 0; i < pf->nwr; i++) {
		w = &pf->wr[i];
		add_related(f, tf->path, w->line, w->col, "%s() %s here%s%s%s",
			    w->fn, w->how, w->via ? ", in " : "",
			    w->via ? w->via : "", w->via ? "()" : "");
	}
	add_flags_origins(rc, f, g, "FOLL_WRITE");
	add_flag_fix(rc, f, g, "FOLL_WRITE");
}

void check_foll_missing(void)
{
	foll_missing_longterm_rule = add_rule("foll-missing-longterm", SEV_WARNING,
		"pinned pages kept beyond the call without FOLL_LONGTERM",
		match_missing_longterm);
	foll_missing_write_rule = add_rule("foll-missing-write", SEV_WARNING,
		"pages written or dirtied but FOLL_WRITE never passed",
		match_missing_write);
}
