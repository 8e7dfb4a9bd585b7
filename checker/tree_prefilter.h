/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_TREE_PREFILTER_H
#define GUP_TREE_PREFILTER_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Can this text involve GUP at all?  A file that never names an entry
 * point cannot: it is not parsed.  This is what keeps a whole-tree audit
 * and kbuild's C=2 cheap.
 */
bool prefilter_match(const char *text, size_t len);
/* Does @text look like C source rather than binary data? */
bool prefilter_is_text(const char *text, size_t len);

#endif
