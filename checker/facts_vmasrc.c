// SPDX-License-Identifier: GPL-2.0
/*
 * Where a VMA comes from (the vmas array of a GUP call, a lookup, a
 * parameter), which predicates of a condition read its nature, and
 * which variables an address depends on.
 */
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "util.h"
#include "facts_kapi.h"
#include "facts_vma_int.h"

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
int vma_assigned(CXCursor body, CXCursor var, CXCursor **out)
{
	struct assign_scan a = { .var = var };

	clang_visitChildren(body, assign_cb, &a);
	*out = a.rhs;
	return a.nr;
}

int vma_param_of(struct fnctx *fc, CXCursor decl)
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
		k = ast_text(tf->tu, ast_strip(tf->gups[i].vmas_arg));
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

		if (name && kapi_find(kapi_vma_lookup_fns, name)) {
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
			char *key = ast_text(fc->tf->tu, base);

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
					s.param = vma_param_of(fc, ref);
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
			s.param = vma_param_of(fc, ref);
			if (s.param >= 0) {
				s.kind = SRC_PARAM;
				s.at = e;
			}
			return s;
		}
		if (clang_getCursorKind(ref) != CXCursor_VarDecl)
			return s;
		n = vma_assigned(fc->body, ref, &rhs);
		for (int i = 0; i < n && s.kind == SRC_NONE; i++)
			s = source_of_value(fc, rhs[i], depth);
		free(rhs);
		return s;
	default:
		return s;
	}
}

/* --- predicates in a condition ---------------------------------------- */



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
	/* Only a pointer may hold a vm_file: no scan of the body for others. */
	if (clang_getCursorKind(e) != CXCursor_DeclRefExpr ||
	    clang_getCursorKind(clang_getCursorReferenced(e)) != CXCursor_VarDecl ||
	    clang_getCanonicalType(clang_getCursorType(e)).kind != CXType_Pointer)
		return false;
	n = vma_assigned(fc->body, clang_getCursorReferenced(e), &rhs);
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
		bool is_kind = kapi_find(kapi_vm_kind_bits, t);
		bool is_pfn = kapi_find(kapi_vm_pfn_bits, t);

		if (is_kind || is_pfn) {
			if (what->len)
				sb_puts(what, "|");
			sb_puts(what, t);
			nature |= is_kind;
			pfn |= is_pfn;
		}
		clang_disposeString(s);
	}
	if (toks)
		clang_disposeTokens(fc->tf->tu, toks, n);
	*kind = nature ? PRED_NATURE : PRED_PFNMAP;
	return nature || pfn;
}

/* vma_is_*(vma), is_file_hugepages(vma->vm_file) and the like. */
static enum CXChildVisitResult pred_call(struct pscan *p, CXCursor c)
{
	char *name = ast_callee_name(c);
	CXCursor a0 = clang_Cursor_getArgument(c, 0), vma = a0;
	bool nature = name && (kapi_find(kapi_vma_nature_fns, name) ||
			       (kapi_find(kapi_file_nature_fns, name) &&
				file_vma(p->fc, a0, &vma)));

	if (nature) {
		char *w = xasprintf("%s()", name);

		add_pred(p->fc, p->ps, PRED_NATURE, w, c, vma);
		free(w);
	}
	free(name);
	return nature ? CXChildVisit_Continue : CXChildVisit_Recurse;
}

/* vma->vm_flags & (VM_HUGETLB | VM_SHARED), either way round. */
static void pred_flags_mask(struct pscan *p, CXCursor c, CXCursor kid[2])
{
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
}

/* vma->vm_file or vma->vm_ops read on its own. */
static void pred_member(struct pscan *p, CXCursor c)
{
	char *m = ast_spelling(c);
	CXCursor kid[1];

	if ((strcmp(m, "vm_file") == 0 || strcmp(m, "vm_ops") == 0) &&
	    ast_kids(c, kid, 1) == 1 &&
	    is_vma_ptr(clang_getCursorType(ast_strip(kid[0]))))
		add_pred(p->fc, p->ps, PRED_NATURE, m, c, kid[0]);
	free(m);
}

static enum CXChildVisitResult pred_cb(CXCursor c, CXCursor parent,
				       CXClientData data)
{
	struct pscan *p = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	CXCursor kid[2], vma;

	if (k == CXCursor_CallExpr && clang_Cursor_getNumArguments(c) >= 1)
		return pred_call(p, c);
	if (k == CXCursor_BinaryOperator && ast_binop(c) == CXBinaryOperator_And &&
	    ast_kids(c, kid, 2) == 2) {
		pred_flags_mask(p, c, kid);
		return CXChildVisit_Recurse;
	}
	/* a->vm_file != b->vm_file: "all VMAs share one file". */
	if (k == CXCursor_BinaryOperator &&
	    (ast_binop(c) == CXBinaryOperator_EQ ||
	     ast_binop(c) == CXBinaryOperator_NE) &&
	    ast_kids(c, kid, 2) == 2 && file_vma(p->fc, kid[0], &vma) &&
	    file_vma(p->fc, kid[1], &kid[1])) {
		add_pred(p->fc, p->ps, PRED_NATURE, "same vm_file", c, vma);
		return CXChildVisit_Continue;
	}
	if (k == CXCursor_MemberRefExpr) {
		pred_member(p, c);
		return CXChildVisit_Continue;
	}
	if (k == CXCursor_DeclRefExpr &&
	    clang_getCursorKind(clang_getCursorReferenced(c)) == CXCursor_VarDecl &&
	    file_vma(p->fc, c, &vma))
		add_pred(p->fc, p->ps, PRED_NATURE, "vm_file", c, vma);
	return CXChildVisit_Recurse;
}

void preds_in(struct fnctx *fc, CXCursor cond, struct preds *ps)
{
	struct pscan p = { fc, ps };

	if (pred_cb(cond, cond, &p) == CXChildVisit_Recurse)
		clang_visitChildren(cond, pred_cb, &p);
}

void preds_free(struct preds *ps)
{
	for (int i = 0; i < ps->nr; i++) {
		free(ps->v[i].what);
		free(ps->v[i].src.name);
	}
	free(ps->v);
	memset(ps, 0, sizeof(*ps));
}

/* --- does a lookup concern the range a GUP call pins? ----------------- */


bool vs_has(const struct varset *s, CXCursor d)
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


static enum CXChildVisitResult var_cb(CXCursor c, CXCursor parent,
				      CXClientData data)
{
	struct varscan *vs = data;
	CXCursor ref, *rhs;
	int n;

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
		n = vma_assigned(vs->fc->body, ref, &rhs);
		for (int i = 0; i < n; i++)
			vars_of(vs->fc, rhs[i], vs->set, vs->depth + 1);
		free(rhs);
	}
	return CXChildVisit_Continue;
}

void vars_of(struct fnctx *fc, CXCursor e, struct varset *set, int depth)
{
	struct varscan vs = { fc, set, depth };

	if (var_cb(e, e, &vs) == CXChildVisit_Recurse)
		clang_visitChildren(e, var_cb, &vs);
}

bool sets_meet(const struct varset *a, const struct varset *b)
{
	for (int i = 0; i < a->nr; i++)
		if (vs_has(b, a->v[i]))
			return true;
	return false;
}

/* The variables the address arguments of a lookup depend on. */
void lookup_vars(struct fnctx *fc, CXCursor call, struct varset *set)
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

void start_vars(struct fnctx *fc, const struct gup_call *g,
		       struct varset *set)
{
	int start = g->api->remote ? 1 : 0;

	if (start < clang_Cursor_getNumArguments(g->call))
		vars_of(fc, clang_Cursor_getArgument(g->call, start), set, 0);
}

