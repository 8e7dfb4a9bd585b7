/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_CHECK_H
#define GUP_CHECK_H

/*
 * The one header a check_*.c file includes: the facts it reads (GUP
 * calls, their flags, where their pages go, VMA decisions and paths),
 * the finding constructors and the fix helpers.  A check registers its
 * rules in its CHECK() function (checker/check_list.h), keeps the handle
 * add_rule() returns and passes it to report().
 */
#include "ast.h"
#include "facts.h"
#include "facts_iter.h"
#include "facts_kapi.h"
#include "facts_pages.h"
#include "facts_path.h"
#include "facts_vma.h"
#include "fix.h"
#include "fix_iov.h"
#include "fix_pin.h"
#include "fix_vma.h"
#include "rules.h"
#include "util.h"

#define CHECK(fn) void fn(void);
#include "check_list.h"
#undef CHECK

#endif
