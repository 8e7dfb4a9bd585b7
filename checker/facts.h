/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_FACTS_H
#define GUP_FACTS_H

#include <clang-c/Index.h>
#include <stdbool.h>

#include "facts_flags.h"
#include "facts_kapi.h"

/*
 * Facts about one translation unit, extracted once and shared by every
 * rule: the functions of the main file, who calls whom, and each GUP call
 * with its arguments and the values its flags may take.
 */

struct fn_info {
	CXCursor def;		/* the definition, in the main file */
	CXCursor canon;		/* clang_getCanonicalCursor(def) */
	char *name;
	bool external;		/* may be called from other files */
	int nrefs, ncalls;	/* more refs than calls: address taken */
};

struct call_site {
	CXCursor call;
	CXCursor callee;	/* canonical FunctionDecl, or null */
	char *name;
	int caller;		/* index into tu_facts.fns */
};

struct param_memo;
struct vma_checks;
struct pages_facts;
struct pages_memo;

struct gup_call {
	const struct gup_api *api;
	CXCursor call;
	int fn;			/* enclosing function */
	unsigned line, col;
	CXCursor flags_arg, pages_arg, vmas_arg;	/* null when absent */
	bool legacy_write;	/* the old (write, force) pair */
	char macro[64];		/* the macro written at the call, or "" */
	struct flagset flags;	/* values the caller may pass */
	struct pages_facts *pf;	/* facts_pages.c, computed on first use */
};

struct tu_facts {
	CXTranslationUnit tu;
	const char *path;	/* as shown to the user */
	const char *diffpath;	/* in patches, relative to the tree root */
	const char *root;	/* the kernel tree it is built against, or NULL */
	int kversion;		/* tree version as major*100+minor, 0 unknown */
	unsigned errors;	/* parse errors: the AST may lack code */
	const char *src;	/* the main file's text */
	size_t srclen;
	const struct foll_table *ft;

	struct fn_info *fns;
	int nfns;
	size_t fcap;
	struct call_site *calls;
	int ncalls;
	size_t ccap;
	struct gup_call *gups;
	int ngups;
	size_t gcap;

	struct vma_checks *vma;		/* facts_vma.c, computed on first use */
	struct param_memo *memo;	/* facts_params.c: parameter values */
	int nmemo;
	size_t mcap;
	struct pages_memo *pmemo;	/* facts_pages.c: helpers' summaries */
	int npmemo;
	size_t pmcap;
};

void facts_extract(struct tu_facts *tf);
void facts_free(struct tu_facts *tf);
/* Index of the function whose canonical cursor is @canon, or -1. */
int facts_fn(const struct tu_facts *tf, CXCursor canon);

#endif
