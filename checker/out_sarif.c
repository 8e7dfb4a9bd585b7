// SPDX-License-Identifier: GPL-2.0
/*
 * SARIF 2.1.0 out, the format code-scanning services ingest (GitHub code
 * scanning among them): one run whose driver lists every rule with its
 * page of docs/rules, each finding as a result with its related places,
 * the fingerprint baselines use and its fix as replacements, and the
 * files that could not be checked as notifications of the invocation.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "out_sarif.h"
#include "util.h"
#include "version.h"

#define SARIF_SCHEMA "https://docs.oasis-open.org/sarif/sarif/v2.1.0/" \
		     "errata01/os/schemas/sarif-schema-2.1.0.json"
#define FINGERPRINT_KEY "gupPolicy/v1"

/* "key": {"text": TEXT} (and "markdown": TEXT when @md). */
static void put_message(struct strbuf *sb, const char *key, const char *text,
			bool md)
{
	sb_printf(sb, "\"%s\": {\"text\": ", key);
	sb_json_str(sb, text);
	if (md) {
		sb_puts(sb, ", \"markdown\": ");
		sb_json_str(sb, text);
	}
	sb_putc(sb, '}');
}

/* A path as a URI reference: unreserved characters and '/' as they are. */
static void put_uri(struct strbuf *sb, const char *prefix, const char *path)
{
	struct strbuf u = { 0 };

	sb_puts(&u, prefix);
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (isalnum(*p) || strchr("-._~/", *p))
			sb_putc(&u, *p);
		else
			sb_printf(&u, "%%%02X", *p);
	}
	sb_json_str(sb, u.buf);
	sb_free(&u);
}

static void put_artifact(struct strbuf *sb, const char *file)
{
	sb_puts(sb, "\"artifactLocation\": {\"uri\": ");
	if (file[0] == '/') {
		put_uri(sb, "file://", file);
	} else {
		while (starts_with(file, "./"))
			file += 2;
		put_uri(sb, "", file);
		sb_puts(sb, ", \"uriBaseId\": \"SRCROOT\"");
	}
	sb_putc(sb, '}');
}

static void put_physical(struct strbuf *sb, const char *file, unsigned line,
			 unsigned col)
{
	sb_puts(sb, "\"physicalLocation\": {");
	put_artifact(sb, file);
	if (line) {
		sb_printf(sb, ", \"region\": {\"startLine\": %u", line);
		if (col)
			sb_printf(sb, ", \"startColumn\": %u", col);
		sb_putc(sb, '}');
	}
	sb_putc(sb, '}');
}

/*
 * The first paragraph of the page's "What it finds", with the list that
 * follows when it ends in a colon; NULL when the page has no such part.
 */
static char *first_paragraph(const char *page)
{
	const char *p = page ? strstr(page, "\n## What it finds\n") : NULL;
	const char *end;

	if (!p)
		return NULL;
	p += strlen("\n## What it finds\n");
	while (*p == '\n')
		p++;
	end = strstr(p, "\n\n");
	if (!end)
		end = p + strlen(p);
	if (end > p && end[-1] == ':' && *end && strncmp(end + 2, "#", 1)) {
		const char *more = strstr(end + 2, "\n\n");

		end = more ? more : end + strlen(end);
	}
	return end > p ? xstrndup(p, end - p) : NULL;
}

/*
 * SARIF's rule name: the id in PascalCase ("foll-force-pin": FollForcePin).
 * A name that differs from the id only in case must be left out (SARIF
 * 3.49.7; the SARIF validator's SARIF1001), as for "suppression".
 */
static void put_rule_name(struct strbuf *sb, const char *id)
{
	struct strbuf n = { 0 };
	bool up = true;

	for (const char *p = id; *p; p++) {
		if (*p == '-') {
			up = true;
			continue;
		}
		sb_putc(&n, up ? toupper((unsigned char)*p) : *p);
		up = false;
	}
	if (strcasecmp(n.buf, id)) {
		sb_puts(sb, ", \"name\": ");
		sb_json_str(sb, n.buf);
	}
	sb_free(&n);
}

static void put_rule(struct strbuf *sb, const struct rule *r,
		     const struct render_opts *o)
{
	const char *page = rule_doc(r->id);
	char *para = first_paragraph(page);

	sb_puts(sb, "{\"id\": ");
	sb_json_str(sb, r->id);
	put_rule_name(sb, r->id);
	sb_puts(sb, ", ");
	put_message(sb, "shortDescription", r->summary, false);
	sb_puts(sb, ", ");
	put_message(sb, "fullDescription", para ? para : r->summary, true);
	if (page) {
		sb_puts(sb, ", ");
		put_message(sb, "help", page, true);
	}
	if (o->docs_url) {
		char *uri = xasprintf("%s/rules/%s.md", o->docs_url, r->id);

		sb_puts(sb, ", \"helpUri\": ");
		sb_json_str(sb, uri);
		free(uri);
	}
	sb_printf(sb, ", \"defaultConfiguration\": {\"level\": \"%s\"}}",
		  severity_name(r->sev));
	free(para);
}

static int rule_index(const char *id)
{
	for (int i = 0; i < rule_count(); i++)
		if (strcmp(rule_at(i)->id, id) == 0)
			return i;
	return -1;
}

/* The fix as replacements of the finding's file; regions in both units. */
static void put_fix(struct strbuf *sb, const struct finding *f)
{
	sb_puts(sb, ", \"fixes\": [{");
	put_message(sb, "description", f->fix ? f->fix : "", false);
	sb_puts(sb, ", \"artifactChanges\": [{");
	put_artifact(sb, f->file);
	sb_puts(sb, ", \"replacements\": [");
	for (int i = 0; i < f->edits.nr; i++) {
		const struct edit *e = &f->edits.v[i];

		sb_printf(sb, "%s{\"deletedRegion\": {\"charOffset\": %u, "
			  "\"charLength\": %u, \"byteOffset\": %u, "
			  "\"byteLength\": %u}", i ? ", " : "", e->cstart,
			  e->cend - e->cstart, e->start, e->end - e->start);
		if (*e->text) {
			sb_puts(sb, ", \"insertedContent\": {\"text\": ");
			sb_json_str(sb, e->text);
			sb_putc(sb, '}');
		}
		sb_putc(sb, '}');
	}
	sb_puts(sb, "]}]}]");
}

static void put_related(struct strbuf *sb, const struct finding *f)
{
	sb_puts(sb, ", \"relatedLocations\": [");
	for (int i = 0; i < f->nrel; i++) {
		const struct related *r = &f->rel[i];

		sb_printf(sb, "%s{\"id\": %d, ", i ? ", " : "", i + 1);
		put_physical(sb, r->file, r->line, r->col);
		sb_puts(sb, ", ");
		put_message(sb, "message", r->msg, false);
		sb_putc(sb, '}');
	}
	sb_putc(sb, ']');
}

static void put_result(struct strbuf *sb, const struct finding *f)
{
	char fp[FINGERPRINT_LEN + 1];
	int idx = rule_index(f->rule);

	sb_puts(sb, "{\"ruleId\": ");
	sb_json_str(sb, f->rule);
	if (idx >= 0)
		sb_printf(sb, ", \"ruleIndex\": %d", idx);
	sb_printf(sb, ", \"level\": \"%s\", ", severity_name(f->sev));
	put_message(sb, "message", f->message, false);
	sb_puts(sb, ", \"locations\": [{");
	put_physical(sb, f->file, f->line, f->col);
	if (f->function && *f->function) {
		sb_puts(sb, ", \"logicalLocations\": [{\"name\": ");
		sb_json_str(sb, f->function);
		sb_puts(sb, ", \"kind\": \"function\"}]");
	}
	sb_putc(sb, '}');
	sb_putc(sb, ']');
	if (f->nrel)
		put_related(sb, f);
	finding_fingerprint(f, fp);
	sb_printf(sb, ", \"partialFingerprints\": {\"" FINGERPRINT_KEY
		  "\": \"%s\"}", fp);
	sb_puts(sb, ", \"properties\": {\"confidence\": ");
	sb_json_str(sb, confidence_name(f->confidence));
	if (f->conf_why) {
		sb_puts(sb, ", \"confidenceReason\": ");
		sb_json_str(sb, f->conf_why);
	}
	if (f->patch_line)
		sb_printf(sb, ", \"patchRegion\": {\"startLine\": %u, "
			  "\"startColumn\": %u}", f->patch_line, f->patch_col);
	if (f->api && *f->api) {
		sb_puts(sb, ", \"gupCall\": {\"api\": ");
		sb_json_str(sb, f->api);
		sb_printf(sb, ", \"line\": %u}", f->gup_line);
	}
	if (f->nofix) {
		sb_puts(sb, ", \"fixNote\": ");
		sb_json_str(sb, f->nofix);
	}
	sb_putc(sb, '}');
	if (f->edits.nr)
		put_fix(sb, f);
	sb_putc(sb, '}');
}

static void put_notification(struct strbuf *sb, bool *first, const char *level,
			     const char *file, const char *text)
{
	sb_puts(sb, *first ? "\n    " : ",\n    ");
	*first = false;
	sb_printf(sb, "{\"level\": \"%s\", ", level);
	put_message(sb, "message", text, false);
	if (file) {
		sb_puts(sb, ", \"locations\": [{");
		put_physical(sb, file, 0, 0);
		sb_puts(sb, "}]");
	}
	sb_putc(sb, '}');
}

/* Files that failed (and, with -v, parsed with errors), as report_trouble(). */
static void put_file_trouble(struct strbuf *sb, bool *first,
			     const struct audit *a, bool verbose)
{
	for (int i = 0; a->res && i < a->targets->nr; i++) {
		const struct file_result *r = &a->res[i];
		const char *file = a->targets->v[i].display;
		char *msg = NULL;

		if (r->state == FS_FAILED)
			msg = xasprintf("%s: %s", file, r->failure);
		else if (verbose && r->state == FS_PARSED && r->errors)
			msg = xasprintf("%s: parsed with %u error%s; first: %s",
					file, r->errors,
					r->errors == 1 ? "" : "s",
					r->first_error ? r->first_error : "");
		if (msg)
			put_notification(sb, first, r->state == FS_FAILED ?
					 "error" : "warning", file, msg);
		free(msg);
	}
}

/* The rules --rules or --disable turned off for this run. */
static void put_overrides(struct strbuf *sb)
{
	bool first = true;

	sb_puts(sb, ", \"ruleConfigurationOverrides\": [");
	for (int i = 0; i < rule_count(); i++) {
		if (rule_at(i)->enabled)
			continue;
		sb_printf(sb, "%s{\"descriptor\": {\"id\": \"%s\", "
			  "\"index\": %d}, \"configuration\": "
			  "{\"enabled\": false}}", first ? "" : ", ",
			  rule_at(i)->id, i);
		first = false;
	}
	sb_putc(sb, ']');
}

static void put_invocation(struct strbuf *sb, const struct audit *a,
			   const struct render_opts *o)
{
	bool truncated = a->targets && a->targets->truncated, first = true;
	char *msg;

	sb_printf(sb, "   \"invocations\": [{\"executionSuccessful\": %s",
		  a->failed || truncated ? "false" : "true");
	sb_puts(sb, ", \"toolExecutionNotifications\": [");
	if (a->targets)
		put_file_trouble(sb, &first, a, o->verbose);
	if (!a->res && a->failed) {
		/* Merged runs: only their count is known. */
		msg = xasprintf("%d file%s could not be checked", a->failed,
				a->failed == 1 ? "" : "s");
		put_notification(sb, &first, "error", NULL, msg);
		free(msg);
	}
	if (truncated)
		put_notification(sb, &first, "error", NULL,
				 "a directory walk was incomplete");
	sb_puts(sb, first ? "]" : "\n   ]");
	put_overrides(sb);
	sb_puts(sb, "}],\n");
}

static void put_driver(struct strbuf *sb, const struct render_opts *o)
{
	sb_puts(sb, "   \"tool\": {\"driver\": {\"name\": \"gup_policy\", "
		"\"version\": \"" GUP_POLICY_VERSION "\", "
		"\"semanticVersion\": \"" GUP_POLICY_VERSION "\"");
	if (o->docs_url) {
		sb_puts(sb, ", \"informationUri\": ");
		sb_json_str(sb, o->docs_url);
	}
	sb_puts(sb, ", \"rules\": [");
	for (int i = 0; i < rule_count(); i++) {
		sb_puts(sb, i ? ",\n     " : "\n     ");
		put_rule(sb, rule_at(i), o);
	}
	sb_puts(sb, "]}},\n");
}

void sarif_render(FILE *out, const struct findings *fs, const struct audit *a,
		  const struct render_opts *o)
{
	struct strbuf sb = { 0 };
	bool first = true;

	sb_puts(&sb, "{\"$schema\": \"" SARIF_SCHEMA "\",\n"
		" \"version\": \"2.1.0\",\n \"runs\": [{\n");
	put_driver(&sb, o);
	put_invocation(&sb, a, o);
	sb_puts(&sb, "   \"originalUriBaseIds\": {\"SRCROOT\": "
		"{\"description\": {\"text\": \"The root of the kernel tree "
		"audited, or the directory gup_policy ran in.\"}}},\n"
		"   \"columnKind\": \"unicodeCodePoints\",\n   \"results\": [");
	for (int i = 0; i < fs->nr; i++) {
		if (fs->v[i].sev < o->min_sev)
			continue;
		sb_puts(&sb, first ? "\n    " : ",\n    ");
		first = false;
		put_result(&sb, &fs->v[i]);
	}
	sb_puts(&sb, first ? "]}]}\n" : "\n   ]}]}\n");
	fputs(sb.buf, out);
	sb_free(&sb);
}
