// SPDX-License-Identifier: GPL-2.0
/*
 * The status line on a terminal (see out_progress.h).
 *
 * A thread redraws it four times a second from what the supervisor last
 * reported, so the elapsed time moves while make prepares a tree or a
 * long file is parsed.  Everything that reaches stderr during the audit
 * goes through warnx_(), whose hook erases the line first; the next
 * redraw puts it back below the message.  The state is shared by the
 * supervisor, the preparing thread (warnings) and the redrawing thread:
 * all of it is under one mutex.  Checker processes are forked from the
 * supervisor and never draw: the hook only acts in the process that
 * started the line.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "out_progress.h"
#include "util.h"

#define REDRAW_MS 250

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	bool running, stopping, drawn, reported;
	pid_t owner;
	double t0;
	struct audit_progress p;
	char last[512];		/* the line on the screen */
} pr = { .lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER };

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static unsigned width(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1)
		return ws.ws_col - 1;
	return 79;
}

static void erase_locked(void)
{
	if (!pr.drawn)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	pr.drawn = false;
}

/* The line for where the audit is, cut to the terminal's width. */
static void draw_locked(void)
{
	const struct audit_progress *p = &pr.p;
	char line[512];
	int n;
	unsigned secs = now() - pr.t0, w = width();

	/* Short enough for 80 columns; the end is cut on narrower ones. */
	if (p->preparing)
		n = snprintf(line, sizeof(line), "%s: preparing the tree, "
			     "%d of %d files read [%u s]", progname, p->read,
			     p->total, secs);
	else if (p->read < p->total)
		n = snprintf(line, sizeof(line), "%s: %d of %d files read, "
			     "%d of %d calling GUP checked [%u s]", progname,
			     p->read, p->total, p->checked, p->named, secs);
	else
		n = snprintf(line, sizeof(line), "%s: checking %d of %d files "
			     "that call GUP [%u s]", progname,
			     p->checked, p->named, secs);
	if (n < 0)
		return;
	if ((unsigned)n > w && w < sizeof(line))
		line[w] = '\0';
	if (pr.drawn && !strcmp(line, pr.last))
		return;
	strcpy(pr.last, line);
	fprintf(stderr, "\r%s\033[K", line);
	fflush(stderr);
	pr.drawn = true;
}

static void *redraw(void *arg)
{
	struct timespec until;

	pthread_mutex_lock(&pr.lock);
	while (!pr.stopping) {
		/* Not before the first report: a quick run shows nothing. */
		if (pr.reported)
			draw_locked();
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += REDRAW_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&pr.wake, &pr.lock, &until);
	}
	erase_locked();
	pthread_mutex_unlock(&pr.lock);
	return NULL;
}

/* warnx_() calls this before it writes. */
static void before_warning(void)
{
	if (getpid() != pr.owner)
		return;
	pthread_mutex_lock(&pr.lock);
	erase_locked();
	pthread_mutex_unlock(&pr.lock);
}

/*
 * A checker process is forked while the line may be being drawn: were
 * the thread inside fprintf(stderr) then, the child would inherit
 * stderr's lock held by a thread it does not have, and hang on its first
 * write there.  Holding the line's lock across fork() rules that out.
 */
static void fork_prepare(void)
{
	pthread_mutex_lock(&pr.lock);
}

static void fork_done(void)
{
	pthread_mutex_unlock(&pr.lock);
}

void progress_start(bool on)
{
	static bool hooked;

	if (!on || pr.running)
		return;
	if (!hooked && pthread_atfork(fork_prepare, fork_done, fork_done) == 0)
		hooked = true;
	pr.owner = getpid();
	pr.t0 = now();
	pr.stopping = false;
	warn_hook = before_warning;
	if (pthread_create(&pr.thread, NULL, redraw, NULL) == 0)
		pr.running = true;
	else
		warn_hook = NULL;
}

void progress_update(const struct audit_progress *p)
{
	if (!pr.running || getpid() != pr.owner)
		return;
	pthread_mutex_lock(&pr.lock);
	pr.p = *p;
	pr.reported = true;
	pthread_mutex_unlock(&pr.lock);
}

void progress_stop(void)
{
	if (!pr.running)
		return;
	pthread_mutex_lock(&pr.lock);
	pr.stopping = true;
	pthread_cond_signal(&pr.wake);
	pthread_mutex_unlock(&pr.lock);
	pthread_join(pr.thread, NULL);
	pr.running = false;
	warn_hook = NULL;
}

static void count(struct strbuf *sb, int n, const char *what)
{
	sb_printf(sb, "%d %s%s", n, what, n == 1 ? "" : "s");
}

void progress_summary(FILE *out, const struct audit *a,
		      const struct findings *fs, enum severity min)
{
	struct strbuf sb = { 0 };
	int by[SEV_ERROR + 1] = { 0 };

	for (int i = 0; i < fs->nr; i++)
		if (fs->v[i].sev >= min)
			by[fs->v[i].sev]++;
	sb_printf(&sb, "%s: %d file%s read, %d checked (%d with parse "
		  "errors", progname, a->targets ? a->targets->nr : 0,
		  a->targets && a->targets->nr == 1 ? "" : "s",
		  a->files_parsed, a->parse_errors);
	if (a->failed)
		sb_printf(&sb, ", %d failed", a->failed);
	sb_puts(&sb, "); ");
	count(&sb, by[SEV_ERROR], "error");
	sb_puts(&sb, ", ");
	count(&sb, by[SEV_WARNING], "warning");
	/* Notes are counted only when they are shown. */
	if (min == SEV_NOTE) {
		sb_puts(&sb, ", ");
		count(&sb, by[SEV_NOTE], "note");
	}
	sb_printf(&sb, "; %.1f s\n", a->seconds);
	fputs(sb.buf, out);
	sb_free(&sb);
}
