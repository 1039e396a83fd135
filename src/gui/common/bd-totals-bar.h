/* bd-totals-bar.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-query-model.h"
#include "bd-store.h"

G_BEGIN_DECLS

/*
 * BdTotalsBar: one line per currency under a list: how many rows, and
 * their gross, refunds and net ("EUR  12 invoices  Gross €1,200.00 …") for
 * the payments table, or how many credit notes and how much was refunded
 * for the refunds table.  The sums run on the bar's own BdQueryWorker (a
 * thread with its own connection to the cache, kept while the store is),
 * and start only after the frame showing the list's new rows was painted,
 * while the bar is on screen: a million rows take a core for a second and
 * must not compete with that frame.  A new request cancels the last.
 */

#define BD_TYPE_TOTALS_BAR (bd_totals_bar_get_type ())

G_DECLARE_FINAL_TYPE (BdTotalsBar, bd_totals_bar, BD, TOTALS_BAR, AdwBin)

/* @store: (nullable): the cache to add up; NULL empties the bar. */
void bd_totals_bar_set_store (BdTotalsBar        *self,
                              BdStore            *store);
/* Adds up the rows of @table ("payments" or "refunds") that @where
 * selects (copied), once the next frame is painted. */
void bd_totals_bar_update    (BdTotalsBar        *self,
                              const char         *table,
                              const BdQueryWhere *where);

G_END_DECLS
