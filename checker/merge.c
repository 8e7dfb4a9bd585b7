// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "fix.h"
#include "json.h"
#include "merge.h"
#include "util.h"

#define JSON_LIMIT (1u << 30)

/* Findings point at the registry's static rule names; keep them so. */
static const char *rule_name(const char *s)
{
	const struct rule *r = rule_find(s);

	return r ? r->id : NULL;
}

static unsigned num(const struct json *o, const char *k)
{
	const struct json *v = json_get(o, k);

	return v && v->type == J_NUM && v->num >= 0 ? (unsigned)v->num : 0;
}

static char *str(const struct json *o, const char *k)
{
	const char *s = json_str(o, k);

	return s ? xstrdup(s) : NULL;
}

static const char *const confidences[] = { "high", "medium", "low", NULL };

static bool is_num(const struct json *o, const char *k)
{
	const struct json *v = json_get(o, k);

	return v && v->type == J_NUM && v->num >= 0 && v->num < 4294967296.0;
}

/* A fix's edits, as --format=json writes them; none in older output. */
static int load_edits(const struct json *list, struct edits *e)
{
	for (int i = 0; list && list->type == J_ARR && i < list->nr; i++) {
		const struct json *x = &list->kids[i];
		unsigned off = num(x, "offset"), len = num(x, "length");
		struct edit *ed;

		if (!is_num(x, "offset") || !is_num(x, "length") ||
		    !json_str(x, "text"))
			return -1;
		edit_add(e, off, off + len, json_str(x, "text"));
		ed = &e->v[e->nr - 1];
		if (is_num(x, "char_offset") && is_num(x, "char_length")) {
			ed->cstart = num(x, "char_offset");
			ed->cend = ed->cstart + num(x, "char_length");
		}
	}
	return 0;
}

static int load_finding(const struct json *j, struct finding *f)
{
	const struct json *g = json_get(j, "gup_call"), *rel = json_get(j, "related");
	const char *sev = json_str(j, "severity"), *conf = json_str(j, "confidence");
	const char *api = g ? json_str(g, "api") : NULL;

	memset(f, 0, sizeof(*f));
	f->rule = json_str(j, "rule") ? rule_name(json_str(j, "rule")) : NULL;
	f->file = str(j, "file");
	f->message = str(j, "message");
	if (!f->rule || !f->file || !f->message || !sev)
		return -1;
	f->sev = !strcmp(sev, "error") ? SEV_ERROR :
		 !strcmp(sev, "warning") ? SEV_WARNING : SEV_NOTE;
	f->confidence = confidences[0];
	for (int i = 0; conf && confidences[i]; i++)
		if (!strcmp(conf, confidences[i]))
			f->confidence = confidences[i];
	f->line = num(j, "line");
	f->col = num(j, "column");
	f->function = str(j, "function");
	if (!f->function)
		f->function = xstrdup("");
	/* The API name must outlive the JSON: intern it among the apis. */
	f->api = api && gup_api_lookup(api) ? gup_api_lookup(api)->name : "";
	f->gup_line = g ? num(g, "line") : 0;
	f->fix = str(j, "fix");
	f->nofix = str(j, "fix_note");
	f->code = str(j, "code");
	if (load_edits(json_get(j, "edits"), &f->edits) < 0)
		return -1;
	for (int i = 0; rel && rel->type == J_ARR && i < rel->nr; i++) {
		const struct json *r = &rel->kids[i];

		add_related(f, json_str(r, "file") ? json_str(r, "file") : f->file,
			    num(r, "line"), num(r, "column"), "%s",
			    json_str(r, "message") ? json_str(r, "message") : "");
	}
	return 0;
}

static bool same(const struct finding *a, const struct finding *b)
{
	return a->line == b->line && a->col == b->col &&
	       !strcmp(a->file, b->file) && !strcmp(a->rule, b->rule) &&
	       !strcmp(a->message, b->message);
}

static int load(const char *path, struct findings *fs, struct audit *a,
		int *seen)
{
	const struct json *list, *stats;
	char err[128], *text;
	struct json *j;
	size_t len;
	int rc = read_file(path, JSON_LIMIT, &text, &len);

	if (rc < 0) {
		warnx_("%s: %s", path, strerror(-rc));
		return -1;
	}
	j = json_parse(text, len, err, sizeof(err));
	free(text);
	if (!j) {
		warnx_("%s: not valid JSON: %s", path, err);
		return -1;
	}
	list = json_get(j, "findings");
	stats = json_get(j, "stats");
	if (!list || list->type != J_ARR || !stats) {
		warnx_("%s: not gup_policy JSON output (no findings and stats)", path);
		json_free(j);
		return -1;
	}
	for (int i = 0; i < list->nr; i++) {
		struct finding f;
		bool dup = false;

		if (load_finding(&list->kids[i], &f) < 0) {
			warnx_("%s: finding %d is incomplete", path, i);
			finding_free(&f);
			json_free(j);
			return -1;
		}
		for (int k = 0; k < fs->nr && !dup; k++)
			dup = same(&fs->v[k], &f);
		if (dup)
			finding_free(&f);
		else
			*VEC_PUSH(fs->v, fs->nr, fs->cap) = f;
	}
	*seen += num(stats, "files_seen");
	a->files_parsed += num(stats, "files_parsed");
	a->parse_errors += num(stats, "parse_errors");
	a->failed += num(stats, "files_failed");
	{
		const struct json *s = json_get(stats, "seconds");

		if (s && s->type == J_NUM && s->num > a->seconds)
			a->seconds = s->num;
	}
	json_free(j);
	return 0;
}

int merge_main(char **paths, int n, const struct render_opts *o,
	       struct baseline_opts *bo)
{
	struct findings fs = { 0 };
	struct audit a = { 0 };
	struct targets t = { 0 };
	struct render_opts ro = *o;
	int seen = 0, bad, rc = 0;

	for (int i = 0; i < n && !rc; i++)
		rc = load(paths[i], &fs, &a, &seen);
	findings_sort(&fs);
	if (rc || baseline_apply(bo, &fs, ro.min_sev) < 0) {
		findings_free(&fs);
		return 2;
	}
	ro.partial = bo->use != NULL;
	t.nr = seen;		/* only counted: no per-file results */
	a.targets = &t;
	a.res = NULL;
	bad = render(stdout, &fs, &a, &ro);
	findings_free(&fs);
	if (bo->write)
		return a.failed ? 2 : 0;
	return a.failed ? 2 : bad ? 1 : 0;
}
