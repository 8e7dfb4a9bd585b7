/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_TREE_PREPARE_H
#define GUP_TREE_PREPARE_H

#include <stdbool.h>

#include "tree_sandbox.h"

/*
 * Kernel trees.  A plain source tree (never configured) cannot be parsed
 * as is: the generated headers are missing.  kprep builds them once in
 * the cache, outside the tree (make O=<cache> allmodconfig prepare: every
 * driver configured, so headers declare what the code uses), and
 * reuses them.  The audited tree is only ever read.
 */

/* The root of the kernel tree holding @path, or NULL. */
char *kernel_root(const char *path);
/* "6.12.57" from the tree's Makefile; NULL if not found. */
char *kernel_version(const char *tree);
/* Major * 100 + minor, or 0 when unknown. */
int kernel_version_code(const char *tree);

/* $GUP_POLICY_CACHE, else $XDG_CACHE_HOME/gup_policy, else ~/.cache/... */
char *cache_dir(const char *override);

struct prep_opts {
	enum prep_mode mode;
	unsigned seconds;	/* --prepare-timeout; 0: no limit */
	int jobs;
	bool verbose;
};

/*
 * The object directory with generated headers for @tree, preparing it if
 * needed (the tree's own make, in a sandbox unless @po says otherwise:
 * tree_sandbox.h).  *@degraded is set when the headers are missing or
 * incomplete: preparation failed, was stopped, was not allowed, or
 * --no-prepare.  NULL when there is no such directory at all; the
 * checker then parses without generated headers.
 */
char *kprep_prepare(const char *tree, const char *cache,
		    const struct prep_opts *po, bool *degraded);
/* Has kprep_prepare() nothing (more) to run for @tree in @cache? */
bool kprep_ready(const char *tree, const char *cache, enum prep_mode mode);

#endif
