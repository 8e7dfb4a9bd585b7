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
#include "audit_cache.h"
#include "out_baseline.h"
#include "tree_compdb.h"
#include "diff_lint.h"
#include "help.h"
#include "tree_discover.h"
#include "tree_extmod.h"
#include "mail_emit.h"
#include "kbuild.h"
#include "merge.h"
#include "out_html.h"
#include "out_progress.h"
#include "out_render.h"
#include "rules.h"
#include "util.h"
#include "version.h"

#define EXIT_FINDINGS 1
#define EXIT_TROUBLE 2


enum {
	OPT_FORMAT = 256, OPT_RULES, OPT_DISABLE, OPT_VERSION, OPT_HELP,
	OPT_SEVERITY, OPT_SHOW_FIXES, OPT_CACHE, OPT_INCLUDE_MM, OPT_LIST,
	OPT_EXPLAIN, OPT_MERGE, OPT_BASELINE, OPT_WRITE_BASELINE, OPT_DOCS_URL,
	OPT_DIFF, OPT_EMIT, OPT_FILE_TIMEOUT, OPT_FILE_MEMORY, OPT_PREPARE,
	OPT_NO_PREPARE, OPT_PREPARE_TIMEOUT, OPT_CONFIDENCE, OPT_NO_CACHE,
	OPT_CACHE_SIZE, OPT_HTML, OPT_KERNEL,
};

static const struct option longopts[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "disable", required_argument, NULL, OPT_DISABLE },
	{ "severity", required_argument, NULL, OPT_SEVERITY },
	{ "confidence", required_argument, NULL, OPT_CONFIDENCE },
	{ "show-fixes", no_argument, NULL, OPT_SHOW_FIXES },
	{ "cache-dir", required_argument, NULL, OPT_CACHE },
	{ "prepare", required_argument, NULL, OPT_PREPARE },
	{ "no-prepare", no_argument, NULL, OPT_NO_PREPARE },
	{ "prepare-timeout", required_argument, NULL, OPT_PREPARE_TIMEOUT },
	{ "cache-size", required_argument, NULL, OPT_CACHE_SIZE },
	{ "no-cache", no_argument, NULL, OPT_NO_CACHE },
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
	{ "html", required_argument, NULL, OPT_HTML },
	{ "quiet", no_argument, NULL, 'q' },
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
	struct html_opts html;	/* --html=DIR */
	const char *kernel;	/* --kernel=KDIR */
	struct kernel_ref kref;
	bool merge;
	bool quiet;
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

static int parse_prepare(const char *s, enum prep_mode *out)
{
	if (!strcmp(s, "sandbox"))
		*out = PREP_SANDBOX;
	else if (!strcmp(s, "unsandboxed"))
		*out = PREP_UNSANDBOXED;
	else if (!strcmp(s, "none"))
		*out = PREP_NONE;
	else
		return bad_usage("unknown --prepare '%s' (sandbox, unsandboxed, "
				 "none)", s);
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

	while ((opt = getopt_long(argc, argv, "p:j:qv", longopts, NULL)) != -1) {
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
		case OPT_CONFIDENCE:
			if ((rc = confidence_parse(optarg)) < 0)
				return bad_usage("unknown confidence '%s' "
						 "(high, medium, low)", optarg);
			c->render.min_conf = c->audit.min_conf = rc;
			break;
		case OPT_SHOW_FIXES:
			c->render.show_fixes = true;
			break;
		case OPT_CACHE:
			c->audit.cache = optarg;
			break;
		case OPT_PREPARE:
			if ((rc = parse_prepare(optarg, &c->audit.prepare)))
				return rc;
			break;
		case OPT_NO_PREPARE:
			c->audit.prepare = PREP_NONE;
			break;
		case OPT_PREPARE_TIMEOUT:
			if ((rc = parse_limit("--prepare-timeout", "seconds",
					      optarg, MAX_PREPARE_SECONDS,
					      &c->audit.prepare_seconds)))
				return rc;
			break;
		case OPT_NO_CACHE:
			c->audit.no_cache = true;
			break;
		case OPT_CACHE_SIZE:
			if (!parse_uint(optarg, 1, CACHE_MAX_MIB,
					&c->audit.cache_mib))
				return bad_usage("--cache-size needs a number of "
						 "MiB from 1 to 1048576, not "
						 "'%s'", optarg);
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
		case OPT_HTML:
			if (!*optarg)
				return bad_usage("%s", "--html needs a directory");
			c->html.dir = optarg;
			break;
		case 'q':
			c->quiet = true;
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
	bool tty = isatty(STDERR_FILENO);
	int bad;

	/* Fixes cost a re-parse each: only when they will be shown. */
	c->audit.want_fixes = c->render.show_fixes ||
			      c->render.format != FMT_TEXT || c->emit ||
			      c->html.dir;
	c->audit.want_patch = c->render.format == FMT_PATCH;
	if (tty && !c->quiet) {
		c->audit.progress = progress_update;
		progress_start(true);
	}
	trouble |= audit_run(&a, t, &c->audit) < 0;
	progress_stop();
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
	if (c->html.dir) {
		c->html.min_sev = c->render.min_sev;
		trouble |= html_write(&c->html, &all, &a) < 0;
	}
	fflush(stdout);
	if ((tty && !c->quiet) || c->render.verbose)
		progress_summary(stderr, &a, &all, c->render.min_sev);
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
	c.audit.prepare = PREP_SANDBOX;
	c.audit.prepare_seconds = DEFAULT_PREPARE_SECONDS;
	c.audit.want_fixes = true;
	c.render.min_sev = SEV_WARNING;
	c.render.min_conf = c.audit.min_conf = CONF_LOW;
	rc = parse_args(argc, argv, &c);
	if (rc)
		return rc;
	c.html.argc = argc;
	c.html.argv = argv;
	/* A bad baseline fails now, not after the audit. */
	if (baseline_load(&c.baseline) < 0)
		return EXIT_TROUBLE;
	if (c.merge && c.emit)
		return bad_usage("%s", "--emit-patches needs the findings' "
				 "edits: it does not go with --merge");
	if (c.merge && c.html.dir)
		return bad_usage("%s", "--html reads the audited files again: "
				 "it does not go with --merge");
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
