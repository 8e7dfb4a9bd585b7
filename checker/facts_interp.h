/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_FACTS_INTERP_H
#define GUP_FACTS_INTERP_H

#include "facts.h"
#include "facts_flags.h"

/*
 * A small abstract interpreter over one function body: it follows the
 * integer locals through declarations, assignments, |= and &= in
 * branches, loops, switch and goto, and records the values of chosen call
 * arguments where the calls happen.  Parameters of functions in the same
 * file are resolved through their callers there (to a bounded depth).
 */
struct capture {
	CXCursor call;
	int arg;
	struct flagset *out;
	bool reached;
};

void interp_function(struct tu_facts *tf, int fn, struct capture *caps,
		     int ncaps);
void interp_free_memo(struct tu_facts *tf);

#endif
