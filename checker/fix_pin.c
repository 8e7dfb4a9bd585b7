// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "fix.h"
#include "facts_pages.h"
#include "fix_pin.h"

static bool released_elsewhere(const struct pages_facts *pf)
{
	for (int i = 0; i < pf->nrel; i++)
		if (pf->rel[i].via)
			return true;
	return false;
}

/* get_ -> pin_ on the call and every release seen, when that is all. */
void fix_get_to_pin(struct rule_ctx *rc, struct finding *f,
			  struct gup_call *g)
{
	struct tu_facts *tf = rc->tf;
	const struct pages_facts *pf = pages_of(tf, g);
	const struct release_use *rel = pf->rel;
	struct edits e = { 0 };
	const char *why = NULL;
	struct srcpos p = ast_pos(g->call);
	int n = pf->nrel;

	if (!p.main || ast_from_macro(g->call) ||
	    strncmp(tf->src + p.off, "get_", 4) != 0)
		why = "the call is spelled through a macro";
	else if (clang_Cursor_isNull(g->pages_arg))
		why = "the call returns no pages array";
	else if (!n)
		why = "the pages are not released in this function; switch to "
		      "pin_user_pages*() and release them with unpin_user_page*()";
	else if (pf->kept && !released_elsewhere(pf) &&
		 !pages_released_here(tf, g))
		why = "the pages are kept in an object and no release of them "
		      "outside the error paths is visible in this file; switch "
		      "every release of them to unpin_user_page*() with the call";
	else if (pf->unfollowed || pf->mixed)
		why = "the pages go where this file does not show; switch every "
		      "release of them to unpin_user_page*() with the call";
	for (int i = 0; i < n && !why; i++) {
		if (rel[i].fn->kind != REL_PUT || !rel[i].fn->swap || !rel[i].main)
			why = "a release of these pages has no mechanical "
			      "unpin_user_page*() equivalent";
		else if (rel[i].shared)
			why = "a release of these pages is in a helper with other "
			      "callers";
		else
			edit_add(&e, rel[i].off, rel[i].off + rel[i].len,
				 rel[i].fn->swap);
	}
	if (!why)
		edit_add(&e, p.off, p.off + 3, "pin");
	else
		edits_free(&e);
	if (!why && pf->kept)
		add_related(f, tf->path, pf->kept_line, pf->kept_col,
			    "the pages are kept in %s: a release of them in "
			    "another file must become unpin_user_page*() too",
			    pf->kept_what);
	fix_attach(rc, f, &e, why);
	edits_free(&e);
}

