/* bd-metrics-lists.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bd-store.h"

G_BEGIN_DECLS

/*
 * The Dashboard's two lists of subscriptions, as of a moment (the one its
 * BdMetrics were taken at), from the cached subscriptions:
 *
 * - Renewals in the next 30 days: active, next_billing_date in (as-of,
 *   as-of + 30 days], not cancelling at that date; soonest first.  The
 *   expected revenue is their recurring_pre_tax_amount summed per
 *   currency (each renewal charges that amount, for all its units).  A
 *   trial ending in the window counts: its first charge is due then.
 * - Needs attention: on hold (with the newest failed payment's
 *   error_message when the cache has one), trials ending in the next 7
 *   days (created_at + trial_period_days in (as-of, as-of + 7 days]), and
 *   active ones cancelling at the next billing date; in that order, each
 *   group soonest first.
 *
 * Each list holds at most @limit rows; the counts and sums cover all.
 */

typedef enum
{
  BD_METRICS_ITEM_RENEWAL,
  BD_METRICS_ITEM_ON_HOLD,
  BD_METRICS_ITEM_TRIAL_ENDING,
  BD_METRICS_ITEM_CANCELLING,
} BdMetricsItemKind;

typedef struct
{
  BdMetricsItemKind  kind;
  char              *subscription_id;
  char              *customer;       /* the name, else the e-mail (nullable) */
  char              *product;        /* (nullable) */
  char              *currency;
  gint64             amount;         /* recurring_pre_tax_amount, minor units */
  gint64             when;           /* µs since 1970 UTC: the renewal, the trial's end, the
                                      * cancellation's date; for on hold, its next_billing_date
                                      * (the renewal that failed), 0 when unknown */
  char              *reason;         /* on hold: the failed payment's words (nullable) */
} BdMetricsItem;

typedef struct
{
  char   *currency;
  guint   count;
  gint64  amount;   /* minor units */
} BdMetricsTotal;

typedef struct _BdMetricsLists BdMetricsLists;

#define BD_TYPE_METRICS_LISTS (bd_metrics_lists_get_type ())

GType                 bd_metrics_lists_get_type          (void) G_GNUC_CONST;
BdMetricsLists       *bd_metrics_lists_ref               (BdMetricsLists *self);
void                  bd_metrics_lists_unref             (BdMetricsLists *self);

/* The renewals shown (at most the limit) and all of them. */
guint                 bd_metrics_lists_get_n_renewals    (BdMetricsLists *self);
const BdMetricsItem  *bd_metrics_lists_get_renewal       (BdMetricsLists *self,
                                                          guint           index);
guint                 bd_metrics_lists_count_renewals    (BdMetricsLists *self);
/* The expected revenue, one total per currency, the largest count first. */
guint                 bd_metrics_lists_get_n_totals      (BdMetricsLists *self);
const BdMetricsTotal *bd_metrics_lists_get_total         (BdMetricsLists *self,
                                                          guint           index);

guint                 bd_metrics_lists_get_n_attention   (BdMetricsLists *self);
const BdMetricsItem  *bd_metrics_lists_get_attention     (BdMetricsLists *self,
                                                          guint           index);
guint                 bd_metrics_lists_count_attention   (BdMetricsLists *self);

/* @as_of: µs since 1970 UTC (bd_metrics_get_as_of()).  (transfer full) (nullable) */
BdMetricsLists       *bd_metrics_lists_compute           (BdStore        *store,
                                                          gint64          as_of,
                                                          guint           limit,
                                                          GError        **error);
/* The same in a GTask thread with a BdStore of its own on @store_path. */
void                  bd_metrics_lists_compute_async     (const char     *store_path,
                                                          gint64          as_of,
                                                          guint           limit,
                                                          GCancellable   *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer        user_data);
/* (transfer full) (nullable) */
BdMetricsLists       *bd_metrics_lists_compute_finish    (GAsyncResult   *result,
                                                          GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdMetricsLists, bd_metrics_lists_unref)

G_END_DECLS
