// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "audit.h"
#include "tree_compdb.h"
#include "tree_discover.h"
#include "tree_extmod.h"
#include "kbuild.h"
#include "tree_prefilter.h"
#include "out_render.h"
#include "rules.h"
#include "util.h"

#define FILE_LIMIT (16u << 20)

struct kopts {
	struct render_opts render;
	unsigned seconds, mib;	/* the per-file budget */
	bool fail, chain_sparse;
	const char *file;
	struct argv cc;		/* "cc" and the compiler arguments */
	struct argv sparse;	/* what sparse is given, if chained */
};

/* --file-timeout=N, --file-memory=N: a bad number keeps the default. */
static void budget_opt(const char *a, unsigned max, unsigned *out)
{
	if (!parse_uint(strchr(a, '=') + 1, 0, max, out))
		warnx_("%s: not a number from 0 to %u, the default is kept",
		       a, max);
}

/* Our own options, when kbuild's CHECK names some: CHECK="gup_policy --x". */
static bool own_opt(struct kopts *k, const char *a)
{
	if (starts_with(a, "--file-timeout=")) {
		budget_opt(a, MAX_FILE_SECONDS, &k->seconds);
	} else if (starts_with(a, "--file-memory=")) {
		budget_opt(a, MAX_FILE_MIB, &k->mib);
	} else if (starts_with(a, "--severity=")) {
		const char *v = a + 11;

		k->render.min_sev = !strcmp(v, "note") ? SEV_NOTE :
				    !strcmp(v, "error") ? SEV_ERROR : SEV_WARNING;
	} else if (starts_with(a, "--confidence=")) {
		int c = confidence_parse(a + 13);

		if (c < 0)
			warnx_("%s: not high, medium or low, all are shown", a);
		k->render.min_conf = c < 0 ? CONF_LOW : (enum confidence)c;
	} else if (!strcmp(a, "--show-fixes")) {
		k->render.show_fixes = true;
	} else if (!strcmp(a, "--fail-on-findings")) {
		k->fail = true;
	} else if (!strcmp(a, "--chain=sparse")) {
		k->chain_sparse = true;
	} else if (starts_with(a, "--rules=") || starts_with(a, "--disable=")) {
		bool only = a[2] == 'r';
		char *list = xstrdup(strchr(a, '=') + 1), *save, *id;

		if (only)
			for (int i = 0; i < rule_count(); i++)
				rule_at(i)->enabled = false;
		for (id = strtok_r(list, ",", &save); id;
		     id = strtok_r(NULL, ",", &save))
			if (rule_find(id))
				rule_find(id)->enabled = only;
		free(list);
	} else {
		return false;
	}
	return true;
}

static int run_sparse(struct argv *args)
{
	pid_t pid;
	int status;

	*VEC_PUSH(args->v, args->nr, args->cap) = NULL;
	args->nr--;
	pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0) {
		execvp("sparse", args->v);
		fprintf(stderr, "%s: cannot run sparse: %s\n", progname,
			strerror(errno));
		_exit(2);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 2;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
}

/* Check the one file with kbuild's flags; nothing at all if no GUP. */
static int check(struct kopts *k)
{
	struct targets t = { 0 };
	struct compdb db = { 0 };
	struct audit a = { 0 };
	struct audit_opts ao = { .jobs = 1, .want_fixes = k->render.show_fixes,
				 .file_seconds = k->seconds, .file_mib = k->mib,
				 .min_conf = k->render.min_conf };
	struct findings all = { 0 };
	struct discover_opts dopt = { .include_mm = true };
	struct kernel_ref kref = { 0 };
	struct cdb_entry *e;
	char cwd[PATH_MAX], *text = NULL;
	size_t len;
	int bad, rc;
	bool trouble;

	rc = read_file(k->file, FILE_LIMIT, &text, &len);
	if (rc < 0) {
		warnx_("%s: %s", k->file, strerror(-rc));
		return 2;
	}
	rc = prefilter_is_text(text, len) && !prefilter_match(k->file, text, len) &&
	     !prefilter_module_headers(k->file, text);
	free(text);
	if (rc)
		return 0;	/* cannot involve GUP: no libclang at all */
	if (!getcwd(cwd, sizeof(cwd)))
		return 2;
	/* M= builds: kbuild runs us in the kernel's build directory. */
	if (kernel_at(cwd, &kref))
		dopt.kernel = &kref;
	if (discover(&t, k->file, &dopt) < 0) {
		kernel_ref_free(&kref);
		return 2;
	}
	e = VEC_PUSH(db.v, db.nr, db.cap);
	memset(e, 0, sizeof(*e));
	e->dir = xstrdup(cwd);
	e->file = realpath(k->file, NULL);
	if (!e->file)
		e->file = xstrdup(k->file);
	for (int i = 0; i < k->cc.nr; i++)
		argv_add(&e->args, k->cc.v[i]);
	ao.db = &db;
	trouble = audit_run(&a, &t, &ao) < 0;
	for (int i = 0; i < t.nr; i++)
		for (int f = 0; f < a.res[i].found.nr; f++)
			*VEC_PUSH(all.v, all.nr, all.cap) = a.res[i].found.v[f];
	for (int i = 0; i < t.nr; i++) {
		free(a.res[i].found.v);
		memset(&a.res[i].found, 0, sizeof(a.res[i].found));
	}
	findings_sort(&all);
	bad = render(stderr, &all, &a, &k->render);
	for (int i = 0; i < t.nr; i++)
		if (a.res[i].state == FS_FAILED)
			warnx_("%s: %s", t.v[i].display, a.res[i].failure);
	rc = a.failed || trouble ? 2 : (bad && k->fail) ? 1 : 0;
	findings_free(&all);
	audit_free(&a);
	targets_free(&t);
	compdb_free(&db);
	kernel_ref_free(&kref);
	return rc;
}

int kbuild_main(int argc, char **argv)
{
	struct kopts k = { .render = { .min_sev = SEV_WARNING,
				       .min_conf = CONF_LOW },
			   .seconds = DEFAULT_FILE_SECONDS,
			   .mib = DEFAULT_FILE_MIB };
	int rc, src = 0;

	argv_add(&k.cc, "cc");
	argv_add(&k.sparse, "sparse");
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (own_opt(&k, a))
			continue;
		argv_add(&k.sparse, a);
		if (a[0] != '-' && ends_with(a, ".c") && !k.file)
			k.file = a;
		else
			argv_add(&k.cc, a);
	}
	if (!k.file) {
		warnx_("no .c file among the compiler arguments");
		rc = 2;
		goto out;
	}
	if (k.chain_sparse)
		src = run_sparse(&k.sparse);
	rc = check(&k);
	if (src > rc)
		rc = src;
out:
	argv_free(&k.cc);
	argv_free(&k.sparse);
	return rc;
}
