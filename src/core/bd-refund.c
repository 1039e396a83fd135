/* bd-refund.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-refund"

#include "config.h"

#include "bd-refund.h"

#define OPTIONAL BD_FIELD_OPTIONAL

/* A Refund, or the RefundListItem embedded in a payment: what only the full
 * Refund has is optional. */
static const BdField refund_fields[] = {
  BD_STRING   ("refund-id", "refund_id", 0),
  BD_STRING   ("payment-id", "payment_id", 0),
  BD_STRING   ("business-id", "business_id", 0),
  BD_STRING   ("brand-id", "brand_id", OPTIONAL),
  BD_DATETIME ("created-at", "created_at", 0),
  BD_ENUM     ("status", "status", bd_refund_status_get_type, 0),
  BD_BOOLEAN  ("is-partial", "is_partial", 0),
  BD_MONEY    ("amount", "amount", "currency", OPTIONAL),
  BD_STRING   ("reason", "reason", OPTIONAL),
  BD_CUSTOMER_FIELDS (OPTIONAL),
  BD_METADATA ("metadata", "metadata", OPTIONAL),
};

BD_DEFINE_MODEL (BdRefund, bd_refund, refund_fields)
