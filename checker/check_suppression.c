// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "check_suppression.h"

static const struct rule *suppression_rule;

#define MARK "gup_policy: ignore"

int suppress_scan(const char *src, size_t len, struct supp **out)
{
	struct supp *v = NULL;
	size_t cap = 0;
	int n = 0;
	unsigned line = 1;
	const char *end = src + len;

	for (const char *p = src; p < end; p++) {
		const char *q, *r;
		struct supp *s;
		size_t k;

		if (*p == '\n') {
			line++;
			continue;
		}
		if (*p != 'g' || (size_t)(end - p) < strlen(MARK) ||
		    strncmp(p, MARK, strlen(MARK)) != 0)
			continue;
		s = VEC_PUSH(v, n, cap);
		memset(s, 0, sizeof(*s));
		s->line = line;
		q = p + strlen(MARK);
		while (q < end && (*q == ' ' || *q == '\t'))
			q++;
		for (k = 0; q < end && (isalnum((unsigned char)*q) || *q == '-') &&
			    k + 1 < sizeof(s->rule); q++)
			s->rule[k++] = *q;
		/* The reason: anything before the comment closes (the first
		 * character of it will do: a line of marks stays linear). */
		r = q;
		while (r < end && *r != '\n' && !(r[0] == '*' && r + 1 < end &&
						   r[1] == '/')) {
			if (!isspace((unsigned char)*r)) {
				s->reason = true;
				break;
			}
			r++;
		}
		p = q - 1;
		/* The same rule twice on a line is one suppression. */
		if (n > 1 && v[n - 2].line == line &&
		    !strcmp(v[n - 2].rule, s->rule)) {
			v[n - 2].reason |= s->reason;
			n--;
		}
	}
	*out = v;
	return n;
}

static bool matches(const struct supp *s, const struct finding *f)
{
	return (s->line == f->line || s->line + 1 == f->line) &&
	       strcmp(s->rule, f->rule) == 0;
}

void apply_suppressions(struct tu_facts *tf, struct findings *fs)
{
	struct supp *sv;
	int ns = suppress_scan(tf->src, tf->srclen, &sv), kept = 0;

	if (!ns)
		return;
	for (int i = 0; i < fs->nr; i++) {
		bool drop = false;

		for (int k = 0; k < ns && !drop; k++)
			if (matches(&sv[k], &fs->v[i]) && sv[k].reason)
				drop = sv[k].used = true;
		if (drop) {
			finding_free(&fs->v[i]);
			continue;
		}
		fs->v[kept++] = fs->v[i];
	}
	fs->nr = kept;
	for (int k = 0; k < ns; k++) {
		struct finding *f;

		if ((sv[k].reason && rule_known(sv[k].rule)) ||
		    !suppression_rule->enabled)
			continue;
		f = VEC_PUSH(fs->v, fs->nr, fs->cap);
		memset(f, 0, sizeof(*f));
		f->rule = suppression_rule->id;
		f->sev = suppression_rule->sev;
		f->confidence = "high";
		f->file = xstrdup(tf->path);
		f->line = sv[k].line;
		f->col = 1;
		f->function = xstrdup("");
		f->api = "";
		f->message = !rule_known(sv[k].rule) ?
			xasprintf("suppression names no known rule '%s'", sv[k].rule) :
			xasprintf("suppression of %s without a reason: say why the "
				  "finding is wrong here", sv[k].rule);
	}
	free(sv);
}

/* Findings about the suppressions themselves; they have no GUP call. */
void check_suppression(void)
{
	suppression_rule = add_rule("suppression", SEV_WARNING,
				    "an inline suppression without a reason, "
				    "or of no known rule", NULL);
}
