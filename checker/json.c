// SPDX-License-Identifier: GPL-2.0
/*
 * A strict recursive-descent JSON reader.  Depth is bounded, so hostile
 * input costs at most a clear error, never the stack.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "util.h"

#define MAX_DEPTH 64

struct jp {
	const char *p, *end;
	char *err;
	size_t errlen;
	bool failed;
};

static void fail(struct jp *jp, const char *what)
{
	if (!jp->failed)
		snprintf(jp->err, jp->errlen, "%s", what);
	jp->failed = true;
}

static void ws(struct jp *jp)
{
	while (jp->p < jp->end &&
	       (*jp->p == ' ' || *jp->p == '\t' || *jp->p == '\n' || *jp->p == '\r'))
		jp->p++;
}

static void put_utf8(struct strbuf *sb, unsigned cp)
{
	if (cp < 0x80) {
		sb_putc(sb, cp);
	} else if (cp < 0x800) {
		sb_putc(sb, 0xc0 | (cp >> 6));
		sb_putc(sb, 0x80 | (cp & 0x3f));
	} else {
		sb_putc(sb, 0xe0 | (cp >> 12));
		sb_putc(sb, 0x80 | ((cp >> 6) & 0x3f));
		sb_putc(sb, 0x80 | (cp & 0x3f));
	}
}

static char *string(struct jp *jp)
{
	struct strbuf sb = { 0 };

	jp->p++;	/* the opening quote */
	while (jp->p < jp->end && *jp->p != '"') {
		char c = *jp->p++;

		if ((unsigned char)c < 0x20) {
			fail(jp, "control character in string");
			break;
		}
		if (c != '\\') {
			sb_putc(&sb, c);
			continue;
		}
		if (jp->p >= jp->end)
			break;
		c = *jp->p++;
		switch (c) {
		case '"': case '\\': case '/': sb_putc(&sb, c); break;
		case 'b': sb_putc(&sb, '\b'); break;
		case 'f': sb_putc(&sb, '\f'); break;
		case 'n': sb_putc(&sb, '\n'); break;
		case 'r': sb_putc(&sb, '\r'); break;
		case 't': sb_putc(&sb, '\t'); break;
		case 'u': {
			unsigned cp = 0;

			for (int i = 0; i < 4; i++, jp->p++) {
				char h = jp->p < jp->end ? *jp->p : 0;

				cp <<= 4;
				if (h >= '0' && h <= '9') cp |= h - '0';
				else if (h >= 'a' && h <= 'f') cp |= h - 'a' + 10;
				else if (h >= 'A' && h <= 'F') cp |= h - 'A' + 10;
				else { fail(jp, "bad \\u escape"); break; }
			}
			if (!cp)
				fail(jp, "NUL in string");
			put_utf8(&sb, cp);
			break;
		}
		default:
			fail(jp, "bad escape in string");
		}
		if (jp->failed)
			break;
	}
	if (jp->p >= jp->end)
		fail(jp, "unterminated string");
	else
		jp->p++;
	return sb_detach(&sb);
}

static void value(struct jp *jp, struct json *j, int depth);

static void container(struct jp *jp, struct json *j, int depth, bool obj)
{
	size_t cap = 0, kcap = 0;
	char close = obj ? '}' : ']';

	j->type = obj ? J_OBJ : J_ARR;
	jp->p++;
	ws(jp);
	if (jp->p < jp->end && *jp->p == close) {
		jp->p++;
		return;
	}
	while (!jp->failed) {
		char *key = NULL;
		struct json *kid;
		int n;

		ws(jp);
		if (obj) {
			if (jp->p >= jp->end || *jp->p != '"') {
				fail(jp, "expected a key");
				return;
			}
			key = string(jp);
			ws(jp);
			if (jp->failed || jp->p >= jp->end || *jp->p != ':') {
				fail(jp, "expected ':'");
				free(key);
				return;
			}
			jp->p++;
		}
		/* Keys and values grow together: key i names value i. */
		n = j->nr;
		kid = VEC_PUSH(j->kids, j->nr, cap);
		memset(kid, 0, sizeof(*kid));
		if (obj) {
			j->keys = grow(j->keys, sizeof(*j->keys), n + 1, &kcap);
			j->keys[n] = key;
		}
		value(jp, kid, depth + 1);
		ws(jp);
		if (jp->p < jp->end && *jp->p == ',') {
			jp->p++;
			continue;
		}
		if (jp->p < jp->end && *jp->p == close) {
			jp->p++;
			return;
		}
		fail(jp, obj ? "expected ',' or '}'" : "expected ',' or ']'");
	}
}

static bool word(struct jp *jp, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(jp->end - jp->p) < n || memcmp(jp->p, w, n) != 0)
		return false;
	jp->p += n;
	return true;
}

static void value(struct jp *jp, struct json *j, int depth)
{
	ws(jp);
	if (depth > MAX_DEPTH) {
		fail(jp, "nested too deeply");
		return;
	}
	if (jp->p >= jp->end) {
		fail(jp, "unexpected end of input");
		return;
	}
	switch (*jp->p) {
	case '{': container(jp, j, depth, true); return;
	case '[': container(jp, j, depth, false); return;
	case '"': j->type = J_STR; j->str = string(jp); return;
	default: break;
	}
	if (word(jp, "true")) {
		j->type = J_BOOL;
		j->b = true;
	} else if (word(jp, "false")) {
		j->type = J_BOOL;
	} else if (word(jp, "null")) {
		j->type = J_NULL;
	} else if (*jp->p == '-' || (*jp->p >= '0' && *jp->p <= '9')) {
		char buf[64];
		size_t n = 0;

		while (jp->p < jp->end && n + 1 < sizeof(buf) &&
		       strchr("+-0123456789.eE", *jp->p))
			buf[n++] = *jp->p++;
		buf[n] = '\0';
		j->type = J_NUM;
		j->num = strtod(buf, NULL);
	} else {
		fail(jp, "unexpected character");
	}
}

struct json *json_parse(const char *text, size_t len, char *err, size_t errlen)
{
	struct jp jp = { text, text + len, err, errlen, false };
	struct json *j = xcalloc(1, sizeof(*j));

	value(&jp, j, 0);
	ws(&jp);
	if (!jp.failed && jp.p != jp.end)
		fail(&jp, "trailing data after the value");
	if (jp.failed) {
		json_free(j);
		return NULL;
	}
	return j;
}

static void json_clear(struct json *j)
{
	for (int i = 0; i < j->nr; i++) {
		json_clear(&j->kids[i]);
		if (j->keys)
			free(j->keys[i]);
	}
	free(j->kids);
	free(j->keys);
	free(j->str);
}

void json_free(struct json *j)
{
	if (!j)
		return;
	json_clear(j);
	free(j);
}

const struct json *json_get(const struct json *obj, const char *key)
{
	if (!obj || obj->type != J_OBJ)
		return NULL;
	for (int i = 0; i < obj->nr; i++)
		if (strcmp(obj->keys[i], key) == 0)
			return &obj->kids[i];
	return NULL;
}

const char *json_str(const struct json *obj, const char *key)
{
	const struct json *v = json_get(obj, key);

	return v && v->type == J_STR ? v->str : NULL;
}

unsigned json_uint(const struct json *obj, const char *key)
{
	const struct json *v = json_get(obj, key);

	return v && v->type == J_NUM && v->num >= 0 && v->num <= UINT_MAX ?
	       (unsigned)v->num : 0;
}

struct json *json_load_file(const char *path, size_t limit)
{
	char err[128], *text;
	struct json *j;
	size_t len;
	int rc = read_file(path, limit, &text, &len);

	if (rc < 0) {
		warnx_("%s: %s", path, strerror(-rc));
		return NULL;
	}
	j = json_parse(text, len, err, sizeof(err));
	free(text);
	if (!j)
		warnx_("%s: not valid JSON: %s", path, err);
	return j;
}
