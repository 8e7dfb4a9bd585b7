#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# A short run of every libFuzzer target (the JSON reader, command
# splitting, the FOLL_* definition reader, suppression comments, the diff
# reader, MAINTAINERS), seeded from the fixtures.  'make fuzz' runs them longer (FUZZ_SECONDS).
set -u
cd "$TOP" || exit 2
if ! make -s fuzz-build > /dev/null 2>&1; then
	echo "FAIL fuzz: build (needs clang-19 and libclang-rt-19-dev)"
	exit 0
fi
tests/fuzz/run "${FUZZ_SECONDS:-10}"
