/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_OUT_SARIF_H
#define GUP_OUT_SARIF_H

#include <stdio.h>

#include "audit.h"
#include "out_render.h"

/*
 * --format=sarif: SARIF 2.1.0 for code-scanning services.  Paths are
 * relative to the uriBaseId SRCROOT (the kernel tree's root, or the
 * directory gup_policy ran in); an absolute path is a file: URI.
 */
void sarif_render(FILE *out, const struct findings *fs, const struct audit *a,
		  const struct render_opts *o);

#endif
