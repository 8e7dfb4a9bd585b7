/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_FACTS_ITER_H
#define GUP_FACTS_ITER_H

#include "facts.h"
#include "facts_kapi.h"

/*
 * Which kinds of iov_iter a call's iterator argument may be, read from
 * the function around it: how the iterator was built there
 * (iov_iter_bvec(), iov_iter_kvec(), import_iovec(), ...) and the type
 * checks on the way to the call (iov_iter_is_bvec(), user_backed_iter(),
 * iter_is_ubuf(), iov_iter_extract_will_pin(), iov_iter_type() ==
 * ITER_*), taken branches and "if (check) return;" alike.
 */
struct iter_facts {
	CXCursor arg;		/* the iterator argument, null when none */
	char *key;		/* "iter", "msg->msg_iter": & and casts gone */
	unsigned kinds;		/* IT_* it may be at the call */
	/* The strongest evidence narrowing @kinds, when there is one. */
	const char *how;	/* "built by", "checked by", "passed by..." */
	char *by;		/* the function that built or checked it */
	unsigned line, col;
};

/* The iterator of @g (an api->iter entry point) and what it may be. */
void iter_facts_at(struct tu_facts *tf, struct gup_call *g,
		   struct iter_facts *it);
/* What the iterator @key may be at @at, a call in function @fn. */
unsigned iter_kinds_at(struct tu_facts *tf, int fn, const char *key,
		       CXCursor at);
void iter_facts_free(struct iter_facts *it);

#endif
