/* bench-metrics.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-metrics"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-fill.h"
#include "bd-dodo-codec.h"
#include "bd-metrics.h"
#include "bd-metrics-lists.h"
#include "bd-subscription.h"

/*
 * bench-metrics BENCH-STORE [N-SUBSCRIPTIONS [N-PAYMENTS [PATH]]]
 *
 * The Dashboard's numbers (bd-metrics.h) on a cache of 100,000
 * subscriptions beside 1,000,000 payments (design §11: ≤ 300 ms on the
 * worker; ≤ 50 ms after a sync of 100 changes).  The payments come from
 * bench-store's filler; the subscriptions are written here with the
 * store's own upsert, in every status, three currencies and four cadences,
 * created over two years.  Then: the metrics and the 12-month history
 * computed 7 times (median, cold first run apart), and 100 subscriptions
 * changed in one write transaction (as a sync page does) followed by a
 * recomputation, 7 times.  Last, the Dashboard's Renewals and Needs
 * attention lists (bd-metrics-lists.h), 7 times.
 */

#define DAY ((gint64) 86400 * G_USEC_PER_SEC)
#define AS_OF "2026-03-01T12:00:00Z"

static const char * const statuses[] = {
  "active", "active", "active", "active", "active", "active", "on_hold", "paused",
  "cancelled", "cancelled", "expired", "pending", "failed",
};
static const char * const currencies[] = { "USD", "USD", "EUR", "INR" };
static const char * const intervals[] = { "Month", "Month", "Month", "Year", "Week", "Day" };

static char *
iso (gint64 usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return g_date_time_format_iso8601 (dt);
}

/* Subscription @i, deterministic; @version changes its amount and status. */
static BdSubscription *
make_subscription (guint  i,
                   guint  version,
                   gint64 as_of)
{
  guint32 h = (i + 1) * 2654435761u + version * 40503u;
  const char *status = statuses[h % G_N_ELEMENTS (statuses)];
  const char *interval = intervals[(h >> 8) % G_N_ELEMENTS (intervals)];
  gint64 created = as_of - (gint64) ((h >> 4) % 730) * DAY - (gint64) (h % 86400) * G_USEC_PER_SEC;
  gint64 ended = created + (gint64) (1 + (h >> 12) % 300) * DAY;
  g_autofree char *created_text = iso (created);
  g_autofree char *next_text = iso (created + 30 * DAY);
  g_autofree char *ended_text = iso (MIN (ended, as_of - DAY));
  g_autofree char *json = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const char *text;
  BdSubscription *sub;

  json = g_strdup_printf ("{\"subscription_id\":\"sub_bench%07u\",\"product_id\":\"pdt_%u\","
                          "\"brand_id\":\"bus_1\",\"status\":\"%s\",\"quantity\":%u,"
                          "\"recurring_pre_tax_amount\":%u,\"currency\":\"%s\","
                          "\"tax_inclusive\":false,\"payment_frequency_count\":%u,"
                          "\"payment_frequency_interval\":\"%s\","
                          "\"subscription_period_count\":10,\"subscription_period_interval\":\"Year\","
                          "\"trial_period_days\":%u,\"created_at\":\"%s\","
                          "\"next_billing_date\":\"%s\",\"previous_billing_date\":\"%s\","
                          "\"cancel_at_next_billing_date\":false,\"on_demand\":false,"
                          "%s%s%s"
                          "\"customer\":{\"customer_id\":\"cus_%u\",\"name\":\"Customer %u\","
                          "\"email\":\"c%u@example.com\"},\"billing\":{\"country\":\"US\"},"
                          "\"metadata\":{}}",
                          i, h % 6, status, 1 + (h >> 20) % 3, 900 + (h >> 6) % 9000 + version,
                          currencies[(h >> 16) % G_N_ELEMENTS (currencies)],
                          (h >> 24) % 5 == 0 ? 3 : 1, interval, (h >> 3) % 4 == 0 ? 14 : 0,
                          created_text, next_text, created_text,
                          g_str_equal (status, "cancelled") ? "\"cancelled_at\":\"" : "",
                          g_str_equal (status, "cancelled") ? ended_text : "",
                          g_str_equal (status, "cancelled") ? "\"," : "",
                          h % 50000, h % 50000, h % 50000);
  text = json;
  bytes = g_bytes_new_take (g_steal_pointer (&json), strlen (text));
  sub = bd_dodo_decode_bytes (BD_TYPE_SUBSCRIPTION, bytes, &error);
  g_assert_no_error (error);
  if (g_str_equal (status, "expired") || g_str_equal (status, "paused"))
    {
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (MIN (ended, as_of - DAY) / G_USEC_PER_SEC);

      bd_model_set (sub, g_str_equal (status, "expired") ? "expires-at" : "paused-at", at, NULL);
    }
  return sub;
}

typedef struct
{
  guint  first;
  guint  n;
  guint  step;
  guint  version;
  gint64 as_of;
} Fill;

static gboolean
fill_subscriptions (BdStore  *store,
                    gpointer  user_data,
                    GError  **error)
{
  Fill *fill = user_data;

  for (guint k = 0; k < fill->n; k++)
    {
      g_autoptr(BdSubscription) sub = make_subscription (fill->first + k * fill->step, fill->version, fill->as_of);

      if (!bd_store_upsert (store, sub, NULL, error))
        return FALSE;
    }
  return TRUE;
}

static double
time_compute (BdStore   *store,
              GDateTime *as_of,
              guint     *n_currencies)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdMetrics) metrics = NULL;
  gint64 start = g_get_monotonic_time ();

  metrics = bd_metrics_compute (store, as_of, &error);
  g_assert_no_error (error);
  *n_currencies = bd_metrics_get_n_currencies (metrics);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
time_lists (BdStore *store,
            gint64   as_of,
            guint   *n_renewals)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdMetricsLists) lists = NULL;
  gint64 start = g_get_monotonic_time ();

  lists = bd_metrics_lists_compute (store, as_of, 8, &error);
  g_assert_no_error (error);
  *n_renewals = bd_metrics_lists_count_renewals (lists);
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  const char *bench_store = argc > 1 ? argv[1] : NULL;
  guint n_subs = argc > 2 ? (guint) atoi (argv[2]) : 100000;
  guint n_payments = argc > 3 ? (guint) atoi (argv[3]) : 1000000;
  g_autofree char *dir = g_build_filename (g_get_tmp_dir (), "bd-bench-metrics", NULL);
  g_autofree char *path = argc > 4 ? g_strdup (argv[4]) : g_build_filename (dir, "cache.sqlite", NULL);
  g_autoptr(GDateTime) as_of = g_date_time_new_from_iso8601 (AS_OF, NULL);
  gint64 as_of_usec = g_date_time_to_unix (as_of) * G_USEC_PER_SEC;
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  double runs[7], after[7], lists[7], first;
  guint n_renewals = 0;
  guint n_currencies = 0;
  gint64 have;

  if (bench_store == NULL)
    {
      fprintf (stderr, "usage: bench-metrics BENCH-STORE [N-SUBSCRIPTIONS [N-PAYMENTS [PATH]]]\n");
      return 2;
    }
  g_mkdir_with_parents (dir, 0700);
  if (n_payments > 0 && !bench_fill_cache (bench_store, n_payments, path, &error))
    {
      fprintf (stderr, "bench-metrics: %s\n", error->message);
      return 1;
    }
  store = bd_store_open (path, &error);
  g_assert_no_error (error);

  have = bd_store_count (store, "subscriptions", &error);
  g_assert_no_error (error);
  if (have < n_subs)
    {
      gint64 start = g_get_monotonic_time ();

      printf ("writing %u subscriptions…\n", n_subs);
      for (guint first_row = 0; first_row < n_subs; first_row += 10000)
        {
          Fill fill = { first_row, MIN (10000, n_subs - first_row), 1, 0, as_of_usec };

          bd_store_write (store, fill_subscriptions, &fill, &error);
          g_assert_no_error (error);
        }
      printf ("  written in %.1f s\n", (g_get_monotonic_time () - start) / 1e6);
    }
  printf ("cache: %" G_GINT64_FORMAT " subscriptions, %" G_GINT64_FORMAT " payments\n",
          bd_store_count (store, "subscriptions", NULL), bd_store_count (store, "payments", NULL));

  first = time_compute (store, as_of, &n_currencies);
  for (guint r = 0; r < G_N_ELEMENTS (runs); r++)
    runs[r] = time_compute (store, as_of, &n_currencies);
  printf ("metrics + history, first run:           %7.1f ms (%u currencies)\n", first, n_currencies);
  printf ("metrics + history, median of %u:         %7.1f ms (budget 300 ms)\n",
          (guint) G_N_ELEMENTS (runs), bench_median (runs, G_N_ELEMENTS (runs)));

  /* A sync of 100 changes: 100 subscriptions spread over the table,
   * changed (amount, status) in one transaction, then the recomputation. */
  for (guint r = 0; r < G_N_ELEMENTS (after); r++)
    {
      Fill fill = { r, 100, MAX (n_subs / 100, 1), r + 1, as_of_usec };

      bd_store_write (store, fill_subscriptions, &fill, &error);
      g_assert_no_error (error);
      after[r] = time_compute (store, as_of, &n_currencies);
    }
  printf ("after a sync of 100 changes, median of %u: %7.1f ms (budget 50 ms)\n",
          (guint) G_N_ELEMENTS (after), bench_median (after, G_N_ELEMENTS (after)));

  for (guint r = 0; r < G_N_ELEMENTS (lists); r++)
    lists[r] = time_lists (store, as_of_usec, &n_renewals);
  printf ("renewals and needs attention, median of %u: %7.1f ms (%u renewals)\n",
          (guint) G_N_ELEMENTS (lists), bench_median (lists, G_N_ELEMENTS (lists)), n_renewals);
  return 0;
}
