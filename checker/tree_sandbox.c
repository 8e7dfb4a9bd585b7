// SPDX-License-Identifier: GPL-2.0
/*
 * The sandbox an audited tree's code runs in (see tree_sandbox.h).  The
 * isolation is bubblewrap's or unshare's; this file only says what to
 * isolate, bounds the time, and cleans up after.
 *
 * As root, one more step: the kernel never applies RLIMIT_NPROC to uid
 * 0, so inside the sandbox the commands run as nobody (setpriv), and the
 * writable directory is lent to nobody for the time and given back.
 * Otherwise bwrap makes a user namespace and the user stays who they are.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "parse.h"
#include "tree_sandbox.h"
#include "util.h"

#define SANDBOX_UID 65534		/* nobody */
#define TMP_BYTES (256u << 20)		/* the private /tmp */
#define PROC_BASE 128			/* processes: this + 32 per job */
#define AS_BYTES (4ull << 30)		/* address space of each process */
#define FSIZE_BYTES (1ull << 30)	/* largest file written */

static const char *const hidden_dirs[] = { "/run", "/home", "/root" };

static bool as_root(void)
{
	return geteuid() == 0;
}

/*
 * Who kbuild records as the builder in compile.h: by default whoami,
 * which would be nobody inside; the user's name keeps the generated
 * headers byte for byte those of an unsandboxed preparation.
 */
static const char *build_user(void)
{
	const char *e = getenv("KBUILD_BUILD_USER");
	struct passwd *pw;

	if (e && *e)
		return e;
	pw = getpwuid(geteuid());
	return pw && pw->pw_name ? pw->pw_name : "unknown";
}

static void add(struct argv *a, const char *s1, const char *s2)
{
	argv_add(a, s1);
	if (s2)
		argv_add(a, s2);
}

/*
 * As nobody, the tree and the writable directory must be reachable: the
 * first directory above @path that others cannot enter is hidden under
 * an empty tmpfs, through which bwrap then makes the way.
 */
static void closed_parent(struct strlist *hide, const char *path)
{
	char *p = xstrdup(path);

	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		struct stat st;

		*s = '\0';
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode) &&
		    !(st.st_mode & S_IXOTH)) {
			if (!strlist_has(hide, p))
				strlist_add(hide, p);
			break;
		}
		*s = '/';
	}
	free(p);
}

/* Directories hidden under an empty, read-only tmpfs. */
static void hidden(const struct sandbox *sb, struct strlist *hide)
{
	const char *home = getenv("HOME");
	struct stat st;

	for (size_t i = 0; i < ARRAY_SIZE(hidden_dirs); i++)
		if (stat(hidden_dirs[i], &st) == 0 && S_ISDIR(st.st_mode))
			strlist_add(hide, hidden_dirs[i]);
	if (home && home[0] == '/' && home[1] && strcmp(home, "/tmp") &&
	    stat(home, &st) == 0 && S_ISDIR(st.st_mode) &&
	    !strlist_has(hide, home))
		strlist_add(hide, home);
	if (as_root()) {
		closed_parent(hide, sb->tree);
		closed_parent(hide, sb->dir);
	}
}

/*
 * What runs inside, before the command: as root, become nobody; under
 * unshare, where a user is root of the namespace, give up every
 * capability (a chroot is no wall to one who keeps CAP_SYS_CHROOT); then
 * the limits.  bwrap leaves a user's command no capability already.
 */
static void inner_prefix(const struct sandbox *sb, struct argv *a)
{
	if (as_root() || strcmp(sb->tool, "bwrap")) {
		argv_add(a, "setpriv");
		if (as_root()) {
			add(a, "--reuid=65534", "--regid=65534");
			argv_add(a, "--clear-groups");
		}
		add(a, "--inh-caps=-all", "--bounding-set=-all");
		add(a, "--no-new-privs", "--");
	}
	argv_add(a, "prlimit");
	argv_addf(a, "--nproc=%d", PROC_BASE + 32 * sb->jobs);
	argv_addf(a, "--as=%llu", AS_BYTES);
	argv_addf(a, "--fsize=%llu", FSIZE_BYTES);
	add(a, "--core=0", "--");
}

/*
 * bwrap makes the directories leading to a bind mount 0700; those below
 * a hidden @top (or the private /tmp) on the way to @path are made 0755
 * first, for nobody.
 */
static void open_way(struct argv *a, const char *top, const char *path)
{
	size_t n = strlen(top);
	char *p;

	if (strncmp(path, top, n) || path[n] != '/')
		return;
	p = xstrdup(path);
	for (char *s = strchr(p + n + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		add(a, "--perms", "0755");
		add(a, "--dir", p);
		*s = '/';
	}
	free(p);
}

static void bwrap_args(const struct sandbox *sb, struct argv *a)
{
	struct strlist hide = { 0 };
	const char *path = getenv("PATH");

	add(a, "bwrap", "--die-with-parent");
	add(a, "--new-session", "--unshare-pid");
	add(a, "--unshare-net", "--unshare-ipc");
	add(a, "--unshare-uts", "--unshare-cgroup-try");
	if (as_root()) {	/* for setpriv, which gives them up */
		add(a, "--cap-add", "CAP_SETUID");
		add(a, "--cap-add", "CAP_SETGID");
		add(a, "--cap-add", "CAP_SETPCAP");
	} else {
		add(a, "--unshare-user", "--disable-userns");
	}
	add(a, "--ro-bind", "/");
	argv_add(a, "/");
	add(a, "--dev", "/dev");
	add(a, "--proc", "/proc");
	add(a, "--perms", "1777");
	argv_add(a, "--size");
	argv_addf(a, "%u", TMP_BYTES);
	add(a, "--tmpfs", "/tmp");
	hidden(sb, &hide);
	for (int i = 0; i < hide.nr; i++)
		add(a, "--tmpfs", hide.v[i]);
	open_way(a, "/tmp", sb->tree);
	open_way(a, "/tmp", sb->dir);
	for (int i = 0; i < hide.nr; i++) {
		open_way(a, hide.v[i], sb->tree);
		open_way(a, hide.v[i], sb->dir);
	}
	add(a, "--ro-bind", sb->tree);
	argv_add(a, sb->tree);
	add(a, "--bind", sb->dir);
	argv_add(a, sb->dir);
	for (int i = 0; i < hide.nr; i++)
		add(a, "--remount-ro", hide.v[i]);
	add(a, "--clearenv", "--setenv");
	add(a, "PATH", path && *path ? path : "/usr/bin:/bin");
	add(a, "--setenv", "HOME");
	add(a, "/tmp", "--setenv");
	add(a, "TMPDIR", "/tmp");
	add(a, "--setenv", "KBUILD_BUILD_USER");
	add(a, build_user(), "--setenv");
	add(a, "LC_ALL", "C");
	if (getenv("KBUILD_BUILD_HOST")) {
		add(a, "--setenv", "KBUILD_BUILD_HOST");
		argv_add(a, getenv("KBUILD_BUILD_HOST"));
	}
	argv_add(a, "--chdir");
	add(a, sb->dir, "--");
	inner_prefix(sb, a);
	strlist_free(&hide);
}

/*
 * The fallback: unshare makes the namespaces, this script the rest, on a
 * fresh read-only tmpfs root holding read-only binds of the system's
 * directories, the tree, and the writable directory; then chroot.
 */
static const char unshare_script[] =
"set -e\n"
"tree=$1 dir=$2 user=$3; shift 3\n"
"r=$dir/.sandbox-root\n"
"mkdir -p \"$r\"\n"
"mount -t tmpfs -o size=64m,mode=755 sandbox \"$r\"\n"
"for d in usr etc bin sbin lib lib32 lib64 libx32 opt; do\n"
"	if [ -L /$d ]; then ln -s \"$(readlink /$d)\" \"$r/$d\"\n"
"	elif [ -d /$d ]; then mkdir \"$r/$d\"\n"
"		mount --bind /$d \"$r/$d\"\n"
"		mount -o remount,bind,ro \"$r/$d\"\n"
"	fi\n"
"done\n"
"mkdir \"$r/tmp\" \"$r/proc\" \"$r/dev\"\n"
"mount -t tmpfs -o size=256m,mode=1777 tmp \"$r/tmp\"\n"
"mkdir -p \"$r$tree\" \"$r$dir\"\n"
"mount --bind \"$tree\" \"$r$tree\"; mount -o remount,bind,ro \"$r$tree\"\n"
"mount --bind \"$dir\" \"$r$dir\"\n"
"mount -t proc proc \"$r/proc\"\n"
"for n in null zero full random urandom; do\n"
"	touch \"$r/dev/$n\"; mount --bind /dev/$n \"$r/dev/$n\"\n"
"done\n"
"mount -o remount,bind,ro \"$r\"\n"
"h=${KBUILD_BUILD_HOST:+KBUILD_BUILD_HOST=$KBUILD_BUILD_HOST}\n"
"exec chroot \"$r\" env -i PATH=\"$PATH\" HOME=/tmp TMPDIR=/tmp LC_ALL=C \\\n"
"	KBUILD_BUILD_USER=\"$user\" ${h:+\"$h\"} \\\n"
"	sh -c 'cd \"$0\" && exec \"$@\"' \"$dir\" \"$@\"\n";

static void unshare_args(const struct sandbox *sb, struct argv *a)
{
	add(a, "unshare", "--mount");
	add(a, "--net", "--pid");
	add(a, "--ipc", "--uts");
	add(a, "--fork", "--kill-child");
	add(a, "--propagation", "private");
	if (!as_root())
		add(a, "--user", "--map-root-user");
	add(a, "--", "sh");
	add(a, "-c", unshare_script);
	add(a, "sh", sb->tree);
	add(a, sb->dir, build_user());
	inner_prefix(sb, a);
}

/* The whole command line for @argv under @sb, NULL-terminated. */
static void command(const struct sandbox *sb, char *const argv[],
		    struct argv *a)
{
	if (sb->mode != PREP_UNSANDBOXED && !strcmp(sb->tool, "bwrap"))
		bwrap_args(sb, a);
	else if (sb->mode != PREP_UNSANDBOXED)
		unshare_args(sb, a);
	for (int i = 0; argv[i]; i++)
		argv_add(a, argv[i]);
	*VEC_PUSH(a->v, a->nr, a->cap) = NULL;
	a->nr--;
}

static void limit(int res, rlim_t v)
{
	struct rlimit rl = { v, v };

	setrlimit(res, &rl);
}

/* In the child: descriptors, limits, then the command. */
static void child(const struct sandbox *sb, char *const argv[], int log)
{
	int null = open("/dev/null", O_RDONLY);

	if (null >= 0)
		dup2(null, 0);
	if (log >= 0) {
		dup2(log, 1);
		dup2(log, 2);
	}
	close_range(3, ~0u, 0);
	setpgid(0, 0);
	limit(RLIMIT_CORE, 0);
	if (sb->mode == PREP_UNSANDBOXED) {
		limit(RLIMIT_AS, AS_BYTES);
		limit(RLIMIT_FSIZE, FSIZE_BYTES);
	}
	execvp(argv[0], argv);
	fprintf(stderr, "%s: cannot run %s: %s\n", progname, argv[0],
		strerror(errno));
	_exit(127);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Wait for @pid, killing its process group once @seconds are over. */
static int wait_bounded(pid_t pid, unsigned seconds)
{
	double end = now() + seconds;
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	bool late = false;
	int status;

	for (;;) {
		pid_t r = waitpid(pid, &status, seconds ? WNOHANG : 0);

		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			return SBX_FAILED;
		if (seconds && !late && now() > end) {
			/* bwrap and unshare take their namespace with them. */
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			late = true;
		}
		if (r == 0)
			nanosleep(&tick, NULL);
	}
	if (late)
		return SBX_TIMEOUT;
	return WIFEXITED(status) ? WEXITSTATUS(status) : SBX_FAILED;
}

static int lend_one(const char *path, const struct stat *st, int type,
		    struct FTW *ftw)
{
	return lchown(path, SANDBOX_UID, SANDBOX_UID) < 0 ? -1 : 0;
}

/* As root: the writable directory, and what an earlier run left, nobody's. */
static int lend(const struct sandbox *sb)
{
	if (chmod(sb->dir, 0755) < 0)
		return -1;
	return nftw(sb->dir, lend_one, 16, FTW_PHYS);
}

int sandbox_run(const struct sandbox *sb, char *const argv[], const char *log)
{
	struct argv a = { 0 };
	int fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	int rc = SBX_FAILED;
	pid_t pid;

	if (sb->mode != PREP_UNSANDBOXED && as_root() && lend(sb) < 0)
		goto out;
	command(sb, argv, &a);
	pid = fork();
	if (pid == 0)
		child(sb, a.v, fd);
	if (pid > 0)
		rc = wait_bounded(pid, sb->seconds);
out:
	if (fd >= 0)
		close(fd);
	argv_free(&a);
	return rc;
}

static int reclaim_one(const char *path, const struct stat *st, int type,
		       struct FTW *ftw)
{
	if (st->st_uid == SANDBOX_UID || st->st_gid == SANDBOX_UID)
		lchown(path, geteuid(), getegid());
	return 0;
}

void sandbox_reclaim(const struct sandbox *sb)
{
	char *root = path_join(sb->dir, ".sandbox-root");

	rmdir(root);		/* unshare's mount point, if any */
	free(root);
	if (sb->mode != PREP_UNSANDBOXED && as_root())
		nftw(sb->dir, reclaim_one, 16, FTW_PHYS);
}

/* The tool asked for in $GUP_POLICY_SANDBOX, else bwrap then unshare. */
static int try_tool(struct sandbox *sb, const char *tool, const char *log)
{
	char *const t[] = { "true", NULL };
	unsigned seconds = sb->seconds;
	int rc;

	sb->tool = tool;
	sb->seconds = 30;
	rc = sandbox_run(sb, t, log);
	sb->seconds = seconds;
	return rc;
}

char *sandbox_probe(struct sandbox *sb)
{
	static const char *const tools[] = { "bwrap", "unshare" };
	const char *want = getenv("GUP_POLICY_SANDBOX");
	char *up = xstrdup(sb->dir), *log, *why = NULL;
	struct strbuf sb_why = { 0 };

	*strrchr(up, '/') = '\0';	/* beside the directory, not in it */
	log = path_join(up, "sandbox.log");
	free(up);

	unlink(log);
	for (size_t i = 0; i < ARRAY_SIZE(tools); i++) {
		if (want && *want && strcmp(want, tools[i]))
			continue;
		if (try_tool(sb, tools[i], log) == 0)
			goto out;
		sb_printf(&sb_why, "%s%s", sb_why.len ? ", " : "", tools[i]);
	}
	sandbox_reclaim(sb);
	sb->tool = NULL;
	why = sb_why.len ? xasprintf("neither works here: %s (see %s)",
				     sb_why.buf, log) :
			   xasprintf("GUP_POLICY_SANDBOX=%s is not a sandbox "
				     "(bwrap, unshare)", want);
out:
	sb_free(&sb_why);
	free(log);
	return why;
}
