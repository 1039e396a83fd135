/* bd-invoices-page.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-account.h"
#include "bd-page.h"
#include "bd-dodo-client.h"
#include "bd-report.h"
#include "bd-store.h"
#include "bd-page.h"

G_BEGIN_DECLS

/*
 * BdInvoicesPage: the invoices (payments) of the open account's cache, and
 * its credit notes (refunds), in a column view with search, filters, a
 * totals bar and the invoice detail in a side pane.  A BdPage ("invoices"):
 * bd_page_show_object() takes a payment's or a refund's id.
 *
 * One BdReportQuery describes what is shown (bd_invoices_page_get_query):
 * the list, the totals bar and the Export dialog's "current view" all use
 * it, through the same SQL conditions (BdQueryWhere).
 */

#define BD_TYPE_INVOICES_PAGE (bd_invoices_page_get_type ())

G_DECLARE_FINAL_TYPE (BdInvoicesPage, bd_invoices_page, BD, INVOICES_PAGE, AdwBin)

GtkWidget           *bd_invoices_page_new       (void);

/* The filters of the current view (of the invoices, also while credit
 * notes are shown).  (transfer none) */
const BdReportQuery *bd_invoices_page_get_query (BdInvoicesPage *self);

G_END_DECLS
