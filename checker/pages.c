// SPDX-License-Identifier: GPL-2.0
/*
 * Following a pages array inside one function.
 *
 * The array is named by a "base key": the tokens of the expression it is
 * reached through, with indexing, offsets, casts and & stripped, so that
 * "pages", "&pages[i]" and "pages + i" are one key, and "umem->page_list"
 * another.  A local assigned from an element (page = pages[i]) is an alias.
 */
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "gupapi.h"
#include "pages.h"
#include "util.h"

/*
 * The expression a page or pages argument is reached through.  With
 * @calls, look inside one-argument calls (page_folio(page)) too.
 */
static CXCursor base_of_(CXCursor e, bool calls)
{
	for (;;) {
		CXCursor kid[2];
		enum CXCursorKind k;

		e = ast_strip(e);
		k = clang_getCursorKind(e);
		if (k == CXCursor_ArraySubscriptExpr && ast_kids(e, kid, 2) == 2) {
			e = kid[0];
		} else if (k == CXCursor_UnaryOperator &&
			   (ast_unop(e) == CXUnaryOperator_AddrOf ||
			    ast_unop(e) == CXUnaryOperator_Deref) &&
			   ast_kids(e, kid, 1) == 1) {
			e = kid[0];
		} else if (k == CXCursor_BinaryOperator &&
			   (ast_binop(e) == CXBinaryOperator_Add ||
			    ast_binop(e) == CXBinaryOperator_Sub) &&
			   ast_kids(e, kid, 2) == 2) {
			e = kid[0];
		} else if (calls && k == CXCursor_CallExpr &&
			   clang_Cursor_getNumArguments(e) == 1) {
			/* page_folio(page), virt_to_page(...): look inside. */
			e = clang_Cursor_getArgument(e, 0);
		} else {
			return e;
		}
	}
}

static CXCursor base_of(CXCursor e)
{
	return base_of_(e, true);
}

static char *key_of(CXTranslationUnit tu, CXCursor e)
{
	return ast_text(tu, base_of(e));
}

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
	{ "vm_map_ram", false },
	{ "vmap", false },
	{ "kmap", false },
	{ "kmap_local_page", false },
	{ "kmap_atomic", false },
	{ "page_address", false },
	{ "memcpy_from_page", false },
	{ "memcpy_to_page", false },
};

struct scan {
	struct tu_facts *tf;
	struct data_use *data;
	int ndata;
	size_t dcap;
	char **keys;		/* the array and its aliases */
	int nkeys;
	size_t kcap;
	struct release_use *uses;
	int nuses;
	size_t ucap;
	bool escape;
};

static bool has_key(struct scan *s, const char *k)
{
	for (int i = 0; i < s->nkeys; i++)
		if (strcmp(s->keys[i], k) == 0)
			return true;
	return false;
}

static void add_alias(struct scan *s, CXCursor var, CXCursor init)
{
	char *k = key_of(s->tf->tu, init);

	if (has_key(s, k)) {
		*VEC_PUSH(s->keys, s->nkeys, s->kcap) = ast_spelling(var);
	}
	free(k);
}

/* Does any argument of @c reach the pages? */
static void see_data(struct scan *s, CXCursor c, const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(data_fns); i++)
		if (!strcmp(name, data_fns[i].name))
			break;
	if (i == ARRAY_SIZE(data_fns))
		return;
	for (int a = 0; a < clang_Cursor_getNumArguments(c); a++) {
		char *k = key_of(s->tf->tu, clang_Cursor_getArgument(c, a));
		bool hit = has_key(s, k);

		free(k);
		if (hit) {
			struct data_use *u = VEC_PUSH(s->data, s->ndata, s->dcap);
			struct srcpos p = ast_pos(c);

			u->fn = xstrdup(name);
			u->dma = data_fns[i].dma;
			u->line = p.line;
			u->col = p.col;
			return;
		}
	}
}

static void see_call(struct scan *s, CXCursor c)
{
	char *name = ast_callee_name(c);
	const struct release_fn *rf = name ? release_lookup(name) : NULL;
	struct release_use *u;
	struct srcpos p;
	char *k;

	if (name)
		see_data(s, c, name);

	if (!rf || clang_Cursor_getNumArguments(c) < 1) {
		free(name);
		return;
	}
	k = key_of(s->tf->tu, clang_Cursor_getArgument(c, 0));
	if (has_key(s, k)) {
		u = VEC_PUSH(s->uses, s->nuses, s->ucap);
		p = ast_pos(c);
		u->fn = rf;
		u->call = c;
		u->line = p.line;
		u->col = p.col;
		u->off = p.off;
		u->len = strlen(name);
		u->main = p.main && !ast_from_macro(c);
	}
	free(k);
	free(name);
}

/* A field of a struct that is a local variable itself ("info.x"). */
static bool local_field(CXCursor lhs)
{
	CXCursor kid[1], b, ref;

	if (ast_kids(lhs, kid, 1) != 1)
		return false;
	b = ast_strip(kid[0]);
	if (clang_getCursorKind(b) != CXCursor_DeclRefExpr)
		return false;
	ref = clang_getCursorReferenced(b);
	return clang_getCursorKind(ref) == CXCursor_VarDecl &&
	       !clang_Cursor_hasVarDeclGlobalStorage(ref) &&
	       clang_getCanonicalType(clang_getCursorType(ref)).kind ==
		       CXType_Record;
}

/* "x->field = pages", "global = pages", "return pages". */
static void see_store(struct scan *s, CXCursor c)
{
	CXCursor kid[2], lhs;
	char *k;

	if (ast_kids(c, kid, 2) != 2)
		return;
	/* The pages themselves, not something computed from them. */
	k = ast_text(s->tf->tu, base_of_(kid[1], false));
	if (has_key(s, k)) {
		lhs = ast_strip(kid[0]);
		if (clang_getCursorKind(lhs) == CXCursor_MemberRefExpr &&
		    !local_field(lhs))
			s->escape = true;
		if (clang_getCursorKind(lhs) == CXCursor_DeclRefExpr &&
		    clang_Cursor_hasVarDeclGlobalStorage(
			    clang_getCursorReferenced(lhs)) == 1)
			s->escape = true;
	}
	free(k);
}

static enum CXChildVisitResult scan_cb(CXCursor c, CXCursor parent,
				       CXClientData data)
{
	struct scan *s = data;
	CXCursor init, kid[1];
	char *k;

	(void)parent;
	switch (clang_getCursorKind(c)) {
	case CXCursor_VarDecl:
		init = clang_Cursor_getVarDeclInitializer(c);
		if (!clang_Cursor_isNull(init))
			add_alias(s, c, init);
		break;
	case CXCursor_BinaryOperator:
		if (ast_binop(c) == CXBinaryOperator_Assign) {
			CXCursor two[2];

			see_store(s, c);
			if (ast_kids(c, two, 2) == 2 &&
			    clang_getCursorKind(ast_strip(two[0])) ==
				    CXCursor_DeclRefExpr)
				add_alias(s, clang_getCursorReferenced(
						     ast_strip(two[0])), two[1]);
		}
		break;
	case CXCursor_CallExpr:
		see_call(s, c);
		break;
	case CXCursor_ReturnStmt:
		if (ast_kids(c, kid, 1) == 1) {
			k = key_of(s->tf->tu, kid[0]);
			if (has_key(s, k) &&
			    clang_getCursorType(ast_strip(kid[0])).kind ==
				    CXType_Pointer)
				s->escape = true;
			free(k);
		}
		break;
	default:
		break;
	}
	return CXChildVisit_Recurse;
}

static void scan(struct tu_facts *tf, const struct gup_call *g, struct scan *s)
{
	memset(s, 0, sizeof(*s));
	s->tf = tf;
	if (clang_Cursor_isNull(g->pages_arg))
		return;
	*VEC_PUSH(s->keys, s->nkeys, s->kcap) = key_of(tf->tu, g->pages_arg);
	if (!*s->keys[0] || strcmp(s->keys[0], "NULL") == 0)
		return;
	/* "struct page **pages = ttm->pages + n;": the array is ttm->pages. */
	{
		CXCursor b = base_of(g->pages_arg), ref, init;

		if (clang_getCursorKind(b) == CXCursor_DeclRefExpr) {
			ref = clang_getCursorReferenced(b);
			init = clang_getCursorKind(ref) == CXCursor_VarDecl ?
			       clang_Cursor_getVarDeclInitializer(ref) :
			       clang_getNullCursor();
			if (!clang_Cursor_isNull(init)) {
				*VEC_PUSH(s->keys, s->nkeys, s->kcap) =
					key_of(tf->tu, init);
				b = base_of(init);
			}
		}
		/*
		 * An array that is a field of an object (ttm->pages) lives as
		 * long as the object: its releases may be anywhere.
		 */
		if (clang_getCursorKind(b) == CXCursor_MemberRefExpr &&
		    !local_field(b))
			s->escape = true;
	}
	clang_visitChildren(tf->fns[g->fn].def, scan_cb, s);
}

static void scan_free(struct scan *s)
{
	for (int i = 0; i < s->nkeys; i++)
		free(s->keys[i]);
	free(s->keys);
}

const struct pages_facts *pages_of(struct tu_facts *tf, struct gup_call *g)
{
	struct pages_facts *pf;
	struct scan s;

	if (g->pf)
		return g->pf;
	pf = xcalloc(1, sizeof(*pf));
	scan(tf, g, &s);
	if (s.nkeys && *s.keys[0] && strcmp(s.keys[0], "NULL") != 0)
		pf->key = xstrdup(s.keys[0]);
	scan_free(&s);
	pf->rel = s.uses;
	pf->nrel = s.nuses;
	pf->data = s.data;
	pf->ndata = s.ndata;
	pf->escape = s.escape;
	g->pf = pf;
	return pf;
}

void pages_facts_free(struct pages_facts *pf)
{
	if (!pf)
		return;
	for (int i = 0; i < pf->ndata; i++)
		free(pf->data[i].fn);
	free(pf->data);
	free(pf->rel);
	free(pf->key);
	free(pf);
}
