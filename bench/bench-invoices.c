/* bench-invoices.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The invoice list's filters on a million payments (docs/benchmarks.md,
 * "Invoice list").
 *
 *   bench-invoices BENCH-STORE [N-PAYMENTS [FILE]]
 *
 * Fills FILE with bench-store (its filler; it also runs its own
 * measurements) unless it already holds N payments, then measures what a
 * change of the Invoices page's filters costs: BdQueryModel with a
 * BdQueryWhere (the time until the first 50 rows are built, and until the
 * whole result is read), and the totals bar's query over the same
 * conditions (bd_query_where_totals, which the page runs on a worker
 * thread).  Search, sort and equality filters alone are bench-store's. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <glib/gstdio.h>

#include "bd-query-model.h"
#include "bd-store.h"
#include "bench-fill.h"

#define RUNS 5
#define VISIBLE 50

/* 2024-06-01 and 2024-07-01 UTC, in µs: a month inside the filler's three
 * years (about 27,000 payments). */
#define JUNE_2024 (G_GINT64_CONSTANT (1717200000) * G_USEC_PER_SEC)
#define JULY_2024 (G_GINT64_CONSTANT (1719792000) * G_USEC_PER_SEC)

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
touch_visible (BdQueryModel *model)
{
  guint n = MIN (VISIBLE, g_list_model_get_n_items (G_LIST_MODEL (model)));

  for (guint i = 0; i < n; i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), i));
}

static void
measure (BdStore            *store,
         BdQueryModel       *model,
         const char         *label,
         const BdQueryWhere *where)
{
  double shown[RUNS], whole[RUNS], totals[RUNS];
  guint n = 0;

  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) sums = NULL;
      double start = now_ms ();

      bd_query_model_set_where (model, where);
      touch_visible (model);
      shown[r] = now_ms () - start;
      bd_query_model_finish_loading (model);
      whole[r] = now_ms () - start;
      n = g_list_model_get_n_items (G_LIST_MODEL (model));
      g_assert_null (bd_query_model_get_error (model));

      start = now_ms ();
      sums = bd_query_where_totals (store, "payments", where, NULL, &error);
      g_assert_no_error (error);
      totals[r] = now_ms () - start;

      bd_query_model_set_where (model, NULL);
      bd_query_model_finish_loading (model);
    }
  printf ("| %-40s | %9u | %8.2f ms | %9.1f ms | %9.1f ms |\n", label, n,
          bench_median (shown, RUNS), bench_median (whole, RUNS), bench_median (totals, RUNS));
}

int
main (int   argc,
      char *argv[])
{
  const char *bench_store = argc > 1 ? argv[1] : NULL;
  guint n_payments = argc > 2 ? (guint) atoi (argv[2]) : 1000000;
  g_autofree char *dir = g_dir_make_tmp ("bench-invoices-XXXXXX", NULL);
  g_autofree char *path = argc > 3 ? g_strdup (argv[3]) : g_build_filename (dir, "cache.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdQueryModel) model = NULL;
  g_autofree char *customer = NULL;

  if (bench_store == NULL)
    {
      fprintf (stderr, "usage: bench-invoices BENCH-STORE [N-PAYMENTS [FILE]]\n");
      return 2;
    }

  if (!bench_fill_cache (bench_store, n_payments, path, &error))
    g_error ("bench-store: %s", error->message);
  store = bd_store_open (path, &error);
  g_assert_no_error (error);

  model = bd_query_model_new (store, "payments");
  bd_query_model_finish_loading (model);
  {
    g_autoptr(BdModel) first = g_list_model_get_item (G_LIST_MODEL (model), 0);

    customer = g_strdup (bd_model_get_string (first, "customer-id"));
  }

  printf ("\n| change (median of %d)                    |      rows | first %d  | whole list   | totals       |\n",
          RUNS, VISIBLE);
  printf ("|------------------------------------------|-----------|-------------|--------------|--------------|\n");
  measure (store, model, "none: every row, totals of all", &(BdQueryWhere) { 0 });
  measure (store, model, "a month", &(BdQueryWhere) { .from = JUNE_2024, .to = JULY_2024 });
  measure (store, model, "a month, succeeded",
           &(BdQueryWhere) { .from = JUNE_2024, .to = JULY_2024, .status = "succeeded" });
  measure (store, model, "a month, EUR",
           &(BdQueryWhere) { .from = JUNE_2024, .to = JULY_2024, .currency = "EUR" });
  measure (store, model, "since a month (open end)", &(BdQueryWhere) { .from = JUNE_2024 });
  measure (store, model, "status failed, currency EUR",
           &(BdQueryWhere) { .status = "failed", .currency = "EUR" });
  measure (store, model, "a customer", &(BdQueryWhere) { .customer_id = customer });
  measure (store, model, "a product (cart in the JSON)", &(BdQueryWhere) { .product_id = "pdt_0NVxIcons" });
  measure (store, model, "a month, a product",
           &(BdQueryWhere) { .from = JUNE_2024, .to = JULY_2024, .product_id = "pdt_0NVxIcons" });
  measure (store, model, "search \"jür\", a month",
           &(BdQueryWhere) { .from = JUNE_2024, .to = JULY_2024, .search = "jür" });
  measure (store, model, "search \"jane icon\", EUR",
           &(BdQueryWhere) { .currency = "EUR", .search = "jane icon" });

  g_clear_object (&model);
  g_clear_object (&store);
  if (argc <= 3)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (dir);
    }
  return 0;
}
