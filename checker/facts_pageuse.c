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
#include "facts_pages_int.h"
#include "util.h"

/* Functions whose use of a page means its data is read or written. */
static const struct {
	const char *name;
	bool dma;
} data_fns[] = {
	{ "sg_alloc_table_from_pages", true },
	{ "sg_alloc_table_from_pages_segment", true },
	{ "__sg_alloc_table_from_pages", true },
	{ "sg_set_page", true },
	{ "dma_map_page", true },
	{ "dma_map_page_attrs", true },
	{ "bio_add_page", true },
	{ "bio_add_pc_page", true },
	{ "__bio_add_page", true },
	{ "bio_add_hw_page", true },
	{ "vm_map_ram", false },
	{ "vmap", false },
	{ "kmap", false },
	{ "kmap_local_page", false },
	{ "kmap_atomic", false },
	{ "page_address", false },
	{ "memcpy_from_page", false },
	{ "memcpy_to_page", false },
};

/* Calls that show the pages' contents are written. */
static const char *const dirty_fns[] = {
	"set_page_dirty", "set_page_dirty_lock", "SetPageDirty",
	"folio_mark_dirty", "folio_mark_dirty_lock", "__set_page_dirty_nobuffers",
};

/* Releases that dirty the pages when their make_dirty argument is true. */
static const char *const dirty_release_fns[] = {
	"unpin_user_pages_dirty_lock", "unpin_user_page_range_dirty_lock",
	"put_user_pages_dirty_lock",
};

/* Scatterlists filled from pages: the sg argument, the pages argument. */
static const struct {
	const char *name;
	int sg, page;
} sg_fill_fns[] = {
	{ "sg_alloc_table_from_pages", 0, 1 },
	{ "sg_alloc_table_from_pages_segment", 0, 1 },
	{ "__sg_alloc_table_from_pages", 0, 1 },
	{ "sg_set_page", 0, 1 },
};

/* DMA mappings: the page or sg argument, the direction argument. */
static const struct {
	const char *name;
	int obj, dir;
	bool sg;
} dma_map_fns[] = {
	{ "dma_map_page", 1, 4, false },
	{ "dma_map_page_attrs", 1, 4, false },
	{ "dma_map_sg", 1, 3, true },
	{ "dma_map_sg_attrs", 1, 3, true },
	{ "dma_map_sgtable", 1, 2, true },
	{ "ib_dma_map_sg", 1, 3, true },
	{ "ib_dma_map_sg_attrs", 1, 3, true },
	{ "pci_map_sg", 1, 3, true },
};

/* Does any argument of @c reach the pages? */
void pg_see_data(struct scan *s, CXCursor c, const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(data_fns); i++)
		if (!strcmp(name, data_fns[i].name))
			break;
	if (i == ARRAY_SIZE(data_fns))
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
			u->dma = data_fns[i].dma;
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
	CXCursor a, d;
	size_t i;

	arg_at(c, 0, &a);
	if (pg_in_list(name, dirty_fns, ARRAY_SIZE(dirty_fns)) &&
	    !clang_Cursor_isNull(a) && pg_matches(s, a))
		add_write(s, c, name, "dirties them");
	arg_at(c, 2, &d);
	if (pg_in_list(name, dirty_release_fns, ARRAY_SIZE(dirty_release_fns)) &&
	    !clang_Cursor_isNull(d) && pg_matches(s, a) && const_true(d))
		add_write(s, c, name, "releases them as dirty");
	if (!strcmp(name, "memcpy_to_page") && !clang_Cursor_isNull(a) &&
	    pg_matches(s, a))
		add_write(s, c, name, "copies data into them");
	for (i = 0; i < ARRAY_SIZE(sg_fill_fns); i++) {
		CXCursor sg, pg;

		if (strcmp(name, sg_fill_fns[i].name))
			continue;
		arg_at(c, sg_fill_fns[i].sg, &sg);
		arg_at(c, sg_fill_fns[i].page, &pg);
		if (!clang_Cursor_isNull(pg) && !clang_Cursor_isNull(sg) &&
		    pg_matches(s, pg))
			*VEC_PUSH(s->sg, s->nsg, s->scap) =
				ast_text(s->tf->tu, pg_base_of_(sg, false));
	}
	for (i = 0; i < ARRAY_SIZE(dma_map_fns); i++) {
		CXCursor obj;
		bool hit;

		if (strcmp(name, dma_map_fns[i].name))
			continue;
		arg_at(c, dma_map_fns[i].obj, &obj);
		arg_at(c, dma_map_fns[i].dir, &d);
		if (clang_Cursor_isNull(obj) || clang_Cursor_isNull(d))
			continue;
		hit = dma_map_fns[i].sg ? is_sg(s, obj) : pg_matches(s, obj);
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
