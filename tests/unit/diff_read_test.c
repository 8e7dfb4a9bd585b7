// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the diff reader (checker/diff_read.c): what each kind of
 * input leaves behind (paths, added lines in the final numbering), and
 * the one-line reason for input that is not a well-formed diff.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff_read.h"
#include "util.h"

#define UNIT_PREFIX "diffin: "
#include "unit.h"

/*
 * Read @text and describe it: "path[flags]:n,n,...;" per file, flags
 * D deleted, C created, B binary; or "error: <reason>".
 */
static char *describe(const char *text)
{
	struct strbuf sb = { 0 };
	struct diff d;
	char err[256];

	if (diff_read(&d, text, strlen(text), err, sizeof(err)) < 0) {
		sb_printf(&sb, "error: %s", err);
		return sb_detach(&sb);
	}
	for (int i = 0; i < d.nr; i++) {
		const struct diff_file *f = &d.v[i];

		sb_puts(&sb, f->path);
		if (f->deleted || f->created || f->binary)
			sb_printf(&sb, "[%s%s%s]", f->deleted ? "D" : "",
				  f->created ? "C" : "", f->binary ? "B" : "");
		sb_putc(&sb, ':');
		for (int k = 0; k < f->nadded; k++)
			sb_printf(&sb, "%s%u", k ? "," : "", f->added[k].nr);
		sb_putc(&sb, ';');
	}
	diff_free(&d);
	return sb_detach(&sb);
}

static void check(const char *name, const char *text, const char *want)
{
	char *got = describe(text);
	bool ok = strncmp(got, want, strlen(want)) == 0;

	EXPECT(ok, name);
	if (!ok)
		printf("  got:  %s\n  want: %s\n", got, want);
	free(got);
}

static const char one[] =
	"diff --git a/drv/x.c b/drv/x.c\n"
	"index 1111111..2222222 100644\n"
	"--- a/drv/x.c\n"
	"+++ b/drv/x.c\n"
	"@@ -10,6 +10,8 @@ static int f(void)\n"
	" \tint a;\n"
	" \tint b;\n"
	"+\tint c;\n"
	" \n"
	"-\ta = 1;\n"
	"+\ta = 2;\n"
	"+\tc = 3;\n"
	" \treturn a;\n"
	" }\n";

static void test_shapes(void)
{
	check("one hunk: added lines in post-image numbers", one,
	      "drv/x.c:12,14,15;");
	check("omitted counts mean 1",
	      "--- a/x.c\n+++ b/x.c\n@@ -3 +3 @@\n-old\n+new\n", "x.c:3;");
	check("a new file", "diff --git a/n.c b/n.c\nnew file mode 100644\n"
	      "index 0000000..1111111\n--- /dev/null\n+++ b/n.c\n"
	      "@@ -0,0 +1,2 @@\n+int a;\n+int b;\n", "n.c[C]:1,2;");
	check("a deleted file", "diff --git a/o.c b/o.c\ndeleted file mode 100644\n"
	      "--- a/o.c\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-int a;\n-int b;\n",
	      "o.c[D]:;");
	check("an empty new file has no hunks",
	      "diff --git a/e.c b/e.c\nnew file mode 100644\nindex 0..e69de29\n",
	      "e.c[C]:;");
	check("a rename with a change takes the new name",
	      "diff --git a/old.c b/new.c\nsimilarity index 90%\n"
	      "rename from old.c\nrename to new.c\n--- a/old.c\n+++ b/new.c\n"
	      "@@ -1,2 +1,2 @@\n int a;\n-int b;\n+int c;\n", "new.c:2;");
	check("a pure rename", "diff --git a/a b/c.c b/d.c\nsimilarity index 100%\n"
	      "rename from a b/c.c\nrename to d.c\n", "d.c:;");
	check("names with spaces, quoted and escaped",
	      "diff --git \"a/sp ace\\303\\244.c\" \"b/sp ace\\303\\244.c\"\n"
	      "--- \"a/sp ace\\303\\244.c\"\n+++ \"b/sp ace\\303\\244.c\"\n"
	      "@@ -1 +1 @@\n-a\n+b\n", "sp ace\xc3\xa4.c:1;");
	check("\\ No newline at end of file",
	      "--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n"
	      "+c\n\\ No newline at end of file\n", "x.c:2;");
	check("CRLF line ends", "--- a/x.c\r\n+++ b/x.c\r\n@@ -1,2 +1,3 @@\r\n a\r\n"
	      "+b\r\n c\r\n", "x.c:2;");
	check("a removed line that starts with '--' is still in the hunk",
	      "--- a/x.c\n+++ b/x.c\n@@ -1,3 +1,2 @@\n a\n--- b\n c\n", "x.c:;");
	check("a bare line end is a blank context line",
	      "--- a/x.c\n+++ b/x.c\n@@ -1,3 +1,4 @@\n a\n\n+n\n c\n", "x.c:3;");
	check("diff -u with timestamps", "--- a/x.c\t2024-01-01 10:00:00\n"
	      "+++ b/x.c\t2024-01-02 10:00:00\n@@ -1 +1,2 @@\n a\n+b\n", "x.c:2;");
	check("binary changes have no lines",
	      "diff --git a/f.bin b/f.bin\nindex 1..2 100644\n"
	      "Binary files a/f.bin and b/f.bin differ\n", "f.bin[B]:;");
	check("a GIT binary patch is passed over",
	      "diff --git a/f.bin b/f.bin\nnew file mode 100644\n"
	      "GIT binary patch\nliteral 3\nKcmZQz$Or%d\n\nliteral 0\n"
	      "HcmV?d00001\n\ndiff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n"
	      "@@ -1 +1 @@\n-a\n+b\n", "f.bin[CB]:;x.c:1;");
	check("several hunks", "--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,3 @@\n a\n+b\n c\n"
	      "@@ -20,2 +21,3 @@\n d\n+e\n f\n", "x.c:2,22;");
}

static const char mbox[] =
	"From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001\n"
	"From: A U Thor <a@example.org>\n"
	"Subject: [PATCH 1/2] x: add\n"
	"\n"
	"- a bullet in the message\n"
	"---\n"
	" x.c | 2 ++\n"
	"\n"
	"diff --git a/x.c b/x.c\n"
	"--- a/x.c\n+++ b/x.c\n"
	"@@ -1,3 +1,5 @@\n a\n+b\n c\n+d\n e\n"
	"-- \n2.39.5\n\n"
	"From 2222222222222222222222222222222222222222 Mon Sep 17 00:00:00 2001\n"
	"From: A U Thor <a@example.org>\n"
	"Subject: [PATCH 2/2] x: more\n"
	"\n"
	"---\n"
	"diff --git a/x.c b/y.c\nsimilarity index 80%\nrename from x.c\n"
	"rename to y.c\n--- a/x.c\n+++ b/y.c\n"
	"@@ -1,3 +1,3 @@\n+top\n a\n-b\n c\n"
	"-- \n2.39.5\n\n";

static void test_series(void)
{
	/* b (2) is removed by patch 2; d stays 4; top is 1. */
	check("a series: earlier lines renumbered, removed ones dropped",
	      mbox, "y.c:1,4;");
	check("a series: lines below a later insertion move down",
	      "--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,3 @@\n a\n+b\n c\n"
	      "--- a/x.c\n+++ b/x.c\n@@ -1 +1,3 @@\n+y\n+z\n a\n", "x.c:1,2,4;");
	check("a series: deleted then created again",
	      "--- a/x.c\n+++ /dev/null\n@@ -1 +0,0 @@\n-a\n"
	      "--- /dev/null\n+++ b/x.c\n@@ -0,0 +1 @@\n+z\n", "x.c[D]:;x.c[C]:1;");
}

static void test_errors(void)
{
	check("empty input", "", "error: empty input, not a diff");
	check("blank input", "\n \n", "error: empty input, not a diff");
	check("random text", "hello\nworld\n", "error: not a diff:");
	check("a truncated hunk", "--- a/x.c\n+++ b/x.c\n@@ -1,3 +1,3 @@\n a\n",
	      "error: line 4: the input ends inside the hunk at line 3");
	check("more lines than counted", "--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,2 @@\n"
	      " a\n b\n+c\n", "error: line 6: more added lines than the header of "
	      "the hunk at line 3");
	check("fewer removed lines than counted",
	      "--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,1 @@\n a\n+b\n",
	      "error: line 5: more added lines");
	check("a foreign line inside a hunk",
	      "--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,2 @@\n a\n*b\n",
	      "error: line 5: a line starting with '*'");
	check("a malformed hunk header", "--- a/x.c\n+++ b/x.c\n@@ -1,x +1 @@\n",
	      "error: line 3: malformed hunk header");
	check("a hunk without a file", "@@ -1 +1 @@\n-a\n+b\n",
	      "error: line 1: a hunk without a file header");
	check("a file header without hunks", "--- a/x.c\n+++ b/x.c\n",
	      "error: line 2: no hunk after the file header at line 1");
	check("an absolute path", "diff --git a/x.c b/x.c\nrename from x.c\n"
	      "rename to /etc/x.c\n", "error: line 3: absolute path '/etc/x.c'");
	check("a path out of the tree", "--- a/../x.c\n+++ b/../x.c\n"
	      "@@ -1 +1 @@\n-a\n+b\n", "error: line 2: path '../x.c' leaves the tree");
	check("hunks out of order", "--- a/x.c\n+++ b/x.c\n@@ -5 +5 @@\n-a\n+b\n"
	      "@@ -1 +1 @@\n-a\n+b\n", "error: line 6: hunk out of order");
	check("a combined diff", "diff --cc x.c\n", "error: line 1: a combined diff");
	check("a quoted-printable mail", "From 1 Mon Sep 17 00:00:00 2001\n"
	      "Content-Transfer-Encoding: quoted-printable\n\n",
	      "error: line 2: a quoted-printable-encoded mail");
	{
		static const char bin[] = "diff\0\1\2";
		struct diff d;
		char err[128];
		int rc = diff_read(&d, bin, sizeof(bin), err, sizeof(err));

		EXPECT(rc < 0 && strcmp(err, "binary data, not a diff") == 0,
		       "binary input");
	}
}

static void test_lookup(void)
{
	struct diff d;
	char err[128];
	const struct diff_line *l;

	if (diff_read(&d, one, strlen(one), err, sizeof(err)) < 0) {
		EXPECT(false, "lookup: reads");
		return;
	}
	l = diff_added(&d.v[0], 14);
	EXPECT(l && strcmp(l->text, "\ta = 2;") == 0, "lookup: the text of an added line");
	EXPECT(!diff_added(&d.v[0], 13), "lookup: a context line is not added");
	diff_free(&d);
}

int main(void)
{
	test_shapes();
	test_series();
	test_errors();
	test_lookup();
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
