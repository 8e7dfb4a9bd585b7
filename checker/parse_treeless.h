/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_PARSE_TREELESS_H
#define GUP_PARSE_TREELESS_H

#include <stdbool.h>

#include "parse.h"

/*
 * A file outside any kernel tree, parsed by @p with @args, had errors:
 * parse it again so that what it loses is what needs the kernel's types,
 * the same in every file whatever its #include lines (parse_treeless.c).
 * @p and @args become those of the parse kept.  @kernel: the parse has
 * the kernel's annotations stubbed (set on entry when @args have them).
 */
void parse_treeless(CXIndex idx, const char *path, struct argv *args,
		    struct parsed *p, bool *kernel);

#endif
