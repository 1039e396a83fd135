/* bd-metrics.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-metrics"

#include "config.h"

#include "bd-metrics.h"
#include "bd-store-private.h"

/*
 * Everything is worked out by a few GROUP BY queries over one covering
 * index (subscriptions_metrics, schema version 5), so SQLite never reads
 * the rows' raw JSON.  Each query sums, per currency and cadence count n,
 * the numerators of the monthly amounts over the denominator 12 n:
 *
 *   Day   amount × 365 / (12 n)      Month  amount × 12 / (12 n)
 *   Week  amount × 52 / (12 n)       Year   amount × 1 / (12 n)
 *
 * (SQLite's integer sum() fails on overflow rather than wrap), and C adds
 * those fractions exactly (128-bit) and rounds each total once.
 *
 * The history works with one rule, "running at t" (HACKING.md, Metrics):
 * created_at ≤ t < stop, where stop is +∞ for active, cancelled_at for
 * cancelled, expires_at for expired, the failed renewal (next_billing_date)
 * for on_hold and paused_at for paused (both no later than as-of), and
 * created_at (never running) for pending and failed; it is in MRR at t
 * when also t ≥ created_at + trial days.  MRR at the 12 points is worked
 * out from two event sums (each subscription joins the MRR at its start
 * and leaves it at its stop), bucketed by how many points lie before the
 * event, then added up in C.
 */

#define DAY_USEC ((gint64) 86400 * G_USEC_PER_SEC)

struct _BdMetrics
{
  gint64  as_of;
  GArray *currencies;  /* BdMetricsCurrency */
};

static void
clear_currency (gpointer data)
{
  BdMetricsCurrency *c = data;

  g_free (c->currency);
}

static void
metrics_free (gpointer data)
{
  BdMetrics *self = data;

  g_array_unref (self->currencies);
}

BdMetrics *
bd_metrics_ref (BdMetrics *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
bd_metrics_unref (BdMetrics *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, metrics_free);
}

G_DEFINE_BOXED_TYPE (BdMetrics, bd_metrics, bd_metrics_ref, bd_metrics_unref)

gint64
bd_metrics_get_as_of (BdMetrics *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->as_of;
}

guint
bd_metrics_get_n_currencies (BdMetrics *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->currencies->len;
}

const BdMetricsCurrency *
bd_metrics_get_currency (BdMetrics *self,
                         guint      index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->currencies->len, NULL);

  return &g_array_index (self->currencies, BdMetricsCurrency, index);
}

const BdMetricsCurrency *
bd_metrics_lookup_currency (BdMetrics  *self,
                            const char *currency)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (currency != NULL, NULL);

  for (guint i = 0; i < self->currencies->len; i++)
    {
      const BdMetricsCurrency *c = &g_array_index (self->currencies, BdMetricsCurrency, i);

      if (g_str_equal (c->currency, currency))
        return c;
    }
  return NULL;
}

/* Exact fractions */

typedef __int128 Int128;

typedef struct
{
  Int128 num;
  Int128 den;  /* > 0 */
} Fraction;

#define FRACTION_ZERO ((Fraction) { 0, 1 })

static Int128
gcd128 (Int128 a,
        Int128 b)
{
  if (a < 0)
    a = -a;
  if (b < 0)
    b = -b;
  while (b != 0)
    {
      Int128 t = a % b;

      a = b;
      b = t;
    }
  return a;
}

/* @f += @num / @den, kept in lowest terms (denominators are 12 n, so they
 * stay small). */
static void
fraction_add (Fraction *f,
              Int128    num,
              Int128    den)
{
  Int128 g;

  if (num == 0)
    return;
  g = gcd128 (f->den, den);
  f->num = f->num * (den / g) + num * (f->den / g);
  f->den = f->den / g * den;
  g = gcd128 (f->num, f->den);
  if (g > 1)
    {
      f->num /= g;
      f->den /= g;
    }
}

/* @f × @factor, rounded half away from zero to an integer. */
static gint64
fraction_round (const Fraction *f,
                gint64          factor)
{
  Int128 num = f->num * factor;
  Int128 half = f->den;  /* (2 |num| + den) / (2 den) */

  if (num >= 0)
    return (gint64) ((2 * num + half) / (2 * f->den));
  return -(gint64) ((-2 * num + half) / (2 * f->den));
}

gboolean
bd_metrics_currency_churn_ppm (const BdMetricsCurrency *currency,
                               gint64                  *ppm)
{
  g_return_val_if_fail (currency != NULL, FALSE);
  g_return_val_if_fail (ppm != NULL, FALSE);

  if (currency->active_30d_ago == 0)
    {
      *ppm = 0;
      return FALSE;
    }
  /* Both counts are ≥ 0: (2 a 10⁶ + b) / (2 b). */
  *ppm = ((gint64) currency->churned_30d * 2000000 + currency->active_30d_ago) /
         (2 * (gint64) currency->active_30d_ago);
  return TRUE;
}

/* Accumulating one currency */

typedef struct
{
  char     *currency;
  Fraction  mrr, trial, hold, mrr_30d_ago;
  guint     active, in_trial, on_hold, paused, new_30d, churned_30d, active_30d_ago;
  Fraction  joins[BD_METRICS_MONTHS + 1];   /* by the number of points before the start */
  Fraction  leaves[BD_METRICS_MONTHS + 1];  /* by the number of points before the stop */
  guint     new_by_month[BD_METRICS_MONTHS];
  guint     churned_by_month[BD_METRICS_MONTHS];
} Acc;

static void
acc_free (gpointer data)
{
  Acc *acc = data;

  g_free (acc->currency);
  g_free (acc);
}

static Acc *
acc_for (GHashTable *accs,
         const char *currency)
{
  Acc *acc = g_hash_table_lookup (accs, currency);

  if (acc == NULL)
    {
      acc = g_new0 (Acc, 1);
      acc->currency = g_strdup (currency);
      acc->mrr = acc->trial = acc->hold = acc->mrr_30d_ago = FRACTION_ZERO;
      for (guint i = 0; i <= BD_METRICS_MONTHS; i++)
        acc->joins[i] = acc->leaves[i] = FRACTION_ZERO;
      g_hash_table_insert (accs, acc->currency, acc);
    }
  return acc;
}

/* The SQL */

/* One row per subscription that existed at as-of (?1): its currency,
 * status, cadence count n, numerator over 12 n, creation, the end of its
 * trial (= created when it has none), its stop (see the top) and when it
 * ended (cancelled or expired). */
#define SUBSCRIPTIONS_CTE \
  "WITH s AS (SELECT currency AS cur, status AS st," \
  "  max (coalesce (frequency_count, 1), 1) AS n," \
  "  coalesce (amount, 0) * (CASE frequency_interval WHEN 'Day' THEN 365 WHEN 'Week' THEN 52" \
  "    WHEN 'Month' THEN 12 WHEN 'Year' THEN 1 ELSE 0 END) AS num," \
  "  created_at AS created," \
  "  created_at + max (coalesce (trial_period_days, 0), 0) * 86400000000 AS trial_end," \
  "  CASE status WHEN 'active' THEN 9223372036854775807" \
  "    WHEN 'cancelled' THEN coalesce (cancelled_at, created_at)" \
  "    WHEN 'expired' THEN coalesce (expires_at, created_at)" \
  "    WHEN 'on_hold' THEN min (coalesce (next_billing_date, ?1), ?1)" \
  "    WHEN 'paused' THEN min (coalesce (paused_at, ?1), ?1)" \
  "    ELSE created_at END AS stop," \
  "  CASE status WHEN 'cancelled' THEN cancelled_at WHEN 'expired' THEN expires_at END AS ended" \
  "  FROM subscriptions" \
  "  WHERE currency IS NOT NULL AND created_at IS NOT NULL AND created_at <= ?1) "

#define IN_TRIAL "(trial_end > created AND ?1 < trial_end)"

/* ?1 as-of, ?2 as-of − 30 days. */
static const char kpi_sql[] =
  SUBSCRIPTIONS_CTE
  "SELECT cur, n,"
  "  sum (CASE WHEN st = 'active' AND NOT " IN_TRIAL " THEN num END),"
  "  sum (CASE WHEN st = 'active' AND " IN_TRIAL " THEN num END),"
  "  sum (CASE WHEN st = 'on_hold' THEN num END),"
  "  sum (CASE WHEN created <= ?2 AND ?2 < stop AND ?2 >= trial_end THEN num END),"
  "  sum (st = 'active'),"
  "  sum (st = 'active' AND " IN_TRIAL "),"
  "  sum (st = 'on_hold'),"
  "  sum (st = 'paused'),"
  "  sum (created > ?2 AND st NOT IN ('pending', 'failed')),"
  "  sum (ended > ?2 AND ended <= ?1),"
  "  sum (created <= ?2 AND ?2 < stop)"
  " FROM s GROUP BY cur, n";

/* SQL for how many of the sorted @points[lo‥hi) are < @x: a binary search
 * written out as nested CASEs (four comparisons for twelve points). */
static void
append_count_below (GString      *sql,
                    const char   *x,
                    const gint64 *points,
                    guint         lo,
                    guint         hi)
{
  guint mid;

  if (lo == hi)
    {
      g_string_append_printf (sql, "%u", lo);
      return;
    }
  mid = lo + (hi - lo) / 2;
  g_string_append_printf (sql, "(CASE WHEN %s > %" G_GINT64_FORMAT " THEN ", x, points[mid]);
  append_count_below (sql, x, points, mid + 1, hi);
  g_string_append (sql, " ELSE ");
  append_count_below (sql, x, points, lo, mid);
  g_string_append (sql, " END)");
}

static gint64
month_start (GDateTime *utc,
             int        months)
{
  g_autoptr(GDateTime) first = g_date_time_new_utc (g_date_time_get_year (utc),
                                                    g_date_time_get_month (utc), 1, 0, 0, 0);
  g_autoptr(GDateTime) moved = g_date_time_add_months (first, months);

  return g_date_time_to_unix (moved) * G_USEC_PER_SEC;
}

static gboolean
step_fail (BdStore       *store,
           sqlite3_stmt  *stmt,
           int            rc,
           GError       **error)
{
  sqlite3_finalize (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  return bd_store_fail (store, error, "Could not compute the subscription metrics");
}

/* Runs @sql (not cached: its literals change with as-of) with ?1, ?2 and
 * hands each row to @row. */
typedef void (*RowFunc) (sqlite3_stmt *stmt,
                         GHashTable   *accs);

static gboolean
run_query (BdStore     *store,
           const char  *sql,
           gint64       as_of,
           GHashTable  *accs,
           RowFunc      row,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (bd_store_get_db (store), sql, -1, &stmt, NULL) != SQLITE_OK)
    return bd_store_fail (store, error, "Could not prepare the subscription metrics");
  sqlite3_bind_int64 (stmt, 1, as_of);
  sqlite3_bind_int64 (stmt, 2, as_of - 30 * DAY_USEC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    row (stmt, accs);
  return step_fail (store, stmt, rc, error);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

static void
on_kpi_row (sqlite3_stmt *stmt,
            GHashTable   *accs)
{
  Acc *acc = acc_for (accs, column_text (stmt, 0));
  Int128 den = 12 * (Int128) sqlite3_column_int64 (stmt, 1);

  fraction_add (&acc->mrr, sqlite3_column_int64 (stmt, 2), den);
  fraction_add (&acc->trial, sqlite3_column_int64 (stmt, 3), den);
  fraction_add (&acc->hold, sqlite3_column_int64 (stmt, 4), den);
  fraction_add (&acc->mrr_30d_ago, sqlite3_column_int64 (stmt, 5), den);
  acc->active += sqlite3_column_int64 (stmt, 6);
  acc->in_trial += sqlite3_column_int64 (stmt, 7);
  acc->on_hold += sqlite3_column_int64 (stmt, 8);
  acc->paused += sqlite3_column_int64 (stmt, 9);
  acc->new_30d += sqlite3_column_int64 (stmt, 10);
  acc->churned_30d += sqlite3_column_int64 (stmt, 11);
  acc->active_30d_ago += sqlite3_column_int64 (stmt, 12);
}

static void
on_join_row (sqlite3_stmt *stmt,
             GHashTable   *accs)
{
  Acc *acc = acc_for (accs, column_text (stmt, 0));
  gint64 k = sqlite3_column_int64 (stmt, 2);

  if (k >= 0 && k <= BD_METRICS_MONTHS)
    fraction_add (&acc->joins[k], sqlite3_column_int64 (stmt, 3), 12 * (Int128) sqlite3_column_int64 (stmt, 1));
}

static void
on_leave_row (sqlite3_stmt *stmt,
              GHashTable   *accs)
{
  Acc *acc = acc_for (accs, column_text (stmt, 0));
  gint64 k = sqlite3_column_int64 (stmt, 2);

  if (k >= 0 && k <= BD_METRICS_MONTHS)
    fraction_add (&acc->leaves[k], sqlite3_column_int64 (stmt, 3), 12 * (Int128) sqlite3_column_int64 (stmt, 1));
}

static void
on_new_row (sqlite3_stmt *stmt,
            GHashTable   *accs)
{
  Acc *acc = acc_for (accs, column_text (stmt, 0));
  gint64 m = sqlite3_column_int64 (stmt, 1);

  if (m >= 0 && m < BD_METRICS_MONTHS)
    acc->new_by_month[m] += sqlite3_column_int64 (stmt, 2);
}

static void
on_churned_row (sqlite3_stmt *stmt,
                GHashTable   *accs)
{
  Acc *acc = acc_for (accs, column_text (stmt, 0));
  gint64 m = sqlite3_column_int64 (stmt, 1);

  if (m >= 0 && m < BD_METRICS_MONTHS)
    acc->churned_by_month[m] += sqlite3_column_int64 (stmt, 2);
}

static int
compare_currencies (gconstpointer a,
                    gconstpointer b)
{
  const BdMetricsCurrency *x = a, *y = b;

  if (x->mrr != y->mrr)
    return x->mrr > y->mrr ? -1 : 1;
  if (x->active != y->active)
    return x->active > y->active ? -1 : 1;
  return strcmp (x->currency, y->currency);
}

static gboolean
compute (BdStore     *store,
         gint64       as_of,
         BdMetrics   *metrics,
         GError     **error)
{
  g_autoptr(GDateTime) as_of_dt = g_date_time_new_from_unix_utc (as_of / G_USEC_PER_SEC);
  g_autoptr(GHashTable) accs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, acc_free);
  gint64 starts[BD_METRICS_MONTHS + 1];   /* b0‥b12: the months' first instants */
  gint64 points[BD_METRICS_MONTHS];       /* the MRR points */
  gint64 month_ends[BD_METRICS_MONTHS];   /* b1‥b12 minus one: x ≤ end ⇔ x < next start */
  g_autoptr(GString) join_sql = g_string_new (SUBSCRIPTIONS_CTE "SELECT cur, n, ");
  g_autoptr(GString) leave_sql = g_string_new (SUBSCRIPTIONS_CTE "SELECT cur, n, ");
  g_autoptr(GString) new_sql = g_string_new (SUBSCRIPTIONS_CTE "SELECT cur, ");
  g_autoptr(GString) churned_sql = g_string_new (SUBSCRIPTIONS_CTE "SELECT cur, ");
  GHashTableIter iter;
  gpointer value;

  /* A moment before 1970 would need floor division above; Dodo has none. */
  if (as_of < 0)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_FAILED,
                   "The metrics need a moment after 1970");
      return FALSE;
    }
  if (as_of_dt == NULL)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_FAILED, "The metrics' moment is out of range");
      return FALSE;
    }

  for (int j = 0; j <= BD_METRICS_MONTHS; j++)
    starts[j] = month_start (as_of_dt, j - (BD_METRICS_MONTHS - 1));
  for (guint k = 0; k < BD_METRICS_MONTHS; k++)
    {
      month_ends[k] = starts[k + 1] - 1;
      points[k] = k + 1 < BD_METRICS_MONTHS ? month_ends[k] : as_of;
    }

  /* Joins at max (created, trial_end), leaves at stop, for those that ran
   * at all; bucket = how many points lie before the event. */
  append_count_below (join_sql, "max (created, trial_end)", points, 0, BD_METRICS_MONTHS);
  g_string_append (join_sql, " AS k, sum (num) FROM s WHERE stop > max (created, trial_end) GROUP BY cur, n, k");
  append_count_below (leave_sql, "stop", points, 0, BD_METRICS_MONTHS);
  g_string_append (leave_sql, " AS k, sum (num) FROM s WHERE stop > max (created, trial_end) GROUP BY cur, n, k");
  /* Months: how many month ends lie before x = x's month, 0‥11. */
  append_count_below (new_sql, "created", month_ends, 0, BD_METRICS_MONTHS);
  g_string_append_printf (new_sql, " AS m, count (*) FROM s WHERE created >= %" G_GINT64_FORMAT
                          " AND st NOT IN ('pending', 'failed') GROUP BY cur, m", starts[0]);
  append_count_below (churned_sql, "ended", month_ends, 0, BD_METRICS_MONTHS);
  g_string_append_printf (churned_sql, " AS m, count (*) FROM s WHERE ended >= %" G_GINT64_FORMAT
                          " AND ended <= ?1 GROUP BY cur, m", starts[0]);

  if (!run_query (store, kpi_sql, as_of, accs, on_kpi_row, error) ||
      !run_query (store, join_sql->str, as_of, accs, on_join_row, error) ||
      !run_query (store, leave_sql->str, as_of, accs, on_leave_row, error) ||
      !run_query (store, new_sql->str, as_of, accs, on_new_row, error) ||
      !run_query (store, churned_sql->str, as_of, accs, on_churned_row, error))
    return FALSE;

  g_hash_table_iter_init (&iter, accs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Acc *acc = value;
      BdMetricsCurrency c = { 0 };
      Fraction running = FRACTION_ZERO;

      c.currency = g_strdup (acc->currency);
      c.mrr = fraction_round (&acc->mrr, 1);
      c.arr = fraction_round (&acc->mrr, 12);
      c.active = acc->active;
      c.in_trial = acc->in_trial;
      c.trial_mrr = fraction_round (&acc->trial, 1);
      c.on_hold = acc->on_hold;
      c.at_risk_mrr = fraction_round (&acc->hold, 1);
      c.paused = acc->paused;
      c.new_30d = acc->new_30d;
      c.churned_30d = acc->churned_30d;
      c.active_30d_ago = acc->active_30d_ago;
      c.mrr_30d_ago = fraction_round (&acc->mrr_30d_ago, 1);
      {
        /* Rounded once: the exact difference. */
        Fraction net = acc->mrr;

        fraction_add (&net, -acc->mrr_30d_ago.num, acc->mrr_30d_ago.den);
        c.net_new_mrr = fraction_round (&net, 1);
      }
      for (guint k = 0; k < BD_METRICS_MONTHS; k++)
        {
          /* Running at point k: joined before or at it, not yet left. */
          fraction_add (&running, acc->joins[k].num, acc->joins[k].den);
          fraction_add (&running, -acc->leaves[k].num, acc->leaves[k].den);
          c.history[k].month_start = starts[k];
          c.history[k].at = points[k];
          c.history[k].mrr = fraction_round (&running, 1);
          c.history[k].new_count = acc->new_by_month[k];
          c.history[k].churned = acc->churned_by_month[k];
        }
      g_array_append_val (metrics->currencies, c);
    }
  g_array_sort (metrics->currencies, compare_currencies);
  return TRUE;
}

BdMetrics *
bd_metrics_compute (BdStore    *store,
                    GDateTime  *as_of,
                    GError    **error)
{
  g_autoptr(BdMetrics) metrics = NULL;
  gint64 moment;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (as_of != NULL)
    moment = g_date_time_to_unix (as_of) * G_USEC_PER_SEC + g_date_time_get_microsecond (as_of);
  else
    moment = g_get_real_time ();

  metrics = g_atomic_rc_box_new0 (BdMetrics);
  metrics->as_of = moment;
  metrics->currencies = g_array_new (FALSE, TRUE, sizeof (BdMetricsCurrency));
  g_array_set_clear_func (metrics->currencies, clear_currency);

  /* One read transaction: every query sees the same cache. */
  if (sqlite3_exec (bd_store_get_db (store), "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    {
      bd_store_fail (store, error, "Could not read the cache");
      return NULL;
    }
  if (!compute (store, moment, metrics, error))
    {
      sqlite3_exec (bd_store_get_db (store), "ROLLBACK", NULL, NULL, NULL);
      return NULL;
    }
  sqlite3_exec (bd_store_get_db (store), "COMMIT", NULL, NULL, NULL);
  return g_steal_pointer (&metrics);
}

/* Async */

typedef struct
{
  char      *path;
  GDateTime *as_of;
} ComputeData;

static void
compute_data_free (gpointer data)
{
  ComputeData *d = data;

  g_free (d->path);
  g_clear_pointer (&d->as_of, g_date_time_unref);
  g_free (d);
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ComputeData *d = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdMetrics) metrics = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  store = bd_store_open (d->path, &error);
  if (store != NULL)
    metrics = bd_metrics_compute (store, d->as_of, &error);
  if (metrics == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&metrics), (GDestroyNotify) bd_metrics_unref);
}

void
bd_metrics_compute_async (const char          *store_path,
                          GDateTime           *as_of,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ComputeData *d;

  g_return_if_fail (store_path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  d = g_new0 (ComputeData, 1);
  d->path = g_strdup (store_path);
  d->as_of = as_of != NULL ? g_date_time_ref (as_of) : NULL;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_metrics_compute_async);
  g_task_set_task_data (task, d, compute_data_free);
  g_task_run_in_thread (task, compute_thread);
}

BdMetrics *
bd_metrics_compute_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bd_metrics_compute_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
