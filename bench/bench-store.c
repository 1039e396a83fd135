/* bench-store.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The cache with a million payments (docs/benchmarks.md, design §11).
 *
 *   bench-store [N-PAYMENTS [FILE]]
 *
 * Fills FILE (default: a temporary file, removed at the end) with N
 * realistic payments (default 1,000,000) in transactions of 10,000, building
 * the search index at the end as a first sync pass does, then
 * measures on it: opening, the first frame of a BdQueryModel (n_items and
 * the first 50 items) against the same on an empty cache, search
 * keystrokes, sorts and filters (the time until the model shows its first
 * rows and 50 items are built, and the time until the whole result is
 * read), and the RSS with the model open. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "bd-dodo-codec.h"
#include "bd-payment.h"
#include "bd-product.h"
#include "bd-query-model.h"
#include "bd-store.h"

#define BATCH 10000
#define RUNS 7
#define VISIBLE 50

static const char * const first_names[] = {
  "Ana", "Bruno", "Chen", "Dana", "Émile", "Jürgen", "Jane", "Hiro", "Zoë", "Jonas",
  "Kavya", "Liam", "María", "Noah", "Olga", "Pedro", "Quinn", "Rosa", "Sven", "Tara",
};
static const char * const last_names[] = {
  "Lima", "Keller", "Wei", "Okafor", "Roux", "Becker", "Doe", "Tanaka", "Martin", "Berg",
  "Rao", "Smith", "Müller", "García", "Silva", "Kim", "Nowak", "Rossi",
};
static const char * const statuses[] = {
  "succeeded", "succeeded", "succeeded", "succeeded", "succeeded", "succeeded",
  "failed", "processing", "cancelled",
};
static const char * const currencies[] = { "USD", "USD", "EUR", "EUR", "GBP", "INR", "JPY", "BRL" };
static const char * const products[][2] = {
  { "pdt_0NVxPro", "Pro plan" }, { "pdt_0NVxStarter", "Starter plan" },
  { "pdt_0NVxSeats", "Team seats" }, { "pdt_0NVxEbook", "Ebook bundle" },
  { "pdt_0NVxIcons", "Icon pack" }, { "pdt_0NVxCourse", "Video course" },
  { "pdt_0NVxHour", "Consulting hour" }, { "pdt_0NVxCredits", "API credits" },
};

static char *
payment_json (GRand *rand,
              guint  i)
{
  const char *first = first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))];
  const char *last = last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))];
  const char *status = statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))];
  const char *currency = currencies[g_rand_int_range (rand, 0, G_N_ELEMENTS (currencies))];
  guint product = g_rand_int_range (rand, 0, G_N_ELEMENTS (products));
  gint64 total = g_rand_int_range (rand, 50, 500000);
  g_autofree char *email = g_utf8_strdown (first, -1);
  g_autofree char *email_last = g_utf8_strdown (last, -1);
  /* Three years of payments, one every ~95 seconds. */
  g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (1672531200 + (gint64) i * 95 +
                                                                 g_rand_int_range (rand, 0, 90));
  g_autofree char *when = g_date_time_format_iso8601 (created);
  gboolean refunded = g_rand_int_range (rand, 0, 20) == 0;
  GString *s = g_string_new (NULL);

  g_string_append_printf (s,
    "{\"payment_id\":\"pay_%08x%08x\",\"business_id\":\"bus_P3SXLcppjXgagmHS\","
    "\"brand_id\":\"bus_P3SXLcppjXgagmHS\",\"created_at\":\"%s\",\"status\":\"%s\","
    "\"total_amount\":%" G_GINT64_FORMAT ",\"tax\":%" G_GINT64_FORMAT ",\"currency\":\"%s\","
    "\"customer\":{\"customer_id\":\"cus_%08x\",\"name\":\"%s %s\",\"email\":\"%s.%s%u@example.com\"},"
    "\"billing\":{\"country\":\"DE\",\"city\":\"Berlin\",\"street\":\"%u Hauptstraße\",\"zipcode\":\"10115\"},"
    "\"metadata\":{\"order\":\"A-%u\"},\"payment_provider\":\"stripe\",\"payment_method\":\"card\","
    "\"card_network\":\"VISA\",\"card_last_four\":\"%04u\",\"card_type\":\"CREDIT\","
    "\"invoice_id\":\"inv_%08x\",\"digital_products_delivered\":true,"
    "\"subscription_id\":%s,\"product_cart\":[{\"product_id\":\"%s\",\"quantity\":1}]",
    i, g_rand_int (rand), when, status, total, total / 6, currency,
    g_rand_int_range (rand, 0, 200000), first, last, email, email_last,
    g_rand_int_range (rand, 0, 100000), g_rand_int_range (rand, 1, 999), i,
    g_rand_int_range (rand, 0, 10000), g_rand_int (rand),
    i % 4 == 0 ? "\"sub_7EeHq2ewQuadropD2ra\"" : "null", products[product][0]);
  if (refunded)
    g_string_append_printf (s,
      ",\"refund_status\":\"partial\",\"refunds\":[{\"refund_id\":\"ref_%08x\","
      "\"payment_id\":\"pay_%08x\",\"business_id\":\"bus_P3SXLcppjXgagmHS\",\"created_at\":\"%s\","
      "\"is_partial\":true,\"status\":\"succeeded\",\"amount\":%" G_GINT64_FORMAT ",\"currency\":\"%s\"}]",
      i, i, when, total / 2, currency);
  g_string_append_c (s, '}');
  return g_string_free (s, FALSE);
}

typedef struct
{
  GRand *rand;
  guint  next;
  guint  end;
} Fill;

static gboolean
upsert_json (BdStore     *store,
             GType        type,
             const char  *json,
             GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(BdModel) model = bd_dodo_decode_bytes (type, bytes, error);

  return model != NULL && bd_store_upsert (store, model, json, error);
}

static gboolean
fill_batch (BdStore  *store,
            gpointer  user_data,
            GError  **error)
{
  Fill *fill = user_data;

  /* As a first sync pass does: the search index is built at the end. */
  if (fill->next == 0 && !bd_store_defer_indexes (store, "payments", error))
    return FALSE;

  if (fill->next == 0)
    for (guint p = 0; p < G_N_ELEMENTS (products); p++)
      {
        g_autofree char *json = g_strdup_printf (
          "{\"product_id\":\"%s\",\"business_id\":\"bus_1\",\"created_at\":\"2023-01-01T00:00:00Z\","
          "\"updated_at\":\"2023-01-01T00:00:00Z\",\"name\":\"%s\",\"is_recurring\":false,"
          "\"tax_category\":\"digital_products\",\"metadata\":{},\"price\":{\"type\":\"one_time_price\","
          "\"price\":1000,\"currency\":\"USD\",\"discount\":0}}", products[p][0], products[p][1]);

        if (!upsert_json (store, BD_TYPE_PRODUCT, json, error))
          return FALSE;
      }

  for (; fill->next < fill->end; fill->next++)
    {
      g_autofree char *json = payment_json (fill->rand, fill->next);

      if (!upsert_json (store, BD_TYPE_PAYMENT, json, error))
        return FALSE;
    }
  return bd_store_set_cursor (store, "payments", "filled", error);
}

static gboolean
build_search (BdStore  *store,
              gpointer  user_data,
              GError  **error)
{
  return bd_store_catch_up_indexes (store, "payments", error);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_double);
  return values[n / 2];
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* Builds the first VISIBLE items, as a list view's first frame does. */
static void
touch_visible (BdQueryModel *model)
{
  guint n = MIN (VISIBLE, g_list_model_get_n_items (G_LIST_MODEL (model)));

  for (guint i = 0; i < n; i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), i));
}

static double
first_frame (const char *path)
{
  double times[RUNS];

  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr(GError) error = NULL;
      double start = now_ms ();
      g_autoptr(BdStore) store = bd_store_open (path, &error);
      g_autoptr(BdQueryModel) model = NULL;

      g_assert_no_error (error);
      model = bd_query_model_new (store, "payments");
      touch_visible (model);
      times[r] = now_ms () - start;
    }
  return median (times, RUNS);
}

typedef void (*Operation) (BdQueryModel *model, gboolean undo);

static void op_search_j (BdQueryModel *m, gboolean u) { bd_query_model_set_search (m, u ? NULL : "j"); }
static void op_search_ju (BdQueryModel *m, gboolean u) { bd_query_model_set_search (m, u ? "j" : "ju"); }
static void op_search_jur (BdQueryModel *m, gboolean u) { bd_query_model_set_search (m, u ? "ju" : "jür"); }
static void op_search_id (BdQueryModel *m, gboolean u) { bd_query_model_set_search (m, u ? NULL : "pay_0001e"); }
static void op_search_email (BdQueryModel *m, gboolean u) { bd_query_model_set_search (m, u ? NULL : "zoë.müller1"); }
static void op_search_words (BdQueryModel *m, gboolean u) { bd_query_model_set_search (m, u ? NULL : "jane icon"); }
static void op_sort_amount (BdQueryModel *m, gboolean u) { bd_query_model_set_sort (m, u ? "created_at" : "total_amount", FALSE); }
static void op_sort_amount_asc (BdQueryModel *m, gboolean u) { bd_query_model_set_sort (m, u ? "created_at" : "total_amount", !u); }
static void op_sort_date_asc (BdQueryModel *m, gboolean u) { bd_query_model_set_sort (m, "created_at", !u); }
static void op_filter_failed (BdQueryModel *m, gboolean u) { bd_query_model_set_filter (m, "status", u ? NULL : "failed"); }
static void op_filter_eur (BdQueryModel *m, gboolean u) { bd_query_model_set_filter (m, "currency", u ? NULL : "EUR"); }

static void
op_search_filtered (BdQueryModel *m, gboolean u)
{
  bd_query_model_set_filter (m, "currency", u ? NULL : "EUR");
  bd_query_model_set_search (m, u ? NULL : "jür");
}

static void
measure (BdQueryModel *model,
         const char   *label,
         Operation     op)
{
  double shown[RUNS], whole[RUNS];
  guint n = 0;

  for (guint r = 0; r < RUNS; r++)
    {
      double start = now_ms ();

      op (model, FALSE);
      touch_visible (model);
      shown[r] = now_ms () - start;
      bd_query_model_finish_loading (model);
      whole[r] = now_ms () - start;
      n = g_list_model_get_n_items (G_LIST_MODEL (model));
      g_assert_null (bd_query_model_get_error (model));

      op (model, TRUE);
      bd_query_model_finish_loading (model);
    }
  printf ("| %-34s | %9u | %8.2f ms | %8.1f ms |\n", label, n,
           median (shown, RUNS), median (whole, RUNS));
}

static long
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmRSS:")) == NULL)
    return -1;
  return strtol (line + 6, NULL, 10);
}

int
main (int   argc,
      char *argv[])
{
  guint n_payments = argc > 1 ? (guint) atoi (argv[1]) : 1000000;
  g_autofree char *dir = g_dir_make_tmp ("bench-store-XXXXXX", NULL);
  g_autofree char *path = argc > 2 ? g_strdup (argv[2]) : g_build_filename (dir, "cache.sqlite", NULL);
  g_autofree char *empty_path = g_build_filename (dir, "empty.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdQueryModel) model = NULL;
  double t, search, open_times[RUNS], full, empty;
  long rss_before, rss_after;
  gint64 have;

  /* Fill (or reuse a file that already has the rows). */
  store = bd_store_open (path, &error);
  g_assert_no_error (error);
  have = bd_store_count (store, "payments", &error);
  if (have < n_payments)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (20260101);
      Fill fill = { rand, 0, 0 };

      t = now_ms ();
      while (fill.next < n_payments)
        {
          fill.end = MIN (fill.next + BATCH, n_payments);
          if (!bd_store_write (store, fill_batch, &fill, &error))
            g_error ("%s", error->message);
        }
      search = now_ms ();
      if (!bd_store_write (store, build_search, NULL, &error))
        g_error ("%s", error->message);
      search = now_ms () - search;
      t = now_ms () - t;
      printf ("fill: %u payments in %.1f s: %.0f payments/s (of which the search index: %.1f s)\n",
              n_payments, t / 1000, n_payments / (t / 1000), search / 1000);
    }
  g_clear_object (&store);
  {
    GStatBuf st;

    if (g_stat (path, &st) == 0)
      printf ("file: %.0f MB\n", st.st_size / 1e6);
  }

  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr(BdStore) s = NULL;

      t = now_ms ();
      s = bd_store_open (path, &error);
      open_times[r] = now_ms () - t;
      g_assert_no_error (error);
    }
  printf ("open: %.2f ms median\n", median (open_times, RUNS));

  {
    g_autoptr(BdStore) e = bd_store_open (empty_path, &error);

    g_assert_no_error (error);
  }
  empty = first_frame (empty_path);
  full = first_frame (path);
  printf ("first frame (open + model + n_items + %d items): %.2f ms with %u payments, "
           "%.2f ms empty: ratio %.2f\n", VISIBLE, full, n_payments, empty, full / empty);

  rss_before = rss_kb ();
  store = bd_store_open (path, &error);
  g_assert_no_error (error);
  model = bd_query_model_new (store, "payments");
  bd_query_model_finish_loading (model);
  touch_visible (model);
  rss_after = rss_kb ();

  printf ("\n| operation (median of %d)           |      rows | first %d  | whole list  |\n", RUNS, VISIBLE);
  printf ("|------------------------------------|-----------|-------------|-------------|\n");
  measure (model, "search \"j\"", op_search_j);
  bd_query_model_set_search (model, "j");
  bd_query_model_finish_loading (model);
  measure (model, "search \"j\" → \"ju\"", op_search_ju);
  bd_query_model_set_search (model, "ju");
  bd_query_model_finish_loading (model);
  measure (model, "search \"ju\" → \"jür\"", op_search_jur);
  bd_query_model_set_search (model, NULL);
  bd_query_model_finish_loading (model);
  measure (model, "search id prefix \"pay_0001e\"", op_search_id);
  measure (model, "search email \"zoë.müller1\"", op_search_email);
  measure (model, "search \"jane icon\"", op_search_words);
  measure (model, "sort by amount, descending", op_sort_amount);
  measure (model, "sort by amount, ascending", op_sort_amount_asc);
  measure (model, "sort by date, ascending", op_sort_date_asc);
  measure (model, "filter status = failed", op_filter_failed);
  measure (model, "filter currency = EUR", op_filter_eur);
  measure (model, "filter EUR + search \"jür\"", op_search_filtered);

  printf ("\nRSS: %.1f MB after opening the model on %u payments (%.1f MB before)\n",
           rss_after / 1024.0, n_payments, rss_before / 1024.0);

  g_clear_object (&model);
  g_clear_object (&store);
  if (argc <= 2)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
    }
  {
    g_autofree char *wal = g_strconcat (empty_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (empty_path, "-shm", NULL);

    g_unlink (empty_path);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
  return 0;
}
