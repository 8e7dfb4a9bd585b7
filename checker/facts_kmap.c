// SPDX-License-Identifier: GPL-2.0
/*
 * What a function does with a kernel mapping of the pages: kmap*(),
 * page_address(), vmap().  pin_user_pages.rst wants a pin when the CPU
 * writes the data (its Case 5), not for a short read; so the mapped
 * address is followed through the function that made it, with the locals
 * it is copied to, and each use is sorted: written through ("*p = x",
 * "p[i]++", the destination of memcpy() or copy_from_user()), read
 * (a load, the source of a copy), kept where it outlives the function
 * (a field of a longer-lived object, a global), or handed to something
 * the checker does not follow.  Whether the function undoes the mapping
 * is recorded too: a short-lived mapping is one unmapped where it is made.
 */
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "facts_kapi.h"
#include "facts_pages_int.h"
#include "util.h"

/* What one mapping is seen to be used for, strongest first. */
struct kmap_walk {
	struct scan *s;
	CXCursor map;		/* the kmap*() call */
	char **keys;		/* locals holding the address */
	int nkeys;
	size_t kcap;
	char **boxes;		/* local structs one of them is a field of */
	int nboxes;
	size_t bcap;
	struct data_use *u;
};

static void seen(struct kmap_walk *w, CXCursor at, enum map_access a,
		 char *how)
{
	struct srcpos p = ast_pos(at);

	if (a <= w->u->acc) {
		free(how);
		return;
	}
	free(w->u->how);
	w->u->acc = a;
	w->u->how = how;
	w->u->how_line = p.line;
	w->u->how_col = p.col;
}

static bool in_list(struct kmap_walk *w, char **v, int n, CXCursor e)
{
	char *k = ast_text(w->s->tf->tu, e);
	bool hit = false;

	for (int i = 0; i < n && !hit; i++)
		hit = !strcmp(v[i], k);
	free(k);
	return hit;
}

/*
 * Is @e the mapped address, or reached from it (casts, offsets,
 * "p->f", "*p", "p[i]")?  @deref: through a load or store of the data,
 * so that @e is a value in the pages rather than their address.
 * @boxed: only through a local struct holding it (&info).
 */
static bool reaches(struct kmap_walk *w, CXCursor e, bool *deref, bool *boxed)
{
	*deref = *boxed = false;
	for (;;) {
		CXCursor kid[2];
		enum CXCursorKind k = clang_getCursorKind(e);
		int n = ast_kids(e, kid, 2);

		if (ast_same(e, w->map) ||
		    (w->nkeys && in_list(w, w->keys, w->nkeys, e)))
			return true;
		if (w->nboxes && in_list(w, w->boxes, w->nboxes, e))
			return *boxed = true;
		if (k == CXCursor_CStyleCastExpr && n >= 1) {
			e = kid[n - 1];
		} else if ((k == CXCursor_ParenExpr ||
			    k == CXCursor_UnexposedExpr) && n == 1) {
			e = kid[0];
		} else if (k == CXCursor_ArraySubscriptExpr && n == 2) {
			*deref = true;
			e = kid[0];
		} else if (k == CXCursor_UnaryOperator && n == 1 &&
			   (ast_unop(e) == CXUnaryOperator_Deref ||
			    ast_unop(e) == CXUnaryOperator_AddrOf)) {
			*deref |= ast_unop(e) == CXUnaryOperator_Deref;
			e = kid[0];
		} else if (k == CXCursor_BinaryOperator && n == 2 &&
			   (ast_binop(e) == CXBinaryOperator_Add ||
			    ast_binop(e) == CXBinaryOperator_Sub)) {
			e = kid[0];
		} else if (k == CXCursor_MemberRefExpr && n == 1) {
			CXType t = clang_getCanonicalType(
				clang_getCursorType(ast_strip(kid[0])));

			*deref |= t.kind == CXType_Pointer;
			e = kid[0];
		} else {
			return false;
		}
	}
}

static void add_key(char ***v, int *n, size_t *cap, char *k)
{
	for (int i = 0; i < *n; i++) {
		if (!strcmp((*v)[i], k)) {
			free(k);
			return;
		}
	}
	*VEC_PUSH(*v, *n, *cap) = k;
}

/* The address is copied into @lhs: follow it, or see it kept. */
static void flows_to(struct kmap_walk *w, CXCursor at, CXCursor lhs)
{
	CXTranslationUnit tu = w->s->tf->tu;
	CXCursor kid[1];
	enum CXCursorKind k;

	lhs = ast_strip(lhs);
	k = clang_getCursorKind(lhs);
	if (k == CXCursor_DeclRefExpr &&
	    clang_Cursor_hasVarDeclGlobalStorage(
		    clang_getCursorReferenced(lhs)) != 1) {
		add_key(&w->keys, &w->nkeys, &w->kcap, ast_text(tu, lhs));
	} else if (k == CXCursor_MemberRefExpr && pg_local_field(lhs) &&
		   ast_kids(lhs, kid, 1) == 1) {
		add_key(&w->keys, &w->nkeys, &w->kcap, ast_text(tu, lhs));
		add_key(&w->boxes, &w->nboxes, &w->bcap,
			ast_text(tu, ast_strip(kid[0])));
	} else {
		char *t = ast_text(tu, lhs);

		seen(w, at, MAP_KEPT, xasprintf("the mapping is kept in %s", t));
		free(t);
	}
}

static int copy_dst(const char *name)
{
	const struct kapi_fn *k = kapi_find(kapi_copy_fns, name);

	return k ? k->arg : -2;
}

static void see_call(struct kmap_walk *w, CXCursor c)
{
	char *name = ast_callee_name(c);
	int dst;

	if (!name || ast_same(c, w->map))
		goto out;
	dst = copy_dst(name);
	for (int i = 0; i < clang_Cursor_getNumArguments(c); i++) {
		CXCursor a = clang_Cursor_getArgument(c, i);
		bool deref, boxed;

		if (kapi_find(kapi_unmap_fns, name) &&
		    (reaches(w, a, &deref, &boxed) || pg_matches(w->s, a))) {
			w->u->unmapped = true;
			continue;
		}
		if (!reaches(w, a, &deref, &boxed) || (deref && !boxed))
			continue;
		if (boxed)
			seen(w, c, MAP_UNSEEN, xasprintf("the address is handed "
			     "to %s() inside a struct", name));
		else if (dst == i)
			seen(w, c, MAP_WRITE, xasprintf("%s() copies into it",
							name));
		else if (dst == -2)
			seen(w, c, MAP_UNSEEN, xasprintf("the address is handed "
			     "to %s()", name));
	}
out:
	free(name);
}

/* "*p = x", "p[i] += x", "p->f++": a store through the mapping. */
static void see_store(struct kmap_walk *w, CXCursor at, CXCursor lhs)
{
	bool deref, boxed;

	if (reaches(w, lhs, &deref, &boxed) && deref && !boxed)
		seen(w, at, MAP_WRITE, xstrdup("a store through it"));
}

static enum CXChildVisitResult walk_cb(CXCursor c, CXCursor parent,
				       CXClientData data)
{
	struct kmap_walk *w = data;
	CXCursor kid[2], init;
	bool deref, boxed;

	(void)parent;
	switch (clang_getCursorKind(c)) {
	case CXCursor_VarDecl:
		init = clang_Cursor_getVarDeclInitializer(c);
		if (!clang_Cursor_isNull(init) &&
		    reaches(w, init, &deref, &boxed) && !deref && !boxed)
			add_key(&w->keys, &w->nkeys, &w->kcap, ast_spelling(c));
		break;
	case CXCursor_BinaryOperator:
		if (ast_binop(c) != CXBinaryOperator_Assign ||
		    ast_kids(c, kid, 2) != 2)
			break;
		see_store(w, c, kid[0]);
		if (reaches(w, kid[1], &deref, &boxed) && !deref && !boxed)
			flows_to(w, c, kid[0]);
		break;
	case CXCursor_CompoundAssignOperator:
		if (ast_kids(c, kid, 2) == 2)
			see_store(w, c, kid[0]);
		break;
	case CXCursor_UnaryOperator:
		if (ast_unop(c) >= CXUnaryOperator_PostInc &&
		    ast_unop(c) <= CXUnaryOperator_PreDec &&
		    ast_kids(c, kid, 1) == 1)
			see_store(w, c, kid[0]);
		break;
	case CXCursor_CallExpr:
		see_call(w, c);
		break;
	case CXCursor_ReturnStmt:
		if (ast_kids(c, kid, 1) == 1 &&
		    reaches(w, kid[0], &deref, &boxed) && !deref)
			seen(w, c, MAP_UNSEEN, xstrdup("the address is returned"));
		break;
	default:
		break;
	}
	return CXChildVisit_Recurse;
}

void pg_map_access(struct scan *s, CXCursor call, const char *name,
		   struct data_use *u)
{
	struct kmap_walk w = { .s = s, .map = call, .u = u };

	u->acc = MAP_READ;
	if (!strcmp(name, "memcpy_from_page"))
		u->unmapped = true;
	if (!strcmp(name, "memcpy_to_page")) {
		u->unmapped = true;
		seen(&w, call, MAP_WRITE, xstrdup("memcpy_to_page() copies "
						  "into them"));
	}
	if (u->unmapped)
		return;
	u->unmapped = !strcmp(name, "page_address");
	if (!clang_Cursor_isNull(s->body))
		clang_visitChildren(s->body, walk_cb, &w);
	for (int i = 0; i < w.nkeys; i++)
		free(w.keys[i]);
	free(w.keys);
	for (int i = 0; i < w.nboxes; i++)
		free(w.boxes[i]);
	free(w.boxes);
}

/*
 * Debugger-style access, the pattern of mm's own __access_remote_vm():
 * a remote GUP call (another mm), whose pages are only ever mapped
 * briefly by the CPU (each mapping undone, and the pages released, in
 * the function that maps them), never kept, never given to a device.
 */
bool pages_debugger_style(struct tu_facts *tf, struct gup_call *g)
{
	const struct pages_facts *pf;

	if (!g->api->remote)
		return false;
	pf = pages_of(tf, g);
	if (pf->kept || pf->mixed || pf->unfollowed || !pf->ndata)
		return false;
	for (int i = 0; i < pf->ndata; i++) {
		const struct data_use *u = &pf->data[i];

		if (u->dma || u->acc == MAP_KEPT || !u->unmapped ||
		    !u->released)
			return false;
	}
	return true;
}
