/* bd-enums.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-enums"

#include "config.h"

#include "bd-enums.h"

/* Each enum is one table: the GEnumValue array that G_DEFINE_ENUM_TYPE
 * registers.  Its nicks are Dodo's strings, so converting is a lookup in the
 * GEnumClass and needs no hand-written switch. */

int
bd_enum_from_string (GType       enum_type,
                     const char *s)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *value;

  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), 0);

  if (s == NULL)
    return 0;

  klass = g_type_class_ref (enum_type);
  value = g_enum_get_value_by_nick (klass, s);

  return value != NULL ? value->value : 0;
}

const char *
bd_enum_to_string (GType enum_type,
                   int   value)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *ev;

  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), NULL);

  if (value == 0)
    return NULL;

  /* The nick lives in the static table, so it outlives the class ref. */
  klass = g_type_class_ref (enum_type);
  ev = g_enum_get_value (klass, value);

  return ev != NULL ? ev->value_nick : NULL;
}

#define V(value, nick) G_DEFINE_ENUM_VALUE (value, nick)

#define BD_DEFINE_ENUM(TypeName, type_name, ...)                        \
  G_DEFINE_ENUM_TYPE (TypeName, type_name, __VA_ARGS__)                 \
  TypeName                                                              \
  type_name##_from_string (const char *s)                               \
  {                                                                     \
    return (TypeName) bd_enum_from_string (type_name##_get_type (), s); \
  }                                                                     \
  const char *                                                          \
  type_name##_to_string (TypeName value)                                \
  {                                                                     \
    return bd_enum_to_string (type_name##_get_type (), value);          \
  }

BD_DEFINE_ENUM (BdSubscriptionStatus, bd_subscription_status,
  V (BD_SUBSCRIPTION_STATUS_UNKNOWN, "unknown"),
  V (BD_SUBSCRIPTION_STATUS_PENDING, "pending"),
  V (BD_SUBSCRIPTION_STATUS_ACTIVE, "active"),
  V (BD_SUBSCRIPTION_STATUS_ON_HOLD, "on_hold"),
  V (BD_SUBSCRIPTION_STATUS_PAUSED, "paused"),
  V (BD_SUBSCRIPTION_STATUS_CANCELLED, "cancelled"),
  V (BD_SUBSCRIPTION_STATUS_FAILED, "failed"),
  V (BD_SUBSCRIPTION_STATUS_EXPIRED, "expired"))

BD_DEFINE_ENUM (BdPaymentStatus, bd_payment_status,
  V (BD_PAYMENT_STATUS_UNKNOWN, "unknown"),
  V (BD_PAYMENT_STATUS_SUCCEEDED, "succeeded"),
  V (BD_PAYMENT_STATUS_FAILED, "failed"),
  V (BD_PAYMENT_STATUS_CANCELLED, "cancelled"),
  V (BD_PAYMENT_STATUS_PROCESSING, "processing"),
  V (BD_PAYMENT_STATUS_REQUIRES_CUSTOMER_ACTION, "requires_customer_action"),
  V (BD_PAYMENT_STATUS_REQUIRES_MERCHANT_ACTION, "requires_merchant_action"),
  V (BD_PAYMENT_STATUS_REQUIRES_PAYMENT_METHOD, "requires_payment_method"),
  V (BD_PAYMENT_STATUS_REQUIRES_CONFIRMATION, "requires_confirmation"),
  V (BD_PAYMENT_STATUS_REQUIRES_CAPTURE, "requires_capture"),
  V (BD_PAYMENT_STATUS_PARTIALLY_CAPTURED, "partially_captured"),
  V (BD_PAYMENT_STATUS_PARTIALLY_CAPTURED_AND_CAPTURABLE, "partially_captured_and_capturable"))

BD_DEFINE_ENUM (BdRefundStatus, bd_refund_status,
  V (BD_REFUND_STATUS_UNKNOWN, "unknown"),
  V (BD_REFUND_STATUS_SUCCEEDED, "succeeded"),
  V (BD_REFUND_STATUS_FAILED, "failed"),
  V (BD_REFUND_STATUS_PENDING, "pending"),
  V (BD_REFUND_STATUS_REVIEW, "review"))

BD_DEFINE_ENUM (BdDisputeStage, bd_dispute_stage,
  V (BD_DISPUTE_STAGE_UNKNOWN, "unknown"),
  V (BD_DISPUTE_STAGE_PRE_DISPUTE, "pre_dispute"),
  V (BD_DISPUTE_STAGE_DISPUTE, "dispute"),
  V (BD_DISPUTE_STAGE_PRE_ARBITRATION, "pre_arbitration"))

BD_DEFINE_ENUM (BdDisputeStatus, bd_dispute_status,
  V (BD_DISPUTE_STATUS_UNKNOWN, "unknown"),
  V (BD_DISPUTE_STATUS_OPENED, "dispute_opened"),
  V (BD_DISPUTE_STATUS_EXPIRED, "dispute_expired"),
  V (BD_DISPUTE_STATUS_ACCEPTED, "dispute_accepted"),
  V (BD_DISPUTE_STATUS_CANCELLED, "dispute_cancelled"),
  V (BD_DISPUTE_STATUS_CHALLENGED, "dispute_challenged"),
  V (BD_DISPUTE_STATUS_WON, "dispute_won"),
  V (BD_DISPUTE_STATUS_LOST, "dispute_lost"))

BD_DEFINE_ENUM (BdPriceType, bd_price_type,
  V (BD_PRICE_TYPE_UNKNOWN, "unknown"),
  V (BD_PRICE_TYPE_ONE_TIME, "one_time_price"),
  V (BD_PRICE_TYPE_RECURRING, "recurring_price"),
  V (BD_PRICE_TYPE_USAGE_BASED, "usage_based_price"))

/* Dodo capitalises these. */
BD_DEFINE_ENUM (BdTimeInterval, bd_time_interval,
  V (BD_TIME_INTERVAL_UNKNOWN, "unknown"),
  V (BD_TIME_INTERVAL_DAY, "Day"),
  V (BD_TIME_INTERVAL_WEEK, "Week"),
  V (BD_TIME_INTERVAL_MONTH, "Month"),
  V (BD_TIME_INTERVAL_YEAR, "Year"))

BD_DEFINE_ENUM (BdTaxCategory, bd_tax_category,
  V (BD_TAX_CATEGORY_UNKNOWN, "unknown"),
  V (BD_TAX_CATEGORY_DIGITAL_PRODUCTS, "digital_products"),
  V (BD_TAX_CATEGORY_SAAS, "saas"),
  V (BD_TAX_CATEGORY_E_BOOK, "e_book"),
  V (BD_TAX_CATEGORY_EDTECH, "edtech"),
  V (BD_TAX_CATEGORY_LIVE_TUTORING, "live_tutoring"))

BD_DEFINE_ENUM (BdDiscountType, bd_discount_type,
  V (BD_DISCOUNT_TYPE_UNKNOWN, "unknown"),
  V (BD_DISCOUNT_TYPE_PERCENTAGE, "percentage"),
  V (BD_DISCOUNT_TYPE_FLAT, "flat"))

BD_DEFINE_ENUM (BdWebhookEventType, bd_webhook_event_type,
  V (BD_WEBHOOK_EVENT_TYPE_UNKNOWN, "unknown"),
  V (BD_WEBHOOK_EVENT_TYPE_PAYMENT_SUCCEEDED, "payment.succeeded"),
  V (BD_WEBHOOK_EVENT_TYPE_PAYMENT_FAILED, "payment.failed"),
  V (BD_WEBHOOK_EVENT_TYPE_PAYMENT_PROCESSING, "payment.processing"),
  V (BD_WEBHOOK_EVENT_TYPE_PAYMENT_CANCELLED, "payment.cancelled"),
  V (BD_WEBHOOK_EVENT_TYPE_REFUND_SUCCEEDED, "refund.succeeded"),
  V (BD_WEBHOOK_EVENT_TYPE_REFUND_FAILED, "refund.failed"),
  V (BD_WEBHOOK_EVENT_TYPE_DISPUTE_OPENED, "dispute.opened"),
  V (BD_WEBHOOK_EVENT_TYPE_DISPUTE_EXPIRED, "dispute.expired"),
  V (BD_WEBHOOK_EVENT_TYPE_DISPUTE_ACCEPTED, "dispute.accepted"),
  V (BD_WEBHOOK_EVENT_TYPE_DISPUTE_CANCELLED, "dispute.cancelled"),
  V (BD_WEBHOOK_EVENT_TYPE_DISPUTE_CHALLENGED, "dispute.challenged"),
  V (BD_WEBHOOK_EVENT_TYPE_DISPUTE_WON, "dispute.won"),
  V (BD_WEBHOOK_EVENT_TYPE_DISPUTE_LOST, "dispute.lost"),
  V (BD_WEBHOOK_EVENT_TYPE_SUBSCRIPTION_ACTIVE, "subscription.active"),
  V (BD_WEBHOOK_EVENT_TYPE_SUBSCRIPTION_RENEWED, "subscription.renewed"),
  V (BD_WEBHOOK_EVENT_TYPE_SUBSCRIPTION_ON_HOLD, "subscription.on_hold"),
  V (BD_WEBHOOK_EVENT_TYPE_SUBSCRIPTION_PAUSED, "subscription.paused"),
  V (BD_WEBHOOK_EVENT_TYPE_SUBSCRIPTION_UNPAUSED, "subscription.unpaused"),
  V (BD_WEBHOOK_EVENT_TYPE_SUBSCRIPTION_CANCELLED, "subscription.cancelled"),
  V (BD_WEBHOOK_EVENT_TYPE_SUBSCRIPTION_FAILED, "subscription.failed"),
  V (BD_WEBHOOK_EVENT_TYPE_SUBSCRIPTION_EXPIRED, "subscription.expired"),
  V (BD_WEBHOOK_EVENT_TYPE_SUBSCRIPTION_PLAN_CHANGED, "subscription.plan_changed"),
  V (BD_WEBHOOK_EVENT_TYPE_SUBSCRIPTION_UPDATED, "subscription.updated"),
  V (BD_WEBHOOK_EVENT_TYPE_SUBSCRIPTION_UPDATE_PAYMENT_METHOD, "subscription.update_payment_method"),
  V (BD_WEBHOOK_EVENT_TYPE_LICENSE_KEY_CREATED, "license_key.created"),
  V (BD_WEBHOOK_EVENT_TYPE_PAYOUT_CREATED, "payout.created"),
  V (BD_WEBHOOK_EVENT_TYPE_PAYOUT_ON_HOLD, "payout.on_hold"),
  V (BD_WEBHOOK_EVENT_TYPE_PAYOUT_IN_PROGRESS, "payout.in_progress"),
  V (BD_WEBHOOK_EVENT_TYPE_PAYOUT_FAILED, "payout.failed"),
  V (BD_WEBHOOK_EVENT_TYPE_PAYOUT_SUCCESS, "payout.success"),
  V (BD_WEBHOOK_EVENT_TYPE_CREDIT_ADDED, "credit.added"),
  V (BD_WEBHOOK_EVENT_TYPE_CREDIT_DEDUCTED, "credit.deducted"),
  V (BD_WEBHOOK_EVENT_TYPE_CREDIT_EXPIRED, "credit.expired"),
  V (BD_WEBHOOK_EVENT_TYPE_CREDIT_ROLLED_OVER, "credit.rolled_over"),
  V (BD_WEBHOOK_EVENT_TYPE_CREDIT_ROLLOVER_FORFEITED, "credit.rollover_forfeited"),
  V (BD_WEBHOOK_EVENT_TYPE_CREDIT_OVERAGE_CHARGED, "credit.overage_charged"),
  V (BD_WEBHOOK_EVENT_TYPE_CREDIT_OVERAGE_RESET, "credit.overage_reset"),
  V (BD_WEBHOOK_EVENT_TYPE_CREDIT_MANUAL_ADJUSTMENT, "credit.manual_adjustment"),
  V (BD_WEBHOOK_EVENT_TYPE_CREDIT_BALANCE_LOW, "credit.balance_low"),
  V (BD_WEBHOOK_EVENT_TYPE_ABANDONED_CHECKOUT_DETECTED, "abandoned_checkout.detected"),
  V (BD_WEBHOOK_EVENT_TYPE_ABANDONED_CHECKOUT_RECOVERED, "abandoned_checkout.recovered"),
  V (BD_WEBHOOK_EVENT_TYPE_DUNNING_STARTED, "dunning.started"),
  V (BD_WEBHOOK_EVENT_TYPE_DUNNING_RECOVERED, "dunning.recovered"),
  V (BD_WEBHOOK_EVENT_TYPE_ENTITLEMENT_GRANT_CREATED, "entitlement_grant.created"),
  V (BD_WEBHOOK_EVENT_TYPE_ENTITLEMENT_GRANT_DELIVERED, "entitlement_grant.delivered"),
  V (BD_WEBHOOK_EVENT_TYPE_ENTITLEMENT_GRANT_FAILED, "entitlement_grant.failed"),
  V (BD_WEBHOOK_EVENT_TYPE_ENTITLEMENT_GRANT_REVOKED, "entitlement_grant.revoked"))
