/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_FIX_IOV_H
#define GUP_FIX_IOV_H

#include "facts_iter.h"
#include "facts_pages.h"
#include "rules.h"

/*
 * Pages taken from an iov_iter: turn iov_iter_get_pages2() into
 * iov_iter_extract_pages() and each put_page() of its pages into an
 * unpin_user_page() under iov_iter_extract_will_pin(), when all of that
 * is in one function and the tree has the API; otherwise say what must
 * change.
 */
void fix_get_to_extract(struct rule_ctx *rc, struct finding *f,
			struct gup_call *g, const struct iter_facts *it);
/*
 * Replace the release @r of pages from iov_iter_extract_pages() by
 * "if (iov_iter_extract_will_pin(ITER)) NEWNAME(...);", ITER being the
 * call's iterator argument @iter as written.  False when the release is
 * not a statement of its own on its line in the main file.
 */
bool edit_release_if_pinned(struct edits *e, struct tu_facts *tf,
			    const struct release_use *r, CXCursor iter,
			    const char *newname);
/* Does the translation unit declare function @name? */
bool tu_declares(struct tu_facts *tf, const char *name);

#endif
