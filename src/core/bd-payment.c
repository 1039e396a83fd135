/* bd-payment.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-payment"

#include "config.h"

#include "bd-dispute.h"
#include "bd-payment.h"
#include "bd-refund.h"

#define OPTIONAL BD_FIELD_OPTIONAL
#define NULLABLE BD_FIELD_NULLABLE

/* A Payment, or a PaymentListItem: what only one of them has is optional. */
static const BdField payment_fields[] = {
  BD_STRING   ("payment-id", "payment_id", 0),
  BD_STRING   ("business-id", "business_id", OPTIONAL),
  BD_STRING   ("brand-id", "brand_id", 0),
  BD_DATETIME ("created-at", "created_at", 0),
  BD_DATETIME ("updated-at", "updated_at", OPTIONAL),
  BD_ENUM     ("status", "status", bd_payment_status_get_type, NULLABLE),
  BD_MONEY    ("total-amount", "total_amount", "currency", 0),
  BD_MONEY    ("tax", "tax", "currency", OPTIONAL),
  BD_MONEY    ("settlement-amount", "settlement_amount", "settlement_currency", OPTIONAL),
  BD_MONEY    ("settlement-tax", "settlement_tax", "settlement_currency", OPTIONAL),
  BD_CUSTOMER_FIELDS (0),
  BD_BILLING_FIELDS (OPTIONAL),
  BD_METADATA ("metadata", "metadata", 0),
  BD_STRING   ("subscription-id", "subscription_id", OPTIONAL),
  BD_STRING   ("checkout-session-id", "checkout_session_id", OPTIONAL),
  BD_STRING   ("payment-link", "payment_link", OPTIONAL),
  BD_STRING   ("discount-id", "discount_id", OPTIONAL),
  BD_STRING   ("payment-provider", "payment_provider", OPTIONAL),
  BD_STRING   ("payment-method", "payment_method", OPTIONAL),
  BD_STRING   ("payment-method-type", "payment_method_type", OPTIONAL),
  BD_STRING   ("payment-method-id", "payment_method_id", OPTIONAL),
  BD_STRING   ("card-network", "card_network", OPTIONAL),
  BD_STRING   ("card-last-four", "card_last_four", OPTIONAL),
  BD_STRING   ("card-type", "card_type", OPTIONAL),
  BD_STRING   ("card-issuing-country", "card_issuing_country", OPTIONAL),
  BD_STRING   ("card-holder-name", "card_holder_name", OPTIONAL),
  BD_STRING   ("error-code", "error_code", OPTIONAL),
  BD_STRING   ("error-message", "error_message", OPTIONAL),
  BD_STRING   ("invoice-id", "invoice_id", OPTIONAL),
  BD_STRING   ("invoice-url", "invoice_url", OPTIONAL),
  BD_STRING   ("refund-status", "refund_status", OPTIONAL),
  BD_ENUM     ("dispute-status", "dispute_status", bd_dispute_status_get_type, OPTIONAL),
  BD_BOOLEAN  ("digital-products-delivered", "digital_products_delivered", 0),
  BD_BOOLEAN  ("is-update-payment-method", "is_update_payment_method", OPTIONAL),
  BD_BOOLEAN  ("has-license-key", "has_license_key", OPTIONAL),
  BD_INT      ("retry-attempt", "retry_attempt", OPTIONAL),
  BD_LIST     ("product-cart", "product_cart", bd_line_item_get_type, OPTIONAL),
  BD_LIST     ("refunds", "refunds", bd_refund_get_type, OPTIONAL),
  BD_LIST     ("disputes", "disputes", bd_dispute_get_type, OPTIONAL),
};

BD_DEFINE_MODEL (BdPayment, bd_payment, payment_fields)

static const BdField line_item_fields[] = {
  BD_STRING   ("product-id", "product_id", OPTIONAL),
  BD_STRING   ("addon-id", "addon_id", OPTIONAL),
  BD_INT      ("quantity", "quantity", 0),
};

BD_DEFINE_MODEL (BdLineItem, bd_line_item, line_item_fields)
