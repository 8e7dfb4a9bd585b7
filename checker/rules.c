// SPDX-License-Identifier: GPL-2.0
/*
 * The rule registry and finding constructors.
 *
 * The registry is filled once by register_rules() before any checker
 * process is forked (each gets its copy) and only read afterwards.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "check.h"
#include "facts_pages.h"
#include "rules.h"
#include "util.h"

#define MAX_RULES 32

static struct rule rules[MAX_RULES];
static int nrules;

static const struct rule *add(struct rule r)
{
	if (nrules == MAX_RULES) {
		fprintf(stderr, "gup_policy: rule table full at '%s': raise "
			"MAX_RULES in rules.c\n", r.id);
		abort();
	}
	rules[nrules] = r;
	return &rules[nrules++];
}

const struct rule *add_rule(const char *id, enum severity sev,
			    const char *summary, call_hook_fn on_call)
{
	return add((struct rule){ id, sev, summary, on_call, NULL, true });
}

const struct rule *add_tu_rule(const char *id, enum severity sev,
			       const char *summary, tu_hook_fn on_tu)
{
	return add((struct rule){ id, sev, summary, NULL, on_tu, true });
}

bool rule_enabled(const char *id)
{
	struct rule *r = rule_find(id);

	return r && r->enabled;
}

struct rule *rule_find(const char *id)
{
	for (int i = 0; i < nrules; i++)
		if (strcmp(rules[i].id, id) == 0)
			return &rules[i];
	return NULL;
}

bool rule_known(const char *id)
{
	return rule_find(id) != NULL;
}

int rule_count(void)
{
	return nrules;
}

struct rule *rule_at(int i)
{
	return &rules[i];
}

/* Generated from docs/rules by scripts/embed-docs; a NULL id ends it. */
struct rule_doc { const char *id, *text; };
extern const struct rule_doc rule_docs[];

const char *rule_doc(const char *id)
{
	for (int i = 0; rule_docs[i].id; i++)
		if (strcmp(rule_docs[i].id, id) == 0)
			return rule_docs[i].text;
	return NULL;
}

void register_rules(void)
{
	if (nrules)
		return;
#define CHECK(fn) fn();
#include "check_list.h"
#undef CHECK
}

void run_rules(struct rule_ctx *rc)
{
	int from = rc->out->nr;

	if (!rc->tf->ngups)
		return;
	for (int r = 0; r < nrules; r++)
		if (rules[r].enabled && rules[r].on_tu)
			rules[r].on_tu(rc);
	for (int i = 0; i < rc->tf->ngups; i++)
		for (int r = 0; r < nrules; r++)
			if (rules[r].enabled && rules[r].on_call)
				rules[r].on_call(rc, &rc->tf->gups[i]);
	findings_grade(rc, from);
}

/* Every finding on a call written through a macro names it. */
static void through_macro(const struct tu_facts *tf, const struct gup_call *g,
			  struct finding *f)
{
	char *m;

	if (tf->kversion)
		m = xasprintf("%s (called as %s, a macro that resolves to %s() "
			      "against the %d.%d headers)", f->message, g->macro,
			      g->api->name, tf->kversion / 100,
			      tf->kversion % 100);
	else
		m = xasprintf("%s (called as %s, a macro that resolves to %s())",
			      f->message, g->macro, g->api->name);
	free(f->message);
	f->message = m;
}

struct finding *report(struct rule_ctx *rc, const struct rule *rule,
		       enum severity sev, struct gup_call *g,
		       const char *fmt, ...)
{
	struct finding *f = VEC_PUSH(rc->out->v, rc->out->nr, rc->out->cap);
	va_list ap;

	memset(f, 0, sizeof(*f));
	f->rule = rule->id;
	f->sev = sev;
	f->file = xstrdup(rc->tf->path);
	f->line = g->line;
	f->col = g->col;
	f->function = xstrdup(rc->tf->fns[g->fn].name);
	f->api = g->api->name;
	f->gup_line = g->line;
	f->gup = g - rc->tf->gups;
	va_start(ap, fmt);
	f->message = xvasprintf(fmt, ap);
	va_end(ap);
	if (g->macro[0])
		through_macro(rc->tf, g, f);
	return f;
}

struct finding *report_file(struct rule_ctx *rc, const struct rule *rule,
			    enum severity sev, const char *file, unsigned line,
			    unsigned col, const char *fmt, ...)
{
	struct finding *f = VEC_PUSH(rc->out->v, rc->out->nr, rc->out->cap);
	va_list ap;

	memset(f, 0, sizeof(*f));
	f->rule = rule->id;
	f->sev = sev;
	f->gup = -1;		/* about no one GUP call */
	f->file = xstrdup(file);
	f->line = line;
	f->col = col;
	f->function = xstrdup("");
	f->api = "";
	va_start(ap, fmt);
	f->message = xvasprintf(fmt, ap);
	va_end(ap);
	return f;
}

void report_at(struct finding *f, unsigned line, unsigned col)
{
	f->line = line;
	f->col = col;
}

void finding_needs_absent(struct finding *f, uint64_t bits)
{
	f->absent |= bits;
}

void finding_reading(struct finding *f, const char *why)
{
	f->reading = why;
}

static unsigned end_line(CXCursor c)
{
	CXSourceRange r = clang_getCursorExtent(c);
	unsigned line = 0;

	clang_getExpansionLocation(clang_getRangeEnd(r), NULL, &line, NULL,
				   NULL);
	return line;
}

/*
 * Is the finding's place, or a related one, outside the function of the
 * GUP call?  The path between them is then assumed, not seen.
 */
static bool across(const struct tu_facts *tf, const struct finding *f,
		   const struct gup_call *g)
{
	const struct fn_info *fn = &tf->fns[g->fn];
	unsigned first = ast_pos(fn->def).line, last = end_line(fn->def);

	if (f->line < first || f->line > last)
		return true;
	for (int i = 0; i < f->nrel; i++)
		if (strcmp(f->rel[i].file, f->file) ||
		    f->rel[i].line < first || f->rel[i].line > last)
			return true;
	return false;
}

void add_flags_origins(struct rule_ctx *rc, struct finding *f,
		       const struct gup_call *g, const char *lacking)
{
	unsigned first = ast_pos(g->call).line, last = end_line(g->call);

	for (int i = 0; i < g->flags.norig; i++) {
		const struct flag_origin *o = &g->flags.orig[i];

		if (o->main && (o->line < first || o->line > last))
			add_related(f, rc->tf->path, o->line, o->col,
				    "the flags are set here, without %s", lacking);
	}
}

/* Some value of the flags has unknown bits, and @bits may hide there. */
static bool partly_known(const struct flagset *s, uint64_t bits)
{
	for (int i = 0; bits && i < s->nr; i++)
		if (s->v[i].unknown)
			return true;
	return false;
}

static unsigned weaknesses(const struct tu_facts *tf, const struct finding *f)
{
	const struct gup_call *g = f->gup >= 0 ? &tf->gups[f->gup] : NULL;
	unsigned w = 0;

	if (tf->errors)
		w |= WEAK_PARSE;
	if (g && partly_known(&g->flags, f->absent))
		w |= WEAK_FLAGS;
	if (g && across(tf, f, g))
		w |= WEAK_ACROSS;
	if (f->reading)
		w |= WEAK_READING;
	return w;
}

static void grade(const struct tu_facts *tf, struct finding *f)
{
	static const char *const why[] = {
		"the file parsed with errors, its AST may lack code",
		"the flags may carry bits not known here",
		"the evidence is followed into other functions",
	};
	struct strbuf sb = { 0 };
	unsigned w = weaknesses(tf, f), n = 0;

	for (unsigned b = 0; b < 4; b++) {
		if (!(w & (1u << b)))
			continue;
		sb_puts(&sb, n++ ? "; " : "");
		sb_puts(&sb, b < 3 ? why[b] : f->reading);
	}
	f->confidence = n == 0 ? CONF_HIGH : n == 1 ? CONF_MEDIUM : CONF_LOW;
	free(f->conf_why);
	f->conf_why = n ? sb_detach(&sb) : NULL;
	sb_free(&sb);
}

void findings_grade(struct rule_ctx *rc, int from)
{
	for (int i = from; i < rc->out->nr; i++)
		grade(rc->tf, &rc->out->v[i]);
}

static const char *const conf_names[] = { "high", "medium", "low" };

const char *confidence_name(enum confidence c)
{
	return conf_names[c];
}

int confidence_parse(const char *s)
{
	for (int i = 0; s && i < 3; i++)
		if (strcmp(s, conf_names[i]) == 0)
			return i;
	return -1;
}

void add_related(struct finding *f, const char *file, unsigned line,
		 unsigned col, const char *fmt, ...)
{
	struct related *r;
	va_list ap;

	r = VEC_PUSH(f->rel, f->nrel, f->rcap);
	va_start(ap, fmt);
	r->msg = xvasprintf(fmt, ap);
	va_end(ap);
	r->file = xstrdup(file);
	r->line = line;
	r->col = col;
	/* The same note at the same place once. */
	for (int i = 0; i < f->nrel - 1; i++) {
		if (f->rel[i].line == line && f->rel[i].col == col &&
		    strcmp(f->rel[i].msg, r->msg) == 0) {
			free(r->file);
			free(r->msg);
			f->nrel--;
			return;
		}
	}
}

void finding_code(struct finding *f, const char *src, size_t len)
{
	struct strbuf sb = { 0 };
	size_t i = 0;
	unsigned line = 1;
	bool gap = false;

	while (i < len && line < f->line)
		line += src[i++] == '\n';
	for (; line == f->line && i < len && src[i] != '\n'; i++) {
		if (src[i] == ' ' || src[i] == '\t' || src[i] == '\r' ||
		    src[i] == '\f' || src[i] == '\v') {
			gap = sb.len > 0;
			continue;
		}
		if (gap)
			sb_putc(&sb, ' ');
		gap = false;
		sb_putc(&sb, src[i]);
	}
	free(f->code);
	f->code = sb_detach(&sb);
}

/* Each string with its NUL: "ab"+"c" is not "a"+"bc". */
static unsigned long long hash_str(unsigned long long h, const char *s)
{
	return fnv1a(h, s, strlen(s) + 1);
}

void finding_fingerprint(const struct finding *f, char out[FINGERPRINT_LEN + 1])
{
	unsigned long long h = FNV1A_INIT;

	h = hash_str(h, f->rule);
	h = hash_str(h, f->file);
	h = hash_str(h, f->function ? f->function : "");
	h = hash_str(h, f->code ? f->code : "");
	snprintf(out, FINGERPRINT_LEN + 1, "%016llx", h);
}

void finding_free(struct finding *f)
{
	free(f->file);
	free(f->code);
	free(f->conf_why);
	free(f->function);
	free(f->message);
	for (int i = 0; i < f->nrel; i++) {
		free(f->rel[i].file);
		free(f->rel[i].msg);
	}
	free(f->rel);
	free(f->fix);
	free(f->nofix);
	for (int i = 0; i < f->edits.nr; i++)
		free(f->edits.v[i].text);
	free(f->edits.v);
}

void findings_free(struct findings *fs)
{
	for (int i = 0; i < fs->nr; i++)
		finding_free(&fs->v[i]);
	free(fs->v);
	memset(fs, 0, sizeof(*fs));
}

const char *severity_name(enum severity s)
{
	switch (s) {
	case SEV_ERROR: return "error";
	case SEV_WARNING: return "warning";
	default: return "note";
	}
}

void findings_keep_confidence(struct findings *fs, enum confidence min)
{
	int w = 0;

	for (int i = 0; i < fs->nr; i++) {
		if (fs->v[i].confidence <= min)
			fs->v[w++] = fs->v[i];
		else
			finding_free(&fs->v[i]);
	}
	fs->nr = w;
}

static int cmp_finding(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	c = strcmp(x->rule, y->rule);
	return c ? c : strcmp(x->message, y->message);
}

void findings_sort(struct findings *fs)
{
	if (fs->nr > 1)
		qsort(fs->v, fs->nr, sizeof(*fs->v), cmp_finding);
}

void add_data_uses(struct finding *f, const char *file,
		   const struct pages_facts *pf)
{
	for (int i = 0; i < pf->ndata; i++) {
		const struct data_use *u = &pf->data[i];

		add_related(f, file, u->line, u->col,
			    "the pages' data is used by %s() here%s%s%s", u->fn,
			    u->via ? ", in " : "", u->via ? u->via : "",
			    u->via ? "()" : "");
	}
}
