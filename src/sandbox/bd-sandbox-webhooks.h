/* bd-sandbox-webhooks.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-sandbox-private.h"

G_BEGIN_DECLS

/* Webhook endpoints (Dodo's /webhooks routes) and the deliveries to them.
 *
 * Every bd_sandbox_state_emit() becomes one delivery per enabled endpoint
 * whose filter_types (none = all) take the event: a POST of the envelope
 * {business_id, type, timestamp, data}, signed as Standard Webhooks
 * (bd-webhook.h).  "data" is the object's latest state when the attempt is
 * made, so the first attempt waits for the current request to finish.
 * Attempts are asynchronous (the server never waits for a receiver); a
 * non-2xx answer, an error or no answer within 15 s is retried after
 * 0 s, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h (dodo-api.md §5.3),
 * each delay times the schedule scale. */

#define BD_TYPE_SANDBOX_WEBHOOKS (bd_sandbox_webhooks_get_type ())

G_DECLARE_FINAL_TYPE (BdSandboxWebhooks, bd_sandbox_webhooks, BD, SANDBOX_WEBHOOKS, GObject)

/* Starts delivering @state's events; the state keeps a reference, and
 * bd_sandbox_webhooks_get() finds it.  @schedule_scale (> 0) multiplies the
 * retry delays (0.001 turns 5 min into 0.3 s) and the 15 s timeout (never
 * below 2 s).  (transfer full) */
BdSandboxWebhooks *bd_sandbox_webhooks_new   (BdSandboxState    *state,
                                              double             schedule_scale);
/* (transfer none) (nullable) */
BdSandboxWebhooks *bd_sandbox_webhooks_get   (BdSandboxState    *state);

/* For --data-dir (bd-sandbox-persist.c), which saves the endpoints with
 * their secrets and the serial of the whk_/msg_ ids, and restores them
 * before the first request.  ::changed (no arguments) is emitted when an
 * endpoint is added or removed, or the serial moves (an event).
 * bd_sandbox_webhooks_get_endpoint(): the @index-th endpoint, oldest
 * first, and its secret and idempotency key (nullable).  (transfer none) */
guint              bd_sandbox_webhooks_get_n_endpoints (BdSandboxWebhooks     *self);
BdModel           *bd_sandbox_webhooks_get_endpoint    (BdSandboxWebhooks     *self,
                                                        guint                  index,
                                                        const char           **secret,
                                                        const char           **idempotency_key);
/* Appends an endpoint (the codec's WebhookDetails, a reference is taken);
 * emits nothing. */
void               bd_sandbox_webhooks_add_endpoint    (BdSandboxWebhooks     *self,
                                                        BdModel               *details,
                                                        const char            *secret,
                                                        const char            *idempotency_key);
guint64            bd_sandbox_webhooks_get_serial      (BdSandboxWebhooks     *self);
void               bd_sandbox_webhooks_set_serial      (BdSandboxWebhooks     *self,
                                                        guint64                serial);

/* Routes: GET/POST /webhooks, GET/DELETE /webhooks/{webhook_id},
 * GET /webhooks/{webhook_id}/secret and GET /_sandbox/deliveries. */
void bd_sandbox_webhooks_list_route          (BdSandboxRequest  *req);
void bd_sandbox_webhooks_create_route        (BdSandboxRequest  *req);
void bd_sandbox_webhooks_get_route           (BdSandboxRequest  *req);
void bd_sandbox_webhooks_delete_route        (BdSandboxRequest  *req);
void bd_sandbox_webhooks_secret_route        (BdSandboxRequest  *req);
void bd_sandbox_webhooks_deliveries_route    (BdSandboxRequest  *req);

G_END_DECLS
