// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the flag evaluator and the parsers the project writes
 * itself.  Each case parses a small C text with libclang and checks the
 * set of values the flags of its one GUP call may take.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tree_compdb.h"
#include "facts.h"
#include "facts_kapi.h"
#include "json.h"
#include "parse.h"

#include "unit.h"

static const char prelude[] =
	"#define FOLL_WRITE 0x01\n"
	"#define FOLL_FORCE 0x10\n"
	"#define FOLL_LONGTERM 0x10000\n"
	"enum { FOLL_PCI_P2PDMA = 1 << 10 };\n"
	"struct page;\n"
	"int pin_user_pages_fast(unsigned long, int, unsigned int gup_flags,"
	" struct page **pages);\n";

/*
 * Evaluate the flags of the first GUP call in @body; write the values,
 * sorted and comma-separated in hex ("?" marks an unknown part).
 */
static void eval_text(const char *body, char *out, size_t outlen)
{
	char path[] = "/tmp/gup_flags_testXXXXXX.c";
	struct foll_table ft = { 0 };
	struct tu_facts tf = { 0 };
	struct argv args = { 0 };
	struct parsed p;
	CXIndex idx;
	char *text;
	int fd;

	text = malloc(strlen(prelude) + strlen(body) + 1);
	strcpy(text, prelude);
	strcat(text, body);
	fd = mkstemps(path, 2);
	if (fd < 0 || write(fd, text, strlen(text)) < 0) {
		snprintf(out, outlen, "tmpfile");
		free(text);
		return;
	}
	close(fd);
	idx = clang_createIndex(0, 0);
	argv_add(&args, "-xc");
	argv_add(&args, "-std=gnu11");
	out[0] = '\0';
	if (parse_file(idx, path, &args, NULL, 0, &p) == 0) {
		foll_table_scan(&ft, text);
		tf.tu = p.tu;
		tf.path = tf.diffpath = path;
		tf.src = text;
		tf.srclen = strlen(text);
		tf.ft = &ft;
		facts_extract(&tf);
		if (tf.ngups) {
			struct flagset *s = &tf.gups[0].flags;
			unsigned long long v[FV_MAX];
			int n = 0;

			for (int i = 0; i < s->nr; i++)
				v[n++] = s->v[i].bits;
			for (int i = 0; i < n; i++)	/* sort */
				for (int k = i + 1; k < n; k++)
					if (v[k] < v[i]) {
						unsigned long long t = v[i];

						v[i] = v[k];
						v[k] = t;
					}
			for (int i = 0; i < n; i++) {
				size_t l = strlen(out);
				bool unk = false;

				for (int k = 0; k < s->nr; k++)
					if (s->v[k].bits == v[i] && s->v[k].unknown)
						unk = true;
				snprintf(out + l, outlen - l, "%s%#llx%s",
					 i ? "," : "", v[i], unk ? "?" : "");
			}
		}
		facts_free(&tf);
		parsed_dispose(&p);
	}
	clang_disposeIndex(idx);
	argv_free(&args);
	foll_table_free(&ft);
	unlink(path);
	free(text);
}

struct flag_case {
	const char *name, *body, *want;
};

static const struct flag_case cases[] = {
	{ "literal names",
	  "int f(unsigned long a, struct page **p)"
	  "{ return pin_user_pages_fast(a, 1, FOLL_WRITE | FOLL_LONGTERM, p); }",
	  "0x10001" },
	{ "zero",
	  "int f(unsigned long a, struct page **p)"
	  "{ return pin_user_pages_fast(a, 1, 0, p); }", "0" },
	{ "ternary",
	  "int f(unsigned long a, struct page **p, int w)"
	  "{ return pin_user_pages_fast(a, 1, w ? FOLL_WRITE : 0, p); }",
	  "0,0x1" },
	{ "or-assign in a branch",
	  "int f(unsigned long a, struct page **p, int w)"
	  "{ unsigned int fl = FOLL_LONGTERM; if (w) fl |= FOLL_WRITE;"
	  "  return pin_user_pages_fast(a, 1, fl, p); }",
	  "0x10000,0x10001" },
	{ "if/else assignment",
	  "int f(unsigned long a, struct page **p, int w)"
	  "{ unsigned int fl; if (w) fl = FOLL_WRITE; else fl = FOLL_FORCE;"
	  "  return pin_user_pages_fast(a, 1, fl, p); }",
	  "0x1,0x10" },
	{ "mask clears a bit",
	  "int f(unsigned long a, struct page **p)"
	  "{ unsigned int fl = FOLL_WRITE | FOLL_FORCE; fl &= ~FOLL_FORCE;"
	  "  return pin_user_pages_fast(a, 1, fl, p); }",
	  "0x1" },
	{ "enum constant",
	  "int f(unsigned long a, struct page **p)"
	  "{ return pin_user_pages_fast(a, 1, FOLL_PCI_P2PDMA, p); }",
	  "0x400" },
	{ "return before the call cuts a path",
	  "int f(unsigned long a, struct page **p, int w)"
	  "{ unsigned int fl = FOLL_WRITE; if (w) { fl = FOLL_FORCE; return 0; }"
	  "  return pin_user_pages_fast(a, 1, fl, p); }",
	  "0x1" },
	{ "parameter of an exported function is unknown",
	  "int f(unsigned long a, struct page **p, unsigned int fl)"
	  "{ return pin_user_pages_fast(a, 1, fl, p); }",
	  "0?" },
	{ "parameter of a static helper takes its callers' values",
	  "static int h(unsigned long a, struct page **p, unsigned int fl)"
	  "{ return pin_user_pages_fast(a, 1, fl | FOLL_WRITE, p); }"
	  "int f(unsigned long a, struct page **p) { return h(a, p, FOLL_FORCE); }"
	  "int g(unsigned long a, struct page **p) { return h(a, p, 0); }",
	  "0x1,0x11" },
	{ "field is unknown",
	  "struct s { unsigned int fl; };"
	  "int f(unsigned long a, struct page **p, struct s *s)"
	  "{ return pin_user_pages_fast(a, 1, s->fl | FOLL_WRITE, p); }",
	  "0x1?" },
	{ "address taken makes it unknown",
	  "void set(unsigned int *);"
	  "int f(unsigned long a, struct page **p)"
	  "{ unsigned int fl = FOLL_WRITE; set(&fl);"
	  "  return pin_user_pages_fast(a, 1, fl, p); }",
	  "0?,0x1" },
	{ "loop adds a flag",
	  "int f(unsigned long a, struct page **p, int n)"
	  "{ unsigned int fl = 0; for (int i = 0; i < n; i++) fl |= FOLL_WRITE;"
	  "  return pin_user_pages_fast(a, 1, fl, p); }",
	  "0,0x1" },
};

static void test_flags(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char got[256];

		eval_text(cases[i].body, got, sizeof(got));
		if (strcmp(got, cases[i].want) == 0) {
			printf("PASS flags: %s\n", cases[i].name);
			passed++;
		} else {
			printf("FAIL flags: %s: got {%s}, want {%s}\n",
			       cases[i].name, got, cases[i].want);
			failed++;
		}
	}
}

static void test_foll_table(void)
{
	struct foll_table t = { 0 };
	uint64_t v = 0;

	foll_table_scan(&t,
		"#define FOLL_WRITE\t0x01\t/* check pte is writable */\n"
		"#define FOLL_NOWAIT 0x20 /* spans\n two lines */\n"
		"enum { FOLL_TOUCH = 1 << 16, FOLL_PIN = 1 << 19, };\n"
		"#define INTERNAL_GUP_FLAGS (FOLL_TOUCH | \\\n FOLL_PIN)\n"
		"#define FOLL_LATER (FOLL_EARLY | 4)\n"
		"#define FOLL_EARLY 8\n"
		"if (flags == FOLL_WRITE) x = FOLL_WRITE;\n");
	EXPECT(foll_lookup(&t, "FOLL_WRITE", &v) && v == 1, "foll: macro");
	EXPECT(foll_lookup(&t, "FOLL_NOWAIT", &v) && v == 0x20,
	       "foll: macro with a comment");
	EXPECT(foll_lookup(&t, "FOLL_PIN", &v) && v == 1 << 19, "foll: enum");
	EXPECT(t.has_internal && t.internal == ((1 << 16) | (1 << 19)),
	       "foll: INTERNAL_GUP_FLAGS");
	EXPECT(foll_lookup(&t, "FOLL_LATER", &v) && v == 12,
	       "foll: forward reference");
	EXPECT(t.nr == 6, "foll: uses are not definitions");
	foll_table_free(&t);
}

static void test_json_and_commands(void)
{
	char err[128];
	struct json *j;
	struct argv a = { 0 };

	j = json_parse("[{\"file\": \"a\\u0041.c\", \"n\": [1, true, null]}]",
		       strlen("[{\"file\": \"a\\u0041.c\", \"n\": [1, true, null]}]"),
		       err, sizeof(err));
	EXPECT(j && j->type == J_ARR && j->nr == 1 &&
	       strcmp(json_str(&j->kids[0], "file"), "aA.c") == 0,
	       "json: array of objects");
	json_free(j);
	EXPECT(!json_parse("[1, 2", 5, err, sizeof(err)), "json: truncated");
	EXPECT(!json_parse("{\"a\" 1}", 7, err, sizeof(err)), "json: missing colon");
	/* Found by fuzz_json: a key with no ':' freed a key never stored. */
	{
		const char *t = "[{\"directory\": \"/\", \"file: \"\"a.c\"}]";

		EXPECT(!json_parse(t, strlen(t), err, sizeof(err)),
		       "json: key without a colon inside an array (fuzz)");
	}
	{
		char deep[300];

		memset(deep, '[', sizeof(deep));
		EXPECT(!json_parse(deep, sizeof(deep), err, sizeof(err)),
		       "json: nesting is bounded");
	}
	EXPECT(split_command("gcc -DX='\"a b\"' -I inc \"q\\\"x\" $(rm) ;", &a) == 0 &&
	       a.nr == 7 && strcmp(a.v[1], "-DX=\"a b\"") == 0 &&
	       strcmp(a.v[4], "q\"x") == 0 && strcmp(a.v[5], "$(rm)") == 0,
	       "command: shell-like split, nothing run");
	argv_free(&a);
	EXPECT(split_command("gcc 'unterminated", &a) < 0,
	       "command: unbalanced quote rejected");
	argv_free(&a);
}

int main(void)
{
	test_flags();
	test_foll_table();
	test_json_and_commands();
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
