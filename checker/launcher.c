// SPDX-License-Identifier: GPL-2.0
/*
 * The gup_policy command.  Under kbuild's C=2 it is started for every file
 * of a build, and most never name GUP: for those it answers from the
 * prefilter, without loading libclang (whose loading alone costs more
 * than the rest).  Everything else is the checker proper, gup_policy-core,
 * which it executes in its place with the same arguments.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kbuild.h"
#include "tree_prefilter.h"
#include "util.h"

#define FILE_LIMIT (16u << 20)

/* A kbuild check of a file that cannot involve GUP: nothing to do. */
static bool nothing_to_do(int argc, char **argv)
{
	const char *file;
	char *text;
	size_t len;
	bool skip;

	if (!kbuild_style(argc, argv))
		return false;
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--chain=sparse"))
			return false;	/* sparse still has to run */
	file = kbuild_file(argc, argv);
	if (!file || read_file(file, FILE_LIMIT, &text, &len) < 0)
		return false;	/* the core says what is wrong */
	skip = prefilter_is_text(text, len) && !prefilter_match(file, text, len) &&
	       !prefilter_module_headers(file, text);
	free(text);
	return skip;
}

static const char *const places[] = {
	"build/gup_policy-core",		/* beside, in the source tree */
	"../lib/gup_policy/gup_policy-core",	/* installed under PREFIX */
	NULL,
};

int main(int argc, char **argv)
{
	char self[PATH_MAX], path[PATH_MAX + 64], *slash;
	const char *env = getenv("GUP_POLICY_CORE");
	ssize_t n;

	if (nothing_to_do(argc, argv))
		return 0;
	if (env && *env) {
		execv(env, argv);
		fprintf(stderr, "%s: cannot run %s: %s\n", progname, env,
			strerror(errno));
		return 2;
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n < 0) {
		fprintf(stderr, "%s: cannot find myself: %s\n", progname,
			strerror(errno));
		return 2;
	}
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (slash)
		*slash = '\0';
	for (int i = 0; places[i]; i++) {
		snprintf(path, sizeof(path), "%s/%s", self, places[i]);
		if (access(path, X_OK) == 0) {
			execv(path, argv);
			break;
		}
	}
	fprintf(stderr, "%s: cannot find gup_policy-core beside %s "
		"(set GUP_POLICY_CORE)\n", progname, self);
	return 2;
}
