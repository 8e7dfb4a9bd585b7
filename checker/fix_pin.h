/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_FIX_PIN_H
#define GUP_FIX_PIN_H

#include "rules.h"

/*
 * Turn a get_user_pages*() call into pin_user_pages*(), with every release
 * of its pages in the function (put_page -> unpin_user_page, ...), when
 * that is all there is; otherwise say why not.  Shared by the rules that
 * conclude a get_ should have been a pin.
 */
void fix_get_to_pin(struct rule_ctx *rc, struct finding *f, struct gup_call *g);

#endif
