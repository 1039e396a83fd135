/* bench-fill.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <stdio.h>
#include <stdlib.h>

#include "bd-store.h"
#include "bench-fill.h"

gboolean
bench_fill_cache (const char  *bench_store,
                  guint        n,
                  const char  *path,
                  GError     **error)
{
  g_autofree char *n_text = g_strdup_printf ("%u", n);
  g_autoptr(GSubprocess) filler = NULL;
  gint64 have, start;

  g_return_val_if_fail (bench_store != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  {
    /* Closed again before bench-store writes to the file. */
    g_autoptr(BdStore) store = bd_store_open (path, error);

    if (store == NULL)
      return FALSE;
    have = bd_store_count (store, "payments", NULL);
  }
  if (have >= n)
    return TRUE;

  printf ("filling %s with %u payments (bench-store)…\n", path, n);
  start = g_get_monotonic_time ();
  filler = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, error, bench_store, n_text, path, NULL);
  if (filler == NULL || !g_subprocess_wait_check (filler, NULL, error))
    return FALSE;
  printf ("filled in %.0f s (bench-store also ran its own measurements)\n",
          (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  return TRUE;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
bench_median (double *values,
              guint   n)
{
  qsort (values, n, sizeof (double), compare_double);
  return values[n / 2];
}
