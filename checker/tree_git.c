// SPDX-License-Identifier: GPL-2.0
/*
 * Running git for --emit-patches: the sender's name and address, and the
 * subject prefixes a file's history uses.  Only after the worker threads
 * are gone: fork() then touches nothing but the child's own environment.
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
	setenv("GIT_OPTIONAL_LOCKS", "0", 1);
	setenv("LC_ALL", "C", 1);
	execvp("git", argv);
	_exit(127);
}

/* git's standard output for @argv, or NULL when it did not succeed. */
static char *run_git(char *const argv[])
{
	int fd[2], status = -1, rc;
	char *out = NULL;
	pid_t pid;

	if (pipe2(fd, O_CLOEXEC) < 0)
		return NULL;
	pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return NULL;
	}
	if (pid == 0)
		child(fd[1], argv);
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
	char *const argv[] = { "git", "--no-pager", "-C", (char *)dir, "log",
			       "--no-merges", "--no-color", "--format=%s", num,
			       "--", (char *)path, NULL };
	char *text = run_git(argv), *save = NULL;

	free(num);
	if (!text)
		return;
	for (char *l = strtok_r(text, "\n", &save); l;
	     l = strtok_r(NULL, "\n", &save))
		strlist_add(out, l);
	free(text);
}
