/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_OUT_RENDER_H
#define GUP_OUT_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "audit.h"
#include "rules.h"

enum format { FMT_TEXT, FMT_JSON, FMT_PATCH, FMT_SARIF };

struct render_opts {
	enum format format;
	enum severity min_sev;	/* findings below are not shown */
	enum confidence min_conf;	/* --confidence: applied by the caller */
	bool show_fixes;	/* text: print each fix after its finding */
	bool verbose;		/* text: list files that did not parse */
	bool partial;		/* some findings were left out (--baseline) */
	const char *docs_url;	/* sarif: where docs/ is published, or NULL */
};

/* Print @fs (sorted); returns how many findings at warning or worse. */
int render(FILE *out, const struct findings *fs, const struct audit *a,
	   const struct render_opts *o);

#endif
