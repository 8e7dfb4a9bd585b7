// SPDX-License-Identifier: GPL-2.0
/*
 * The abstract interpreter behind flag values (see facts_interp.h).
 *
 * The walk is over the structured AST, so "which branch" is exact while
 * loops and gotos are approximated by joining states: a function body is
 * walked twice, the second time with what every goto and loop carried to
 * its labels in the first.  Values only grow, so captures are unions.
 * A parameter's values come from its callers (facts_params.c).
 */
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "facts_interp.h"
#include "facts_interp_int.h"
#include "util.h"

/*
 * Nesting followed, and loops walked twice (each level doubles the walks
 * below it); past these, any variable may hold anything.  A chain of
 * thousands of else-ifs costs neither the stack nor minutes.
 */
#define WALK_MAX_DEPTH 512
#define LOOP_MAX_NEST 8

struct var {
	CXCursor decl;
	struct flagset val;
};

struct state {
	struct var *v;
	int nr;
	size_t cap;
	bool dead;
};

struct label {
	char *name;
	struct state st;
};

struct ix {
	struct tu_facts *tf;
	struct capture *caps;
	int ncaps;
	struct label *labels;
	int nlabels;
	size_t lcap;
	struct state *brk;	/* where break/continue go */
	struct state *sw;	/* the innermost switch's entry state */
	int depth;
	int nest, loops;	/* statement and loop nesting of the walk */
	struct flag_env env;
	struct state *cur;
};

static void st_free(struct state *s)
{
	for (int i = 0; i < s->nr; i++)
		fs_free(&s->v[i].val);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static struct var *st_find(const struct state *s, CXCursor decl)
{
	for (int i = 0; i < s->nr; i++)
		if (clang_equalCursors(s->v[i].decl, decl))
			return &s->v[i];
	return NULL;
}

static void st_copy(struct state *dst, const struct state *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->dead = src->dead;
	for (int i = 0; i < src->nr; i++) {
		struct var *v = VEC_PUSH(dst->v, dst->nr, dst->cap);

		v->decl = src->v[i].decl;
		fs_copy(&v->val, &src->v[i].val);
	}
}

/* dst = dst JOIN src; a variable one side lacks is unknown there. */
static void st_join(struct state *dst, const struct state *src)
{
	if (src->dead)
		return;
	if (dst->dead) {
		st_free(dst);
		st_copy(dst, src);
		return;
	}
	for (int i = 0; i < src->nr; i++) {
		struct var *d = st_find(dst, src->v[i].decl);

		if (d) {
			fs_union(&d->val, &src->v[i].val);
			continue;
		}
		d = VEC_PUSH(dst->v, dst->nr, dst->cap);
		d->decl = src->v[i].decl;
		fs_copy(&d->val, &src->v[i].val);
		fs_unknown(&d->val);
	}
	for (int i = 0; i < dst->nr; i++)
		if (!st_find(src, dst->v[i].decl))
			fs_unknown(&dst->v[i].val);
}

static void st_set(struct state *s, CXCursor decl, struct flagset *val)
{
	struct var *v = st_find(s, decl);

	if (!v) {
		v = VEC_PUSH(s->v, s->nr, s->cap);
		v->decl = decl;
	} else {
		fs_free(&v->val);
	}
	v->val = *val;		/* takes ownership */
	fs_init(val);
}

static const struct flagset *env_var(void *ctx, CXCursor decl)
{
	struct ix *ix = ctx;
	struct var *v = st_find(ix->cur, decl);

	return v ? &v->val : NULL;
}

static void env_param(void *ctx, CXCursor parm, struct flagset *out)
{
	struct ix *ix = ctx;

	interp_param_values(ix->tf, ix->depth, parm, out);
}

static struct label *label_get(struct ix *ix, const char *name)
{
	struct label *l;

	for (int i = 0; i < ix->nlabels; i++)
		if (strcmp(ix->labels[i].name, name) == 0)
			return &ix->labels[i];
	l = VEC_PUSH(ix->labels, ix->nlabels, ix->lcap);
	l->name = xstrdup(name);
	memset(&l->st, 0, sizeof(l->st));
	l->st.dead = true;
	return l;
}

static void walk(struct ix *ix, CXCursor c);

/* Past what we follow: any tracked variable may hold anything. */
static void havoc(struct state *s)
{
	for (int i = 0; i < s->nr; i++)
		fs_unknown(&s->v[i].val);
}

static void walk_kids(struct ix *ix, CXCursor c)
{
	CXCursor *k;
	int n = ast_kids_all(c, &k);

	for (int i = 0; i < n; i++)
		walk(ix, k[i]);
	free(k);
}

/* The local integer variable @lhs names, or a null cursor. */
static CXCursor tracked(CXCursor lhs)
{
	CXCursor e = ast_strip(lhs), ref;

	if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
		return clang_getNullCursor();
	ref = clang_getCursorReferenced(e);
	if (clang_getCursorKind(ref) != CXCursor_VarDecl ||
	    clang_Cursor_hasVarDeclGlobalStorage(ref) ||
	    !flags_int_type(clang_getCursorType(ref)))
		return clang_getNullCursor();
	return ref;
}

static void eval_here(struct ix *ix, CXCursor e, struct flagset *out)
{
	fs_init(out);
	flags_eval(&ix->env, e, out);
}

static void walk_assign(struct ix *ix, CXCursor c)
{
	enum CXBinaryOperatorKind k = ast_binop(c);
	CXCursor kid[2], var;
	struct flagset rhs, res;

	if (ast_kids(c, kid, 2) != 2)
		return;
	walk(ix, kid[1]);
	var = tracked(kid[0]);
	if (clang_Cursor_isNull(var) || ix->cur->dead)
		return;
	eval_here(ix, kid[1], &rhs);
	if (k == CXBinaryOperator_Assign) {
		st_set(ix->cur, var, &rhs);
		return;
	}
	/* x op= y is x = x op y. */
	fs_init(&res);
	{
		struct var *v = st_find(ix->cur, var);
		struct flagset old;

		fs_init(&old);
		if (v)
			fs_copy(&old, &v->val);
		else
			fs_unknown(&old);
		fs_combine(k, &old, &rhs, &res);
		fs_free(&old);
	}
	fs_free(&rhs);
	st_set(ix->cur, var, &res);
}

static void walk_call(struct ix *ix, CXCursor c)
{
	walk_kids(ix, c);
	if (ix->cur->dead)
		return;
	for (int i = 0; i < ix->ncaps; i++) {
		struct capture *cap = &ix->caps[i];

		if (!ast_same(cap->call, c))
			continue;
		cap->reached = true;
		if (cap->arg < clang_Cursor_getNumArguments(c))
			flags_eval(&ix->env, clang_Cursor_getArgument(c, cap->arg),
				   cap->out);
	}
}

static void walk_decl(struct ix *ix, CXCursor d)
{
	CXCursor init;
	struct flagset v;

	if (clang_getCursorKind(d) != CXCursor_VarDecl)
		return;
	init = clang_Cursor_getVarDeclInitializer(d);
	if (!clang_Cursor_isNull(init))
		walk(ix, init);
	if (clang_Cursor_hasVarDeclGlobalStorage(d) ||
	    !flags_int_type(clang_getCursorType(d)) || ix->cur->dead)
		return;
	fs_init(&v);
	if (clang_Cursor_isNull(init))
		fs_unknown(&v);
	else
		flags_eval(&ix->env, init, &v);
	st_set(ix->cur, d, &v);
}

static void walk_if(struct ix *ix, CXCursor c)
{
	CXCursor kid[4];
	int n = ast_kids(c, kid, 4);
	struct state *entry = ix->cur, other;

	if (n < 2) {
		walk_kids(ix, c);
		return;
	}
	walk(ix, kid[0]);
	st_copy(&other, entry);
	walk(ix, kid[1]);
	ix->cur = &other;
	if (n > 2)
		walk(ix, kid[2]);
	ix->cur = entry;
	st_join(entry, &other);
	st_free(&other);
}

/* Loops and switch: the body may run or not; break leaves through brk. */
static enum CXChildVisitResult find_default(CXCursor c, CXCursor parent,
					    CXClientData data)
{
	enum CXCursorKind k = clang_getCursorKind(c);

	if (k == CXCursor_DefaultStmt) {
		*(bool *)data = true;
		return CXChildVisit_Break;
	}
	/* A nested switch's default is not ours. */
	return k == CXCursor_SwitchStmt ? CXChildVisit_Continue :
					  CXChildVisit_Recurse;
}

/*
 * Loops and switch: the body may run or not; break leaves through brk.
 * In a switch every case label is entered from the switch itself, and
 * the entry state reaches the end only when there is no default.
 */
static void walk_loop(struct ix *ix, CXCursor c, bool is_switch)
{
	struct state *entry = ix->cur, body, brk, *outer = ix->brk;
	struct state *outer_sw = ix->sw;
	bool has_default = false, deep = ix->loops >= LOOP_MAX_NEST;
	CXCursor *k;
	int n = ast_kids_all(c, &k), first = 0;

	if (is_switch && n) {
		walk(ix, k[0]);
		first = 1;
		for (int i = 1; i < n; i++)
			clang_visitChildren(k[i], find_default, &has_default);
	}
	memset(&brk, 0, sizeof(brk));
	brk.dead = true;
	ix->brk = &brk;
	if (is_switch)
		ix->sw = entry;
	st_copy(&body, entry);
	if (is_switch)
		body.dead = true;	/* only case labels lead in */
	if (deep)
		havoc(&body);	/* instead of a second pass */
	ix->loops++;
	for (int pass = 0; pass < (deep ? 1 : 2); pass++) {
		ix->cur = &body;
		for (int i = first; i < n; i++)
			walk(ix, k[i]);
		if (!is_switch)
			st_join(&body, entry);
	}
	ix->loops--;
	ix->cur = entry;
	ix->brk = outer;
	ix->sw = outer_sw;
	if (is_switch) {
		struct state keep;

		/* entry = body JOIN brk (JOIN entry without a default). */
		st_copy(&keep, entry);
		st_free(entry);
		entry->dead = true;
		st_join(entry, &body);
		if (!has_default)
			st_join(entry, &keep);
		st_free(&keep);
	} else {
		st_join(entry, &body);
	}
	st_join(entry, &brk);
	st_free(&body);
	st_free(&brk);
	free(k);
}

static void walk_jump(struct ix *ix, CXCursor c)
{
	enum CXCursorKind k = clang_getCursorKind(c);

	if (k == CXCursor_GotoStmt) {
		CXCursor kid[1];

		if (ast_kids(c, kid, 1) == 1) {
			char *name = ast_spelling(kid[0]);

			st_join(&label_get(ix, name)->st, ix->cur);
			free(name);
		}
	} else if ((k == CXCursor_BreakStmt || k == CXCursor_ContinueStmt) &&
		   ix->brk) {
		st_join(ix->brk, ix->cur);
	} else {
		walk_kids(ix, c);	/* return: its value may call GUP */
	}
	st_free(ix->cur);
	ix->cur->dead = true;
}

static void walk_stmt(struct ix *ix, CXCursor c)
{
	enum CXCursorKind k = clang_getCursorKind(c);

	switch (k) {
	case CXCursor_DeclStmt:
		{
			CXCursor *d;
			int n = ast_kids_all(c, &d);

			for (int i = 0; i < n; i++)
				walk_decl(ix, d[i]);
			free(d);
		}
		return;
	case CXCursor_IfStmt:
		walk_if(ix, c);
		return;
	case CXCursor_WhileStmt:
	case CXCursor_ForStmt:
	case CXCursor_DoStmt:
		walk_loop(ix, c, false);
		return;
	case CXCursor_SwitchStmt:
		walk_loop(ix, c, true);
		return;
	case CXCursor_CaseStmt:
	case CXCursor_DefaultStmt:
		/* Control enters here from the switch, or falls through. */
		if (ix->sw)
			st_join(ix->cur, ix->sw);
		walk_kids(ix, c);
		return;
	case CXCursor_LabelStmt:
		{
			char *name = ast_spelling(c);

			st_join(ix->cur, &label_get(ix, name)->st);
			free(name);
			walk_kids(ix, c);
		}
		return;
	case CXCursor_GotoStmt:
	case CXCursor_BreakStmt:
	case CXCursor_ContinueStmt:
	case CXCursor_ReturnStmt:
		walk_jump(ix, c);
		return;
	case CXCursor_BinaryOperator:
	case CXCursor_CompoundAssignOperator:
		if (k == CXCursor_CompoundAssignOperator ||
		    ast_binop(c) == CXBinaryOperator_Assign) {
			walk_assign(ix, c);
			return;
		}
		break;
	case CXCursor_CallExpr:
		walk_call(ix, c);
		return;
	case CXCursor_UnaryOperator:
		if (ast_unop(c) == CXUnaryOperator_AddrOf) {
			CXCursor kid[1], var;

			/* &x handed out: x may change behind our back. */
			if (ast_kids(c, kid, 1) == 1) {
				var = tracked(kid[0]);
				if (!clang_Cursor_isNull(var) && !ix->cur->dead) {
					struct var *v = st_find(ix->cur, var);

					if (v)
						fs_unknown(&v->val);
				}
			}
		}
		break;
	default:
		break;
	}
	walk_kids(ix, c);
}

static void walk(struct ix *ix, CXCursor c)
{
	if (ix->nest >= WALK_MAX_DEPTH) {
		havoc(ix->cur);
		return;
	}
	ix->nest++;
	walk_stmt(ix, c);
	ix->nest--;
}

void interp_run(struct tu_facts *tf, int fn, struct capture *caps, int ncaps,
		int depth)
{
	struct ix ix = { .tf = tf, .caps = caps, .ncaps = ncaps,
			 .depth = depth };
	struct state st;
	CXCursor body = clang_getNullCursor(), *k;
	int n;

	ix.env.tu = tf->tu;
	ix.env.ft = tf->ft;
	ix.env.var = env_var;
	ix.env.param = env_param;
	ix.env.ctx = &ix;
	n = ast_kids_all(tf->fns[fn].def, &k);
	for (int i = 0; i < n; i++)
		if (clang_getCursorKind(k[i]) == CXCursor_CompoundStmt)
			body = k[i];
	free(k);
	if (clang_Cursor_isNull(body))
		return;
	for (int pass = 0; pass < 2; pass++) {
		memset(&st, 0, sizeof(st));
		ix.cur = &st;
		walk(&ix, body);
		st_free(&st);
	}
	for (int i = 0; i < ix.nlabels; i++) {
		free(ix.labels[i].name);
		st_free(&ix.labels[i].st);
	}
	free(ix.labels);
}

void interp_function(struct tu_facts *tf, int fn, struct capture *caps,
		     int ncaps)
{
	interp_run(tf, fn, caps, ncaps, 0);
}
