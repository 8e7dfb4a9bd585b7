// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "out_json.h"
#include "fix.h"
#include "facts_kapi.h"

/* What baselines and SARIF fingerprints match on. */
static void json_key(struct strbuf *sb, const struct finding *f)
{
	char fp[FINGERPRINT_LEN + 1];

	finding_fingerprint(f, fp);
	sb_puts(sb, ", \"code\": ");
	sb_json_str(sb, f->code ? f->code : "");
	sb_printf(sb, ", \"fingerprint\": \"%s\"", fp);
}

/* The fix as edits of the file: byte and character offsets, new text. */
static void json_edits(struct strbuf *sb, const struct edits *e)
{
	sb_puts(sb, ", \"edits\": [");
	for (int i = 0; i < e->nr; i++) {
		const struct edit *x = &e->v[i];

		sb_printf(sb, "%s{\"offset\": %u, \"length\": %u, "
			  "\"char_offset\": %u, \"char_length\": %u, \"text\": ",
			  i ? ", " : "", x->start, x->end - x->start, x->cstart,
			  x->cend - x->cstart);
		sb_json_str(sb, x->text);
		sb_putc(sb, '}');
	}
	sb_putc(sb, ']');
}

void finding_to_json(struct strbuf *sb, const struct finding *f)
{
	sb_puts(sb, "{\"rule\": ");
	sb_json_str(sb, f->rule);
	sb_puts(sb, ", \"severity\": ");
	sb_json_str(sb, severity_name(f->sev));
	sb_puts(sb, ", \"confidence\": ");
	sb_json_str(sb, confidence_name(f->confidence));
	sb_puts(sb, ", \"confidence_reason\": ");
	if (f->conf_why)
		sb_json_str(sb, f->conf_why);
	else
		sb_puts(sb, "null");
	sb_puts(sb, ", \"file\": ");
	sb_json_str(sb, f->file);
	sb_printf(sb, ", \"line\": %u, \"column\": %u, \"function\": ", f->line,
		  f->col);
	sb_json_str(sb, f->function);
	sb_puts(sb, ", \"message\": ");
	sb_json_str(sb, f->message);
	sb_puts(sb, ", \"gup_call\": {\"api\": ");
	sb_json_str(sb, f->api);
	sb_printf(sb, ", \"line\": %u}, \"related\": [", f->gup_line);
	for (int i = 0; i < f->nrel; i++) {
		sb_puts(sb, i ? ", {\"file\": " : "{\"file\": ");
		sb_json_str(sb, f->rel[i].file);
		sb_printf(sb, ", \"line\": %u, \"column\": %u, \"message\": ",
			  f->rel[i].line, f->rel[i].col);
		sb_json_str(sb, f->rel[i].msg);
		sb_putc(sb, '}');
	}
	sb_puts(sb, "], \"fix\": ");
	if (f->fix)
		sb_json_str(sb, f->fix);
	else
		sb_puts(sb, "null");
	sb_puts(sb, ", \"fix_note\": ");
	if (f->nofix)
		sb_json_str(sb, f->nofix);
	else
		sb_puts(sb, "null");
	json_key(sb, f);
	json_edits(sb, &f->edits);
	if (f->patch_line)
		sb_printf(sb, ", \"patch_line\": %u, \"patch_column\": %u",
			  f->patch_line, f->patch_col);
	if (f->fn_start)
		sb_printf(sb, ", \"function_lines\": {\"start\": %u, "
			  "\"end\": %u}", f->fn_start, f->fn_end);
	else
		sb_puts(sb, ", \"function_lines\": null");
	sb_putc(sb, '}');
}

static char *str(const struct json *o, const char *k)
{
	const char *s = json_str(o, k);

	return s ? xstrdup(s) : NULL;
}

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
		unsigned off = json_uint(x, "offset"), len = json_uint(x, "length");
		struct edit *ed;

		if (!is_num(x, "offset") || !is_num(x, "length") ||
		    !json_str(x, "text"))
			return -1;
		edit_add(e, off, off + len, json_str(x, "text"));
		ed = &e->v[e->nr - 1];
		if (is_num(x, "char_offset") && is_num(x, "char_length")) {
			ed->cstart = json_uint(x, "char_offset");
			ed->cend = ed->cstart + json_uint(x, "char_length");
		}
	}
	return 0;
}

/* Rule and API names point at static strings: intern them. */
static void load_names(const struct json *j, struct finding *f)
{
	const struct json *g = json_get(j, "gup_call");
	const char *rule = json_str(j, "rule"), *conf = json_str(j, "confidence");
	const char *api = g ? json_str(g, "api") : NULL;

	f->rule = rule && rule_find(rule) ? rule_find(rule)->id : NULL;
	f->confidence = confidence_parse(conf) < 0 ? CONF_HIGH :
			(enum confidence)confidence_parse(conf);
	f->api = api && gup_api_lookup(api) ? gup_api_lookup(api)->name : "";
	f->gup_line = g ? json_uint(g, "line") : 0;
}

int finding_from_json(const struct json *j, struct finding *f)
{
	const struct json *rel = json_get(j, "related"), *fl;
	const char *sev = json_str(j, "severity");

	memset(f, 0, sizeof(*f));
	load_names(j, f);
	f->file = str(j, "file");
	f->message = str(j, "message");
	if (!f->rule || !f->file || !f->message || !sev)
		return -1;
	f->sev = !strcmp(sev, "error") ? SEV_ERROR :
		 !strcmp(sev, "warning") ? SEV_WARNING : SEV_NOTE;
	f->line = json_uint(j, "line");
	f->col = json_uint(j, "column");
	f->function = str(j, "function");
	if (!f->function)
		f->function = xstrdup("");
	fl = json_get(j, "function_lines");
	if (fl && is_num(fl, "start") && is_num(fl, "end") &&
	    json_uint(fl, "start") <= json_uint(fl, "end")) {
		f->fn_start = json_uint(fl, "start");
		f->fn_end = json_uint(fl, "end");
	}
	f->fix = str(j, "fix");
	f->nofix = str(j, "fix_note");
	f->code = str(j, "code");
	f->conf_why = str(j, "confidence_reason");
	f->patch_line = json_uint(j, "patch_line");
	f->patch_col = json_uint(j, "patch_column");
	if (load_edits(json_get(j, "edits"), &f->edits) < 0)
		return -1;
	for (int i = 0; rel && rel->type == J_ARR && i < rel->nr; i++) {
		const struct json *r = &rel->kids[i];
		const char *file = json_str(r, "file"), *msg = json_str(r, "message");

		add_related(f, file ? file : f->file, json_uint(r, "line"),
			    json_uint(r, "column"), "%s", msg ? msg : "");
	}
	return 0;
}
