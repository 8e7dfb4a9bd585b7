/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_MAIL_MAINTAINERS_H
#define GUP_MAIL_MAINTAINERS_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/*
 * A kernel tree's MAINTAINERS file, read the way scripts/get_maintainer.pl
 * reads it: sections of "X:\tvalue" entries under a title line.  A file
 * belongs to a section when one of its F: patterns matches it (a trailing
 * '/' takes everything below; otherwise the pattern, with * and ?, must
 * match a prefix of the path with as many '/' in it; a directory named
 * without the '/' counts as one) or one of its N: regexes does (the plain
 * ones real MAINTAINERS files have: words, classes, single quantifiers),
 * and none of its X: patterns matches.  Pure: text in, addresses out.
 */
struct maint_section {
	char *title;
	char **f, **x, **m, **l;	/* F:, X:, M: and R:, L: values */
	int nf, nx, nm, nl;
	size_t cf, cx, cm, cl;
	regex_t *n;			/* N: that compiled */
	int nn;
	size_t cn;
};

struct maintainers {
	struct maint_section *v;
	int nr;
	size_t cap;
};

void maint_parse(struct maintainers *m, const char *text, size_t len);
void maint_free(struct maintainers *m);

/*
 * Add to @out whom a patch to @path goes to: the M: and R: people of
 * every matching section, most specific section first, then its lists
 * (L:, less "subscribers-only" ones); each address once.  Like
 * get_maintainer.pl, Linus (THE REST's M:) is left out, its list is not.
 */
void maint_cc(const struct maintainers *m, const char *path,
	      struct strlist *out);

#endif
