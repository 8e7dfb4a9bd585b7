/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_TREE_PREPARE_H
#define GUP_TREE_PREPARE_H

#include <stdbool.h>

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

/*
 * The object directory with generated headers for @tree, preparing it if
 * needed.  NULL when preparation failed; the checker then parses without
 * generated headers (more files fail to parse; counted in stats).
 */
char *kprep_prepare(const char *tree, const char *cache, int jobs, bool verbose);
/* Has kprep_prepare() already done (or given up on) @tree in @cache? */
bool kprep_ready(const char *tree, const char *cache);

#endif
