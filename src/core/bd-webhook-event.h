/* bd-webhook-event.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-model.h"

G_BEGIN_DECLS

/* A webhook delivery (dodo-api.md §5.2): the envelope, the "webhook-id"
 * header (not in the body) and the decoded "data" object, a BdModel of the
 * type bd_webhook_event_payload_gtype () names for data.payload_type, or
 * NULL for payloads the app does not model (the store keeps the raw JSON).
 * Properties: the table in bd-webhook-event.c. */

#define BD_TYPE_WEBHOOK_EVENT (bd_webhook_event_get_type ())
G_DECLARE_FINAL_TYPE (BdWebhookEvent, bd_webhook_event, BD, WEBHOOK_EVENT, BdModel)

BdWebhookEvent *bd_webhook_event_new (void);

/* The model type for a "payload_type" tag ("Payment", "Subscription",
 * "Refund", "Dispute"), or G_TYPE_INVALID for any other. */
GType              bd_webhook_event_payload_gtype (const char *payload_type);

G_END_DECLS
