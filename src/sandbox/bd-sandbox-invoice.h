/* bd-sandbox-invoice.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-sandbox-private.h"

G_BEGIN_DECLS

/* Invoices as Dodo serves them: a one-page A4 PDF drawn with cairo and
 * pango, for a payment (an invoice) or a refund (a credit note), with the
 * business, the customer, the lines, the tax and the totals.  Amounts are
 * written as bd_money_format_plain() and the currency code: the sandbox
 * has no locale.  The PDF's dates are the payment's or refund's, so the
 * same object always gives the same bytes. */

/* "INV-" or "CN-" and the id without its prefix.  (transfer full) */
char   *bd_sandbox_invoice_number      (const char      *id);

/* The PDF of @payment_id or @refund_id; NULL when there is no such
 * object.  (transfer full) (nullable) */
GBytes *bd_sandbox_invoice_for_payment (BdSandboxState  *state,
                                        const char      *payment_id);
GBytes *bd_sandbox_invoice_for_refund  (BdSandboxState  *state,
                                        const char      *refund_id);

/* Route handlers: GET /invoices/payments/{payment_id} and
 * GET /invoices/refunds/{refund_id}. */
void    bd_sandbox_invoice_payment_route (BdSandboxRequest *req);
void    bd_sandbox_invoice_refund_route  (BdSandboxRequest *req);

G_END_DECLS
