// SPDX-License-Identifier: GPL-2.0
/*
 * VMA-nature filtering: the caller looks at what the memory behind the
 * range it pins is, and refuses it on its own.  That decision is GUP's.
 *
 *   vma-filter    the decision sits on the path where GUP succeeded, or
 *                 before the call on the range it is about to pin
 *   vma-fallback  only where GUP failed, or routing VM_IO/VM_PFNMAP
 *                 memory GUP can never return: legitimate, a note
 *   vmas-array    a vmas array handed to GUP (trees before 6.5)
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"

static const struct rule *vma_filter_rule;
static const struct rule *vma_fallback_rule;
static const struct rule *vmas_array_rule;

static const char *path_words(enum vma_path p)
{
	switch (p) {
	case PATH_BEFORE: return "before calling";
	case PATH_FAILURE: return "where it failed, after";
	default: return "after a successful";
	}
}

static bool is_fallback(const struct vma_check *v)
{
	return v->kind == PRED_PFNMAP || v->path == PATH_FAILURE;
}

/* One finding per deciding function, GUP call and path: same group? */
static bool same_group(const struct vma_check *a, const struct vma_check *b)
{
	return a->gup == b->gup && a->fn == b->fn && a->path == b->path &&
	       a->via_line == b->via_line && is_fallback(a) == is_fallback(b);
}

/* Append @what to the ", "-separated list in @sb unless it is there. */
static void add_what(struct strbuf *sb, const char *what)
{
	size_t n = strlen(what);

	for (const char *p = sb->buf; p && *p; ) {
		const char *end = strstr(p, ", ");
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == n && strncmp(p, what, n) == 0)
			return;
		p = end ? end + 2 : NULL;
	}
	if (sb->len)
		sb_puts(sb, ", ");
	sb_puts(sb, what);
}

/*
 * Delete the filter when that is mechanical.  GUP itself refuses
 * unsuitable file-backed FOLL_LONGTERM pins only since 6.5: on an older
 * tree the removal must travel with that change, and the finding says so.
 */
static void propose(struct rule_ctx *rc, struct finding *f,
		    const struct vma_check *v, struct gup_call *g)
{
	struct edits e = { 0 };

	if (rc->tf->kversion && rc->tf->kversion < 605 &&
	    fs_may(&g->flags, foll_bit(rc->tf->ft, "FOLL_LONGTERM")))
		add_related(f, rc->tf->path, g->line, g->col,
			    "this tree's GUP does not yet refuse file-backed "
			    "FOLL_LONGTERM pins itself (mainline 6.5): remove the "
			    "check together with that change");
	if (vma_filter_removal(rc->tf, v, &e)) {
		uint64_t lt = foll_bit(rc->tf->ft, "FOLL_LONGTERM");

		/*
		 * Pinned pages that outlive the call are a long-term pin:
		 * with the filter gone, FOLL_LONGTERM is how GUP learns it
		 * has to refuse what the filter refused.
		 */
		if (lt && g->api->kind == GUP_PIN && fs_never(&g->flags, lt) &&
		    pages_of(rc->tf, g)->escape &&
		    edit_add_flag(&e, rc->tf, g->flags_arg, "FOLL_LONGTERM"))
			add_related(f, rc->tf->path, g->line, g->col,
				    "the pages outlive the call: the fix adds "
				    "FOLL_LONGTERM");
		fix_attach(rc, f, &e, NULL);
	}
	else
		fix_attach(rc, f, &e,
			   "the check does more than filter, or sits in a helper "
			   "or before the call: remove it by hand, and state a "
			   "long-term use with FOLL_LONGTERM so GUP refuses what "
			   "it must");
	edits_free(&e);
}

static void report_group(struct rule_ctx *rc, const struct vma_checks *vc,
			 int first)
{
	const struct vma_check *v = &vc->v[first];
	struct gup_call *g = &rc->tf->gups[v->gup];
	const char *path = rc->tf->path, *fn = rc->tf->fns[v->fn].name;
	struct strbuf what = { 0 };
	struct finding *f;

	for (int i = first; i < vc->nr; i++)
		if (same_group(v, &vc->v[i]))
			add_what(&what, vc->v[i].what);
	if (is_fallback(v))
		f = report(rc, vma_fallback_rule, SEV_NOTE, g,
			   "%s() checks %s of the VMAs %s %s(): %s", fn, what.buf,
			   path_words(v->path), g->api->name,
			   v->kind == PRED_PFNMAP ?
			   "routing memory GUP cannot return to a non-GUP path "
			   "is legitimate" :
			   "handling what GUP refused is legitimate");
	else
		f = report(rc, vma_filter_rule, SEV_WARNING, g,
			   "%s() decides on %s of the VMAs %s %s(): which memory "
			   "may be pinned is GUP's decision, state the use with "
			   "FOLL_* flags instead", fn, what.buf,
			   path_words(v->path), g->api->name);
	sb_free(&what);
	report_at(f, v->line, v->col);
	free(f->function);
	f->function = xstrdup(fn);
	add_related(f, path, g->line, g->col, "the pages are pinned by %s() here",
		    g->api->name);
	if (v->via_call >= 0)
		add_related(f, path, v->via_line, v->via_col,
			    "the check runs in %s(), called here", fn);
	add_related(f, path, v->src_line, v->src_col, "the VMA comes from %s here",
		    v->source);
	for (int i = first; i < vc->nr; i++) {
		const struct vma_check *w = &vc->v[i];

		if (!same_group(v, w))
			continue;
		if (i != first)
			add_related(f, path, w->line, w->col, "checks %s here",
				    w->what);
		add_related(f, path, w->cons_line, w->cons_col,
			    "on that, the code %s", w->consequence);
	}
	if (!is_fallback(v))
		propose(rc, f, v, g);
}

static void match_checks(struct rule_ctx *rc, bool fallback)
{
	const struct vma_checks *vc = vma_checks_of(rc->tf);

	for (int i = 0; i < vc->nr; i++) {
		bool dup = false;

		if (is_fallback(&vc->v[i]) != fallback)
			continue;
		for (int k = 0; k < i && !dup; k++)
			dup = same_group(&vc->v[k], &vc->v[i]) ||
			      (vc->v[k].line == vc->v[i].line &&
			       vc->v[k].col == vc->v[i].col);
		if (!dup)
			report_group(rc, vc, i);
	}
}

static void match_filter(struct rule_ctx *rc)
{
	match_checks(rc, false);
}

static void match_fallback(struct rule_ctx *rc)
{
	match_checks(rc, true);
}

static void match_vmas_array(struct rule_ctx *rc, struct gup_call *g)
{
	if (clang_Cursor_isNull(g->vmas_arg) || ast_is_null_ptr(g->vmas_arg))
		return;
	report(rc, vmas_array_rule, SEV_NOTE, g,
	       "%s() is handed a vmas array: what a caller does with the "
	       "VMAs of pinned memory is worth a look (the argument is gone "
	       "since 6.5; get_user_page_vma_remote() serves single pages)",
	       g->api->name);
}

void check_vma(void)
{
	vma_filter_rule = add_tu_rule("vma-filter", SEV_WARNING,
		"the caller filters on VMA nature around its GUP call",
		match_filter);
	vma_fallback_rule = add_tu_rule("vma-fallback", SEV_NOTE,
		"VMA lookup only on the GUP failure path, or VM_PFNMAP routing",
		match_fallback);
	vmas_array_rule = add_rule("vmas-array", SEV_NOTE,
		"a non-NULL vmas array passed to GUP (pre-6.5 trees)",
		match_vmas_array);
}
