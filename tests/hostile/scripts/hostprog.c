// SPDX-License-Identifier: GPL-2.0
/*
 * A host program a hostile tree's 'prepare' builds and runs: see README.
 * hostprog MODE TREE: MODE "all" also forks without end (up to a cap, so
 * that the test stays bounded even where nothing contains it) and then
 * never exits; "once" only makes the attempts (the suite's control run).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static char home[4096], tmpmark[4096];
static int port;

static void conf(const char *tree)
{
	char path[4096], line[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/target.conf", tree);
	f = fopen(path, "r");
	if (!f)
		exit(1);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "home=", 5))
			snprintf(home, sizeof(home), "%s", line + 5);
		else if (!strncmp(line, "tmpmark=", 8))
			snprintf(tmpmark, sizeof(tmpmark), "%s", line + 8);
		else if (!strncmp(line, "port=", 5))
			port = atoi(line + 5);
	}
	fclose(f);
}

static void say(const char *what, int ok)
{
	printf("hostprog: %s: %s\n", what, ok ? "done" : "refused");
	fflush(stdout);
}

static int write_to(const char *dir, const char *name)
{
	char path[8192];
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		return 0;
	fputs("x\n", f);
	return fclose(f) == 0;
}

static int steal(const char *out)
{
	char path[8192], buf[256];
	FILE *in, *o;
	size_t n;

	snprintf(path, sizeof(path), "%s/secret", home);
	in = fopen(path, "r");
	if (!in)
		return 0;
	n = fread(buf, 1, sizeof(buf), in);
	fclose(in);
	o = fopen(out, "w");
	if (o) {
		fwrite(buf, 1, n, o);
		fclose(o);
	}
	fwrite(buf, 1, n, stdout);
	return 1;
}

static int dial(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM, 0), ok;

	a.sin_port = htons(port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
	if (ok)
		ok = write(fd, "hostprog\n", 9) == 9;
	if (fd >= 0)
		close(fd);
	return ok;
}

int main(int argc, char **argv)
{
	char out[8192];
	int i;

	if (argc < 3)
		return 2;
	conf(argv[2]);
	say("home-write", write_to(home, "/pwned-hostprog"));
	snprintf(out, sizeof(out), "%s/pwned-hostprog", argv[2]);
	say("tree-write", write_to(out, ""));
	say("tmp-write", write_to(tmpmark, "-hostprog"));
	snprintf(out, sizeof(out), "%s-stolen-hostprog", argv[0]);
	say("secret-read", steal(out));
	say("connect", dial());
	if (strcmp(argv[1], "all"))
		return 0;
	/* Fork without end; the children wait for ever. */
	for (i = 0; i < 5000; i++) {
		pid_t pid = fork();

		if (pid == 0)
			for (;;)
				pause();
		if (pid < 0)
			break;
	}
	printf("hostprog: forked %d processes, then: %s\n", i,
	       i < 5000 ? strerror(errno) : "stopped at the cap");
	fflush(stdout);
	for (;;)
		sleep(1);
}
