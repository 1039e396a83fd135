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
 * One scan of one covering index (subscriptions_metrics, schema version 5:
 * currency, status, cadence, amount, trial, the dates), so SQLite never
 * reads the rows and their raw JSON; the unary + on created_at keeps the
 * planner off subscriptions_created_at, whose range would send it to every
 * row (and there is no INDEXED BY: a first sync pass drops the index for a
 * while, bd_store_defer_indexes()).  Doing the sums in SQL (a GROUP BY with
 * a CASE per number) took 1.2 s for 100,000 subscriptions; the same scan
 * with the arithmetic in C takes a small fraction of that
 * (docs/benchmarks.md, "Metrics").
 *
 * A subscription's monthly amount is a numerator over 12 n:
 *
 *   Day   amount × 365 / (12 n)      Month  amount × 12 / (12 n)
 *   Week  amount × 52 / (12 n)       Year   amount × 1 / (12 n)
 *
 * summed per currency and n in 128-bit integers; the sums over the n are
 * exact fractions, rounded once.
 *
 * The history and "30 days ago" use one rule, "running at t" (HACKING.md,
 * Metrics): created_at ≤ t < stop, where stop is +∞ for active,
 * cancelled_at for cancelled, expires_at for expired, the failed renewal
 * (next_billing_date) for on_hold and paused_at for paused (both no later
 * than as-of), and created_at (never running) for pending, failed and
 * anything else; it is in MRR at t when also t ≥ created_at + trial days.
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

/* The sums of one currency and cadence count n: numerators over 12 n. */
typedef struct
{
  gint64  n;
  Int128  mrr, trial, hold, mrr_30d_ago;
  Int128  history[BD_METRICS_MONTHS];
} Slot;

typedef struct
{
  char    *currency;
  GArray  *slots;  /* Slot: a handful (1, 3, 6, 12 …) */
  guint    active, in_trial, on_hold, paused, new_30d, churned_30d, active_30d_ago;
  guint    new_by_month[BD_METRICS_MONTHS];
  guint    churned_by_month[BD_METRICS_MONTHS];
} Acc;

static void
acc_free (gpointer data)
{
  Acc *acc = data;

  g_free (acc->currency);
  g_array_unref (acc->slots);
  g_free (acc);
}

static Slot *
acc_slot (Acc    *acc,
          gint64  n)
{
  Slot fresh = { 0 };

  for (guint i = 0; i < acc->slots->len; i++)
    if (g_array_index (acc->slots, Slot, i).n == n)
      return &g_array_index (acc->slots, Slot, i);
  fresh.n = n;
  g_array_append_val (acc->slots, fresh);
  return &g_array_index (acc->slots, Slot, acc->slots->len - 1);
}

/* One subscription's row, as the scan reads it. */
typedef enum
{
  STATUS_OTHER,  /* pending, failed, anything newer: never running */
  STATUS_ACTIVE,
  STATUS_ON_HOLD,
  STATUS_PAUSED,
  STATUS_CANCELLED,
  STATUS_EXPIRED,
} Status;

static Status
status_of (const char *text)
{
  if (text == NULL)
    return STATUS_OTHER;
  if (g_str_equal (text, "active"))
    return STATUS_ACTIVE;
  if (g_str_equal (text, "on_hold"))
    return STATUS_ON_HOLD;
  if (g_str_equal (text, "paused"))
    return STATUS_PAUSED;
  if (g_str_equal (text, "cancelled"))
    return STATUS_CANCELLED;
  if (g_str_equal (text, "expired"))
    return STATUS_EXPIRED;
  return STATUS_OTHER;
}

/* Payments a year per cadence unit: the numerator's factor over 12 n. */
static gint64
per_year (const char *interval)
{
  if (interval == NULL)
    return 0;
  if (g_str_equal (interval, "Day"))
    return 365;
  if (g_str_equal (interval, "Week"))
    return 52;
  if (g_str_equal (interval, "Month"))
    return 12;
  if (g_str_equal (interval, "Year"))
    return 1;
  return 0;
}

static gint64
column_time (sqlite3_stmt *stmt,
             int           column,
             gint64        otherwise)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? otherwise : sqlite3_column_int64 (stmt, column);
}

/* The scan: every subscription that existed at as-of (?1), read from the
 * covering index subscriptions_metrics alone (see the top). */
static const char scan_sql[] =
  "SELECT currency, status, frequency_interval, frequency_count, amount, trial_period_days,"
  "  created_at, cancelled_at, expires_at, paused_at, next_billing_date"
  " FROM subscriptions WHERE currency IS NOT NULL AND +created_at <= ?1";

typedef struct
{
  gint64 as_of, ago;
  gint64 starts[BD_METRICS_MONTHS + 1];  /* the months' first instants, and the next month's */
  gint64 points[BD_METRICS_MONTHS];      /* where each month's MRR is taken */
} Moments;

static void
add_row (Acc           *acc,
         sqlite3_stmt  *stmt,
         const Moments *m)
{
  const char *raw_status = (const char *) sqlite3_column_text (stmt, 1);
  Status status = status_of (raw_status);
  gboolean started = g_strcmp0 (raw_status, "pending") != 0 && g_strcmp0 (raw_status, "failed") != 0;
  gint64 n = MAX (sqlite3_column_int64 (stmt, 3), 1);
  Int128 num = (Int128) sqlite3_column_int64 (stmt, 4) * per_year ((const char *) sqlite3_column_text (stmt, 2));
  gint64 trial_days = MAX (sqlite3_column_int64 (stmt, 5), 0);
  gint64 created = sqlite3_column_int64 (stmt, 6);
  gint64 trial_end = created + trial_days * DAY_USEC;
  gint64 stop, ended = -1;
  gboolean trialing = trial_days > 0 && m->as_of < trial_end;
  Slot *slot = acc_slot (acc, n);

  switch (status)
    {
    case STATUS_ACTIVE:
      stop = G_MAXINT64;
      break;
    case STATUS_CANCELLED:
      ended = column_time (stmt, 7, -1);
      stop = ended >= 0 ? ended : created;
      break;
    case STATUS_EXPIRED:
      ended = column_time (stmt, 8, -1);
      stop = ended >= 0 ? ended : created;
      break;
    case STATUS_ON_HOLD:
      /* Since the renewal that failed (next_billing_date stays on it). */
      stop = MIN (column_time (stmt, 10, m->as_of), m->as_of);
      break;
    case STATUS_PAUSED:
      stop = MIN (column_time (stmt, 9, m->as_of), m->as_of);
      break;
    case STATUS_OTHER:
    default:
      stop = created;
      break;
    }

  if (status == STATUS_ACTIVE)
    {
      acc->active++;
      if (trialing)
        {
          acc->in_trial++;
          slot->trial += num;
        }
      else
        slot->mrr += num;
    }
  else if (status == STATUS_ON_HOLD)
    {
      acc->on_hold++;
      slot->hold += num;
    }
  else if (status == STATUS_PAUSED)
    acc->paused++;

  /* New: created in (as-of − 30 d, as-of]; pending and failed never
   * started.  Churned: ended in the same window. */
  if (created > m->ago && started)
    acc->new_30d++;
  if (ended > m->ago && ended <= m->as_of)
    acc->churned_30d++;
  if (created <= m->ago && m->ago < stop)
    {
      acc->active_30d_ago++;
      if (m->ago >= trial_end)
        slot->mrr_30d_ago += num;
    }

  for (guint k = 0; k < BD_METRICS_MONTHS; k++)
    {
      gint64 at = m->points[k];

      if (created <= at && at < stop && at >= trial_end)
        slot->history[k] += num;
    }
  if (created >= m->starts[0] && started)
    for (guint k = 0; k < BD_METRICS_MONTHS; k++)
      if (created < m->starts[k + 1])
        {
          acc->new_by_month[k]++;
          break;
        }
  if (ended >= m->starts[0] && ended <= m->as_of)
    for (guint k = 0; k < BD_METRICS_MONTHS; k++)
      if (ended < m->starts[k + 1])
        {
          acc->churned_by_month[k]++;
          break;
        }
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

static gint64
month_start (GDateTime *utc,
             int        months)
{
  g_autoptr(GDateTime) first = g_date_time_new_utc (g_date_time_get_year (utc),
                                                    g_date_time_get_month (utc), 1, 0, 0, 0);
  g_autoptr(GDateTime) moved = g_date_time_add_months (first, months);

  return g_date_time_to_unix (moved) * G_USEC_PER_SEC;
}

/* The exact sum of one field over the slots, rounded once. */
#define SUM_SLOTS(acc, field, factor, out) \
  G_STMT_START { \
    Fraction f_ = FRACTION_ZERO; \
    for (guint i_ = 0; i_ < (acc)->slots->len; i_++) \
      { \
        Slot *s_ = &g_array_index ((acc)->slots, Slot, i_); \
        fraction_add (&f_, s_->field, 12 * (Int128) s_->n); \
      } \
    (out) = fraction_round (&f_, (factor)); \
  } G_STMT_END

static void
finish_currency (Acc               *acc,
                 const Moments     *m,
                 BdMetricsCurrency *c)
{
  Fraction net = FRACTION_ZERO;

  c->currency = g_strdup (acc->currency);
  SUM_SLOTS (acc, mrr, 1, c->mrr);
  SUM_SLOTS (acc, mrr, 12, c->arr);
  SUM_SLOTS (acc, trial, 1, c->trial_mrr);
  SUM_SLOTS (acc, hold, 1, c->at_risk_mrr);
  SUM_SLOTS (acc, mrr_30d_ago, 1, c->mrr_30d_ago);
  for (guint i = 0; i < acc->slots->len; i++)
    {
      Slot *s = &g_array_index (acc->slots, Slot, i);

      /* Rounded once: the exact difference. */
      fraction_add (&net, s->mrr - s->mrr_30d_ago, 12 * (Int128) s->n);
    }
  c->net_new_mrr = fraction_round (&net, 1);
  c->active = acc->active;
  c->in_trial = acc->in_trial;
  c->on_hold = acc->on_hold;
  c->paused = acc->paused;
  c->new_30d = acc->new_30d;
  c->churned_30d = acc->churned_30d;
  c->active_30d_ago = acc->active_30d_ago;
  for (guint k = 0; k < BD_METRICS_MONTHS; k++)
    {
      SUM_SLOTS (acc, history[k], 1, c->history[k].mrr);
      c->history[k].month_start = m->starts[k];
      c->history[k].at = m->points[k];
      c->history[k].new_count = acc->new_by_month[k];
      c->history[k].churned = acc->churned_by_month[k];
    }
}

static gboolean
compute (BdStore     *store,
         gint64       as_of,
         BdMetrics   *metrics,
         GError     **error)
{
  g_autoptr(GDateTime) as_of_dt = NULL;
  g_autoptr(GPtrArray) accs = g_ptr_array_new_with_free_func (acc_free);
  Moments m;
  sqlite3_stmt *stmt;
  Acc *acc = NULL;
  int rc;

  /* A moment before 1970 would need floor divisions; Dodo has none. */
  if (as_of < 0 || !(as_of_dt = g_date_time_new_from_unix_utc (as_of / G_USEC_PER_SEC)))
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_FAILED,
                   "The metrics need a moment between 1970 and 9999");
      return FALSE;
    }
  m.as_of = as_of;
  m.ago = as_of - 30 * DAY_USEC;
  for (int j = 0; j <= BD_METRICS_MONTHS; j++)
    m.starts[j] = month_start (as_of_dt, j - (BD_METRICS_MONTHS - 1));
  for (guint k = 0; k < BD_METRICS_MONTHS; k++)
    m.points[k] = k + 1 < BD_METRICS_MONTHS ? m.starts[k + 1] - 1 : as_of;

  if (!(stmt = bd_store_prepare (store, scan_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, as_of);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *currency = (const char *) sqlite3_column_text (stmt, 0);

      /* The index hands the rows over currency by currency. */
      if (acc == NULL || g_strcmp0 (acc->currency, currency) != 0)
        {
          acc = NULL;
          for (guint i = 0; i < accs->len && acc == NULL; i++)
            if (g_str_equal (((Acc *) accs->pdata[i])->currency, currency))
              acc = accs->pdata[i];
          if (acc == NULL)
            {
              acc = g_new0 (Acc, 1);
              acc->currency = g_strdup (currency);
              acc->slots = g_array_new (FALSE, TRUE, sizeof (Slot));
              g_ptr_array_add (accs, acc);
            }
        }
      add_row (acc, stmt, &m);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return bd_store_fail (store, error, "Could not compute the subscription metrics");

  for (guint i = 0; i < accs->len; i++)
    {
      BdMetricsCurrency c = { 0 };

      finish_currency (accs->pdata[i], &m, &c);
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
