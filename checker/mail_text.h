/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_MAIL_TEXT_H
#define GUP_MAIL_TEXT_H

#include <stdbool.h>

#include "rules.h"

/*
 * The words of a patch mail for the findings @f[0..n) of one function
 * @fn, in line order: its subject after @prefix, its message (each rule
 * in plain words, what the change does, the findings as reported), and
 * the notes under its "---" line (not signed off; the heuristics).
 */
char *mail_subject(const char *prefix, const char *fn,
		   const struct finding *const *f, int n);
char *mail_body(const char *fn, const struct finding *const *f, int n);
char *mail_notes(bool placeholder_from);

#endif
