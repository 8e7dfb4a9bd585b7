// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer targets for the parsers this project writes itself.  One
 * source, one target per -DTARGET_*: the JSON reader (compile databases,
 * --merge, findings read back), shell-like command splitting, the FOLL_*
 * definition reader with its constant-expression evaluator, suppression
 * comments, the diff reader behind --diff (given the exact bytes, no
 * terminating NUL, so a read past the input is caught), and the
 * MAINTAINERS reader and matcher behind --emit-patches.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tree_compdb.h"
#include "diff_read.h"
#include "out_json.h"
#include "facts_kapi.h"
#include "json.h"
#include "mail_maintainers.h"
#include "check_suppression.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#if defined(TARGET_DIFF)
static bool escapes(const char *path)
{
	for (const char *p = path; p; p = strchr(p, '/')) {
		p += *p == '/';
		if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || !p[2]))
			return true;
	}
	return !path[0] || path[0] == '/';
}

/* What --diff relies on: safe relative paths, sorted unique lines. */
static void check_diff(const struct diff *d)
{
	for (int i = 0; i < d->nr; i++) {
		const struct diff_file *f = &d->v[i];

		if (escapes(f->path))
			abort();
		for (int k = 0; k < f->nadded; k++)
			if (!f->added[k].text || f->added[k].nr < 1 ||
			    (k && f->added[k - 1].nr >= f->added[k].nr) ||
			    diff_added(f, f->added[k].nr) != &f->added[k])
				abort();
	}
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
#if defined(TARGET_JSON)
	{
		char err[128];
		struct json *j = json_parse(text, size, err, sizeof(err));
		const struct json *l = j ? json_get(j, "findings") : NULL;

		if (j)
			json_str(j, "file");
		/* Findings read back, as --merge and the checker processes do. */
		register_rules();
		for (int i = 0; l && l->type == J_ARR && i < l->nr; i++) {
			struct finding f;

			finding_from_json(&l->kids[i], &f);
			finding_free(&f);
		}
		json_free(j);
	}
#elif defined(TARGET_COMMAND)
	{
		struct argv a = { 0 };

		split_command(text, &a);
		argv_free(&a);
	}
#elif defined(TARGET_FOLL)
	{
		struct foll_table t = { 0 };
		char *s;

		foll_table_scan(&t, text);
		s = foll_spell(&t, foll_internal_mask(&t));
		free(s);
		foll_table_free(&t);
	}
#elif defined(TARGET_SUPPRESS)
	{
		struct supp *v = NULL;

		suppress_scan(text, size, &v);
		free(v);
	}
#elif defined(TARGET_DIFF)
	{
		char *exact = malloc(size ? size : 1), err[256];
		struct diff d;

		memcpy(exact, data, size);
		if (diff_read(&d, exact, size, err, sizeof(err)) == 0)
			check_diff(&d);
		else if (!err[0] || strchr(err, '\n'))
			abort();	/* the reason is one line */
		diff_free(&d);
		free(exact);
	}
#elif defined(TARGET_MAINTAINERS)
	{
		static const char *const paths[] = {
			"io_uring/rsrc.c", "drivers/misc/bcm-vk/bcm_vk_sg.c",
			"arch/arm/mach-tegra/x.c", "Makefile", "a/b/c/d/e/f/g.h",
		};
		struct maintainers m;

		maint_parse(&m, text, size);
		for (size_t i = 0; i < sizeof(paths) / sizeof(*paths); i++) {
			struct strlist out = { 0 };

			maint_cc(&m, paths[i], &out);
			strlist_free(&out);
		}
		maint_free(&m);
	}
#else
#error "define one TARGET_*"
#endif
	free(text);
	return 0;
}
