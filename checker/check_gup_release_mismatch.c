// SPDX-License-Identifier: GPL-2.0
/*
 * gup-release-mismatch: pages pinned by pin_user_pages*() are released
 * with unpin_user_page*(), pages taken by get_user_pages*() with
 * put_page(); mixing the two corrupts the page's pin count.  The pages
 * are followed into the helpers of the file they are passed to, the
 * functions that reach the field they are kept in, and the callers of a
 * function that returns them (facts_pages.c).
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"

static const struct rule *gup_release_mismatch_rule;

/*
 * Another GUP call of the other kind fills the same array (in this
 * function, or the same field or helper): which release is right then
 * depends on the path, so stay quiet.
 */
static bool mixed_kinds(struct tu_facts *tf, struct gup_call *g)
{
	const struct pages_facts *pf = pages_of(tf, g);
	bool mixed = pf->mixed;

	for (int i = 0; i < tf->ngups && !mixed; i++) {
		struct gup_call *o = &tf->gups[i];
		const struct pages_facts *of;

		if (o->api->kind == g->api->kind)
			continue;
		of = pages_of(tf, o);
		mixed = pages_meet(pf, of) ||
			(o->fn == g->fn && pf->key && of->key &&
			 strcmp(pf->key, of->key) == 0);
	}
	return mixed;
}

/*
 * iov_iter_extract_pages() pins a user-backed iterator's pages and takes
 * nothing on a kernel-backed one: put_page() is wrong where they may be
 * pinned, unpin_user_page*() where the iterator may be kernel-backed.
 * What the iterator may be at the release is read in the call's own
 * function; a release elsewhere goes by a record of its own (a bio's
 * BIO_PAGE_PINNED) that is not the iterator.
 */
static void match_extract(struct rule_ctx *rc, struct gup_call *g,
			  const struct pages_facts *pf)
{
	struct tu_facts *tf = rc->tf;
	struct iter_facts it;

	iter_facts_at(tf, g, &it);
	for (int i = 0; i < pf->nrel && !clang_Cursor_isNull(it.arg); i++) {
		const struct release_use *r = &pf->rel[i];
		bool put = r->fn->kind == REL_PUT;
		unsigned kinds;
		struct edits e = { 0 };
		struct finding *f;

		if (r->via)
			continue;
		kinds = it.kinds & iter_kinds_at(tf, g->fn, it.key, r->call);
		if (put ? !(kinds & IT_USER) : !(kinds & ~IT_USER))
			continue;
		f = report(rc, gup_release_mismatch_rule, SEV_ERROR, g,
			   "pages from %s() released with %s(): %s",
			   g->api->name, r->fn->name, put ?
			   "they are pinned when iov_iter_extract_will_pin(), "
			   "and then must be released with unpin_user_page*()" :
			   "a kernel-backed iterator's pages are neither pinned "
			   "nor referenced; unpin only when "
			   "iov_iter_extract_will_pin()");
		report_at(f, r->line, r->col);
		add_related(f, tf->path, g->line, g->col,
			    "pages come from %s() here", g->api->name);
		if (!(put ? r->fn->swap && !strncmp(r->fn->swap, "unpin_", 6) :
		      true) ||
		    !edit_release_if_pinned(&e, tf, r, it.arg,
					    put ? r->fn->swap : r->fn->name))
			edits_free(&e);
		fix_attach(rc, f, &e, e.nr ? NULL :
			   "make the release conditional on "
			   "iov_iter_extract_will_pin() by hand: the release is "
			   "not a statement of its own or has no unpin form");
		edits_free(&e);
	}
	iter_facts_free(&it);
}

static void match_mismatch(struct rule_ctx *rc, struct gup_call *g)
{
	struct tu_facts *tf = rc->tf;
	enum release_kind want = g->api->kind == GUP_PIN ? REL_UNPIN : REL_PUT;
	const struct release_use *rel;
	int n;

	if (mixed_kinds(tf, g))
		return;
	if (g->api->maybe_pin) {
		match_extract(rc, g, pages_of(tf, g));
		return;
	}
	rel = pages_of(tf, g)->rel;
	n = pages_of(tf, g)->nrel;
	for (int i = 0; i < n; i++) {
		struct edits e = { 0 };
		struct finding *f;

		if (rel[i].fn->kind == want)
			continue;
		f = report(rc, gup_release_mismatch_rule, SEV_ERROR, g,
			   "pages from %s() released with %s(): %s",
			   g->api->name, rel[i].fn->name,
			   want == REL_UNPIN ?
			   "pinned pages must be released with unpin_user_page*()" :
			   "pages from get_user_pages*() are released with put_page()");
		report_at(f, rel[i].line, rel[i].col);
		if (rel[i].via) {
			free(f->function);
			f->function = xstrdup(rel[i].via);
		}
		if (rel[i].via)
			add_related(f, tf->path, g->line, g->col,
				    "pages come from %s() here, in %s()",
				    g->api->name, tf->fns[g->fn].name);
		else
			add_related(f, tf->path, g->line, g->col,
				    "pages come from %s() here", g->api->name);
		if (rel[i].fn->swap && rel[i].main && !rel[i].shared)
			edit_add(&e, rel[i].off, rel[i].off + rel[i].len,
				 rel[i].fn->swap);
		fix_attach(rc, f, &e, rel[i].shared ?
			   "the release is in a helper with other callers: "
			   "give these pages a release of their own" :
			   rel[i].main ?
			   "no one-call equivalent: unpin or put (and dirty) "
			   "each page by hand" :
			   "the release is spelled through a macro");
		edits_free(&e);
	}
}

void check_gup_release_mismatch(void)
{
	gup_release_mismatch_rule = add_rule("gup-release-mismatch", SEV_ERROR,
		"pinned pages released with put_page(), or got pages unpinned",
		match_mismatch);
}
