// SPDX-License-Identifier: GPL-2.0
/*
 * What a parameter of a function in the file may hold: the union of what
 * its callers here pass, each caller interpreted up to MAX_DEPTH calls
 * away, plus "unknown" when other files or function pointers may call it.
 * One memo per function and argument, so a helper called from many places
 * is interpreted once.
 */
#include <stdlib.h>

#include "facts_interp.h"
#include "facts_interp_int.h"
#include "util.h"

#define MAX_DEPTH 3

struct param_memo {
	CXCursor fn;
	int arg;
	struct flagset val;
};

static int param_index(CXCursor fn, CXCursor parm)
{
	int n = clang_Cursor_getNumArguments(fn);

	for (int i = 0; i < n; i++)
		if (clang_equalCursors(clang_Cursor_getArgument(fn, i), parm))
			return i;
	return -1;
}

/* The memo entry of argument @arg of @canon, or NULL. */
static struct param_memo *memo_find(struct tu_facts *tf, CXCursor canon,
				    int arg)
{
	for (int i = 0; i < tf->nmemo; i++)
		if (tf->memo[i].arg == arg &&
		    clang_equalCursors(tf->memo[i].fn, canon))
			return &tf->memo[i];
	return NULL;
}

/* The union of what the callers of function @f pass as argument @arg. */
static void callers_pass(struct tu_facts *tf, int depth, int f,
			 CXCursor canon, int arg, struct flagset *acc)
{
	bool seen = false;

	if (tf->fns[f].external || tf->fns[f].nrefs > tf->fns[f].ncalls)
		fs_unknown(acc);
	for (int i = 0; i < tf->ncalls; i++) {
		struct capture cap = { .arg = arg, .out = acc };

		if (clang_Cursor_isNull(tf->calls[i].callee) ||
		    !clang_equalCursors(tf->calls[i].callee, canon))
			continue;
		cap.call = tf->calls[i].call;
		interp_run(tf, tf->calls[i].caller, &cap, 1, depth + 1);
		seen = true;
	}
	if (!seen)
		fs_unknown(acc);
}

/*
 * What a parameter of a function in this file may be: the union of the
 * arguments its callers here pass, plus "unknown" when other files or
 * function pointers may call it too.
 */
void interp_param_values(struct tu_facts *tf, int depth, CXCursor parm,
			 struct flagset *out)
{
	CXCursor fn = clang_getCursorSemanticParent(parm);
	CXCursor canon = clang_getCanonicalCursor(fn);
	int f = facts_fn(tf, canon), arg;
	struct param_memo *m;
	struct flagset acc;

	if (f < 0 || depth >= MAX_DEPTH) {
		fs_unknown(out);
		return;
	}
	arg = param_index(tf->fns[f].def, clang_getCursorReferenced(parm));
	if (arg < 0)
		arg = param_index(fn, parm);
	if (arg < 0) {
		fs_unknown(out);
		return;
	}
	m = memo_find(tf, canon, arg);
	if (m) {
		fs_union(out, &m->val);
		return;
	}
	m = VEC_PUSH(tf->memo, tf->nmemo, tf->mcap);
	m->fn = canon;
	m->arg = arg;
	fs_init(&m->val);
	fs_unknown(&m->val);	/* while we look: recursion sees unknown */

	fs_init(&acc);
	callers_pass(tf, depth, f, canon, arg, &acc);
	/* The memo array may have moved during the runs above. */
	m = memo_find(tf, canon, arg);
	fs_union(out, &acc);
	if (m) {
		fs_free(&m->val);
		m->val = acc;
	} else {
		fs_free(&acc);
	}
}

void interp_free_memo(struct tu_facts *tf)
{
	for (int i = 0; i < tf->nmemo; i++)
		fs_free(&tf->memo[i].val);
	free(tf->memo);
	tf->memo = NULL;
	tf->nmemo = 0;
	tf->mcap = 0;
}
