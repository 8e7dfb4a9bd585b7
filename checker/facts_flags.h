/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_FACTS_FLAGS_H
#define GUP_FACTS_FLAGS_H

#include <clang-c/Index.h>
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "facts_kapi.h"

/*
 * The set of values a flags expression may take at a call, with where each
 * bit came from.  A value marked unknown may carry further bits we cannot
 * see (a field, a call's result, a parameter of an exported function).
 */
#define FV_MAX 32
#define FO_MAX 64		/* origins kept per set */
#define FLAGS_MAX_DEPTH 256	/* expression nesting followed */

struct flagval {
	uint64_t bits;
	bool unknown;
};

enum origin_kind {
	ORIG_NAME,	/* a FOLL_* name (macro or enumerator) */
	ORIG_MACRO,	/* some other macro expanding to flags */
	ORIG_LITERAL,	/* an integer literal spelled in the source */
	ORIG_BOOL,	/* a boolean expression used as flags */
};

struct flag_origin {
	enum origin_kind kind;
	uint64_t bits;
	unsigned line, col, off, len;	/* expansion position */
	bool main;			/* in the main file */
	char *text;			/* the token spelled there */
};

struct flagset {
	int nr;
	struct flagval v[FV_MAX];
	struct flag_origin *orig;
	int norig;
	size_t cap;
};

void fs_init(struct flagset *s);
void fs_free(struct flagset *s);
void fs_copy(struct flagset *dst, const struct flagset *src);
void fs_const(struct flagset *s, uint64_t bits);
void fs_unknown(struct flagset *s);
/* dst = dst U src */
void fs_union(struct flagset *dst, const struct flagset *src);
bool fs_equal(const struct flagset *a, const struct flagset *b);

/* out |= { a OP b } for every pair; OP is a bitwise or shift operator. */
void fs_combine(enum CXBinaryOperatorKind k, const struct flagset *a,
		const struct flagset *b, struct flagset *out);
bool fs_empty(const struct flagset *s);
/* Some value may have all of @bits set. */
bool fs_may(const struct flagset *s, uint64_t bits);
/* Every value surely lacks @bits (no unknown parts). */
bool fs_never(const struct flagset *s, uint64_t bits);
/* The first origin of any of @bits (or of kind @kind when bits is 0). */
const struct flag_origin *fs_origin(const struct flagset *s, uint64_t bits);
char *fs_describe(const struct flagset *s, const struct foll_table *ft);

struct flag_env {
	CXTranslationUnit tu;
	const struct foll_table *ft;
	/* The values of a local variable here, or NULL if not tracked. */
	const struct flagset *(*var)(void *ctx, CXCursor decl);
	/* The values a parameter may take. */
	void (*param)(void *ctx, CXCursor parm, struct flagset *out);
	void *ctx;
};

void flags_eval(const struct flag_env *env, CXCursor expr,
		struct flagset *out);
/* Is @t an integer (or enum, or bool) type, through typedefs? */
bool flags_int_type(CXType t);

#endif
