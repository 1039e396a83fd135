/* bd-invoices-filter-bar.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-report.h"
#include "bd-store.h"

G_BEGIN_DECLS

/*
 * BdInvoicesFilterBar: the Invoices page's filters, wrapping onto more
 * lines on a narrow window (BdFlowLayout): the Invoices / Credit Notes
 * toggle, status, dates (with a custom range), currency, product, and the
 * customer the view is narrowed to.  It owns the view's BdReportQuery
 * (the search too, typed into the page's entry) and emits "changed" when
 * the query changed.
 *
 * Properties:
 *   "credit-notes" (gboolean): credit notes (refunds) are shown rather
 *       than invoices; the payment status filter does not apply to them.
 *
 * Signals:
 *   "changed": the query changed (once per change, also for a clear).
 */

#define BD_TYPE_INVOICES_FILTER_BAR (bd_invoices_filter_bar_get_type ())

G_DECLARE_FINAL_TYPE (BdInvoicesFilterBar, bd_invoices_filter_bar, BD, INVOICES_FILTER_BAR, AdwBin)

/* (transfer none) */
const BdReportQuery *bd_invoices_filter_bar_get_query        (BdInvoicesFilterBar *self);
/* Whether any filter or a search narrows the view. */
gboolean             bd_invoices_filter_bar_has_filters      (BdInvoicesFilterBar *self);
gboolean             bd_invoices_filter_bar_get_credit_notes (BdInvoicesFilterBar *self);
void                 bd_invoices_filter_bar_set_credit_notes (BdInvoicesFilterBar *self,
                                                              gboolean             credit_notes);
/* @text: (nullable): NULL or "" for none. */
void                 bd_invoices_filter_bar_set_search       (BdInvoicesFilterBar *self,
                                                              const char          *text);
/* Narrows the view to one customer; @name (nullable) for the button. */
void                 bd_invoices_filter_bar_set_customer     (BdInvoicesFilterBar *self,
                                                              const char          *customer_id,
                                                              const char          *name);
/* Clears every filter and the search. */
void                 bd_invoices_filter_bar_clear            (BdInvoicesFilterBar *self);
/* Reads the currencies and products to choose from out of @store
 * (nullable: none), keeping the chosen ones. */
void                 bd_invoices_filter_bar_reload           (BdInvoicesFilterBar *self,
                                                              BdStore             *store);

G_END_DECLS
