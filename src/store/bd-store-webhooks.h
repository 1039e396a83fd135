/* bd-store-webhooks.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-store.h"
#include "bd-webhook-event.h"

G_BEGIN_DECLS

/*
 * The webhook deliveries the listener accepted (table webhook_events,
 * schema version 6), for webhooks/ and the Events page.
 *
 * Exactly once: the listener calls, inside ONE bd_store_write(),
 * bd_store_webhook_note_duplicate() first (a webhook-id already recorded
 * only counts one more duplicate), and for a new one stores the event's
 * object and bd_store_webhook_record() in that same transaction.  A crash
 * before the commit leaves neither; after it, both.
 *
 * Rows hold the raw body exactly as received and the webhook-* headers,
 * never a secret.
 */

/* Inside a write: when @webhook_id is recorded already, counts one more
 * duplicate and sets *@duplicate.  On a duplicate, @out_effect (optional)
 * gets the effect recorded the first time (transfer full). */
gboolean   bd_store_webhook_note_duplicate (BdStore         *self,
                                            const char      *webhook_id,
                                            gboolean        *duplicate,
                                            char           **out_effect,
                                            GError         **error);

/* The envelope timestamp (µs since 1970 UTC) of the newest applied event
 * for the object @object_id, or -1 when none was applied. */
gboolean   bd_store_webhook_last_applied   (BdStore         *self,
                                            const char      *object_id,
                                            gint64          *timestamp_usec,
                                            GError         **error);

/* What the cache holds of the object @id in @table ("payments",
 * "subscriptions", "refunds", "disputes"), without decoding it: its status
 * (a dispute's dispute_status) and its "updated_at" (µs, -1 when it has
 * none).  *@found FALSE when it is not cached.  @status: (transfer full). */
gboolean   bd_store_webhook_cached_state   (BdStore         *self,
                                            const char      *table,
                                            const char      *id,
                                            gboolean        *found,
                                            char           **status,
                                            gint64          *updated_at,
                                            GError         **error);

/* Inside a write: stores the delivery.  @event carries its webhook-id;
 * @raw_body is the body exactly as received (NUL-terminated JSON text);
 * @headers_json a JSON object of the headers kept; @received_at µs since
 * 1970 UTC; @object_id (nullable) the id of the object it carried;
 * @verification what verified it ("verified"); @applied whether its object
 * was written into the cache; @effect (nullable) what that changed. */
gboolean   bd_store_webhook_record         (BdStore         *self,
                                            BdWebhookEvent  *event,
                                            const char      *raw_body,
                                            const char      *headers_json,
                                            gint64           received_at,
                                            const char      *object_id,
                                            const char      *verification,
                                            gboolean         applied,
                                            const char      *effect,
                                            GError         **error);

/* One recorded delivery, as the lists show it. */
typedef struct
{
  char     *webhook_id;
  char     *type;
  gint64    timestamp;      /* the envelope's, µs */
  gint64    received_at;    /* µs */
  char     *payload_type;
  char     *object_id;      /* nullable */
  char     *verification;
  gint64    duplicates;
  gboolean  applied;
  char     *effect;         /* nullable */
} BdStoredWebhook;

void       bd_stored_webhook_free          (BdStoredWebhook *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdStoredWebhook, bd_stored_webhook_free)

/* The recorded deliveries, newest received first; @type (nullable) keeps
 * only that event type.  (transfer full) (element-type BdStoredWebhook) */
GPtrArray *bd_store_webhook_list           (BdStore         *self,
                                            const char      *type,
                                            GError         **error);

G_END_DECLS
