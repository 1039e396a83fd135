/* bd-payment.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-model.h"

G_BEGIN_DECLS

/* A payment (dodo-api.md §3.2; also a PaymentListItem, whose extra members
 * are optional here), its customer and billing address flattened
 * ("customer-email", "billing-country").  Lists are GListModels:
 * "product-cart" of BdLineItem, "refunds" of BdRefund (RefundListItem),
 * "disputes" of BdDispute.  Properties: the table in bd-payment.c.
 *
 * BdLineItem is one line of a cart {product_id, quantity} or of a
 * subscription's addons {addon_id, quantity}. */

#define BD_TYPE_PAYMENT (bd_payment_get_type ())
G_DECLARE_FINAL_TYPE (BdPayment, bd_payment, BD, PAYMENT, BdModel)

BdPayment *bd_payment_new (void);

#define BD_TYPE_LINE_ITEM (bd_line_item_get_type ())
G_DECLARE_FINAL_TYPE (BdLineItem, bd_line_item, BD, LINE_ITEM, BdModel)

BdLineItem *bd_line_item_new (void);

G_END_DECLS
