// SPDX-License-Identifier: GPL-2.0
/*
 * What a deciding branch does (returns, jumps, skips, releases, sets an
 * error), and on which path relative to a GUP call a statement sits:
 * where it succeeded, or only where it failed, read from the conditions
 * on the way (the branch taken, and "if (ok) exit;" before it).
 */
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "util.h"
#include "facts_vma_int.h"

/* --- what a deciding branch does --------------------------------------- */


static bool neg_value(struct tu_facts *tf, CXCursor e)
{
	CXCursor s = ast_strip(e);

	if (clang_getCursorKind(s) == CXCursor_UnaryOperator &&
	    ast_unop(s) == CXUnaryOperator_Minus)
		return true;
	{
		CXEvalResult r = clang_Cursor_Evaluate(s);
		bool neg = r && clang_EvalResult_getKind(r) == CXEval_Int &&
			   clang_EvalResult_getAsLongLong(r) < 0;

		if (r)
			clang_EvalResult_dispose(r);
		return neg;
	}
}

static enum CXChildVisitResult cons_cb(CXCursor c, CXCursor parent,
				       CXClientData data)
{
	struct cons *cs = data;
	CXCursor kid[2];
	char *s;

	switch (clang_getCursorKind(c)) {
	case CXCursor_ReturnStmt:
		cs->what = xstrdup("returns");
		break;
	case CXCursor_GotoStmt:
		if (ast_kids(c, kid, 1) == 1) {
			s = ast_spelling(kid[0]);
			cs->what = xasprintf("jumps to '%s'", s);
			free(s);
		} else {
			cs->what = xstrdup("jumps away");
		}
		break;
	case CXCursor_BreakStmt:
		cs->what = xstrdup("stops the walk");
		break;
	case CXCursor_ContinueStmt:
		cs->what = xstrdup("skips it");
		break;
	case CXCursor_CallExpr:
		s = ast_callee_name(c);
		if (s && (release_lookup(s) || starts_with(s, "unpin_user_page"))) {
			cs->what = xasprintf("releases the pages with %s()", s);
			free(s);
			break;
		}
		free(s);
		return CXChildVisit_Continue;
	case CXCursor_BinaryOperator:
		if (ast_binop(c) == CXBinaryOperator_Assign &&
		    ast_kids(c, kid, 2) == 2 && neg_value(NULL, kid[1])) {
			cs->what = xstrdup("sets an error");
			break;
		}
		return CXChildVisit_Recurse;
	default:
		return CXChildVisit_Recurse;
	}
	cs->at = c;
	return CXChildVisit_Break;
}

bool consequence(CXCursor branch, struct cons *cs)
{
	cs->what = NULL;
	if (cons_cb(branch, branch, cs) == CXChildVisit_Break)
		return true;
	clang_visitChildren(branch, cons_cb, cs);
	return cs->what != NULL;
}

/* --- which path a statement is on ------------------------------------- */

static bool refers_to(CXCursor e, CXCursor var, CXCursor call);

struct refscan {
	CXCursor var, call;
	bool hit;
};

static enum CXChildVisitResult ref_cb(CXCursor c, CXCursor parent,
				      CXClientData data)
{
	struct refscan *r = data;

	if ((!clang_Cursor_isNull(r->var) &&
	     clang_getCursorKind(c) == CXCursor_DeclRefExpr &&
	     clang_equalCursors(clang_getCursorReferenced(c), r->var)) ||
	    ast_same(c, r->call)) {
		r->hit = true;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

static bool refers_to(CXCursor e, CXCursor var, CXCursor call)
{
	struct refscan r = { var, call, false };

	if (ref_cb(e, e, &r) != CXChildVisit_Break)
		clang_visitChildren(e, ref_cb, &r);
	return r.hit;
}

/*
 * +1: true means GUP succeeded; -1: true means it failed; 0: cannot say.
 * @res is the variable holding the call's result (or null), @call the call.
 */
static int classify(CXCursor cond, CXCursor res, CXCursor call);

/* !x is the opposite of x, and !ret itself says nothing was pinned. */
static int classify_not(CXCursor e, CXCursor res, CXCursor call)
{
	CXCursor in;

	if (ast_kids(e, &in, 1) != 1)
		return 0;
	in = ast_strip(in);
	if (refers_to(in, res, call) &&
	    (clang_getCursorKind(in) == CXCursor_DeclRefExpr ||
	     clang_getCursorKind(in) == CXCursor_CallExpr))
		return -1;
	return -classify(in, res, call);
}

/* likely(x) is x; IS_ERR*(ret) says the call failed. */
static int classify_call(CXCursor e, CXCursor res, CXCursor call)
{
	char *n = ast_callee_name(e);
	int r = 0;

	if (n && (!strcmp(n, "__builtin_expect") || !strcmp(n, "likely") ||
		  !strcmp(n, "unlikely")))
		r = classify(clang_Cursor_getArgument(e, 0), res, call);
	else if (n && starts_with(n, "IS_ERR") && refers_to(e, res, call))
		r = -1;
	free(n);
	return r;
}

/* The result compared by @op with @c (known when @is_const). */
static int classify_cmp(enum CXBinaryOperatorKind op, long long c,
			bool is_const)
{
	switch (op) {
	case CXBinaryOperator_LT:
		return (!is_const || c <= 1) ? -1 : 0;
	case CXBinaryOperator_LE:
		return is_const && c <= 0 ? -1 : 0;
	case CXBinaryOperator_GT:
		return is_const && c >= 0 ? 1 : 0;
	case CXBinaryOperator_GE:
		return (!is_const || c >= 0) ? 1 : 0;
	case CXBinaryOperator_EQ:
		return is_const && c <= 0 ? -1 : 1;
	case CXBinaryOperator_NE:
		return is_const && c == 0 ? 0 : (is_const && c < 0 ? 1 : -1);
	default:
		return 0;
	}
}

/* The comparison read with the result on the left: 0 < ret is ret > 0. */
static enum CXBinaryOperatorKind mirror(enum CXBinaryOperatorKind op)
{
	switch (op) {
	case CXBinaryOperator_LT: return CXBinaryOperator_GT;
	case CXBinaryOperator_GT: return CXBinaryOperator_LT;
	case CXBinaryOperator_LE: return CXBinaryOperator_GE;
	case CXBinaryOperator_GE: return CXBinaryOperator_LE;
	default: return op;
	}
}

static int classify_binop(CXCursor e, CXCursor res, CXCursor call)
{
	enum CXBinaryOperatorKind op = ast_binop(e);
	CXCursor kid[2];
	bool left, right;
	long long c = 0;
	bool is_const;

	if (ast_kids(e, kid, 2) != 2)
		return 0;
	if (op == CXBinaryOperator_LAnd || op == CXBinaryOperator_LOr) {
		int a = classify(kid[0], res, call);
		int b = classify(kid[1], res, call);

		if (a && b && a != b)
			return 0;
		return a ? a : b;
	}
	left = refers_to(kid[0], res, call);
	right = refers_to(kid[1], res, call);
	if (left == right)
		return 0;
	if (right) {
		kid[1] = kid[0];
		op = mirror(op);
	}
	is_const = ast_const_int(kid[1], &c);
	return classify_cmp(op, c, is_const);
}

static int classify(CXCursor cond, CXCursor res, CXCursor call)
{
	CXCursor e = ast_strip(cond);

	switch (clang_getCursorKind(e)) {
	case CXCursor_UnaryOperator:
		return ast_unop(e) == CXUnaryOperator_LNot ?
			classify_not(e, res, call) : 0;
	case CXCursor_CallExpr:
		return clang_Cursor_getNumArguments(e) >= 1 ?
			classify_call(e, res, call) : 0;
	case CXCursor_BinaryOperator:
		return classify_binop(e, res, call);
	default:
		return 0;
	}
}

static bool always_exits(CXCursor s)
{
	enum CXCursorKind k = clang_getCursorKind(s);
	CXCursor *kids;
	int n;
	bool r = false;

	if (k == CXCursor_ReturnStmt || k == CXCursor_GotoStmt ||
	    k == CXCursor_BreakStmt || k == CXCursor_ContinueStmt)
		return true;
	if (k != CXCursor_CompoundStmt)
		return false;
	n = ast_kids_all(s, &kids);
	if (n)
		r = always_exits(kids[n - 1]);
	free(kids);
	return r;
}

static bool contains(CXCursor outer, CXCursor inner)
{
	CXSourceRange o = clang_getCursorExtent(outer);
	CXSourceRange i = clang_getCursorExtent(inner);
	unsigned ob, oe, ib, ie;

	clang_getExpansionLocation(clang_getRangeStart(o), NULL, NULL, NULL, &ob);
	clang_getExpansionLocation(clang_getRangeEnd(o), NULL, NULL, NULL, &oe);
	clang_getExpansionLocation(clang_getRangeStart(i), NULL, NULL, NULL, &ib);
	clang_getExpansionLocation(clang_getRangeEnd(i), NULL, NULL, NULL, &ie);
	return ob <= ib && ie <= oe && !(ob == ib && oe == ie &&
					 !ast_same(outer, inner));
}

/*
 * Walk from @s down to @target; true when some condition on the way says
 * GUP failed (a branch taken on failure, or code after "if (ok) exit;").
 */
bool on_failure_path(CXCursor s, CXCursor target, CXCursor res,
			    CXCursor call)
{
	enum CXCursorKind k = clang_getCursorKind(s);
	CXCursor *kids;
	int n = ast_kids_all(s, &kids);
	bool fail = false;

	for (int i = 0; i < n; i++) {
		if (!contains(kids[i], target) && !ast_same(kids[i], target)) {
			CXCursor ik[3];
			int m;

			/* if (C) exit; ... target: target needs !C. */
			if (k == CXCursor_CompoundStmt &&
			    clang_getCursorKind(kids[i]) == CXCursor_IfStmt &&
			    (m = ast_kids(kids[i], ik, 3)) >= 2 &&
			    ast_pos(kids[i]).off < ast_pos(target).off) {
				if (m == 2 && always_exits(ik[1]) &&
				    classify(ik[0], res, call) > 0)
					fail = true;
				if (m == 3 && always_exits(ik[2]) &&
				    classify(ik[0], res, call) < 0)
					fail = true;
			}
			continue;
		}
		if (k == CXCursor_IfStmt && i == 1 &&
		    classify(kids[0], res, call) < 0)
			fail = true;
		if (k == CXCursor_IfStmt && i == 2 &&
		    classify(kids[0], res, call) > 0)
			fail = true;
		if (!ast_same(kids[i], target))
			fail |= on_failure_path(kids[i], target, res, call);
		break;
	}
	free(kids);
	return fail;
}

/* The variable a GUP call's result is stored in, or a null cursor. */
struct resscan {
	CXCursor call, var;
};

static enum CXChildVisitResult res_cb(CXCursor c, CXCursor parent,
				      CXClientData data)
{
	struct resscan *r = data;
	CXCursor kid[2];

	if (clang_getCursorKind(c) == CXCursor_VarDecl) {
		CXCursor init = clang_Cursor_getVarDeclInitializer(c);

		if (!clang_Cursor_isNull(init) && ast_same(ast_strip(init), r->call)) {
			r->var = c;
			return CXChildVisit_Break;
		}
	}
	if (clang_getCursorKind(c) == CXCursor_BinaryOperator &&
	    ast_binop(c) == CXBinaryOperator_Assign && ast_kids(c, kid, 2) == 2 &&
	    ast_same(ast_strip(kid[1]), r->call) &&
	    clang_getCursorKind(ast_strip(kid[0])) == CXCursor_DeclRefExpr) {
		r->var = clang_getCursorReferenced(ast_strip(kid[0]));
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

CXCursor result_var(CXCursor body, CXCursor call)
{
	struct resscan r = { call, clang_getNullCursor() };

	clang_visitChildren(body, res_cb, &r);
	return r.var;
}


bool after_exit(CXCursor body, CXCursor target)
{
	CXCursor *kids;
	int n = ast_kids_all(body, &kids);
	bool exited = false, r = false;

	for (int i = 0; i < n; i++) {
		if (contains(kids[i], target) || ast_same(kids[i], target)) {
			r = exited;
			break;
		}
		if (always_exits(kids[i]))
			exited = true;
	}
	free(kids);
	return r;
}

CXCursor fn_body(CXCursor def)
{
	CXCursor *kids, body = clang_getNullCursor();
	int n = ast_kids_all(def, &kids);

	for (int i = n - 1; i >= 0; i--) {
		if (clang_getCursorKind(kids[i]) == CXCursor_CompoundStmt) {
			body = kids[i];
			break;
		}
	}
	free(kids);
	return body;
}
