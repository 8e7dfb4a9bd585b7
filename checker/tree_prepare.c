// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tree_prepare.h"
#include "tree_sandbox.h"
#include "util.h"

static bool is_kernel_root(const char *dir)
{
	return path_exists(dir, "include/linux/mm.h") &&
	       path_exists(dir, "Kconfig") && path_exists(dir, "Makefile") &&
	       path_exists(dir, "arch");
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

/* Where @tree's generated headers live in @cache. */
/*
 * The cache key's hash of the tree path.  Its offset basis lost a digit
 * of FNV's (14695981039346656037) when it was first written; it stays,
 * so that trees prepared before keep their cache entries.
 */
#define TREE_KEY_BASIS 1469598103934665603ULL

static char *tree_dir(const char *tree, const char *cache)
{
	char *ver = kernel_version(tree), cwd[PATH_MAX];
	/* Absolute: make -C would take a relative O= from the tree. */
	bool rel = cache[0] != '/' && getcwd(cwd, sizeof(cwd));
	char *dir = xasprintf("%s%s%s/trees/%s-allmod2-%016llx",
			      rel ? cwd : "", rel ? "/" : "", cache,
			      ver ? ver : "unknown",
			      fnv1a(TREE_KEY_BASIS, tree, strlen(tree)));

	free(ver);
	return dir;
}

bool kprep_ready(const char *tree, const char *cache, enum prep_mode mode)
{
	char *dir = tree_dir(tree, cache);
	char *stamp = path_join(dir, "obj/.gup_policy-prepared");
	char *failed = path_join(dir, "failed");
	bool ready = mode == PREP_NONE || access(stamp, F_OK) == 0 ||
		     access(failed, F_OK) == 0;

	free(stamp);
	free(failed);
	free(dir);
	return ready;
}

static const char *mode_name(enum prep_mode mode)
{
	return mode == PREP_UNSANDBOXED ? "unsandboxed" : "sandbox";
}

/*
 * A failure is not retried, but one in the sandbox is when the user now
 * asks for an unsandboxed preparation.
 */
static bool failed_before(const char *failed, enum prep_mode mode)
{
	char *text = NULL;
	bool yes = false;

	if (read_file(failed, 64, &text, NULL) == 0) {
		yes = mode != PREP_UNSANDBOXED ||
		      starts_with(text, mode_name(PREP_UNSANDBOXED));
		free(text);
	} else {
		yes = access(failed, F_OK) == 0;
	}
	if (!yes)
		unlink(failed);
	return yes;
}

/* make allmodconfig, then make prepare, both under @sb. */
static int run_make(const struct sandbox *sb, const char *obj, const char *log)
{
	char *o = xasprintf("O=%s", obj), *j = xasprintf("-j%d", sb->jobs);
	/* -j: building kconfig's own tools is half of it. */
	char *const defconfig[] = { "make", "-s", "-C", (char *)sb->tree, o,
				    "ARCH=x86_64", j, "allmodconfig", NULL };
	/*
	 * Only headers are wanted.  Host tools that 'prepare' builds for
	 * allmodconfig but that generate no header are switched off on the
	 * command line (it overrides auto.conf in make, while autoconf.h
	 * stays as configured): objtool, dtc, the UAPI headers_install and
	 * its test, sign-file, SELinux's and IPE's generators, sorttable,
	 * relocs.  The generated headers are byte for byte the same; on
	 * 6.12 'prepare' goes from 12.8 s to 4.7 s.
	 */
	char *const prepare[] = { "make", "-s", "-C", (char *)sb->tree, o,
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
	int rc = sandbox_run(sb, defconfig, log);

	if (rc == 0)
		rc = sandbox_run(sb, prepare, log);
	sandbox_reclaim(sb);
	free(o);
	free(j);
	return rc;
}

/* Run the tree's build, once; false (and said why) when it failed. */
static bool build_headers(struct sandbox *sb, const char *obj, const char *log,
			  const char *failed, bool verbose)
{
	char *why = NULL;
	int rc, fd;

	if (sb->mode == PREP_SANDBOX && (why = sandbox_probe(sb))) {
		warnx_("%s: cannot set up a sandbox for its build (%s); not "
		       "running it: parsing without generated headers "
		       "(--prepare=unsandboxed runs it with your rights)",
		       sb->tree, why);
		free(why);
		return false;
	}
	if (verbose)
		warnx_("preparing generated headers for %s in %s (once per "
		       "tree, about 10 s; %s%s)", sb->tree, obj,
		       sb->tool && sb->mode == PREP_SANDBOX ? "sandbox: " : "",
		       sb->mode == PREP_SANDBOX ? sb->tool : "unsandboxed");
	unlink(log);
	rc = run_make(sb, obj, log);
	if (rc == 0)
		return true;
	if (rc == SBX_TIMEOUT)
		warnx_("%s: preparing it was stopped after %u s%s (see %s); "
		       "parsing with the generated headers there are",
		       sb->tree, sb->seconds,
		       sb->mode == PREP_SANDBOX ? " in the sandbox" : "", log);
	else
		warnx_("%s: could not prepare it%s (see %s); parsing with the "
		       "generated headers there are", sb->tree,
		       sb->mode == PREP_SANDBOX ? " in the sandbox" : "", log);
	fd = open(failed, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd >= 0) {
		write_all(fd, mode_name(sb->mode), strlen(mode_name(sb->mode)));
		close(fd);
	}
	return false;
}

/* --no-prepare: what an earlier preparation left, if anything. */
static char *prepared_before(const char *obj, const char *stamp,
			     const char *tree, bool *degraded)
{
	struct stat st;

	*degraded = access(stamp, F_OK) != 0;
	if (*degraded)
		warnx_("%s: not prepared (--no-prepare): parsing without its "
		       "generated headers; findings' confidence lowered", tree);
	return stat(obj, &st) == 0 && S_ISDIR(st.st_mode) ? xstrdup(obj) : NULL;
}

char *kprep_prepare(const char *tree, const char *cache,
		    const struct prep_opts *po, bool *degraded)
{
	char *dir = tree_dir(tree, cache);
	char *obj = path_join(dir, "obj");
	char *log = path_join(dir, "prepare.log");
	char *lock = path_join(dir, "lock");
	char *stamp = path_join(obj, ".gup_policy-prepared");
	char *failed = path_join(dir, "failed");
	struct sandbox sb = { tree, obj, po->jobs, po->seconds, po->mode,
			      NULL };
	char *res = NULL;
	int fd = -1;

	*degraded = false;
	if (po->mode == PREP_NONE) {
		res = prepared_before(obj, stamp, tree, degraded);
		goto out;
	}
	if (mkdirs(obj) < 0) {
		warnx_("cannot create cache directory %s: %s", obj,
		       strerror(errno));
		*degraded = true;
		goto out;
	}
	/* One preparer at a time; the others wait and reuse its result. */
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd >= 0)
		flock(fd, LOCK_EX);
	res = xstrdup(obj);	/* what was generated helps even if not all */
	if (access(stamp, F_OK) == 0)
		goto out;
	*degraded = true;
	if (failed_before(failed, po->mode)) {
		warnx_("%s: preparing it failed before (see %s; remove %s to "
		       "try again); parsing with the generated headers there "
		       "are", tree, log, failed);
		goto out;
	}
	if (build_headers(&sb, obj, log, failed, po->verbose)) {
		/* Not through a link the tree's build may have left. */
		unlink(stamp);
		close(open(stamp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
		*degraded = false;
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
