// SPDX-License-Identifier: GPL-2.0
/*
 * Finding VMA-nature decisions around GUP calls (see facts_vma.h).
 *
 * A decision is an if statement whose condition reads the nature of a
 * VMA and whose branch refuses, releases or skips (return, goto, break,
 * continue, an error code).  The VMA must be one of the range a GUP call
 * pins: its vmas array, or a lookup (find_vma(), vma_lookup(), an
 * iterator) of an address the call's start depends on.  The decision may
 * sit in the caller or in a helper of the same file that it calls for
 * that range.  Its path is told from the conditions on the way to it.
 */
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "util.h"
#include "facts_vma_int.h"

/* --- putting it together ---------------------------------------------- */

struct decision {
	struct pred p;
	struct cons c;
	CXCursor stmt;
};

struct decisions {
	struct decision *v;
	int nr;
	size_t cap;
};

struct dscan {
	struct fnctx *fc;
	struct decisions *out;
};

static enum CXChildVisitResult if_cb(CXCursor c, CXCursor parent,
				     CXClientData data)
{
	struct dscan *d = data;
	CXCursor kid[3];
	struct preds ps = { 0 };
	struct cons cs = { 0 };
	int n;

	if (clang_getCursorKind(c) != CXCursor_IfStmt)
		return CXChildVisit_Recurse;
	n = ast_kids(c, kid, 3);
	if (n < 2)
		return CXChildVisit_Recurse;
	preds_in(d->fc, kid[0], &ps);
	if (ps.nr && (consequence(kid[1], &cs) ||
		      (n == 3 && consequence(kid[2], &cs)))) {
		for (int i = 0; i < ps.nr; i++) {
			struct decision *x = VEC_PUSH(d->out->v, d->out->nr,
						      d->out->cap);

			x->p = ps.v[i];
			x->c.at = cs.at;
			x->c.what = xstrdup(cs.what);
			x->stmt = c;
		}
		free(ps.v);
		free(cs.what);
		return CXChildVisit_Recurse;
	}
	free(cs.what);
	preds_free(&ps);
	return CXChildVisit_Recurse;
}

static void decisions_of(struct fnctx *fc, struct decisions *out)
{
	struct dscan d = { fc, out };

	clang_visitChildren(fc->body, if_cb, &d);
}

static void decisions_free(struct decisions *ds)
{
	for (int i = 0; i < ds->nr; i++) {
		free(ds->v[i].p.what);
		free(ds->v[i].p.src.name);
		free(ds->v[i].c.what);
	}
	free(ds->v);
	memset(ds, 0, sizeof(*ds));
}

static enum vma_path path_of(struct fnctx *fc, const struct gup_call *g,
			     CXCursor stmt)
{
	CXCursor res;

	if (ast_pos(stmt).off < ast_pos(g->call).off)
		return PATH_BEFORE;
	res = result_var(fc->body, g->call);
	return on_failure_path(fc->body, stmt, res, g->call) ? PATH_FAILURE :
							      PATH_SUCCESS;
}

static void record(struct tu_facts *tf, struct vma_checks *out, int gi,
		   int fn, const struct decision *d, enum vma_path path,
		   CXCursor via)
{
	struct vma_check *v = VEC_PUSH(out->v, out->nr, out->cap);
	struct srcpos p = ast_pos(d->p.at), s = ast_pos(d->p.src.at);
	struct srcpos c = ast_pos(d->c.at);

	memset(v, 0, sizeof(*v));
	v->gup = gi;
	v->fn = fn;
	v->kind = d->p.kind;
	v->path = path;
	v->what = xstrdup(d->p.what);
	v->line = p.line;
	v->col = p.col;
	v->source = d->p.src.kind == SRC_VMAS ?
		    xasprintf("the vmas array '%s'", d->p.src.name) :
		    d->p.src.kind == SRC_LOOKUP ?
		    xasprintf("%s()", d->p.src.name) :
		    xasprintf("parameter %d", d->p.src.param + 1);
	v->src_line = s.line;
	v->src_col = s.col;
	v->consequence = xstrdup(d->c.what);
	v->cons_line = c.line;
	v->cons_col = c.col;
	v->via_call = clang_Cursor_isNull(via) ? -1 : 0;
	if (!clang_Cursor_isNull(via)) {
		struct srcpos w = ast_pos(via);

		v->via_line = w.line;
		v->via_col = w.col;
	}
	v->stmt = d->stmt;
}

/* Does @d, in GUP caller @fc, concern the range @g pins? */
static bool concerns(struct fnctx *fc, const struct gup_call *g,
		     const struct vsrc *src, const struct varset *start)
{
	struct varset lv = { 0 };
	bool yes = false;

	if (src->kind == SRC_VMAS) {
		char *k = ast_text(fc->tf->tu, ast_strip(g->vmas_arg));

		yes = !clang_Cursor_isNull(g->vmas_arg) && strcmp(k, src->name) == 0;
		free(k);
		return yes;
	}
	if (src->kind != SRC_LOOKUP)
		return false;
	lookup_vars(fc, src->at, &lv);
	yes = sets_meet(&lv, start);
	free(lv.v);
	return yes;
}

/*
 * A helper's decisions about a VMA it got through parameter @i: directly
 * (a VMA or vmas parameter), or by looking up an address that depends on
 * it.  Returns the parameter index, or -1.
 */
static int helper_param(struct fnctx *hc, const struct decision *d)
{
	struct varset lv = { 0 };
	int p = -1;

	if (d->p.src.kind == SRC_PARAM)
		return d->p.src.param;
	if (d->p.src.kind != SRC_LOOKUP)
		return -1;
	lookup_vars(hc, d->p.src.at, &lv);
	for (int i = 0; i < lv.nr && p < 0; i++)
		if (clang_getCursorKind(lv.v[i]) == CXCursor_ParmDecl)
			p = vma_param_of(hc, lv.v[i]);
	free(lv.v);
	return p;
}

static void check_direct(struct tu_facts *tf, int gi, struct vma_checks *out,
			 struct decisions *ds, struct fnctx *fc)
{
	const struct gup_call *g = &tf->gups[gi];
	struct varset start = { 0 };

	start_vars(fc, g, &start);
	for (int i = 0; i < ds->nr; i++)
		if (concerns(fc, g, &ds->v[i].p.src, &start))
			record(tf, out, gi, g->fn, &ds->v[i],
			       path_of(fc, g, ds->v[i].stmt), clang_getNullCursor());
	free(start.v);
}

/* Calls from @g's function to helpers that decide on a VMA of its range. */
static void check_helpers(struct tu_facts *tf, int gi, struct vma_checks *out,
			  struct decisions *all, struct fnctx *fc)
{
	const struct gup_call *g = &tf->gups[gi];
	struct varset start = { 0 };
	char *vkey = clang_Cursor_isNull(g->vmas_arg) ? NULL :
		     ast_text(tf->tu, ast_strip(g->vmas_arg));

	start_vars(fc, g, &start);
	for (int c = 0; c < tf->ncalls; c++) {
		const struct call_site *cs = &tf->calls[c];
		int h = clang_Cursor_isNull(cs->callee) ? -1 :
			facts_fn(tf, cs->callee);
		struct fnctx hc;

		if (cs->caller != g->fn || h < 0 || h == g->fn)
			continue;
		hc = (struct fnctx){ tf, h, fn_body(tf->fns[h].def) };
		for (int i = 0; i < all[h].nr; i++) {
			int p = helper_param(&hc, &all[h].v[i]);
			struct varset av = { 0 };
			CXCursor arg;
			bool rel = false;
			char *k;

			if (p < 0 || p >= clang_Cursor_getNumArguments(cs->call))
				continue;
			arg = clang_Cursor_getArgument(cs->call, p);
			k = ast_text(tf->tu, ast_strip(arg));
			rel = vkey && strcmp(k, vkey) == 0;
			free(k);
			if (!rel) {
				vars_of(fc, arg, &av, 0);
				rel = sets_meet(&av, &start);
				free(av.v);
			}
			if (rel)
				record(tf, out, gi, h, &all[h].v[i],
				       path_of(fc, g, cs->call), cs->call);
		}
	}
	free(vkey);
	free(start.v);
}

void vma_find_checks(struct tu_facts *tf, struct vma_checks *out)
{
	struct decisions *all;

	if (!tf->ngups)
		return;
	all = xcalloc(tf->nfns, sizeof(*all));
	for (int f = 0; f < tf->nfns; f++) {
		struct fnctx fc = { tf, f, fn_body(tf->fns[f].def) };

		if (!clang_Cursor_isNull(fc.body))
			decisions_of(&fc, &all[f]);
	}
	for (int gi = 0; gi < tf->ngups; gi++) {
		struct fnctx fc = { tf, tf->gups[gi].fn,
				    fn_body(tf->fns[tf->gups[gi].fn].def) };

		check_direct(tf, gi, out, &all[fc.fn], &fc);
		check_helpers(tf, gi, out, all, &fc);
	}
	for (int f = 0; f < tf->nfns; f++)
		decisions_free(&all[f]);
	free(all);
}

void vma_checks_free(struct vma_checks *vc)
{
	for (int i = 0; i < vc->nr; i++) {
		free(vc->v[i].what);
		free(vc->v[i].source);
		free(vc->v[i].consequence);
	}
	free(vc->v);
	memset(vc, 0, sizeof(*vc));
}

const struct vma_checks *vma_checks_of(struct tu_facts *tf)
{
	if (!tf->vma) {
		tf->vma = xcalloc(1, sizeof(*tf->vma));
		vma_find_checks(tf, tf->vma);
	}
	return tf->vma;
}

