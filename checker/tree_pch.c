// SPDX-License-Identifier: GPL-2.0
/*
 * A precompiled header per prepared tree.  An allmodconfig kernel file
 * pulls in about a megabyte of headers, and most of its parse time goes
 * there; the common ones are parsed once and loaded from the .pch by
 * every file.  A file whose own macros change what those headers say
 * (it defines DEBUG before including linux/device.h, say) still parses:
 * the headers are include-guarded, and audit.c parses a file again
 * without the .pch whenever it had errors with it.
 *
 * The .pch is built in a child process (libclang never runs in the
 * supervisor that forks the checker processes), once, under the tree's
 * lock, and reused while its stamp is there.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <clang-c/Index.h>

#include "tree_cflags.h"
#include "tree_pch.h"
#include "util.h"

/*
 * The headers most GUP callers include (counted over the callers of
 * 6.12); a .pch built from another list is built again.
 */
static const char common_h[] =
	"#include <linux/mm.h>\n"
	"#include <linux/slab.h>\n"
	"#include <linux/sched.h>\n"
	"#include <linux/fs.h>\n"
	"#include <linux/uaccess.h>\n"
	"#include <linux/highmem.h>\n"
	"#include <linux/pagemap.h>\n"
	"#include <linux/scatterlist.h>\n"
	"#include <linux/dma-mapping.h>\n"
	"#include <linux/module.h>\n"
	"#include <linux/vmalloc.h>\n"
	"#include <linux/uio.h>\n"
	"#include <linux/sched/signal.h>\n"
	"#include <linux/sched/mm.h>\n"
	"#include <linux/file.h>\n"
	"#include <linux/swap.h>\n"
	"#include <linux/interrupt.h>\n"
	"#include <linux/hugetlb.h>\n";

static void note_inclusion(CXFile f, CXSourceLocation *stack, unsigned n,
			   CXClientData data)
{
	CXString name = clang_getFileName(f);

	if (clang_getCString(name))
		fprintf(data, "%s\n", clang_getCString(name));
	clang_disposeString(name);
}

/* In the child: parse the header and save it; the exit status says. */
static int build(const char *tree, const char *obj, const char *hdr,
		 const char *out, const char *deps)
{
	struct argv args = { 0 };
	CXIndex idx = clang_createIndex(0, 0);
	CXTranslationUnit tu = NULL;
	unsigned errors = 0;
	int rc = 1;

	argv_add(&args, "-xc-header");
	cflags_kernel_base(&args, tree, obj);
	if (clang_parseTranslationUnit2(idx, hdr, (const char *const *)args.v,
					args.nr, NULL, 0,
					CXTranslationUnit_ForSerialization |
					CXTranslationUnit_Incomplete,
					&tu) == CXError_Success) {
		for (unsigned i = 0; i < clang_getNumDiagnostics(tu); i++) {
			CXDiagnostic d = clang_getDiagnostic(tu, i);

			errors += clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error;
			clang_disposeDiagnostic(d);
		}
		if (!errors &&
		    clang_saveTranslationUnit(tu, out, clang_defaultSaveOptions(tu)) ==
			    CXSaveError_None) {
			FILE *f = fopen(deps, "w");

			if (f) {
				clang_getInclusions(tu, note_inclusion, f);
				rc = fclose(f) == 0 ? 0 : 1;
			}
		}
		clang_disposeTranslationUnit(tu);
	}
	clang_disposeIndex(idx);
	argv_free(&args);
	return rc;
}

static bool run_build(const char *tree, const char *obj, const char *hdr,
		      const char *tmp, const char *deps)
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return false;
	if (pid == 0)
		_exit(build(tree, obj, hdr, tmp, deps));
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return false;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static bool write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	bool ok;

	if (fd < 0)
		return false;
	ok = write_all(fd, text, strlen(text)) == 0;
	return close(fd) == 0 && ok;
}

static bool same_text(const char *path, const char *text)
{
	size_t len;
	char *old;
	bool same;

	if (read_file(path, 1u << 20, &old, &len) < 0)
		return false;
	same = len == strlen(text) && !memcmp(old, text, len);
	free(old);
	return same;
}

char *pch_prepare(const char *tree, const char *obj, bool verbose)
{
	char *copy = xstrdup(obj), *dir = xstrdup(dirname(copy));
	char *hdr = path_join(dir, "common.h"), *pch = path_join(dir, "common.pch");
	char *tmp = path_join(dir, "common.pch.tmp");
	char *ok = path_join(dir, "common.pch.ok");
	char *bad = path_join(dir, "common.pch.failed");
	char *lock = path_join(dir, "lock"), *res = NULL;
	char *deps = path_join(dir, "common.pch.deps");
	int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);

	if (fd >= 0)
		flock(fd, LOCK_EX);
	if (!same_text(hdr, common_h)) {	/* another checker's headers */
		unlink(ok);
		unlink(bad);
	}
	if (access(ok, F_OK) == 0) {
		res = xstrdup(pch);
	} else if (access(bad, F_OK) != 0) {
		if (verbose)
			warnx_("precompiling common headers of %s (once per "
			       "tree; a few seconds)", tree);
		if (write_text(hdr, common_h) && run_build(tree, obj, hdr, tmp, deps) &&
		    rename(tmp, pch) == 0) {
			close(open(ok, O_WRONLY | O_CREAT, 0644));
			res = xstrdup(pch);
		} else {
			unlink(tmp);
			close(open(bad, O_WRONLY | O_CREAT, 0644));
		}
	}
	if (fd >= 0)
		close(fd);
	free(copy);
	free(dir);
	free(hdr);
	free(pch);
	free(tmp);
	free(ok);
	free(bad);
	free(lock);
	free(deps);
	return res;
}

void pch_deps_load(struct strlist *deps, const char *pch)
{
	char *path = xasprintf("%s.deps", pch), *text, *save = NULL, *l;

	if (read_file(path, 64u << 20, &text, NULL) == 0) {
		for (l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
			strlist_add(deps, l);
		free(text);
	}
	free(path);
}
