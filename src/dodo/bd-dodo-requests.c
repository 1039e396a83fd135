/* bd-dodo-requests.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-dodo"

#include "config.h"

#include <string.h>

#include "bd-dodo-codec.h"
#include "bd-dodo-requests.h"
#include "bd-payment.h"
#include "bd-product.h"

#define OPTIONAL BD_FIELD_OPTIONAL

/* The Price union (dodo-api.md §3.5), flattened like BdProduct's: "price"
 * for one_time_price and recurring_price, "fixed-price" and "meters" for
 * usage_based_price, the cadence for the last two.  @req: the flags of the
 * members every price type requires. */
#define PRICE_FIELDS(req)                                                          \
  BD_ENUM     ("price-type", "price.type", bd_price_type_get_type, req),            \
  BD_MONEY    ("price", "price.price", "price.currency", OPTIONAL),                 \
  BD_MONEY    ("fixed-price", "price.fixed_price", "price.currency", OPTIONAL),     \
  BD_INT      ("discount", "price.discount", req),                                  \
  BD_BOOLEAN  ("purchasing-power-parity", "price.purchasing_power_parity", req),    \
  BD_BOOLEAN  ("pay-what-you-want", "price.pay_what_you_want", OPTIONAL),           \
  BD_MONEY    ("suggested-price", "price.suggested_price", "price.currency", OPTIONAL), \
  BD_BOOLEAN  ("tax-inclusive", "price.tax_inclusive", OPTIONAL),                   \
  BD_INT      ("payment-frequency-count", "price.payment_frequency_count", OPTIONAL), \
  BD_ENUM     ("payment-frequency-interval", "price.payment_frequency_interval",    \
               bd_time_interval_get_type, OPTIONAL),                                \
  BD_INT      ("subscription-period-count", "price.subscription_period_count", OPTIONAL), \
  BD_ENUM     ("subscription-period-interval", "price.subscription_period_interval", \
               bd_time_interval_get_type, OPTIONAL),                                \
  BD_INT      ("trial-period-days", "price.trial_period_days", OPTIONAL),           \
  BD_LIST     ("meters", "price.meters", bd_meter_get_type, OPTIONAL)

/* The product members create and update share; @req for the name and tax
 * category, which create requires. */
#define PRODUCT_FIELDS(req)                                                        \
  BD_STRING   ("name", "name", req),                                                \
  BD_ENUM     ("tax-category", "tax_category", bd_tax_category_get_type, req),      \
  BD_STRING   ("description", "description", OPTIONAL),                             \
  BD_STRING   ("brand-id", "brand_id", OPTIONAL),                                   \
  BD_STRV     ("addons", "addons", OPTIONAL),                                       \
  BD_METADATA ("metadata", "metadata", OPTIONAL),                                   \
  BD_BOOLEAN  ("license-key-enabled", "license_key_enabled", OPTIONAL),             \
  BD_INT      ("license-key-activations-limit", "license_key_activations_limit", OPTIONAL), \
  BD_STRING   ("license-key-activation-message", "license_key_activation_message", OPTIONAL)

static const BdField product_create_fields[] = {
  PRODUCT_FIELDS (0),
  PRICE_FIELDS (0),
};

BD_DEFINE_MODEL (BdDodoProductCreate, bd_dodo_product_create, product_create_fields)

static const BdField product_update_fields[] = {
  PRODUCT_FIELDS (OPTIONAL),
  BD_STRING   ("image-id", "image_id", OPTIONAL),
  PRICE_FIELDS (OPTIONAL),
};

BD_DEFINE_MODEL (BdDodoProductUpdate, bd_dodo_product_update, product_update_fields)

#define CUSTOMER_FIELDS(req)                                                       \
  BD_STRING   ("email", "email", req),                                              \
  BD_STRING   ("name", "name", req),                                                \
  BD_STRING   ("phone-number", "phone_number", OPTIONAL),                           \
  BD_METADATA ("metadata", "metadata", OPTIONAL)

static const BdField customer_create_fields[] = { CUSTOMER_FIELDS (0) };

BD_DEFINE_MODEL (BdDodoCustomerCreate, bd_dodo_customer_create, customer_create_fields)

static const BdField customer_update_fields[] = { CUSTOMER_FIELDS (OPTIONAL) };

BD_DEFINE_MODEL (BdDodoCustomerUpdate, bd_dodo_customer_update, customer_update_fields)

/* What may come with cancel_at_next_billing_date or status "cancelled". */
#define CANCEL_FIELDS                                                              \
  BD_STRING   ("cancel-reason", "cancel_reason", OPTIONAL),                         \
  BD_STRING   ("cancellation-feedback", "cancellation_feedback", OPTIONAL),         \
  BD_STRING   ("cancellation-comment", "cancellation_comment", OPTIONAL)

/* PATCH /subscriptions/{id}: everything optional.  The sandbox decodes every
 * PATCH with this table, so it also knows pause and
 * cancel_at_next_billing_date; the app sends those two with the types
 * below. */
static const BdField subscription_update_fields[] = {
  BD_ENUM     ("status", "status", bd_subscription_status_get_type, OPTIONAL),
  BD_BOOLEAN  ("cancel-at-next-billing-date", "cancel_at_next_billing_date", OPTIONAL),
  BD_BOOLEAN  ("pause", "pause", OPTIONAL),
  CANCEL_FIELDS,
  BD_DATETIME ("next-billing-date", "next_billing_date", OPTIONAL),
  BD_BILLING_FIELDS (OPTIONAL),
  BD_METADATA ("metadata", "metadata", OPTIONAL),
  BD_STRING   ("tax-id", "tax_id", OPTIONAL),
  BD_STRING   ("customer-name", "customer_name", OPTIONAL),
  BD_STRING   ("customer-business-name", "customer_business_name", OPTIONAL),
};

BD_DEFINE_MODEL (BdDodoSubscriptionUpdate, bd_dodo_subscription_update, subscription_update_fields)

static const BdField subscription_pause_fields[] = {
  BD_BOOLEAN  ("pause", "pause", 0),
};

BD_DEFINE_MODEL (BdDodoSubscriptionPause, bd_dodo_subscription_pause, subscription_pause_fields)

static const BdField subscription_cancel_at_next_billing_fields[] = {
  BD_BOOLEAN  ("cancel-at-next-billing-date", "cancel_at_next_billing_date", 0),
  CANCEL_FIELDS,
};

BD_DEFINE_MODEL (BdDodoSubscriptionCancelAtNextBilling, bd_dodo_subscription_cancel_at_next_billing,
                 subscription_cancel_at_next_billing_fields)

/* Also the body of the preview.  "addons" are BdLineItem with addon-id set;
 * leaving them out removes the subscription's add-ons. */
static const BdField change_plan_fields[] = {
  BD_STRING   ("product-id", "product_id", 0),
  BD_INT      ("quantity", "quantity", 0),
  BD_STRING   ("proration-billing-mode", "proration_billing_mode", 0),
  BD_LIST     ("addons", "addons", bd_line_item_get_type, OPTIONAL),
  BD_STRING   ("effective-at", "effective_at", OPTIONAL),
  BD_STRING   ("on-payment-failure", "on_payment_failure", OPTIONAL),
  BD_STRING   ("discount-code", "discount_code", OPTIONAL),
  BD_METADATA ("metadata", "metadata", OPTIONAL),
};

BD_DEFINE_MODEL (BdDodoChangePlan, bd_dodo_change_plan, change_plan_fields)

/* The currency is optional (the product's by default), so the price is a
 * plain integer here, not money. */
static const BdField charge_fields[] = {
  BD_INT      ("product-price", "product_price", 0),
  BD_STRING   ("product-currency", "product_currency", OPTIONAL),
  BD_STRING   ("product-description", "product_description", OPTIONAL),
  BD_BOOLEAN  ("adaptive-currency-fees-inclusive", "adaptive_currency_fees_inclusive", OPTIONAL),
  BD_METADATA ("metadata", "metadata", OPTIONAL),
};

BD_DEFINE_MODEL (BdDodoCharge, bd_dodo_charge, charge_fields)

static const BdField update_payment_method_fields[] = {
  BD_STRING   ("type", "payment_method.type", 0),
  BD_STRING   ("return-url", "payment_method.return_url", OPTIONAL),
  BD_STRING   ("payment-method-id", "payment_method.payment_method_id", OPTIONAL),
};

BD_DEFINE_MODEL (BdDodoUpdatePaymentMethod, bd_dodo_update_payment_method, update_payment_method_fields)

static const BdField refund_create_fields[] = {
  BD_STRING   ("payment-id", "payment_id", 0),
  BD_LIST     ("items", "items", bd_dodo_refund_item_get_type, OPTIONAL),
  BD_STRING   ("reason", "reason", OPTIONAL),
  BD_METADATA ("metadata", "metadata", OPTIONAL),
};

BD_DEFINE_MODEL (BdDodoRefundCreate, bd_dodo_refund_create, refund_create_fields)

/* "amount" unset (0) refunds the whole item.  "tax_inclusive" is true
 * unless said otherwise, which an optional boolean cannot say: it is only
 * ever sent as true. */
static const BdField refund_item_fields[] = {
  BD_STRING   ("item-id", "item_id", 0),
  BD_INT      ("amount", "amount", OPTIONAL),
  BD_BOOLEAN  ("tax-inclusive", "tax_inclusive", OPTIONAL),
};

BD_DEFINE_MODEL (BdDodoRefundItem, bd_dodo_refund_item, refund_item_fields)

/* "customer" is CustomerRequest: either customer-id alone (an existing
 * customer) or customer-email with an optional name and phone number. */
static const BdField checkout_create_fields[] = {
  BD_LIST     ("product-cart", "product_cart", bd_dodo_cart_item_get_type, 0),
  BD_STRING   ("customer-id", "customer.customer_id", OPTIONAL),
  BD_STRING   ("customer-email", "customer.email", OPTIONAL),
  BD_STRING   ("customer-name", "customer.name", OPTIONAL),
  BD_STRING   ("customer-phone-number", "customer.phone_number", OPTIONAL),
  BD_STRING   ("billing-country", "billing_address.country", OPTIONAL),
  BD_STRING   ("billing-state", "billing_address.state", OPTIONAL),
  BD_STRING   ("billing-city", "billing_address.city", OPTIONAL),
  BD_STRING   ("billing-street", "billing_address.street", OPTIONAL),
  BD_STRING   ("billing-zipcode", "billing_address.zipcode", OPTIONAL),
  BD_STRING   ("return-url", "return_url", OPTIONAL),
  BD_STRING   ("cancel-url", "cancel_url", OPTIONAL),
  BD_STRING   ("discount-code", "discount_code", OPTIONAL),
  BD_STRV     ("discount-codes", "discount_codes", OPTIONAL),
  BD_STRING   ("billing-currency", "billing_currency", OPTIONAL),
  BD_STRV     ("allowed-payment-method-types", "allowed_payment_method_types", OPTIONAL),
  BD_BOOLEAN  ("confirm", "confirm", OPTIONAL),
  BD_BOOLEAN  ("show-saved-payment-methods", "show_saved_payment_methods", OPTIONAL),
  BD_INT      ("trial-period-days", "subscription_data.trial_period_days", OPTIONAL),
  BD_STRING   ("theme", "customization.theme", OPTIONAL),
  BD_METADATA ("metadata", "metadata", OPTIONAL),
};

BD_DEFINE_MODEL (BdDodoCheckoutCreate, bd_dodo_checkout_create, checkout_create_fields)

/* "amount": what the customer pays for a pay-what-you-want product. */
static const BdField cart_item_fields[] = {
  BD_STRING   ("product-id", "product_id", 0),
  BD_INT      ("quantity", "quantity", 0),
  BD_INT      ("amount", "amount", OPTIONAL),
};

BD_DEFINE_MODEL (BdDodoCartItem, bd_dodo_cart_item, cart_item_fields)

/* "idempotency-key" makes a create safe to send again after an ambiguous
 * failure. */
static const BdField webhook_create_fields[] = {
  BD_STRING   ("url", "url", 0),
  BD_STRING   ("description", "description", OPTIONAL),
  BD_BOOLEAN  ("disabled", "disabled", OPTIONAL),
  BD_STRV     ("filter-types", "filter_types", OPTIONAL),
  BD_METADATA ("metadata", "metadata", OPTIONAL),
  BD_INT      ("rate-limit", "rate_limit", OPTIONAL),
  BD_STRING   ("idempotency-key", "idempotency_key", OPTIONAL),
};

BD_DEFINE_MODEL (BdDodoWebhookCreate, bd_dodo_webhook_create, webhook_create_fields)

/* Answers */

static const BdField brand_fields[] = {
  BD_STRING   ("brand-id", "brand_id", 0),
  BD_STRING   ("business-id", "business_id", 0),
  BD_BOOLEAN  ("enabled", "enabled", 0),
  BD_STRING   ("statement-descriptor", "statement_descriptor", 0),
  BD_BOOLEAN  ("verification-enabled", "verification_enabled", 0),
  BD_STRING   ("verification-status", "verification_status", 0),
  BD_STRING   ("name", "name", OPTIONAL),
  BD_STRING   ("description", "description", OPTIONAL),
  BD_STRING   ("image", "image", OPTIONAL),
  BD_STRING   ("url", "url", OPTIONAL),
  BD_STRING   ("support-email", "support_email", OPTIONAL),
  BD_STRING   ("reason-for-hold", "reason_for_hold", OPTIONAL),
  BD_DATETIME ("archived-at", "archived_at", OPTIONAL),
};

BD_DEFINE_MODEL (BdDodoBrand, bd_dodo_brand, brand_fields)

static const BdField webhook_endpoint_fields[] = {
  BD_STRING   ("id", "id", 0),
  BD_STRING   ("url", "url", 0),
  BD_STRING   ("description", "description", 0),
  BD_METADATA ("metadata", "metadata", 0),
  BD_DATETIME ("created-at", "created_at", 0),
  BD_DATETIME ("updated-at", "updated_at", 0),
  BD_BOOLEAN  ("disabled", "disabled", OPTIONAL),
  BD_STRV     ("filter-types", "filter_types", OPTIONAL),
  BD_INT      ("rate-limit", "rate_limit", OPTIONAL),
};

BD_DEFINE_MODEL (BdDodoWebhookEndpoint, bd_dodo_webhook_endpoint, webhook_endpoint_fields)

static const BdField webhook_secret_fields[] = {
  BD_STRING   ("secret", "secret", 0),
};

BD_DEFINE_MODEL (BdDodoWebhookSecret, bd_dodo_webhook_secret, webhook_secret_fields)

static const BdField portal_session_fields[] = {
  BD_STRING   ("link", "link", 0),
};

BD_DEFINE_MODEL (BdDodoPortalSession, bd_dodo_portal_session, portal_session_fields)

static const BdField charge_result_fields[] = {
  BD_STRING   ("payment-id", "payment_id", 0),
};

BD_DEFINE_MODEL (BdDodoChargeResult, bd_dodo_charge_result, charge_result_fields)

static const BdField payment_method_link_fields[] = {
  BD_STRING   ("payment-link", "payment_link", OPTIONAL),
  BD_STRING   ("payment-id", "payment_id", OPTIONAL),
  BD_STRING   ("client-secret", "client_secret", OPTIONAL),
  BD_DATETIME ("expires-on", "expires_on", OPTIONAL),
};

BD_DEFINE_MODEL (BdDodoPaymentMethodLink, bd_dodo_payment_method_link, payment_method_link_fields)

/* The list's "currency" is copied into each item before decoding. */
static const BdField payment_line_item_fields[] = {
  BD_STRING   ("item-id", "items_id", 0),
  BD_MONEY    ("amount", "amount", "currency", 0),
  BD_MONEY    ("refundable-amount", "refundable_amount", "currency", 0),
  BD_MONEY    ("tax", "tax", "currency", 0),
  BD_STRING   ("name", "name", OPTIONAL),
  BD_STRING   ("description", "description", OPTIONAL),
};

BD_DEFINE_MODEL (BdDodoPaymentLineItem, bd_dodo_payment_line_item, payment_line_item_fields)

static const BdField checkout_preview_fields[] = {
  BD_STRING   ("billing-country", "billing_country", 0),
  BD_MONEY    ("total-price", "total_price", "currency", 0),
  BD_MONEY    ("total-tax", "total_tax", "currency", OPTIONAL),
  BD_MONEY    ("subtotal", "current_breakup.subtotal", "currency", 0),
  BD_MONEY    ("discount", "current_breakup.discount", "currency", 0),
  BD_MONEY    ("tax", "current_breakup.tax", "currency", OPTIONAL),
  BD_MONEY    ("total-amount", "current_breakup.total_amount", "currency", 0),
  BD_DATETIME ("next-billing-date", "next_billing_date", OPTIONAL),
  BD_INT      ("trial-period-days", "trial_period_days", OPTIONAL),
};

BD_DEFINE_MODEL (BdDodoCheckoutPreview, bd_dodo_checkout_preview, checkout_preview_fields)

static const BdField plan_change_preview_fields[] = {
  BD_MONEY    ("total-amount", "immediate_charge.summary.total_amount",
               "immediate_charge.summary.currency", 0),
  BD_MONEY    ("tax", "immediate_charge.summary.tax",
               "immediate_charge.summary.currency", OPTIONAL),
  BD_STRING   ("new-subscription-id", "new_plan.subscription_id", 0),
  BD_STRING   ("new-product-id", "new_plan.product_id", 0),
  BD_INT      ("new-quantity", "new_plan.quantity", 0),
  BD_ENUM     ("new-status", "new_plan.status", bd_subscription_status_get_type, 0),
  BD_MONEY    ("new-recurring-pre-tax-amount", "new_plan.recurring_pre_tax_amount",
               "new_plan.currency", 0),
  BD_DATETIME ("new-next-billing-date", "new_plan.next_billing_date", 0),
};

BD_DEFINE_MODEL (BdDodoPlanChangePreview, bd_dodo_plan_change_preview, plan_change_preview_fields)
