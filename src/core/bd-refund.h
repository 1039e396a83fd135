/* bd-refund.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-model.h"

G_BEGIN_DECLS

/* A refund (dodo-api.md §3.6), also as a payment's RefundListItem (the
 * members only a full Refund has are optional).  Properties: the table in
 * bd-refund.c. */

#define BD_TYPE_REFUND (bd_refund_get_type ())
G_DECLARE_FINAL_TYPE (BdRefund, bd_refund, BD, REFUND, BdModel)

BdRefund *bd_refund_new (void);

G_END_DECLS
