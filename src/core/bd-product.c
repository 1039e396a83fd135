/* bd-product.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-product"

#include "config.h"

#include "bd-product.h"

#define OPTIONAL BD_FIELD_OPTIONAL

/* The Price union (tagged by "type") is flattened into the product: the
 * members of the other price types stay unset, hence optional. */
static const BdField product_fields[] = {
  BD_STRING   ("product-id", "product_id", 0),
  BD_STRING   ("business-id", "business_id", 0),
  BD_STRING   ("brand-id", "brand_id", OPTIONAL),
  BD_DATETIME ("created-at", "created_at", 0),
  BD_DATETIME ("updated-at", "updated_at", 0),
  BD_STRING   ("name", "name", OPTIONAL),
  BD_STRING   ("description", "description", OPTIONAL),
  BD_STRING   ("image", "image", OPTIONAL),
  BD_BOOLEAN  ("is-recurring", "is_recurring", 0),
  BD_ENUM     ("tax-category", "tax_category", bd_tax_category_get_type, 0),
  BD_BOOLEAN  ("license-key-enabled", "license_key_enabled", OPTIONAL),
  BD_STRING   ("pricing-mode", "pricing_mode", OPTIONAL),
  BD_STRV     ("addons", "addons", OPTIONAL),
  BD_METADATA ("metadata", "metadata", 0),
  BD_BOOLEAN  ("archived", NULL, 0),
  BD_ENUM     ("price-type", "price.type", bd_price_type_get_type, 0),
  BD_MONEY    ("price", "price.price", "price.currency", OPTIONAL),
  BD_MONEY    ("fixed-price", "price.fixed_price", "price.currency", OPTIONAL),
  BD_MONEY    ("suggested-price", "price.suggested_price", "price.currency", OPTIONAL),
  BD_BOOLEAN  ("pay-what-you-want", "price.pay_what_you_want", OPTIONAL),
  BD_INT      ("discount", "price.discount", 0),
  BD_BOOLEAN  ("purchasing-power-parity", "price.purchasing_power_parity", OPTIONAL),
  BD_BOOLEAN  ("tax-inclusive", "price.tax_inclusive", OPTIONAL),
  BD_INT      ("payment-frequency-count", "price.payment_frequency_count", OPTIONAL),
  BD_ENUM     ("payment-frequency-interval", "price.payment_frequency_interval",
               bd_time_interval_get_type, OPTIONAL),
  BD_INT      ("subscription-period-count", "price.subscription_period_count", OPTIONAL),
  BD_ENUM     ("subscription-period-interval", "price.subscription_period_interval",
               bd_time_interval_get_type, OPTIONAL),
  BD_INT      ("trial-period-days", "price.trial_period_days", OPTIONAL),
  BD_MONEY    ("trial-amount", "price.trial_amount", "price.currency", OPTIONAL),
  BD_LIST     ("meters", "price.meters", bd_meter_get_type, OPTIONAL),
};

BD_DEFINE_MODEL (BdProduct, bd_product, product_fields)

/* A meter of a usage-based price or of a subscription.  The price per unit
 * is a decimal string (it may be a fraction of a minor unit). */
static const BdField meter_fields[] = {
  BD_STRING   ("meter-id", "meter_id", 0),
  BD_STRING   ("name", "name", OPTIONAL),
  BD_STRING   ("description", "description", OPTIONAL),
  BD_STRING   ("measurement-unit", "measurement_unit", OPTIONAL),
  BD_STRING   ("price-per-unit", "price_per_unit", OPTIONAL),
  BD_STRING   ("currency", "currency", OPTIONAL),
  BD_INT      ("free-threshold", "free_threshold", OPTIONAL),
};

BD_DEFINE_MODEL (BdMeter, bd_meter, meter_fields)
