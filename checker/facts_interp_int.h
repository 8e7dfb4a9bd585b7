/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_FACTS_INTERP_INT_H
#define GUP_FACTS_INTERP_INT_H

#include "facts_interp.h"

/*
 * Between the interpreter (facts_interp.c) and the parameter values it
 * asks for (facts_params.c): @depth counts the callers followed so far.
 */
void interp_run(struct tu_facts *tf, int fn, struct capture *caps, int ncaps,
		int depth);
void interp_param_values(struct tu_facts *tf, int depth, CXCursor parm,
			 struct flagset *out);

#endif
