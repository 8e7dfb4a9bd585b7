// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer targets for the parsers this project writes itself.  One
 * source, one target per -DTARGET_*: the JSON reader (compile databases,
 * --merge, findings read back), shell-like command splitting, the FOLL_*
 * definition reader with its constant-expression evaluator, and
 * suppression comments.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compdb.h"
#include "findjson.h"
#include "gupapi.h"
#include "json.h"
#include "suppress.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
#else
#error "define one TARGET_*"
#endif
	free(text);
	return 0;
}
