// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "util.h"

struct kids {
	CXCursor *out;
	int nr, max;
	size_t cap;
	bool dyn;
};

static enum CXChildVisitResult kid_cb(CXCursor c, CXCursor parent,
				      CXClientData data)
{
	struct kids *k = data;

	if (k->dyn) {
		*VEC_PUSH(k->out, k->nr, k->cap) = c;
		return CXChildVisit_Continue;
	}
	if (k->nr < k->max)
		k->out[k->nr++] = c;
	return k->nr < k->max ? CXChildVisit_Continue : CXChildVisit_Break;
}

int ast_kids(CXCursor c, CXCursor *out, int max)
{
	struct kids k = { .out = out, .max = max };

	clang_visitChildren(c, kid_cb, &k);
	return k.nr;
}

int ast_kids_all(CXCursor c, CXCursor **out)
{
	struct kids k = { .dyn = true };

	clang_visitChildren(c, kid_cb, &k);
	*out = k.out;
	return k.nr;
}

CXCursor ast_strip(CXCursor c)
{
	for (;;) {
		enum CXCursorKind k = clang_getCursorKind(c);
		CXCursor kid[2];

		if (k != CXCursor_ParenExpr && k != CXCursor_UnexposedExpr &&
		    k != CXCursor_CStyleCastExpr)
			return c;
		if (ast_kids(c, kid, 2) != 1)
			return c;
		c = kid[0];
	}
}

static bool is_main_file(CXTranslationUnit tu, CXFile f)
{
	CXString name = clang_getTranslationUnitSpelling(tu);
	CXFile main = clang_getFile(tu, clang_getCString(name));

	clang_disposeString(name);
	return f && main && clang_File_isEqual(f, main);
}

/* Where @c is written: for code from a macro, where the macro is used. */
struct srcpos ast_pos(CXCursor c)
{
	CXSourceLocation loc = clang_getCursorLocation(c);
	struct srcpos p = { 0 };
	CXFile f = NULL;

	clang_getExpansionLocation(loc, &f, &p.line, &p.col, &p.off);
	p.main = is_main_file(clang_Cursor_getTranslationUnit(c), f);
	return p;
}

unsigned ast_end_off(CXCursor c)
{
	CXSourceRange r = clang_getCursorExtent(c);
	unsigned off = 0;

	clang_getExpansionLocation(clang_getRangeEnd(r), NULL, NULL, NULL, &off);
	return off;
}

bool ast_from_macro(CXCursor c)
{
	CXSourceLocation loc = clang_getCursorLocation(c);
	unsigned a, b;

	clang_getExpansionLocation(loc, NULL, NULL, NULL, &a);
	clang_getSpellingLocation(loc, NULL, NULL, NULL, &b);
	return a != b;
}

bool ast_in_main(CXCursor c)
{
	return clang_Location_isFromMainFile(clang_getCursorLocation(c));
}

char *ast_spelling(CXCursor c)
{
	CXString s = clang_getCursorSpelling(c);
	char *r = xstrdup(clang_getCString(s) ? clang_getCString(s) : "");

	clang_disposeString(s);
	return r;
}

char *ast_callee_name(CXCursor call)
{
	CXCursor ref = clang_getCursorReferenced(call);

	if (clang_Cursor_isNull(ref) ||
	    clang_getCursorKind(ref) != CXCursor_FunctionDecl) {
		/* An implicit or unresolved callee: take the spelled name. */
		char *s = ast_spelling(call);

		if (!*s) {
			free(s);
			return NULL;
		}
		return s;
	}
	return ast_spelling(ref);
}

char *ast_first_token(CXTranslationUnit tu, CXCursor c, CXTokenKind *kind)
{
	CXSourceLocation loc = clang_getCursorLocation(c), at;
	CXToken *toks = NULL;
	CXFile f = NULL;
	unsigned n = 0, off = 0;
	char *res = NULL;

	/* The token spelled at the expansion point, not in a macro body. */
	clang_getExpansionLocation(loc, &f, NULL, NULL, &off);
	if (!f)
		return NULL;
	at = clang_getLocationForOffset(tu, f, off);
	clang_tokenize(tu, clang_getRange(at, at), &toks, &n);
	if (n) {
		CXString s = clang_getTokenSpelling(tu, toks[0]);

		res = xstrdup(clang_getCString(s));
		clang_disposeString(s);
		if (kind)
			*kind = clang_getTokenKind(toks[0]);
	}
	if (toks)
		clang_disposeTokens(tu, toks, n);
	return res;
}

enum CXBinaryOperatorKind ast_binop(CXCursor c)
{
	return clang_getCursorBinaryOperatorKind(c);
}

enum CXUnaryOperatorKind ast_unop(CXCursor c)
{
	return clang_getCursorUnaryOperatorKind(c);
}

bool ast_is_null(CXCursor c)
{
	return clang_Cursor_isNull(c);
}

bool ast_const_int(CXCursor e, long long *v)
{
	CXEvalResult r = clang_Cursor_Evaluate(ast_strip(e));
	bool ok = r && clang_EvalResult_getKind(r) == CXEval_Int;

	if (ok)
		*v = clang_EvalResult_getAsLongLong(r);
	if (r)
		clang_EvalResult_dispose(r);
	return ok;
}

bool ast_is_null_ptr(CXCursor e)
{
	long long v;

	return (ast_const_int(e, &v) && v == 0) ||
	       clang_getCursorKind(ast_strip(e)) == CXCursor_GNUNullExpr;
}

bool ast_same(CXCursor a, CXCursor b)
{
	if (a.kind != b.kind)
		return false;
	/* Statements and expressions: data[1] is the node itself. */
	if (clang_isStatement(a.kind) || clang_isExpression(a.kind))
		return a.data[1] == b.data[1] && a.data[2] == b.data[2];
	return clang_equalCursors(a, b);
}

CXSourceRange ast_written_range(CXTranslationUnit tu, CXCursor c)
{
	CXSourceRange r = clang_getCursorExtent(c);
	CXFile fa = NULL, fb = NULL;
	unsigned a = 0, b = 0;

	clang_getExpansionLocation(clang_getRangeStart(r), &fa, NULL, NULL, &a);
	clang_getExpansionLocation(clang_getRangeEnd(r), &fb, NULL, NULL, &b);
	if (!fa || !fb || !clang_File_isEqual(fa, fb) || b < a)
		return r;
	return clang_getRange(clang_getLocationForOffset(tu, fa, a),
			      clang_getLocationForOffset(tu, fb, b));
}

char *ast_text(CXTranslationUnit tu, CXCursor c)
{
	CXSourceRange r = clang_getCursorExtent(c);
	CXToken *toks = NULL;
	unsigned n = 0;
	struct strbuf sb = { 0 };

	/*
	 * A macro argument is spelled where it is written: its own extent.
	 * Code with no tokens of its own there came from a macro body: take
	 * the macro's use instead.
	 */
	clang_tokenize(tu, r, &toks, &n);
	if (!n) {
		if (toks)
			clang_disposeTokens(tu, toks, n);
		toks = NULL;
		clang_tokenize(tu, ast_written_range(tu, c), &toks, &n);
	}
	for (unsigned i = 0; i < n; i++) {
		CXString s = clang_getTokenSpelling(tu, toks[i]);

		sb_puts(&sb, clang_getCString(s));
		clang_disposeString(s);
	}
	if (toks)
		clang_disposeTokens(tu, toks, n);
	return sb_detach(&sb);
}
