// SPDX-License-Identifier: GPL-2.0
/*
 * One audit: the trees set up once (audit_setup.c), then every file
 * triaged in this process (its manifest entry, the prefilter, a cached
 * result) and the rest checked in checker processes (audit_pool.c):
 * parse, facts, rules, suppressions and fixes, each result stored in the
 * result cache (audit_cache.c) with what its parse read.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "audit_cache.h"
#include "audit_int.h"
#include "tree_cflags.h"
#include "tree_extmod.h"
#include "parse_treeless.h"
#include "facts.h"
#include "fix.h"
#include "parse.h"
#include "tree_prepare.h"
#include "audit_pool.h"
#include "tree_prefilter.h"
#include "check_suppression.h"
#include "util.h"

#define FILE_LIMIT (16u << 20)

struct reparse {
	CXIndex idx;
	const char *path;
	struct argv *args;
	unsigned errors;
};

static bool reparses(void *ctx, const char *text, size_t len)
{
	struct reparse *r = ctx;
	struct parsed p;
	bool ok;

	if (parse_file(r->idx, r->path, r->args, text, len, &p) < 0)
		return false;
	ok = p.errors <= r->errors;
	parsed_dispose(&p);
	return ok;
}

struct root_info *root_for(struct job *j, const char *root)
{
	for (int i = 0; i < j->nroots; i++)
		if (strcmp(j->roots[i].root, root) == 0)
			return &j->roots[i];
	return NULL;
}

/* The file's compiler arguments; @pch: with the tree's common headers. */
static void build_args(struct job *j, struct target *t, struct argv *args,
		       bool pch)
{
	const struct cdb_entry *e = j->o->db ? compdb_find(j->o->db, t->path) : NULL;
	struct root_info *ri = t->root ? root_for(j, t->root) : NULL;

	if (e)
		cflags_from_db(args, e->args.v, e->args.nr, e->dir);
	else if (ri && t->module)
		cflags_module(args, ri->root, ri->obj, t->module, t->path,
			      pch ? ri->pch : NULL);
	else if (ri)
		cflags_kernel(args, ri->root, ri->obj, t->path,
			      pch ? ri->pch : NULL);
	else if (t->module)
		cflags_plain_module(args, t->module, t->path);
	else
		cflags_plain(args, t->path);
	/*
	 * No kernel tree: libclang turns typo correction off, and with it
	 * the recovery of an expression that names an undeclared identifier
	 * (PAGE_SIZE, DMA_TO_DEVICE), so the whole statement around it was
	 * lost, sg_set_page() and dma_map_sg() calls with it.  The headers
	 * are few without a tree: correction costs little here.
	 */
	if (!e && !ri)
		argv_add(args, "-fspell-checking");
	if (getenv("GUP_POLICY_DEBUG"))
		for (int i = 0; i < args->nr; i++)
			fprintf(stderr, "%s: arg %s\n", t->display, args->v[i]);
}

/*
 * Parse with the precompiled headers, and again without them when that
 * gave errors (a file whose own macros change what those headers mean,
 * or a .pch out of date): the parse with fewer errors is kept.  @kernel:
 * a file outside any tree was parsed as kernel code, without its headers.
 */
static int parse_target(struct job *j, struct target *t, CXIndex idx,
			struct argv *args, struct parsed *p,
			struct cache_deps *deps, bool *kernel)
{
	struct root_info *ri = t->root ? root_for(j, t->root) : NULL;
	struct argv plain = { 0 };
	struct parsed again;
	bool pch = ri && ri->pch && !j->o->db;

	build_args(j, t, args, pch);
	*kernel = !ri && !j->o->db && extmod_wants_kernel(t->path);
	if (parse_file(idx, t->path, args, NULL, 0, p) == 0 &&
	    (!pch || !p->errors)) {
		if (!ri && !j->o->db)
			parse_treeless(idx, t->path, args, p, kernel);
		return 0;
	}
	if (!pch)
		return -1;
	/*
	 * An error the .pch cannot have caused: in a header it does not
	 * hold (another architecture's asm/), or a missing file.
	 */
	if (p->tu && p->first_error_file &&
	    ((strcmp(p->first_error_file, t->path) != 0 &&
	      !strlist_has(&ri->deps, p->first_error_file)) ||
	     (p->first_error && strstr(p->first_error, "' file not found"))))
		return 0;
	build_args(j, t, &plain, false);
	if (parse_file(idx, t->path, &plain, NULL, 0, &again) < 0) {
		argv_free(&plain);
		return p->tu ? 0 : -1;
	}
	if (p->tu && p->errors <= again.errors) {
		if (deps)
			cache_deps_add(deps, again.tu, &plain);
		parsed_dispose(&again);
		argv_free(&plain);
		return 0;
	}
	/* Its errors chose this parse: what it read counts too. */
	if (deps && p->tu)
		cache_deps_add(deps, p->tu, args);
	parsed_dispose(p);
	*p = again;
	argv_free(args);
	*args = plain;
	return 0;
}

/* Make @f at most as sure as @c, adding @why to what it says of that. */
static void lower(struct finding *f, enum confidence c, const char *why)
{
	char *w = xasprintf("%s%s%s", f->conf_why ? f->conf_why : "",
			    f->conf_why ? "; " : "", why);

	if (f->confidence < c)
		f->confidence = c;
	free(f->conf_why);
	f->conf_why = w;
}

/*
 * Findings from a degraded parse say so, with a lower confidence: a file
 * outside any kernel tree parsed without kernel headers ("low"), or a
 * module's file that still had errors against its tree ("medium").
 */
static void mark_degraded(const struct target *t, bool tree, bool kernel,
			  const struct parsed *p, struct findings *fs)
{
	if (!p->errors || (tree && !t->module) || (!tree && !kernel))
		return;
	for (int k = 0; k < fs->nr; k++) {
		struct finding *f = &fs->v[k];

		lower(f, tree ? CONF_MEDIUM : CONF_LOW, tree ?
		      "the module's file parsed with errors against its tree" :
		      "no kernel tree to build against");
		add_related(f, f->file, f->line, f->col, tree ?
			    "from a degraded parse: %u errors against the "
			    "target tree, the first: %s" :
			    "from a degraded parse: no kernel tree to build "
			    "against (%u errors, the first: %s); give "
			    "--kernel=KDIR", p->errors,
			    p->first_error ? p->first_error : "?");
	}
}

static void keep_only(struct job *j, struct target *t, struct findings *fs)
{
	int w = 0;

	for (int k = 0; k < fs->nr; k++) {
		if (j->o->keep(t, &fs->v[k], j->o->keep_ctx))
			fs->v[w++] = fs->v[k];
		else
			finding_free(&fs->v[k]);
	}
	fs->nr = w;
}

/*
 * Read file @i and settle what needs no libclang: 1 with its text when it
 * must be parsed, 0 when @r says all (unreadable, binary, no GUP name).
 */
static int load(struct job *j, int i, struct file_result *r, char **text,
		size_t *len)
{
	struct target *t = &j->a->targets->v[i];
	int rc = read_file(t->path, FILE_LIMIT, text, len);

	if (rc < 0) {
		r->state = FS_FAILED;
		r->failure = xstrdup(rc == -EFBIG ? "file too large" : strerror(-rc));
		return 0;
	}
	if (!prefilter_is_text(*text, *len)) {
		r->state = FS_FAILED;
		r->failure = xstrdup("binary data, not C source");
	} else if (!prefilter_match(t->path, *text, *len) &&
		   !(t->module && prefilter_module_headers(t->path, *text))) {
		r->state = FS_SKIPPED;
	} else {
		return 1;
	}
	free(*text);
	*text = NULL;
	return 0;
}

/*
 * The result cache's key for file @i with text hash @text: everything
 * its result depends on but the headers it includes.
 */
static unsigned long long cache_key(struct job *j, int i,
				    unsigned long long text)
{
	struct target *t = &j->a->targets->v[i];
	struct root_info *ri = t->root ? root_for(j, t->root) : NULL;
	unsigned long long h = rcache_ident(j->rc);
	struct argv args = { 0 };
	char cwd[4096];

	build_args(j, t, &args, ri && ri->pch && !j->o->db);
	for (int k = 0; k < args.nr; k++)
		h = hash_str(h, args.v[k]);
	argv_free(&args);
	h = hash_str(h, t->path);
	h = hash_str(h, t->display);
	h = hash_str(h, t->diffpath);
	h = fnv1a(h, &text, sizeof(text));
	if (ri)
		h = fnv1a(h, &ri->sig, sizeof(ri->sig));
	/* Relative names mean something else elsewhere. */
	if ((t->path[0] != '/' || j->o->db) && getcwd(cwd, sizeof(cwd)))
		h = hash_str(h, cwd);
	return h;
}

/*
 * load() through the tree's manifest: an unchanged file is settled from
 * it without being read.  1 when the file must be parsed.
 */
int sift(struct job *j, int i, struct file_result *r)
{
	struct target *t = &j->a->targets->v[i];
	const char *root = t->root ? t->root : "";
	struct stamp st;
	bool stamped = j->rc && stamp_of(t->path, &st);
	enum verdict v = V_UNKNOWN;
	char *text = NULL;	/* load() leaves it alone on a failed read */
	size_t len;
	int need;

	if (stamped)
		v = rcache_verdict(j->rc, root, t->path, &st, &j->text_hash[i]);
	if (v == V_SKIP) {
		r->state = FS_SKIPPED;
		return 0;
	}
	if (v == V_PARSE)
		return 1;
	need = load(j, i, r, &text, &len);
	if (need && j->text_hash)
		j->text_hash[i] = fnv1a(FNV1A_INIT, text, len);
	/* The stamp taken before the read: rcache_note() checks it after. */
	if (stamped && (need || r->state == FS_SKIPPED))
		rcache_note(j->rc, root, t->path, &st, need ? V_PARSE : V_SKIP,
			    need ? j->text_hash[i] : 0);
	free(text);
	return need;
}

/* The result of file @i from the cache, if it is there and still holds. */
static bool from_cache(struct job *j, int i, struct file_result *r)
{
	struct strbuf line = { 0 };
	bool ok;

	if (!j->rc)
		return false;
	ok = rcache_get(j->rc, cache_key(j, i, j->text_hash[i]), &line) &&
	     result_from_line(line.buf, line.len, r) == 0;
	if (!ok)
		file_result_free(r);
	sb_free(&line);
	j->a->files_cached += ok;
	return ok;
}

/* In the supervisor: false when the file needs a checker process. */
static bool triage(void *ctx, int i, struct file_result *r)
{
	struct job *j = ctx;

	if (j->needs)		/* done while the tree was being prepared */
		return !j->needs[i] || from_cache(j, i, r);
	return !sift(j, i, r) || from_cache(j, i, r);
}

/* In a checker process: keep the result, with what the parse read. */
static void cache_result(struct job *j, unsigned long long key,
			 struct cache_deps *deps, CXTranslationUnit tu,
			 const struct argv *args, const struct file_result *r,
			 time_t started)
{
	struct strbuf line = { 0 };

	cache_deps_add(deps, tu, args);
	result_to_line(&line, r);
	if (line.len && line.buf[line.len - 1] == '\n')
		line.buf[--line.len] = '\0';
	rcache_put(j->rc, key, deps, line.buf, started);
	sb_free(&line);
}

/* Where the finding's function starts and ends: a report shows it whole. */
static void function_lines(const struct tu_facts *tf, struct finding *f)
{
	for (int i = 0; i < tf->nfns; i++) {
		CXSourceRange r;
		unsigned a, b;

		if (strcmp(tf->fns[i].name, f->function) != 0)
			continue;
		r = clang_getCursorExtent(tf->fns[i].def);
		clang_getSpellingLocation(clang_getRangeStart(r), NULL, &a,
					  NULL, NULL);
		clang_getSpellingLocation(clang_getRangeEnd(r), NULL, &b,
					  NULL, NULL);
		if (a && a <= f->line && f->line <= b) {
			f->fn_start = a;
			f->fn_end = b;
		}
		return;
	}
}

/*
 * A tree parsed without its complete generated headers: what the parse
 * saw may differ from what the compiler sees, so each finding is one
 * step less sure, and says why.
 */
static void degrade(struct findings *fs)
{
	for (int k = 0; k < fs->nr; k++) {
		struct finding *f = &fs->v[k];

		lower(f, f->confidence < CONF_LOW ? f->confidence + 1 : CONF_LOW,
		      "the tree's generated headers are missing or incomplete");
		add_related(f, f->file, f->line, f->col, "degraded parse: the "
			    "tree's generated headers are missing or incomplete "
			    "(not prepared, see the warning above); confidence "
			    "lowered to %s", confidence_name(f->confidence));
	}
}

/* In a checker process: the whole pipeline for one file. */
/*
 * The rules over one file's facts, then what the audit asks of their
 * findings: suppressions, confidence, --diff's lines, the source lines
 * a report shows, the merged patch.
 */
static void run_checks(struct job *j, struct target *t, struct tu_facts *tf,
		       struct reparse *rp, const struct parsed *p, bool kernel,
		       struct file_result *r)
{
	struct root_info *ri = t->root ? root_for(j, t->root) : NULL;
	struct rule_ctx ctx = { tf, &r->found, reparses, rp,
				j->o->want_fixes };

	run_rules(&ctx);
	apply_suppressions(tf, &r->found);
	if (ri && ri->degraded && !j->o->db)
		degrade(&r->found);
	mark_degraded(t, ri != NULL, kernel, p, &r->found);
	findings_keep_confidence(&r->found, j->o->min_conf);
	if (j->o->keep)
		keep_only(j, t, &r->found);
	/* The line's text, while we have it: baselines match on it. */
	for (int k = 0; k < r->found.nr; k++) {
		if (!r->found.v[k].code)	/* set for a header's line */
			finding_code(&r->found.v[k], tf->src, tf->srclen);
		function_lines(tf, &r->found.v[k]);
	}
	if (j->o->want_patch)
		r->patch = fix_merge(&ctx);
}

static void check_one(void *job, CXIndex idx, int i, struct file_result *r)
{
	struct job *j = job;
	struct target *t = &j->a->targets->v[i];
	struct root_info *ri = t->root ? root_for(j, t->root) : NULL;
	struct tu_facts tf = { 0 };
	struct foll_table own = { 0 };
	struct argv args = { 0 };
	struct reparse rp = { 0 };
	struct cache_deps deps = { 0 };
	unsigned long long key = 0;
	time_t started = 0;
	struct parsed p;
	bool kernel;
	char *text = NULL;
	size_t len;

	if (!load(j, i, r, &text, &len))
		return;
	if (j->rc) {
		started = time(NULL);
		key = cache_key(j, i, fnv1a(FNV1A_INIT, text, len));
		/* libclang does not list what came from the .pch. */
		for (int k = 0; ri && ri->pch && !j->o->db && k < ri->deps.nr; k++)
			strlist_add(&deps.files, ri->deps.v[k]);
	}
	if (parse_target(j, t, idx, &args, &p, j->rc ? &deps : NULL,
			 &kernel) < 0) {
		r->state = FS_FAILED;
		r->failure = xstrdup("libclang could not parse it");
		goto out;
	}
	r->state = FS_PARSED;
	r->errors = p.errors;
	r->first_error = p.first_error ? xstrdup(p.first_error) : NULL;

	if (ri) {
		tf.ft = &ri->ft;
		tf.kversion = ri->kversion;
	} else {
		foll_table_scan(&own, text);
		if (!own.nr)
			foll_table_default(&own);
		tf.ft = &own;
	}
	tf.tu = p.tu;
	tf.errors = p.errors;
	tf.path = t->display;
	tf.diffpath = t->diffpath;
	tf.root = t->root;
	tf.src = text;
	tf.srclen = len;
	facts_extract(&tf);
	rp = (struct reparse){ idx, t->path, &args, p.errors };
	run_checks(j, t, &tf, &rp, &p, kernel, r);
	if (j->rc)
		cache_result(j, key, &deps, p.tu, &args, r, started);
	facts_free(&tf);
	parsed_dispose(&p);
out:
	cache_deps_free(&deps);
	foll_table_free(&own);
	argv_free(&args);
	free(text);
}

static void open_cache(struct job *j)
{
	char *dir = cache_dir(j->o->cache);

	j->rc = rcache_open(dir, j->o);
	free(dir);
	if (j->rc)
		j->text_hash = xcalloc(j->a->targets->nr + 1,
				       sizeof(*j->text_hash));
}

static void close_cache(struct job *j)
{
	struct audit *a = j->a;
	int parsed = 0;

	for (int i = 0; i < a->targets->nr; i++)
		parsed += a->res[i].state == FS_PARSED;
	parsed -= a->files_cached;
	if (j->o->verbose && j->rc)
		warnx_("result cache: %d file%s from the cache, %d parsed",
		       a->files_cached, a->files_cached == 1 ? "" : "s",
		       parsed);
	else if (j->o->verbose)
		warnx_("result cache: off, %d file%s parsed", parsed,
		       parsed == 1 ? "" : "s");
	rcache_close(j->rc, parsed > 0);
	free(j->text_hash);
}

int audit_run(struct audit *a, struct targets *t, const struct audit_opts *o)
{
	struct job j = { .a = a, .o = o };
	struct pool_cfg pc = {
		.jobs = o->jobs, .seconds = o->file_seconds, .mib = o->file_mib,
		.triage = triage, .check = check_one, .ctx = &j,
		.progress = o->progress,
	};
	struct timespec t0, t1;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(a, 0, sizeof(*a));
	a->targets = t;
	a->res = xcalloc(t->nr ? t->nr : 1, sizeof(*a->res));
	open_cache(&j);
	/* Checker processes are forked after this and share what it made. */
	audit_setup(&j, t);
	rc = pool_run(&pc, t->nr, a->res);
	free(j.needs);
	close_cache(&j);
	audit_roots_free(&j);
	for (int i = 0; i < t->nr; i++) {
		a->files_parsed += a->res[i].state == FS_PARSED;
		a->parse_errors += a->res[i].state == FS_PARSED &&
				   a->res[i].errors > 0;
		a->failed += a->res[i].state == FS_FAILED;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	a->seconds = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	return rc;
}

void file_result_free(struct file_result *r)
{
	free(r->first_error);
	free(r->failure);
	free(r->patch);
	findings_free(&r->found);
	memset(r, 0, sizeof(*r));
}

void audit_free(struct audit *a)
{
	for (int i = 0; a->targets && i < a->targets->nr; i++)
		file_result_free(&a->res[i]);
	free(a->res);
	memset(a, 0, sizeof(*a));
}
