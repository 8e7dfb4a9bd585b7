// SPDX-License-Identifier: GPL-2.0
/*
 * Telling kbuild's checker command line from ours.  Kept apart from
 * kbuild.c, with no libclang in sight, so the launcher can use it.
 */
#include <string.h>

#include "kbuild.h"
#include "util.h"

/* Options only a compiler (or sparse) command line carries. */
static bool compiler_opt(const char *a)
{
	static const char *const prefixes[] = {
		"-D", "-I", "-U", "-W", "-f", "-m", "-O", "-g", "-std=",
		"--arch=", "-include", "-isystem", "-nostdinc", "-Wp,",
	};

	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (starts_with(a, prefixes[i]))
			return true;
	return false;
}

bool kbuild_style(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (compiler_opt(argv[i]))
			return true;
	return false;
}

const char *kbuild_file(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (argv[i][0] != '-' && ends_with(argv[i], ".c"))
			return argv[i];
	return NULL;
}
