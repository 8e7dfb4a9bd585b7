/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_FACTS_VMA_INT_H
#define GUP_FACTS_VMA_INT_H

/*
 * Internals of the VMA analysis, shared by facts_vmasrc.c (where a VMA comes
 * from, which predicates read its nature), facts_path.c (what a deciding
 * branch does, on which path it sits) and facts_vma.c (putting it together).
 */
#include "facts_path.h"
#include "facts_vma.h"

enum src_kind { SRC_NONE, SRC_VMAS, SRC_LOOKUP, SRC_PARAM };

struct vsrc {
	enum src_kind kind;
	CXCursor at;		/* the lookup call, the array, the parameter */
	int param;		/* SRC_PARAM: its index */
	char *name;		/* lookup function or array key */
};

struct fnctx {
	struct tu_facts *tf;
	int fn;
	CXCursor body;
};

struct pred {
	enum pred_kind kind;
	char *what;
	CXCursor at;
	struct vsrc src;
};

struct preds {
	struct pred *v;
	int nr;
	size_t cap;
};

struct varset {
	CXCursor *v;
	int nr;
	size_t cap;
};

struct cons {
	CXCursor at;
	char *what;
};

int vma_assigned(CXCursor body, CXCursor var, CXCursor **out);
int vma_param_of(struct fnctx *fc, CXCursor decl);

void preds_in(struct fnctx *fc, CXCursor cond, struct preds *ps);
void preds_free(struct preds *ps);

bool vs_has(const struct varset *s, CXCursor d);
void vars_of(struct fnctx *fc, CXCursor e, struct varset *set, int depth);
bool sets_meet(const struct varset *a, const struct varset *b);
void lookup_vars(struct fnctx *fc, CXCursor call, struct varset *set);
void start_vars(struct fnctx *fc, const struct gup_call *g, struct varset *set);

bool consequence(CXCursor branch, struct cons *cs);

#endif
