/* bench-reports.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* CSV export of a million payments against `sqlite3 -csv` dumping the same
 * columns from the same file (design §11: ours ≥ 1/1.5 of its speed).
 *
 *   bench-reports BENCH-STORE [N-PAYMENTS [FILE]]
 *
 * FILE (default: a temporary file, removed at the end) is filled by
 * running BENCH-STORE N FILE (the cache benchmark's own realistic filler)
 * unless it already has N payments.  Then, RUNS times each, alternating:
 * bd_report_export() of every payment as CSV into a file, and sqlite3
 * -csv -header with the same columns, order and amounts arithmetic left
 * to SQLite (minor units, unformatted) into a file.  Prints the medians,
 * the ratio and both file sizes, plus JSON and a filtered CSV. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <glib/gstdio.h>

#include "bd-report.h"
#include "bd-store.h"
#include "bench-fill.h"

#define RUNS 5

static const char sqlite_sql[] =
  "SELECT created_at, invoice_id, payment_id, customer_name, customer_email, product_names,"
  " status, currency, total_amount, tax, refunded_amount, total_amount - refunded_amount,"
  " card_network || ' ' || card_last_four FROM payments ORDER BY created_at, rowid";

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

static goffset
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (goffset) st.st_size : -1;
}

static double
time_export (const char          *db_path,
             const BdReportQuery *query,
             BdReportFormat       format,
             const char          *out_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) out = g_file_new_for_path (out_path);
  g_autoptr(BdStore) store = bd_store_open (db_path, &error);
  double start;

  g_assert_no_error (error);
  start = now_s ();
  if (!bd_report_export (store, query, format, out, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
  return now_s () - start;
}

static double
time_sqlite3 (const char *db_path,
              const char *out_path)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  double start = now_s ();

  g_subprocess_launcher_set_stdout_file_path (launcher, out_path);
  process = g_subprocess_launcher_spawn (launcher, &error, "sqlite3", "-csv", "-header",
                                         db_path, sqlite_sql, NULL);
  if (process == NULL || !g_subprocess_wait_check (process, NULL, &error))
    g_error ("sqlite3: %s (install it: build-aux/install-deps)", error->message);
  return now_s () - start;
}

int
main (int   argc,
      char *argv[])
{
  const char *bench_store = argc > 1 ? argv[1] : NULL;
  guint n_payments = argc > 2 ? (guint) atoi (argv[2]) : 1000000;
  g_autofree char *dir = g_dir_make_tmp ("bench-reports-XXXXXX", NULL);
  g_autofree char *path = argc > 3 ? g_strdup (argv[3]) : g_build_filename (dir, "cache.sqlite", NULL);
  g_autofree char *ours_path = g_build_filename (dir, "ours.csv", NULL);
  g_autofree char *theirs_path = g_build_filename (dir, "sqlite3.csv", NULL);
  g_autofree char *json_path = g_build_filename (dir, "ours.json", NULL);
  g_autoptr(BdReportQuery) all = bd_report_query_new ();
  g_autoptr(BdReportQuery) filtered = bd_report_query_new ();
  g_autoptr(GError) error = NULL;
  double ours[RUNS], theirs[RUNS], json[3], some[3];
  goffset ours_size;

  if (bench_store == NULL)
    {
      fprintf (stderr, "usage: bench-reports BENCH-STORE [N-PAYMENTS [FILE]]\n");
      return 2;
    }

  if (!bench_fill_cache (bench_store, n_payments, path, &error))
    g_error ("bench-store: %s", error->message);

  for (guint r = 0; r < RUNS; r++)
    {
      theirs[r] = time_sqlite3 (path, theirs_path);
      ours[r] = time_export (path, all, BD_REPORT_FORMAT_CSV, ours_path);
    }
  ours_size = file_size (ours_path);
  for (guint r = 0; r < 3; r++)
    json[r] = time_export (path, all, BD_REPORT_FORMAT_JSON, json_path);
  filtered->currency = g_strdup ("EUR");
  filtered->status = g_strdup ("succeeded");
  for (guint r = 0; r < 3; r++)
    some[r] = time_export (path, filtered, BD_REPORT_FORMAT_CSV, ours_path);

  {
    double o = bench_median (ours, RUNS), t = bench_median (theirs, RUNS);

    printf ("\n%u payments, median of %d runs\n", n_payments, RUNS);
    printf ("| export | time | rows/s | file |\n|---|---|---|---|\n");
    printf ("| `sqlite3 -csv` (same columns, raw minor units) | %.2f s | %.0f | %.0f MB |\n",
            t, n_payments / t, file_size (theirs_path) / 1e6);
    printf ("| bd_report_export CSV (quoted, neutralised, amounts formatted) | %.2f s | %.0f | %.0f MB |\n",
            o, n_payments / o, ours_size / 1e6);
    printf ("| bd_report_export JSON | %.2f s | %.0f | %.0f MB |\n",
            bench_median (json, 3), n_payments / bench_median (json, 3), file_size (json_path) / 1e6);
    printf ("| bd_report_export CSV, EUR + succeeded | %.2f s | | |\n", bench_median (some, 3));
    printf ("\nratio ours / sqlite3: %.2f (budget ≤ 1.5): %s\n", o / t, o / t <= 1.5 ? "within" : "OVER");
  }

  g_unlink (ours_path);
  g_unlink (theirs_path);
  g_unlink (json_path);
  if (argc <= 3)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
    }
  g_rmdir (dir);
  return 0;
}
