/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_TREE_SANDBOX_H
#define GUP_TREE_SANDBOX_H

/*
 * Running an audited tree's own code (its Makefile, Kconfig and the host
 * programs 'make prepare' builds) without trusting it.  The tree may be
 * hostile: it runs in a sandbox set up by an existing tool, bubblewrap
 * (bwrap) where it works, else util-linux's unshare, in which the whole
 * filesystem is read-only but for one directory of the cache, /tmp is
 * private, the homes are hidden, there is no network, the environment is
 * scrubbed, and time, processes, memory and file sizes are limited.
 */

enum prep_mode {
	PREP_SANDBOX,		/* default: in a sandbox, or not at all */
	PREP_UNSANDBOXED,	/* --prepare=unsandboxed: with the user's rights */
	PREP_NONE,		/* --no-prepare: never run the tree's code */
};

#define DEFAULT_PREPARE_SECONDS 600	/* --prepare-timeout */
#define MAX_PREPARE_SECONDS 86400

struct sandbox {
	const char *tree;	/* read-only inside */
	const char *dir;	/* the only writable directory */
	int jobs;		/* make -j: sizes the process limit */
	unsigned seconds;	/* for everything run under it; 0: no limit */
	enum prep_mode mode;	/* PREP_SANDBOX or PREP_UNSANDBOXED */
	const char *tool;	/* set by sandbox_probe(): "bwrap", "unshare" */
};

/* Results of sandbox_run() besides the command's exit status. */
#define SBX_FAILED  (-1)	/* could not run it, or it died by a signal */
#define SBX_TIMEOUT (-2)	/* stopped after sb->seconds */

/*
 * Can @sb's sandbox be set up here?  NULL when it can (sb->tool says
 * which); else why not, one line to free.  Tried with 'true' inside, so
 * a failure is the sandbox's, never the tree's.
 */
char *sandbox_probe(struct sandbox *sb);

/*
 * Run @argv (found in $PATH) under @sb, standard output and error
 * appended to @log, standard input /dev/null.  Its exit status, or
 * SBX_FAILED or SBX_TIMEOUT.
 */
int sandbox_run(const struct sandbox *sb, char *const argv[], const char *log);

/* The files @sb's commands made in sb->dir back to our own user's. */
void sandbox_reclaim(const struct sandbox *sb);

#endif
