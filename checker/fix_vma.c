// SPDX-License-Identifier: GPL-2.0
/*
 * Removing a VMA filter (see fix_vma.h).  Every edit removes whole lines
 * or replaces one argument; the result is re-parsed by fix_attach().
 */
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "fix_vma.h"
#include "util.h"

struct range {
	unsigned a, b;		/* byte offsets, whole lines */
	bool keep;		/* replaced, not removed: only hides uses */
};

struct ranges {
	struct range *v;
	int nr;
	size_t cap;
};

/* The whole lines of @c, if nothing else shares them. */
static bool stmt_lines(struct tu_facts *tf, CXCursor c, struct range *r)
{
	struct srcpos p = ast_pos(c);
	unsigned end = ast_end_off(c);

	if (!p.main || ast_from_macro(c) || end > tf->srclen)
		return false;
	if (end < tf->srclen && tf->src[end] == ';')
		end++;
	r->a = line_start(tf->src, p.off);
	r->b = line_end(tf->src, tf->srclen, end);
	r->keep = false;
	return blank(tf->src, r->a, p.off) &&
	       blank(tf->src, end, r->b - 1);
}

/* Comment lines right above @a belong to what is removed. */
static unsigned with_comment(const char *s, unsigned a)
{
	while (a > 0) {
		unsigned prev = line_start(s, a - 1), p = prev;

		while (s[p] == ' ' || s[p] == '\t')
			p++;
		if (!(s[p] == '/' && (s[p + 1] == '*' || s[p + 1] == '/')) &&
		    !(s[p] == '*'))
			break;
		a = prev;
	}
	return a;
}

static bool mentions(CXCursor e, CXCursor var);

static bool inside(const struct ranges *rs, unsigned off)
{
	for (int i = 0; i < rs->nr; i++)
		if (off >= rs->v[i].a && off < rs->v[i].b)
			return true;
	return false;
}

/* A branch that only refuses: continue, break, return, goto, ret = -E. */
static bool only_refuses(CXCursor s)
{
	enum CXCursorKind k = clang_getCursorKind(s);
	CXCursor *kids;
	int n;
	bool ok = true;

	switch (k) {
	case CXCursor_ContinueStmt:
	case CXCursor_BreakStmt:
	case CXCursor_ReturnStmt:
	case CXCursor_GotoStmt:
		return true;
	case CXCursor_BinaryOperator:
		return ast_binop(s) == CXBinaryOperator_Assign;
	case CXCursor_CallExpr: {
		/* Releasing what was pinned is part of refusing it. */
		char *name = ast_callee_name(s);
		bool rel = name && release_lookup(name);

		free(name);
		return rel;
	}
	case CXCursor_CompoundStmt:
		n = ast_kids_all(s, &kids);
		for (int i = 0; i < n && ok; i++)
			ok = only_refuses(kids[i]);
		free(kids);
		return ok;
	default:
		return false;
	}
}

/* An if whose whole job is the decision: no else, a refusing branch. */
static bool filter_if(CXCursor s)
{
	CXCursor kid[3];

	return clang_getCursorKind(s) == CXCursor_IfStmt &&
	       ast_kids(s, kid, 3) == 2 && only_refuses(kid[1]);
}

static bool filter_loop_body(CXCursor body, CXCursor decision)
{
	CXCursor *kids;
	int n = ast_kids_all(body, &kids);
	bool ok = n > 0, has = false;

	for (int i = 0; i < n && ok; i++) {
		enum CXCursorKind k = clang_getCursorKind(kids[i]);

		if (k == CXCursor_DeclStmt)
			continue;
		ok = filter_if(kids[i]);
		has |= ast_same(kids[i], decision);
	}
	free(kids);
	return ok && has;
}

struct parent_scan {
	CXCursor target, found;
};

static enum CXChildVisitResult loop_cb(CXCursor c, CXCursor parent,
				       CXClientData data)
{
	struct parent_scan *p = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	CXCursor *kids;
	int n;

	if (k != CXCursor_ForStmt && k != CXCursor_WhileStmt)
		return CXChildVisit_Recurse;
	n = ast_kids_all(c, &kids);
	if (n && clang_getCursorKind(kids[n - 1]) == CXCursor_CompoundStmt &&
	    filter_loop_body(kids[n - 1], p->target))
		p->found = c;
	free(kids);
	return clang_Cursor_isNull(p->found) ? CXChildVisit_Recurse :
					       CXChildVisit_Break;
}

struct use_scan {
	CXCursor var;
	const struct ranges *gone;
	int outside;
	CXCursor last;
};

static enum CXChildVisitResult use_cb(CXCursor c, CXCursor parent,
				      CXClientData data)
{
	struct use_scan *u = data;

	if (clang_getCursorKind(c) == CXCursor_DeclRefExpr &&
	    clang_equalCursors(clang_getCursorReferenced(c), u->var) &&
	    !inside(u->gone, ast_pos(c).off)) {
		u->outside++;
		u->last = c;
	}
	return CXChildVisit_Recurse;
}

static int uses_outside(CXCursor body, CXCursor var, const struct ranges *gone)
{
	struct use_scan u = { var, gone, 0, clang_getNullCursor() };

	clang_visitChildren(body, use_cb, &u);
	return u.outside;
}

struct decl_scan {
	struct tu_facts *tf;
	CXCursor body;
	struct ranges *gone;
	struct edits *e;
	bool changed;
};

static enum CXChildVisitResult call_cb(CXCursor c, CXCursor parent,
				       CXClientData data)
{
	if (clang_getCursorKind(c) == CXCursor_CallExpr) {
		*(bool *)data = true;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

static bool has_call(CXCursor e)
{
	bool yes = false;

	if (clang_Cursor_isNull(e))
		return false;
	clang_visitChildren(e, call_cb, &yes);
	return yes || clang_getCursorKind(e) == CXCursor_CallExpr;
}

/* "int i, ret;" with i unused: take "i, " (or ", i") out of the line. */
static void drop_declarator(struct decl_scan *d, CXCursor var)
{
	const char *s = d->tf->src;
	struct srcpos p = ast_pos(var);
	char *name = ast_spelling(var);
	unsigned a = p.off, b = p.off + strlen(name);

	free(name);
	if (!p.main || ast_from_macro(var) || b >= d->tf->srclen ||
	    !clang_Cursor_isNull(clang_Cursor_getVarDeclInitializer(var)))
		return;
	if (s[b] == ',') {
		b++;
		while (s[b] == ' ')
			b++;
	} else {
		unsigned q = a;

		while (q > 0 && s[q - 1] == ' ')
			q--;
		if (q == 0 || s[q - 1] != ',')
			return;
		a = q - 1;
	}
	edit_add(d->e, a, b, "");
}

/* Local declarations only the removed code used go too. */
static enum CXChildVisitResult decl_cb(CXCursor c, CXCursor parent,
				       CXClientData data)
{
	struct decl_scan *d = data;
	CXCursor kids[2];
	struct range r;

	if (clang_getCursorKind(c) != CXCursor_DeclStmt)
		return CXChildVisit_Recurse;
	if (inside(d->gone, ast_pos(c).off))
		return CXChildVisit_Continue;
	if (ast_kids(c, kids, 2) == 2) {
		CXCursor *all;
		int n = ast_kids_all(c, &all);

		for (int i = 0; i < n; i++)
			if (clang_getCursorKind(all[i]) == CXCursor_VarDecl &&
			    uses_outside(d->body, all[i], d->gone) == 0 &&
			    mentions(d->body, all[i]))
				drop_declarator(d, all[i]);
		free(all);
		return CXChildVisit_Continue;
	}
	if (clang_getCursorKind(kids[0]) != CXCursor_VarDecl ||
	    has_call(clang_Cursor_getVarDeclInitializer(kids[0])))
		return CXChildVisit_Continue;
	if (uses_outside(d->body, kids[0], d->gone) == 0 &&
	    stmt_lines(d->tf, c, &r)) {
		*VEC_PUSH(d->gone->v, d->gone->nr, d->gone->cap) = r;
		d->changed = true;
	}
	return CXChildVisit_Continue;
}

static bool mentions(CXCursor e, CXCursor var)
{
	struct ranges none = { 0 };

	return uses_outside(e, var, &none) > 0 ||
	       (clang_getCursorKind(e) == CXCursor_DeclRefExpr &&
		clang_equalCursors(clang_getCursorReferenced(e), var));
}

/* An allocation "vmas = kvmalloc_array(n, sizeof(*vmas))" is not a use. */
static bool has_call_on(CXCursor rhs, CXCursor var)
{
	CXCursor e = ast_strip(rhs);

	if (clang_getCursorKind(e) != CXCursor_CallExpr)
		return mentions(rhs, var);
	for (int i = 0; i < clang_Cursor_getNumArguments(e); i++) {
		CXCursor a = ast_strip(clang_Cursor_getArgument(e, i));

		if (clang_getCursorKind(a) == CXCursor_DeclRefExpr && mentions(a, var))
			return true;
	}
	return false;
}

/*
 * The vmas array: every statement left that names it must be its
 * allocation, its NULL check, its free, or the GUP call (argument).
 */
struct vmas_scan {
	struct tu_facts *tf;
	CXCursor var, gup_arg;
	struct ranges *gone;
	bool ok;
};

static enum CXChildVisitResult vmas_cb(CXCursor c, CXCursor parent,
				       CXClientData data)
{
	struct vmas_scan *v = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	struct range r;
	CXCursor kid[2];

	if (inside(v->gone, ast_pos(c).off) || !v->ok)
		return CXChildVisit_Continue;
	if (k == CXCursor_IfStmt && ast_kids(c, kid, 2) == 2 &&
	    clang_getCursorKind(ast_strip(kid[0])) == CXCursor_UnaryOperator &&
	    mentions(kid[0], v->var) && only_refuses(kid[1])) {
		if (stmt_lines(v->tf, c, &r))
			*VEC_PUSH(v->gone->v, v->gone->nr, v->gone->cap) = r;
		else
			v->ok = false;
		return CXChildVisit_Continue;
	}
	if ((k == CXCursor_BinaryOperator || k == CXCursor_CallExpr ||
	     k == CXCursor_DeclStmt) && mentions(c, v->var)) {
		char *name = k == CXCursor_CallExpr ? ast_callee_name(c) : NULL;

		if (k == CXCursor_CallExpr && name &&
		    (!strcmp(name, "kvfree") || !strcmp(name, "kfree"))) {
			if (!stmt_lines(v->tf, c, &r))
				v->ok = false;
			else
				*VEC_PUSH(v->gone->v, v->gone->nr, v->gone->cap) = r;
		} else if (k == CXCursor_BinaryOperator &&
			   ast_binop(c) == CXBinaryOperator_Assign &&
			   ast_kids(c, kid, 2) == 2 && mentions(kid[0], v->var) &&
			   !has_call_on(kid[1], v->var)) {
			if (!stmt_lines(v->tf, c, &r))
				v->ok = false;
			else
				*VEC_PUSH(v->gone->v, v->gone->nr, v->gone->cap) = r;
		} else if (k == CXCursor_DeclStmt) {
			if (!stmt_lines(v->tf, c, &r))
				v->ok = false;
			else
				*VEC_PUSH(v->gone->v, v->gone->nr, v->gone->cap) = r;
		} else if (k == CXCursor_CallExpr || k == CXCursor_BinaryOperator) {
			free(name);
			return CXChildVisit_Recurse;	/* the GUP call */
		} else {
			v->ok = false;
		}
		free(name);
		return CXChildVisit_Continue;
	}
	if (k == CXCursor_DeclRefExpr &&
	    clang_equalCursors(clang_getCursorReferenced(c), v->var) &&
	    !ast_same(c, v->gup_arg) && !ast_same(c, ast_strip(v->gup_arg)))
		v->ok = false;
	return CXChildVisit_Recurse;
}

static void drop_vmas(struct tu_facts *tf, CXCursor body,
		      const struct gup_call *g, struct ranges *gone,
		      struct edits *e)
{
	CXCursor arg = ast_strip(g->vmas_arg), var;
	struct vmas_scan v;
	struct srcpos p;
	int before = gone->nr;

	if (clang_getCursorKind(arg) != CXCursor_DeclRefExpr)
		return;
	var = clang_getCursorReferenced(arg);
	if (clang_getCursorKind(var) != CXCursor_VarDecl ||
	    clang_Cursor_hasVarDeclGlobalStorage(var))
		return;
	v = (struct vmas_scan){ tf, var, arg, gone, true };
	clang_visitChildren(body, vmas_cb, &v);
	p = ast_pos(arg);
	if (!v.ok || !p.main || ast_from_macro(arg)) {
		gone->nr = before;
		return;
	}
	edit_add(e, p.off, ast_end_off(arg), "NULL");
	*VEC_PUSH(gone->v, gone->nr, gone->cap) =
		(struct range){ p.off, ast_end_off(arg), true };
}

static bool all_gone(CXCursor block, const struct ranges *gone)
{
	CXCursor *kids;
	int n = ast_kids_all(block, &kids);
	bool yes = true;

	for (int i = 0; i < n && yes; i++)
		yes = inside(gone, ast_pos(kids[i]).off);
	free(kids);
	return yes;
}

static const char *negated_op(enum CXBinaryOperatorKind k)
{
	switch (k) {
	case CXBinaryOperator_EQ: return "!=";
	case CXBinaryOperator_NE: return "==";
	case CXBinaryOperator_LT: return ">=";
	case CXBinaryOperator_GE: return "<";
	case CXBinaryOperator_GT: return "<=";
	case CXBinaryOperator_LE: return ">";
	default: return NULL;
	}
}

struct empty_scan {
	struct tu_facts *tf;
	struct ranges *gone;
	struct edits *e;
};

/*
 * "if (C) { <all removed> } else { B }" becomes "if (!C) { B }", with
 * the comparison turned around rather than negated where it is one.
 */
static enum CXChildVisitResult empty_cb(CXCursor c, CXCursor parent,
					CXClientData data)
{
	struct empty_scan *es = data;
	const char *s = es->tf->src;
	CXCursor kid[3], cond, two[2];
	const char *op;
	unsigned lb, eb, ca, cb;

	if (clang_getCursorKind(c) != CXCursor_IfStmt || ast_kids(c, kid, 3) != 3 ||
	    clang_getCursorKind(kid[1]) != CXCursor_CompoundStmt ||
	    clang_getCursorKind(kid[2]) != CXCursor_CompoundStmt ||
	    !all_gone(kid[1], es->gone) || !ast_pos(c).main ||
	    ast_from_macro(kid[0]))
		return CXChildVisit_Recurse;
	cond = ast_strip(kid[0]);
	op = clang_getCursorKind(cond) == CXCursor_BinaryOperator ?
	     negated_op(ast_binop(cond)) : NULL;
	if (!op || ast_kids(cond, two, 2) != 2)
		return CXChildVisit_Recurse;
	lb = ast_pos(kid[1]).off;
	eb = ast_pos(kid[2]).off;
	if (s[lb] != '{' || s[eb] != '{')
		return CXChildVisit_Recurse;
	/* The operator sits between the two operands. */
	ca = ast_end_off(two[0]);
	cb = ast_pos(two[1]).off;
	while (ca < cb && (s[ca] == ' ' || s[ca] == '\t'))
		ca++;
	while (cb > ca && (s[cb - 1] == ' ' || s[cb - 1] == '\t'))
		cb--;
	for (int i = 0; i < es->gone->nr; i++)
		if (es->gone->v[i].a >= lb && es->gone->v[i].b <= eb + 1)
			es->gone->v[i].keep = true;	/* subsumed */
	edit_add(es->e, ca, cb, op);
	edit_add(es->e, lb, eb + 1, "{");
	return CXChildVisit_Continue;
}

static int cmp_range(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	return x->a < y->a ? -1 : x->a > y->a;
}

/* Removed lines, merged where they touch, as edits. */
static void emit(struct tu_facts *tf, struct ranges *gone, struct edits *e)
{
	struct range cur = { 0 };
	bool open = false;

	qsort(gone->v, gone->nr, sizeof(*gone->v), cmp_range);
	for (int i = 0; i < gone->nr; i++) {
		struct range r = gone->v[i];

		if (r.keep)
			continue;
		if (open && r.a <= cur.b) {
			if (r.b > cur.b)
				cur.b = r.b;
			continue;
		}
		if (open)
			edit_drop_lines(e, tf->src, tf->srclen, cur.a, cur.b);
		cur = r;
		open = true;
	}
	if (open)
		edit_drop_lines(e, tf->src, tf->srclen, cur.a, cur.b);
}

bool vma_filter_removal(struct tu_facts *tf, const struct vma_check *v,
			struct edits *e)
{
	const struct gup_call *g = &tf->gups[v->gup];
	struct parent_scan ps = { v->stmt, clang_getNullCursor() };
	CXCursor body, *k;
	struct ranges gone = { 0 };
	struct range r;
	int n;

	/* Only a filter in the pinning function itself, on the vmas array. */
	if (v->fn != g->fn || v->via_call >= 0 || v->path != PATH_SUCCESS ||
	    clang_Cursor_isNull(g->vmas_arg))
		return false;
	n = ast_kids_all(tf->fns[g->fn].def, &k);
	body = n ? k[n - 1] : clang_getNullCursor();
	free(k);
	if (clang_getCursorKind(body) != CXCursor_CompoundStmt)
		return false;
	clang_visitChildren(body, loop_cb, &ps);
	if (clang_Cursor_isNull(ps.found) || !stmt_lines(tf, ps.found, &r))
		return false;
	r.a = with_comment(tf->src, r.a);
	*VEC_PUSH(gone.v, gone.nr, gone.cap) = r;
	drop_vmas(tf, body, g, &gone, e);
	/* Whole declarations first, until nothing more goes; then names. */
	for (int pass = 0; pass < 4; pass++) {
		struct edits names = { 0 };
		struct decl_scan d = { tf, body, &gone, &names, false };

		clang_visitChildren(body, decl_cb, &d);
		if (d.changed && pass < 3) {
			edits_free(&names);
			continue;
		}
		for (int i = 0; i < names.nr; i++)
			edit_add(e, names.v[i].start, names.v[i].end, "");
		edits_free(&names);
		break;
	}
	{
		struct empty_scan es = { tf, &gone, e };

		clang_visitChildren(body, empty_cb, &es);
	}
	emit(tf, &gone, e);
	free(gone.v);
	return true;
}
