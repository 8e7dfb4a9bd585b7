// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "out_json.h"
#include "json.h"
#include "merge.h"
#include "util.h"

#define JSON_LIMIT (1u << 30)

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
	struct json *j = json_load_file(path, JSON_LIMIT);

	if (!j)
		return -1;
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

		if (finding_from_json(&list->kids[i], &f) < 0) {
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
	*seen += json_uint(stats, "files_seen");
	a->files_parsed += json_uint(stats, "files_parsed");
	a->parse_errors += json_uint(stats, "parse_errors");
	a->failed += json_uint(stats, "files_failed");
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
