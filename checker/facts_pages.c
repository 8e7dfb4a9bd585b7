// SPDX-License-Identifier: GPL-2.0
/*
 * Following a pages array from the GUP call that fills it.
 *
 * Inside a function the array is named by a "base key": the tokens of the
 * expression it is reached through, with indexing, offsets, casts and &
 * stripped, so that "pages", "&pages[i]" and "pages + i" are one key, and
 * "umem->page_list" another.  A local assigned from an element (page =
 * pages[i]) is an alias.  Across the functions of the file the array is
 * followed three ways: into a helper it is passed to (by the helper's
 * parameter; the helper's summary is computed once per file and reused),
 * into every function that reaches the object field it is kept in (by
 * the field's USR), and back into the callers of a function that returns
 * it.  What a scanned function does with the pages is facts_pageuse.c's
 * business, where they are kept facts_pagelife.c's.
 */
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "facts_kapi.h"
#include "facts_pages_int.h"
#include "facts_path.h"
#include "util.h"

/*
 * The expression a page or pages argument is reached through.  With
 * @calls, look inside one-argument calls (page_folio(page)) too.
 */
CXCursor pg_base_of_(CXCursor e, bool calls)
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
	return pg_base_of_(e, true);
}

static char *key_of(CXTranslationUnit tu, CXCursor e)
{
	return ast_text(tu, base_of(e));
}

static bool has_key(struct scan *s, const char *k)
{
	for (int i = 0; i < s->nkeys; i++)
		if (strcmp(s->keys[i], k) == 0)
			return true;
	return false;
}

char *pg_usr_of(CXCursor c)
{
	CXString u = clang_getCursorUSR(c);
	char *r = xstrdup(clang_getCString(u));

	clang_disposeString(u);
	return r;
}

bool pg_is_field_ref(CXCursor b, const char *usr)
{
	char *u;
	bool r;

	if (clang_getCursorKind(b) != CXCursor_MemberRefExpr)
		return false;
	u = pg_usr_of(clang_getCursorReferenced(b));
	r = *u && strcmp(u, usr) == 0;
	free(u);
	return r;
}

/* Is @e (stripped of indexing, & and page_folio() with @calls) the pages? */
bool pg_matches_(struct scan *s, CXCursor e, bool calls)
{
	CXCursor b = pg_base_of_(e, calls);
	char *k;
	bool hit;

	if (s->field && pg_is_field_ref(b, s->field))
		return true;
	k = ast_text(s->tf->tu, b);
	hit = has_key(s, k);
	free(k);
	return hit;
}

bool pg_matches(struct scan *s, CXCursor e)
{
	return pg_matches_(s, e, true);
}

static void add_alias(struct scan *s, CXCursor var, CXCursor init)
{
	if (pg_matches(s, init))
		*VEC_PUSH(s->keys, s->nkeys, s->kcap) = ast_spelling(var);
}


/*
 * The pages are a field of a struct passed whole: "&iter" for the key
 * "iter.pages", "req" for "req->pages".  The rest of the key as the
 * callee sees it through its pointer parameter ("->pages"), or NULL.
 */
char *pg_sub_key(CXTranslationUnit tu, char *const *keys, int nkeys,
		 CXCursor arg)
{
	CXCursor e = ast_strip(arg), kid[1];
	bool addr = false;
	char *root, *sub = NULL;
	size_t n;

	if (clang_getCursorKind(e) == CXCursor_UnaryOperator &&
	    ast_unop(e) == CXUnaryOperator_AddrOf && ast_kids(e, kid, 1) == 1) {
		e = ast_strip(kid[0]);
		addr = true;
	}
	if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
		return NULL;
	root = ast_text(tu, e);
	n = strlen(root);
	for (int i = 0; i < nkeys && !sub && n; i++) {
		const char *rest = keys[i] + n;

		if (strncmp(keys[i], root, n))
			continue;
		if (addr && rest[0] == '.' && rest[1])
			sub = xasprintf("->%s", rest + 1);
		else if (!addr && !strncmp(rest, "->", 2) && rest[2])
			sub = xstrdup(rest);
	}
	free(root);
	return sub;
}

bool pg_add_reach(struct pages_facts *pf, char *id)
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

/*
 * What helper @fn does with the pages passed as its parameter @arg: a
 * partial pages_facts, computed once per file and merged into each GUP
 * call's facts that reaches it.  NULL while it is being computed (a
 * recursive helper).
 */
struct pages_memo {
	int fn, arg;
	char *sub;		/* the field of @arg holding them, or NULL */
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
		u->how = u->how ? xstrdup(u->how) : NULL;
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
		pg_add_reach(to, xstrdup(from->reach[i]));
	to->escape |= from->escape;
	to->unfollowed |= from->unfollowed;
	to->mixed |= from->mixed;
	if (!to->kept && from->kept) {
		to->kept = true;
		to->kept_line = from->kept_line;
		to->kept_col = from->kept_col;
		to->kept_in = from->kept_in;
		to->kept_fn = from->kept_fn;
		to->kept_what = from->kept_what ? xstrdup(from->kept_what) : NULL;
		to->kept_type = from->kept_type ? xstrdup(from->kept_type) : NULL;
	}
}

static bool same_sub(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static const struct pages_facts *helper_summary(struct tu_facts *tf, int fn,
						int arg, const char *sub,
						bool shared, int depth)
{
	struct pages_memo *m;
	struct pages_facts *pf;
	CXCursor parm;
	char *name;

	for (int i = 0; i < tf->npmemo; i++) {
		m = &tf->pmemo[i];
		if (m->fn == fn && m->arg == arg && m->shared == shared &&
		    same_sub(m->sub, sub))
			return m->busy ? NULL : m->pf;
	}
	parm = clang_Cursor_getArgument(tf->fns[fn].def, arg);
	name = ast_spelling(parm);
	pf = xcalloc(1, sizeof(*pf));
	m = VEC_PUSH(tf->pmemo, tf->npmemo, tf->pmcap);
	*m = (struct pages_memo){ fn, arg, sub ? xstrdup(sub) : NULL, shared,
				  true, pf };
	if (*name) {
		char *key = xasprintf("%s%s", name, sub ? sub : "");

		pg_scan_fn(tf, pf, fn, key, NULL, depth, shared);
		free(key);
	}
	free(name);
	/* The array may have moved while scanning: find the entry again. */
	for (int i = 0; i < tf->npmemo; i++)
		if (tf->pmemo[i].pf == pf)
			tf->pmemo[i].busy = false;
	return pf;
}

void pages_free_memo(struct tu_facts *tf)
{
	for (int i = 0; i < tf->npmemo; i++) {
		pages_facts_free(tf->pmemo[i].pf);
		free(tf->pmemo[i].sub);
	}
	free(tf->pmemo);
	tf->pmemo = NULL;
	tf->npmemo = 0;
	tf->pmcap = 0;
}

/*
 * Does helper @f take other pages than these as its parameter @arg: is
 * it called from elsewhere, or from more than one place here with
 * anything but ZERO_PAGE() there?
 */
static bool helper_shared(struct scan *s, int f, int arg)
{
	struct tu_facts *tf = s->tf;
	int others = 0;

	if (s->shared || tf->fns[f].external)
		return true;
	if (tf->fns[f].ncalls <= 1)
		return false;
	for (int i = 0; i < tf->ncalls; i++) {
		struct call_site *cs = &tf->calls[i];

		if (clang_Cursor_isNull(cs->callee) ||
		    !clang_equalCursors(cs->callee, tf->fns[f].canon) ||
		    arg >= clang_Cursor_getNumArguments(cs->call))
			continue;
		if (!pg_zero_page(tf, clang_Cursor_getArgument(cs->call, arg)))
			others++;
	}
	return others > 1;
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
		CXCursor arg = clang_Cursor_getArgument(c, i), parm;
		const struct pages_facts *sum;
		char *sub = NULL;
		bool fresh;

		if (!pg_matches(s, arg) &&
		    !(sub = pg_sub_key(s->tf->tu, s->keys, s->nkeys, arg)))
			continue;
		parm = clang_Cursor_getArgument(s->tf->fns[f].def, i);
		if (clang_Cursor_isNull(parm) ||
		    clang_getCursorType(parm).kind != CXType_Pointer) {
			free(sub);
			continue;
		}
		fresh = pg_add_reach(s->pf, xasprintf("param:%d:%d%s", f, i,
						      sub ? sub : ""));
		sum = helper_summary(s->tf, f, i, sub, helper_shared(s, f, i),
				     s->depth + 1);
		free(sub);
		if (sum && fresh)
			merge_facts(s->pf, sum);
		/* Reached before from elsewhere: it still releases here. */
		if (sum && sum->nrel)
			s->released = true;
	}
}

static void see_call(struct scan *s, CXCursor c)
{
	char *name = ast_callee_name(c);
	const struct release_fn *rf;

	if (!name)
		return;
	rf = release_lookup(name);
	pg_see_data(s, c, name);
	pg_see_writes(s, c, name);
	if (rf)
		pg_see_release(s, c, name, rf);
	else if (!gup_api_lookup(name))
		see_helper(s, c);
	free(name);
}

static enum CXChildVisitResult scan_cb(CXCursor c, CXCursor parent,
				       CXClientData data)
{
	struct scan *s = data;
	CXCursor init, kid[2];

	switch (clang_getCursorKind(c)) {
	case CXCursor_VarDecl:
		init = clang_Cursor_getVarDeclInitializer(c);
		if (!clang_Cursor_isNull(init))
			add_alias(s, c, init);
		break;
	case CXCursor_BinaryOperator:
		if (ast_binop(c) != CXBinaryOperator_Assign)
			break;
		pg_see_store(s, c);
		if (ast_kids(c, kid, 2) == 2 &&
		    clang_getCursorKind(ast_strip(kid[0])) == CXCursor_DeclRefExpr)
			add_alias(s, clang_getCursorReferenced(ast_strip(kid[0])),
				  kid[1]);
		break;
	case CXCursor_CallExpr:
		see_call(s, c);
		break;
	case CXCursor_ReturnStmt:
		if (ast_kids(c, kid, 1) == 1 && pg_is_page_ptr(kid[0]) &&
		    pg_matches(s, kid[0]))
			s->returned = true;
		break;
	default:
		break;
	}
	return CXChildVisit_Recurse;
}

/*
 * The scan is over: the mappings it found (not those merged from
 * helpers, which say for themselves) learn whether their function
 * releases the pages.
 */
void pg_scan_free(struct scan *s)
{
	for (int i = s->data0; i < s->pf->ndata; i++) {
		struct data_use *u = &s->pf->data[i];

		if (u->via == s->via ||
		    (u->via && s->via && !strcmp(u->via, s->via)))
			u->released |= s->released;
	}
	for (int i = 0; i < s->nkeys; i++)
		free(s->keys[i]);
	free(s->keys);
	for (int i = 0; i < s->nsg; i++)
		free(s->sg[i]);
	free(s->sg);
}

void pg_scan_init(struct scan *s, struct tu_facts *tf,
		      struct pages_facts *pf, int fn, const char *via)
{
	memset(s, 0, sizeof(*s));
	s->tf = tf;
	s->pf = pf;
	s->fn = fn;
	s->via = via;
	s->body = fn_body(tf->fns[fn].def);
	s->data0 = pf->ndata;
}

/* Follow @key (or the field @field) through function @fn. */
void pg_scan_fn(struct tu_facts *tf, struct pages_facts *pf, int fn,
		    const char *key, const char *field, int depth, bool shared)
{
	struct scan s;

	pg_scan_init(&s, tf, pf, fn, tf->fns[fn].name);
	s.depth = depth;
	s.shared = shared;
	s.field = field;
	if (key)
		*VEC_PUSH(s.keys, s.nkeys, s.kcap) = xstrdup(key);
	if (!clang_Cursor_isNull(s.body))
		clang_visitChildren(s.body, scan_cb, &s);
	/*
	 * A getter returns an element of the field the pages are kept in
	 * ("return x->pages[x->head];"): its callers use them.
	 */
	if (field && s.returned && pg_add_reach(pf, xasprintf("ret:%d", fn)))
		pg_follow_return(tf, pf, fn);
	pg_scan_free(&s);
}

static void scan_gup(struct tu_facts *tf, struct gup_call *g,
		     struct pages_facts *pf)
{
	struct scan s;
	CXCursor b, ref, init;

	pg_scan_init(&s, tf, pf, g->fn, NULL);
	*VEC_PUSH(s.keys, s.nkeys, s.kcap) = key_of(tf->tu, g->pages_arg);
	if (!*s.keys[0] || strcmp(s.keys[0], "NULL") == 0) {
		pg_scan_free(&s);
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
		if (!clang_Cursor_isNull(init) && !ast_is_null_ptr(init)) {
			*VEC_PUSH(s.keys, s.nkeys, s.kcap) = key_of(tf->tu, init);
			b = base_of(init);
		}
	}
	/*
	 * An array that is a field of an object (ttm->pages) lives as long
	 * as the object: its releases may be anywhere.
	 */
	if (clang_getCursorKind(b) == CXCursor_MemberRefExpr && !pg_local_field(b))
		pg_kept_in(&s, g->call, b);
	if (!clang_Cursor_isNull(s.body)) {
		pf->mixed |= pg_filled_otherwise(tf, s.body, pf->key);
		clang_visitChildren(s.body, scan_cb, &s);
	}
	if (s.returned) {
		pf->escape = true;
		pg_add_reach(pf, xasprintf("ret:%d", g->fn));
		pg_follow_return(tf, pf, g->fn);
	}
	pg_scan_free(&s);
	/* Fields found on the way may add more fields: index, not pointer. */
	for (int i = 0; i < pf->nreach; i++)
		if (!strncmp(pf->reach[i], "field:", 6))
			pg_follow_field(tf, pf, pf->reach[i] + 6);
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
	for (int i = 0; i < pf->ndata; i++) {
		free(pf->data[i].fn);
		free(pf->data[i].how);
	}
	free(pf->data);
	for (int i = 0; i < pf->nwr; i++)
		free(pf->wr[i].fn);
	free(pf->wr);
	for (int i = 0; i < pf->nreach; i++)
		free(pf->reach[i]);
	free(pf->reach);
	free(pf->rel);
	free(pf->kept_what);
	free(pf->kept_type);
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
