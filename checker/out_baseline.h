/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_OUT_BASELINE_H
#define GUP_OUT_BASELINE_H

#include "rules.h"

/*
 * Baselines: --write-baseline=FILE records a run's findings, and
 * --baseline=FILE reports only those it does not hold.  A finding is
 * known by rule, file, function and the text of its line (f->code), never
 * by its line number, so code that only moved matches; each recorded
 * finding absorbs one current finding, so a second identical call is new.
 * The format is docs/usage.md's "Baselines", version 1.
 */
struct baseline_entry {
	char *rule, *file, *function, *code;
	int count;		/* identical entries recorded */
};

struct baseline_opts {
	const char *use;	/* --baseline */
	const char *write;	/* --write-baseline */
	struct baseline_entry *v;	/* loaded from @use, sorted */
	int nr;
	size_t cap;
};

/* Load o->use, if any; -1 after a one-line message. */
int baseline_load(struct baseline_opts *o);
/*
 * On a run's findings: record those at @min_sev or worse to o->write,
 * then drop those o->use holds.  -1 after a one-line message.
 */
int baseline_apply(struct baseline_opts *o, struct findings *fs,
		   enum severity min_sev);
void baseline_free(struct baseline_opts *o);

#endif
