/* bd-subscription.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-subscription"

#include "config.h"

#include "bd-payment.h"
#include "bd-product.h"
#include "bd-subscription.h"

#define OPTIONAL BD_FIELD_OPTIONAL

static const BdField subscription_fields[] = {
  BD_STRING   ("subscription-id", "subscription_id", 0),
  BD_STRING   ("product-id", "product_id", 0),
  BD_STRING   ("product-name", "product_name", OPTIONAL),
  BD_STRING   ("brand-id", "brand_id", OPTIONAL),
  BD_ENUM     ("status", "status", bd_subscription_status_get_type, 0),
  BD_INT      ("quantity", "quantity", 0),
  BD_MONEY    ("recurring-pre-tax-amount", "recurring_pre_tax_amount", "currency", 0),
  BD_BOOLEAN  ("tax-inclusive", "tax_inclusive", 0),
  BD_INT      ("payment-frequency-count", "payment_frequency_count", 0),
  BD_ENUM     ("payment-frequency-interval", "payment_frequency_interval",
               bd_time_interval_get_type, 0),
  BD_INT      ("subscription-period-count", "subscription_period_count", 0),
  BD_ENUM     ("subscription-period-interval", "subscription_period_interval",
               bd_time_interval_get_type, 0),
  BD_INT      ("trial-period-days", "trial_period_days", 0),
  BD_MONEY    ("trial-amount", "trial_amount", "currency", OPTIONAL),
  BD_DATETIME ("created-at", "created_at", 0),
  BD_DATETIME ("next-billing-date", "next_billing_date", 0),
  BD_DATETIME ("previous-billing-date", "previous_billing_date", 0),
  BD_BOOLEAN  ("cancel-at-next-billing-date", "cancel_at_next_billing_date", 0),
  BD_BOOLEAN  ("on-demand", "on_demand", 0),
  BD_DATETIME ("cancelled-at", "cancelled_at", OPTIONAL),
  BD_DATETIME ("expires-at", "expires_at", OPTIONAL),
  BD_DATETIME ("paused-at", "paused_at", OPTIONAL),
  BD_STRING   ("cancellation-feedback", "cancellation_feedback", OPTIONAL),
  BD_STRING   ("cancellation-comment", "cancellation_comment", OPTIONAL),
  BD_STRING   ("discount-id", "discount_id", OPTIONAL),
  BD_INT      ("discount-cycles-remaining", "discount_cycles_remaining", OPTIONAL),
  BD_STRING   ("payment-method-id", "payment_method_id", OPTIONAL),
  BD_STRING   ("tax-id", "tax_id", OPTIONAL),
  BD_STRING   ("customer-business-name", "customer_business_name", OPTIONAL),
  BD_CUSTOMER_FIELDS (0),
  BD_BILLING_FIELDS (0),
  BD_METADATA ("metadata", "metadata", 0),
  BD_LIST     ("addons", "addons", bd_line_item_get_type, OPTIONAL),
  BD_LIST     ("meters", "meters", bd_meter_get_type, OPTIONAL),
};

BD_DEFINE_MODEL (BdSubscription, bd_subscription, subscription_fields)
