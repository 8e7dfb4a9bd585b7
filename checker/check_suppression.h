/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_CHECK_SUPPRESSION_H
#define GUP_CHECK_SUPPRESSION_H

#include "facts.h"
#include "rules.h"

/*
 * Inline suppressions: a comment on the reported line or the line above
 * that reads "gup_policy: ignore <rule-id> <reason>" drops that rule's
 * finding there.  A suppression without a reason, or naming no known
 * rule, is itself reported (rule "suppression").
 */
struct supp {
	unsigned line;
	char rule[40];
	bool reason, used;
};

/* Every suppression comment in @src; the caller frees *out. */
int suppress_scan(const char *src, size_t len, struct supp **out);
void apply_suppressions(struct tu_facts *tf, struct findings *fs);

#endif
