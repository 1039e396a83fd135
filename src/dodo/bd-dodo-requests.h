/* bd-dodo-requests.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "bd-model.h"

G_BEGIN_DECLS

/*
 * The bodies Billing Desk sends to Dodo Payments (dodo-api.md §3), and the
 * small answers that have no model of their own in core/, as BdModel types
 * described by field tables (see bd-model.h).  The app fills them with
 * bd_model_set () and bd-dodo-api.c encodes them with the codec; the sandbox
 * decodes requests with the very same tables, so a missing required member
 * is a 422 naming the field at both ends.  The tables are in
 * bd-dodo-requests.c; the required members are:
 *
 *   BdDodoProductCreate      name, tax_category, price{type, discount,
 *                            purchasing_power_parity} (+ the amount and
 *                            currency the price type needs)
 *   BdDodoProductUpdate      none (a price, when given, is completed with
 *                            discount 0 and purchasing_power_parity false)
 *   BdDodoCustomerCreate     email, name
 *   BdDodoCustomerUpdate     none
 *   BdDodoSubscriptionUpdate none (status "cancelled" cancels now)
 *   BdDodoSubscriptionPause  pause (TRUE pauses, FALSE resumes; sent alone)
 *   BdDodoSubscriptionCancelAtNextBilling
 *                            cancel_at_next_billing_date (FALSE undoes it)
 *   BdDodoChangePlan         product_id, quantity, proration_billing_mode
 *   BdDodoCharge             product_price (minor units)
 *   BdDodoUpdatePaymentMethod payment_method.type ("new": a link where the
 *                            customer enters one; "existing" with its id)
 *   BdDodoRefundCreate       payment_id; items[] (BdDodoRefundItem: item_id)
 *                            left out refunds the whole payment
 *   BdDodoCheckoutCreate     product_cart[] (BdDodoCartItem: product_id,
 *                            quantity); also the body of the preview
 *   BdDodoWebhookCreate      url
 *
 * Encode them with bd_dodo_encode(): an optional field is sent only when
 * it was set (bd_model_field_is_set), so a PATCH carries what the caller
 * changed and nothing else, and `"pause": false` is sent when asked for.
 */

#define BD_DODO_TYPE_PRODUCT_CREATE (bd_dodo_product_create_get_type ())
G_DECLARE_FINAL_TYPE (BdDodoProductCreate, bd_dodo_product_create, BD_DODO, PRODUCT_CREATE, BdModel)
BdDodoProductCreate *bd_dodo_product_create_new (void);

#define BD_DODO_TYPE_PRODUCT_UPDATE (bd_dodo_product_update_get_type ())
G_DECLARE_FINAL_TYPE (BdDodoProductUpdate, bd_dodo_product_update, BD_DODO, PRODUCT_UPDATE, BdModel)
BdDodoProductUpdate *bd_dodo_product_update_new (void);

#define BD_DODO_TYPE_CUSTOMER_CREATE (bd_dodo_customer_create_get_type ())
G_DECLARE_FINAL_TYPE (BdDodoCustomerCreate, bd_dodo_customer_create, BD_DODO, CUSTOMER_CREATE, BdModel)
BdDodoCustomerCreate *bd_dodo_customer_create_new (void);

#define BD_DODO_TYPE_CUSTOMER_UPDATE (bd_dodo_customer_update_get_type ())
G_DECLARE_FINAL_TYPE (BdDodoCustomerUpdate, bd_dodo_customer_update, BD_DODO, CUSTOMER_UPDATE, BdModel)
BdDodoCustomerUpdate *bd_dodo_customer_update_new (void);

#define BD_DODO_TYPE_SUBSCRIPTION_UPDATE (bd_dodo_subscription_update_get_type ())
G_DECLARE_FINAL_TYPE (BdDodoSubscriptionUpdate, bd_dodo_subscription_update, BD_DODO, SUBSCRIPTION_UPDATE, BdModel)
BdDodoSubscriptionUpdate *bd_dodo_subscription_update_new (void);

#define BD_DODO_TYPE_SUBSCRIPTION_PAUSE (bd_dodo_subscription_pause_get_type ())
G_DECLARE_FINAL_TYPE (BdDodoSubscriptionPause, bd_dodo_subscription_pause, BD_DODO, SUBSCRIPTION_PAUSE, BdModel)
BdDodoSubscriptionPause *bd_dodo_subscription_pause_new (void);

#define BD_DODO_TYPE_SUBSCRIPTION_CANCEL_AT_NEXT_BILLING (bd_dodo_subscription_cancel_at_next_billing_get_type ())
G_DECLARE_FINAL_TYPE (BdDodoSubscriptionCancelAtNextBilling, bd_dodo_subscription_cancel_at_next_billing,
                      BD_DODO, SUBSCRIPTION_CANCEL_AT_NEXT_BILLING, BdModel)
BdDodoSubscriptionCancelAtNextBilling *bd_dodo_subscription_cancel_at_next_billing_new (void);

#define BD_DODO_TYPE_CHANGE_PLAN (bd_dodo_change_plan_get_type ())
G_DECLARE_FINAL_TYPE (BdDodoChangePlan, bd_dodo_change_plan, BD_DODO, CHANGE_PLAN, BdModel)
BdDodoChangePlan *bd_dodo_change_plan_new (void);

#define BD_DODO_TYPE_CHARGE (bd_dodo_charge_get_type ())
G_DECLARE_FINAL_TYPE (BdDodoCharge, bd_dodo_charge, BD_DODO, CHARGE, BdModel)
BdDodoCharge *bd_dodo_charge_new (void);

#define BD_DODO_TYPE_UPDATE_PAYMENT_METHOD (bd_dodo_update_payment_method_get_type ())
G_DECLARE_FINAL_TYPE (BdDodoUpdatePaymentMethod, bd_dodo_update_payment_method, BD_DODO, UPDATE_PAYMENT_METHOD, BdModel)
BdDodoUpdatePaymentMethod *bd_dodo_update_payment_method_new (void);

#define BD_DODO_TYPE_REFUND_CREATE (bd_dodo_refund_create_get_type ())
G_DECLARE_FINAL_TYPE (BdDodoRefundCreate, bd_dodo_refund_create, BD_DODO, REFUND_CREATE, BdModel)
BdDodoRefundCreate *bd_dodo_refund_create_new (void);

#define BD_DODO_TYPE_REFUND_ITEM (bd_dodo_refund_item_get_type ())
G_DECLARE_FINAL_TYPE (BdDodoRefundItem, bd_dodo_refund_item, BD_DODO, REFUND_ITEM, BdModel)
BdDodoRefundItem *bd_dodo_refund_item_new (void);

#define BD_DODO_TYPE_CHECKOUT_CREATE (bd_dodo_checkout_create_get_type ())
G_DECLARE_FINAL_TYPE (BdDodoCheckoutCreate, bd_dodo_checkout_create, BD_DODO, CHECKOUT_CREATE, BdModel)
BdDodoCheckoutCreate *bd_dodo_checkout_create_new (void);

#define BD_DODO_TYPE_CART_ITEM (bd_dodo_cart_item_get_type ())
G_DECLARE_FINAL_TYPE (BdDodoCartItem, bd_dodo_cart_item, BD_DODO, CART_ITEM, BdModel)
BdDodoCartItem *bd_dodo_cart_item_new (void);

#define BD_DODO_TYPE_WEBHOOK_CREATE (bd_dodo_webhook_create_get_type ())
G_DECLARE_FINAL_TYPE (BdDodoWebhookCreate, bd_dodo_webhook_create, BD_DODO, WEBHOOK_CREATE, BdModel)
BdDodoWebhookCreate *bd_dodo_webhook_create_new (void);

/* Answers without a model in core/. */

/* GET /brands items. */
#define BD_DODO_TYPE_BRAND (bd_dodo_brand_get_type ())
G_DECLARE_FINAL_TYPE (BdDodoBrand, bd_dodo_brand, BD_DODO, BRAND, BdModel)
BdDodoBrand *bd_dodo_brand_new (void);

/* WebhookDetails: a registered webhook endpoint. */
#define BD_DODO_TYPE_WEBHOOK_ENDPOINT (bd_dodo_webhook_endpoint_get_type ())
G_DECLARE_FINAL_TYPE (BdDodoWebhookEndpoint, bd_dodo_webhook_endpoint, BD_DODO, WEBHOOK_ENDPOINT, BdModel)
BdDodoWebhookEndpoint *bd_dodo_webhook_endpoint_new (void);

/* {secret}: "whsec_…", for bd-webhook.h. */
#define BD_DODO_TYPE_WEBHOOK_SECRET (bd_dodo_webhook_secret_get_type ())
G_DECLARE_FINAL_TYPE (BdDodoWebhookSecret, bd_dodo_webhook_secret, BD_DODO, WEBHOOK_SECRET, BdModel)
BdDodoWebhookSecret *bd_dodo_webhook_secret_new (void);

/* {link}: the customer portal URL. */
#define BD_DODO_TYPE_PORTAL_SESSION (bd_dodo_portal_session_get_type ())
G_DECLARE_FINAL_TYPE (BdDodoPortalSession, bd_dodo_portal_session, BD_DODO, PORTAL_SESSION, BdModel)
BdDodoPortalSession *bd_dodo_portal_session_new (void);

/* {payment_id}: the payment an on-demand charge made. */
#define BD_DODO_TYPE_CHARGE_RESULT (bd_dodo_charge_result_get_type ())
G_DECLARE_FINAL_TYPE (BdDodoChargeResult, bd_dodo_charge_result, BD_DODO, CHARGE_RESULT, BdModel)
BdDodoChargeResult *bd_dodo_charge_result_new (void);

/* POST /subscriptions/{id}/update-payment-method: where the customer
 * enters a new payment method (payment_link), or what a payment with an
 * existing one made. */
#define BD_DODO_TYPE_PAYMENT_METHOD_LINK (bd_dodo_payment_method_link_get_type ())
G_DECLARE_FINAL_TYPE (BdDodoPaymentMethodLink, bd_dodo_payment_method_link, BD_DODO, PAYMENT_METHOD_LINK, BdModel)
BdDodoPaymentMethodLink *bd_dodo_payment_method_link_new (void);

/* One of GET /payments/{id}/line-items, with the list's currency. */
#define BD_DODO_TYPE_PAYMENT_LINE_ITEM (bd_dodo_payment_line_item_get_type ())
G_DECLARE_FINAL_TYPE (BdDodoPaymentLineItem, bd_dodo_payment_line_item, BD_DODO, PAYMENT_LINE_ITEM, BdModel)
BdDodoPaymentLineItem *bd_dodo_payment_line_item_new (void);

/* POST /checkouts/preview: the totals. */
#define BD_DODO_TYPE_CHECKOUT_PREVIEW (bd_dodo_checkout_preview_get_type ())
G_DECLARE_FINAL_TYPE (BdDodoCheckoutPreview, bd_dodo_checkout_preview, BD_DODO, CHECKOUT_PREVIEW, BdModel)
BdDodoCheckoutPreview *bd_dodo_checkout_preview_new (void);

/* POST /subscriptions/{id}/change-plan/preview: the charge now and the
 * subscription after the change ("new-*"). */
#define BD_DODO_TYPE_PLAN_CHANGE_PREVIEW (bd_dodo_plan_change_preview_get_type ())
G_DECLARE_FINAL_TYPE (BdDodoPlanChangePreview, bd_dodo_plan_change_preview, BD_DODO, PLAN_CHANGE_PREVIEW, BdModel)
BdDodoPlanChangePreview *bd_dodo_plan_change_preview_new (void);

G_END_DECLS
