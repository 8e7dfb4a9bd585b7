// SPDX-License-Identifier: GPL-2.0
/*
 * The supervisor and its checker processes (see audit_pool.h).
 *
 * The supervisor is one thread.  It reads and prefilters files itself,
 * a few ahead of the workers (that is linear and cheap), hands each file
 * that names GUP to an idle worker, and between results looks at every
 * busy worker's CPU time and resident memory in /proc once per tick.  A
 * result comes back as one line: the file's state and its findings in
 * the JSON form of --format=json (out_json.c), so it renders exactly as
 * if it had been found in-process.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "out_json.h"
#include "json.h"
#include "audit_pool.h"
#include "util.h"

#define TICK_MS 100		/* how often budgets are looked at */
#define AHEAD 4			/* files triaged ahead, per worker */
#define TRIAGE_BATCH 64		/* files triaged between two looks */

/* Why the supervisor killed a worker. */
enum stop { STOP_NONE, STOP_CPU, STOP_STUCK, STOP_MEM, STOP_GARBLED };

struct worker {
	pid_t pid;		/* 0: not running */
	int fd;			/* the supervisor's end of its socket */
	int file;		/* the file it is checking, or -1 */
	struct strbuf in;	/* what it has sent of its result */
	double t0, cpu0;	/* when the file started: wall, CPU seconds */
	long rss0;		/* and its resident memory then, KiB */
	double seen, cpu_seen;	/* when its CPU time last grew, to what */
	enum stop stop;
};

struct pool {
	const struct pool_cfg *cfg;
	struct file_result *res;
	int n, next;		/* files; the next one to triage */
	int *queue, qhead, qtail;	/* triaged, waiting for a worker */
	struct worker *w;
	int nw;
	struct pollfd *pfd;
	double last_tick;
	int trouble;
};

static const char *const states[] = {
	[FS_SKIPPED] = "skipped", [FS_PARSED] = "parsed", [FS_FAILED] = "failed",
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool read_small(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return false;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	return true;
}

/* A process's CPU seconds and resident KiB, from /proc. */
static bool usage(pid_t pid, double *cpu, long *rss)
{
	static long tck, page_kib;	/* the supervisor's one thread */
	char path[64], buf[1024], *p;
	unsigned long ut, st;
	long pages;

	if (!tck) {
		tck = sysconf(_SC_CLK_TCK);
		page_kib = sysconf(_SC_PAGESIZE) / 1024;
	}
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	/* The name in parentheses may hold anything: count from its end. */
	if (!read_small(path, buf, sizeof(buf)) || !(p = strrchr(buf, ')')) ||
	    sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
		   &ut, &st) != 2)
		return false;
	snprintf(path, sizeof(path), "/proc/%d/statm", (int)pid);
	if (!read_small(path, buf, sizeof(buf)) ||
	    sscanf(buf, "%*u %ld", &pages) != 1)
		return false;
	*cpu = (double)(ut + st) / tck;
	*rss = pages * page_kib;
	return true;
}

static void put_str(struct strbuf *sb, const char *key, const char *s)
{
	sb_printf(sb, ", \"%s\": ", key);
	if (s)
		sb_json_str(sb, s);
	else
		sb_puts(sb, "null");
}

/* One file's result as one line of JSON (strings escape newlines). */
static void encode(struct strbuf *sb, int i, const struct file_result *r)
{
	sb_printf(sb, "{\"file\": %d, \"state\": \"%s\", \"errors\": %u", i,
		  states[r->state], r->errors);
	put_str(sb, "first_error", r->first_error);
	put_str(sb, "failure", r->failure);
	put_str(sb, "patch", r->patch);
	sb_puts(sb, ", \"findings\": [");
	for (int k = 0; k < r->found.nr; k++) {
		if (k)
			sb_puts(sb, ", ");
		finding_to_json(sb, &r->found.v[k]);
	}
	sb_puts(sb, "]}\n");
}

static char *dup_str(const struct json *j, const char *key)
{
	const char *s = json_str(j, key);

	return s ? xstrdup(s) : NULL;
}

/* Read back what encode() wrote for @file; -1 if it is not that. */
static int decode(const char *line, size_t len, int file,
		  struct file_result *r)
{
	char err[128];
	struct json *j = json_parse(line, len, err, sizeof(err));
	const struct json *list = json_get(j, "findings");
	const char *state = json_str(j, "state");
	int rc = -1;

	if (!state || !list || list->type != J_ARR ||
	    json_uint(j, "file") != (unsigned)file)
		goto out;
	r->state = FS_FAILED;
	for (size_t s = 0; s < ARRAY_SIZE(states); s++)
		if (!strcmp(state, states[s]))
			r->state = s;
	r->errors = json_uint(j, "errors");
	r->first_error = dup_str(j, "first_error");
	r->failure = dup_str(j, "failure");
	r->patch = dup_str(j, "patch");
	for (int k = 0; k < list->nr; k++) {
		struct finding f;

		if (finding_from_json(&list->kids[k], &f) < 0) {
			finding_free(&f);
			goto out;
		}
		*VEC_PUSH(r->found.v, r->found.nr, r->found.cap) = f;
	}
	rc = 0;
out:
	json_free(j);
	return rc;
}

static bool read_full(int fd, void *buf, size_t n)
{
	char *p = buf;

	while (n) {
		ssize_t got = read(fd, p, n);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return false;
		p += got;
		n -= got;
	}
	return true;
}

static bool send_full(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t put = send(fd, p, n, MSG_NOSIGNAL);

		if (put < 0 && errno == EINTR)
			continue;
		if (put <= 0)
			return false;
		p += put;
		n -= put;
	}
	return true;
}

static void worker_main(const struct pool_cfg *cfg, int fd)
{
	/*
	 * Declarations from the precompiled headers are left out of a walk
	 * of the translation unit: every walk would otherwise read all of
	 * them back from the .pch (0.15-0.3 s of CPU per file, a third of
	 * the audit).  What the file's code refers to is still reached
	 * through its cursors.
	 */
	CXIndex idx = clang_createIndex(1, 0);
	int i;

	/*
	 * libclang catches a crash in a parse and carries on in a state it
	 * does not vouch for, printing a dump; here a crash ends the worker
	 * and the supervisor reports it in one line.
	 */
	clang_toggleCrashRecovery(0);
	while (read_full(fd, &i, sizeof(i))) {
		struct file_result r = { 0 };
		struct strbuf sb = { 0 };
		bool sent;

		cfg->check(cfg->ctx, idx, i, &r);
		encode(&sb, i, &r);
		sent = send_full(fd, sb.buf, sb.len);
		sb_free(&sb);
		file_result_free(&r);
		if (!sent)
			break;
	}
	clang_disposeIndex(idx);
}

static void become_worker(struct pool *p, int fd, pid_t parent)
{
	struct rlimit none = { 0, 0 };

	for (int k = 0; k < p->nw; k++)
		if (p->w[k].fd >= 0)
			close(p->w[k].fd);
	/* Never outlive the supervisor, whose budget is all that stops us. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(2);
	/* A worker killed or crashed leaves no core file (in the cwd). */
	setrlimit(RLIMIT_CORE, &none);
	worker_main(p->cfg, fd);
	close(fd);
	/* exit(), not _exit(): leak checkers look at workers too. */
	exit(0);
}

static bool start(struct pool *p, struct worker *w)
{
	pid_t self = getpid(), pid;
	int sv[2], err;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return false;
	fflush(NULL);	/* nothing buffered is written twice */
	pid = fork();
	if (pid < 0) {
		err = errno;
		close(sv[0]);
		close(sv[1]);
		errno = err;
		return false;
	}
	if (pid == 0) {
		close(sv[0]);
		become_worker(p, sv[1], self);
	}
	close(sv[1]);
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	w->pid = pid;
	w->fd = sv[0];
	return true;
}

static char *budget_text(const struct pool_cfg *cfg, enum stop stop)
{
	unsigned s = cfg->seconds, m = cfg->mib;

	if (stop == STOP_CPU)
		return xasprintf("over the %u s time budget (--file-timeout)", s);
	if (stop == STOP_STUCK)
		return xasprintf("over the %u s time budget: waited %u s without "
				 "using the CPU (--file-timeout)", s, s);
	if (m % 1024 == 0)
		return xasprintf("over the %u GiB memory budget (--file-memory)",
				 m / 1024);
	return xasprintf("over the %u MiB memory budget (--file-memory)", m);
}

/* Why the worker checking a file ended without its result. */
static char *why(const struct pool *p, const struct worker *w, int status)
{
	if (w->stop != STOP_NONE)
		return budget_text(p->cfg, w->stop);
	if (WIFSIGNALED(status))
		return xasprintf("the checker crashed on it (signal %d, %s)",
				 WTERMSIG(status), strsignal(WTERMSIG(status)));
	if (WIFEXITED(status) && WEXITSTATUS(status))
		return xasprintf("the checker process exited with status %d "
				 "on it", WEXITSTATUS(status));
	return xstrdup("the checker process ended without a result");
}

/* A worker that was not checking anything ended: fine only if asked to. */
static void idle_death(struct pool *p, const struct worker *w, int status)
{
	if (w->stop != STOP_NONE)	/* killed as its result came in */
		return;
	if (WIFSIGNALED(status))
		warnx_("a checker process died between files (signal %d, %s)",
		       WTERMSIG(status), strsignal(WTERMSIG(status)));
	else if (WIFEXITED(status) && WEXITSTATUS(status))
		warnx_("a checker process exited with status %d",
		       WEXITSTATUS(status));
	else
		return;
	p->trouble = -1;
}

static void fail_file(struct pool *p, int i, char *why)
{
	file_result_free(&p->res[i]);
	p->res[i].state = FS_FAILED;
	p->res[i].failure = why;
}

/* The worker's socket is closed or broken: collect the process. */
static void reap(struct pool *p, struct worker *w)
{
	int status = 0;

	close(w->fd);
	while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
		;
	if (w->file >= 0)
		fail_file(p, w->file, why(p, w, status));
	else
		idle_death(p, w, status);
	sb_free(&w->in);
	*w = (struct worker){ .fd = -1, .file = -1 };
}

static void finish(struct pool *p, struct worker *w, const char *line,
		   size_t len)
{
	int i = w->file;

	if (i < 0 || decode(line, len, i, &p->res[i]) < 0) {
		/* Not what a worker sends: take no chances with it. */
		if (i >= 0)
			fail_file(p, i, xstrdup("unreadable result from the "
						"checker process"));
		w->file = -1;
		w->stop = STOP_GARBLED;
		kill(w->pid, SIGKILL);
		reap(p, w);
		return;
	}
	w->file = -1;
}

static void collect(struct pool *p, struct worker *w)
{
	char buf[65536], *nl;
	ssize_t got;

	for (;;) {
		got = read(w->fd, buf, sizeof(buf));
		if (got > 0)
			sb_add(&w->in, buf, got);
		else if (got < 0 && errno == EINTR)
			continue;
		else
			break;
	}
	while (w->pid && w->in.len &&
	       (nl = memchr(w->in.buf, '\n', w->in.len))) {
		size_t len = nl - w->in.buf;

		finish(p, w, w->in.buf, len);
		if (!w->pid)
			return;
		w->in.len -= len + 1;
		memmove(w->in.buf, nl + 1, w->in.len + 1);
	}
	if (got == 0 || (got < 0 && errno != EAGAIN))
		reap(p, w);
}

static void dispatch(struct worker *w, int i)
{
	w->file = i;
	w->t0 = now();
	w->cpu0 = 0;
	w->rss0 = 0;
	usage(w->pid, &w->cpu0, &w->rss0);
	w->seen = w->t0;
	w->cpu_seen = w->cpu0;
	/* If it is gone, its closed socket says so to collect(). */
	send_full(w->fd, (const char *)&i, sizeof(i));
}

/* Queued files to idle workers, starting workers as they are needed. */
static void fill(struct pool *p)
{
	for (int k = 0; k < p->nw && p->qhead < p->qtail; k++) {
		struct worker *w = &p->w[k];

		/* Busy, or killed and not yet collected. */
		if (w->file >= 0 || w->stop != STOP_NONE)
			continue;
		if (!w->pid && !start(p, w)) {
			fail_file(p, p->queue[p->qhead++],
				  xasprintf("cannot start a checker process: %s",
					    strerror(errno)));
			continue;
		}
		dispatch(w, p->queue[p->qhead++]);
	}
}

static bool more_to_triage(const struct pool *p)
{
	return p->next < p->n && p->qtail - p->qhead < p->nw * AHEAD;
}

static void triage_some(struct pool *p)
{
	for (int b = 0; b < TRIAGE_BATCH && more_to_triage(p); b++) {
		int i = p->next++;

		if (!p->cfg->triage(p->cfg->ctx, i, &p->res[i]))
			p->queue[p->qtail++] = i;
	}
}

static bool busy(const struct pool *p)
{
	for (int k = 0; k < p->nw; k++)
		if (p->w[k].file >= 0)
			return true;
	return false;
}

/* Files left to triage, queued or being checked. */
static bool pending(const struct pool *p)
{
	return p->next < p->n || p->qhead < p->qtail || busy(p);
}

/* Stop a worker whose file is over budget; collect() reports it. */
static void enforce(struct pool *p)
{
	const struct pool_cfg *c = p->cfg;
	double t = now();

	if ((!c->seconds && !c->mib) || t - p->last_tick < TICK_MS / 1e3)
		return;
	p->last_tick = t;
	for (int k = 0; k < p->nw; k++) {
		struct worker *w = &p->w[k];
		double cpu = t - w->t0;	/* without /proc: the wall clock */
		long rss = 0;
		bool known;

		if (w->file < 0 || w->stop != STOP_NONE)
			continue;
		known = usage(w->pid, &cpu, &rss);
		if (cpu > w->cpu_seen) {
			w->cpu_seen = cpu;
			w->seen = t;
		}
		if (c->seconds && cpu - w->cpu0 > c->seconds)
			w->stop = STOP_CPU;
		else if (c->seconds && t - w->seen > c->seconds)
			w->stop = STOP_STUCK;
		else if (c->mib && known && rss - w->rss0 > c->mib * 1024L)
			w->stop = STOP_MEM;
		if (w->stop != STOP_NONE)
			kill(w->pid, SIGKILL);
	}
}

static void wait_events(struct pool *p)
{
	const struct pool_cfg *c = p->cfg;
	int n = 0, timeout = -1;

	for (int k = 0; k < p->nw; k++) {
		if (!p->w[k].pid)
			continue;
		p->pfd[n].fd = p->w[k].fd;
		p->pfd[n].events = POLLIN;
		p->pfd[n].revents = 0;
		n++;
	}
	if (more_to_triage(p))
		timeout = 0;
	else if ((c->seconds || c->mib) && busy(p))
		timeout = TICK_MS;
	if (!n || poll(p->pfd, n, timeout) <= 0)
		return;
	for (int i = 0; i < n; i++) {
		if (!p->pfd[i].revents)
			continue;
		for (int k = 0; k < p->nw; k++)
			if (p->w[k].pid && p->w[k].fd == p->pfd[i].fd)
				collect(p, &p->w[k]);
	}
}

static void tell(const struct pool *p)
{
	struct audit_progress ap = { .read = p->next, .total = p->n,
				     .named = p->qtail };
	int running = 0;

	for (int k = 0; k < p->nw; k++)
		running += p->w[k].file >= 0;
	ap.checked = p->qhead - running;
	p->cfg->progress(&ap);
}

int pool_run(const struct pool_cfg *cfg, int n, struct file_result *res)
{
	struct pool p = { .cfg = cfg, .res = res, .n = n };

	p.nw = cfg->jobs < 1 ? 1 : cfg->jobs > n ? (n ? n : 1) : cfg->jobs;
	p.w = xcalloc(p.nw, sizeof(*p.w));
	p.pfd = xcalloc(p.nw, sizeof(*p.pfd));
	p.queue = xcalloc(n ? n : 1, sizeof(*p.queue));
	for (int k = 0; k < p.nw; k++)
		p.w[k] = (struct worker){ .fd = -1, .file = -1 };
	while (pending(&p)) {
		triage_some(&p);
		fill(&p);
		/* The last files triaged may all have been settled. */
		if (pending(&p))
			wait_events(&p);
		enforce(&p);
		if (cfg->progress)
			tell(&p);
	}
	for (int k = 0; k < p.nw; k++)
		if (p.w[k].pid)
			reap(&p, &p.w[k]);
	free(p.w);
	free(p.pfd);
	free(p.queue);
	return p.trouble;
}

/* For the result cache (audit_cache.h): a line that is no file's own. */
void result_to_line(struct strbuf *sb, const struct file_result *r)
{
	encode(sb, 0, r);
}

int result_from_line(const char *line, size_t len, struct file_result *r)
{
	return decode(line, len, 0, r);
}
