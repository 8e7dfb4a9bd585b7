/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_OUT_HTML_H
#define GUP_OUT_HTML_H

#include "audit.h"
#include "rules.h"

/*
 * --html=DIR: the findings as a static report to browse and share, in
 * the manner of scan-build's: index.html (the findings grouped by rule
 * and by directory, with filters), one page per finding (its function's
 * source with the finding and its steps marked on their lines, the rule's
 * documentation, the patch), style.css and report.js.  Every link is
 * relative and nothing is fetched, so the directory reads the same from
 * file:// or copied anywhere.  It says what JSON and SARIF say; the
 * source shown is read again from the audited files.
 */
struct html_opts {
	const char *dir;
	enum severity min_sev;	/* findings below are left out */
	int argc;		/* the command line, shown in the index */
	char **argv;
};

/* Write the report of @fs (sorted); 0, or -1 after saying why. */
int html_write(const struct html_opts *o, const struct findings *fs,
	       const struct audit *a);

#endif
