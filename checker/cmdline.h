/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_CMDLINE_H
#define GUP_CMDLINE_H

#include <stdbool.h>

#include "audit.h"
#include "out_baseline.h"
#include "out_html.h"
#include "out_render.h"
#include "tree_discover.h"
#include "tree_extmod.h"

#define EXIT_FINDINGS 1
#define EXIT_TROUBLE 2

/* The options of one run of gup_policy, as the command line gave them. */
struct cmdline {
	struct audit_opts audit;
	struct render_opts render;
	struct discover_opts discover;
	struct baseline_opts baseline;
	const char *cdb_dir;
	const char *diff;	/* --diff=FILE */
	const char *emit;	/* --emit-patches=DIR */
	struct html_opts html;	/* --html=DIR */
	const char *kernel;	/* --kernel=KDIR */
	struct kernel_ref kref;
	bool merge;
	bool quiet;
};

/*
 * Read the options into @c (whose defaults the caller has set); optind
 * is left at the first operand.  0, or the exit status after the message:
 * EXIT_TROUBLE for a bad option.  --help, --version, --list-rules and
 * --explain print and exit.
 */
int parse_args(int argc, char **argv, struct cmdline *c);
/* "gup_policy: MESSAGE" and the --help hint on stderr; EXIT_TROUBLE. */
int bad_usage(const char *fmt, const char *arg);

#endif
