/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_RULES_H
#define GUP_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "facts.h"

/*
 * Rules and the findings they produce.  A rule is registered by its
 * check_*.c file (see the bottom of each) with hooks that receive the
 * shared facts; rules never walk the AST on their own to find GUP calls.
 */

enum severity { SEV_NOTE, SEV_WARNING, SEV_ERROR };

/*
 * How sure a finding is.  findings_grade() sets it after the rules, one
 * step down from high for each weakness of its evidence, from the facts:
 */
enum confidence { CONF_HIGH, CONF_MEDIUM, CONF_LOW };

enum weakness {
	WEAK_PARSE = 1 << 0,	/* the file parsed with errors */
	WEAK_FLAGS = 1 << 1,	/* a flag it needs absent may hide in the
				   unknown bits of the flags' value set */
	WEAK_ACROSS = 1 << 2,	/* its evidence is in other functions */
	WEAK_READING = 1 << 3,	/* the rule's own reading of the code
				   (finding_reading()) */
};

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
	enum confidence confidence;
	char *conf_why;			/* why not high, or NULL */
	char *file;
	unsigned line, col;
	char *function;
	unsigned fn_start, fn_end;	/* the function's lines; 0: unknown */
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
	/* --diff: the added line that makes it the patch's, or 0 */
	unsigned patch_line, patch_col;

	/* While the rules run, for findings_grade(): */
	int gup;			/* index of its call in tu_facts.gups, or -1 */
	uint64_t absent;		/* FOLL_* bits it needs absent */
	const char *reading;		/* the rule's doubt, or NULL */
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
/*
 * A note at each place outside the call that spells its flags: for a
 * finding about a flag they lack (@lacking), those places are its cause.
 */
void add_flags_origins(struct rule_ctx *rc, struct finding *f,
		       const struct gup_call *g, const char *lacking);
/* The finding holds only if none of @bits is among the flags. */
void finding_needs_absent(struct finding *f, uint64_t bits);
/* The rule reads the code in a way it cannot be sure of: @why, static. */
void finding_reading(struct finding *f, const char *why);
/*
 * Set the confidence of the findings from @from on (run_rules() does),
 * from the facts: see enum weakness.
 */
void findings_grade(struct rule_ctx *rc, int from);
const char *confidence_name(enum confidence c);
/* "high", "medium", "low": the level, or -1. */
int confidence_parse(const char *s);
struct pages_facts;
/* A note at each use of the pages' data, naming the function it is in. */
void add_data_uses(struct finding *f, const char *file,
		   const struct pages_facts *pf);
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
/* Drop the findings less sure than @min (--confidence). */
void findings_keep_confidence(struct findings *fs, enum confidence min);
/* Order: file, line, column, rule. */
void findings_sort(struct findings *fs);


#endif
