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

/*
 * The same for a file of an external module whose top directory (where
 * "make M=" points) is @module; @kver is the kernel's "6.1.158", or NULL.
 */
void kbmake_module_flags(struct argv *out, const char *module,
			 const char *kver, const char *dir, const char *base);

#endif
