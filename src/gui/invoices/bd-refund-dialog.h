/* bd-refund-dialog.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-account.h"
#include "bd-dodo-client.h"
#include "bd-payment.h"
#include "bd-refund.h"
#include "bd-store.h"

G_BEGIN_DECLS

/*
 * BdRefundDialog: "Issue Refund…" for one payment.  It reads the payment's
 * lines and what each still allows to refund, then refunds the whole
 * payment or an amount of one line, with a reason.  In live mode it asks
 * first, naming the amount and the customer.  Dodo's refusal is shown with
 * its code and words.
 *
 * A refund is a write that must never happen twice: when its answer is
 * lost (bd_dodo_error_is_ambiguous_write), the dialog does not send it
 * again but reads the payment back and shows the refund that exists, if
 * any.  Once Dodo has the refund, the refund and the payment read again are
 * written into the cache at bd_store_get_path (@store) (on a worker thread
 * with its own connection), then "refund-issued" (BdRefund *refund) is
 * emitted.
 */

#define BD_TYPE_REFUND_DIALOG (bd_refund_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BdRefundDialog, bd_refund_dialog, BD, REFUND_DIALOG, AdwWindow)

BdRefundDialog *bd_refund_dialog_new (GtkWindow    *parent,
                                      BdAccount    *account,
                                      BdStore      *store,
                                      BdDodoClient *client,
                                      BdPayment    *payment);

G_END_DECLS
