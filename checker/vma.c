// SPDX-License-Identifier: GPL-2.0
/*
 * Finding VMA-nature decisions around GUP calls (see vma.h).
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
#include "vma.h"
#include "util.h"

static const char *const nature_fns[] = {
	"vma_is_anonymous", "vma_is_shmem", "is_vm_hugetlb_page", "vma_is_dax",
	"vma_is_fsdax", "vma_is_special_huge", NULL,
};
static const char *const file_nature_fns[] = {
	"is_file_hugepages", "shmem_file", "shmem_mapping", NULL,
};
static const char *const lookup_fns[] = {
	"find_vma", "vma_lookup", "find_vma_intersection", "find_extend_vma",
	"vma_find", "vma_next", "find_vma_prev", "find_exact_vma", NULL,
};
/* vm_flags bits that describe what the memory is, not what may be done. */
static const char *const kind_bits[] = {
	"VM_SHARED", "VM_MAYSHARE", "VM_HUGETLB", "VM_MIXEDMAP", "VM_DONTEXPAND",
	"VM_HUGEPAGE", "VM_DROPPABLE", NULL,
};
static const char *const pfn_bits[] = { "VM_IO", "VM_PFNMAP", NULL };

static bool in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

static bool is_vma_ptr(CXType t)
{
	CXType p = clang_getCanonicalType(t);
	CXString s;
	bool yes;

	if (p.kind != CXType_Pointer)
		return false;
	p = clang_getCanonicalType(clang_getPointeeType(p));
	s = clang_getTypeSpelling(p);
	yes = strcmp(clang_getCString(s), "struct vm_area_struct") == 0;
	clang_disposeString(s);
	return yes;
}

/* --- where a VMA comes from -------------------------------------------- */

enum src_kind { SRC_NONE, SRC_VMAS, SRC_LOOKUP, SRC_PARAM };

struct vsrc {
	enum src_kind kind;
	CXCursor at;		/* the lookup call, the array, the parameter */
	int param;		/* SRC_PARAM: its index */
	char *name;		/* lookup function or array key */
};

struct fnctx {
	struct tu_facts *tf;
	int fn;
	CXCursor body;
};

static char *tokens(CXTranslationUnit tu, CXCursor c)
{
	CXToken *toks = NULL;
	unsigned n = 0;
	struct strbuf sb = { 0 };

	clang_tokenize(tu, ast_written_range(tu, c), &toks, &n);
	for (unsigned i = 0; i < n; i++) {
		CXString s = clang_getTokenSpelling(tu, toks[i]);

		sb_puts(&sb, clang_getCString(s));
		clang_disposeString(s);
	}
	if (toks)
		clang_disposeTokens(tu, toks, n);
	return sb_detach(&sb);
}

struct assign_scan {
	CXCursor var;
	CXCursor *rhs;
	int nr;
	size_t cap;
};

static enum CXChildVisitResult assign_cb(CXCursor c, CXCursor parent,
					 CXClientData data)
{
	struct assign_scan *a = data;
	CXCursor kid[2];

	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_VarDecl &&
	    clang_equalCursors(c, a->var)) {
		CXCursor init = clang_Cursor_getVarDeclInitializer(c);

		if (!clang_Cursor_isNull(init))
			*VEC_PUSH(a->rhs, a->nr, a->cap) = init;
	} else if (clang_getCursorKind(c) == CXCursor_BinaryOperator &&
		   ast_binop(c) == CXBinaryOperator_Assign &&
		   ast_kids(c, kid, 2) == 2) {
		CXCursor l = ast_strip(kid[0]);

		if (clang_getCursorKind(l) == CXCursor_DeclRefExpr &&
		    clang_equalCursors(clang_getCursorReferenced(l), a->var))
			*VEC_PUSH(a->rhs, a->nr, a->cap) = kid[1];
	}
	return CXChildVisit_Recurse;
}

/* Every value assigned to local @var in @body (its initializer included). */
static int assigned(CXCursor body, CXCursor var, CXCursor **out)
{
	struct assign_scan a = { .var = var };

	clang_visitChildren(body, assign_cb, &a);
	*out = a.rhs;
	return a.nr;
}

static int param_of(struct fnctx *fc, CXCursor decl)
{
	CXCursor def = fc->tf->fns[fc->fn].def;
	int n = clang_Cursor_getNumArguments(def);

	for (int i = 0; i < n; i++)
		if (clang_equalCursors(clang_Cursor_getArgument(def, i), decl))
			return i;
	return -1;
}

static bool vmas_key_of_gup(struct fnctx *fc, const char *key)
{
	struct tu_facts *tf = fc->tf;

	for (int i = 0; i < tf->ngups; i++) {
		char *k;
		bool hit;

		if (tf->gups[i].fn != fc->fn || clang_Cursor_isNull(tf->gups[i].vmas_arg))
			continue;
		k = tokens(tf->tu, ast_strip(tf->gups[i].vmas_arg));
		hit = strcmp(k, key) == 0;
		free(k);
		if (hit)
			return true;
	}
	return false;
}

static struct vsrc source_of(struct fnctx *fc, CXCursor e, int depth);

static struct vsrc source_of_value(struct fnctx *fc, CXCursor v, int depth)
{
	struct vsrc s = { SRC_NONE };
	CXCursor e = ast_strip(v);
	enum CXCursorKind k = clang_getCursorKind(e);

	if (k == CXCursor_CallExpr) {
		char *name = ast_callee_name(e);

		if (name && in_list(name, lookup_fns)) {
			s.kind = SRC_LOOKUP;
			s.at = e;
			s.name = name;
			return s;
		}
		free(name);
		return s;
	}
	return source_of(fc, e, depth + 1);
}

/* Where the VMA expression @e comes from, if it is one of interest. */
static struct vsrc source_of(struct fnctx *fc, CXCursor e, int depth)
{
	struct vsrc s = { SRC_NONE };
	CXCursor kid[2], ref, *rhs;
	int n;

	e = ast_strip(e);
	if (depth > 4)
		return s;
	switch (clang_getCursorKind(e)) {
	case CXCursor_ArraySubscriptExpr:
		if (ast_kids(e, kid, 2) != 2)
			return s;
		{
			CXCursor base = ast_strip(kid[0]);
			char *key = tokens(fc->tf->tu, base);

			if (vmas_key_of_gup(fc, key)) {
				s.kind = SRC_VMAS;
				s.at = base;
				s.name = key;
				return s;
			}
			free(key);
			if (clang_getCursorKind(base) == CXCursor_DeclRefExpr) {
				ref = clang_getCursorReferenced(base);
				if (clang_getCursorKind(ref) == CXCursor_ParmDecl) {
					s.kind = SRC_PARAM;
					s.param = param_of(fc, ref);
					s.at = base;
					if (s.param < 0)
						s.kind = SRC_NONE;
				}
			}
		}
		return s;
	case CXCursor_CallExpr:
		return source_of_value(fc, e, depth);
	case CXCursor_DeclRefExpr:
		ref = clang_getCursorReferenced(e);
		if (clang_getCursorKind(ref) == CXCursor_ParmDecl) {
			s.param = param_of(fc, ref);
			if (s.param >= 0) {
				s.kind = SRC_PARAM;
				s.at = e;
			}
			return s;
		}
		if (clang_getCursorKind(ref) != CXCursor_VarDecl)
			return s;
		n = assigned(fc->body, ref, &rhs);
		for (int i = 0; i < n && s.kind == SRC_NONE; i++)
			s = source_of_value(fc, rhs[i], depth);
		free(rhs);
		return s;
	default:
		return s;
	}
}

/* --- predicates in a condition ---------------------------------------- */

struct pred {
	enum pred_kind kind;
	char *what;
	CXCursor at;
	struct vsrc src;
};

struct preds {
	struct pred *v;
	int nr;
	size_t cap;
};

static void add_pred(struct fnctx *fc, struct preds *ps, enum pred_kind kind,
		     const char *what, CXCursor at, CXCursor vma)
{
	struct vsrc s = source_of(fc, vma, 0);
	struct pred *p;

	if (s.kind == SRC_NONE)
		return;
	p = VEC_PUSH(ps->v, ps->nr, ps->cap);
	p->kind = kind;
	p->what = xstrdup(what);
	p->at = at;
	p->src = s;
}

/* The VMA behind a struct file expression: X->vm_file, or a local set so. */
static bool file_vma(struct fnctx *fc, CXCursor f, CXCursor *vma)
{
	CXCursor e = ast_strip(f), *rhs, kid[1];
	int n;
	bool ok = false;

	if (clang_getCursorKind(e) == CXCursor_MemberRefExpr) {
		char *m = ast_spelling(e);

		ok = strcmp(m, "vm_file") == 0 && ast_kids(e, kid, 1) == 1 &&
		     is_vma_ptr(clang_getCursorType(ast_strip(kid[0])));
		if (ok)
			*vma = kid[0];
		free(m);
		return ok;
	}
	if (clang_getCursorKind(e) != CXCursor_DeclRefExpr ||
	    clang_getCursorKind(clang_getCursorReferenced(e)) != CXCursor_VarDecl)
		return false;
	n = assigned(fc->body, clang_getCursorReferenced(e), &rhs);
	for (int i = 0; i < n && !ok; i++) {
		CXCursor r = ast_strip(rhs[i]);

		if (clang_getCursorKind(r) == CXCursor_MemberRefExpr)
			ok = file_vma(fc, r, vma);
	}
	free(rhs);
	return ok;
}

struct pscan {
	struct fnctx *fc;
	struct preds *ps;
};

static bool mask_names(struct fnctx *fc, CXCursor mask, enum pred_kind *kind,
		       struct strbuf *what)
{
	CXToken *toks = NULL;
	unsigned n = 0;
	bool nature = false, pfn = false;

	clang_tokenize(fc->tf->tu, ast_written_range(fc->tf->tu, mask), &toks, &n);
	for (unsigned i = 0; i < n; i++) {
		CXString s = clang_getTokenSpelling(fc->tf->tu, toks[i]);
		const char *t = clang_getCString(s);

		if (in_list(t, kind_bits) || in_list(t, pfn_bits)) {
			if (what->len)
				sb_puts(what, "|");
			sb_puts(what, t);
			nature |= in_list(t, kind_bits);
			pfn |= in_list(t, pfn_bits);
		}
		clang_disposeString(s);
	}
	if (toks)
		clang_disposeTokens(fc->tf->tu, toks, n);
	*kind = nature ? PRED_NATURE : PRED_PFNMAP;
	return nature || pfn;
}

static enum CXChildVisitResult pred_cb(CXCursor c, CXCursor parent,
				       CXClientData data)
{
	struct pscan *p = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	CXCursor kid[2], vma;

	(void)parent;
	if (k == CXCursor_CallExpr && clang_Cursor_getNumArguments(c) >= 1) {
		char *name = ast_callee_name(c);
		CXCursor a0 = clang_Cursor_getArgument(c, 0);

		if (name && in_list(name, nature_fns)) {
			char *w = xasprintf("%s()", name);

			add_pred(p->fc, p->ps, PRED_NATURE, w, c, a0);
			free(w);
			free(name);
			return CXChildVisit_Continue;
		}
		if (name && in_list(name, file_nature_fns) &&
		    file_vma(p->fc, a0, &vma)) {
			char *w = xasprintf("%s()", name);

			add_pred(p->fc, p->ps, PRED_NATURE, w, c, vma);
			free(w);
			free(name);
			return CXChildVisit_Continue;
		}
		free(name);
		return CXChildVisit_Recurse;
	}
	if (k == CXCursor_BinaryOperator && ast_binop(c) == CXBinaryOperator_And &&
	    ast_kids(c, kid, 2) == 2) {
		for (int side = 0; side < 2; side++) {
			CXCursor f = ast_strip(kid[side]), fk[1];
			struct strbuf what = { 0 };
			enum pred_kind pk;
			char *m;

			if (clang_getCursorKind(f) != CXCursor_MemberRefExpr)
				continue;
			m = ast_spelling(f);
			if (strcmp(m, "vm_flags") == 0 && ast_kids(f, fk, 1) == 1 &&
			    mask_names(p->fc, kid[!side], &pk, &what))
				add_pred(p->fc, p->ps, pk, what.buf, c, fk[0]);
			free(m);
			sb_free(&what);
		}
		return CXChildVisit_Recurse;
	}
	if (k == CXCursor_MemberRefExpr) {
		char *m = ast_spelling(c);

		if ((strcmp(m, "vm_file") == 0 || strcmp(m, "vm_ops") == 0) &&
		    ast_kids(c, kid, 1) == 1 &&
		    is_vma_ptr(clang_getCursorType(ast_strip(kid[0]))))
			add_pred(p->fc, p->ps, PRED_NATURE, m, c, kid[0]);
		free(m);
		return CXChildVisit_Continue;
	}
	if (k == CXCursor_DeclRefExpr &&
	    clang_getCursorKind(clang_getCursorReferenced(c)) == CXCursor_VarDecl &&
	    file_vma(p->fc, c, &vma))
		add_pred(p->fc, p->ps, PRED_NATURE, "vm_file", c, vma);
	return CXChildVisit_Recurse;
}

static void preds_in(struct fnctx *fc, CXCursor cond, struct preds *ps)
{
	struct pscan p = { fc, ps };

	pred_cb(cond, cond, &p) == CXChildVisit_Recurse ?
		(void)clang_visitChildren(cond, pred_cb, &p) : (void)0;
}

static void preds_free(struct preds *ps)
{
	for (int i = 0; i < ps->nr; i++) {
		free(ps->v[i].what);
		free(ps->v[i].src.name);
	}
	free(ps->v);
	memset(ps, 0, sizeof(*ps));
}

/* --- what a deciding branch does --------------------------------------- */

struct cons {
	CXCursor at;
	char *what;
};

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
	(void)tf;
}

static enum CXChildVisitResult cons_cb(CXCursor c, CXCursor parent,
				       CXClientData data)
{
	struct cons *cs = data;
	CXCursor kid[2];
	char *s;

	(void)parent;
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

static bool consequence(CXCursor branch, struct cons *cs)
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

	(void)parent;
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

static bool const_int(CXCursor e, long long *v)
{
	CXEvalResult r = clang_Cursor_Evaluate(ast_strip(e));
	bool ok = r && clang_EvalResult_getKind(r) == CXEval_Int;

	if (ok)
		*v = clang_EvalResult_getAsLongLong(r);
	if (r)
		clang_EvalResult_dispose(r);
	return ok;
}

/*
 * +1: true means GUP succeeded; -1: true means it failed; 0: cannot say.
 * @res is the variable holding the call's result (or null), @call the call.
 */
static int classify(CXCursor cond, CXCursor res, CXCursor call)
{
	CXCursor e = ast_strip(cond), kid[2];
	enum CXCursorKind k = clang_getCursorKind(e);

	if (k == CXCursor_UnaryOperator && ast_unop(e) == CXUnaryOperator_LNot &&
	    ast_kids(e, kid, 1) == 1) {
		CXCursor in = ast_strip(kid[0]);

		if (refers_to(in, res, call) &&
		    (clang_getCursorKind(in) == CXCursor_DeclRefExpr ||
		     clang_getCursorKind(in) == CXCursor_CallExpr))
			return -1;	/* !ret: nothing pinned */
		return -classify(in, res, call);
	}
	if (k == CXCursor_CallExpr && clang_Cursor_getNumArguments(e) >= 1) {
		char *n = ast_callee_name(e);
		int r = 0;

		if (n && (!strcmp(n, "__builtin_expect") || !strcmp(n, "likely") ||
			  !strcmp(n, "unlikely")))
			r = classify(clang_Cursor_getArgument(e, 0), res, call);
		else if (n && starts_with(n, "IS_ERR") &&
			 refers_to(e, res, call))
			r = -1;
		free(n);
		return r;
	}
	if (k != CXCursor_BinaryOperator || ast_kids(e, kid, 2) != 2)
		return 0;
	{
		enum CXBinaryOperatorKind op = ast_binop(e);
		bool left = refers_to(kid[0], res, call);
		bool right = refers_to(kid[1], res, call);
		long long c = 0;
		bool is_const;

		if (op == CXBinaryOperator_LAnd || op == CXBinaryOperator_LOr) {
			int a = classify(kid[0], res, call);
			int b = classify(kid[1], res, call);

			if (a && b && a != b)
				return 0;
			return a ? a : b;
		}
		if (left == right)
			return 0;
		if (right) {	/* put the result on the left */
			CXCursor t = kid[0];

			kid[0] = kid[1];
			kid[1] = t;
			switch (op) {
			case CXBinaryOperator_LT: op = CXBinaryOperator_GT; break;
			case CXBinaryOperator_GT: op = CXBinaryOperator_LT; break;
			case CXBinaryOperator_LE: op = CXBinaryOperator_GE; break;
			case CXBinaryOperator_GE: op = CXBinaryOperator_LE; break;
			default: break;
			}
		}
		is_const = const_int(kid[1], &c);
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
static bool on_failure_path(CXCursor s, CXCursor target, CXCursor res,
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

	(void)parent;
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

static CXCursor result_var(CXCursor body, CXCursor call)
{
	struct resscan r = { call, clang_getNullCursor() };

	clang_visitChildren(body, res_cb, &r);
	return r.var;
}

/* --- does a lookup concern the range a GUP call pins? ----------------- */

struct varset {
	CXCursor *v;
	int nr;
	size_t cap;
};

static bool vs_has(const struct varset *s, CXCursor d)
{
	for (int i = 0; i < s->nr; i++)
		if (clang_equalCursors(s->v[i], d))
			return true;
	return false;
}

struct varscan {
	struct fnctx *fc;
	struct varset *set;
	int depth;
};

static void vars_of(struct fnctx *fc, CXCursor e, struct varset *set, int depth);

static enum CXChildVisitResult var_cb(CXCursor c, CXCursor parent,
				      CXClientData data)
{
	struct varscan *vs = data;
	CXCursor ref, *rhs;
	int n;

	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_DeclRefExpr)
		return CXChildVisit_Recurse;
	ref = clang_getCursorReferenced(c);
	if (clang_getCursorKind(ref) != CXCursor_VarDecl &&
	    clang_getCursorKind(ref) != CXCursor_ParmDecl)
		return CXChildVisit_Continue;
	if (vs_has(vs->set, ref))
		return CXChildVisit_Continue;
	*VEC_PUSH(vs->set->v, vs->set->nr, vs->set->cap) = ref;
	if (clang_getCursorKind(ref) == CXCursor_VarDecl && vs->depth < 3 &&
	    !clang_Cursor_hasVarDeclGlobalStorage(ref)) {
		n = assigned(vs->fc->body, ref, &rhs);
		for (int i = 0; i < n; i++)
			vars_of(vs->fc, rhs[i], vs->set, vs->depth + 1);
		free(rhs);
	}
	return CXChildVisit_Continue;
}

static void vars_of(struct fnctx *fc, CXCursor e, struct varset *set, int depth)
{
	struct varscan vs = { fc, set, depth };

	if (var_cb(e, e, &vs) == CXChildVisit_Recurse)
		clang_visitChildren(e, var_cb, &vs);
}

static bool sets_meet(const struct varset *a, const struct varset *b)
{
	for (int i = 0; i < a->nr; i++)
		if (vs_has(b, a->v[i]))
			return true;
	return false;
}

/* The variables the address arguments of a lookup depend on. */
static void lookup_vars(struct fnctx *fc, CXCursor call, struct varset *set)
{
	int n = clang_Cursor_getNumArguments(call);

	/* find_vma(mm, addr), vma_find(&vmi, end): skip the mm. */
	for (int i = 0; i < n; i++) {
		CXCursor a = clang_Cursor_getArgument(call, i);

		if (n > 1 && i == 0 && clang_getCursorKind(ast_strip(a)) !=
				       CXCursor_UnaryOperator)
			continue;
		vars_of(fc, a, set, 0);
	}
}

static void start_vars(struct fnctx *fc, const struct gup_call *g,
		       struct varset *set)
{
	int start = g->api->remote ? 1 : 0;

	if (start < clang_Cursor_getNumArguments(g->call))
		vars_of(fc, clang_Cursor_getArgument(g->call, start), set, 0);
}

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

	(void)parent;
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

static CXCursor body_of(struct tu_facts *tf, int fn)
{
	CXCursor *k, body = clang_getNullCursor();
	int n = ast_kids_all(tf->fns[fn].def, &k);

	for (int i = 0; i < n; i++)
		if (clang_getCursorKind(k[i]) == CXCursor_CompoundStmt)
			body = k[i];
	free(k);
	return body;
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
		char *k = tokens(fc->tf->tu, ast_strip(g->vmas_arg));

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
			p = param_of(hc, lv.v[i]);
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
		     tokens(tf->tu, ast_strip(g->vmas_arg));

	start_vars(fc, g, &start);
	for (int c = 0; c < tf->ncalls; c++) {
		const struct call_site *cs = &tf->calls[c];
		int h = clang_Cursor_isNull(cs->callee) ? -1 :
			facts_fn(tf, cs->callee);
		struct fnctx hc;

		if (cs->caller != g->fn || h < 0 || h == g->fn)
			continue;
		hc = (struct fnctx){ tf, h, body_of(tf, h) };
		for (int i = 0; i < all[h].nr; i++) {
			int p = helper_param(&hc, &all[h].v[i]);
			struct varset av = { 0 };
			CXCursor arg;
			bool rel = false;
			char *k;

			if (p < 0 || p >= clang_Cursor_getNumArguments(cs->call))
				continue;
			arg = clang_Cursor_getArgument(cs->call, p);
			k = tokens(tf->tu, ast_strip(arg));
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
		struct fnctx fc = { tf, f, body_of(tf, f) };

		if (!clang_Cursor_isNull(fc.body))
			decisions_of(&fc, &all[f]);
	}
	for (int gi = 0; gi < tf->ngups; gi++) {
		struct fnctx fc = { tf, tf->gups[gi].fn,
				    body_of(tf, tf->gups[gi].fn) };

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
