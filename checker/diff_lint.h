/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_DIFF_LINT_H
#define GUP_DIFF_LINT_H

#include <stdbool.h>

#include "diff_read.h"
#include "tree_discover.h"
#include "rules.h"

/*
 * --diff=FILE [TREE]: lint a patch before it is sent, as checkpatch does.
 * The C files the diff leaves in TREE (its post-image) are checked there,
 * and only findings whose line the diff adds are kept: what was already
 * wrong around the change is not the patch's to answer for.
 */
struct difflint {
	struct diff diff;
	char *tree;
	char **paths;		/* per diff file: the path checked, or NULL */
};

/*
 * Read the diff in @file ("-": standard input) for the tree @tree.
 * 0, or -1 after saying why in one line.
 */
int difflint_load(struct difflint *dl, const char *file, const char *tree);

/*
 * Add the C files the diff leaves in the tree to @t (deleted files and
 * other files are passed over; mm/ of a kernel tree unless @o asks for
 * it), after checking that the tree holds the lines the diff adds.
 * 0, or -1 after saying why in one line.
 */
int difflint_targets(struct difflint *dl, struct targets *t,
		     const struct discover_opts *o);

/*
 * audit_opts.keep: is one of @f's causal places, its own line or a
 * related one, on a line the diff adds?  Sets f->patch_line to the first.
 */
bool difflint_keep(const struct target *t, struct finding *f, void *ctx);

void difflint_free(struct difflint *dl);

#endif
