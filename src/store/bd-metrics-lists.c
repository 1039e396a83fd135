/* bd-metrics-lists.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-metrics"

#include "config.h"

#include "bd-metrics-lists.h"
#include "bd-store-private.h"

/*
 * Renewals use the index on next_billing_date (a 30-day window of it),
 * trials the covering index subscriptions_metrics, on hold the one on
 * (status, created_at).  Whether a subscription cancels at its next
 * billing date is only in its raw JSON, read for the active rows of the
 * renewal window and, for Needs attention, for every active row: the
 * slow part on a large cache (docs/benchmarks.md, "Dashboard lists"); a
 * column for it would need a schema migration.  One read transaction:
 * every list sees the same cache.
 */

#define DAY_USEC ((gint64) 86400 * G_USEC_PER_SEC)

struct _BdMetricsLists
{
  GArray *renewals;    /* BdMetricsItem */
  GArray *attention;   /* BdMetricsItem */
  GArray *totals;      /* BdMetricsTotal */
  guint   n_renewals;
  guint   n_attention;
};

G_DEFINE_BOXED_TYPE (BdMetricsLists, bd_metrics_lists, bd_metrics_lists_ref, bd_metrics_lists_unref)

static void
clear_item (gpointer data)
{
  BdMetricsItem *item = data;

  g_free (item->subscription_id);
  g_free (item->customer);
  g_free (item->product);
  g_free (item->currency);
  g_free (item->reason);
}

static void
clear_total (gpointer data)
{
  g_free (((BdMetricsTotal *) data)->currency);
}

static void
lists_free (gpointer data)
{
  BdMetricsLists *self = data;

  g_array_unref (self->renewals);
  g_array_unref (self->attention);
  g_array_unref (self->totals);
}

BdMetricsLists *
bd_metrics_lists_ref (BdMetricsLists *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
bd_metrics_lists_unref (BdMetricsLists *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, lists_free);
}

guint
bd_metrics_lists_get_n_renewals (BdMetricsLists *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->renewals->len;
}

const BdMetricsItem *
bd_metrics_lists_get_renewal (BdMetricsLists *self,
                              guint           index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->renewals->len, NULL);

  return &g_array_index (self->renewals, BdMetricsItem, index);
}

guint
bd_metrics_lists_count_renewals (BdMetricsLists *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_renewals;
}

guint
bd_metrics_lists_get_n_totals (BdMetricsLists *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->totals->len;
}

const BdMetricsTotal *
bd_metrics_lists_get_total (BdMetricsLists *self,
                            guint           index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->totals->len, NULL);

  return &g_array_index (self->totals, BdMetricsTotal, index);
}

guint
bd_metrics_lists_get_n_attention (BdMetricsLists *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->attention->len;
}

const BdMetricsItem *
bd_metrics_lists_get_attention (BdMetricsLists *self,
                                guint           index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->attention->len, NULL);

  return &g_array_index (self->attention, BdMetricsItem, index);
}

guint
bd_metrics_lists_count_attention (BdMetricsLists *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_attention;
}

/* Compute */

#define CANCELLING "coalesce(json_extract(raw, '$.cancel_at_next_billing_date'), 0)"
#define ROW_COLUMNS \
  "subscription_id, coalesce(nullif(customer_name, ''), customer_email), product_name, currency, amount"

/* ?1 as-of, ?2 the window's end; a renewal is neither on its way out nor
 * anything but active. */
static const char renewals_sql[] =
  "SELECT " ROW_COLUMNS ", next_billing_date FROM subscriptions"
  " WHERE next_billing_date > ?1 AND next_billing_date <= ?2 AND +status = 'active'"
  "   AND +created_at <= ?1 AND NOT " CANCELLING
  " ORDER BY next_billing_date, subscription_id";

static const char on_hold_sql[] =
  "SELECT " ROW_COLUMNS ", next_billing_date"
  " FROM subscriptions WHERE status = 'on_hold' AND created_at <= ?1"
  " ORDER BY next_billing_date, subscription_id";

/* The newest failed payment's words, looked up for the rows kept only. */
static const char reason_sql[] =
  "SELECT json_extract(raw, '$.error_message') FROM payments"
  " WHERE subscription_id = ?1 AND status = 'failed' ORDER BY created_at DESC LIMIT 1";

/* The trial's end is created_at + trial_period_days days; the rows are
 * found in the covering index subscriptions_metrics (status alone would
 * read every active row). */
#define TRIAL_END "(created_at + trial_period_days * 86400000000)"
static const char trials_sql[] =
  "SELECT " ROW_COLUMNS ", " TRIAL_END " AS ends FROM subscriptions WHERE rowid IN"
  " (SELECT rowid FROM subscriptions INDEXED BY subscriptions_metrics"
  "   WHERE status = 'active' AND created_at <= ?1 AND trial_period_days > 0"
  "     AND " TRIAL_END " > ?1 AND " TRIAL_END " <= ?2)"
  " ORDER BY ends, subscription_id";

static const char cancelling_sql[] =
  "SELECT " ROW_COLUMNS ", next_billing_date FROM subscriptions"
  " WHERE status = 'active' AND created_at <= ?1 AND " CANCELLING
  " ORDER BY next_billing_date, subscription_id";

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* Runs @sql with ?1 = @as_of and ?2 = @until; appends at most @limit rows
 * of @kind to @items while @limit lasts, and returns how many there were
 * (or -1 on an error).  With @totals, sums the amounts per currency. */
static int
collect (BdStore           *store,
         const char        *sql,
         gint64             as_of,
         gint64             until,
         BdMetricsItemKind  kind,
         GArray            *items,
         guint             *limit,
         GArray            *totals,
         GError           **error)
{
  sqlite3_stmt *stmt = bd_store_prepare (store, sql, error);
  int count = 0;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, as_of);
  sqlite3_bind_int64 (stmt, 2, until);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *currency = (const char *) sqlite3_column_text (stmt, 3);

      count++;
      if (totals != NULL && currency != NULL)
        {
          BdMetricsTotal *total = NULL;

          for (guint i = 0; i < totals->len && total == NULL; i++)
            if (g_str_equal (g_array_index (totals, BdMetricsTotal, i).currency, currency))
              total = &g_array_index (totals, BdMetricsTotal, i);
          if (total == NULL)
            {
              BdMetricsTotal fresh = { g_strdup (currency), 0, 0 };

              g_array_append_val (totals, fresh);
              total = &g_array_index (totals, BdMetricsTotal, totals->len - 1);
            }
          total->count++;
          total->amount += sqlite3_column_int64 (stmt, 4);
        }
      if (*limit > 0)
        {
          BdMetricsItem item = { 0 };

          item.kind = kind;
          item.subscription_id = column_text (stmt, 0);
          item.customer = column_text (stmt, 1);
          item.product = column_text (stmt, 2);
          item.currency = column_text (stmt, 3);
          item.amount = sqlite3_column_int64 (stmt, 4);
          item.when = sqlite3_column_int64 (stmt, 5);
          g_array_append_val (items, item);
          (*limit)--;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bd_store_fail (store, error, "Could not list the subscriptions");
      return -1;
    }
  return count;
}

static gboolean
add_reasons (BdStore  *store,
             GArray   *items,
             GError  **error)
{
  for (guint i = 0; i < items->len; i++)
    {
      BdMetricsItem *item = &g_array_index (items, BdMetricsItem, i);
      sqlite3_stmt *stmt;
      int rc;

      if (item->kind != BD_METRICS_ITEM_ON_HOLD)
        continue;
      if (!(stmt = bd_store_prepare (store, reason_sql, error)))
        return FALSE;
      sqlite3_bind_text (stmt, 1, item->subscription_id, -1, SQLITE_TRANSIENT);
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        item->reason = column_text (stmt, 0);
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return bd_store_fail (store, error, "Could not read a failed payment");
    }
  return TRUE;
}

static int
compare_totals (gconstpointer a,
                gconstpointer b)
{
  const BdMetricsTotal *x = a, *y = b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return g_strcmp0 (x->currency, y->currency);
}

static gboolean
compute (BdStore         *store,
         gint64           as_of,
         guint            limit,
         BdMetricsLists  *lists,
         GError         **error)
{
  guint left = limit;
  int n;

  if ((n = collect (store, renewals_sql, as_of, as_of + 30 * DAY_USEC, BD_METRICS_ITEM_RENEWAL,
                    lists->renewals, &left, lists->totals, error)) < 0)
    return FALSE;
  lists->n_renewals = n;
  g_array_sort (lists->totals, compare_totals);

  left = limit;
  if ((n = collect (store, on_hold_sql, as_of, 0, BD_METRICS_ITEM_ON_HOLD, lists->attention, &left, NULL, error)) < 0)
    return FALSE;
  lists->n_attention = n;
  if ((n = collect (store, trials_sql, as_of, as_of + 7 * DAY_USEC, BD_METRICS_ITEM_TRIAL_ENDING,
                    lists->attention, &left, NULL, error)) < 0)
    return FALSE;
  lists->n_attention += n;
  if ((n = collect (store, cancelling_sql, as_of, 0, BD_METRICS_ITEM_CANCELLING, lists->attention, &left,
                    NULL, error)) < 0)
    return FALSE;
  lists->n_attention += n;
  return add_reasons (store, lists->attention, error);
}

BdMetricsLists *
bd_metrics_lists_compute (BdStore  *store,
                          gint64    as_of,
                          guint     limit,
                          GError  **error)
{
  g_autoptr(BdMetricsLists) lists = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  lists = g_atomic_rc_box_new0 (BdMetricsLists);
  lists->renewals = g_array_new (FALSE, TRUE, sizeof (BdMetricsItem));
  g_array_set_clear_func (lists->renewals, clear_item);
  lists->attention = g_array_new (FALSE, TRUE, sizeof (BdMetricsItem));
  g_array_set_clear_func (lists->attention, clear_item);
  lists->totals = g_array_new (FALSE, TRUE, sizeof (BdMetricsTotal));
  g_array_set_clear_func (lists->totals, clear_total);

  if (sqlite3_exec (bd_store_get_db (store), "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    {
      bd_store_fail (store, error, "Could not read the cache");
      return NULL;
    }
  if (!compute (store, as_of, limit, lists, error))
    {
      sqlite3_exec (bd_store_get_db (store), "ROLLBACK", NULL, NULL, NULL);
      return NULL;
    }
  sqlite3_exec (bd_store_get_db (store), "COMMIT", NULL, NULL, NULL);
  return g_steal_pointer (&lists);
}

/* Async */

typedef struct
{
  char   *path;
  gint64  as_of;
  guint   limit;
} ComputeData;

static void
compute_data_free (gpointer data)
{
  ComputeData *d = data;

  g_free (d->path);
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
  g_autoptr(BdMetricsLists) lists = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  store = bd_store_open (d->path, &error);
  if (store != NULL)
    lists = bd_metrics_lists_compute (store, d->as_of, d->limit, &error);
  if (lists == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&lists), (GDestroyNotify) bd_metrics_lists_unref);
}

void
bd_metrics_lists_compute_async (const char          *store_path,
                                gint64               as_of,
                                guint                limit,
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
  d->as_of = as_of;
  d->limit = limit;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_metrics_lists_compute_async);
  g_task_set_task_data (task, d, compute_data_free);
  g_task_run_in_thread (task, compute_thread);
}

BdMetricsLists *
bd_metrics_lists_compute_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bd_metrics_lists_compute_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
