/* bd-webhook-event.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-webhook-event"

#include "config.h"

#include "bd-dispute.h"
#include "bd-payment.h"
#include "bd-refund.h"
#include "bd-subscription.h"
#include "bd-webhook-event.h"

static const BdField webhook_event_fields[] = {
  BD_STRING   ("webhook-id", NULL, 0),
  BD_STRING   ("business-id", "business_id", 0),
  BD_ENUM     ("type", "type", bd_webhook_event_type_get_type, 0),
  BD_DATETIME ("timestamp", "timestamp", 0),
  BD_STRING   ("payload-type", "data.payload_type", 0),
  BD_OBJECT   ("data", "data", BD_FIELD_NULLABLE),
};

BD_DEFINE_MODEL (BdWebhookEvent, bd_webhook_event, webhook_event_fields)

GType
bd_webhook_event_payload_gtype (const char *payload_type)
{
  if (g_strcmp0 (payload_type, "Payment") == 0)
    return BD_TYPE_PAYMENT;
  if (g_strcmp0 (payload_type, "Subscription") == 0)
    return BD_TYPE_SUBSCRIPTION;
  if (g_strcmp0 (payload_type, "Refund") == 0)
    return BD_TYPE_REFUND;
  if (g_strcmp0 (payload_type, "Dispute") == 0)
    return BD_TYPE_DISPUTE;

  return G_TYPE_INVALID;
}
