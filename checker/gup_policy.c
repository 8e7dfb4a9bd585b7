// SPDX-License-Identifier: GPL-2.0
/*
 * gup_policy: find code that calls get_user_pages()/pin_user_pages()
 * against GUP's caller policy, say why, and propose the patch.
 *
 * This file runs one audit with the options cmdline.c read; the work
 * flows through tree_discover.c (files), tree_prefilter.c, parse.c,
 * facts.c, the check_*.c rules, fix.c and out_render.c, driven by audit.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "cmdline.h"
#include "out_baseline.h"
#include "tree_compdb.h"
#include "diff_lint.h"
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
