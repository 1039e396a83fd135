/* bd-invoice-detail.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-account.h"
#include "bd-dodo-client.h"
#include "bd-store.h"

G_BEGIN_DECLS

/*
 * BdInvoiceDetail: the detail pane of the Invoices page.  It shows
 * everything the cache knows about one payment (its lines, tax, customer
 * and billing address, payment method, subscription, refunds and
 * disputes) or about one credit note (a BdRefund) with its payment, and
 * "Select an invoice" when there is none.  Its actions: Open PDF, Save PDF
 * As…, Copy Invoice Link, Issue Refund… (the "invoices." actions), and
 * jumps to the customer and the subscription, through the window's
 * win.show-customer and win.show-subscription actions.
 *
 * Signals:
 *   "data-changed" (no arguments): an action changed the account's data
 *       (a refund was issued and written to the cache); refresh the list.
 */

#define BD_TYPE_INVOICE_DETAIL (bd_invoice_detail_get_type ())

G_DECLARE_FINAL_TYPE (BdInvoiceDetail, bd_invoice_detail, BD, INVOICE_DETAIL, AdwBin)

GtkWidget *bd_invoice_detail_new      (void);

/* All three nullable together: no account open.  @store is the window's
 * main-thread read connection; @client the account's client (for the
 * actions). */
void       bd_invoice_detail_set_data (BdInvoiceDetail *self,
                                       BdAccount       *account,
                                       BdStore         *store,
                                       BdDodoClient    *client);

/* @item: (nullable): a BdPayment or a BdRefund (a credit note); NULL shows
 * "Select an invoice". */
void       bd_invoice_detail_set_item (BdInvoiceDetail *self,
                                       GObject         *item);

/* "Not Synced Yet": the cache does not hold the payment or refund @id. */
void       bd_invoice_detail_show_missing (BdInvoiceDetail *self,
                                           const char      *id);

/* What Save PDF As… does with the file chosen: the shown invoice's PDF
 * at @destination, whole or not at all; the outcome is also a toast. */
void       bd_invoice_detail_save_pdf_async  (BdInvoiceDetail     *self,
                                              GFile               *destination,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean   bd_invoice_detail_save_pdf_finish (BdInvoiceDetail     *self,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
