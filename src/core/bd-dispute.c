/* bd-dispute.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-dispute"

#include "config.h"

#include "bd-dispute.h"

#define OPTIONAL BD_FIELD_OPTIONAL

/* Dispute, GetDispute or DisputeListItem: what not all three have is
 * optional.  The amount is a decimal string of minor units. */
static const BdField dispute_fields[] = {
  BD_STRING   ("dispute-id", "dispute_id", 0),
  BD_STRING   ("payment-id", "payment_id", 0),
  BD_STRING   ("business-id", "business_id", 0),
  BD_STRING   ("brand-id", "brand_id", OPTIONAL),
  BD_DATETIME ("created-at", "created_at", 0),
  BD_MONEY    ("amount", "amount", "currency", BD_FIELD_AMOUNT_STRING),
  BD_ENUM     ("dispute-stage", "dispute_stage", bd_dispute_stage_get_type, 0),
  BD_ENUM     ("dispute-status", "dispute_status", bd_dispute_status_get_type, 0),
  BD_BOOLEAN  ("is-resolved-by-rdr", "is_resolved_by_rdr", OPTIONAL),
  BD_STRING   ("remarks", "remarks", OPTIONAL),
  BD_STRING   ("reason", "reason", OPTIONAL),
  BD_STRING   ("payment-provider", "payment_provider", OPTIONAL),
  BD_CUSTOMER_FIELDS (OPTIONAL),
};

BD_DEFINE_MODEL (BdDispute, bd_dispute, dispute_fields)
