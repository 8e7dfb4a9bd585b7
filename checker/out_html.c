// SPDX-License-Identifier: GPL-2.0
/*
 * --html=DIR (see out_html.h): the index, the assets and the driver; the
 * finding pages are out_html_page.c.  Everything shown that comes from
 * the audited code or the command line goes through html_esc().
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "out_html.h"
#include "out_html_int.h"
#include "tree_prepare.h"
#include "version.h"

static const char style_css[] =
"body{font:14px/1.4 sans-serif;margin:1em 2em;color:#222;background:#fff}\n"
"h1{font-size:1.4em}h2{font-size:1.2em;margin-top:1.5em}\n"
"h3{font-size:1.05em}\n"
"table{border-collapse:collapse;margin:.5em 0}\n"
"th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;"
"vertical-align:top}\n"
"th{background:#eee}th.sort{cursor:pointer}\n"
".meta th{background:none;border:none;padding-right:1em}"
".meta td{border:none}\n"
".sev{display:inline-block;padding:0 5px;border-radius:3px;color:#fff;"
"font-size:.85em}\n"
".sev-error{background:#b00}.sev-warning{background:#c60}"
".sev-note{background:#357}\n"
"code,pre,.src td.code{font-family:monospace;font-size:13px}\n"
"pre{background:#f6f6f6;padding:.5em;overflow-x:auto;tab-size:8}\n"
".doc{max-width:60em}.doc table{font-size:.95em}\n"
".src{border:1px solid #ccc;width:100%}\n"
".src td{border:none;padding:0 6px}\n"
".src td.ln{color:#888;text-align:right;user-select:none;width:4em}\n"
".src td.code{white-space:pre;tab-size:8}\n"
".src tr.hit td{background:#fdd}.src tr.step td{background:#ffd}\n"
".src tr.ann td.msg{font-family:sans-serif;white-space:normal;"
"padding:2px 6px 4px}\n"
".bubble{display:inline-block;min-width:1.4em;text-align:center;"
"border-radius:.7em;background:#357;color:#fff;font-weight:bold;"
"margin-right:.4em}\n"
".bubble.hit{background:#b00}\n"
".gap td{color:#888;background:#f4f4f4}\n"
".diff .add{color:#060;background:#e6ffe6}"
".diff .del{color:#900;background:#ffe6e6}\n"
".diff .hunk{color:#057}.diff .hdr{font-weight:bold}\n"
"nav a{margin-right:1em}\n"
"#filters label{margin-right:1em}\n";

static const char report_js[] =
"// Filters and sorting for index.html; without it everything is shown.\n"
"(function () {\n"
"  'use strict';\n"
"  var form = document.getElementById('filters');\n"
"  if (!form) return;\n"
"  form.hidden = false;\n"
"  function apply() {\n"
"    var rule = form.rule.value, dir = form.dir.value, shown = 0;\n"
"    var sev = {};\n"
"    form.querySelectorAll('input[name=sev]').forEach(function (c) {\n"
"      sev[c.value] = c.checked;\n"
"    });\n"
"    document.querySelectorAll('tr.finding').forEach(function (r) {\n"
"      var ok = (!rule || r.dataset.rule === rule) &&\n"
"               (!dir || r.dataset.dir === dir) && sev[r.dataset.sev];\n"
"      r.hidden = !ok;\n"
"      if (ok) shown++;\n"
"    });\n"
"    document.querySelectorAll('section.group').forEach(function (s) {\n"
"      s.hidden = !s.querySelector('tr.finding:not([hidden])');\n"
"    });\n"
"    document.getElementById('shown').textContent = shown;\n"
"  }\n"
"  // index.html?rule=R&sev=error,warning&dir=D starts filtered.\n"
"  var q = new URLSearchParams(location.search);\n"
"  if (q.has('rule')) form.rule.value = q.get('rule');\n"
"  if (q.has('dir')) form.dir.value = q.get('dir');\n"
"  if (q.has('sev'))\n"
"    form.querySelectorAll('input[name=sev]').forEach(function (c) {\n"
"      c.checked = q.get('sev').split(',').indexOf(c.value) >= 0;\n"
"    });\n"
"  form.addEventListener('change', apply);\n"
"  function key(row, col) {\n"
"    var c = row.cells[col];\n"
"    return c.dataset.key !== undefined ? c.dataset.key : c.textContent;\n"
"  }\n"
"  document.querySelectorAll('th.sort').forEach(function (th) {\n"
"    th.addEventListener('click', function () {\n"
"      var body = th.closest('table').tBodies[0], col = th.cellIndex;\n"
"      var up = th.dataset.dir !== 'up';\n"
"      var rows = Array.prototype.slice.call(body.rows);\n"
"      rows.sort(function (a, b) {\n"
"        var x = key(a, col), y = key(b, col), d;\n"
"        d = (x !== '' && !isNaN(x) && !isNaN(y)) ? x - y :\n"
"            x.localeCompare(y);\n"
"        return up ? d : -d;\n"
"      });\n"
"      th.dataset.dir = up ? 'up' : 'down';\n"
"      rows.forEach(function (r) { body.appendChild(r); });\n"
"    });\n"
"  });\n"
"  apply();\n"
"})();\n";

/* Length of the valid UTF-8 sequence at @s (at most @n bytes), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2;
	unsigned cp;

	if (s[0] < 0xc2 || s[0] > 0xf4 || len > n)
		return 0;
	cp = s[0] & (0x3f >> (len - 1));
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff ||
	    (cp >= 0x80 && cp < 0xa0))
		return 0;
	return len;
}

void html_esc(struct strbuf *sb, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = u[i];
		size_t len;

		if (c == '&')
			sb_puts(sb, "&amp;");
		else if (c == '<')
			sb_puts(sb, "&lt;");
		else if (c == '>')
			sb_puts(sb, "&gt;");
		else if (c == '"')
			sb_puts(sb, "&quot;");
		else if (c == '\'')
			sb_puts(sb, "&#39;");
		else if (c == '\t' || c == '\n' || (c >= 0x20 && c < 0x7f))
			sb_putc(sb, c);
		else if (c >= 0x80 && (len = utf8_len(u + i, n - i))) {
			sb_add(sb, s + i, len);
			i += len - 1;
		} else {
			/* Controls and broken UTF-8 are not text. */
			sb_puts(sb, "\xef\xbf\xbd");
		}
	}
}

void html_escs(struct strbuf *sb, const char *s)
{
	html_esc(sb, s ? s : "", s ? strlen(s) : 0);
}

void html_head(struct strbuf *sb, const char *title)
{
	sb_puts(sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		"<meta charset=\"utf-8\">\n<title>");
	html_escs(sb, title);
	sb_puts(sb, "</title>\n<link rel=\"stylesheet\" href=\"style.css\">\n"
		"</head>\n<body>\n");
}

void html_code(struct strbuf *sb, const char *s)
{
	if (!s || !*s) {
		sb_puts(sb, "&#8212;");
		return;
	}
	sb_puts(sb, "<code>");
	html_escs(sb, s);
	sb_puts(sb, "</code>");
}

void html_sev(struct strbuf *sb, enum severity s)
{
	sb_printf(sb, "<span class=\"sev sev-%s\">%s</span>", severity_name(s),
		  severity_name(s));
}

char *html_page_name(int i)
{
	return xasprintf("finding-%d.html", i);
}

char *html_source_path(const struct audit *a, const char *file)
{
	struct stat st;

	for (int i = 0; a->targets && i < a->targets->nr; i++)
		if (!strcmp(a->targets->v[i].display, file))
			return xstrdup(a->targets->v[i].path);
	/* A file of the same tree that was not audited (a header). */
	for (int i = 0; a->targets && i < a->targets->nr; i++) {
		char *p;

		if (!a->targets->v[i].root)
			continue;
		p = path_join(a->targets->v[i].root, file);
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
			return p;
		free(p);
	}
	if (stat(file, &st) == 0 && S_ISREG(st.st_mode))
		return xstrdup(file);
	return NULL;
}

static int save(const char *dir, const char *name, const char *text,
		size_t len)
{
	char *path = path_join(dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int rc = -1;

	if (fd < 0 || write_all(fd, text, len) < 0)
		warnx_("%s: %s", path, strerror(errno));
	else
		rc = 0;
	if (fd >= 0 && close(fd) < 0 && rc == 0) {
		warnx_("%s: %s", path, strerror(errno));
		rc = -1;
	}
	free(path);
	return rc;
}

/* A finding's directory, as the index groups them. */
static char *dir_of(const char *file)
{
	const char *slash = strrchr(file, '/');

	return slash ? xstrndup(file, slash - file) : xstrdup(".");
}

static bool shown(const struct finding *f, const struct html_opts *o)
{
	return f->sev >= o->min_sev;
}

/* The trees audited, with their versions, the time, the command line. */
static void index_meta(struct strbuf *sb, const struct html_opts *o,
		       const struct audit *a)
{
	struct strlist roots = { 0 };
	char when[64];
	time_t t = time(NULL);

	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", gmtime(&t));
	sb_puts(sb, "<table class=\"meta\">\n<tr><th>Audited</th><td>");
	for (int i = 0; a->targets && i < a->targets->nr; i++) {
		const char *r = a->targets->v[i].root;
		char *v;

		if (!r || strlist_has(&roots, r))
			continue;
		strlist_add(&roots, r);
		v = kernel_version(r);
		sb_puts(sb, roots.nr > 1 ? "<br>" : "");
		sb_puts(sb, "kernel tree <code>");
		html_escs(sb, r);
		sb_puts(sb, "</code>, Linux ");
		html_escs(sb, v ? v : "(version unknown)");
		free(v);
	}
	if (!roots.nr)
		sb_puts(sb, "the files named on the command line");
	sb_puts(sb, "</td></tr>\n<tr><th>When</th><td>");
	sb_puts(sb, when);
	sb_puts(sb, "</td></tr>\n<tr><th>Command</th><td><code>");
	for (int i = 0; i < o->argc; i++) {
		html_escs(sb, o->argv[i]);
		sb_putc(sb, i + 1 < o->argc ? ' ' : '\n');
	}
	sb_puts(sb, "</code></td></tr>\n<tr><th>gup_policy</th><td>");
	html_escs(sb, GUP_POLICY_VERSION);
	sb_printf(sb, "</td></tr>\n<tr><th>Files</th><td>%d seen, %d parsed, "
		  "%d with parse errors, %d failed; %.2f s</td></tr>\n"
		  "<tr><th>Shown</th><td>findings at %s or worse</td></tr>\n"
		  "</table>\n", a->targets ? a->targets->nr : 0,
		  a->files_parsed, a->parse_errors, a->failed, a->seconds,
		  severity_name(o->min_sev));
	strlist_free(&roots);
}

/* Rule ids, or directories, of the findings shown, each once, in order. */
static void distinct(struct strlist *out, const struct findings *fs,
		     const struct html_opts *o, bool dirs)
{
	for (int i = 0; i < fs->nr; i++) {
		char *k;

		if (!shown(&fs->v[i], o))
			continue;
		k = dirs ? dir_of(fs->v[i].file) : xstrdup(fs->v[i].rule);
		if (!strlist_has(out, k))
			strlist_add(out, k);
		free(k);
	}
}

static void count_by(const struct findings *fs, const struct html_opts *o,
		     const char *rule, const char *dir, int by[3])
{
	memset(by, 0, 3 * sizeof(*by));
	for (int i = 0; i < fs->nr; i++) {
		const struct finding *f = &fs->v[i];
		char *d;

		if (!shown(f, o) || (rule && strcmp(f->rule, rule)))
			continue;
		d = dir ? dir_of(f->file) : NULL;
		if (!d || !strcmp(d, dir))
			by[f->sev]++;
		free(d);
	}
}

static void options(struct strbuf *sb, const char *name, const char *all,
		    const struct strlist *l)
{
	sb_printf(sb, "<label>%s <select name=\"%s\"><option value=\"\">%s"
		  "</option>", name, name, all);
	for (int i = 0; i < l->nr; i++) {
		sb_puts(sb, "<option>");
		html_escs(sb, l->v[i]);
		sb_puts(sb, "</option>");
	}
	sb_puts(sb, "</select></label>\n");
}

static void filters(struct strbuf *sb, const struct strlist *rules,
		    const struct strlist *dirs, int total)
{
	sb_puts(sb, "<form id=\"filters\" hidden>\n");
	options(sb, "rule", "all rules", rules);
	options(sb, "dir", "all directories", dirs);
	for (int s = SEV_ERROR; s >= SEV_NOTE; s--)
		sb_printf(sb, "<label><input type=\"checkbox\" name=\"sev\" "
			  "value=\"%s\" checked> %s</label>\n",
			  severity_name(s), severity_name(s));
	sb_printf(sb, "<p><span id=\"shown\">%d</span> of %d findings shown"
		  "</p>\n</form>\n", total, total);
}

static void by_rule(struct strbuf *sb, const struct findings *fs,
		    const struct html_opts *o, const struct strlist *rules)
{
	sb_puts(sb, "<h2>By rule</h2>\n<table>\n<thead><tr><th>Rule</th>"
		"<th>Severity</th><th>Findings</th><th>What it finds</th>"
		"</tr></thead>\n<tbody>\n");
	for (int i = 0; i < rules->nr; i++) {
		const struct rule *r = rule_find(rules->v[i]);
		int by[3];

		count_by(fs, o, r->id, NULL, by);
		sb_printf(sb, "<tr><td><a href=\"#rule-%s\">%s</a></td><td>",
			  r->id, r->id);
		html_sev(sb, r->sev);
		sb_printf(sb, "</td><td>%d</td><td>", by[0] + by[1] + by[2]);
		html_escs(sb, r->summary);
		sb_puts(sb, "</td></tr>\n");
	}
	sb_puts(sb, "</tbody>\n</table>\n");
}

/* @s in a URL's query: what is not plainly safe, percent-encoded. */
static void url_esc(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		unsigned char c = *s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("/._-", c))
			sb_putc(sb, c);
		else
			sb_printf(sb, "%%%02X", c);
	}
}

static void by_dir(struct strbuf *sb, const struct findings *fs,
		   const struct html_opts *o, const struct strlist *dirs)
{
	sb_puts(sb, "<h2>By directory</h2>\n<table id=\"by-dir\">\n<thead><tr>"
		"<th class=\"sort\">Directory</th><th class=\"sort\">Errors</th>"
		"<th class=\"sort\">Warnings</th><th class=\"sort\">Notes</th>"
		"</tr></thead>\n<tbody>\n");
	for (int i = 0; i < dirs->nr; i++) {
		int by[3];

		count_by(fs, o, NULL, dirs->v[i], by);
		/* A link to the index filtered to it (report.js reads it). */
		sb_puts(sb, "<tr><td><a href=\"index.html?dir=");
		url_esc(sb, dirs->v[i]);
		sb_puts(sb, "\"><code>");
		html_escs(sb, dirs->v[i]);
		sb_printf(sb, "</code></a></td><td>%d</td><td>%d</td><td>%d</td>"
			  "</tr>\n", by[SEV_ERROR], by[SEV_WARNING], by[SEV_NOTE]);
	}
	sb_puts(sb, "</tbody>\n</table>\n");
}

static void finding_row(struct strbuf *sb, const struct finding *f, int n)
{
	char *page = html_page_name(n), *dir = dir_of(f->file);

	sb_printf(sb, "<tr class=\"finding\" data-rule=\"%s\" data-sev=\"%s\" "
		  "data-dir=\"", f->rule, severity_name(f->sev));
	html_escs(sb, dir);
	sb_printf(sb, "\"><td data-key=\"%d\"><a href=\"%s\">%d</a></td>"
		  "<td data-key=\"%d\">", n, page, n, SEV_ERROR - f->sev);
	html_sev(sb, f->sev);
	/* Sorted by file, then line as a number. */
	sb_puts(sb, "</td><td data-key=\"");
	html_escs(sb, f->file);
	sb_printf(sb, ":%010u\"><a href=\"%s\">", f->line, page);
	html_escs(sb, f->file);
	sb_printf(sb, ":%u</a></td><td>", f->line);
	html_code(sb, f->function);
	sb_puts(sb, "</td><td>");
	html_escs(sb, f->message);
	sb_printf(sb, "</td><td>%s</td></tr>\n", f->fix ? "yes" : "no");
	free(page);
	free(dir);
}

/* The findings, one table per rule; page numbers follow @fs's order. */
static void groups(struct strbuf *sb, const struct findings *fs,
		   const struct html_opts *o, const struct strlist *rules)
{
	sb_puts(sb, "<h2>Findings</h2>\n");
	if (!rules->nr)
		sb_puts(sb, "<p>No findings.</p>\n");
	for (int r = 0; r < rules->nr; r++) {
		int n = 0;

		sb_printf(sb, "<section class=\"group\" id=\"rule-%s\">\n<h3>%s"
			  "</h3>\n<table class=\"findings\">\n<thead><tr>"
			  "<th class=\"sort\">#</th><th class=\"sort\">Severity</th>"
			  "<th class=\"sort\">Location</th>"
			  "<th class=\"sort\">Function</th><th>Message</th>"
			  "<th class=\"sort\">Patch</th></tr></thead>\n<tbody>\n",
			  rules->v[r], rules->v[r]);
		for (int i = 0; i < fs->nr; i++) {
			if (!shown(&fs->v[i], o))
				continue;
			n++;
			if (!strcmp(fs->v[i].rule, rules->v[r]))
				finding_row(sb, &fs->v[i], n);
		}
		sb_puts(sb, "</tbody>\n</table>\n</section>\n");
	}
}

/* Files that could not be checked, or only partly: a report says so. */
static void trouble(struct strbuf *sb, const struct audit *a)
{
	bool any = false;

	for (int i = 0; a->targets && i < a->targets->nr; i++) {
		const struct file_result *r = &a->res[i];

		if (r->state != FS_FAILED && !(r->state == FS_PARSED && r->errors))
			continue;
		if (!any)
			sb_puts(sb, "<h2>Files not fully checked</h2>\n<ul>\n");
		any = true;
		sb_puts(sb, "<li><code>");
		html_escs(sb, a->targets->v[i].display);
		sb_puts(sb, "</code>: ");
		if (r->state == FS_FAILED)
			html_escs(sb, r->failure);
		else
			sb_printf(sb, "parsed with %u error%s", r->errors,
				  r->errors == 1 ? "" : "s");
		sb_puts(sb, "</li>\n");
	}
	if (any)
		sb_puts(sb, "</ul>\n");
}

static void index_page(struct strbuf *sb, const struct html_opts *o,
		       const struct findings *fs, const struct audit *a)
{
	struct strlist rules = { 0 }, dirs = { 0 };
	int by[3];

	distinct(&rules, fs, o, false);
	distinct(&dirs, fs, o, true);
	count_by(fs, o, NULL, NULL, by);
	html_head(sb, "gup_policy report");
	sb_puts(sb, "<h1>gup_policy report</h1>\n");
	index_meta(sb, o, a);
	sb_printf(sb, "<p>%d findings: %d errors, %d warnings, %d notes.</p>\n",
		  by[0] + by[1] + by[2], by[SEV_ERROR], by[SEV_WARNING],
		  by[SEV_NOTE]);
	filters(sb, &rules, &dirs, by[0] + by[1] + by[2]);
	by_rule(sb, fs, o, &rules);
	by_dir(sb, fs, o, &dirs);
	groups(sb, fs, o, &rules);
	trouble(sb, a);
	sb_puts(sb, "<script src=\"report.js\"></script>\n</body>\n</html>\n");
	strlist_free(&rules);
	strlist_free(&dirs);
}

/* Pages of an earlier report in DIR that this one does not rewrite. */
static void remove_stale(const char *dir, int pages)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		unsigned n;
		char *want, *path;

		if (sscanf(e->d_name, "finding-%u.html", &n) != 1 ||
		    (n >= 1 && n <= (unsigned)pages))
			continue;
		want = html_page_name(n);
		path = path_join(dir, e->d_name);
		if (!strcmp(want, e->d_name))
			unlink(path);
		free(path);
		free(want);
	}
	if (d)
		closedir(d);
}

static int write_pages(const struct html_opts *o, const struct findings *fs,
		       const struct audit *a, int pages)
{
	int n = 0, prev = 0;

	for (int i = 0; i < fs->nr; i++) {
		struct strbuf sb = { 0 };
		char *name;
		int rc;

		if (!shown(&fs->v[i], o))
			continue;
		n++;
		html_finding_page(&sb, &fs->v[i], n, prev, n < pages ? n + 1 : 0,
				  a);
		name = html_page_name(n);
		rc = save(o->dir, name, sb.buf, sb.len);
		free(name);
		sb_free(&sb);
		if (rc < 0)
			return -1;
		prev = n;
	}
	return 0;
}

int html_write(const struct html_opts *o, const struct findings *fs,
	       const struct audit *a)
{
	struct strbuf sb = { 0 };
	int pages = 0, rc = -1;

	if (mkdirs(o->dir) < 0) {
		warnx_("%s: %s", o->dir, strerror(errno));
		return -1;
	}
	for (int i = 0; i < fs->nr; i++)
		pages += shown(&fs->v[i], o);
	if (save(o->dir, "style.css", style_css, sizeof(style_css) - 1) < 0 ||
	    save(o->dir, "report.js", report_js, sizeof(report_js) - 1) < 0 ||
	    write_pages(o, fs, a, pages) < 0)
		goto out;
	remove_stale(o->dir, pages);
	index_page(&sb, o, fs, a);
	rc = save(o->dir, "index.html", sb.buf, sb.len);
out:
	sb_free(&sb);
	return rc;
}
