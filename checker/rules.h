/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_RULES_H
#define GUP_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "facts.h"

/*
 * Rules and the findings they produce.  A rule is registered by its
 * check_*.c file (see the bottom of each) with hooks that receive the
 * shared facts; rules never walk the AST on their own to find GUP calls.
 */

enum severity { SEV_NOTE, SEV_WARNING, SEV_ERROR };

/* A byte edit of the main file; a fix is a list of them. */
struct edit {
	unsigned start, end;	/* byte range replaced */
	unsigned cstart, cend;	/* the same in characters (UTF-8 code points) */
	char *text;
};

struct edits {
	struct edit *v;
	int nr;
	size_t cap;
};

struct related {
	char *file;
	unsigned line, col;
	char *msg;
};

struct finding {
	const char *rule;
	enum severity sev;
	const char *confidence;		/* "high", "medium", "low" */
	char *file;
	unsigned line, col;
	char *function;
	char *message;
	const char *api;		/* the GUP call it concerns */
	unsigned gup_line;
	struct related *rel;
	int nrel;
	size_t rcap;
	char *fix;			/* unified diff, or NULL */
	struct edits edits;		/* what the diff does */
	char *nofix;			/* why there is no fix, or NULL */
	char *code;			/* its line's text, blanks collapsed */
};

struct findings {
	struct finding *v;
	int nr;
	size_t cap;
};

struct rule_ctx {
	struct tu_facts *tf;
	struct findings *out;
	/* Does @text, in place of the main file, parse no worse? */
	bool (*reparses)(void *ctx, const char *text, size_t len);
	void *reparse_ctx;
	bool want_fixes;
};

typedef void (*call_hook_fn)(struct rule_ctx *rc, struct gup_call *g);
typedef void (*tu_hook_fn)(struct rule_ctx *rc);

struct rule {
	const char *id;
	enum severity sev;		/* the usual severity */
	const char *summary;
	call_hook_fn on_call;		/* once per GUP call */
	tu_hook_fn on_tu;		/* once per file with GUP calls */
	bool enabled;
};

/*
 * Register a rule; the handle is what report() takes, so the id is
 * written once.  More rules than the table holds is a bug in the
 * checker: it stops at once rather than drop one.
 */
const struct rule *add_rule(const char *id, enum severity sev,
			    const char *summary, call_hook_fn on_call);
const struct rule *add_tu_rule(const char *id, enum severity sev,
			       const char *summary, tu_hook_fn on_tu);
bool rule_enabled(const char *id);
struct rule *rule_find(const char *id);
int rule_count(void);
struct rule *rule_at(int i);
void register_rules(void);
/* The rule's page of docs/rules (built in by scripts/embed-docs), or NULL. */
const char *rule_doc(const char *id);
bool rule_known(const char *id);
void run_rules(struct rule_ctx *rc);

/* Start a finding at the GUP call @g (location defaults to the call). */
struct finding *report(struct rule_ctx *rc, const struct rule *rule,
		       enum severity sev, struct gup_call *g,
		       const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/*
 * A finding about no one GUP call: a line of @file (a header the main file
 * includes, shown as given), outside any function.
 */
struct finding *report_file(struct rule_ctx *rc, const struct rule *rule,
			    enum severity sev, const char *file, unsigned line,
			    unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
void report_at(struct finding *f, unsigned line, unsigned col);
void add_related(struct finding *f, const char *file, unsigned line,
		 unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/*
 * Set f->code: the text of the finding's line in @src (the main file),
 * blanks collapsed to one space and trimmed.  With rule, file and function
 * it identifies a finding across edits that only move it.
 */
void finding_code(struct finding *f, const char *src, size_t len);
#define FINGERPRINT_LEN 16
/* A stable hash of rule, file, function and code, in hex: not the line. */
void finding_fingerprint(const struct finding *f,
			 char out[FINGERPRINT_LEN + 1]);

void finding_free(struct finding *f);
void findings_free(struct findings *fs);
const char *severity_name(enum severity s);
/* Order: file, line, column, rule. */
void findings_sort(struct findings *fs);


#endif
