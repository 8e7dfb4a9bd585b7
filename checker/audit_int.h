/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_AUDIT_INT_H
#define GUP_AUDIT_INT_H

#include <string.h>

#include "audit.h"
#include "util.h"

/* Between audit.c and audit_setup.c: one audit's state. */

/* What every file of one kernel tree shares, computed before the workers. */
struct root_info {
	char *root;
	char *obj;
	char *pch;		/* precompiled common headers, or NULL */
	struct strlist deps;	/* the headers it holds */
	struct foll_table ft;
	int kversion;
	bool degraded;		/* generated headers missing or incomplete */
	bool ours;		/* obj and pch prepared by us: never rewritten */
	unsigned long long sig;	/* of the above, for the result cache */
};

struct job {
	struct audit *a;
	const struct audit_opts *o;
	struct root_info *roots;
	int nroots;
	bool *needs;		/* triaged ahead: file i needs a parse */
	struct rcache *rc;	/* the result cache, or NULL */
	unsigned long long *text_hash;	/* of file i, when it needs a parse */
};

static inline unsigned long long hash_str(unsigned long long h, const char *s)
{
	return fnv1a(h, s ? s : "", s ? strlen(s) + 1 : 1);
}

/* audit.c */
struct root_info *root_for(struct job *j, const char *root);
/* Triage file @i through the tree's manifest: 1 when it must be parsed. */
int sift(struct job *j, int i, struct file_result *r);

/* audit_setup.c: before the checker processes fork. */
void audit_setup(struct job *j, struct targets *t);
void audit_roots_free(struct job *j);

#endif
