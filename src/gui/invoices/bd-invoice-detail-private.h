/* bd-invoice-detail-private.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-invoice-detail.h"
#include "bd-payment.h"

G_BEGIN_DECLS

/*
 * BdInvoiceDetail spans two files that share this struct:
 *   bd-invoice-detail.c      what the pane shows, its actions, its refunds
 *   bd-invoice-detail-pdf.c  the invoice's PDF: downloaded once into the
 *                            account's folder, opened, saved elsewhere
 */

struct _BdInvoiceDetail
{
  AdwBin          parent_instance;

  BdAccount      *account;
  BdStore        *store;
  BdDodoClient   *client;
  GObject        *item;       /* what was given: a BdPayment or a BdRefund */
  BdPayment      *payment;    /* the payment shown (the credit note's, for a refund) */
  GCancellable   *cancellable;

  /* Template widgets */
  AdwActionRow   *address_row;
  GtkLabel       *amount_label;
  AdwPreferencesGroup *credit_group;
  AdwActionRow   *credit_payment_row;
  AdwActionRow   *credit_reason_row;
  AdwActionRow   *customer_row;
  AdwActionRow   *date_row;
  AdwPreferencesGroup *disputes_group;
  GtkListBox     *disputes_list;
  AdwActionRow   *invoice_row;
  GtkLabel       *kind_label;
  AdwPreferencesGroup *lines_group;
  GtkListBox     *lines_list;
  AdwActionRow   *method_row;
  AdwStatusPage  *missing_page;
  GtkButton      *open_button;
  GtkButton      *refund_button;
  AdwPreferencesGroup *refunds_group;
  GtkListBox     *refunds_list;
  GtkSpinner     *spinner;
  GtkLabel       *status_label;
  GtkStack       *stack;
  AdwActionRow   *subscription_row;
  AdwActionRow   *tax_row;
};

/* bd-invoice-detail.c */
void _bd_invoice_detail_add_toast       (BdInvoiceDetail *self,
                                         AdwToast        *toast);
void _bd_invoice_detail_toast_error     (BdInvoiceDetail *self,
                                         const char      *what,
                                         const GError    *error);

/* bd-invoice-detail-pdf.c: invoices.open-pdf and invoices.save-pdf */
void _bd_invoice_detail_open_pdf_action (GtkWidget       *widget,
                                         const char      *action_name,
                                         GVariant        *parameter);
void _bd_invoice_detail_save_pdf_action (GtkWidget       *widget,
                                         const char      *action_name,
                                         GVariant        *parameter);

G_END_DECLS
