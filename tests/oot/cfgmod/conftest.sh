#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# conftest.sh CC CFLAGS...: print -DCFG_HAVE_PIN_USER_PAGES when the
# kernel declares pin_user_pages_fast().  A model of the conftest
# scripts vendor modules carry, run by kbuild from the build directory.
cc=$1
shift
printf '#include <linux/mm.h>\nvoid *cfg_probe = pin_user_pages_fast;\n' |
	$cc "$@" -x c -fsyntax-only - > /dev/null 2>&1 &&
	echo -DCFG_HAVE_PIN_USER_PAGES
