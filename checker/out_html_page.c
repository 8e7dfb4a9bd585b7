// SPDX-License-Identifier: GPL-2.0
/*
 * One page of the --html report per finding (see out_html.h): what it
 * is, its steps (the note: lines, struct finding's rel[]) numbered in
 * order, the source of its function with the finding and each step
 * marked on its line, the rule's documentation (--explain) and the patch.
 * The source is read again from the audited files; a step in another
 * function or file gets a few lines of context of its own.
 */
#include <stdlib.h>
#include <string.h>

#include "out_html_int.h"

#define SRC_LIMIT (16u << 20)	/* as the audit reads files */
#define CONTEXT 2		/* lines around a step outside the function */
#define NO_FUNCTION 10		/* around the finding, function unknown */
#define MAX_FUNCTION 2000	/* a longer one is shown around the finding */

struct mark {
	unsigned line;
	int step;		/* 0: the finding itself, else its note's number */
	const char *msg;
};

struct range {
	unsigned lo, hi;
};

/* One file shown on the page, with what is marked in it. */
struct shown {
	const char *file;	/* as the finding names it */
	struct mark *m;
	int nm;
	size_t mcap;
	struct range *r;
	int nr;
	size_t rcap;
};

struct files {
	struct shown *v;
	int nr;
	size_t cap;
};

static struct shown *file_for(struct files *fl, const char *file)
{
	struct shown *s;

	for (int i = 0; i < fl->nr; i++)
		if (!strcmp(fl->v[i].file, file))
			return &fl->v[i];
	s = VEC_PUSH(fl->v, fl->nr, fl->cap);
	memset(s, 0, sizeof(*s));
	s->file = file;
	return s;
}

static void add_range(struct shown *s, unsigned lo, unsigned hi)
{
	struct range *r = VEC_PUSH(s->r, s->nr, s->rcap);

	r->lo = lo < 1 ? 1 : lo;
	r->hi = hi < r->lo ? r->lo : hi;
}

static void add_mark(struct shown *s, unsigned line, int step, const char *msg)
{
	struct mark *m = VEC_PUSH(s->m, s->nm, s->mcap);

	*m = (struct mark){ line, step, msg };
}

static int by_lo(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Sorted, and merged where they touch or leave a gap of a few lines. */
static void merge_ranges(struct shown *s)
{
	int w = 0;

	qsort(s->r, s->nr, sizeof(*s->r), by_lo);
	for (int i = 0; i < s->nr; i++) {
		if (w && s->r[i].lo <= s->r[w - 1].hi + CONTEXT + 1) {
			if (s->r[i].hi > s->r[w - 1].hi)
				s->r[w - 1].hi = s->r[i].hi;
			continue;
		}
		s->r[w++] = s->r[i];
	}
	s->nr = w;
}

static bool in_ranges(const struct shown *s, unsigned line)
{
	for (int i = 0; i < s->nr; i++)
		if (s->r[i].lo <= line && line <= s->r[i].hi)
			return true;
	return false;
}

/* What the page shows: the function, and context around far steps. */
static void plan(struct files *fl, const struct finding *f)
{
	struct shown *own = file_for(fl, f->file);

	if (f->fn_start && f->fn_end - f->fn_start < MAX_FUNCTION)
		add_range(own, f->fn_start, f->fn_end);
	else
		add_range(own, f->line - NO_FUNCTION, f->line + NO_FUNCTION);
	add_mark(own, f->line, 0, f->message);
	for (int i = 0; i < f->nrel; i++) {
		const struct related *r = &f->rel[i];
		struct shown *s = file_for(fl, r->file);

		add_mark(s, r->line, i + 1, r->msg);
		if (!in_ranges(s, r->line))
			add_range(s, r->line - CONTEXT, r->line + CONTEXT);
	}
	for (int i = 0; i < fl->nr; i++)
		merge_ranges(&fl->v[i]);
}

static void files_free(struct files *fl)
{
	for (int i = 0; i < fl->nr; i++) {
		free(fl->v[i].m);
		free(fl->v[i].r);
	}
	free(fl->v);
}

/* The anchor of line @line of file @k on the page. */
static void anchor(struct strbuf *sb, int k, unsigned line)
{
	if (k)
		sb_printf(sb, "F%dL%u", k, line);
	else
		sb_printf(sb, "L%u", line);
}

static void bubble(struct strbuf *sb, int step)
{
	if (step)
		sb_printf(sb, "<span class=\"bubble\">%d</span>", step);
	else
		sb_puts(sb, "<span class=\"bubble hit\">!</span>");
}

/* The marks on @line, in order, as rows under it. */
static void annotations(struct strbuf *sb, const struct shown *s,
			unsigned line, const struct finding *f)
{
	for (int step = 0; step <= f->nrel; step++) {
		for (int i = 0; i < s->nm; i++) {
			if (s->m[i].line != line || s->m[i].step != step)
				continue;
			sb_puts(sb, "<tr class=\"ann\"><td class=\"ln\"></td>"
				"<td class=\"msg\">");
			bubble(sb, step);
			if (!step) {
				html_sev(sb, f->sev);
				sb_printf(sb, " [%s] ", f->rule);
			}
			html_escs(sb, s->m[i].msg);
			sb_puts(sb, "</td></tr>\n");
		}
	}
}

static const char *line_class(const struct shown *s, unsigned line)
{
	const char *c = "";

	for (int i = 0; i < s->nm; i++)
		if (s->m[i].line == line)
			c = s->m[i].step ? (*c ? c : " class=\"step\"") :
					   " class=\"hit\"";
	return c;
}

static void source_lines(struct strbuf *sb, const struct shown *s, int k,
			 const char *text, size_t len, const struct finding *f)
{
	size_t pos = 0;
	unsigned line = 1;

	sb_puts(sb, "<table class=\"src\">\n<tbody>\n");
	for (int r = 0; r < s->nr; r++) {
		if (r)
			sb_puts(sb, "<tr class=\"gap\"><td class=\"ln\">&#8942;"
				"</td><td class=\"code\"></td></tr>\n");
		for (; pos < len && line <= s->r[r].hi; line++) {
			const char *nl = memchr(text + pos, '\n', len - pos);
			size_t end = nl ? (size_t)(nl - text) : len, e = end;

			if (line >= s->r[r].lo) {
				if (e > pos && text[e - 1] == '\r')
					e--;
				sb_puts(sb, "<tr id=\"");
				anchor(sb, k, line);
				sb_printf(sb, "\"%s><td class=\"ln\">%u</td>"
					  "<td class=\"code\">",
					  line_class(s, line), line);
				html_esc(sb, text + pos, e - pos);
				sb_puts(sb, "</td></tr>\n");
				annotations(sb, s, line, f);
			}
			pos = end + 1;
		}
	}
	sb_puts(sb, "</tbody>\n</table>\n");
}

/* A file that cannot be read again: its marks, without the source. */
static void no_source(struct strbuf *sb, const struct shown *s,
		      const struct finding *f)
{
	sb_puts(sb, "<p>The source of <code>");
	html_escs(sb, s->file);
	sb_puts(sb, "</code> could not be read again.</p>\n<table class=\"src\">"
		"\n<tbody>\n");
	for (int i = 0; i < s->nm; i++) {
		sb_printf(sb, "<tr><td class=\"ln\">%u</td><td class=\"msg\">",
			  s->m[i].line);
		bubble(sb, s->m[i].step);
		html_escs(sb, s->m[i].msg);
		sb_puts(sb, "</td></tr>\n");
	}
	sb_puts(sb, "</tbody>\n</table>\n");
}

static void sources(struct strbuf *sb, const struct finding *f,
		    const struct audit *a, const struct files *fl)
{
	for (int k = 0; k < fl->nr; k++) {
		const struct shown *s = &fl->v[k];
		char *path = html_source_path(a, s->file), *text = NULL;
		size_t len = 0;

		sb_puts(sb, "<h3><code>");
		html_escs(sb, s->file);
		sb_puts(sb, "</code></h3>\n");
		if (path && read_file(path, SRC_LIMIT, &text, &len) == 0)
			source_lines(sb, s, k, text, len, f);
		else
			no_source(sb, s, f);
		free(text);
		free(path);
	}
}

/* The steps, numbered as on the source, each a link to its line. */
static void steps(struct strbuf *sb, const struct finding *f,
		  const struct files *fl)
{
	if (!f->nrel)
		return;
	sb_puts(sb, "<h2>Steps</h2>\n<ol class=\"steps\">\n");
	for (int i = 0; i < f->nrel; i++) {
		const struct related *r = &f->rel[i];
		int k = 0;

		while (k < fl->nr && strcmp(fl->v[k].file, r->file))
			k++;
		sb_puts(sb, "<li><a href=\"#");
		anchor(sb, k, r->line);
		sb_puts(sb, "\">");
		html_escs(sb, r->file);
		sb_printf(sb, ":%u:%u</a>: ", r->line, r->col);
		html_escs(sb, r->msg);
		sb_puts(sb, "</li>\n");
	}
	sb_puts(sb, "</ol>\n");
}

static void patch(struct strbuf *sb, const struct finding *f)
{
	const char *p = f->fix;

	sb_puts(sb, "<h2>Proposed patch</h2>\n");
	if (!p) {
		sb_puts(sb, "<p class=\"nofix\">");
		if (f->nofix) {
			sb_puts(sb, "No automatic fix: ");
			html_escs(sb, f->nofix);
		} else {
			sb_puts(sb, "No patch was proposed for this finding.");
		}
		sb_puts(sb, "</p>\n");
		return;
	}
	sb_puts(sb, "<pre class=\"diff\">");
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *c = starts_with(p, "+++") || starts_with(p, "---") ?
				"hdr" : *p == '@' ? "hunk" : *p == '+' ? "add" :
				*p == '-' ? "del" : "ctx";

		sb_printf(sb, "<span class=\"%s\">", c);
		html_esc(sb, p, n);
		sb_puts(sb, "</span>\n");
		p += n + (nl != NULL);
	}
	sb_puts(sb, "</pre>\n");
}

static void header(struct strbuf *sb, const struct finding *f, int i,
		   int prev, int next)
{
	char fp[FINGERPRINT_LEN + 1];

	sb_puts(sb, "<nav><a href=\"index.html\">index</a>");
	if (prev) {
		char *p = html_page_name(prev);

		sb_printf(sb, "<a href=\"%s\" rel=\"prev\">previous</a>", p);
		free(p);
	}
	if (next) {
		char *p = html_page_name(next);

		sb_printf(sb, "<a href=\"%s\" rel=\"next\">next</a>", p);
		free(p);
	}
	sb_printf(sb, "</nav>\n<h1>Finding %d: ", i);
	html_sev(sb, f->sev);
	sb_printf(sb, " [%s] ", f->rule);
	html_escs(sb, f->message);
	sb_puts(sb, "</h1>\n<table class=\"meta\">\n<tr><th>Where</th><td>"
		"<a href=\"#L");
	sb_printf(sb, "%u\"><code>", f->line);
	html_escs(sb, f->file);
	sb_printf(sb, ":%u:%u</code></a></td></tr>\n<tr><th>Function</th>"
		  "<td>", f->line, f->col);
	html_code(sb, f->function);
	sb_puts(sb, "</td></tr>\n<tr><th>GUP call</th><td><code>");
	html_escs(sb, f->api);
	sb_printf(sb, "()</code>, line %u</td></tr>\n<tr><th>Confidence</th>"
		  "<td>%s", f->gup_line, confidence_name(f->confidence));
	if (f->conf_why) {
		sb_puts(sb, ": ");
		html_escs(sb, f->conf_why);
	}
	sb_puts(sb, "</td></tr>\n");
	finding_fingerprint(f, fp);
	sb_printf(sb, "<tr><th>Fingerprint</th><td><code>%s</code></td></tr>\n"
		  "</table>\n", fp);
}

void html_finding_page(struct strbuf *sb, const struct finding *f, int i,
		       int prev, int next, const struct audit *a)
{
	struct files fl = { 0 };
	const char *doc = rule_doc(f->rule);
	char *title = xasprintf("[%s] %s:%u", f->rule, f->file, f->line);

	plan(&fl, f);
	html_head(sb, title);
	header(sb, f, i, prev, next);
	steps(sb, f, &fl);
	sb_puts(sb, "<h2>Source</h2>\n");
	sources(sb, f, a, &fl);
	sb_printf(sb, "<h2>The rule: %s</h2>\n<div class=\"doc\">\n", f->rule);
	if (doc)
		html_markdown(sb, doc);
	else
		sb_puts(sb, "<p>No documentation.</p>\n");
	sb_puts(sb, "</div>\n");
	patch(sb, f);
	sb_puts(sb, "</body>\n</html>\n");
	files_free(&fl);
	free(title);
}
