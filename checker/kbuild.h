/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_KBUILD_H
#define GUP_KBUILD_H

#include <stdbool.h>

/*
 * kbuild's checker protocol: 'make C=1 CHECK=gup_policy' runs
 * "$(CHECK) $(CHECKFLAGS) $(c_flags) file.c" for every file it compiles
 * (C=2: every file).  Such a command line is told apart from ours by its
 * compiler options; it is then parsed with those flags, findings go to
 * stderr the way sparse prints them, and the exit status is 0 unless
 * --fail-on-findings is given.
 */
bool kbuild_style(int argc, char **argv);
/* The .c file of such a command line, or NULL. */
const char *kbuild_file(int argc, char **argv);
int kbuild_main(int argc, char **argv);

#endif
