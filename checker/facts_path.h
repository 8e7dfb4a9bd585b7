/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_FACTS_PATH_H
#define GUP_FACTS_PATH_H

#include <clang-c/Index.h>
#include <stdbool.h>

/*
 * Which path through a function a statement is on, relative to a GUP
 * call: taken only when the call failed, or only after the function has
 * already returned on its main path (error labels).
 */

/* Walking from @s down to @target, does a condition say the call failed? */
bool on_failure_path(CXCursor s, CXCursor target, CXCursor res, CXCursor call);
/* The variable a call's result is stored in, or a null cursor. */
CXCursor result_var(CXCursor body, CXCursor call);
/*
 * Is @target only reached through a label after @body's main path has
 * returned ("return 0; err: unpin ...")?
 */
bool after_exit(CXCursor body, CXCursor target);
/* The compound statement of function definition @def. */
CXCursor fn_body(CXCursor def);

#endif
