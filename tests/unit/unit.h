/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_UNIT_H
#define GUP_UNIT_H

/*
 * What every unit test shares: the counters and EXPECT(), which prints
 * the PASS/FAIL line tests/run counts.  Define UNIT_PREFIX ("diffin: ")
 * before including it to name the test's cases.
 */
#include <stdio.h>

#ifndef UNIT_PREFIX
#define UNIT_PREFIX ""
#endif

static int passed, failed;

#define EXPECT(cond, name) do {						\
	if (cond) {							\
		printf("PASS " UNIT_PREFIX "%s\n", name);		\
		passed++;						\
	} else {							\
		printf("FAIL " UNIT_PREFIX "%s (%s:%d: %s)\n", name,	\
		       __FILE__, __LINE__, #cond);			\
		failed++;						\
	}								\
} while (0)

#endif
