/* bd-metrics.h
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
 * The subscription metrics of one account (the Dashboard and
 * `billing-desk report metrics`), computed in SQLite from the cached
 * subscriptions, per currency (Dodo has no exchange rates: currencies are
 * never added together), as of a moment: now, or for a sandbox account the
 * sandbox's clock (GET /_sandbox/clock), which the caller passes.
 *
 * A subscription's monthly amount is its recurring_pre_tax_amount (each
 * recurring payment, all units) normalised by its cadence of n units:
 * Day × 365 / (12 n), Week × 52 / (12 n), Month / n, Year / (12 n).  Every
 * sum below is exact (fractions over a common denominator in 128-bit
 * integers) and rounded once, half away from zero, to the minor unit.
 * The statuses are the cached ones; the as-of moment decides trials, the
 * 30-day windows and the history.  HACKING.md ("Metrics") gives each
 * definition and what the history cannot know.
 *
 * Threads: bd_metrics_compute() blocks (a worker thread, the command
 * line); bd_metrics_compute_async() runs it in a GTask thread with a
 * BdStore of its own on the path, for the main thread.
 */

#define BD_METRICS_MONTHS 12

typedef struct
{
  gint64 month_start;  /* microseconds since 1970 UTC: the first instant of the month */
  gint64 at;           /* the moment the MRR is taken: the month's last microsecond, or as-of */
  gint64 mrr;          /* minor units */
  guint  new_count;    /* created in the month (up to as-of), not pending or failed */
  guint  churned;      /* cancelled_at / expires_at in the month (up to as-of) */
} BdMetricsMonth;

typedef struct
{
  char           *currency;        /* ISO 4217 */
  gint64          mrr;             /* minor units */
  gint64          arr;             /* 12 × MRR, rounded once */
  guint           active;          /* status active, trials included */
  guint           in_trial;
  gint64          trial_mrr;       /* the MRR to come of those in a trial */
  guint           on_hold;
  gint64          at_risk_mrr;     /* the monthly amounts of the on_hold ones */
  guint           paused;
  guint           new_30d;
  guint           churned_30d;
  guint           active_30d_ago;  /* reconstructed: the churn rate's denominator */
  gint64          mrr_30d_ago;     /* reconstructed */
  gint64          net_new_mrr;     /* mrr − mrr_30d_ago */
  BdMetricsMonth  history[BD_METRICS_MONTHS];  /* oldest first; the last is as-of's month */
} BdMetricsCurrency;

typedef struct _BdMetrics BdMetrics;

#define BD_TYPE_METRICS (bd_metrics_get_type ())

GType                    bd_metrics_get_type        (void) G_GNUC_CONST;
BdMetrics               *bd_metrics_ref             (BdMetrics        *self);
void                     bd_metrics_unref           (BdMetrics        *self);

/* The moment the metrics are taken at, microseconds since 1970 UTC. */
gint64                   bd_metrics_get_as_of       (BdMetrics        *self);
/* Every currency that any cached subscription has, the main currency first:
 * the one with the most MRR (compared in minor units), ties by most active
 * subscriptions, then by code; the others in the same order. */
guint                    bd_metrics_get_n_currencies (BdMetrics       *self);
const BdMetricsCurrency *bd_metrics_get_currency    (BdMetrics        *self,
                                                     guint             index);
/* (nullable) */
const BdMetricsCurrency *bd_metrics_lookup_currency (BdMetrics        *self,
                                                     const char       *currency);

/* The churn rate, churned_30d ÷ active_30d_ago, in parts per million,
 * rounded half away from zero; FALSE (and 0) when nothing was active 30
 * days ago. */
gboolean                 bd_metrics_currency_churn_ppm (const BdMetricsCurrency *currency,
                                                        gint64                  *ppm);

/* @as_of: NULL for now.  (transfer full) (nullable) */
BdMetrics               *bd_metrics_compute         (BdStore          *store,
                                                     GDateTime        *as_of,
                                                     GError          **error);
void                     bd_metrics_compute_async   (const char       *store_path,
                                                     GDateTime        *as_of,
                                                     GCancellable     *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer          user_data);
/* (transfer full) (nullable) */
BdMetrics               *bd_metrics_compute_finish  (GAsyncResult     *result,
                                                     GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdMetrics, bd_metrics_unref)

G_END_DECLS
