// SPDX-License-Identifier: GPL-2.0
/*
 * From references to pins on an iov_iter: iov_iter_extract_pages()
 * takes the pages argument by address (it may allocate the array) and
 * an extraction-flags argument, and what it took is released only when
 * iov_iter_extract_will_pin() said it pinned (lib/iov_iter.c: kernel-
 * backed iterators' pages are not pinned, nor referenced).
 */
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "fix.h"
#include "fix_iov.h"
#include "util.h"

struct find_decl {
	const char *name;
	bool found;
};

static enum CXChildVisitResult decl_cb(CXCursor c, CXCursor parent,
				       CXClientData data)
{
	struct find_decl *d = data;
	CXString s;

	if (clang_getCursorKind(c) != CXCursor_FunctionDecl)
		return CXChildVisit_Continue;
	s = clang_getCursorSpelling(c);
	d->found = strcmp(clang_getCString(s), d->name) == 0;
	clang_disposeString(s);
	return d->found ? CXChildVisit_Break : CXChildVisit_Continue;
}

bool tu_declares(struct tu_facts *tf, const char *name)
{
	struct find_decl d = { name, false };

	clang_visitChildren(clang_getTranslationUnitCursor(tf->tu), decl_cb, &d);
	return d.found;
}

/* The text of @c in the main file, or NULL. */
static char *main_text(struct tu_facts *tf, CXCursor c)
{
	struct srcpos p = ast_pos(c);
	unsigned end = ast_end_off(c);

	if (!p.main || ast_from_macro(c) || end <= p.off || end > tf->srclen)
		return NULL;
	return xstrndup(tf->src + p.off, end - p.off);
}

/* A name, or a chain of -> and . on one: evaluating it twice is safe. */
static bool plain_lvalue(const char *s)
{
	if (*s == '&')
		s++;
	for (; *s; s++)
		if (!is_ident_char(*s) && *s != '>' && *s != '-' && *s != '.')
			return false;
	return true;
}

bool edit_release_if_pinned(struct edits *e, struct tu_facts *tf,
			    const struct release_use *r, CXCursor iter,
			    const char *newname)
{
	const char *s = tf->src;
	unsigned ls = line_start(s, r->off), end = ast_end_off(r->call);
	unsigned semi = end;
	char *it = main_text(tf, iter), *args, *text, *indent;

	if (!it || !r->main || r->via || !plain_lvalue(it) ||
	    !blank(s, ls, r->off) || end <= r->off + r->len) {
		free(it);
		return false;
	}
	while (semi < tf->srclen && (s[semi] == ' ' || s[semi] == '\t'))
		semi++;
	if (semi >= tf->srclen || s[semi] != ';') {
		free(it);
		return false;
	}
	indent = xstrndup(s + ls, r->off - ls);
	args = xstrndup(s + r->off + r->len, end - r->off - r->len);
	text = xasprintf("if (iov_iter_extract_will_pin(%s))\n%s\t%s%s",
			 it, indent, newname, args);
	edit_add(e, r->off, end, text);
	free(text);
	free(args);
	free(indent);
	free(it);
	return true;
}

/* iov_iter_get_pages2(i, p, max, n, &off) -> extract(i, &p, max, n, 0, &off) */
static const char *edit_call(struct edits *e, struct tu_facts *tf,
			     struct gup_call *g)
{
	CXCursor call = g->call, pg = ast_strip(g->pages_arg), last;
	int n = clang_Cursor_getNumArguments(call);
	struct srcpos p = ast_pos(call), pp, lp;
	CXType t;

	if (strcmp(g->api->name, "iov_iter_get_pages2") &&
	    strcmp(g->api->name, "iov_iter_get_pages"))
		return "iov_iter_extract_pages() allocates the array only when "
		       "*pages is NULL on entry: switch to it by hand, and "
		       "release the pages with unpin_user_page*() only when "
		       "iov_iter_extract_will_pin()";
	t = clang_getCursorType(pg);
	if (clang_getCursorKind(pg) != CXCursor_DeclRefExpr ||
	    t.kind != CXType_Pointer)
		return "the pages argument is not a pointer variable that "
		       "iov_iter_extract_pages() can take by address";
	last = clang_Cursor_getArgument(call, n - 1);
	pp = ast_pos(pg);
	lp = ast_pos(last);
	if (!p.main || ast_from_macro(call) || !pp.main || !lp.main ||
	    ast_from_macro(pg) || ast_from_macro(last) ||
	    strncmp(tf->src + p.off, g->api->name, strlen(g->api->name)))
		return "the call is spelled through a macro";
	edit_add(e, p.off, p.off + strlen(g->api->name),
		 "iov_iter_extract_pages");
	edit_add(e, pp.off, pp.off, "&");
	edit_add(e, lp.off, lp.off, "0, ");
	return NULL;
}

static const char *why_not(struct tu_facts *tf, struct gup_call *g,
			   const struct pages_facts *pf)
{
	if (!tu_declares(tf, "iov_iter_extract_pages"))
		return "this tree has no iov_iter_extract_pages() (it came "
		       "in 6.3): pin a user-backed iterator's pages with "
		       "pin_user_pages*() by hand, or convert once the tree "
		       "has it";
	if (!pf->nrel)
		return "the pages are not released in this function: switch "
		       "to iov_iter_extract_pages() and release them with "
		       "unpin_user_page*() only when iov_iter_extract_will_pin()";
	if (pf->kept || pf->unfollowed || pf->mixed)
		return "the pages go where this file does not show: switch "
		       "every release of them to unpin_user_page*() under "
		       "iov_iter_extract_will_pin() with the call";
	for (int i = 0; i < pf->nrel; i++)
		if (pf->rel[i].via || pf->rel[i].shared)
			return "a release of these pages is in another "
			       "function, where the iterator is not at hand: "
			       "record whether they were pinned and unpin "
			       "only those";
	return NULL;
}

void fix_get_to_extract(struct rule_ctx *rc, struct finding *f,
			struct gup_call *g, const struct iter_facts *it)
{
	struct tu_facts *tf = rc->tf;
	const struct pages_facts *pf = pages_of(tf, g);
	struct edits e = { 0 };
	const char *why = why_not(tf, g, pf);

	for (int i = 0; i < pf->nrel && !why; i++) {
		const struct release_use *r = &pf->rel[i];
		const char *to = !strcmp(r->fn->name, "put_page") ?
				 "unpin_user_page" :
				 !strcmp(r->fn->name, "release_pages") ?
				 "unpin_user_pages" : NULL;

		if (!to)
			why = "a release of these pages has no mechanical "
			      "unpin_user_page*() equivalent";
		else if (!edit_release_if_pinned(&e, tf, r, it->arg, to))
			why = "a release of these pages is not a statement of "
			      "its own, or the iterator is not a plain name";
	}
	if (!why)
		why = edit_call(&e, tf, g);
	if (why)
		edits_free(&e);
	fix_attach(rc, f, &e, why);
	edits_free(&e);
}
