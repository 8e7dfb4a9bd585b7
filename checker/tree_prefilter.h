/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_TREE_PREFILTER_H
#define GUP_TREE_PREFILTER_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Can this text call GUP at all?  A file that never calls an entry point
 * (outside comments and literals), names none in a macro, and calls no
 * macro of a header beside it that does, cannot: it is not parsed.  A
 * file that only mentions one, or calls unpin_user_pages() or its own
 * helper foo_get_user_pages(), has no GUP call of its own to check.
 * This is what keeps a whole-tree audit and kbuild's C=2 cheap.
 */
bool prefilter_match(const char *file, const char *text, size_t len);
/* Does @text look like C source rather than binary data? */
bool prefilter_is_text(const char *text, size_t len);

/*
 * Outside a kernel tree only: does a header @file includes from its own
 * module (its directory, include/ beside it or a few levels up, and the
 * headers those include) name an entry point?  A vendor module calls GUP
 * through its compat header's wrapper macros, whose names the
 * prefilter does not know.
 */
bool prefilter_module_headers(const char *file, const char *text);

#endif
