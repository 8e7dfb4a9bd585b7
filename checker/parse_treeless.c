// SPDX-License-Identifier: GPL-2.0
/*
 * A file outside any kernel tree, with no --kernel, is parsed without
 * the kernel's headers: it has errors, and what clang keeps of it
 * depends on details that have nothing to do with GUP.  Each step here
 * parses again without one of those details and keeps the parse that
 * lost less, so that every such file loses the same: what needs the
 * kernel's types.  Which GUP call, its literal and FOLL_* flags, and
 * where its pages go by the callees' names are then found in all alike.
 */
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "facts_kapi.h"
#include "parse_treeless.h"
#include "tree_cflags.h"
#include "util.h"

#define TEXT_LIMIT (16u << 20)

/* Make @again the parse kept. */
static void keep(struct parsed *p, struct parsed *again)
{
	parsed_dispose(p);
	*p = *again;
}

/*
 * A file that includes no kernel header itself (its own header does) got
 * no annotation stubs (cflags_plain()): "char __user *buf" cost it the
 * whole function.  Parse it again with them.
 */
static void with_stubs(CXIndex idx, const char *path, struct argv *args,
		       struct parsed *p, bool *kernel)
{
	struct argv more = { 0 };
	struct parsed again;

	if (*kernel || !p->errors)
		return;
	for (int i = 0; i < args->nr; i++)
		argv_add(&more, args->v[i]);
	cflags_kernel_stubs(&more);
	if (parse_file(idx, path, &more, NULL, 0, &again) < 0)
		goto out_args;
	if (again.errors >= p->errors)
		goto out_parse;
	keep(p, &again);
	argv_free(args);
	*args = more;
	*kernel = true;
	return;
out_parse:
	parsed_dispose(&again);
out_args:
	argv_free(&more);
}

/*
 * A missing header is a fatal error, and after one clang corrects no
 * typo, so it builds no recovery expression for a statement that names
 * an undeclared identifier and drops the whole statement: the file that
 * includes a kernel header lost sg_set_page(sg, pages[i], PAGE_SIZE, 0)
 * where one that includes none kept it.  The missing headers are found
 * empty (@missing, kept when that parse is).
 */
static void with_empty_headers(CXIndex idx, const char *path,
			       const struct argv *args, struct parsed *p,
			       struct strlist *missing)
{
	struct parsed again;

	parse_missing_headers(p, missing);
	if (!missing->nr)
		return;
	if (parse_file_empty(idx, path, args, missing, NULL, 0, &again) < 0)
		goto out_none;
	if (again.errors < p->errors) {
		keep(p, &again);
		return;
	}
	parsed_dispose(&again);
out_none:
	strlist_free(missing);
}

static bool tok_is(CXTranslationUnit tu, CXToken t, const char *s)
{
	CXString sp = clang_getTokenSpelling(tu, t);
	bool is = !strcmp(clang_getCString(sp), s);

	clang_disposeString(sp);
	return is;
}

static unsigned tok_offset(CXTranslationUnit tu, CXToken t, bool end)
{
	CXSourceRange r = clang_getTokenExtent(tu, t);
	unsigned off;

	clang_getSpellingLocation(end ? clang_getRangeEnd(r) :
				  clang_getRangeStart(r), NULL, NULL, NULL,
				  &off);
	return off;
}

/* The token closing the parenthesis at @i, or @n. */
static unsigned closing(CXTranslationUnit tu, CXToken *toks, unsigned n,
			unsigned i)
{
	int depth = 0;

	for (unsigned k = i; k < n; k++) {
		if (clang_getTokenKind(toks[k]) != CXToken_Punctuation)
			continue;
		if (tok_is(tu, toks[k], "("))
			depth++;
		else if (tok_is(tu, toks[k], ")") && --depth == 0)
			return k;
	}
	return n;
}

/* "(unsigned long)" or "(uintptr_t)" at @i, before an operand? */
static bool is_cast(CXTranslationUnit tu, CXToken *toks, unsigned n,
		    unsigned i, unsigned k)
{
	CXTokenKind prev = clang_getTokenKind(toks[i - 1]), next;

	if (prev != CXToken_Punctuation || tok_is(tu, toks[i - 1], ")") ||
	    tok_is(tu, toks[i - 1], "]") || k + 1 >= n || k == i + 1)
		return false;
	for (unsigned m = i + 1; m < k; m++) {
		CXTokenKind kind = clang_getTokenKind(toks[m]);

		if (kind != CXToken_Identifier && kind != CXToken_Keyword &&
		    !tok_is(tu, toks[m], "*"))
			return false;
	}
	next = clang_getTokenKind(toks[k + 1]);
	return next == CXToken_Identifier || next == CXToken_Literal ||
	       tok_is(tu, toks[k + 1], "(");
}

/*
 * A GUP call written in a function of the file that the AST lacks: its
 * name's cursor is the statement around it, the call's own statement
 * dropped, the variable it was to initialise, or an expression clang
 * kept in its place with nothing in it (an if's condition).
 */
static bool lost_call(CXTranslationUnit tu, CXToken *toks, unsigned n,
		      unsigned i)
{
	enum CXCursorKind kind;
	CXCursor at, kid[1];
	CXString sp;
	bool gup;

	if (clang_getTokenKind(toks[i]) != CXToken_Identifier || i + 1 >= n ||
	    !tok_is(tu, toks[i + 1], "("))
		return false;
	sp = clang_getTokenSpelling(tu, toks[i]);
	gup = gup_api_lookup(clang_getCString(sp)) != NULL;
	clang_disposeString(sp);
	if (!gup)
		return false;
	at = clang_getCursor(tu, clang_getTokenLocation(tu, toks[i]));
	kind = clang_getCursorKind(at);
	return clang_isStatement(kind) || kind == CXCursor_VarDecl ||
	       (kind == CXCursor_UnexposedExpr && ast_kids(at, kid, 1) == 0);
}

static bool ends_statement(CXTranslationUnit tu, CXToken t)
{
	return clang_getTokenKind(t) == CXToken_Punctuation &&
	       (tok_is(tu, t, ";") || tok_is(tu, t, "{") || tok_is(tu, t, "}"));
}

/* The first token of the statement around token @i (never 0). */
static unsigned statement_start(CXTranslationUnit tu, CXToken *toks,
				unsigned i)
{
	while (i > 1 && !ends_statement(tu, toks[i - 1]))
		i--;
	return i;
}

/* The ';' that ends the statement around token @i, or @n. */
static unsigned statement_end(CXTranslationUnit tu, CXToken *toks,
			      unsigned n, unsigned i)
{
	int depth = 0;

	for (; i < n; i++) {
		if (clang_getTokenKind(toks[i]) != CXToken_Punctuation)
			continue;
		if (tok_is(tu, toks[i], "("))
			depth++;
		else if (tok_is(tu, toks[i], ")"))
			depth--;
		else if (depth <= 0 && ends_statement(tu, toks[i]))
			return i;
	}
	return n;
}

/*
 * Blank, in @text, the casts in the statement of each GUP call the AST
 * lacks.  Returns how many such calls there are.
 */
static int blank_lost_casts(CXTranslationUnit tu, const char *path,
			    char *text, size_t len)
{
	CXFile f = clang_getFile(tu, path);
	CXToken *toks = NULL;
	unsigned n = 0;
	int lost = 0;

	if (!f)
		return 0;
	clang_tokenize(tu, clang_getRange(clang_getLocationForOffset(tu, f, 0),
					  clang_getLocationForOffset(tu, f, len)),
		       &toks, &n);
	for (unsigned i = 0; i < n; i++) {
		unsigned start, end;

		if (!lost_call(tu, toks, n, i))
			continue;
		lost++;
		start = statement_start(tu, toks, i);
		end = statement_end(tu, toks, n, i);
		for (unsigned j = start; j < end; j++) {
			unsigned k, a, b;

			if (!tok_is(tu, toks[j], "("))
				continue;
			k = closing(tu, toks, n, j);
			if (k >= end || !is_cast(tu, toks, n, j, k))
				continue;
			a = tok_offset(tu, toks[j], false);
			b = tok_offset(tu, toks[k], true);
			for (unsigned c = a; c < b && c < len; c++)
				if (text[c] != '\n')
					text[c] = ' ';
		}
	}
	clang_disposeTokens(tu, toks, n);
	return lost;
}

/*
 * A statement clang cannot recover is dropped whole: a GUP call whose
 * address is cast to a type no stub names ("(uintptr_t)buf"), or casts
 * an undeclared name.  The cast says nothing GUP's policy asks about:
 * parse the file again with the casts in such calls' statements blanked
 * (columns kept), and keep that parse when it lacks fewer calls.
 */
static void without_lost_casts(CXIndex idx, const char *path,
			       const struct argv *args, struct parsed *p,
			       const struct strlist *missing)
{
	char *text, *orig;
	struct parsed again;
	size_t len;
	int lost;

	if (read_file(path, TEXT_LIMIT, &text, &len) < 0)
		return;
	orig = xstrdup(text);
	lost = blank_lost_casts(p->tu, path, text, len);
	if (!lost || !memcmp(orig, text, len))
		goto out;
	if (parse_file_empty(idx, path, args, missing, text, len, &again) < 0)
		goto out;
	if (blank_lost_casts(again.tu, path, orig, len) < lost)
		keep(p, &again);
	else
		parsed_dispose(&again);
out:
	free(orig);
	free(text);
}

void parse_treeless(CXIndex idx, const char *path, struct argv *args,
		    struct parsed *p, bool *kernel)
{
	struct strlist missing = { 0 };

	if (!p->errors)
		return;
	with_stubs(idx, path, args, p, kernel);
	with_empty_headers(idx, path, args, p, &missing);
	without_lost_casts(idx, path, args, p, &missing);
	strlist_free(&missing);
}
