// SPDX-License-Identifier: GPL-2.0
/*
 * The FOLL_* flag rules: what a caller may say to GUP, and how.
 *
 *   foll-internal         FOLL_PIN, FOLL_GET or an internal flag passed in
 *   foll-longterm-get     FOLL_LONGTERM with a get_user_pages*() API
 *   foll-longterm-p2pdma  FOLL_LONGTERM together with FOLL_PCI_P2PDMA
 *   foll-literal          flags not made of FOLL_* names
 *   foll-force-pin        FOLL_FORCE on a pin or a long-term pin
 *
 * Each works on the set of values the flags may take (facts.c), so a flag
 * added in one branch counts, and points at the token that added it.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"

static const struct rule *foll_internal_rule;
static const struct rule *foll_longterm_get_rule;
static const struct rule *foll_longterm_p2pdma_rule;
static const struct rule *foll_literal_rule;
static const struct rule *foll_force_pin_rule;

static const char *api_name(const struct gup_call *g)
{
	return g->api->name;
}

/* Point at every place that adds @bit, and drop them all if we can. */
static void blame_bit(struct rule_ctx *rc, struct finding *f,
		      struct gup_call *g, uint64_t bit, const char *name,
		      struct edits *e, const char **why)
{
	struct tu_facts *tf = rc->tf;

	for (int i = 0; i < g->flags.norig; i++) {
		struct flag_origin *o = &g->flags.orig[i];

		if (!(o->bits & bit))
			continue;
		if (o->main)
			add_related(f, tf->path, o->line, o->col,
				    o->kind == ORIG_NAME ? "%s added here" :
				    "%s comes from '%s' here", name, o->text);
		if (!e || *why)
			continue;
		if (!o->main) {
			*why = "the flag is set outside this file";
		} else if (o->kind != ORIG_NAME || o->bits != bit) {
			*why = "the flag comes from a macro that also says "
			       "other things; change its definition by hand";
		} else if (!edit_drop_flag(e, tf->src, tf->srclen, o->off,
					   o->len)) {
			*why = "no safe way to remove it from that statement";
		}
	}
	if (e && !e->nr && !*why)
		*why = "the flag's origin is not visible";
}

static void drop_and_attach(struct rule_ctx *rc, struct finding *f,
			    struct gup_call *g, uint64_t bit, const char *name)
{
	struct edits e = { 0 };
	const char *why = NULL;

	blame_bit(rc, f, g, bit, name, &e, &why);
	if (why)
		edits_free(&e);
	fix_attach(rc, f, &e, why);
	edits_free(&e);
}

/*
 * Is @name redundant rather than harmful for this API?  The API sets it
 * itself, and the tree (no INTERNAL_GUP_FLAGS listing it) does not refuse it.
 */
static bool redundant(struct tu_facts *tf, struct gup_call *g, const char *name,
		      uint64_t bit)
{
	if (strcmp(name, "FOLL_GET") == 0)
		return g->api->kind == GUP_GET;
	if (tf->ft->has_internal && (tf->ft->internal & bit))
		return false;
	if (strcmp(name, "FOLL_PIN") == 0)
		return g->api->kind == GUP_PIN;
	if (strcmp(name, "FOLL_TOUCH") == 0)
		return g->api->touch;
	if (strcmp(name, "FOLL_REMOTE") == 0)
		return g->api->remote;
	return false;
}

static void match_internal(struct rule_ctx *rc, struct gup_call *g)
{
	struct tu_facts *tf = rc->tf;
	uint64_t mask = foll_internal_mask(tf->ft);

	for (int b = 0; b < 64; b++) {
		uint64_t bit = (uint64_t)1 << b;
		const char *name = foll_name(tf->ft, bit);
		struct finding *f;
		bool red;

		if (!(mask & bit) || !name || !fs_may(&g->flags, bit))
			continue;
		red = redundant(tf, g, name, bit);
		if (red)
			f = report(rc, foll_internal_rule, SEV_WARNING, g,
				   "%s passed to %s(), which sets it itself: "
				   "callers state intent, GUP adds its own flags",
				   name, api_name(g));
		else
			f = report(rc, foll_internal_rule, SEV_ERROR, g,
				   "%s passed to %s(): it is internal to GUP and "
				   "callers must never pass it", name, api_name(g));
		drop_and_attach(rc, f, g, bit, name);
	}
}

static void match_longterm_get(struct rule_ctx *rc, struct gup_call *g)
{
	const struct foll_table *ft = rc->tf->ft;
	uint64_t lt = foll_bit(ft, "FOLL_LONGTERM");
	struct finding *f;

	if (g->api->kind != GUP_GET || !lt)
		return;
	if (!fs_may(&g->flags, lt) &&
	    !(g->api->implied && strcmp(g->api->implied, "FOLL_LONGTERM") == 0))
		return;
	f = report(rc, foll_longterm_get_rule, SEV_ERROR, g,
		   "FOLL_LONGTERM with %s(): long-term references must be pins, "
		   "use the pin_user_pages*() API and unpin_user_page*()",
		   api_name(g));
	blame_bit(rc, f, g, lt, "FOLL_LONGTERM", NULL, NULL);
	fix_get_to_pin(rc, f, g);
}

static void match_longterm_p2pdma(struct rule_ctx *rc, struct gup_call *g)
{
	const struct foll_table *ft = rc->tf->ft;
	uint64_t lt = foll_bit(ft, "FOLL_LONGTERM");
	uint64_t p2p = foll_bit(ft, "FOLL_PCI_P2PDMA");
	struct finding *f;

	if (!lt || !p2p || !fs_may(&g->flags, lt | p2p))
		return;
	f = report(rc, foll_longterm_p2pdma_rule, SEV_ERROR, g,
		   "FOLL_LONGTERM together with FOLL_PCI_P2PDMA in %s(): GUP "
		   "refuses long-term pins of P2P memory", api_name(g));
	blame_bit(rc, f, g, lt, "FOLL_LONGTERM", NULL, NULL);
	blame_bit(rc, f, g, p2p, "FOLL_PCI_P2PDMA", NULL, NULL);
	fix_attach(rc, f, &(struct edits){ 0 },
		   "which flag goes depends on the use: keep P2P pins short-term, "
		   "or drop FOLL_PCI_P2PDMA for a long-term pin of ordinary memory");
}

/* The spelled literal or boolean, rewritten with FOLL_* names. */
static bool respell(struct rule_ctx *rc, struct gup_call *g,
		    const struct flag_origin *o, struct edits *e)
{
	struct tu_facts *tf = rc->tf;
	char *names;

	if (!o->main || o->off + o->len > tf->srclen)
		return false;
	if (o->kind == ORIG_LITERAL) {
		names = foll_spell(tf->ft, o->bits);
		if (!names)
			return false;
		edit_add(e, o->off, o->off + o->len, names);
		free(names);
		return true;
	}
	{
		char *expr = xstrndup(tf->src + o->off, o->len);
		struct srcpos a = ast_pos(g->flags_arg);
		bool whole = a.off == o->off && ast_end_off(g->flags_arg) ==
						o->off + o->len;
		char *repl = xasprintf(whole ? "%s ? FOLL_WRITE : 0" :
				       "(%s ? FOLL_WRITE : 0)", expr);

		edit_add(e, o->off, o->off + o->len, repl);
		free(repl);
		free(expr);
		return true;
	}
}

static void match_literal(struct rule_ctx *rc, struct gup_call *g)
{
	struct tu_facts *tf = rc->tf;
	struct edits e = { 0 };
	struct finding *f = NULL;
	const char *why = NULL;

	for (int i = 0; i < g->flags.norig; i++) {
		struct flag_origin *o = &g->flags.orig[i];

		if (o->kind != ORIG_LITERAL && o->kind != ORIG_BOOL)
			continue;
		if (!f) {
			f = report(rc, foll_literal_rule, SEV_WARNING, g,
				   o->kind == ORIG_LITERAL ?
				   "flags of %s() given as the literal '%s': "
				   "spell them with FOLL_* names" :
				   "flags of %s() given as the boolean '%s': "
				   "the old 'write' argument is FOLL_WRITE now",
				   api_name(g), o->text ? o->text : "?");
			if (o->kind == ORIG_BOOL)
				f->confidence = "medium";
		}
		if (o->main)
			add_related(f, tf->path, o->line, o->col,
				    o->kind == ORIG_LITERAL ? "literal %s here" :
				    "boolean used as flags here", o->text);
		if (!why && !respell(rc, g, o, &e))
			why = "the value has bits with no FOLL_* name";
	}
	if (!f)
		return;
	if (why)
		edits_free(&e);
	fix_attach(rc, f, &e, why);
	edits_free(&e);
}

static void match_force_pin(struct rule_ctx *rc, struct gup_call *g)
{
	const struct foll_table *ft = rc->tf->ft;
	uint64_t force = foll_bit(ft, "FOLL_FORCE");
	uint64_t lt = foll_bit(ft, "FOLL_LONGTERM");
	struct finding *f;

	if (!force || !fs_may(&g->flags, force))
		return;
	if (g->api->kind == GUP_PIN)
		f = report(rc, foll_force_pin_rule, SEV_WARNING, g,
			   "FOLL_FORCE on %s(): forcing is for debugger-style "
			   "access to another process, not for pins; read-only "
			   "pins are reliable without it since 6.2",
			   api_name(g));
	else if (lt && fs_may(&g->flags, force | lt))
		f = report(rc, foll_force_pin_rule, SEV_WARNING, g,
			   "FOLL_FORCE on a FOLL_LONGTERM %s(): forcing is for "
			   "debugger-style access, not long-term references",
			   api_name(g));
	else
		return;
	if (rc->tf->kversion && rc->tf->kversion < 602 &&
	    fs_may(&g->flags, force | lt)) {
		/*
		 * Before 6.2, GUP could not keep a read-only long-term pin
		 * coherent without FOLL_FORCE | FOLL_WRITE: dropping the flag
		 * there would trade one bug for another.  Short-term pins
		 * never needed it.
		 */
		blame_bit(rc, f, g, force, "FOLL_FORCE", NULL, NULL);
		fix_attach(rc, f, &(struct edits){ 0 },
			   "this tree predates reliable read-only long-term "
			   "pinning (6.2); drop FOLL_FORCE together with that "
			   "GUP change");
		return;
	}
	drop_and_attach(rc, f, g, force, "FOLL_FORCE");
}

void check_foll(void)
{
	foll_internal_rule = add_rule("foll-internal", SEV_ERROR,
		"FOLL_PIN, FOLL_GET or a GUP-internal flag passed by a caller",
		match_internal);
	foll_longterm_get_rule = add_rule("foll-longterm-get", SEV_ERROR,
		"FOLL_LONGTERM with a get_user_pages*() API",
		match_longterm_get);
	foll_longterm_p2pdma_rule = add_rule("foll-longterm-p2pdma", SEV_ERROR,
		"FOLL_LONGTERM together with FOLL_PCI_P2PDMA",
		match_longterm_p2pdma);
	foll_literal_rule = add_rule("foll-literal", SEV_WARNING,
		"flags argument not made of FOLL_* names", match_literal);
	foll_force_pin_rule = add_rule("foll-force-pin", SEV_WARNING,
		"FOLL_FORCE on a pin or a long-term pin", match_force_pin);
}
