/* bd-webhook-listener.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bd-account.h"

G_BEGIN_DECLS

/*
 * BdWebhookListener: receives one account's Dodo Payments webhooks over
 * HTTP (libsoup's SoupServer), verifies them (Standard Webhooks, the
 * account's webhook-secret items from the keyring), stores each one once
 * and writes the object it carries into the account's cache.
 *
 * Address: 127.0.0.1 and a free port unless set otherwise; a non-loopback
 * address only with @allow_remote.  Deliveries go to POST
 * /webhooks/ACCOUNT-ID (bd_webhook_listener_get_url()).
 *
 * Answers (the phrase is all the sender learns; the secret is never sent):
 *   204  verified, new: stored, and its effect applied
 *   200  verified, a webhook-id already stored: nothing applied again
 *   401  "Signature not verified": a missing, wrong or truncated signature,
 *        a timestamp outside ±5 minutes, or no secret in the keyring
 *   400  "Not a Dodo Payments event": verified but not an event envelope
 *   413  a body over 1 MiB
 *   404  any other path; 405 another method on the path
 *   429  the sender's address is over its rate (Retry-After: 1)
 *   500  the cache could not be written (the sender retries)
 *
 * Exactly once: the webhook-id is recorded in the same SQLite transaction
 * as the delivery's effect, and the answer is only sent after the commit
 * (the message is paused meanwhile).  A retry, a replay or a kill between
 * receipt and answer never applies a delivery twice nor loses one.
 *
 * The newer-state rule (events arrive out of order): a delivery's object
 * (payment, subscription, refund, dispute) is written into the cache unless
 *   - an event already applied to the same object has a later envelope
 *     "timestamp" (when the event happened), or
 *   - (payments) the cached payment's updated_at is later than the
 *     delivered one's.
 * On an equal timestamp the later arrival wins: Dodo's "data" is the
 * object's state when the delivery is attempted, so the later attempt is
 * at least as new.  Other payloads (license keys, payouts, …) are stored as
 * events only: the cache has no table for them.
 *
 * Threads: the server runs on the thread-default main context of
 * bd_webhook_listener_start_async(); writes run on the listener's own
 * writer thread with its own BdStore connection, never on that context.
 * ::delivery is emitted there, once per request to the deliveries' path
 * (and once per rejection, with what was wrong).
 *
 * Limits (bd_webhook_listener_set_limits()): a deadline for a request's
 * headers (also the idle time of a kept-alive connection) and one for its
 * body, after which the connection is shut; a cap on open connections
 * (more are closed at once); a token bucket per remote address (429).
 */

#define BD_WEBHOOK_MAX_BODY (1024 * 1024)

typedef enum
{
  BD_WEBHOOK_RESULT_APPLIED,    /* 204: new; its object was written into the cache */
  BD_WEBHOOK_RESULT_STORED,     /* 204: new; stored, the cache kept a newer state or has no
                                   table for its object */
  BD_WEBHOOK_RESULT_DUPLICATE,  /* 200: the webhook-id was stored already */
  BD_WEBHOOK_RESULT_REJECTED,   /* 4xx: see status and reason */
  BD_WEBHOOK_RESULT_FAILED,     /* 500: could not be stored */
} BdWebhookResult;

/* What became of one request. */
typedef struct
{
  BdWebhookResult  result;
  guint            status;
  char            *reason;        /* for this computer's eyes: why it was refused, or
                                     what the store said; NULL when accepted */
  char            *webhook_id;    /* (nullable) */
  char            *event_type;    /* (nullable) "payment.succeeded" */
  char            *object_kind;   /* (nullable) "Payment", "Subscription", … */
  char            *object_id;     /* (nullable) */
  char            *effect;        /* (nullable) "Subscription sub_… active → on_hold" */
  char            *remote;        /* the sender's address */
  GBytes          *body;          /* (nullable) the raw body, for verified ones */
  char           **header_names;  /* (nullable) the request's headers, in order, */
  char           **header_values; /*   for sending a verified delivery on unchanged */
} BdWebhookDelivery;

#define BD_TYPE_WEBHOOK_DELIVERY (bd_webhook_delivery_get_type ())
GType               bd_webhook_delivery_get_type (void) G_GNUC_CONST;
BdWebhookDelivery  *bd_webhook_delivery_copy     (const BdWebhookDelivery *self);
void                bd_webhook_delivery_free     (BdWebhookDelivery       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdWebhookDelivery, bd_webhook_delivery_free)

typedef struct
{
  guint   header_timeout_ms;   /* default 10,000 */
  guint   body_timeout_ms;     /* default 30,000 */
  guint   max_connections;     /* default 64 */
  double  requests_per_second; /* per remote address; default 200; 0: no limit */
  guint   burst;               /* default 1,000 */
} BdWebhookLimits;

#define BD_TYPE_WEBHOOK_LISTENER (bd_webhook_listener_get_type ())
G_DECLARE_FINAL_TYPE (BdWebhookListener, bd_webhook_listener, BD, WEBHOOK_LISTENER, GObject)

#define BD_WEBHOOK_LISTENER_ERROR (bd_webhook_listener_error_quark ())

typedef enum
{
  BD_WEBHOOK_LISTENER_ERROR_ADDRESS,   /* a bad or non-loopback address without allow-remote */
  BD_WEBHOOK_LISTENER_ERROR_LISTEN,    /* the port could not be bound */
  BD_WEBHOOK_LISTENER_ERROR_STORE,     /* the cache could not be opened */
} BdWebhookListenerError;

GQuark              bd_webhook_listener_error_quark (void);

/* One listener per account: its id and mode name its keyring items and the
 * path; @store_path is its cache (bd_store_path_for_account()). */
BdWebhookListener  *bd_webhook_listener_new         (const char            *account_id,
                                                     BdAccountMode          mode,
                                                     const char            *store_path);

/* Before start: @host an IP address or "localhost" (NULL: 127.0.0.1),
 * @port 0 for a free one. */
gboolean            bd_webhook_listener_set_address (BdWebhookListener     *self,
                                                     const char            *host,
                                                     guint                  port,
                                                     gboolean               allow_remote,
                                                     GError               **error);
void                bd_webhook_listener_get_limits  (BdWebhookListener     *self,
                                                     BdWebhookLimits       *limits);
void                bd_webhook_listener_set_limits  (BdWebhookListener     *self,
                                                     const BdWebhookLimits *limits);

/* Opens the cache (on a worker thread), reads the secrets from the keyring
 * and starts listening. */
void                bd_webhook_listener_start_async  (BdWebhookListener    *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean            bd_webhook_listener_start_finish (BdWebhookListener    *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

/* Reads the account's webhook-secret item again (after a registration or
 * a rotation).  The item may hold several secrets separated by white
 * space (a rotation: old and new); a signature by any of them verifies. */
void                bd_webhook_listener_reload_secrets_async  (BdWebhookListener    *self,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean            bd_webhook_listener_reload_secrets_finish (BdWebhookListener    *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);

/* "http://127.0.0.1:PORT/webhooks/ACCOUNT-ID" once started, else NULL.
 * (transfer none) */
const char         *bd_webhook_listener_get_url     (BdWebhookListener     *self);
const char         *bd_webhook_listener_get_path    (BdWebhookListener     *self);
guint               bd_webhook_listener_get_port    (BdWebhookListener     *self);

/* The number of connections open now (for tests of the cap). */
guint               bd_webhook_listener_get_n_connections (BdWebhookListener *self);

/* Stops listening and closes every connection; deliveries still being
 * written finish first (it waits for the writer thread). */
void                bd_webhook_listener_stop        (BdWebhookListener     *self);

G_END_DECLS
