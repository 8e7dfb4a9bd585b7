// SPDX-License-Identifier: GPL-2.0
/*
 * Following a pages array from the GUP call that fills it.
 *
 * Inside a function the array is named by a "base key": the tokens of the
 * expression it is reached through, with indexing, offsets, casts and &
 * stripped, so that "pages", "&pages[i]" and "pages + i" are one key, and
 * "umem->page_list" another.  A local assigned from an element (page =
 * pages[i]) is an alias.  Across the functions of the file the array is
 * followed three ways, each a summary computed once per GUP call: into
 * a helper it is passed to (by the helper's parameter), into every
 * function that reaches the object field it is kept in (by the field's
 * USR), and back into the callers of a function that returns it.
 */
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "gupapi.h"
#include "pages.h"
#include "path.h"
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

/* Calls that make an object reachable from elsewhere. */
static const char *const publish_fns[] = {
	"list_add", "list_add_tail", "list_add_rcu", "list_add_tail_rcu",
	"hlist_add_head", "hlist_add_head_rcu", "xa_store", "xa_insert",
	"xa_alloc", "xa_alloc_cyclic", "idr_alloc", "idr_alloc_cyclic",
	"idr_replace", "rb_link_node", "hash_add", "hash_add_rcu",
	"radix_tree_insert", "interval_tree_insert", "kref_get",
};

#define REACH_DEPTH 3

static bool is_nullish(CXCursor e);

struct scan {
	struct tu_facts *tf;
	struct pages_facts *pf;
	int fn;			/* the function scanned */
	CXCursor body;
	const char *via;	/* its name, or NULL for the GUP's function */
	bool shared;		/* a helper other callers use too */
	int depth;
	const char *field;	/* USR of a field that holds the pages */
	char **keys;		/* the array and its aliases */
	int nkeys;
	size_t kcap;
	char **sg;		/* scatterlists built from the pages */
	int nsg;
	size_t scap;
	bool returned;		/* "return pages" */
};

static bool in_list(const char *name, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(name, v[i]))
			return true;
	return false;
}

static bool has_key(struct scan *s, const char *k)
{
	for (int i = 0; i < s->nkeys; i++)
		if (strcmp(s->keys[i], k) == 0)
			return true;
	return false;
}

static char *usr_of(CXCursor c)
{
	CXString u = clang_getCursorUSR(c);
	char *r = xstrdup(clang_getCString(u));

	clang_disposeString(u);
	return r;
}

static bool is_field_ref(CXCursor b, const char *usr)
{
	char *u;
	bool r;

	if (clang_getCursorKind(b) != CXCursor_MemberRefExpr)
		return false;
	u = usr_of(clang_getCursorReferenced(b));
	r = *u && strcmp(u, usr) == 0;
	free(u);
	return r;
}

/* Is @e (stripped of indexing, & and page_folio() with @calls) the pages? */
static bool matches_(struct scan *s, CXCursor e, bool calls)
{
	CXCursor b = base_of_(e, calls);
	char *k;
	bool hit;

	if (s->field && is_field_ref(b, s->field))
		return true;
	k = ast_text(s->tf->tu, b);
	hit = has_key(s, k);
	free(k);
	return hit;
}

static bool matches(struct scan *s, CXCursor e)
{
	return matches_(s, e, true);
}

static void add_alias(struct scan *s, CXCursor var, CXCursor init)
{
	if (matches(s, init))
		*VEC_PUSH(s->keys, s->nkeys, s->kcap) = ast_spelling(var);
}

/* One call reached twice (own scan, then through a field) counts once. */
#define SEEN(v, n, p) ({						\
	bool _seen = false;						\
	for (int _i = 0; _i < (n) && !_seen; _i++)			\
		_seen = (v)[_i].line == (p).line && (v)[_i].col == (p).col; \
	_seen;								\
})

static bool add_reach(struct pages_facts *pf, char *id)
{
	for (int i = 0; i < pf->nreach; i++) {
		if (strcmp(pf->reach[i], id) == 0) {
			free(id);
			return false;
		}
	}
	*VEC_PUSH(pf->reach, pf->nreach, pf->xcap) = id;
	return true;
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
		if (matches(s, clang_Cursor_getArgument(c, a))) {
			struct pages_facts *pf = s->pf;
			struct srcpos p = ast_pos(c);
			struct data_use *u;

			if (SEEN(pf->data, pf->ndata, p))
				return;
			u = VEC_PUSH(pf->data, pf->ndata, pf->dcap);
			u->fn = xstrdup(name);
			u->dma = data_fns[i].dma;
			u->line = p.line;
			u->col = p.col;
			u->via = s->via;
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
	CXEvalResult r = clang_Cursor_Evaluate(ast_strip(e));
	bool t = false;

	if (!r)
		return false;
	if (clang_EvalResult_getKind(r) == CXEval_Int)
		t = clang_EvalResult_getAsLongLong(r) != 0;
	clang_EvalResult_dispose(r);
	return t;
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
	char *k = ast_text(s->tf->tu, base_of_(e, false));
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

static void see_writes(struct scan *s, CXCursor c, const char *name)
{
	CXCursor a, d;
	size_t i;

	arg_at(c, 0, &a);
	if (in_list(name, dirty_fns, ARRAY_SIZE(dirty_fns)) &&
	    !clang_Cursor_isNull(a) && matches(s, a))
		add_write(s, c, name, "dirties them");
	arg_at(c, 2, &d);
	if (in_list(name, dirty_release_fns, ARRAY_SIZE(dirty_release_fns)) &&
	    !clang_Cursor_isNull(d) && matches(s, a) && const_true(d))
		add_write(s, c, name, "releases them as dirty");
	if (!strcmp(name, "memcpy_to_page") && !clang_Cursor_isNull(a) &&
	    matches(s, a))
		add_write(s, c, name, "copies data into them");
	for (i = 0; i < ARRAY_SIZE(sg_fill_fns); i++) {
		CXCursor sg, pg;

		if (strcmp(name, sg_fill_fns[i].name))
			continue;
		arg_at(c, sg_fill_fns[i].sg, &sg);
		arg_at(c, sg_fill_fns[i].page, &pg);
		if (!clang_Cursor_isNull(pg) && !clang_Cursor_isNull(sg) &&
		    matches(s, pg))
			*VEC_PUSH(s->sg, s->nsg, s->scap) =
				ast_text(s->tf->tu, base_of_(sg, false));
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
		hit = dma_map_fns[i].sg ? is_sg(s, obj) : matches(s, obj);
		if (hit && dir_writes(d))
			add_write(s, c, name, "maps them for DMA from the device");
	}
}

static void see_release(struct scan *s, CXCursor c, const char *name,
			const struct release_fn *rf)
{
	struct pages_facts *pf = s->pf;
	struct release_use *u;
	struct srcpos p;

	if (clang_Cursor_getNumArguments(c) < 1 ||
	    !matches(s, clang_Cursor_getArgument(c, 0)))
		return;
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

static void scan_fn(struct tu_facts *tf, struct pages_facts *pf, int fn,
		    const char *key, const char *field, int depth, bool shared);

/*
 * What helper @fn does with the pages passed as its parameter @arg: a
 * partial pages_facts, computed once per file and merged into each GUP
 * call's facts that reaches it.  NULL while it is being computed (a
 * recursive helper).
 */
struct pages_memo {
	int fn, arg;
	bool shared, busy;
	struct pages_facts *pf;
};

static void merge_facts(struct pages_facts *to, const struct pages_facts *from)
{
	for (int i = 0; i < from->nrel; i++)
		if (!SEEN(to->rel, to->nrel, from->rel[i]))
			*VEC_PUSH(to->rel, to->nrel, to->rcap) = from->rel[i];
	for (int i = 0; i < from->ndata; i++) {
		struct data_use *u;

		if (SEEN(to->data, to->ndata, from->data[i]))
			continue;
		u = VEC_PUSH(to->data, to->ndata, to->dcap);
		*u = from->data[i];
		u->fn = xstrdup(u->fn);
	}
	for (int i = 0; i < from->nwr; i++) {
		struct write_use *w;

		if (SEEN(to->wr, to->nwr, from->wr[i]))
			continue;
		w = VEC_PUSH(to->wr, to->nwr, to->wcap);
		*w = from->wr[i];
		w->fn = xstrdup(w->fn);
	}
	for (int i = 0; i < from->nreach; i++)
		add_reach(to, xstrdup(from->reach[i]));
	to->escape |= from->escape;
	to->unfollowed |= from->unfollowed;
	to->mixed |= from->mixed;
	if (!to->kept && from->kept) {
		to->kept = true;
		to->kept_line = from->kept_line;
		to->kept_col = from->kept_col;
		to->kept_in = from->kept_in;
		to->kept_what = from->kept_what ? xstrdup(from->kept_what) : NULL;
	}
}

static const struct pages_facts *helper_summary(struct tu_facts *tf, int fn,
						int arg, bool shared, int depth)
{
	struct pages_memo *m;
	struct pages_facts *pf;
	CXCursor parm;
	char *name;

	for (int i = 0; i < tf->npmemo; i++) {
		m = &tf->pmemo[i];
		if (m->fn == fn && m->arg == arg && m->shared == shared)
			return m->busy ? NULL : m->pf;
	}
	parm = clang_Cursor_getArgument(tf->fns[fn].def, arg);
	name = ast_spelling(parm);
	pf = xcalloc(1, sizeof(*pf));
	m = VEC_PUSH(tf->pmemo, tf->npmemo, tf->pmcap);
	*m = (struct pages_memo){ fn, arg, shared, true, pf };
	if (*name)
		scan_fn(tf, pf, fn, name, NULL, depth, shared);
	free(name);
	/* The array may have moved while scanning: find the entry again. */
	for (int i = 0; i < tf->npmemo; i++)
		if (tf->pmemo[i].pf == pf)
			tf->pmemo[i].busy = false;
	return pf;
}

void pages_free_memo(struct tu_facts *tf)
{
	for (int i = 0; i < tf->npmemo; i++)
		pages_facts_free(tf->pmemo[i].pf);
	free(tf->pmemo);
	tf->pmemo = NULL;
	tf->npmemo = 0;
	tf->pmcap = 0;
}

/* Pages passed to a function of this file: follow its parameter. */
static void see_helper(struct scan *s, CXCursor c)
{
	CXCursor callee = clang_getCursorReferenced(c);
	int n = clang_Cursor_getNumArguments(c), f;

	if (clang_Cursor_isNull(callee) || s->depth >= REACH_DEPTH)
		return;
	f = facts_fn(s->tf, clang_getCanonicalCursor(callee));
	if (f < 0)
		return;
	for (int i = 0; i < n; i++) {
		const struct pages_facts *sum;
		CXCursor parm;

		if (!matches(s, clang_Cursor_getArgument(c, i)))
			continue;
		parm = clang_Cursor_getArgument(s->tf->fns[f].def, i);
		if (clang_Cursor_isNull(parm) ||
		    clang_getCursorType(parm).kind != CXType_Pointer)
			continue;
		if (!add_reach(s->pf, xasprintf("param:%d:%d", f, i)))
			continue;
		sum = helper_summary(s->tf, f, i,
				     s->shared || s->tf->fns[f].ncalls > 1 ||
				     s->tf->fns[f].external, s->depth + 1);
		if (sum)
			merge_facts(s->pf, sum);
	}
}

static void see_call(struct scan *s, CXCursor c)
{
	char *name = ast_callee_name(c);
	const struct release_fn *rf;

	if (!name)
		return;
	rf = release_lookup(name);
	see_data(s, c, name);
	see_writes(s, c, name);
	if (rf)
		see_release(s, c, name, rf);
	else if (!gup_api_lookup(name))
		see_helper(s, c);
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

/* The variable an lvalue like "a->b.c[i]" is rooted at, or null. */
static CXCursor root_var(CXCursor e)
{
	for (;;) {
		CXCursor kid[2];
		enum CXCursorKind k;

		e = base_of_(e, false);
		k = clang_getCursorKind(e);
		if (k == CXCursor_DeclRefExpr)
			return clang_getCursorReferenced(e);
		if (k != CXCursor_MemberRefExpr || ast_kids(e, kid, 1) != 1)
			return clang_getNullCursor();
		e = kid[0];
	}
}

struct pubscan {
	CXCursor var;
	bool out;
};

static bool is_var(CXCursor e, CXCursor var)
{
	e = ast_strip(e);
	return clang_getCursorKind(e) == CXCursor_DeclRefExpr &&
	       ast_same(clang_getCursorReferenced(e), var);
}

static enum CXChildVisitResult pub_cb(CXCursor c, CXCursor parent,
				      CXClientData data)
{
	struct pubscan *p = data;
	CXCursor kid[2];
	char *name;

	(void)parent;
	switch (clang_getCursorKind(c)) {
	case CXCursor_ReturnStmt:
		if (ast_kids(c, kid, 1) == 1 && is_var(kid[0], p->var))
			p->out = true;
		break;
	case CXCursor_BinaryOperator:
		if (ast_binop(c) == CXBinaryOperator_Assign &&
		    ast_kids(c, kid, 2) == 2 && is_var(kid[1], p->var) &&
		    clang_getCursorKind(ast_strip(kid[0])) != CXCursor_DeclRefExpr)
			p->out = true;
		break;
	case CXCursor_CallExpr:
		name = ast_callee_name(c);
		if (name && in_list(name, publish_fns, ARRAY_SIZE(publish_fns)))
			for (int i = 0; i < clang_Cursor_getNumArguments(c); i++)
				if (ast_same(root_var(clang_Cursor_getArgument(c, i)),
					     p->var))
					p->out = true;
		free(name);
		break;
	default:
		break;
	}
	return p->out ? CXChildVisit_Break : CXChildVisit_Recurse;
}

/*
 * Does an object rooted at @var outlive a call of the function @body
 * belongs to: a parameter's, a global's, or a local's that is returned,
 * stored or published (list_add(), xa_store(), ...)?
 */
static bool outlives(CXCursor body, CXCursor var)
{
	struct pubscan p = { var, false };
	enum CXCursorKind k = clang_getCursorKind(var);

	if (k == CXCursor_ParmDecl)
		return true;
	if (k != CXCursor_VarDecl)
		return false;
	if (clang_Cursor_hasVarDeclGlobalStorage(var) == 1)
		return true;
	if (clang_getCanonicalType(clang_getCursorType(var)).kind != CXType_Pointer)
		return false;
	clang_visitChildren(body, pub_cb, &p);
	return p.out;
}

/* The pages are now kept in the field @lhs: note it and follow it. */
static void kept_in(struct scan *s, CXCursor at, CXCursor lhs)
{
	struct pages_facts *pf = s->pf;
	struct srcpos p = ast_pos(at);
	CXCursor root = root_var(lhs);

	pf->escape = true;
	/*
	 * A helper other callers use stores whatever it is given: the field
	 * holds other pages too.
	 */
	if (s->shared)
		pf->mixed = true;
	if (!pf->kept && !clang_Cursor_isNull(root) && outlives(s->body, root)) {
		pf->kept = true;
		pf->kept_line = p.line;
		pf->kept_col = p.col;
		pf->kept_in = s->via;
		pf->kept_what = ast_text(s->tf->tu, lhs);
	}
	if (clang_getCursorKind(lhs) == CXCursor_MemberRefExpr && !s->shared) {
		char *u = usr_of(clang_getCursorReferenced(lhs));

		if (*u)
			add_reach(pf, xasprintf("field:%s", u));
		free(u);
	}
}

/*
 * Is @e a page, a folio or an array of them?  A value read through a
 * kernel mapping of the pages ("*(u64 *)(kaddr + off)") is not.
 */
static bool is_page_ptr(CXCursor e)
{
	CXType t = clang_getCanonicalType(clang_getCursorType(ast_strip(e)));
	CXString sp;
	bool r;

	if (t.kind != CXType_Pointer)
		return false;
	sp = clang_getTypeSpelling(t);
	r = strstr(clang_getCString(sp), "struct page") ||
	    strstr(clang_getCString(sp), "struct folio");
	clang_disposeString(sp);
	return r;
}

/* "x->field = pages", "global = pages", "*out = pages". */
static void see_store(struct scan *s, CXCursor c)
{
	CXCursor kid[2], lhs;
	enum CXCursorKind k;

	if (ast_kids(c, kid, 2) != 2 || !is_page_ptr(kid[1]) ||
	    !matches_(s, kid[1], false))
		return;
	lhs = ast_strip(kid[0]);
	k = clang_getCursorKind(lhs);
	if (k == CXCursor_MemberRefExpr && !local_field(lhs)) {
		kept_in(s, c, lhs);
	} else if (k == CXCursor_DeclRefExpr &&
		   clang_Cursor_hasVarDeclGlobalStorage(
			   clang_getCursorReferenced(lhs)) == 1) {
		kept_in(s, c, lhs);
	} else if (k == CXCursor_UnaryOperator &&
		   ast_unop(lhs) == CXUnaryOperator_Deref) {
		s->pf->escape = true;
		s->pf->unfollowed = true;
	}
}

static enum CXChildVisitResult scan_cb(CXCursor c, CXCursor parent,
				       CXClientData data)
{
	struct scan *s = data;
	CXCursor init, kid[2];

	(void)parent;
	switch (clang_getCursorKind(c)) {
	case CXCursor_VarDecl:
		init = clang_Cursor_getVarDeclInitializer(c);
		if (!clang_Cursor_isNull(init))
			add_alias(s, c, init);
		break;
	case CXCursor_BinaryOperator:
		if (ast_binop(c) != CXBinaryOperator_Assign)
			break;
		see_store(s, c);
		if (ast_kids(c, kid, 2) == 2 &&
		    clang_getCursorKind(ast_strip(kid[0])) == CXCursor_DeclRefExpr)
			add_alias(s, clang_getCursorReferenced(ast_strip(kid[0])),
				  kid[1]);
		break;
	case CXCursor_CallExpr:
		see_call(s, c);
		break;
	case CXCursor_ReturnStmt:
		if (ast_kids(c, kid, 1) == 1 && is_page_ptr(kid[0]) &&
		    matches(s, kid[0]))
			s->returned = true;
		break;
	default:
		break;
	}
	return CXChildVisit_Recurse;
}

static void scan_free(struct scan *s)
{
	for (int i = 0; i < s->nkeys; i++)
		free(s->keys[i]);
	free(s->keys);
	for (int i = 0; i < s->nsg; i++)
		free(s->sg[i]);
	free(s->sg);
}

static void scan_init(struct scan *s, struct tu_facts *tf,
		      struct pages_facts *pf, int fn, const char *via)
{
	memset(s, 0, sizeof(*s));
	s->tf = tf;
	s->pf = pf;
	s->fn = fn;
	s->via = via;
	s->body = fn_body(tf->fns[fn].def);
}

/* Follow @key (or the field @field) through function @fn. */
static void scan_fn(struct tu_facts *tf, struct pages_facts *pf, int fn,
		    const char *key, const char *field, int depth, bool shared)
{
	struct scan s;

	scan_init(&s, tf, pf, fn, tf->fns[fn].name);
	s.depth = depth;
	s.shared = shared;
	s.field = field;
	if (key)
		*VEC_PUSH(s.keys, s.nkeys, s.kcap) = xstrdup(key);
	if (!clang_Cursor_isNull(s.body))
		clang_visitChildren(s.body, scan_cb, &s);
	scan_free(&s);
}

/* Calls that fill a pages array by other means than this GUP call. */
static const char *const fill_fns[] = {
	"alloc_pages_bulk", "alloc_pages_bulk_array", "__alloc_pages_bulk",
	"alloc_pages_bulk_array_node", "iov_iter_get_pages",
	"iov_iter_get_pages2", "iov_iter_get_pages_alloc",
	"iov_iter_get_pages_alloc2", "iov_iter_extract_pages",
};

/*
 * Is the array (the field @usr, or the parameter @var of a helper) filled
 * another way: an element assigned, or passed to an allocator or to a
 * helper of this file that does so?
 */
struct fillscan {
	struct tu_facts *tf;
	const char *usr;
	const char *text;	/* or the array as spelled in one function */
	CXCursor var;
	int depth;
	bool other;
};

static bool fill_target(struct fillscan *f, CXCursor e)
{
	CXCursor b = base_of_(e, false);

	if (f->usr)
		return is_field_ref(b, f->usr);
	if (f->text) {
		char *k = ast_text(f->tf->tu, b);
		bool hit = strcmp(k, f->text) == 0;

		free(k);
		return hit;
	}
	return clang_getCursorKind(b) == CXCursor_DeclRefExpr &&
	       ast_same(clang_getCursorReferenced(b), f->var);
}

static bool is_nullish(CXCursor e)
{
	long long v;
	CXEvalResult r;

	if (ast_is_null(e))
		return true;
	r = clang_Cursor_Evaluate(ast_strip(e));
	if (!r)
		return false;
	v = clang_EvalResult_getKind(r) == CXEval_Int ?
	    clang_EvalResult_getAsLongLong(r) : 1;
	clang_EvalResult_dispose(r);
	return v == 0;
}

static enum CXChildVisitResult fill_cb(CXCursor c, CXCursor parent,
				       CXClientData data);

static void fill_call(struct fillscan *f, CXCursor c)
{
	char *name = ast_callee_name(c);
	CXCursor callee = clang_getCursorReferenced(c);
	int n = clang_Cursor_getNumArguments(c), fn = -1;

	if (!name)
		return;
	if (!clang_Cursor_isNull(callee) && f->depth < 2 && !gup_api_lookup(name))
		fn = facts_fn(f->tf, clang_getCanonicalCursor(callee));
	for (int i = 0; i < n && !f->other; i++) {
		if (!fill_target(f, clang_Cursor_getArgument(c, i)))
			continue;
		if (in_list(name, fill_fns, ARRAY_SIZE(fill_fns))) {
			f->other = true;
		} else if (fn >= 0) {
			struct fillscan h = { f->tf, NULL, NULL,
				clang_Cursor_getArgument(f->tf->fns[fn].def, i),
				f->depth + 1, false };

			if (!clang_Cursor_isNull(h.var))
				clang_visitChildren(f->tf->fns[fn].def, fill_cb, &h);
			f->other = h.other;
		}
	}
	free(name);
}

static enum CXChildVisitResult fill_cb(CXCursor c, CXCursor parent,
				       CXClientData data)
{
	struct fillscan *f = data;
	CXCursor kid[2], lhs;

	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_BinaryOperator &&
	    ast_binop(c) == CXBinaryOperator_Assign && ast_kids(c, kid, 2) == 2) {
		lhs = ast_strip(kid[0]);
		/* An element, not the array itself: "x->pages[i] = page". */
		if ((clang_getCursorKind(lhs) == CXCursor_ArraySubscriptExpr ||
		     clang_getCursorKind(lhs) == CXCursor_UnaryOperator) &&
		    fill_target(f, lhs) && !is_nullish(kid[1]))
			f->other = true;
	}
	if (clang_getCursorKind(c) == CXCursor_CallExpr)
		fill_call(f, c);
	return f->other ? CXChildVisit_Break : CXChildVisit_Recurse;
}

/* Does the text of function @fn name @word? */
static bool fn_mentions(struct tu_facts *tf, int fn, const char *word)
{
	struct srcpos p = ast_pos(tf->fns[fn].def);
	unsigned end = ast_end_off(tf->fns[fn].def);
	size_t n = strlen(word);

	if (!p.main || end > tf->srclen || end <= p.off)
		return true;
	for (const char *q = tf->src + p.off; q + n <= tf->src + end; q++) {
		q = memchr(q, word[0], tf->src + end - q);
		if (!q || q + n > tf->src + end)
			return false;
		if (!memcmp(q, word, n))
			return true;
	}
	return false;
}

/*
 * The pages are kept in the field @usr: follow every function of the file
 * that reaches it, unless the field is also filled another way (then its
 * releases and uses are not this call's alone).
 */
static void follow_field(struct tu_facts *tf, struct pages_facts *pf,
			 const char *usr)
{
	const char *name = strrchr(usr, '@');
	struct fillscan fs = { tf, usr, NULL, clang_getNullCursor(), 0, false };

	name = name ? name + 1 : usr;
	for (int f = 0; f < tf->nfns && !fs.other; f++)
		if (fn_mentions(tf, f, name))
			clang_visitChildren(tf->fns[f].def, fill_cb, &fs);
	if (fs.other) {
		pf->mixed = true;
		return;
	}
	for (int f = 0; f < tf->nfns; f++)
		if (fn_mentions(tf, f, name))
			scan_fn(tf, pf, f, NULL, usr, 1, false);
}

/* How a caller keeps the result of @call: a local, or a field. */
struct resuse {
	CXCursor call, lhs;
};

static enum CXChildVisitResult resuse_cb(CXCursor c, CXCursor parent,
					 CXClientData data)
{
	struct resuse *r = data;
	CXCursor kid[2], init;

	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_VarDecl) {
		init = clang_Cursor_getVarDeclInitializer(c);
		if (!clang_Cursor_isNull(init) && ast_same(ast_strip(init), r->call)) {
			r->lhs = c;
			return CXChildVisit_Break;
		}
	}
	if (clang_getCursorKind(c) == CXCursor_BinaryOperator &&
	    ast_binop(c) == CXBinaryOperator_Assign && ast_kids(c, kid, 2) == 2 &&
	    ast_same(ast_strip(kid[1]), r->call)) {
		r->lhs = ast_strip(kid[0]);
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

/* The GUP's function returns the pages: follow them in its callers. */
static void follow_return(struct tu_facts *tf, struct pages_facts *pf, int fn)
{
	int seen = 0;

	if (tf->fns[fn].external || tf->fns[fn].nrefs > tf->fns[fn].ncalls)
		pf->unfollowed = true;
	for (int i = 0; i < tf->ncalls; i++) {
		struct call_site *cs = &tf->calls[i];
		struct resuse r = { cs->call, clang_getNullCursor() };
		struct scan s;
		enum CXCursorKind k;

		if (clang_Cursor_isNull(cs->callee) ||
		    !clang_equalCursors(cs->callee, tf->fns[fn].canon) ||
		    cs->caller < 0)
			continue;
		seen++;
		scan_init(&s, tf, pf, cs->caller, tf->fns[cs->caller].name);
		if (!clang_Cursor_isNull(s.body))
			clang_visitChildren(s.body, resuse_cb, &r);
		k = clang_getCursorKind(r.lhs);
		if (k == CXCursor_VarDecl || k == CXCursor_DeclRefExpr) {
			CXCursor v = k == CXCursor_VarDecl ? r.lhs :
				     clang_getCursorReferenced(r.lhs);
			char *name = ast_spelling(v);

			scan_fn(tf, pf, cs->caller, name, NULL, 1, false);
			free(name);
		} else if (k == CXCursor_MemberRefExpr) {
			kept_in(&s, cs->call, r.lhs);
		} else {
			pf->unfollowed = true;
		}
		scan_free(&s);
	}
	if (!seen)
		pf->unfollowed = true;
}

static void scan_gup(struct tu_facts *tf, struct gup_call *g,
		     struct pages_facts *pf)
{
	struct scan s;
	CXCursor b, ref, init;

	scan_init(&s, tf, pf, g->fn, NULL);
	*VEC_PUSH(s.keys, s.nkeys, s.kcap) = key_of(tf->tu, g->pages_arg);
	if (!*s.keys[0] || strcmp(s.keys[0], "NULL") == 0) {
		scan_free(&s);
		return;
	}
	pf->key = xstrdup(s.keys[0]);
	/* "struct page **pages = ttm->pages + n;": the array is ttm->pages. */
	b = base_of(g->pages_arg);
	if (clang_getCursorKind(b) == CXCursor_DeclRefExpr) {
		ref = clang_getCursorReferenced(b);
		init = clang_getCursorKind(ref) == CXCursor_VarDecl ?
		       clang_Cursor_getVarDeclInitializer(ref) :
		       clang_getNullCursor();
		/* Not "struct page **pages = NULL;": every NULL would alias. */
		if (!clang_Cursor_isNull(init) && !is_nullish(init)) {
			*VEC_PUSH(s.keys, s.nkeys, s.kcap) = key_of(tf->tu, init);
			b = base_of(init);
		}
	}
	/*
	 * An array that is a field of an object (ttm->pages) lives as long
	 * as the object: its releases may be anywhere.
	 */
	if (clang_getCursorKind(b) == CXCursor_MemberRefExpr && !local_field(b))
		kept_in(&s, g->call, b);
	if (!clang_Cursor_isNull(s.body)) {
		struct fillscan fs = { tf, NULL, pf->key, clang_getNullCursor(),
				       0, false };

		clang_visitChildren(s.body, fill_cb, &fs);
		pf->mixed |= fs.other;
		clang_visitChildren(s.body, scan_cb, &s);
	}
	if (s.returned) {
		pf->escape = true;
		add_reach(pf, xasprintf("ret:%d", g->fn));
		follow_return(tf, pf, g->fn);
	}
	scan_free(&s);
	/* Fields found on the way may add more fields: index, not pointer. */
	for (int i = 0; i < pf->nreach; i++)
		if (!strncmp(pf->reach[i], "field:", 6))
			follow_field(tf, pf, pf->reach[i] + 6);
}

const struct pages_facts *pages_of(struct tu_facts *tf, struct gup_call *g)
{
	struct pages_facts *pf;

	if (g->pf)
		return g->pf;
	pf = xcalloc(1, sizeof(*pf));
	if (!clang_Cursor_isNull(g->pages_arg))
		scan_gup(tf, g, pf);
	g->pf = pf;
	return pf;
}

bool pages_meet(const struct pages_facts *a, const struct pages_facts *b)
{
	for (int i = 0; i < a->nreach; i++)
		for (int k = 0; k < b->nreach; k++)
			if (strcmp(a->reach[i], b->reach[k]) == 0)
				return true;
	return false;
}

void pages_facts_free(struct pages_facts *pf)
{
	if (!pf)
		return;
	for (int i = 0; i < pf->ndata; i++)
		free(pf->data[i].fn);
	free(pf->data);
	for (int i = 0; i < pf->nwr; i++)
		free(pf->wr[i].fn);
	free(pf->wr);
	for (int i = 0; i < pf->nreach; i++)
		free(pf->reach[i]);
	free(pf->reach);
	free(pf->rel);
	free(pf->kept_what);
	free(pf->key);
	free(pf);
}

bool pages_released_here(struct tu_facts *tf, struct gup_call *g)
{
	const struct pages_facts *pf = pages_of(tf, g);
	CXCursor body = fn_body(tf->fns[g->fn].def);
	CXCursor res = result_var(body, g->call);

	for (int i = 0; i < pf->nrel; i++) {
		CXCursor at = pf->rel[i].call;

		if (pf->rel[i].via)
			continue;
		if (!on_failure_path(body, at, res, g->call) &&
		    !after_exit(body, at))
			return true;
	}
	return false;
}
