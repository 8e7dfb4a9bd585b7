/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_FIX_H
#define GUP_FIX_H

#include <stdbool.h>
#include <stddef.h>

#include "rules.h"

/*
 * Fixes are byte edits of the main file, rendered as a unified diff
 * against the audited tree (a/PATH, b/PATH) once the edited text has been
 * re-parsed and found no worse than the original.
 */
/* Text lines: the start of @at's line, just past its end, only blanks? */
unsigned line_start(const char *s, unsigned at);
unsigned line_end(const char *s, size_t len, unsigned at);
bool blank(const char *s, unsigned a, unsigned b);

void edit_add(struct edits *e, unsigned start, unsigned end, const char *text);
void edits_free(struct edits *e);
/* Apply non-overlapping edits; NULL when two of them overlap. */
char *edits_apply(const char *src, size_t len, const struct edits *e,
		  size_t *newlen);
char *diff_render(const char *path, const char *src, size_t len,
		  const struct edits *e);

/*
 * Remove whole lines [from, to), taking a blank line with them when it
 * would otherwise double one, follow an opening brace or precede a closing one.
 */
void edit_drop_lines(struct edits *e, const char *src, size_t len,
		     unsigned from, unsigned to);

/*
 * Remove the flag name spelled at [off, off + len) from the expression or
 * statement that adds it: "A | X" -> "A", "x |= X;" -> (line removed),
 * "= X" -> "= 0".  Returns false when no safe text edit exists.
 */
bool edit_drop_flag(struct edits *e, const char *src, size_t srclen,
		    unsigned off, unsigned len);

/*
 * Add the flag @name to the flags argument @arg of a GUP call:
 * "0" -> "NAME", "A | B" -> "A | B | NAME", "c ? A : B" -> "(c ? A : B) | NAME".
 * False when the argument is not spelled in the main file.
 */
bool edit_add_flag(struct edits *e, struct tu_facts *tf, CXCursor arg,
		   const char *name);

/*
 * Attach @e to @f as its fix when it re-parses; otherwise record why not.
 * @why_not explains a missing fix when @e is empty.
 */
void fix_attach(struct rule_ctx *rc, struct finding *f, struct edits *e,
		const char *why_not);

/*
 * One diff of the main file with every finding's fix that does not
 * collide with an earlier one; NULL when there is nothing to fix.
 */
char *fix_merge(struct rule_ctx *rc);

#endif
