// SPDX-License-Identifier: GPL-2.0
/*
 * Running git for --emit-patches: the sender's name and address, and the
 * subject prefixes a file's history uses.  Only after the worker threads
 * are gone: fork() then touches nothing but the child's own environment.
 *
 * The repository is the audited tree's, as untrusted as its code: its
 * .git/config may name programs for git to run (a pager, an fsmonitor,
 * hooks, an external diff, a textconv filter, a signature verifier that
 * 'git log' calls with log.showSignature, transports).  Command-line
 * settings win over every configuration file, so each is switched off
 * there; values are still read (user.name is wanted), never run.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tree_git.h"

#define OUT_LIMIT (1u << 20)

static const char *const dropped_env[] = {
	"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
	"GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_PREFIX",
	"GIT_NAMESPACE",
};

/* Before the command's own arguments. */
static const char *const safe_args[] = {
	"git", "--no-pager",
	"-c", "core.pager=cat",
	"-c", "core.fsmonitor=false",
	"-c", "core.hooksPath=/dev/null",
	"-c", "core.sshCommand=false",
	"-c", "diff.external=",
	"-c", "log.showSignature=false",
	"-c", "gpg.program=false",
	"-c", "gpg.ssh.program=false",
	"-c", "gpg.x509.program=false",
	"-c", "protocol.allow=never",
	"-c", "credential.helper=",
};

/* And in its environment: no fetch, no prompt, no external diff. */
static const char *const dropped_run_env[] = {
	"GIT_EXTERNAL_DIFF", "GIT_PAGER", "PAGER", "GIT_SSH", "GIT_SSH_COMMAND",
	"GIT_ASKPASS", "SSH_ASKPASS", "GIT_EDITOR",
};

static void child(int out, char *const argv[])
{
	int null = open("/dev/null", O_RDWR);

	dup2(out, 1);
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 2);
	}
	for (size_t i = 0; i < ARRAY_SIZE(dropped_env); i++)
		unsetenv(dropped_env[i]);
	for (size_t i = 0; i < ARRAY_SIZE(dropped_run_env); i++)
		unsetenv(dropped_run_env[i]);
	setenv("GIT_OPTIONAL_LOCKS", "0", 1);
	setenv("GIT_TERMINAL_PROMPT", "0", 1);
	setenv("GIT_NO_LAZY_FETCH", "1", 1);
	/* Beats a repository's protocol.<name>.allow: none at all. */
	setenv("GIT_ALLOW_PROTOCOL", "none", 1);
	setenv("GIT_PROTOCOL_FROM_USER", "0", 1);
	setenv("LC_ALL", "C", 1);
	execvp("git", argv);
	_exit(127);
}

/* safe_args, then @argv without its "git". */
static char **full_argv(char *const argv[])
{
	size_t n = 0, k = ARRAY_SIZE(safe_args);
	char **v;

	while (argv[n])
		n++;
	v = xcalloc(k + n + 1, sizeof(*v));
	memcpy(v, safe_args, sizeof(safe_args));
	for (size_t i = 1; i < n; i++)
		v[k + i - 1] = argv[i];
	return v;
}

/* git's standard output for @argv, or NULL when it did not succeed. */
static char *run_git(char *const given[])
{
	char **argv = full_argv(given);
	int fd[2], status = -1, rc;
	char *out = NULL;
	pid_t pid;

	if (pipe2(fd, O_CLOEXEC) < 0) {
		free(argv);
		return NULL;
	}
	pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		free(argv);
		return NULL;
	}
	if (pid == 0)
		child(fd[1], argv);
	free(argv);
	close(fd[1]);
	rc = read_fd(fd[0], OUT_LIMIT, &out, NULL);
	close(fd[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			break;
	if (rc < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (rc == 0)
			free(out);
		return NULL;
	}
	return out;
}

static void chomp(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

bool git_is_repo(const char *dir)
{
	char *const argv[] = { "git", "-C", (char *)dir, "rev-parse",
			       "--is-inside-work-tree", NULL };
	char *out = run_git(argv);
	bool yes = out && strcmp(out, "true\n") == 0;

	free(out);
	return yes;
}

char *git_config(const char *dir, const char *key)
{
	char *const argv[] = { "git", "-C", (char *)dir, "config", "--get",
			       (char *)key, NULL };
	char *out = run_git(argv);

	if (!out)
		return NULL;
	chomp(out);
	if (!*out) {
		free(out);
		return NULL;
	}
	return out;
}

void git_subjects(const char *dir, const char *path, int n,
		  struct strlist *out)
{
	char *num = xasprintf("-n%d", n);
	char *const argv[] = { "git", "-C", (char *)dir, "log", "--no-merges",
			       "--no-color", "--no-ext-diff", "--no-textconv",
			       "--no-show-signature", "--format=%s", num, "--",
			       (char *)path, NULL };
	char *text = run_git(argv), *save = NULL;

	free(num);
	if (!text)
		return;
	for (char *l = strtok_r(text, "\n", &save); l;
	     l = strtok_r(NULL, "\n", &save))
		strlist_add(out, l);
	free(text);
}
