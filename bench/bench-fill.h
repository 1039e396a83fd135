/* bench-fill.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the benchmarks that work on a big cache file share. */

/* Makes the cache file @path hold at least @n payments: unless it already
 * does, runs `@bench_store @n @path` (the cache benchmark's own realistic
 * filler, which also runs its own measurements) and waits for it, saying
 * so on stdout.  Returns FALSE with @error set when it cannot. */
gboolean bench_fill_cache (const char  *bench_store,
                           guint        n,
                           const char  *path,
                           GError     **error);

/* The median (the upper one of an even count) of @n values; sorts them. */
double   bench_median     (double      *values,
                           guint        n);

G_END_DECLS
