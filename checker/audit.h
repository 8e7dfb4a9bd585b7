/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_AUDIT_H
#define GUP_AUDIT_H

#include <stdbool.h>

#include "tree_compdb.h"
#include "tree_discover.h"
#include "rules.h"
#include "tree_sandbox.h"

/*
 * The pipeline over a set of files: read, prefilter, parse, extract
 * facts, run rules.  Files that need libclang are spread over checker
 * processes, each file under a budget (audit_pool.h); each result lands in its
 * own slot, so output order never depends on timing.
 */
#define DEFAULT_FILE_SECONDS 120	/* --file-timeout */
#define DEFAULT_FILE_MIB 4096		/* --file-memory */
#define MAX_FILE_SECONDS 1000000
#define MAX_FILE_MIB (1u << 24)

/* Where an audit is, for a status line (out_progress.c). */
struct audit_progress {
	bool preparing;		/* a kernel tree's headers are being made */
	int read, total;	/* files read and prefiltered, of all */
	int named, checked;	/* files that name GUP so far; checked */
};

struct audit_opts {
	int jobs;
	unsigned file_seconds;	/* CPU seconds a file may take; 0: no limit */
	unsigned file_mib;	/* memory a file may take, MiB; 0: no limit */
	bool want_fixes;	/* compute fixes (each is re-parsed) */
	bool want_patch;	/* and the merged per-file patch */
	bool verbose;
	const char *cache;	/* NULL: the default cache directory */
	enum prep_mode prepare;	/* running a kernel tree's build for headers */
	unsigned prepare_seconds; /* its time limit; 0: none */
	bool no_cache;		/* --no-cache: no result cache */
	unsigned cache_mib;	/* --cache-size; 0: the default */
	const struct compdb *db;
	enum confidence min_conf;	/* less sure findings are dropped */
	/*
	 * When set, only the findings it keeps are reported and fixed (the
	 * per-file patch merges their fixes alone); it may note on the
	 * finding why it keeps it.  Called in the checker processes: it must
	 * only read what it is given besides the finding.
	 */
	bool (*keep)(const struct target *t, struct finding *f, void *ctx);
	void *keep_ctx;
	/* When set, told where the audit is, from the supervisor only. */
	void (*progress)(const struct audit_progress *p);
};

enum file_state {
	FS_SKIPPED,		/* prefilter: cannot involve GUP */
	FS_PARSED,
	FS_FAILED,		/* unreadable, binary, too large, no AST,
				   over its budget, crashed the checker */
};

struct file_result {
	enum file_state state;
	unsigned errors;	/* parse errors */
	char *first_error;
	char *failure;		/* why FS_FAILED */
	struct findings found;
	char *patch;		/* every fix of this file, merged */
};

struct audit {
	struct targets *targets;
	struct file_result *res;
	int files_parsed, parse_errors, failed;
	int files_cached;	/* results from the result cache */
	double seconds;
};

/* Returns 0, or -1 when a checker process failed outside any file. */
int audit_run(struct audit *a, struct targets *t, const struct audit_opts *o);
void audit_free(struct audit *a);
void file_result_free(struct file_result *r);

#endif
