/* bd-enums.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "bd-types.h"

G_BEGIN_DECLS

/* Every status set of bd-types.h is a registered GEnum (so it can be a
 * property) whose value nicks are Dodo's exact strings ("on_hold",
 * "payment.succeeded", "Month").  For each enum there is
 *
 *   BdThing     bd_thing_from_string (const char *s);  unrecognised or NULL → UNKNOWN
 *   const char *bd_thing_to_string   (BdThing value);  UNKNOWN → NULL
 *
 * to_string (UNKNOWN) is NULL on purpose: an unknown value is always written
 * back as the raw text the server sent, which the model object keeps. */

/* The generic versions, for any enum of this file. */
int          bd_enum_from_string   (GType       enum_type,
                                    const char *s);
const char  *bd_enum_to_string     (GType       enum_type,
                                    int         value);

#define BD_DECLARE_ENUM(TypeName, type_name)                \
  GType        type_name##_get_type    (void) G_GNUC_CONST; \
  TypeName     type_name##_from_string (const char *s);     \
  const char  *type_name##_to_string   (TypeName value);

#define BD_TYPE_SUBSCRIPTION_STATUS (bd_subscription_status_get_type ())
#define BD_TYPE_PAYMENT_STATUS      (bd_payment_status_get_type ())
#define BD_TYPE_REFUND_STATUS       (bd_refund_status_get_type ())
#define BD_TYPE_DISPUTE_STAGE       (bd_dispute_stage_get_type ())
#define BD_TYPE_DISPUTE_STATUS      (bd_dispute_status_get_type ())
#define BD_TYPE_PRICE_TYPE          (bd_price_type_get_type ())
#define BD_TYPE_TIME_INTERVAL       (bd_time_interval_get_type ())
#define BD_TYPE_TAX_CATEGORY        (bd_tax_category_get_type ())
#define BD_TYPE_DISCOUNT_TYPE       (bd_discount_type_get_type ())
#define BD_TYPE_WEBHOOK_EVENT_TYPE  (bd_webhook_event_type_get_type ())

BD_DECLARE_ENUM (BdSubscriptionStatus, bd_subscription_status)
BD_DECLARE_ENUM (BdPaymentStatus, bd_payment_status)
BD_DECLARE_ENUM (BdRefundStatus, bd_refund_status)
BD_DECLARE_ENUM (BdDisputeStage, bd_dispute_stage)
BD_DECLARE_ENUM (BdDisputeStatus, bd_dispute_status)
BD_DECLARE_ENUM (BdPriceType, bd_price_type)
BD_DECLARE_ENUM (BdTimeInterval, bd_time_interval)
BD_DECLARE_ENUM (BdTaxCategory, bd_tax_category)
BD_DECLARE_ENUM (BdDiscountType, bd_discount_type)
BD_DECLARE_ENUM (BdWebhookEventType, bd_webhook_event_type)

G_END_DECLS
