/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_JSON_H
#define GUP_JSON_H

#include <stdbool.h>
#include <stddef.h>

/* A small strict JSON reader, for compile databases and merged results. */
enum json_type { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct json {
	enum json_type type;
	bool b;
	double num;
	char *str;		/* J_STR */
	struct json *kids;	/* J_ARR elements, J_OBJ values */
	char **keys;		/* J_OBJ keys */
	int nr;
};

/* Parse @text; NULL with a message in @err (of @errlen) on failure. */
struct json *json_parse(const char *text, size_t len, char *err, size_t errlen);
/*
 * Read and parse the file @path of at most @limit bytes; on failure, say
 * what failed and where on stderr and return NULL.
 */
struct json *json_load_file(const char *path, size_t limit);
void json_free(struct json *j);
const struct json *json_get(const struct json *obj, const char *key);
const char *json_str(const struct json *obj, const char *key);
/* A non-negative number as unsigned; 0 when absent or of another type. */
unsigned json_uint(const struct json *obj, const char *key);

#endif
