#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Unit tests: the flag evaluator, the FOLL table reader, JSON and command
# splitting, the diff reader, subject prefixes and MAINTAINERS matching,
# the kbuild Makefile flag reader, the prefilter.
# Built against the checker's modules by the Makefile.
set -u
cd "$TOP" || exit 2
make -s tests/unit/facts_flags_test tests/unit/diff_read_test tests/unit/mail_test \
	tests/unit/tree_makefile_test tests/unit/tree_prefilter_test \
	>/dev/null || { echo "FAIL unit: build"; exit 0; }
tests/unit/facts_flags_test | grep -E '^(PASS|FAIL) '
tests/unit/diff_read_test | grep -E '^(PASS|FAIL) '
tests/unit/mail_test | grep -E '^(PASS|FAIL) '
tests/unit/tree_makefile_test | grep -E '^(PASS|FAIL) '
tests/unit/tree_prefilter_test | grep -E '^(PASS|FAIL) '
