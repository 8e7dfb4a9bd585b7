/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_MERGE_H
#define GUP_MERGE_H

#include "out_baseline.h"
#include "out_render.h"

/*
 * gup_policy --merge A.json B.json ...: one result from the JSON outputs
 * of several runs (shards of files, trees or configs).  Findings are
 * deduplicated and sorted, stats are summed (seconds: the longest shard),
 * and the result is rendered in any format, after --write-baseline and
 * --baseline (@bo, loaded) as a run would.  Returns the exit status.
 */
int merge_main(char **paths, int n, const struct render_opts *o,
	       struct baseline_opts *bo);

#endif
