// SPDX-License-Identifier: GPL-2.0
/*
 * Baselines: the findings a project has accepted for now, so that CI
 * reports only new ones.  Written and read as JSON (version 1):
 *
 *   {"gup_policy_baseline": 1, "tool": {...}, "findings": [
 *     {"rule": ..., "file": ..., "function": ..., "code": ...,
 *      "fingerprint": ..., "line": ..., "severity": ..., "message": ...}]}
 *
 * rule, file, function and code are the key; the rest is for the reader.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "out_baseline.h"
#include "json.h"
#include "util.h"
#include "version.h"

#define BASELINE_VERSION 1
#define BASELINE_LIMIT (256u << 20)

static int cmp_key(const char *rule, const char *file, const char *fn,
		   const char *code, const struct baseline_entry *e)
{
	int c = strcmp(file, e->file);

	if (!c)
		c = strcmp(rule, e->rule);
	if (!c)
		c = strcmp(fn, e->function);
	return c ? c : strcmp(code, e->code);
}

static int cmp_entry(const void *a, const void *b)
{
	const struct baseline_entry *x = a;

	return cmp_key(x->rule, x->file, x->function, x->code, b);
}

static void entry_free(struct baseline_entry *e)
{
	free(e->rule);
	free(e->file);
	free(e->function);
	free(e->code);
}

/* One recorded finding; -1 when a key field is missing. */
static int load_entry(struct baseline_opts *o, const struct json *j)
{
	const char *k[4] = {
		json_str(j, "rule"), json_str(j, "file"),
		json_str(j, "function"), json_str(j, "code"),
	};
	struct baseline_entry *e;

	for (size_t i = 0; i < ARRAY_SIZE(k); i++)
		if (!k[i])
			return -1;
	e = VEC_PUSH(o->v, o->nr, o->cap);
	e->rule = xstrdup(k[0]);
	e->file = xstrdup(k[1]);
	e->function = xstrdup(k[2]);
	e->code = xstrdup(k[3]);
	e->count = 1;
	return 0;
}

/* Sort, and fold identical entries into one with a count. */
static void fold(struct baseline_opts *o)
{
	int n = 0;

	if (o->nr > 1)
		qsort(o->v, o->nr, sizeof(*o->v), cmp_entry);
	for (int i = 0; i < o->nr; i++) {
		if (n && cmp_entry(&o->v[i], &o->v[n - 1]) == 0) {
			o->v[n - 1].count++;
			entry_free(&o->v[i]);
		} else {
			o->v[n++] = o->v[i];
		}
	}
	o->nr = n;
}

/* The parsed file's contents; a reason in @why when it is not a baseline. */
static int load_json(struct baseline_opts *o, const struct json *j,
		     const char **why)
{
	const struct json *ver = json_get(j, "gup_policy_baseline");
	const struct json *list = json_get(j, "findings");

	if (!ver || ver->type != J_NUM) {
		*why = "not a gup_policy baseline (no \"gup_policy_baseline\" version)";
		return -1;
	}
	if (ver->num != BASELINE_VERSION) {
		*why = "a baseline of an unknown version (this gup_policy reads 1)";
		return -1;
	}
	if (!list || list->type != J_ARR) {
		*why = "not a gup_policy baseline (no \"findings\" array)";
		return -1;
	}
	for (int i = 0; i < list->nr; i++) {
		if (load_entry(o, &list->kids[i]) < 0) {
			*why = "a finding lacks rule, file, function or code";
			return -1;
		}
	}
	return 0;
}

int baseline_load(struct baseline_opts *o)
{
	const char *why = NULL;
	struct json *j;
	int rc;

	if (!o->use)
		return 0;
	j = json_load_file(o->use, BASELINE_LIMIT);
	if (!j)
		return -1;
	rc = load_json(o, j, &why);
	json_free(j);
	if (rc < 0) {
		warnx_("%s: %s", o->use, why);
		baseline_free(o);
		return -1;
	}
	fold(o);
	return 0;
}

static void entry_json(struct strbuf *sb, const struct finding *f)
{
	char fp[FINGERPRINT_LEN + 1];

	finding_fingerprint(f, fp);
	sb_puts(sb, "{\"rule\": ");
	sb_json_str(sb, f->rule);
	sb_puts(sb, ", \"file\": ");
	sb_json_str(sb, f->file);
	sb_puts(sb, ", \"function\": ");
	sb_json_str(sb, f->function ? f->function : "");
	sb_puts(sb, ", \"code\": ");
	sb_json_str(sb, f->code ? f->code : "");
	sb_printf(sb, ", \"fingerprint\": \"%s\", \"line\": %u, \"severity\": ",
		  fp, f->line);
	sb_json_str(sb, severity_name(f->sev));
	sb_puts(sb, ", \"message\": ");
	sb_json_str(sb, f->message);
	sb_putc(sb, '}');
}

static char *baseline_text(const struct findings *fs, enum severity min_sev)
{
	struct strbuf sb = { 0 };
	bool first = true;

	sb_printf(&sb, "{\"gup_policy_baseline\": %d,\n \"tool\": "
		  "{\"name\": \"gup_policy\", \"version\": \"%s\"},\n"
		  " \"findings\": [", BASELINE_VERSION, GUP_POLICY_VERSION);
	for (int i = 0; i < fs->nr; i++) {
		if (fs->v[i].sev < min_sev)
			continue;
		sb_puts(&sb, first ? "\n  " : ",\n  ");
		first = false;
		entry_json(&sb, &fs->v[i]);
	}
	sb_puts(&sb, first ? "]}\n" : "\n ]}\n");
	return sb_detach(&sb);
}

/* Write @text to @path whole or not at all: a temporary file, renamed. */
static int write_whole(const char *path, const char *text)
{
	char *tmp = xasprintf("%s.XXXXXX", path);
	int fd = mkstemp(tmp), err = 0;

	if (fd < 0) {
		err = errno;
		goto out;
	}
	fchmod(fd, 0644);
	err = -write_all(fd, text, strlen(text));
	if (close(fd) < 0 && !err)
		err = errno;
	if (!err && rename(tmp, path) < 0)
		err = errno;
	if (err)
		unlink(tmp);
out:
	if (err)
		warnx_("%s: cannot write the baseline: %s", path, strerror(err));
	free(tmp);
	return err ? -1 : 0;
}

/* The entry recording @f, or -1. */
static int find(const struct baseline_opts *o, const struct finding *f)
{
	const char *fn = f->function ? f->function : "";
	const char *code = f->code ? f->code : "";
	int lo = 0, hi = o->nr;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		int c = cmp_key(f->rule, f->file, fn, code, &o->v[mid]);

		if (c == 0)
			return mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* Drop the findings the baseline holds, each entry absorbing one. */
static void filter(const struct baseline_opts *o, struct findings *fs)
{
	int *left = xcalloc(o->nr, sizeof(*left)), n = 0;

	for (int i = 0; i < o->nr; i++)
		left[i] = o->v[i].count;
	for (int i = 0; i < fs->nr; i++) {
		int k = find(o, &fs->v[i]);

		if (k >= 0 && left[k] > 0) {
			left[k]--;
			finding_free(&fs->v[i]);
		} else {
			fs->v[n++] = fs->v[i];
		}
	}
	fs->nr = n;
	free(left);
}

int baseline_apply(struct baseline_opts *o, struct findings *fs,
		   enum severity min_sev)
{
	if (o->write) {
		char *text = baseline_text(fs, min_sev);
		int rc = write_whole(o->write, text);

		free(text);
		if (rc < 0)
			return -1;
	}
	if (o->use)
		filter(o, fs);
	return 0;
}

void baseline_free(struct baseline_opts *o)
{
	for (int i = 0; i < o->nr; i++)
		entry_free(&o->v[i]);
	free(o->v);
	o->v = NULL;
	o->nr = 0;
	o->cap = 0;
}
