// SPDX-License-Identifier: GPL-2.0
/*
 * What an iov_iter may hold at a call that takes pages from it.  Only a
 * user-backed iterator (ITER_IOVEC, ITER_UBUF) reaches GUP: bvec, kvec,
 * xarray, folioq, pipe and discard iterators carry kernel pages already
 * (lib/iov_iter.c; iov_iter_extract_will_pin() is user_backed_iter()).
 *
 * Two kinds of evidence narrow the set, both from the call's own
 * function: how the iterator was built there, and the type checks that
 * decide whether the call is reached.  A condition is read as the pair
 * of kind sets it allows when true and when false; "&&", "||" and "!"
 * combine the pairs, anything not about this iterator allows all kinds.
 */
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "facts_iter.h"
#include "facts_kapi.h"
#include "facts_path.h"
#include "util.h"

/* "&msg->msg_iter", "(struct iov_iter *)from": the iterator's name. */
static char *iter_key(CXTranslationUnit tu, CXCursor e)
{
	CXCursor kid[1];

	for (;;) {
		e = ast_strip(e);
		if (clang_getCursorKind(e) == CXCursor_CStyleCastExpr &&
		    ast_kids(e, kid, 1) == 1) {
			e = kid[0];
			continue;
		}
		if (clang_getCursorKind(e) == CXCursor_UnaryOperator &&
		    ast_unop(e) == CXUnaryOperator_AddrOf &&
		    ast_kids(e, kid, 1) == 1) {
			e = kid[0];
			continue;
		}
		return ast_text(tu, e);
	}
}

static bool is_iter_type(CXType t)
{
	CXString s;
	bool hit;

	if (t.kind != CXType_Pointer)
		return false;
	t = clang_getCanonicalType(clang_getPointeeType(t));
	s = clang_getTypeSpelling(t);
	hit = strstr(clang_getCString(s), "struct iov_iter") != NULL;
	clang_disposeString(s);
	return hit;
}

struct walk {
	struct tu_facts *tf;
	const char *key;
	CXCursor target;
	unsigned toff;
	/* The last condition that narrowed the kinds. */
	char *by;
	unsigned line, col;
};

struct pair {
	unsigned t, f;
	char *by;		/* the test that decided, or NULL */
	CXCursor at;
};

static bool arg_is_key(struct walk *w, CXCursor e)
{
	char *k = iter_key(w->tf->tu, e);
	bool hit = strcmp(k, w->key) == 0;

	free(k);
	return hit;
}

static struct pair unknown(void)
{
	return (struct pair){ IT_ALL, IT_ALL, NULL, clang_getNullCursor() };
}

static struct pair test_pair(struct walk *w, CXCursor c, const char *name,
			     unsigned kinds)
{
	return (struct pair){ kinds, IT_ALL & ~kinds, xstrdup(name), c };
}

static struct pair cond_eval(struct walk *w, CXCursor e);

/* iov_iter_type(i) == ITER_BVEC, i->iter_type != ITER_UBUF */
static struct pair type_compare(struct walk *w, CXCursor e, bool eq)
{
	const struct kapi_fn *k;
	CXCursor kid[2], ref;
	struct pair p = unknown();
	char *n, *other;

	if (ast_kids(e, kid, 2) != 2)
		return p;
	for (int side = 0; side < 2; side++) {
		CXCursor c = ast_strip(kid[side]);

		if (clang_getCursorKind(c) != CXCursor_DeclRefExpr)
			continue;
		ref = clang_getCursorReferenced(c);
		if (clang_getCursorKind(ref) != CXCursor_EnumConstantDecl)
			continue;
		n = ast_spelling(ref);
		other = ast_text(w->tf->tu, kid[!side]);
		k = kapi_find(kapi_iter_types, n);
		if (k && strstr(other, w->key))
			p = test_pair(w, e, n, k->bits);
		free(other);
		free(n);
	}
	if (!eq) {
		unsigned t = p.t;

		p.t = p.f;
		p.f = t;
	}
	return p;
}

static struct pair call_pair(struct walk *w, CXCursor e)
{
	char *name = ast_callee_name(e);
	struct pair p = unknown();
	const struct kapi_fn *k;

	if (!name)
		return p;
	if (!strcmp(name, "__builtin_expect") &&
	    clang_Cursor_getNumArguments(e) == 2) {
		free(name);
		return cond_eval(w, clang_Cursor_getArgument(e, 0));
	}
	k = kapi_find(kapi_iter_tests, name);
	if (k && clang_Cursor_getNumArguments(e) == 1 &&
	    arg_is_key(w, clang_Cursor_getArgument(e, 0)))
		p = test_pair(w, e, name, k->bits);
	free(name);
	return p;
}

/* Keep the deciding test of whichever side narrowed. */
static char *pick(struct pair *a, struct pair *b, CXCursor *at)
{
	struct pair *p = a->by ? a : b;
	struct pair *o = a->by ? b : a;

	*at = p->at;
	free(o->by);
	return p->by;
}

static struct pair cond_eval(struct walk *w, CXCursor e)
{
	CXCursor kid[2];
	struct pair a, b, r;

	e = ast_strip(e);
	switch (clang_getCursorKind(e)) {
	case CXCursor_CallExpr:
		return call_pair(w, e);
	case CXCursor_UnaryOperator:
		if (ast_unop(e) != CXUnaryOperator_LNot || ast_kids(e, kid, 1) != 1)
			return unknown();
		a = cond_eval(w, kid[0]);
		r = a;
		r.t = a.f;
		r.f = a.t;
		return r;
	case CXCursor_BinaryOperator:
		if (ast_binop(e) == CXBinaryOperator_EQ ||
		    ast_binop(e) == CXBinaryOperator_NE)
			return type_compare(w, e,
					    ast_binop(e) == CXBinaryOperator_EQ);
		if ((ast_binop(e) != CXBinaryOperator_LAnd &&
		     ast_binop(e) != CXBinaryOperator_LOr) ||
		    ast_kids(e, kid, 2) != 2)
			return unknown();
		a = cond_eval(w, kid[0]);
		b = cond_eval(w, kid[1]);
		if (ast_binop(e) == CXBinaryOperator_LAnd) {
			r.t = a.t & b.t;
			r.f = a.f | b.f;
		} else {
			r.t = a.t | b.t;
			r.f = a.f & b.f;
		}
		r.by = pick(&a, &b, &r.at);
		return r;
	default:
		return unknown();
	}
}

static bool contains(CXCursor c, unsigned off)
{
	return ast_pos(c).off <= off && off < ast_end_off(c);
}

/* return, goto, break, continue: alone or as a block's last word. */
static bool always_exits(CXCursor s)
{
	CXCursor *kids;
	int n;
	bool r;

	s = ast_strip(s);
	switch (clang_getCursorKind(s)) {
	case CXCursor_ReturnStmt:
	case CXCursor_GotoStmt:
	case CXCursor_BreakStmt:
	case CXCursor_ContinueStmt:
		return true;
	case CXCursor_CompoundStmt:
		n = ast_kids_all(s, &kids);
		r = n > 0 && always_exits(kids[n - 1]);
		free(kids);
		return r;
	default:
		return false;
	}
}

static unsigned narrow(struct walk *w, unsigned kinds, struct pair *p,
		       bool truth)
{
	unsigned k = kinds & (truth ? p->t : p->f);

	if (k != kinds && p->by && !clang_Cursor_isNull(p->at)) {
		struct srcpos pos = ast_pos(p->at);

		free(w->by);
		w->by = p->by;
		w->line = pos.line;
		w->col = pos.col;
		p->by = NULL;
	}
	free(p->by);
	p->by = NULL;
	return k;
}

/* Walk from @s down to the target, narrowing @kinds on the way. */
static unsigned walk_to(struct walk *w, CXCursor s, unsigned kinds)
{
	CXCursor *kids;
	struct pair p;
	int n;

	if (ast_same(s, w->target))
		return kinds;
	n = ast_kids_all(s, &kids);
	switch (clang_getCursorKind(s)) {
	case CXCursor_IfStmt:
	case CXCursor_ConditionalOperator:
		if (n >= 2 && !contains(kids[0], w->toff)) {
			p = cond_eval(w, kids[0]);
			for (int i = 1; i < n && i < 3; i++)
				if (contains(kids[i], w->toff))
					kinds = narrow(w, kinds, &p, i == 1);
			free(p.by);
		}
		break;
	case CXCursor_CompoundStmt:
		for (int i = 0; i < n && !contains(kids[i], w->toff); i++) {
			CXCursor st[3];

			if (clang_getCursorKind(kids[i]) != CXCursor_IfStmt ||
			    ast_kids(kids[i], st, 3) != 2 || !always_exits(st[1]))
				continue;
			p = cond_eval(w, st[0]);
			kinds = narrow(w, kinds, &p, false);
		}
		break;
	default:
		break;
	}
	for (int i = 0; i < n; i++) {
		if (contains(kids[i], w->toff)) {
			kinds = walk_to(w, kids[i], kinds);
			break;
		}
	}
	free(kids);
	return kinds;
}

struct build_scan {
	struct walk *w;
	unsigned kinds;
	bool found;
	char *by;
	unsigned line, col;
};

static enum CXChildVisitResult build_cb(CXCursor c, CXCursor parent,
					CXClientData data)
{
	struct build_scan *b = data;
	const struct kapi_fn *k = NULL;
	bool hit = false;
	char *name;
	int n;

	if (clang_getCursorKind(c) != CXCursor_CallExpr)
		return CXChildVisit_Recurse;
	name = ast_callee_name(c);
	n = clang_Cursor_getNumArguments(c);
	if (name)
		k = kapi_find(kapi_iter_builders, name);
	for (int a = 0; k && a < n && !hit; a++)
		hit = (k->arg < 0 || k->arg == a) &&
		      arg_is_key(b->w, clang_Cursor_getArgument(c, a));
	if (hit) {
		b->kinds |= k->bits;
		if (!b->found) {
			struct srcpos p = ast_pos(c);

			b->by = xstrdup(name);
			b->line = p.line;
			b->col = p.col;
		}
		b->found = true;
	}
	free(name);
	return CXChildVisit_Recurse;
}

unsigned iter_kinds_at(struct tu_facts *tf, int fn, const char *key,
		       CXCursor at)
{
	struct walk w = { tf, key, at, ast_pos(at).off, NULL, 0, 0 };
	CXCursor body = fn_body(tf->fns[fn].def);
	struct build_scan b = { &w, 0, false, NULL, 0, 0 };
	unsigned kinds;

	if (clang_Cursor_isNull(body))
		return IT_ALL;
	clang_visitChildren(body, build_cb, &b);
	kinds = walk_to(&w, body, b.found ? b.kinds : IT_ALL);
	free(w.by);
	free(b.by);
	return kinds;
}

/* The index of @fn's parameter named @key, or -1. */
static int param_index(struct tu_facts *tf, int fn, const char *key)
{
	CXCursor def = tf->fns[fn].def;
	int n = clang_Cursor_getNumArguments(def), hit = -1;

	for (int i = 0; i < n && hit < 0; i++) {
		char *s = ast_spelling(clang_Cursor_getArgument(def, i));

		if (!strcmp(s, key))
			hit = i;
		free(s);
	}
	return hit;
}

/*
 * The iterator is parameter @arg of @fn, a function only this file calls
 * (static, its address never taken): what every caller passes, read
 * where it calls.  IT_ALL when one caller cannot tell.
 */
static unsigned from_callers(struct tu_facts *tf, int fn, int arg)
{
	unsigned kinds = 0;
	int calls = 0;

	if (tf->fns[fn].external || tf->fns[fn].nrefs > tf->fns[fn].ncalls)
		return IT_ALL;
	for (int i = 0; i < tf->ncalls && kinds != IT_ALL; i++) {
		struct call_site *cs = &tf->calls[i];
		char *key;

		if (clang_Cursor_isNull(cs->callee) ||
		    !clang_equalCursors(cs->callee, tf->fns[fn].canon) ||
		    clang_Cursor_getNumArguments(cs->call) <= arg ||
		    cs->caller == fn)
			continue;
		key = iter_key(tf->tu, clang_Cursor_getArgument(cs->call, arg));
		kinds |= iter_kinds_at(tf, cs->caller, key, cs->call);
		free(key);
		calls++;
	}
	return calls ? kinds : IT_ALL;
}

void iter_facts_at(struct tu_facts *tf, struct gup_call *g,
		   struct iter_facts *it)
{
	int n = clang_Cursor_getNumArguments(g->call);
	CXCursor body = fn_body(tf->fns[g->fn].def);
	struct walk w = { tf, NULL, g->call, ast_pos(g->call).off, NULL, 0, 0 };
	struct build_scan b = { &w, 0, false, NULL, 0, 0 };
	int parm;

	memset(it, 0, sizeof(*it));
	it->arg = clang_getNullCursor();
	it->kinds = IT_ALL;
	for (int i = 0; i < n && clang_Cursor_isNull(it->arg); i++) {
		CXCursor a = clang_Cursor_getArgument(g->call, i);

		if (is_iter_type(clang_getCursorType(ast_strip(a))) ||
		    is_iter_type(clang_getCursorType(a)))
			it->arg = a;
	}
	if (clang_Cursor_isNull(it->arg) || clang_Cursor_isNull(body))
		return;
	it->key = iter_key(tf->tu, it->arg);
	w.key = it->key;
	clang_visitChildren(body, build_cb, &b);
	if (b.found) {
		it->kinds = b.kinds;
		it->how = "built by";
		it->by = b.by;
		it->line = b.line;
		it->col = b.col;
		b.by = NULL;
	} else if ((parm = param_index(tf, g->fn, it->key)) >= 0 &&
		   (it->kinds = from_callers(tf, g->fn, parm)) != IT_ALL) {
		it->how = "passed by this file's callers";
	}
	it->kinds = walk_to(&w, body, it->kinds);
	if (w.by && (!b.found || (it->kinds & IT_USER) == 0)) {
		free(it->by);
		it->how = "checked by";
		it->by = w.by;
		it->line = w.line;
		it->col = w.col;
		w.by = NULL;
	}
	free(w.by);
	free(b.by);
}

void iter_facts_free(struct iter_facts *it)
{
	free(it->key);
	free(it->by);
	it->key = it->by = NULL;
}
