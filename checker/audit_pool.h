/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_AUDIT_POOL_H
#define GUP_AUDIT_POOL_H

#include <clang-c/Index.h>
#include <stdbool.h>

#include "audit.h"
#include "util.h"

/*
 * Checker processes under a supervisor.  libclang runs in-process and
 * cannot be stopped from another thread, and a file can make it (or our
 * walkers) take minutes, gigabytes or the whole stack.  So the files that
 * need libclang are checked by up to @jobs long-lived worker processes,
 * forked once the trees are prepared, each with its own CXIndex; the
 * supervisor hands them one file at a time over a socket, reads each
 * result back as one line of JSON, and stops (SIGKILL) a worker whose
 * file goes over the budget.  A worker that dies, of a budget or a crash,
 * costs that one file, reported as failed with the reason, and is
 * replaced; the audit goes on.
 */
struct pool_cfg {
	int jobs;
	unsigned seconds;	/* CPU seconds a file may take; 0: no limit */
	unsigned mib;		/* memory a file may add, MiB; 0: no limit */
	/* In the supervisor: settle file @i without libclang (skipped,
	 * unreadable); false when it needs a worker. */
	bool (*triage)(void *ctx, int i, struct file_result *r);
	/* In a worker: check file @i fully. */
	void (*check)(void *ctx, CXIndex idx, int i, struct file_result *r);
	void *ctx;
	/* When set, told after each step how far the files are. */
	void (*progress)(const struct audit_progress *p);
};

/*
 * Settle files 0..@n-1 into @res (zeroed by the caller).  Returns 0, or
 * -1 when a worker failed outside any file (said on stderr).
 */
int pool_run(const struct pool_cfg *cfg, int n, struct file_result *res);

/* A result as the line a checker process sends, and back (0 or -1). */
void result_to_line(struct strbuf *sb, const struct file_result *r);
int result_from_line(const char *line, size_t len, struct file_result *r);

#endif
