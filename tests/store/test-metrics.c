/* test-metrics.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-metrics"

#include "config.h"

#include <glib/gstdio.h>

#include "bd-account-list.h"
#include "bd-metrics.h"
#include "bd-store-path.h"
#include "bd-subscription.h"
#include "bd-test-util.h"
#include "store-test.h"
#include "sync-test.h"

/*
 * The subscription metrics (bd-metrics.h) against an independent oracle:
 * a sandbox seeded with N payments is synced into a cache; the test lists
 * the sandbox's subscriptions over the API itself (plain JSON, not the
 * cache, not the codec) and works out every number with straightforward
 * code (one loop per number, one common denominator for all the fractions,
 * each history point checked subscription by subscription), then compares
 * with bd_metrics_compute() for every currency at two moments.  The
 * command line's --json must print the same numbers.
 */

#define DAY ((gint64) 86400 * G_USEC_PER_SEC)

typedef __int128 Int128;

typedef struct
{
  char   *status;
  char   *currency;
  gint64  amount;
  gint64  count;
  char   *interval;
  gint64  trial_days;
  gint64  created, cancelled, expires, paused, next_billing;  /* -1: null */
} Sub;

static void
sub_free (gpointer data)
{
  Sub *s = data;

  g_free (s->status);
  g_free (s->currency);
  g_free (s->interval);
  g_free (s);
}

static gint64
parse_time (JsonObject *o,
            const char *key)
{
  const char *text;
  g_autoptr(GDateTime) dt = NULL;

  if (!json_object_has_member (o, key) || json_object_get_null_member (o, key))
    return -1;
  text = json_object_get_string_member (o, key);
  dt = g_date_time_new_from_iso8601 (text, NULL);
  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

/* Every subscription, page by page, over the API. */
static GPtrArray *
list_subscriptions (BdTestSandbox *sandbox)
{
  GPtrArray *subs = g_ptr_array_new_with_free_func (sub_free);

  for (guint page = 0;; page++)
    {
      g_autofree char *path = g_strdup_printf ("/subscriptions?page_size=100&page_number=%u", page);
      g_autoptr(JsonNode) node = bd_test_sandbox_call (sandbox, "GET", path, NULL, 200);
      JsonArray *items = json_object_get_array_member (json_node_get_object (node), "items");
      guint n = json_array_get_length (items);

      for (guint i = 0; i < n; i++)
        {
          JsonObject *o = json_array_get_object_element (items, i);
          Sub *s = g_new0 (Sub, 1);

          s->status = g_strdup (json_object_get_string_member (o, "status"));
          s->currency = g_strdup (json_object_get_string_member (o, "currency"));
          s->amount = json_object_get_int_member (o, "recurring_pre_tax_amount");
          s->count = json_object_get_int_member (o, "payment_frequency_count");
          s->interval = g_strdup (json_object_get_string_member (o, "payment_frequency_interval"));
          s->trial_days = json_object_get_int_member (o, "trial_period_days");
          s->created = parse_time (o, "created_at");
          s->cancelled = parse_time (o, "cancelled_at");
          s->expires = parse_time (o, "expires_at");
          s->paused = parse_time (o, "paused_at");
          s->next_billing = parse_time (o, "next_billing_date");
          g_ptr_array_add (subs, s);
        }
      if (n < 100)
        break;
    }
  return subs;
}

/* The oracle */

static gint64
lcm (gint64 a,
     gint64 b)
{
  gint64 x = a, y = b;

  while (y != 0)
    {
      gint64 t = x % y;

      x = y;
      y = t;
    }
  return a / x * b;
}

/* The monthly amount of @s as a numerator over 12 n. */
static gint64
per_year_factor (const Sub *s)
{
  if (g_str_equal (s->interval, "Day"))
    return 365;
  if (g_str_equal (s->interval, "Week"))
    return 52;
  if (g_str_equal (s->interval, "Month"))
    return 12;
  if (g_str_equal (s->interval, "Year"))
    return 1;
  return 0;
}

typedef struct
{
  gint64 den;  /* 12 × the lcm of every cadence count */
} Oracle;

static Int128
numerator (const Oracle *o,
           const Sub    *s)
{
  gint64 n = MAX (s->count, 1);

  return (Int128) s->amount * per_year_factor (s) * (o->den / (12 * n));
}

static gint64
round_half_away (Int128 num,
                 gint64 den)
{
  if (num >= 0)
    return (gint64) ((num * 2 + den) / (2 * (Int128) den));
  return -(gint64) ((-num * 2 + den) / (2 * (Int128) den));
}

static gboolean
existed (const Sub *s,
         gint64     as_of)
{
  return s->created <= as_of;
}

static gboolean
in_trial (const Sub *s,
          gint64     t)
{
  return s->trial_days > 0 && t < s->created + s->trial_days * DAY;
}

/* When it stopped running (see HACKING.md, Metrics). */
static gint64
stop_of (const Sub *s,
         gint64     as_of)
{
  if (g_str_equal (s->status, "active"))
    return G_MAXINT64;
  if (g_str_equal (s->status, "cancelled"))
    return s->cancelled >= 0 ? s->cancelled : s->created;
  if (g_str_equal (s->status, "expired"))
    return s->expires >= 0 ? s->expires : s->created;
  if (g_str_equal (s->status, "on_hold"))
    return MIN (s->next_billing >= 0 ? s->next_billing : as_of, as_of);
  if (g_str_equal (s->status, "paused"))
    return MIN (s->paused >= 0 ? s->paused : as_of, as_of);
  return s->created;
}

static gboolean
running (const Sub *s,
         gint64     t,
         gint64     as_of)
{
  return s->created <= t && t < stop_of (s, as_of);
}

static gint64
ended_at (const Sub *s)
{
  if (g_str_equal (s->status, "cancelled"))
    return s->cancelled;
  if (g_str_equal (s->status, "expired"))
    return s->expires;
  return -1;
}

static gint64
month_start (gint64 as_of,
             int    months)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (as_of / G_USEC_PER_SEC);
  g_autoptr(GDateTime) first = g_date_time_new_utc (g_date_time_get_year (t), g_date_time_get_month (t), 1, 0, 0, 0);
  g_autoptr(GDateTime) moved = g_date_time_add_months (first, months);

  return g_date_time_to_unix (moved) * G_USEC_PER_SEC;
}

/* Works out one currency's numbers and compares them with @c. */
static void
check_currency (GPtrArray               *subs,
                const char              *currency,
                gint64                   as_of,
                const BdMetricsCurrency *c)
{
  Oracle o = { 12 };
  Int128 mrr = 0, trial = 0, hold = 0, then_mrr = 0;
  guint active = 0, trials = 0, on_hold = 0, paused = 0, fresh = 0, churned = 0, then_active = 0;
  gint64 ago = as_of - 30 * DAY;

  for (guint i = 0; i < subs->len; i++)
    o.den = lcm (o.den, 12 * MAX (((Sub *) subs->pdata[i])->count, 1));

  for (guint i = 0; i < subs->len; i++)
    {
      const Sub *s = subs->pdata[i];
      gint64 ended = ended_at (s);

      if (!g_str_equal (s->currency, currency) || !existed (s, as_of))
        continue;
      if (g_str_equal (s->status, "active"))
        {
          active++;
          if (in_trial (s, as_of))
            {
              trials++;
              trial += numerator (&o, s);
            }
          else
            mrr += numerator (&o, s);
        }
      if (g_str_equal (s->status, "on_hold"))
        {
          on_hold++;
          hold += numerator (&o, s);
        }
      if (g_str_equal (s->status, "paused"))
        paused++;
      if (s->created > ago && !g_str_equal (s->status, "pending") && !g_str_equal (s->status, "failed"))
        fresh++;
      if (ended > ago && ended <= as_of)
        churned++;
      if (running (s, ago, as_of))
        {
          then_active++;
          if (!in_trial (s, ago))
            then_mrr += numerator (&o, s);
        }
    }

  g_assert_cmpint (c->mrr, ==, round_half_away (mrr, o.den));
  g_assert_cmpint (c->arr, ==, round_half_away (mrr * 12, o.den));
  g_assert_cmpuint (c->active, ==, active);
  g_assert_cmpuint (c->in_trial, ==, trials);
  g_assert_cmpint (c->trial_mrr, ==, round_half_away (trial, o.den));
  g_assert_cmpuint (c->on_hold, ==, on_hold);
  g_assert_cmpint (c->at_risk_mrr, ==, round_half_away (hold, o.den));
  g_assert_cmpuint (c->paused, ==, paused);
  g_assert_cmpuint (c->new_30d, ==, fresh);
  g_assert_cmpuint (c->churned_30d, ==, churned);
  g_assert_cmpuint (c->active_30d_ago, ==, then_active);
  g_assert_cmpint (c->mrr_30d_ago, ==, round_half_away (then_mrr, o.den));
  g_assert_cmpint (c->net_new_mrr, ==, round_half_away (mrr - then_mrr, o.den));

  /* The history: each month's point, subscription by subscription. */
  for (int k = 0; k < BD_METRICS_MONTHS; k++)
    {
      gint64 start = month_start (as_of, k - (BD_METRICS_MONTHS - 1));
      gint64 next = month_start (as_of, k - (BD_METRICS_MONTHS - 1) + 1);
      gint64 at = k == BD_METRICS_MONTHS - 1 ? as_of : next - 1;
      Int128 point = 0;
      guint month_new = 0, month_churned = 0;

      for (guint i = 0; i < subs->len; i++)
        {
          const Sub *s = subs->pdata[i];
          gint64 ended = ended_at (s);

          if (!g_str_equal (s->currency, currency) || !existed (s, as_of))
            continue;
          if (running (s, at, as_of) && !in_trial (s, at))
            point += numerator (&o, s);
          if (s->created >= start && s->created < next &&
              !g_str_equal (s->status, "pending") && !g_str_equal (s->status, "failed"))
            month_new++;
          if (ended >= start && ended < next && ended <= as_of)
            month_churned++;
        }
      g_assert_cmpint (c->history[k].month_start, ==, start);
      g_assert_cmpint (c->history[k].at, ==, at);
      g_assert_cmpint (c->history[k].mrr, ==, round_half_away (point, o.den));
      g_assert_cmpuint (c->history[k].new_count, ==, month_new);
      g_assert_cmpuint (c->history[k].churned, ==, month_churned);
    }
}

/* Every currency of a subscription that existed at @as_of, once each, in
 * the library's order: the main one (most MRR, then most active, then the
 * code) first. */
static void
check_metrics (GPtrArray *subs,
               BdMetrics *metrics,
               gint64     as_of)
{
  g_autoptr(GHashTable) currencies = g_hash_table_new (g_str_hash, g_str_equal);
  guint checked_mrr = 0;

  g_assert_cmpint (bd_metrics_get_as_of (metrics), ==, as_of);
  for (guint i = 0; i < subs->len; i++)
    if (existed (subs->pdata[i], as_of))
      g_hash_table_add (currencies, ((Sub *) subs->pdata[i])->currency);
  g_assert_cmpuint (bd_metrics_get_n_currencies (metrics), ==, g_hash_table_size (currencies));
  g_assert_cmpuint (g_hash_table_size (currencies), >=, 2);

  for (guint i = 0; i < bd_metrics_get_n_currencies (metrics); i++)
    {
      const BdMetricsCurrency *c = bd_metrics_get_currency (metrics, i);

      g_assert_true (g_hash_table_contains (currencies, c->currency));
      check_currency (subs, c->currency, as_of, c);
      checked_mrr += c->mrr > 0;
      if (i > 0)
        {
          const BdMetricsCurrency *before = bd_metrics_get_currency (metrics, i - 1);

          g_assert_true (before->mrr > c->mrr ||
                         (before->mrr == c->mrr && before->active > c->active) ||
                         (before->mrr == c->mrr && before->active == c->active &&
                          strcmp (before->currency, c->currency) < 0));
        }
    }
  /* The seed gives something to compare. */
  g_assert_cmpuint (checked_mrr, >=, 2);
}

/* The command line */

typedef struct
{
  BdTestSandbox *sandbox;
  char          *home;
  char          *path;
  GPtrArray     *subs;
} Env;

static void
env_clear (Env *env)
{
  g_clear_pointer (&env->sandbox, bd_test_sandbox_free);
  if (env->home != NULL)
    sync_test_remove_tree (env->home);
  g_clear_pointer (&env->home, g_free);
  g_clear_pointer (&env->path, g_free);
  g_clear_pointer (&env->subs, g_ptr_array_unref);
}

/* A sandbox with --seed @seed, an account "Shop" on it in the test's own
 * XDG folders, and its cache synced. */
static gboolean
env_set_up (Env        *env,
            const char *seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdAccount) account = NULL;
  g_autoptr(BdAccountList) list = NULL;
  g_autoptr(BdDodoClient) client = NULL;
  g_autofree char *config = g_build_filename (g_get_user_config_dir (), "billing-desk", "accounts.ini", NULL);

  env->sandbox = bd_test_sandbox_start_with ("--seed", seed, NULL);
  if (env->sandbox == NULL)
    return FALSE;
  account = bd_account_new ("Shop", BD_ACCOUNT_MODE_SANDBOX, bd_test_sandbox_get_url (env->sandbox), &error);
  g_assert_no_error (error);
  g_remove (config);
  list = bd_account_list_new (config);
  g_assert_true (bd_account_list_add (list, account, &error));
  g_assert_no_error (error);
  env->path = bd_store_path_for_account (account);
  {
    g_autofree char *dir = g_path_get_dirname (env->path);

    g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  }

  client = sync_test_client (env->sandbox);
  g_assert_true (sync_test_run (client, env->path, NULL, &error));
  g_assert_no_error (error);
  env->subs = list_subscriptions (env->sandbox);
  return TRUE;
}

static gint64
parse_moment (const char *text)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (text, NULL);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

static void
run_cli (const char * const  *args,
         int                 *status,
         char               **out,
         char               **err)
{
  g_autofree char *exe = g_build_filename (g_getenv ("BD_BUILD_ROOT"), "src", "billing-desk", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, exe);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
  child = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (child, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (child));
  *status = g_subprocess_get_exit_status (child);
}

static gint64
member_int (JsonObject *o,
            const char *key)
{
  g_assert_true (json_object_has_member (o, key));
  return json_object_get_int_member (o, key);
}

/* `report metrics --json` prints what bd_metrics_compute() gives. */
static void
check_cli_json (const char *as_of_text,
                BdMetrics  *metrics)
{
  const char * const args[] = { "report", "metrics", "--account", "Shop", "--as-of", as_of_text, "--json", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *currencies;
  int status;

  run_cli (args, &status, &out, &err);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  currencies = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "currencies");
  g_assert_cmpuint (json_array_get_length (currencies), ==, bd_metrics_get_n_currencies (metrics));

  for (guint i = 0; i < json_array_get_length (currencies); i++)
    {
      JsonObject *o = json_array_get_object_element (currencies, i);
      const BdMetricsCurrency *c = bd_metrics_get_currency (metrics, i);
      JsonArray *history = json_object_get_array_member (o, "history");
      gint64 ppm;

      g_assert_cmpstr (json_object_get_string_member (o, "currency"), ==, c->currency);
      g_assert_cmpint (member_int (o, "mrr"), ==, c->mrr);
      g_assert_cmpint (member_int (o, "arr"), ==, c->arr);
      g_assert_cmpint (member_int (o, "active"), ==, c->active);
      g_assert_cmpint (member_int (o, "in_trial"), ==, c->in_trial);
      g_assert_cmpint (member_int (o, "trial_mrr"), ==, c->trial_mrr);
      g_assert_cmpint (member_int (o, "on_hold"), ==, c->on_hold);
      g_assert_cmpint (member_int (o, "at_risk_mrr"), ==, c->at_risk_mrr);
      g_assert_cmpint (member_int (o, "paused"), ==, c->paused);
      g_assert_cmpint (member_int (o, "new_30d"), ==, c->new_30d);
      g_assert_cmpint (member_int (o, "churned_30d"), ==, c->churned_30d);
      g_assert_cmpint (member_int (o, "active_30d_ago"), ==, c->active_30d_ago);
      g_assert_cmpint (member_int (o, "net_new_mrr"), ==, c->net_new_mrr);
      if (bd_metrics_currency_churn_ppm (c, &ppm))
        {
          /* Six decimals: the ppm exactly. */
          double rate = json_object_get_double_member (o, "churn_rate");

          g_assert_cmpint ((gint64) (rate * 1e6 + 0.5), ==, ppm);
        }
      else
        g_assert_true (json_object_get_null_member (o, "churn_rate"));
      g_assert_cmpuint (json_array_get_length (history), ==, BD_METRICS_MONTHS);
      for (guint k = 0; k < BD_METRICS_MONTHS; k++)
        {
          JsonObject *m = json_array_get_object_element (history, k);

          g_assert_cmpint (member_int (m, "mrr"), ==, c->history[k].mrr);
          g_assert_cmpint (member_int (m, "new"), ==, c->history[k].new_count);
          g_assert_cmpint (member_int (m, "churned"), ==, c->history[k].churned);
        }
    }
}

static void
check_seed (const char *seed)
{
  /* The sandbox's clock, and a moment seven months before it. */
  static const char * const moments[] = { BD_TEST_SANDBOX_NOW, "2025-08-15T06:30:00.250Z" };
  Env env = { NULL };
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (!env_set_up (&env, seed))
    return;
  store = bd_store_open (env.path, &error);
  g_assert_no_error (error);

  for (guint m = 0; m < G_N_ELEMENTS (moments); m++)
    {
      g_autoptr(GDateTime) as_of = g_date_time_new_from_iso8601 (moments[m], NULL);
      g_autoptr(BdMetrics) metrics = bd_metrics_compute (store, as_of, &error);

      g_assert_no_error (error);
      check_metrics (env.subs, metrics, parse_moment (moments[m]));
      check_cli_json (moments[m], metrics);
    }
  env_clear (&env);
}

static void
test_oracle_2000 (void)
{
  check_seed ("2000");
}

static void
test_oracle_20000 (void)
{
  check_seed ("20000");
}

/* The async pair gives what the blocking call gives, from another thread. */
static void
on_computed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static void
test_async (void)
{
  Env env = { NULL };
  g_autoptr(GDateTime) as_of = g_date_time_new_from_iso8601 (BD_TEST_SANDBOX_NOW, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(BdMetrics) metrics = NULL;
  g_autoptr(GError) error = NULL;

  if (!env_set_up (&env, "demo"))
    return;
  bd_metrics_compute_async (env.path, as_of, NULL, on_computed_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  metrics = bd_metrics_compute_finish (result, &error);
  g_assert_no_error (error);
  check_metrics (env.subs, metrics, parse_moment (BD_TEST_SANDBOX_NOW));
  env_clear (&env);
}

static char *
cadence_json (const char *id,
              const char *status,
              gint64      amount,
              gint64      count,
              const char *interval,
              gint64      trial_days,
              const char *currency)
{
  return g_strdup_printf ("{\"subscription_id\":\"%s\",\"product_id\":\"pdt_1\","
                          "\"brand_id\":\"bus_1\",\"status\":\"%s\",\"quantity\":1,"
                          "\"recurring_pre_tax_amount\":%" G_GINT64_FORMAT ",\"currency\":\"%s\","
                          "\"tax_inclusive\":false,\"payment_frequency_count\":%" G_GINT64_FORMAT ","
                          "\"payment_frequency_interval\":\"%s\","
                          "\"subscription_period_count\":1,"
                          "\"subscription_period_interval\":\"Year\",\"trial_period_days\":%" G_GINT64_FORMAT ","
                          "\"created_at\":\"2026-01-01T00:00:00Z\","
                          "\"next_billing_date\":\"2026-02-01T00:00:00Z\","
                          "\"previous_billing_date\":\"2026-01-01T00:00:00Z\","
                          "\"cancel_at_next_billing_date\":false,\"on_demand\":false,"
                          "\"customer\":{\"customer_id\":\"cus_1\",\"name\":\"Ada\","
                          "\"email\":\"ada@example.com\"},\"billing\":{\"country\":\"US\"},"
                          "\"metadata\":{}}", id, status, amount, currency, count, interval, trial_days);
}

/* Every cadence, by hand: Day 100 → 3041.67, Week 1000 every 2 → 2166.67,
 * Month 900 every 3 → 300, Year 1200 → 100.  The sum is 5608.33, so 5608
 * (rounding each first would give 5609) and ARR 12 × 5608.33 = 67300.
 * A trial and an on_hold one count apart; JPY, with more MRR in its minor
 * units, comes first. */
static void
test_cadences (void)
{
  static const struct {
    const char *id, *status;
    gint64 amount, count;
    const char *interval;
    gint64 trial;
    const char *currency;
  } rows[] = {
    { "sub_d", "active", 100, 1, "Day", 0, "USD" },
    { "sub_w", "active", 1000, 2, "Week", 0, "USD" },
    { "sub_m", "active", 900, 3, "Month", 0, "USD" },
    { "sub_y", "active", 1200, 1, "Year", 0, "USD" },
    { "sub_t", "active", 5000, 1, "Month", 30, "USD" },
    { "sub_h", "on_hold", 250, 1, "Week", 0, "USD" },
    { "sub_j", "active", 9000, 1, "Month", 0, "JPY" },
  };
  g_autofree char *path = store_test_new_path ();
  g_autoptr(BdStore) store = bd_store_open (path, NULL);
  g_autoptr(GDateTime) as_of = g_date_time_new_from_iso8601 ("2026-01-15T00:00:00Z", NULL);
  g_autoptr(BdMetrics) metrics = NULL;
  g_autoptr(GError) error = NULL;
  const BdMetricsCurrency *usd, *jpy;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *json = cadence_json (rows[i].id, rows[i].status, rows[i].amount, rows[i].count,
                                            rows[i].interval, rows[i].trial, rows[i].currency);

      store_test_put (store, BD_TYPE_SUBSCRIPTION, json);
    }
  metrics = bd_metrics_compute (store, as_of, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bd_metrics_get_n_currencies (metrics), ==, 2);
  jpy = bd_metrics_get_currency (metrics, 0);
  usd = bd_metrics_get_currency (metrics, 1);
  g_assert_cmpstr (jpy->currency, ==, "JPY");
  g_assert_true (bd_metrics_lookup_currency (metrics, "USD") == usd);
  g_assert_cmpint (jpy->mrr, ==, 9000);
  g_assert_cmpint (usd->mrr, ==, 5608);
  g_assert_cmpint (usd->arr, ==, 67300);
  g_assert_cmpuint (usd->active, ==, 5);
  g_assert_cmpuint (usd->in_trial, ==, 1);
  g_assert_cmpint (usd->trial_mrr, ==, 5000);
  g_assert_cmpuint (usd->on_hold, ==, 1);
  /* 250 × 52 / 12 = 1083.33 */
  g_assert_cmpint (usd->at_risk_mrr, ==, 1083);
  g_assert_cmpuint (usd->new_30d, ==, 6);
  g_assert_cmpint (usd->history[BD_METRICS_MONTHS - 1].mrr, ==, 5608);
  g_assert_cmpint (usd->history[BD_METRICS_MONTHS - 2].mrr, ==, 0);

  g_clear_object (&store);
  store_test_cleanup (path);
}

/* Bad input: one line, exit 2 for a bad command line, 1 for an unknown
 * account or a missing cache, and nothing created. */
static void
test_cli_refuses (void)
{
  static const char * const bad_moments[] = {
    "yesterday", "2026-03-01", "2026-03-01T12:00:00", "2026-13-01T00:00:00Z", "2026-03-01T12:00:00Z junk", "",
    /* ISO 8601 that GLib reads, but not RFC 3339: a week date, an ordinal date. */
    "2026-W09-7T12:00:00Z", "2026-060T12:00:00Z"
  };
  g_autofree char *data = g_build_filename (g_get_user_data_dir (), "billing-desk", NULL);
  g_autofree char *config = g_build_filename (g_get_user_config_dir (), "billing-desk", "accounts.ini", NULL);
  g_autoptr(BdAccountList) list = NULL;
  g_autoptr(BdAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  sync_test_remove_tree (data);
  g_remove (config);
  account = bd_account_new ("Shop", BD_ACCOUNT_MODE_SANDBOX, "http://127.0.0.1:9", &error);
  g_assert_no_error (error);
  list = bd_account_list_new (config);
  g_assert_true (bd_account_list_add (list, account, &error));
  g_assert_no_error (error);
  path = bd_store_path_for_account (account);

  for (guint i = 0; i < G_N_ELEMENTS (bad_moments); i++)
    {
      const char * const args[] = { "report", "metrics", "--as-of", bad_moments[i], NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status;

      run_cli (args, &status, &out, &err);
      g_assert_cmpint (status, ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_true (g_str_has_prefix (err, "billing-desk: --as-of"));
      /* One line. */
      g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
    }
  {
    const char * const args[] = { "report", "metrics", "--account", "Nobody", NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status;

    run_cli (args, &status, &out, &err);
    g_assert_cmpint (status, ==, 1);
    g_assert_cmpstr (err, ==, "billing-desk: There is no account named “Nobody”\n");
  }
  {
    const char * const args[] = { "report", "metrics", NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status;

    run_cli (args, &status, &out, &err);
    g_assert_cmpint (status, ==, 1);
    g_assert_cmpstr (err, ==, "billing-desk: There is no offline copy of “Shop” yet: run “billing-desk sync” first\n");
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }
  {
    const char * const args[] = { "report", "nonsense", NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status;

    run_cli (args, &status, &out, &err);
    g_assert_cmpint (status, ==, 2);
    g_assert_true (g_str_has_prefix (err, "billing-desk: "));
  }
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("bd-metrics-XXXXXX", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  int status;

  /* Before anything asks GLib for them: this process and the command
   * line it runs share these folders. */
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_unsetenv ("DODO_PAYMENTS_API_KEY");

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/metrics/oracle/seed-2000", test_oracle_2000);
  g_test_add_func ("/metrics/oracle/seed-20000", test_oracle_20000);
  g_test_add_func ("/metrics/async", test_async);
  g_test_add_func ("/metrics/cadences", test_cadences);
  g_test_add_func ("/metrics/cli/refuses", test_cli_refuses);
  status = g_test_run ();
  sync_test_remove_tree (home);
  return status;
}
