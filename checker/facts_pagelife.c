// SPDX-License-Identifier: GPL-2.0
/*
 * Where the pages are kept: a field of an object that outlives the call
 * (a parameter's, a global's, a returned or published local's), a
 * global, or the caller of a function returning them; and whether an
 * array they are kept in is also filled another way.
 */
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "facts_kapi.h"
#include "facts_pages_int.h"
#include "util.h"

/* A field of a struct that is a local variable itself ("info.x"). */
bool pg_local_field(CXCursor lhs)
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

		e = pg_base_of_(e, false);
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
		if (name && kapi_find(kapi_publish_fns, name))
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

char *pages_root_type(CXCursor e)
{
	CXCursor root = root_var(e);
	CXType t;
	CXString sp;
	char *r;

	if (clang_Cursor_isNull(root))
		return NULL;
	t = clang_getCanonicalType(clang_getCursorType(root));
	while (t.kind == CXType_Pointer)
		t = clang_getCanonicalType(clang_getPointeeType(t));
	if (t.kind != CXType_Record)
		return NULL;
	sp = clang_getTypeSpelling(t);
	r = xstrdup(clang_getCString(sp));
	clang_disposeString(sp);
	return r;
}

/* The pages are now kept in the field @lhs: note it and follow it. */
void pg_kept_in(struct scan *s, CXCursor at, CXCursor lhs)
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
		pf->kept_fn = s->fn;
		pf->kept_what = ast_text(s->tf->tu, lhs);
		pf->kept_type = pages_root_type(lhs);
	}
	if (clang_getCursorKind(lhs) == CXCursor_MemberRefExpr && !s->shared) {
		char *u = pg_usr_of(clang_getCursorReferenced(lhs));

		if (*u)
			pg_add_reach(pf, xasprintf("field:%s", u));
		free(u);
	}
}

/*
 * Is @e a page, a folio or an array of them?  A value read through a
 * kernel mapping of the pages ("*(u64 *)(kaddr + off)") is not.
 */
bool pg_is_page_ptr(CXCursor e)
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
void pg_see_store(struct scan *s, CXCursor c)
{
	CXCursor kid[2], lhs;
	enum CXCursorKind k;

	if (ast_kids(c, kid, 2) != 2 || !pg_is_page_ptr(kid[1]) ||
	    !pg_matches_(s, kid[1], false))
		return;
	lhs = ast_strip(kid[0]);
	k = clang_getCursorKind(lhs);
	if (k == CXCursor_MemberRefExpr && !pg_local_field(lhs)) {
		pg_kept_in(s, c, lhs);
	} else if (k == CXCursor_DeclRefExpr &&
		   clang_Cursor_hasVarDeclGlobalStorage(
			   clang_getCursorReferenced(lhs)) == 1) {
		pg_kept_in(s, c, lhs);
	} else if (k == CXCursor_UnaryOperator &&
		   ast_unop(lhs) == CXUnaryOperator_Deref) {
		s->pf->escape = true;
		s->pf->unfollowed = true;
	}
}

/*
 * ZERO_PAGE(): the kernel's one shared page of zeroes, what direct I/O
 * puts in place of user pages it could not get and what it submits to
 * zero a block.  Its data is nobody's: an array or a helper that also
 * takes it is still only the GUP call's pages otherwise.  @e is the
 * macro's use, or a local variable only ever set to one.
 */
struct zeroscan {
	struct tu_facts *tf;
	CXCursor var;
	int sets;
	bool other;
};

/* Is @e expanded from a use of ZERO_PAGE() written in the file? */
static bool zero_page_use(struct tu_facts *tf, CXCursor e)
{
	struct srcpos p = ast_pos(e);

	return ast_from_macro(e) && p.main && p.off + 10 <= tf->srclen &&
	       strncmp(tf->src + p.off, "ZERO_PAGE(", 10) == 0;
}

static enum CXChildVisitResult zero_cb(CXCursor c, CXCursor parent,
				       CXClientData data)
{
	struct zeroscan *z = data;
	CXCursor kid[2];

	if (clang_getCursorKind(c) != CXCursor_BinaryOperator ||
	    ast_binop(c) != CXBinaryOperator_Assign || ast_kids(c, kid, 2) != 2 ||
	    !is_var(kid[0], z->var))
		return CXChildVisit_Recurse;
	z->sets++;
	if (!zero_page_use(z->tf, ast_strip(kid[1])))
		z->other = true;
	return z->other ? CXChildVisit_Break : CXChildVisit_Recurse;
}

bool pg_zero_page(struct tu_facts *tf, CXCursor e)
{
	struct zeroscan z = { tf, clang_getNullCursor(), 0, false };
	CXCursor init, fn;

	e = ast_strip(e);
	if (zero_page_use(tf, e))
		return true;
	if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
		return false;
	z.var = clang_getCursorReferenced(e);
	fn = clang_getCursorSemanticParent(z.var);
	if (clang_getCursorKind(z.var) != CXCursor_VarDecl ||
	    clang_Cursor_hasVarDeclGlobalStorage(z.var) == 1 ||
	    clang_getCursorKind(fn) != CXCursor_FunctionDecl)
		return false;
	init = clang_Cursor_getVarDeclInitializer(z.var);
	if (!clang_Cursor_isNull(init)) {
		if (!zero_page_use(tf, ast_strip(init)))
			return false;
		z.sets++;
	}
	clang_visitChildren(fn, zero_cb, &z);
	return z.sets && !z.other;
}

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
	CXCursor b = pg_base_of_(e, false);

	if (f->usr)
		return pg_is_field_ref(b, f->usr);
	if (f->text) {
		char *k = ast_text(f->tf->tu, b);
		bool hit = strcmp(k, f->text) == 0;

		free(k);
		return hit;
	}
	return clang_getCursorKind(b) == CXCursor_DeclRefExpr &&
	       ast_same(clang_getCursorReferenced(b), f->var);
}

static enum CXChildVisitResult fill_cb(CXCursor c, CXCursor parent,
				       CXClientData data);

/*
 * The array spelled "iter.pages" here, passed as "&iter" to the helper
 * @fn: is it filled there, as "param->pages"?
 */
static void fill_sub(struct fillscan *f, int fn, CXCursor c, int i)
{
	char *sub, *name;
	CXCursor parm;

	if (!f->text || fn < 0)
		return;
	sub = pg_sub_key(f->tf->tu, (char *const *)&f->text, 1,
			 clang_Cursor_getArgument(c, i));
	parm = clang_Cursor_getArgument(f->tf->fns[fn].def, i);
	if (sub && !clang_Cursor_isNull(parm)) {
		struct fillscan h = { f->tf, NULL, NULL, clang_getNullCursor(),
				      f->depth + 1, false };

		name = ast_spelling(parm);
		h.text = xasprintf("%s%s", name, sub);
		clang_visitChildren(f->tf->fns[fn].def, fill_cb, &h);
		f->other = h.other;
		free((char *)h.text);
		free(name);
	}
	free(sub);
}

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
		if (!fill_target(f, clang_Cursor_getArgument(c, i))) {
			fill_sub(f, fn, c, i);
			continue;
		}
		if (kapi_find(kapi_fill_fns, name)) {
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

	if (clang_getCursorKind(c) == CXCursor_BinaryOperator &&
	    ast_binop(c) == CXBinaryOperator_Assign && ast_kids(c, kid, 2) == 2) {
		lhs = ast_strip(kid[0]);
		/* An element, not the array itself: "x->pages[i] = page". */
		if ((clang_getCursorKind(lhs) == CXCursor_ArraySubscriptExpr ||
		     clang_getCursorKind(lhs) == CXCursor_UnaryOperator) &&
		    fill_target(f, lhs) && !ast_is_null_ptr(kid[1]) &&
		    !pg_zero_page(f->tf, kid[1]))
			f->other = true;
	}
	if (clang_getCursorKind(c) == CXCursor_CallExpr)
		fill_call(f, c);
	return f->other ? CXChildVisit_Break : CXChildVisit_Recurse;
}

bool pg_filled_otherwise(struct tu_facts *tf, CXCursor body, const char *key)
{
	struct fillscan fs = { tf, NULL, key, clang_getNullCursor(), 0, false };

	clang_visitChildren(body, fill_cb, &fs);
	return fs.other;
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
void pg_follow_field(struct tu_facts *tf, struct pages_facts *pf,
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
			pg_scan_fn(tf, pf, f, NULL, usr, 1, false);
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
void pg_follow_return(struct tu_facts *tf, struct pages_facts *pf, int fn)
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
		pg_scan_init(&s, tf, pf, cs->caller, tf->fns[cs->caller].name);
		if (!clang_Cursor_isNull(s.body))
			clang_visitChildren(s.body, resuse_cb, &r);
		k = clang_getCursorKind(r.lhs);
		if (k == CXCursor_VarDecl || k == CXCursor_DeclRefExpr) {
			CXCursor v = k == CXCursor_VarDecl ? r.lhs :
				     clang_getCursorReferenced(r.lhs);
			char *name = ast_spelling(v);

			pg_scan_fn(tf, pf, cs->caller, name, NULL, 1, false);
			free(name);
		} else if (k == CXCursor_MemberRefExpr) {
			pg_kept_in(&s, cs->call, r.lhs);
		} else {
			pf->unfollowed = true;
		}
		pg_scan_free(&s);
	}
	if (!seen)
		pf->unfollowed = true;
}
