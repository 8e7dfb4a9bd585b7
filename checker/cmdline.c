// SPDX-License-Identifier: GPL-2.0
/*
 * The command line: long options, their checks and their defaults' limits.
 * A bad value is one line naming the option and what it takes, and exit
 * status 2; gup_policy.c does the rest.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <clang-c/Index.h>

#include "audit_cache.h"
#include "cmdline.h"
#include "help.h"
#include "rules.h"
#include "util.h"
#include "version.h"

enum {
	OPT_FORMAT = 256, OPT_RULES, OPT_DISABLE, OPT_VERSION, OPT_HELP,
	OPT_SEVERITY, OPT_SHOW_FIXES, OPT_CACHE, OPT_INCLUDE_MM, OPT_LIST,
	OPT_EXPLAIN, OPT_MERGE, OPT_BASELINE, OPT_WRITE_BASELINE, OPT_DOCS_URL,
	OPT_DIFF, OPT_EMIT, OPT_FILE_TIMEOUT, OPT_FILE_MEMORY, OPT_PREPARE,
	OPT_NO_PREPARE, OPT_PREPARE_TIMEOUT, OPT_CONFIDENCE, OPT_NO_CACHE,
	OPT_CACHE_SIZE, OPT_HTML, OPT_KERNEL,
};

static const struct option longopts[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "disable", required_argument, NULL, OPT_DISABLE },
	{ "severity", required_argument, NULL, OPT_SEVERITY },
	{ "confidence", required_argument, NULL, OPT_CONFIDENCE },
	{ "show-fixes", no_argument, NULL, OPT_SHOW_FIXES },
	{ "cache-dir", required_argument, NULL, OPT_CACHE },
	{ "prepare", required_argument, NULL, OPT_PREPARE },
	{ "no-prepare", no_argument, NULL, OPT_NO_PREPARE },
	{ "prepare-timeout", required_argument, NULL, OPT_PREPARE_TIMEOUT },
	{ "cache-size", required_argument, NULL, OPT_CACHE_SIZE },
	{ "no-cache", no_argument, NULL, OPT_NO_CACHE },
	{ "kernel", required_argument, NULL, OPT_KERNEL },
	{ "include-mm", no_argument, NULL, OPT_INCLUDE_MM },
	{ "list-rules", no_argument, NULL, OPT_LIST },
	{ "explain", required_argument, NULL, OPT_EXPLAIN },
	{ "merge", no_argument, NULL, OPT_MERGE },
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "write-baseline", required_argument, NULL, OPT_WRITE_BASELINE },
	{ "docs-url", required_argument, NULL, OPT_DOCS_URL },
	{ "diff", required_argument, NULL, OPT_DIFF },
	{ "emit-patches", required_argument, NULL, OPT_EMIT },
	{ "file-timeout", required_argument, NULL, OPT_FILE_TIMEOUT },
	{ "file-memory", required_argument, NULL, OPT_FILE_MEMORY },
	{ "html", required_argument, NULL, OPT_HTML },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};


int bad_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", progname);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry '%s --help' for more information.\n", progname);
	return EXIT_TROUBLE;
}

/* Enable (or disable) the comma-separated rule ids in @list. */
static int select_rules(const char *list, bool only)
{
	char *copy = xstrdup(list), *save = NULL, *id;

	if (only)
		for (int i = 0; i < rule_count(); i++)
			rule_at(i)->enabled = false;
	for (id = strtok_r(copy, ",", &save); id; id = strtok_r(NULL, ",", &save)) {
		struct rule *r = rule_find(id);

		if (!r) {
			int rc = bad_usage("unknown rule '%s' (see --list-rules)", id);

			free(copy);
			return rc;
		}
		r->enabled = only;
	}
	free(copy);
	return 0;
}

static void list_rules(void)
{
	for (int i = 0; i < rule_count(); i++) {
		struct rule *r = rule_at(i);

		printf("%-22s %-8s %s\n", r->id, severity_name(r->sev), r->summary);
	}
}

static int parse_jobs(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 1 || v > 1024)
		return bad_usage("-j needs a number from 1 to 1024, not '%s'", s);
	*out = v;
	return 0;
}

/* An absolute URL ("scheme:..."), kept without its trailing slashes. */
static int docs_url(char *url, const char **out)
{
	size_t n = strlen(url), i = 0;

	while (isalnum((unsigned char)url[i]) || (i && strchr("+.-", url[i])))
		i++;
	if (!i || !isalpha((unsigned char)url[0]) || url[i] != ':' || !url[i + 1])
		return bad_usage("--docs-url needs an absolute URL, not '%s'", url);
	while (n > i + 1 && url[n - 1] == '/')
		url[--n] = '\0';
	*out = url;
	return 0;
}

/* An option taking one of a few words. */
struct choice {
	const char *word;
	int value;
};

static const struct choice formats[] = {
	{ "text", FMT_TEXT }, { "json", FMT_JSON }, { "sarif", FMT_SARIF },
	{ "patch", FMT_PATCH }, { NULL, 0 },
};
static const struct choice severities[] = {
	{ "note", SEV_NOTE }, { "warning", SEV_WARNING },
	{ "error", SEV_ERROR }, { NULL, 0 },
};
static const struct choice prepares[] = {
	{ "sandbox", PREP_SANDBOX }, { "unsandboxed", PREP_UNSANDBOXED },
	{ "none", PREP_NONE }, { NULL, 0 },
};

/* @s among @c's words, or "unknown WHAT 's' (word, word, ...)". */
static int parse_choice(const char *what, const char *s,
			const struct choice *c, int *out)
{
	struct strbuf msg = { 0 };
	int rc;

	for (const struct choice *k = c; k->word; k++) {
		if (!strcmp(s, k->word)) {
			*out = k->value;
			return 0;
		}
	}
	sb_printf(&msg, "unknown %s '%%s' (", what);
	for (const struct choice *k = c; k->word; k++)
		sb_printf(&msg, "%s%s", k == c ? "" : ", ", k->word);
	sb_puts(&msg, ")");
	rc = bad_usage(msg.buf, s);
	sb_free(&msg);
	return rc;
}

/* A budget: 0 (no limit) to @max. */
static int parse_limit(const char *opt, const char *unit, const char *s,
		       unsigned max, unsigned *out)
{
	char *msg;
	int rc;

	if (parse_uint(s, 0, max, out))
		return 0;
	msg = xasprintf("%s needs a number of %s from 0 (no limit) to %u, "
			"not '%s'", opt, unit, max, s);
	rc = bad_usage("%s", msg);
	free(msg);
	return rc;
}

/* Options of what is audited and how: 1 when @opt is not one of them. */
static int audit_option(int opt, struct cmdline *c)
{
	struct audit_opts *a = &c->audit;
	int rc, v;

	switch (opt) {
	case 'p':
		c->cdb_dir = optarg;
		return 0;
	case 'j':
		return parse_jobs(optarg, &a->jobs);
	case OPT_CACHE:
		a->cache = optarg;
		return 0;
	case OPT_NO_CACHE:
		a->no_cache = true;
		return 0;
	case OPT_CACHE_SIZE:
		if (!parse_uint(optarg, 1, CACHE_MAX_MIB, &a->cache_mib))
			return bad_usage("--cache-size needs a number of MiB "
					 "from 1 to 1048576, not '%s'", optarg);
		return 0;
	case OPT_PREPARE:
		if ((rc = parse_choice("--prepare", optarg, prepares, &v)))
			return rc;
		a->prepare = v;
		return 0;
	case OPT_NO_PREPARE:
		a->prepare = PREP_NONE;
		return 0;
	case OPT_PREPARE_TIMEOUT:
		return parse_limit("--prepare-timeout", "seconds", optarg,
				   MAX_PREPARE_SECONDS, &a->prepare_seconds);
	case OPT_FILE_TIMEOUT:
		return parse_limit("--file-timeout", "seconds", optarg,
				   MAX_FILE_SECONDS, &a->file_seconds);
	case OPT_FILE_MEMORY:
		return parse_limit("--file-memory", "MiB", optarg,
				   MAX_FILE_MIB, &a->file_mib);
	case OPT_KERNEL:
		c->kernel = optarg;
		return 0;
	case OPT_INCLUDE_MM:
		c->discover.include_mm = true;
		return 0;
	case OPT_DIFF:
		c->diff = optarg;
		return 0;
	case OPT_MERGE:
		c->merge = true;
		return 0;
	}
	return 1;
}

/* Options of which findings are shown, and where. */
static int output_option(int opt, struct cmdline *c)
{
	int rc, v;

	switch (opt) {
	case OPT_FORMAT:
		if ((rc = parse_choice("format", optarg, formats, &v)))
			return rc;
		c->render.format = v;
		return 0;
	case OPT_RULES:
	case OPT_DISABLE:
		return select_rules(optarg, opt == OPT_RULES);
	case OPT_SEVERITY:
		if ((rc = parse_choice("severity", optarg, severities, &v)))
			return rc;
		c->render.min_sev = v;
		return 0;
	case OPT_CONFIDENCE:
		if ((rc = confidence_parse(optarg)) < 0)
			return bad_usage("unknown confidence '%s' "
					 "(high, medium, low)", optarg);
		c->render.min_conf = c->audit.min_conf = rc;
		return 0;
	case OPT_SHOW_FIXES:
		c->render.show_fixes = true;
		return 0;
	case OPT_BASELINE:
		c->baseline.use = optarg;
		return 0;
	case OPT_WRITE_BASELINE:
		c->baseline.write = optarg;
		return 0;
	case OPT_DOCS_URL:
		return docs_url(optarg, &c->render.docs_url);
	case OPT_EMIT:
		if (!*optarg)
			return bad_usage("%s", "--emit-patches needs a directory");
		c->emit = optarg;
		return 0;
	case OPT_HTML:
		if (!*optarg)
			return bad_usage("%s", "--html needs a directory");
		c->html.dir = optarg;
		return 0;
	case 'q':
		c->quiet = true;
		return 0;
	case 'v':
		c->audit.verbose = c->render.verbose = true;
		return 0;
	}
	return 1;
}

/* Options that print something and exit. */
static int info_option(int opt)
{
	CXString v;

	switch (opt) {
	case OPT_LIST:
		list_rules();
		exit(0);
	case OPT_EXPLAIN:
		if (!rule_doc(optarg))
			return bad_usage("no documentation for rule '%s' "
					 "(see --list-rules)", optarg);
		fputs(rule_doc(optarg), stdout);
		exit(0);
	case OPT_VERSION:
		v = clang_getClangVersion();
		printf("gup_policy %s (libclang: %s)\n", GUP_POLICY_VERSION,
		       clang_getCString(v));
		clang_disposeString(v);
		exit(0);
	case OPT_HELP:
		fputs(usage_text, stdout);
		exit(0);
	}
	fprintf(stderr, "Try '%s --help' for more information.\n", progname);
	return EXIT_TROUBLE;
}

int parse_args(int argc, char **argv, struct cmdline *c)
{
	int opt, rc;

	while ((opt = getopt_long(argc, argv, "p:j:qv", longopts, NULL)) != -1) {
		rc = audit_option(opt, c);
		if (rc == 1)
			rc = output_option(opt, c);
		if (rc == 1)
			rc = info_option(opt);
		if (rc)
			return rc;
	}
	return 0;
}
