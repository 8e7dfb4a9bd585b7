/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_TREE_PCH_H
#define GUP_TREE_PCH_H

#include <stdbool.h>

#include "util.h"

/*
 * The headers nearly every GUP caller includes (linux/mm.h, slab.h,
 * sched.h, fs.h, ...), precompiled once per prepared tree beside its
 * object directory @obj, with the flags every file of the tree shares.
 * Parsing a file with it takes about a third of the time.  Returns the
 * .pch path, or NULL when it cannot be built (files are then parsed
 * without it).
 */
char *pch_prepare(const char *tree, const char *obj, bool verbose);

/* Add the headers the .pch @pch holds to @deps, as include paths spell them. */
void pch_deps_load(struct strlist *deps, const char *pch);

#endif
