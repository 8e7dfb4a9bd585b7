/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_AST_H
#define GUP_AST_H

#include <clang-c/Index.h>
#include <stdbool.h>

/*
 * Thin helpers over the libclang C API, so that facts and rules read as
 * questions about code rather than as cursor plumbing.
 */

#define AST_MAX_KIDS 64

/* The direct children of @c, in source order; returns how many (capped). */
int ast_kids(CXCursor c, CXCursor *out, int max);
/* All children, in a malloc'd array the caller frees. */
int ast_kids_all(CXCursor c, CXCursor **out);
/* The only meaningful child of a paren or implicit cast, else @c. */
CXCursor ast_strip(CXCursor c);

struct srcpos {
	unsigned line, col, off;
	bool main;		/* in the main file */
};

/* Expansion position of @c's start (and end, exclusive offset). */
struct srcpos ast_pos(CXCursor c);
unsigned ast_end_off(CXCursor c);
/* Spelling position: inside a macro body it differs from ast_pos(). */
bool ast_from_macro(CXCursor c);

bool ast_in_main(CXCursor c);
/* The function (or method) a call expression calls, by name; NULL if none. */
char *ast_callee_name(CXCursor call);
/* clang_getCursorSpelling as a malloc'd string. */
char *ast_spelling(CXCursor c);
/* The first token of @c's extent, malloc'd; kind stored when @kind. */
char *ast_first_token(CXTranslationUnit tu, CXCursor c, CXTokenKind *kind);

/* @c's extent as written where it is used, macro names and all. */
CXSourceRange ast_written_range(CXTranslationUnit tu, CXCursor c);
/* The tokens of @c as written, run together: "umem->page_list". */
char *ast_text(CXTranslationUnit tu, CXCursor c);
enum CXBinaryOperatorKind ast_binop(CXCursor c);
enum CXUnaryOperatorKind ast_unop(CXCursor c);
bool ast_is_null(CXCursor c);
/* An integer constant expression, and its value. */
bool ast_const_int(CXCursor e, long long *v);
/* The null pointer constant: 0, NULL, ((void *)0), GNU __null. */
bool ast_is_null_ptr(CXCursor e);
/*
 * Same AST node?  clang_equalCursors() also compares the parent a cursor
 * was reached through, which differs between a recursive visit and a
 * step-by-step walk of the same statement.
 */
bool ast_same(CXCursor a, CXCursor b);

#endif
