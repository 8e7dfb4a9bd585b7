// SPDX-License-Identifier: GPL-2.0
/*
 * gup_policy: find code that calls get_user_pages()/pin_user_pages()
 * against GUP's caller policy, say why, and propose the patch.
 *
 * This file is the command line; the work flows through discover.c
 * (files), prefilter.c, parse.c, facts.c, the check_*.c rules, fix.c and
 * render.c, driven by audit.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "compdb.h"
#include "discover.h"
#include "kbuild.h"
#include "merge.h"
#include "render.h"
#include "rules.h"
#include "util.h"
#include "version.h"

#define EXIT_FINDINGS 1
#define EXIT_TROUBLE 2

static const char usage_text[] =
"usage: gup_policy [OPTIONS] PATH...\n"
"\n"
"Check callers of get_user_pages()/pin_user_pages() (GUP) against GUP's\n"
"caller policy: callers state intent with FOLL_* flags and the pin_/get_\n"
"choice of API, and leave the decision about which memory may be pinned\n"
"to GUP.  Each finding names the rule, the GUP call, where the offending\n"
"flag came from, and, where the rewrite is mechanical, a patch.\n"
"\n"
"  PATH              C files, or directories: every *.c below a directory\n"
"                    is checked; a directory in a kernel tree is audited\n"
"                    as part of that tree (paths shown from its root, mm/\n"
"                    left out: it is GUP itself)\n"
"\n"
"Input:\n"
"  -p DIR            use DIR/compile_commands.json for compiler flags\n"
"                    (scripts/clang-tools/gen_compile_commands.py or bear);\n"
"                    with no PATH, check every file it lists\n"
"                    without -p, a plain kernel tree is prepared once in\n"
"                    the cache (make O=CACHE allmodconfig prepare) and never\n"
"                    written to\n"
"  --cache-dir=DIR   where prepared trees live (default: $GUP_POLICY_CACHE,\n"
"                    else $XDG_CACHE_HOME/gup_policy, else ~/.cache/gup_policy)\n"
"  --include-mm      also check mm/ of a kernel tree\n"
"\n"
"Output:\n"
"  --format=FMT      text (default): gcc-style, one line per finding and\n"
"                    'note:' lines for related places;\n"
"                    json: version 1, findings with fixes and stats;\n"
"                    patch: every proposed fix as one patch for patch -p1\n"
"  --show-fixes      text: print each finding's patch, or why there is none\n"
"  --severity=LEVEL  show findings at LEVEL or worse: note, warning\n"
"                    (default), error\n"
"  -v, --verbose     also list files that failed or parsed with errors\n"
"\n"
"Rules:\n"
"  --rules=LIST      only these rule ids (comma-separated)\n"
"  --disable=LIST    all rules but these\n"
"  --list-rules      print the rule ids with severity and summary\n"
"  --explain=RULE    print the rule's documentation: what, why, the fix\n"
"\n"
"  A finding is silenced where it is, with its reason, by a comment on\n"
"  its line or the line above:  /* gup_policy: ignore RULE reason */\n"
"  (one without a reason is itself reported, as 'suppression')\n"
"\n"
"Jobs and limits:\n"
"  -j N              parallel jobs (default: number of CPUs); each file\n"
"                    that names GUP is checked in a separate process\n"
"  --file-timeout=S  stop checking a file after S seconds of CPU time, or\n"
"                    S seconds waiting without using any, and report it\n"
"                    as failed (default 120; 0: no limit)\n"
"  --file-memory=M   stop checking a file that takes more than M MiB of\n"
"                    memory and report it as failed (default 4096;\n"
"                    0: no limit)\n"
"  --merge JSON...   one result from the --format=json outputs of several\n"
"                    runs (shards of a tree, several trees or configs),\n"
"                    rendered in any --format\n"
"\n"
"As a kbuild checker:\n"
"  make C=1 CHECK=gup_policy        (C=2: every file, not only rebuilt ones)\n"
"                    kbuild runs 'gup_policy $(CHECKFLAGS) $(c_flags) file.c';\n"
"                    a command line with compiler options is taken as such:\n"
"                    findings go to stderr as sparse prints them, the exit\n"
"                    status is 0 unless --fail-on-findings is given, and a\n"
"                    file that never names GUP costs one read.\n"
"                    CHECK=\"gup_policy --chain=sparse\" also runs sparse\n"
"                    with the same arguments (worst exit status wins).\n"
"  --version, --help\n"
"\n"
"Exit status: 0 no finding at warning or error, 1 findings, 2 usage or\n"
"tool error (bad path, unreadable or malformed input, a file over its\n"
"budget or crashing the checker; the other files are still checked).\n"
"\n"
"Examples:\n"
"  gup_policy /usr/src/linux                 audit a whole kernel tree\n"
"  gup_policy --show-fixes drivers/vfio      findings with their patches\n"
"  gup_policy --format=patch io_uring | patch -p1\n"
"  gup_policy -p build drivers/infiniband    with the build's own flags\n";

enum {
	OPT_FORMAT = 256, OPT_RULES, OPT_DISABLE, OPT_VERSION, OPT_HELP,
	OPT_SEVERITY, OPT_SHOW_FIXES, OPT_CACHE, OPT_INCLUDE_MM, OPT_LIST,
	OPT_EXPLAIN, OPT_MERGE, OPT_FILE_TIMEOUT, OPT_FILE_MEMORY,
};

/* The pages of docs/rules, built in by scripts/embed-docs. */
extern const struct { const char *id, *text; } rule_docs[];

static const struct option longopts[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "disable", required_argument, NULL, OPT_DISABLE },
	{ "severity", required_argument, NULL, OPT_SEVERITY },
	{ "show-fixes", no_argument, NULL, OPT_SHOW_FIXES },
	{ "cache-dir", required_argument, NULL, OPT_CACHE },
	{ "include-mm", no_argument, NULL, OPT_INCLUDE_MM },
	{ "list-rules", no_argument, NULL, OPT_LIST },
	{ "explain", required_argument, NULL, OPT_EXPLAIN },
	{ "merge", no_argument, NULL, OPT_MERGE },
	{ "file-timeout", required_argument, NULL, OPT_FILE_TIMEOUT },
	{ "file-memory", required_argument, NULL, OPT_FILE_MEMORY },
	{ "verbose", no_argument, NULL, 'v' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

struct cmdline {
	struct audit_opts audit;
	struct render_opts render;
	struct discover_opts discover;
	const char *cdb_dir;
	bool merge;
};

static int bad_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", progname);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry '%s --help' for more information.\n", progname);
	return EXIT_TROUBLE;
}

/* Enable (or disable) the comma-separated rule ids in @list. */
static int select_rules(const char *list, bool only)
{
	char *copy = xstrdup(list), *save = NULL, *id;

	if (only)
		for (int i = 0; i < rule_count(); i++)
			rule_at(i)->enabled = false;
	for (id = strtok_r(copy, ",", &save); id; id = strtok_r(NULL, ",", &save)) {
		struct rule *r = rule_find(id);

		if (!r) {
			int rc = bad_usage("unknown rule '%s' (see --list-rules)", id);

			free(copy);
			return rc;
		}
		r->enabled = only;
	}
	free(copy);
	return 0;
}

static void list_rules(void)
{
	for (int i = 0; i < rule_count(); i++) {
		struct rule *r = rule_at(i);

		printf("%-22s %-8s %s\n", r->id, severity_name(r->sev), r->summary);
	}
}

static int parse_jobs(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 1 || v > 1024)
		return bad_usage("-j needs a number from 1 to 1024, not '%s'", s);
	*out = v;
	return 0;
}

/* A budget: 0 (no limit) to @max. */
static int parse_limit(const char *opt, const char *unit, const char *s,
		       unsigned max, unsigned *out)
{
	char *msg;
	int rc;

	if (parse_uint(s, 0, max, out))
		return 0;
	msg = xasprintf("%s needs a number of %s from 0 (no limit) to %u, "
			"not '%s'", opt, unit, max, s);
	rc = bad_usage("%s", msg);
	free(msg);
	return rc;
}

static int parse_args(int argc, char **argv, struct cmdline *c)
{
	int opt, rc;

	while ((opt = getopt_long(argc, argv, "p:j:v", longopts, NULL)) != -1) {
		switch (opt) {
		case 'p':
			c->cdb_dir = optarg;
			break;
		case 'j':
			if ((rc = parse_jobs(optarg, &c->audit.jobs)))
				return rc;
			break;
		case 'v':
			c->audit.verbose = c->render.verbose = true;
			break;
		case OPT_FORMAT:
			if (!strcmp(optarg, "text"))
				c->render.format = FMT_TEXT;
			else if (!strcmp(optarg, "json"))
				c->render.format = FMT_JSON;
			else if (!strcmp(optarg, "patch"))
				c->render.format = FMT_PATCH;
			else
				return bad_usage("unknown format '%s' "
						 "(text, json, patch)", optarg);
			break;
		case OPT_RULES:
		case OPT_DISABLE:
			if ((rc = select_rules(optarg, opt == OPT_RULES)))
				return rc;
			break;
		case OPT_SEVERITY:
			if (!strcmp(optarg, "note"))
				c->render.min_sev = SEV_NOTE;
			else if (!strcmp(optarg, "warning"))
				c->render.min_sev = SEV_WARNING;
			else if (!strcmp(optarg, "error"))
				c->render.min_sev = SEV_ERROR;
			else
				return bad_usage("unknown severity '%s' "
						 "(note, warning, error)", optarg);
			break;
		case OPT_SHOW_FIXES:
			c->render.show_fixes = true;
			break;
		case OPT_CACHE:
			c->audit.cache = optarg;
			break;
		case OPT_MERGE:
			c->merge = true;
			break;
		case OPT_FILE_TIMEOUT:
			if ((rc = parse_limit("--file-timeout", "seconds", optarg,
					      MAX_FILE_SECONDS,
					      &c->audit.file_seconds)))
				return rc;
			break;
		case OPT_FILE_MEMORY:
			if ((rc = parse_limit("--file-memory", "MiB", optarg,
					      MAX_FILE_MIB, &c->audit.file_mib)))
				return rc;
			break;
		case OPT_INCLUDE_MM:
			c->discover.include_mm = true;
			break;
		case OPT_LIST:
			list_rules();
			exit(0);
		case OPT_EXPLAIN:
			for (int i = 0; rule_docs[i].id; i++) {
				if (strcmp(rule_docs[i].id, optarg) == 0) {
					fputs(rule_docs[i].text, stdout);
					exit(0);
				}
			}
			return bad_usage("no documentation for rule '%s' "
					 "(see --list-rules)", optarg);
		case OPT_VERSION: {
			CXString v = clang_getClangVersion();

			printf("gup_policy %s (libclang: %s)\n",
			       GUP_POLICY_VERSION, clang_getCString(v));
			clang_disposeString(v);
			exit(0);
		}
		case OPT_HELP:
			fputs(usage_text, stdout);
			exit(0);
		default:
			fprintf(stderr, "Try '%s --help' for more information.\n",
				progname);
			return EXIT_TROUBLE;
		}
	}
	return 0;
}

static int collect(struct targets *t, int argc, char **argv, struct cmdline *c,
		   const struct compdb *db)
{
	if (optind == argc && db) {
		for (int i = 0; i < db->nr; i++)
			if (ends_with(db->v[i].file, ".c") &&
			    discover(t, db->v[i].file, &c->discover) < 0)
				return -1;
		return 0;
	}
	if (optind == argc) {
		bad_usage("%s", "no PATH given");
		return -1;
	}
	for (int i = optind; i < argc; i++)
		if (discover(t, argv[i], &c->discover) < 0)
			return -1;
	return 0;
}

static void report_trouble(const struct audit *a, bool verbose)
{
	for (int i = 0; i < a->targets->nr; i++) {
		const struct file_result *r = &a->res[i];

		if (r->state == FS_FAILED)
			warnx_("%s: %s", a->targets->v[i].display, r->failure);
		else if (verbose && r->state == FS_PARSED && r->errors)
			warnx_("%s: parsed with %u error%s; first: %s",
			       a->targets->v[i].display, r->errors,
			       r->errors == 1 ? "" : "s", r->first_error);
	}
}

int main(int argc, char **argv)
{
	struct cmdline c = { 0 };
	struct targets t = { 0 };
	struct compdb db = { 0 };
	struct findings all = { 0 };
	struct audit a = { 0 };
	int rc, bad;
	bool trouble;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	register_rules();
	if (kbuild_style(argc, argv))
		return kbuild_main(argc, argv);
	c.audit.jobs = ncpu > 0 ? ncpu : 1;
	c.audit.file_seconds = DEFAULT_FILE_SECONDS;
	c.audit.file_mib = DEFAULT_FILE_MIB;
	c.audit.want_fixes = true;
	c.render.min_sev = SEV_WARNING;
	rc = parse_args(argc, argv, &c);
	if (rc)
		return rc;
	if (c.merge) {
		if (optind == argc)
			return bad_usage("%s", "--merge needs the JSON files to merge");
		return merge_main(argv + optind, argc - optind, &c.render);
	}
	if (c.cdb_dir && compdb_load(&db, c.cdb_dir) < 0)
		return EXIT_TROUBLE;
	c.audit.db = c.cdb_dir ? &db : NULL;
	if (collect(&t, argc, argv, &c, c.audit.db) < 0) {
		targets_free(&t);
		compdb_free(&db);
		return EXIT_TROUBLE;
	}
	targets_sort(&t);
	/* Fixes cost a re-parse each: only when they will be shown. */
	c.audit.want_fixes = c.render.show_fixes || c.render.format != FMT_TEXT;
	c.audit.want_patch = c.render.format == FMT_PATCH;
	trouble = audit_run(&a, &t, &c.audit) < 0;
	for (int i = 0; i < t.nr; i++) {
		struct findings *f = &a.res[i].found;

		for (int k = 0; k < f->nr; k++)
			*VEC_PUSH(all.v, all.nr, all.cap) = f->v[k];
		free(f->v);
		memset(f, 0, sizeof(*f));
	}
	findings_sort(&all);
	bad = render(stdout, &all, &a, &c.render);
	report_trouble(&a, c.render.verbose);
	rc = a.failed || t.truncated || trouble ? EXIT_TROUBLE :
	     bad ? EXIT_FINDINGS : 0;
	findings_free(&all);
	audit_free(&a);
	targets_free(&t);
	compdb_free(&db);
	return rc;
}
