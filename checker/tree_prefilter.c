// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "facts_gupapi.h"
#include "tree_prefilter.h"

bool prefilter_match(const char *text, size_t len)
{
	for (const char *const *n = gup_api_names; *n; n++)
		if (memmem(text, len, *n, strlen(*n)))
			return true;
	return false;
}

bool prefilter_is_text(const char *text, size_t len)
{
	return memchr(text, '\0', len) == NULL;
}
