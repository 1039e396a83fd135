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
 * The refund itself goes through BdWriter (bd-writer.h), the one write
 * path: sent once; after a lost answer read back, never sent again; the
 * refund and the payment read again are cached at bd_store_get_path (@store)
 * on a worker thread.  The dialog keeps the UI: the amount, the live-mode
 * question, and what came of it: the refund, "nothing was refunded, try
 * again", "status unknown", Dodo's refusal, or a cache that could not be
 * updated (said in the dialog, since the lists will not show the refund
 * until the next sync).  Once Dodo has the refund, "refund-issued"
 * (BdRefund *refund) is emitted.
 */

#define BD_TYPE_REFUND_DIALOG (bd_refund_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BdRefundDialog, bd_refund_dialog, BD, REFUND_DIALOG, AdwWindow)

BdRefundDialog *bd_refund_dialog_new (GtkWindow    *parent,
                                      BdAccount    *account,
                                      BdStore      *store,
                                      BdDodoClient *client,
                                      BdPayment    *payment);

G_END_DECLS
