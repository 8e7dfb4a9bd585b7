/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_TREE_CFLAGS_H
#define GUP_TREE_CFLAGS_H

#include "parse.h"

/*
 * Compiler arguments for libclang: from a compile database (gcc-only
 * flags dropped), synthesized for a kernel tree prepared in the cache, or
 * plain for a self-contained file.
 */
void cflags_from_db(struct argv *out, char *const *in, int n, const char *dir);
/* With @pch, the tree's precompiled common headers (tree_pch.c) are used. */
void cflags_kernel(struct argv *out, const char *tree, const char *obj,
		   const char *file, const char *pch);
/* What every file of a kernel tree gets, and the precompiled header too. */
void cflags_kernel_base(struct argv *out, const char *tree, const char *obj);
/* A file of the external module whose top directory is @module. */
void cflags_module(struct argv *out, const char *tree, const char *obj,
		   const char *module, const char *file, const char *pch);
/* The same with no kernel tree: the module's own flags only. */
void cflags_plain_module(struct argv *out, const char *module,
			 const char *file);
void cflags_plain(struct argv *out, const char *file);
/* The kernel's annotations and basic types, for a file without its headers. */
void cflags_kernel_stubs(struct argv *out);

#endif
