// SPDX-License-Identifier: GPL-2.0
/*
 * What a scanned function does with the pages: releases them, uses their
 * data (DMA, block I/O, a kernel mapping), or writes them (dirties them,
 * releases them dirty, copies into them, maps them for DMA from the
 * device, also through a scatterlist built from them).
 */
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "facts_kapi.h"
#include "facts_pages_int.h"
#include "util.h"

/* Does any argument of @c reach the pages? */
void pg_see_data(struct scan *s, CXCursor c, const char *name)
{
	const struct kapi_fn *k = kapi_find(kapi_data_fns, name);

	if (!k)
		return;
	for (int a = 0; a < clang_Cursor_getNumArguments(c); a++) {
		if (pg_matches(s, clang_Cursor_getArgument(c, a))) {
			struct pages_facts *pf = s->pf;
			struct srcpos p = ast_pos(c);
			struct data_use *u;

			if (SEEN(pf->data, pf->ndata, p))
				return;
			u = VEC_PUSH(pf->data, pf->ndata, pf->dcap);
			*u = (struct data_use){ 0 };
			u->fn = xstrdup(name);
			u->dma = k->bits & KAPI_DMA;
			u->line = p.line;
			u->col = p.col;
			u->via = s->via;
			if (!u->dma)
				pg_map_access(s, c, name, u);
			return;
		}
	}
}

static void add_write(struct scan *s, CXCursor c, const char *name,
		      const char *how)
{
	struct pages_facts *pf = s->pf;
	struct srcpos p = ast_pos(c);
	struct write_use *w;

	if (SEEN(pf->wr, pf->nwr, p))
		return;
	w = VEC_PUSH(pf->wr, pf->nwr, pf->wcap);
	w->fn = xstrdup(name);
	w->how = how;
	w->line = p.line;
	w->col = p.col;
	w->via = s->via;
}

/* A constant that is not zero; a variable is no evidence either way. */
static bool const_true(CXCursor e)
{
	long long v;

	return ast_const_int(e, &v) && v != 0;
}

/* DMA_FROM_DEVICE or DMA_BIDIRECTIONAL, spelled as such. */
static bool dir_writes(CXCursor e)
{
	CXCursor d = ast_strip(e), ref;
	char *n;
	bool r;

	if (clang_getCursorKind(d) != CXCursor_DeclRefExpr)
		return false;
	ref = clang_getCursorReferenced(d);
	if (clang_getCursorKind(ref) != CXCursor_EnumConstantDecl)
		return false;
	n = ast_spelling(ref);
	r = !strcmp(n, "DMA_FROM_DEVICE") || !strcmp(n, "DMA_BIDIRECTIONAL");
	free(n);
	return r;
}

/* "sgt", "sgt->sgl", "sgt.sgl", "&sg[i]": built from the pages? */
static bool is_sg(struct scan *s, CXCursor e)
{
	char *k = ast_text(s->tf->tu, pg_base_of_(e, false));
	bool hit = false;

	for (int i = 0; i < s->nsg && !hit; i++) {
		size_t n = strlen(s->sg[i]);

		hit = !strncmp(k, s->sg[i], n) &&
		      (!k[n] || !strncmp(k + n, "->", 2) || k[n] == '.');
	}
	free(k);
	return hit;
}

static void arg_at(CXCursor c, int i, CXCursor *out)
{
	*out = i < clang_Cursor_getNumArguments(c) ?
	       clang_Cursor_getArgument(c, i) : clang_getNullCursor();
}

void pg_see_writes(struct scan *s, CXCursor c, const char *name)
{
	const struct kapi_fn *k;
	CXCursor a, d;

	arg_at(c, 0, &a);
	if (kapi_find(kapi_dirty_fns, name) &&
	    !clang_Cursor_isNull(a) && pg_matches(s, a))
		add_write(s, c, name, "dirties them");
	arg_at(c, 2, &d);
	if (kapi_find(kapi_dirty_release_fns, name) &&
	    !clang_Cursor_isNull(d) && pg_matches(s, a) && const_true(d))
		add_write(s, c, name, "releases them as dirty");
	if (!strcmp(name, "memcpy_to_page") && !clang_Cursor_isNull(a) &&
	    pg_matches(s, a))
		add_write(s, c, name, "copies data into them");
	k = kapi_find(kapi_sg_fill_fns, name);
	if (k) {
		CXCursor sg, pg;

		arg_at(c, k->arg, &sg);
		arg_at(c, k->arg2, &pg);
		if (!clang_Cursor_isNull(pg) && !clang_Cursor_isNull(sg) &&
		    pg_matches(s, pg))
			*VEC_PUSH(s->sg, s->nsg, s->scap) =
				ast_text(s->tf->tu, pg_base_of_(sg, false));
	}
	k = kapi_find(kapi_dma_map_fns, name);
	if (k) {
		CXCursor obj;
		bool hit;

		arg_at(c, k->arg, &obj);
		arg_at(c, k->arg2, &d);
		if (clang_Cursor_isNull(obj) || clang_Cursor_isNull(d))
			return;
		hit = k->bits & KAPI_SG ? is_sg(s, obj) : pg_matches(s, obj);
		if (hit && dir_writes(d))
			add_write(s, c, name, "maps them for DMA from the device");
	}
}

void pg_see_release(struct scan *s, CXCursor c, const char *name,
			const struct release_fn *rf)
{
	struct pages_facts *pf = s->pf;
	struct release_use *u;
	struct srcpos p;

	if (clang_Cursor_getNumArguments(c) < 1 ||
	    !pg_matches(s, clang_Cursor_getArgument(c, 0)))
		return;
	s->released = true;
	p = ast_pos(c);
	if (SEEN(pf->rel, pf->nrel, p))
		return;
	u = VEC_PUSH(pf->rel, pf->nrel, pf->rcap);
	u->fn = rf;
	u->call = c;
	u->line = p.line;
	u->col = p.col;
	u->off = p.off;
	u->len = strlen(name);
	u->main = p.main && !ast_from_macro(c);
	u->via = s->via;
	u->shared = s->shared;
}
