// SPDX-License-Identifier: GPL-2.0
/*
 * gup-release-mismatch: pages pinned by pin_user_pages*() are released
 * with unpin_user_page*(), pages taken by get_user_pages*() with
 * put_page(); mixing the two corrupts the page's pin count.
 */
#include <stdlib.h>
#include <string.h>

#include "fix.h"
#include "pages.h"
#include "rules.h"

/*
 * Another GUP call of the other kind in this function fills the same
 * array: which release is right then depends on the path, so stay quiet.
 */
static bool mixed_kinds(struct tu_facts *tf, struct gup_call *g)
{
	const char *key = pages_of(tf, g)->key;
	bool mixed = false;

	for (int i = 0; key && i < tf->ngups && !mixed; i++) {
		struct gup_call *o = &tf->gups[i];
		const char *k;

		if (o->fn != g->fn || o->api->kind == g->api->kind)
			continue;
		k = pages_of(tf, o)->key;
		mixed = k && strcmp(k, key) == 0;
	}
	return mixed;
}

static void match_mismatch(struct rule_ctx *rc, struct gup_call *g)
{
	struct tu_facts *tf = rc->tf;
	enum release_kind want = g->api->kind == GUP_PIN ? REL_UNPIN : REL_PUT;
	const struct release_use *rel;
	int n;

	if (mixed_kinds(tf, g))
		return;
	rel = pages_of(tf, g)->rel;
	n = pages_of(tf, g)->nrel;
	for (int i = 0; i < n; i++) {
		struct edits e = { 0 };
		struct finding *f;

		if (rel[i].fn->kind == want)
			continue;
		f = report(rc, "gup-release-mismatch", SEV_ERROR, g,
			   "pages from %s() released with %s(): %s",
			   g->api->name, rel[i].fn->name,
			   want == REL_UNPIN ?
			   "pinned pages must be released with unpin_user_page*()" :
			   "pages from get_user_pages*() are released with put_page()");
		report_at(f, rel[i].line, rel[i].col);
		add_related(f, tf->path, g->line, g->col, "pages come from %s() here",
			    g->api->name);
		if (rel[i].fn->swap && rel[i].main)
			edit_add(&e, rel[i].off, rel[i].off + rel[i].len,
				 rel[i].fn->swap);
		fix_attach(rc, f, &e, rel[i].main ?
			   "no one-call equivalent: unpin or put (and dirty) "
			   "each page by hand" :
			   "the release is spelled through a macro");
		edits_free(&e);
	}
}

void check_release(void)
{
	add_rule("gup-release-mismatch", SEV_ERROR,
		 "pinned pages released with put_page(), or got pages unpinned",
		 match_mismatch);
}
