/* bd-checkout-session.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-checkout-session"

#include "config.h"

#include "bd-checkout-session.h"

#define OPTIONAL BD_FIELD_OPTIONAL

static const BdField checkout_session_fields[] = {
  BD_STRING   ("id", "id", 0),
  BD_DATETIME ("created-at", "created_at", OPTIONAL),
  BD_STRING   ("checkout-url", "checkout_url", OPTIONAL),
  BD_STRING   ("customer-email", "customer_email", OPTIONAL),
  BD_STRING   ("customer-name", "customer_name", OPTIONAL),
  BD_STRING   ("payment-id", "payment_id", OPTIONAL),
  BD_ENUM     ("payment-status", "payment_status", bd_payment_status_get_type, OPTIONAL),
};

BD_DEFINE_MODEL (BdCheckoutSession, bd_checkout_session, checkout_session_fields)
