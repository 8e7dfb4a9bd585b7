/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_TREE_MAKEFILE_H
#define GUP_TREE_MAKEFILE_H

#include "parse.h"

/*
 * Add the -I/-D/-U/-include flags kbuild Makefiles give file @base (no
 * ".c") in directory @dir of @tree: its own ccflags-y and CFLAGS_base.o,
 * and subdir-ccflags-y of @dir and each directory above it.  @obj is the
 * object tree ($(obj)), or NULL.
 */
void kbmake_flags(struct argv *out, const char *tree, const char *obj,
		  const char *dir, const char *base);

#endif
