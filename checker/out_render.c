// SPDX-License-Identifier: GPL-2.0
/*
 * Findings out: gcc-style text, JSON (version 1), SARIF 2.1.0 (out_sarif.c),
 * or one patch of every fix.  Renderers only read findings; nothing
 * depends on them.
 */
#include <stdlib.h>
#include <string.h>

#include "out_json.h"
#include "out_render.h"
#include "out_sarif.h"
#include "util.h"
#include "version.h"

static void text_one(FILE *out, const struct finding *f, const struct render_opts *o)
{
	fprintf(out, "%s:%u:%u: %s: [%s] %s\n", f->file, f->line, f->col,
		severity_name(f->sev), f->rule, f->message);
	for (int i = 0; i < f->nrel; i++)
		fprintf(out, "%s:%u:%u: note: %s\n", f->rel[i].file,
			f->rel[i].line, f->rel[i].col, f->rel[i].msg);
	if (f->confidence != CONF_HIGH)
		fprintf(out, "%s:%u:%u: note: confidence %s%s%s\n", f->file,
			f->line, f->col, confidence_name(f->confidence),
			f->conf_why ? ": " : "", f->conf_why ? f->conf_why : "");
	if (f->patch_line)
		fprintf(out, "%s:%u:%u: note: the patch adds this line, which "
			"makes the finding the patch's\n", f->file,
			f->patch_line, f->patch_col);
	if (!o->show_fixes)
		return;
	if (f->fix)
		fputs(f->fix, out);
	else if (f->nofix)
		fprintf(out, "%s:%u:%u: note: no automatic fix: %s\n", f->file,
			f->line, f->col, f->nofix);
}

static void render_json(FILE *out, const struct findings *fs,
			const struct audit *a, const struct render_opts *o)
{
	struct strbuf sb = { 0 };
	bool first = true;

	sb_puts(&sb, "{\"tool\": {\"name\": \"gup_policy\", \"version\": ");
	sb_json_str(&sb, GUP_POLICY_VERSION);
	sb_puts(&sb, "},\n \"findings\": [");
	for (int i = 0; i < fs->nr; i++) {
		if (fs->v[i].sev < o->min_sev)
			continue;
		sb_puts(&sb, first ? "\n  " : ",\n  ");
		first = false;
		finding_to_json(&sb, &fs->v[i]);
	}
	sb_printf(&sb, "%s],\n \"stats\": {\"files_seen\": %d, "
		  "\"files_parsed\": %d, \"parse_errors\": %d, "
		  "\"files_failed\": %d, \"seconds\": %.2f}}\n",
		  first ? "" : "\n ", a->targets ? a->targets->nr : 0,
		  a->files_parsed, a->parse_errors, a->failed, a->seconds);
	fputs(sb.buf, out);
	sb_free(&sb);
}

static bool shown_fix(const struct finding *f, const struct render_opts *o)
{
	return f->fix && f->sev >= o->min_sev;
}

/*
 * One patch for the whole run: each file's fixes merged into one diff.
 * Without per-file results (--merge), or when only some findings are
 * shown (--baseline), each shown finding's fix instead, each text once.
 */
static void render_patch(FILE *out, const struct findings *fs,
			 const struct audit *a, const struct render_opts *o)
{
	if (a->res && !o->partial) {
		for (int i = 0; a->targets && i < a->targets->nr; i++)
			if (a->res[i].patch)
				fputs(a->res[i].patch, out);
		return;
	}
	for (int i = 0; i < fs->nr; i++) {
		bool dup = false;

		if (!shown_fix(&fs->v[i], o))
			continue;
		for (int k = 0; k < i && !dup; k++)
			dup = shown_fix(&fs->v[k], o) &&
			      !strcmp(fs->v[k].fix, fs->v[i].fix);
		if (!dup)
			fputs(fs->v[i].fix, out);
	}
}

int render(FILE *out, const struct findings *fs, const struct audit *a,
	   const struct render_opts *o)
{
	int bad = 0;

	for (int i = 0; i < fs->nr; i++)
		if (fs->v[i].sev >= o->min_sev && fs->v[i].sev >= SEV_WARNING)
			bad++;
	switch (o->format) {
	case FMT_JSON:
		render_json(out, fs, a, o);
		break;
	case FMT_PATCH:
		render_patch(out, fs, a, o);
		break;
	case FMT_SARIF:
		sarif_render(out, fs, a, o);
		break;
	default:
		for (int i = 0; i < fs->nr; i++)
			if (fs->v[i].sev >= o->min_sev)
				text_one(out, &fs->v[i], o);
		break;
	}
	return bad;
}
