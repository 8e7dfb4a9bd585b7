/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_OUT_PROGRESS_H
#define GUP_OUT_PROGRESS_H

#include <stdbool.h>
#include <stdio.h>

#include "audit.h"
#include "rules.h"

/*
 * What a person at a terminal sees while an audit runs: one status line
 * on stderr, redrawn in place (the phase, files read, files that name GUP
 * checked so far, the time), and erased before anything else is written.
 * Only for a terminal: CI logs, pipes and kbuild get none of it.
 */

/* Start the status line when @on (stderr is a terminal, no --quiet). */
void progress_start(bool on);
/* Where the audit is; called from the supervisor (audit_opts.progress). */
void progress_update(const struct audit_progress *p);
/* Erase the line and stop redrawing it, before the results are written. */
void progress_stop(void);

/*
 * The one-line summary: files read, checked, with parse errors, failed,
 * the findings shown by severity, the time.
 */
void progress_summary(FILE *out, const struct audit *a,
		      const struct findings *fs, enum severity min);

#endif
