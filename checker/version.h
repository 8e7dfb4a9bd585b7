/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_VERSION_H
#define GUP_VERSION_H

#define GUP_POLICY_VERSION "0.1.0"

#endif
