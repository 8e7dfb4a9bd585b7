// SPDX-License-Identifier: GPL-2.0
/*
 * gup_policy: find code that calls get_user_pages()/pin_user_pages()
 * against GUP's caller policy, say why, and propose the patch.
 *
 * This file is the command line; the work flows through tree_discover.c
 * (files), tree_prefilter.c, parse.c, facts.c, the check_*.c rules, fix.c and
 * out_render.c, driven by audit.c.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "out_baseline.h"
#include "tree_compdb.h"
#include "diff_lint.h"
#include "tree_discover.h"
#include "tree_extmod.h"
#include "mail_emit.h"
#include "kbuild.h"
#include "merge.h"
#include "out_render.h"
#include "rules.h"
#include "util.h"
#include "version.h"

#define EXIT_FINDINGS 1
#define EXIT_TROUBLE 2

static const char usage_text[] =
"usage: gup_policy [OPTIONS] PATH...\n"
"       gup_policy [OPTIONS] --diff=FILE|- [TREE]\n"
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
"  --kernel=KDIR     files outside any kernel tree are an external module\n"
"                    built against KDIR, as 'make -C KDIR M=DIR' builds\n"
"                    it: KDIR is a kernel source tree (prepared in the\n"
"                    cache), a prepared O= build directory, or an\n"
"                    installed headers tree (/lib/modules/VERSION/build);\n"
"                    the module's own Kbuild/Makefile flags are read,\n"
"                    nothing of it is run, nothing is written\n"
"  --cache-dir=DIR   where prepared trees live (default: $GUP_POLICY_CACHE,\n"
"                    else $XDG_CACHE_HOME/gup_policy, else ~/.cache/gup_policy)\n"
"  --include-mm      also check mm/ of a kernel tree\n"
"  --diff=FILE       lint a patch, as checkpatch does: FILE ('-': standard\n"
"                    input) is a unified diff, 'git diff' or 'git\n"
"                    format-patch' output or an mbox of such mails, and\n"
"                    TREE (default '.') the tree it leads to; the C files\n"
"                    it leaves there are checked and only findings on\n"
"                    lines it adds are reported.  Exit 2 if FILE is not a\n"
"                    well-formed diff or TREE does not hold its lines\n"
"\n"
"Output:\n"
"  --format=FMT      text (default): gcc-style, one line per finding and\n"
"                    'note:' lines for related places;\n"
"                    json: version 1, findings with fixes and stats;\n"
"                    sarif: SARIF 2.1.0 for code scanning (GitHub and\n"
"                    others), with rules, fingerprints and fixes;\n"
"                    patch: every proposed fix as one patch for patch -p1\n"
"  --docs-url=URL    sarif: where docs/ is published; each rule's helpUri\n"
"                    is URL/rules/RULE.md (default: none, the rule's page\n"
"                    is in the SARIF itself)\n"
"  --show-fixes      text: print each finding's patch, or why there is none\n"
"  --emit-patches=DIR\n"
"                    write every proposed fix as a 'git format-patch' mail\n"
"                    in DIR (0001-*.patch, one per function, in an order\n"
"                    'git am' applies) and print the mails' names instead\n"
"                    of the findings: subject prefix from the file's git\n"
"                    history or its path, the rule in plain words, Cc:\n"
"                    from the tree's MAINTAINERS, From: git's user.name\n"
"                    and user.email there (else a placeholder); not\n"
"                    signed off.  Only DIR is written\n"
"  --severity=LEVEL  show findings at LEVEL or worse: note, warning\n"
"                    (default), error\n"
"  -v, --verbose     also list files that failed or parsed with errors\n"
"\n"
"Baselines (accepted findings, so CI reports only new ones):\n"
"  --write-baseline=FILE  record the findings shown (see --severity) in\n"
"                    FILE; the output is as usual, the exit status 0\n"
"                    unless a file could not be checked (2)\n"
"  --baseline=FILE   show only findings FILE does not hold, and count only\n"
"                    them in the exit status; a finding is matched by rule,\n"
"                    file, function and the text of its line, so one that\n"
"                    only moved still matches; each recorded finding\n"
"                    matches once\n"
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
"  gup_policy -p build drivers/infiniband    with the build's own flags\n"
"  gup_policy --kernel=/lib/modules/$(uname -r)/build ~/src/vendor-dma\n"
"                                            an external module\n"
"  git diff --cached | gup_policy --diff=-   before a commit\n"
"  gup_policy --diff=0001-fix.patch ~/linux  a patch, once applied\n";

enum {
	OPT_FORMAT = 256, OPT_RULES, OPT_DISABLE, OPT_VERSION, OPT_HELP,
	OPT_SEVERITY, OPT_SHOW_FIXES, OPT_CACHE, OPT_INCLUDE_MM, OPT_LIST,
	OPT_EXPLAIN, OPT_MERGE, OPT_BASELINE, OPT_WRITE_BASELINE, OPT_DOCS_URL,
	OPT_DIFF, OPT_EMIT, OPT_FILE_TIMEOUT, OPT_FILE_MEMORY, OPT_KERNEL,
};

static const struct option longopts[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "disable", required_argument, NULL, OPT_DISABLE },
	{ "severity", required_argument, NULL, OPT_SEVERITY },
	{ "show-fixes", no_argument, NULL, OPT_SHOW_FIXES },
	{ "cache-dir", required_argument, NULL, OPT_CACHE },
	{ "kernel", required_argument, NULL, OPT_KERNEL },
	{ "include-mm", no_argument, NULL, OPT_INCLUDE_MM },
	{ "list-rules", no_argument, NULL, OPT_LIST },
	{ "explain", required_argument, NULL, OPT_EXPLAIN },
	{ "merge", no_argument, NULL, OPT_MERGE },
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "write-baseline", required_argument, NULL, OPT_WRITE_BASELINE },
	{ "docs-url", required_argument, NULL, OPT_DOCS_URL },
	{ "diff", required_argument, NULL, OPT_DIFF },
	{ "emit-patches", required_argument, NULL, OPT_EMIT },
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
	struct baseline_opts baseline;
	const char *cdb_dir;
	const char *diff;	/* --diff=FILE */
	const char *emit;	/* --emit-patches=DIR */
	const char *kernel;	/* --kernel=KDIR */
	struct kernel_ref kref;
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

/* An absolute URL ("scheme:..."), kept without its trailing slashes. */
static int docs_url(char *url, const char **out)
{
	size_t n = strlen(url), i = 0;

	while (isalnum((unsigned char)url[i]) || (i && strchr("+.-", url[i])))
		i++;
	if (!i || !isalpha((unsigned char)url[0]) || url[i] != ':' || !url[i + 1])
		return bad_usage("--docs-url needs an absolute URL, not '%s'", url);
	while (n > i + 1 && url[n - 1] == '/')
		url[--n] = '\0';
	*out = url;
	return 0;
}

static int parse_format(const char *s, enum format *out)
{
	if (!strcmp(s, "text"))
		*out = FMT_TEXT;
	else if (!strcmp(s, "json"))
		*out = FMT_JSON;
	else if (!strcmp(s, "patch"))
		*out = FMT_PATCH;
	else if (!strcmp(s, "sarif"))
		*out = FMT_SARIF;
	else
		return bad_usage("unknown format '%s' (text, json, sarif, "
				 "patch)", s);
	return 0;
}

static int parse_severity(const char *s, enum severity *out)
{
	if (!strcmp(s, "note"))
		*out = SEV_NOTE;
	else if (!strcmp(s, "warning"))
		*out = SEV_WARNING;
	else if (!strcmp(s, "error"))
		*out = SEV_ERROR;
	else
		return bad_usage("unknown severity '%s' (note, warning, error)",
				 s);
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
			if ((rc = parse_format(optarg, &c->render.format)))
				return rc;
			break;
		case OPT_RULES:
		case OPT_DISABLE:
			if ((rc = select_rules(optarg, opt == OPT_RULES)))
				return rc;
			break;
		case OPT_SEVERITY:
			if ((rc = parse_severity(optarg, &c->render.min_sev)))
				return rc;
			break;
		case OPT_SHOW_FIXES:
			c->render.show_fixes = true;
			break;
		case OPT_CACHE:
			c->audit.cache = optarg;
			break;
		case OPT_KERNEL:
			c->kernel = optarg;
			break;
		case OPT_MERGE:
			c->merge = true;
			break;
		case OPT_BASELINE:
			c->baseline.use = optarg;
			break;
		case OPT_WRITE_BASELINE:
			c->baseline.write = optarg;
			break;
		case OPT_DOCS_URL:
			if ((rc = docs_url(optarg, &c->render.docs_url)))
				return rc;
			break;
		case OPT_DIFF:
			c->diff = optarg;
			break;
		case OPT_EMIT:
			if (!*optarg)
				return bad_usage("%s", "--emit-patches needs a "
						 "directory");
			c->emit = optarg;
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
			if (rule_doc(optarg)) {
				fputs(rule_doc(optarg), stdout);
				exit(0);
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

/* --diff=FILE [TREE]: the files the diff leaves, findings on its lines. */
static int collect_diff(struct targets *t, int argc, char **argv,
			struct cmdline *c, struct difflint *dl)
{
	if (argc - optind > 1) {
		bad_usage("%s", "--diff takes one TREE: the tree the diff "
			  "leads to");
		return -1;
	}
	if (c->merge) {
		bad_usage("%s", "--diff and --merge do not go together");
		return -1;
	}
	if (difflint_load(dl, c->diff, optind < argc ? argv[optind] : ".") < 0)
		return -1;
	c->audit.keep = difflint_keep;
	c->audit.keep_ctx = dl;
	return difflint_targets(dl, t, &c->discover);
}

/* Findings at warning or worse among those shown: exit status 1. */
static int count_bad(const struct findings *fs, enum severity min)
{
	int bad = 0;

	for (int i = 0; i < fs->nr; i++)
		bad += fs->v[i].sev >= min && fs->v[i].sev >= SEV_WARNING;
	return bad;
}

/* --emit-patches: the mails of the findings that would be shown. */
static int emit(const struct targets *t, const struct findings *all,
		const struct cmdline *c, const struct difflint *dl)
{
	struct emit_opts eo = { c->emit, c->diff ? dl->tree : ".",
				c->render.min_sev };

	return emit_patches(t, all, &eo, stdout);
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

/*
 * A finding on a shared header's line (foll-compat-ifdef: no function)
 * comes from every file that includes it: keep one.
 */
static bool same_header_finding(const struct finding *a,
				const struct finding *b)
{
	return !*a->function && !*b->function && !strcmp(a->rule, b->rule) &&
	       a->line == b->line && a->col == b->col &&
	       !strcmp(a->file, b->file) && !strcmp(a->message, b->message);
}

static void drop_repeats(struct findings *all)
{
	int w = 0;

	for (int i = 0; i < all->nr; i++) {
		if (w && same_header_finding(&all->v[w - 1], &all->v[i]))
			finding_free(&all->v[i]);
		else
			all->v[w++] = all->v[i];
	}
	all->nr = w;
}

/* Every file's findings, moved into one sorted list. */
static void gather(struct findings *all, struct audit *a)
{
	for (int i = 0; i < a->targets->nr; i++) {
		struct findings *f = &a->res[i].found;

		for (int k = 0; k < f->nr; k++)
			*VEC_PUSH(all->v, all->nr, all->cap) = f->v[k];
		free(f->v);
		memset(f, 0, sizeof(*f));
	}
	findings_sort(all);
	drop_repeats(all);
}

/*
 * A file outside any kernel tree that includes kernel headers is parsed
 * without them: say once how to give it a tree (what is found anyway is
 * marked as from a degraded parse, audit.c).
 */
static void hint_kernel(const struct targets *t, const struct cmdline *c)
{
	if (c->kernel || c->cdb_dir)
		return;
	for (int i = 0; i < t->nr; i++) {
		if (t->v[i].root || !extmod_wants_kernel(t->v[i].path))
			continue;
		fprintf(stderr, "%s: hint: %s is outside any kernel tree; to "
			"audit it as a module built against one, give "
			"--kernel=KDIR (a kernel tree, an O= build directory "
			"or /lib/modules/VERSION/build)\n", progname,
			t->v[i].display);
		return;
	}
}

/* Audit the targets, then record, filter and render their findings. */
static int run(struct cmdline *c, struct targets *t, bool trouble,
	       const struct difflint *dl)
{
	struct findings all = { 0 };
	struct audit a = { 0 };
	int bad;

	/* Fixes cost a re-parse each: only when they will be shown. */
	c->audit.want_fixes = c->render.show_fixes ||
			      c->render.format != FMT_TEXT || c->emit;
	c->audit.want_patch = c->render.format == FMT_PATCH;
	trouble |= audit_run(&a, t, &c->audit) < 0;
	gather(&all, &a);
	if (baseline_apply(&c->baseline, &all, c->render.min_sev) < 0) {
		findings_free(&all);
		audit_free(&a);
		return EXIT_TROUBLE;
	}
	c->render.partial = c->baseline.use != NULL;
	if (c->emit) {
		trouble |= emit(t, &all, c, dl) < 0;
		bad = count_bad(&all, c->render.min_sev);
	} else {
		bad = render(stdout, &all, &a, &c->render);
	}
	report_trouble(&a, c->render.verbose);
	trouble |= a.failed > 0;
	findings_free(&all);
	audit_free(&a);
	if (trouble)
		return EXIT_TROUBLE;
	/* A baseline just written accepts what it records. */
	return bad && !c->baseline.write ? EXIT_FINDINGS : 0;
}

int main(int argc, char **argv)
{
	struct cmdline c = { 0 };
	struct targets t = { 0 };
	struct compdb db = { 0 };
	struct difflint dl = { 0 };
	int rc;
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
	/* A bad baseline fails now, not after the audit. */
	if (baseline_load(&c.baseline) < 0)
		return EXIT_TROUBLE;
	if (c.merge && c.emit)
		return bad_usage("%s", "--emit-patches needs the findings' "
				 "edits: it does not go with --merge");
	if (c.merge && !c.diff) {
		if (optind == argc)
			rc = bad_usage("%s", "--merge needs the JSON files to merge");
		else
			rc = merge_main(argv + optind, argc - optind, &c.render,
					&c.baseline);
		goto out;
	}
	rc = EXIT_TROUBLE;
	if (c.cdb_dir && compdb_load(&db, c.cdb_dir) < 0)
		goto out;
	c.audit.db = c.cdb_dir ? &db : NULL;
	if (c.kernel) {
		if (kernel_resolve(c.kernel, &c.kref) < 0)
			goto out;
		c.discover.kernel = &c.kref;
	} else if (c.audit.db && db.nr && kernel_at(db.v[0].dir, &c.kref)) {
		/* An M= build's database: its commands ran in the kernel. */
		c.discover.kernel = &c.kref;
	}
	if ((c.diff ? collect_diff(&t, argc, argv, &c, &dl) :
		      collect(&t, argc, argv, &c, c.audit.db)) < 0)
		goto out;
	targets_sort(&t);
	hint_kernel(&t, &c);
	if (c.kernel)
		extmod_config_notes(&t);
	rc = run(&c, &t, t.truncated, &dl);
out:
	kernel_ref_free(&c.kref);
	baseline_free(&c.baseline);
	difflint_free(&dl);
	targets_free(&t);
	compdb_free(&db);
	return rc;
}
