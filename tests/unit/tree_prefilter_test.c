// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the prefilter: which texts are parsed.  A file is parsed
 * when its code calls an entry point, names one in a macro, or calls a
 * wrapper macro that a header beside it defines; not when it only
 * mentions one in a comment, a string or a declaration, or calls
 * unpin_user_pages() or a helper of its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tree_prefilter.h"
#include "util.h"

#define UNIT_PREFIX "prefilter: "
#include "unit.h"

static char dir[] = "/tmp/gup_prefilter_testXXXXXX";

static bool match(const char *text)
{
	char *file = path_join(dir, "t.c");
	bool hit = prefilter_match(file, text, strlen(text));

	free(file);
	return hit;
}

static void write_header(const char *name, const char *text)
{
	char *p = path_join(dir, name);
	FILE *f = fopen(p, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
	free(p);
}

static void calls(void)
{
	EXPECT(match("int f(void) { return pin_user_pages_fast(a, 1, 0, p); }"),
	       "a call");
	EXPECT(match("x = get_user_pages_remote\n\t(mm, a, 1, 0, p, NULL);"),
	       "a call split over lines");
	EXPECT(match("n = iov_iter_get_pages2 /* why */ (i, p, 4, 1, &o);"),
	       "a comment between the name and its arguments");
	EXPECT(match("n = (pin_user_pages)(a, 1, 0, p);"),
	       "a parenthesized name");
	EXPECT(match("#define pin_user_pages_fast get_user_pages_fast\n"),
	       "a compat macro");
	EXPECT(match("#define PIN(a, n, p) \\\n\tpin_user_pages(a, n, 0, p)\n"),
	       "a wrapper macro over two lines");
	EXPECT(match("#ifdef get_user_pages_longterm\n#endif\n"),
	       "a test on a name");
}

static void mentions(void)
{
	EXPECT(!match("/* pin_user_pages_fast() pins them */ int x;"),
	       "a comment");
	EXPECT(!match("// see get_user_pages(): it takes a reference\n"),
	       "a line comment");
	EXPECT(!match("pr_err(\"get_user_pages_fast() failed\\n\");"),
	       "a string");
	EXPECT(!match("unpin_user_pages(p, n);"), "a release");
	EXPECT(!match("ret = foo_get_user_pages(bo, p);"),
	       "a helper of its own, no header beside it");
	EXPECT(!match(".pin = pin_user_pages_fast,"), "a function pointer");
	EXPECT(!match("#include \"get_user_pages.h\"\nint x;"),
	       "an include of a file named after it");
	EXPECT(!match("int x;"), "no name at all");
}

static void wrappers(void)
{
	write_header("w.h", "#define foo_get_user_pages(a, n, p) \\\n"
		     "\tget_user_pages_fast(a, n, 0, p)\n");
	EXPECT(match("#include \"w.h\"\nn = foo_get_user_pages(a, 1, p);"),
	       "a wrapper macro from a header beside it");
	write_header("w.h", "int foo_get_user_pages(int a, int n, void *p);\n");
	EXPECT(!match("#include \"w.h\"\nn = foo_get_user_pages(a, 1, p);"),
	       "a function declared in a header beside it");
	write_header("w.h", "static inline int f(void)\n"
		     "{ return get_user_pages_fast(0, 1, 0, 0); }\n");
	EXPECT(!match("#include \"w.h\"\nn = unpin_user_pages(p, 1);"),
	       "a call in a header's function is the header's");
}

int main(void)
{
	char *h;

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	calls();
	mentions();
	wrappers();
	h = path_join(dir, "w.h");
	unlink(h);
	free(h);
	rmdir(dir);
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
