// SPDX-License-Identifier: GPL-2.0
/*
 * Extract the facts rules consume: functions of the main file, call
 * sites, and each GUP call with its flags, pages and vmas arguments and
 * the set of values its flags may take.  Done once per translation unit.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "facts.h"
#include "facts_interp.h"
#include "util.h"
#include "facts_vma.h"
#include "facts_pages.h"

int facts_fn(const struct tu_facts *tf, CXCursor canon)
{
	for (int i = 0; i < tf->nfns; i++)
		if (clang_equalCursors(tf->fns[i].canon, canon))
			return i;
	return -1;
}

static enum CXChildVisitResult top_cb(CXCursor c, CXCursor parent,
				      CXClientData data)
{
	struct tu_facts *tf = data;
	struct fn_info *f;

	if (clang_getCursorKind(c) != CXCursor_FunctionDecl ||
	    !clang_isCursorDefinition(c) || !ast_in_main(c))
		return CXChildVisit_Continue;
	f = VEC_PUSH(tf->fns, tf->nfns, tf->fcap);
	memset(f, 0, sizeof(*f));
	f->def = c;
	f->canon = clang_getCanonicalCursor(c);
	f->name = ast_spelling(c);
	f->external = clang_getCursorLinkage(c) == CXLinkage_External;
	return CXChildVisit_Continue;
}

struct body_walk {
	struct tu_facts *tf;
	int fn;
};

static bool param_named(CXCursor decl, int i, const char *const *names)
{
	char *s = ast_spelling(clang_Cursor_getArgument(decl, i));
	bool hit = false;

	for (; *names && !hit; names++)
		hit = strcmp(s, *names) == 0;
	free(s);
	return hit;
}

static const char *const flag_names[] = { "gup_flags", "flags", "foll_flags", NULL };
static const char *const page_names[] = { "pages", "pagep", "page_list", "folios", NULL };
static const char *const vma_names[] = { "vmas", "vma_list", NULL };
static const char *const write_names[] = { "write", NULL };

/*
 * Find the flags, pages and vmas arguments.  The callee's own prototype
 * (the tree's mm.h, or a fixture's stand-in) is the authority; the table
 * in facts_kapi.c is used only when no prototype with parameters is visible.
 */
static void locate_args(struct gup_call *g)
{
	CXCursor decl = clang_getCursorReferenced(g->call);
	int nargs = clang_Cursor_getNumArguments(g->call);
	int nparm = clang_Cursor_isNull(decl) ? -1 :
		    clang_Cursor_getNumArguments(decl);
	int flags = -1, pages = -1, vmas = -1;

	if (nparm == nargs && nparm > 0) {
		for (int i = 0; i < nparm; i++) {
			if (param_named(decl, i, flag_names))
				flags = i;
			else if (param_named(decl, i, page_names))
				pages = i;
			else if (param_named(decl, i, vma_names))
				vmas = i;
			else if (param_named(decl, i, write_names))
				g->legacy_write = true;
		}
	}
	if (flags < 0 && pages < 0 && !g->legacy_write) {
		for (size_t i = 0; i < ARRAY_SIZE(g->api->pos); i++) {
			if (g->api->pos[i].nargs != nargs)
				continue;
			flags = g->api->pos[i].flags;
			pages = g->api->pos[i].pages;
			vmas = g->api->pos[i].vmas;
		}
	}
	g->flags_arg = flags >= 0 ? clang_Cursor_getArgument(g->call, flags) :
		       clang_getNullCursor();
	g->pages_arg = pages >= 0 ? clang_Cursor_getArgument(g->call, pages) :
		       clang_getNullCursor();
	g->vmas_arg = vmas >= 0 ? clang_Cursor_getArgument(g->call, vmas) :
		      clang_getNullCursor();
}

/*
 * A call written through a macro of the driver's or its compat header
 * (pin_user_pages_fast renamed to get_user_pages_fast, a wrapper that
 * expands to a GUP call): the name written at the call site.
 */
static void spelled_as(const struct tu_facts *tf, struct gup_call *g,
		       unsigned off)
{
	size_t n = 0;

	if (!tf->src || off >= tf->srclen)
		return;
	while (off + n < tf->srclen && n + 1 < sizeof(g->macro) &&
	       (isalnum((unsigned char)tf->src[off + n]) ||
		tf->src[off + n] == '_'))
		n++;
	if (!n || (strlen(g->api->name) == n &&
		   !memcmp(tf->src + off, g->api->name, n)))
		return;
	memcpy(g->macro, tf->src + off, n);
	g->macro[n] = '\0';
}

static void add_call(struct body_walk *w, CXCursor c)
{
	struct tu_facts *tf = w->tf;
	CXCursor ref = clang_getCursorReferenced(c);
	char *name = ast_callee_name(c);
	const struct gup_api *api;
	struct call_site *cs;

	if (!name)
		return;
	cs = VEC_PUSH(tf->calls, tf->ncalls, tf->ccap);
	cs->call = c;
	cs->callee = clang_Cursor_isNull(ref) ? ref :
		     clang_getCanonicalCursor(ref);
	cs->name = name;
	cs->caller = w->fn;
	if (!clang_Cursor_isNull(ref)) {
		int f = facts_fn(tf, cs->callee);

		if (f >= 0)
			tf->fns[f].ncalls++;
	}
	api = gup_api_lookup(name);
	/* Where the call is written: a compat macro's body counts there. */
	if (api && ast_pos(c).main) {
		struct gup_call *g = VEC_PUSH(tf->gups, tf->ngups, tf->gcap);
		struct srcpos p = ast_pos(c);

		memset(g, 0, sizeof(*g));
		g->api = api;
		g->call = c;
		g->fn = w->fn;
		g->line = p.line;
		g->col = p.col;
		spelled_as(tf, g, p.off);
		locate_args(g);
	}
}

static enum CXChildVisitResult body_cb(CXCursor c, CXCursor parent,
				       CXClientData data)
{
	struct body_walk *w = data;

	switch (clang_getCursorKind(c)) {
	case CXCursor_CallExpr:
		add_call(w, c);
		break;
	case CXCursor_DeclRefExpr: {
		CXCursor ref = clang_getCursorReferenced(c);
		int f;

		if (clang_getCursorKind(ref) != CXCursor_FunctionDecl)
			break;
		f = facts_fn(w->tf, clang_getCanonicalCursor(ref));
		if (f >= 0)
			w->tf->fns[f].nrefs++;
		break;
	}
	default:
		break;
	}
	return CXChildVisit_Recurse;
}

/* Evaluate every GUP call's flags, one interpreter run per function. */
static void eval_flags(struct tu_facts *tf)
{
	for (int f = 0; f < tf->nfns; f++) {
		struct capture *caps = NULL;
		int n = 0;
		size_t cap = 0;

		for (int i = 0; i < tf->ngups; i++) {
			struct gup_call *g = &tf->gups[i];
			struct capture *c;

			if (g->fn != f || clang_Cursor_isNull(g->flags_arg))
				continue;
			c = VEC_PUSH(caps, n, cap);
			c->call = g->call;
			c->arg = -1;
			for (int a = 0; a < clang_Cursor_getNumArguments(g->call); a++)
				if (ast_same(clang_Cursor_getArgument(g->call, a),
					     g->flags_arg))
					c->arg = a;
			c->out = &g->flags;
			c->reached = false;
		}
		if (n)
			interp_function(tf, f, caps, n);
		/* A call the walk never reached (dead code): evaluate as is. */
		for (int i = 0; i < n; i++) {
			if (caps[i].reached)
				continue;
			struct flag_env env = { tf->tu, tf->ft, NULL, NULL, NULL };

			flags_eval(&env, clang_Cursor_getArgument(caps[i].call,
								  caps[i].arg),
				   caps[i].out);
		}
		free(caps);
	}
}

void facts_extract(struct tu_facts *tf)
{
	CXCursor top = clang_getTranslationUnitCursor(tf->tu);

	clang_visitChildren(top, top_cb, tf);
	for (int f = 0; f < tf->nfns; f++) {
		struct body_walk w = { tf, f };

		clang_visitChildren(tf->fns[f].def, body_cb, &w);
	}
	eval_flags(tf);
	if (getenv("GUP_POLICY_DEBUG")) {
		for (int i = 0; i < tf->ngups; i++) {
			char *d = fs_describe(&tf->gups[i].flags, tf->ft);

			fprintf(stderr, "%s:%u: %s() flags {%s}\n", tf->path,
				tf->gups[i].line, tf->gups[i].api->name, d);
			free(d);
		}
	}
}

void facts_free(struct tu_facts *tf)
{
	if (tf->vma) {
		vma_checks_free(tf->vma);
		free(tf->vma);
		tf->vma = NULL;
	}
	interp_free_memo(tf);
	pages_free_memo(tf);
	for (int i = 0; i < tf->nfns; i++)
		free(tf->fns[i].name);
	for (int i = 0; i < tf->ncalls; i++)
		free(tf->calls[i].name);
	for (int i = 0; i < tf->ngups; i++) {
		fs_free(&tf->gups[i].flags);
		pages_facts_free(tf->gups[i].pf);
	}
	free(tf->fns);
	free(tf->calls);
	free(tf->gups);
	tf->fns = NULL;
	tf->calls = NULL;
	tf->gups = NULL;
	tf->nfns = tf->ncalls = tf->ngups = 0;
}
