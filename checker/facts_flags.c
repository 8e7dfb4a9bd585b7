// SPDX-License-Identifier: GPL-2.0
/*
 * Flag value sets and the evaluator of flags expressions.
 *
 * An expression evaluates to a set of at most FV_MAX values.  Names,
 * literals and enumerators are leaves that also record an origin (what
 * was spelled where), so a finding can point at "FOLL_FORCE added here"
 * and a fix can edit exactly that token.  Variables and parameters are
 * resolved through the environment (facts_interp.c).
 */
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "facts_flags.h"
#include "util.h"

void fs_init(struct flagset *s)
{
	memset(s, 0, sizeof(*s));
}

void fs_free(struct flagset *s)
{
	for (int i = 0; i < s->norig; i++)
		free(s->orig[i].text);
	free(s->orig);
	fs_init(s);
}

/*
 * Origins are kept for the first FO_MAX places only: real flags name a
 * handful, and an expression of thousands of terms must not cost the
 * square of its size at every step.
 */
static void add_origin(struct flagset *s, const struct flag_origin *o)
{
	struct flag_origin *n;

	for (int i = 0; i < s->norig; i++)
		if (s->orig[i].off == o->off && s->orig[i].main == o->main &&
		    s->orig[i].kind == o->kind) {
			s->orig[i].bits |= o->bits;
			return;
		}
	if (s->norig >= FO_MAX)
		return;
	n = VEC_PUSH(s->orig, s->norig, s->cap);
	*n = *o;
	n->text = xstrdup(o->text ? o->text : "");
}

static void add_val(struct flagset *s, struct flagval v)
{
	for (int i = 0; i < s->nr; i++)
		if (s->v[i].bits == v.bits && s->v[i].unknown == v.unknown)
			return;
	if (s->nr < FV_MAX) {
		s->v[s->nr++] = v;
		return;
	}
	/* Too many alternatives: fold them into one, marked unknown. */
	for (int i = 1; i < s->nr; i++)
		s->v[0].bits |= s->v[i].bits;
	s->v[0].bits |= v.bits;
	s->v[0].unknown = true;
	s->nr = 1;
}

void fs_copy(struct flagset *dst, const struct flagset *src)
{
	fs_init(dst);
	fs_union(dst, src);
}

void fs_const(struct flagset *s, uint64_t bits)
{
	add_val(s, (struct flagval){ bits, false });
}

void fs_unknown(struct flagset *s)
{
	add_val(s, (struct flagval){ 0, true });
}

void fs_union(struct flagset *dst, const struct flagset *src)
{
	for (int i = 0; i < src->nr; i++)
		add_val(dst, src->v[i]);
	for (int i = 0; i < src->norig; i++)
		add_origin(dst, &src->orig[i]);
}

bool fs_equal(const struct flagset *a, const struct flagset *b)
{
	if (a->nr != b->nr || a->norig != b->norig)
		return false;
	for (int i = 0; i < a->nr; i++) {
		int j;

		for (j = 0; j < b->nr; j++)
			if (a->v[i].bits == b->v[j].bits &&
			    a->v[i].unknown == b->v[j].unknown)
				break;
		if (j == b->nr)
			return false;
	}
	return true;
}

bool fs_empty(const struct flagset *s)
{
	return s->nr == 0;
}

bool fs_may(const struct flagset *s, uint64_t bits)
{
	if (!bits)
		return false;
	for (int i = 0; i < s->nr; i++)
		if ((s->v[i].bits & bits) == bits)
			return true;
	return false;
}

bool fs_never(const struct flagset *s, uint64_t bits)
{
	for (int i = 0; i < s->nr; i++)
		if ((s->v[i].bits & bits) || s->v[i].unknown)
			return false;
	return true;
}

const struct flag_origin *fs_origin(const struct flagset *s, uint64_t bits)
{
	for (int i = 0; i < s->norig; i++)
		if (s->orig[i].bits & bits)
			return &s->orig[i];
	return NULL;
}

char *fs_describe(const struct flagset *s, const struct foll_table *ft)
{
	struct strbuf sb = { 0 };

	for (int i = 0; i < s->nr; i++) {
		char *sp = foll_spell(ft, s->v[i].bits);

		if (i)
			sb_puts(&sb, ", ");
		if (sp)
			sb_puts(&sb, sp);
		else
			sb_printf(&sb, "%#llx", (unsigned long long)s->v[i].bits);
		if (s->v[i].unknown)
			sb_puts(&sb, " | ?");
		free(sp);
	}
	return sb_detach(&sb);
}

bool flags_int_type(CXType t)
{
	t = clang_getCanonicalType(t);
	return (t.kind >= CXType_Bool && t.kind <= CXType_Int128) ||
	       t.kind == CXType_Enum;
}

/* A leaf with a known value: record what was spelled for it, and where. */
static void leaf(const struct flag_env *env, CXCursor e, uint64_t val,
		 struct flagset *out)
{
	struct srcpos p = ast_pos(e);
	struct flag_origin o = { 0 };
	CXTokenKind tk = CXToken_Punctuation;
	char *tok = ast_first_token(env->tu, e, &tk);
	uint64_t named;

	o.bits = val;
	o.line = p.line;
	o.col = p.col;
	o.off = p.off;
	o.main = p.main;
	o.text = tok;
	o.len = tok ? strlen(tok) : 0;
	if (tk == CXToken_Literal)
		o.kind = ORIG_LITERAL;
	else if (tok && foll_lookup(env->ft, tok, &named))
		o.kind = ORIG_NAME;
	else
		o.kind = ORIG_MACRO;
	fs_const(out, val);
	if (val || o.kind != ORIG_LITERAL)
		add_origin(out, &o);
	free(tok);
}

static void boolean(const struct flag_env *env, CXCursor e,
		    struct flagset *out)
{
	struct srcpos p = ast_pos(e);
	unsigned end = ast_end_off(e);
	struct flag_origin o = { .kind = ORIG_BOOL, .bits = 1 };
	CXSourceRange r = clang_getCursorExtent(e);
	CXToken *toks = NULL;
	unsigned n = 0;

	o.line = p.line;
	o.col = p.col;
	o.off = p.off;
	o.len = end > p.off ? end - p.off : 0;
	o.main = p.main;
	clang_tokenize(env->tu, r, &toks, &n);
	{
		struct strbuf sb = { 0 };

		for (unsigned i = 0; i < n; i++) {
			CXString s = clang_getTokenSpelling(env->tu, toks[i]);

			if (i)
				sb_putc(&sb, ' ');
			sb_puts(&sb, clang_getCString(s));
			clang_disposeString(s);
		}
		o.text = sb_detach(&sb);
	}
	if (toks)
		clang_disposeTokens(env->tu, toks, n);
	fs_const(out, 0);
	fs_const(out, 1);
	add_origin(out, &o);
	free(o.text);
}

static uint64_t binop(enum CXBinaryOperatorKind k, uint64_t a, uint64_t b)
{
	switch (k) {
	case CXBinaryOperator_Or:
	case CXBinaryOperator_OrAssign:
		return a | b;
	case CXBinaryOperator_And:
	case CXBinaryOperator_AndAssign:
		return a & b;
	case CXBinaryOperator_Xor:
	case CXBinaryOperator_XorAssign:
		return a ^ b;
	case CXBinaryOperator_Add:
	case CXBinaryOperator_AddAssign:
		return a + b;
	case CXBinaryOperator_Sub:
	case CXBinaryOperator_SubAssign:
		return a - b;
	case CXBinaryOperator_Shl:
	case CXBinaryOperator_ShlAssign:
		return a << (b & 63);
	case CXBinaryOperator_Shr:
	case CXBinaryOperator_ShrAssign:
		return a >> (b & 63);
	default:
		return 0;
	}
}

static bool is_bitop(enum CXBinaryOperatorKind k)
{
	if (k >= CXBinaryOperator_MulAssign && k <= CXBinaryOperator_OrAssign)
		return true;
	return (k >= CXBinaryOperator_Shl && k <= CXBinaryOperator_Shr) ||
	       (k >= CXBinaryOperator_And && k <= CXBinaryOperator_Or) ||
	       k == CXBinaryOperator_Add || k == CXBinaryOperator_Sub;
}

/* out = a OP b over all pairs; unknown on either side stays unknown. */
void fs_combine(enum CXBinaryOperatorKind k, const struct flagset *a,
		const struct flagset *b, struct flagset *out)
{
	bool and = k == CXBinaryOperator_And || k == CXBinaryOperator_AndAssign;

	for (int i = 0; i < a->nr; i++) {
		for (int j = 0; j < b->nr; j++) {
			struct flagval v;

			v.bits = binop(k, a->v[i].bits, b->v[j].bits);
			v.unknown = a->v[i].unknown || b->v[j].unknown;
			/* x & ~MASK clears bits even of an unknown x. */
			if (and && !b->v[j].unknown &&
			    a->v[i].unknown)
				v.bits = a->v[i].bits & b->v[j].bits;
			add_val(out, v);
		}
	}
	for (int i = 0; i < a->norig; i++)
		add_origin(out, &a->orig[i]);
	if (!and)
		for (int i = 0; i < b->norig; i++)
			add_origin(out, &b->orig[i]);
}

static void eval(const struct flag_env *env, CXCursor expr,
		 struct flagset *out, int depth);

static void eval_binary(const struct flag_env *env, CXCursor e,
			struct flagset *out, int depth)
{
	enum CXBinaryOperatorKind k = ast_binop(e);
	CXCursor kid[2];
	struct flagset a, b;

	if (ast_kids(e, kid, 2) != 2) {
		fs_unknown(out);
		return;
	}
	if ((k >= CXBinaryOperator_LT && k <= CXBinaryOperator_NE) ||
	    k == CXBinaryOperator_LAnd || k == CXBinaryOperator_LOr) {
		boolean(env, e, out);
		return;
	}
	if (k == CXBinaryOperator_Comma) {
		eval(env, kid[1], out, depth + 1);
		return;
	}
	if (!is_bitop(k)) {
		fs_unknown(out);
		return;
	}
	fs_init(&a);
	fs_init(&b);
	eval(env, kid[0], &a, depth + 1);
	eval(env, kid[1], &b, depth + 1);
	fs_combine(k, &a, &b, out);
	fs_free(&a);
	fs_free(&b);
}

static void eval_unary(const struct flag_env *env, CXCursor e,
		       struct flagset *out, int depth)
{
	enum CXUnaryOperatorKind k = ast_unop(e);
	CXCursor kid[1];
	struct flagset a;

	if (k == CXUnaryOperator_LNot) {
		boolean(env, e, out);
		return;
	}
	if (k != CXUnaryOperator_Not || ast_kids(e, kid, 1) != 1) {
		fs_unknown(out);
		return;
	}
	fs_init(&a);
	eval(env, kid[0], &a, depth + 1);
	for (int i = 0; i < a.nr; i++)
		add_val(out, (struct flagval){ ~a.v[i].bits, a.v[i].unknown });
	/* A cleared mask adds no bits: its origins are not contributions. */
	fs_free(&a);
}

static void eval_ref(const struct flag_env *env, CXCursor e,
		     struct flagset *out)
{
	CXCursor ref = clang_getCursorReferenced(e);
	enum CXCursorKind k = clang_getCursorKind(ref);
	const struct flagset *v;

	if (k == CXCursor_EnumConstantDecl) {
		leaf(env, e, clang_getEnumConstantDeclValue(ref), out);
		return;
	}
	if (clang_getCursorType(e).kind == CXType_Bool ||
	    clang_getCanonicalType(clang_getCursorType(e)).kind == CXType_Bool) {
		boolean(env, e, out);
		return;
	}
	if (k == CXCursor_ParmDecl && env->param) {
		env->param(env->ctx, ref, out);
		return;
	}
	if (k == CXCursor_VarDecl && env->var &&
	    !clang_Cursor_hasVarDeclGlobalStorage(ref)) {
		v = env->var(env->ctx, ref);
		if (v) {
			fs_union(out, v);
			return;
		}
	}
	fs_unknown(out);
}

static void eval_const(const struct flag_env *env, CXCursor e,
		       struct flagset *out)
{
	CXEvalResult r = clang_Cursor_Evaluate(e);

	if (r && clang_EvalResult_getKind(r) == CXEval_Int)
		leaf(env, e, clang_EvalResult_getAsUnsigned(r), out);
	else
		fs_unknown(out);
	if (r)
		clang_EvalResult_dispose(r);
}

/*
 * A FOLL_* name no header declared (a file parsed without the kernel's
 * headers): clang keeps it as an unresolved expression of one token.
 * Its value is the table's, as for a name it resolved.
 */
static bool unresolved_foll(const struct flag_env *env, CXCursor e,
			    uint64_t *val)
{
	CXToken *toks = NULL;
	CXCursor kid[1];
	unsigned n = 0;
	bool named = false;

	if (clang_getCursorKind(e) != CXCursor_UnexposedExpr ||
	    ast_kids(e, kid, 1) != 0)
		return false;
	clang_tokenize(env->tu, clang_getCursorExtent(e), &toks, &n);
	if (n == 1 && clang_getTokenKind(toks[0]) == CXToken_Identifier) {
		CXString s = clang_getTokenSpelling(env->tu, toks[0]);

		named = foll_lookup(env->ft, clang_getCString(s), val);
		clang_disposeString(s);
	}
	if (toks)
		clang_disposeTokens(env->tu, toks, n);
	return named;
}

/* Deeper than FLAGS_MAX_DEPTH, an expression is not flags: unknown. */
static void eval(const struct flag_env *env, CXCursor expr,
		 struct flagset *out, int depth)
{
	CXCursor e = ast_strip(expr);
	CXCursor kid[3];
	uint64_t val;
	int n;

	if (depth > FLAGS_MAX_DEPTH) {
		fs_unknown(out);
		return;
	}
	switch (clang_getCursorKind(e)) {
	case CXCursor_IntegerLiteral:
	case CXCursor_CharacterLiteral:
		eval_const(env, e, out);
		return;
	case CXCursor_DeclRefExpr:
		eval_ref(env, e, out);
		return;
	case CXCursor_BinaryOperator:
		eval_binary(env, e, out, depth);
		return;
	case CXCursor_UnaryOperator:
		eval_unary(env, e, out, depth);
		return;
	case CXCursor_ConditionalOperator:
		n = ast_kids(e, kid, 3);
		for (int i = 1; i < n; i++)
			eval(env, kid[i], out, depth + 1);
		if (n < 2)
			fs_unknown(out);
		return;
	case CXCursor_CallExpr:
	case CXCursor_MemberRefExpr:
	case CXCursor_ArraySubscriptExpr:
		fs_unknown(out);
		return;
	default:
		if (unresolved_foll(env, e, &val))
			leaf(env, e, val, out);
		else
			eval_const(env, e, out);
		return;
	}
}

void flags_eval(const struct flag_env *env, CXCursor expr, struct flagset *out)
{
	eval(env, expr, out, 0);
}
