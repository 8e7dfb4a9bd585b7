/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_OUT_JSON_H
#define GUP_OUT_JSON_H

#include "json.h"
#include "rules.h"
#include "util.h"

/*
 * A finding as the JSON object of --format=json, and back.  The output
 * (out_render.c), --merge (merge.c) and the checker processes handing their
 * results to the supervisor (audit_pool.c) all speak this one form, so a
 * finding read back renders exactly as the one written.
 */
void finding_to_json(struct strbuf *sb, const struct finding *f);
/* 0, or -1 when a required key is missing (@f is then safe to free). */
int finding_from_json(const struct json *j, struct finding *f);

#endif
