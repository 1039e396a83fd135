/* bd-sandbox-webhooks.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-sandbox"

#include "config.h"

#include <string.h>

#include "bd-dispute.h"
#include "bd-dodo-codec.h"
#include "bd-dodo-requests.h"
#include "bd-refund.h"
#include "bd-sandbox-gen.h"
#include "bd-sandbox-persist.h"
#include "bd-sandbox-webhooks.h"
#include "bd-subscription.h"
#include "bd-webhook-event.h"
#include "bd-webhook.h"

/* Ids of endpoints (whk_) and messages (msg_) have their own key and
 * counter, so that webhooks never shift the ids of the account's objects. */
#define WEBHOOK_ID_KEY   G_GUINT64_CONSTANT (0x77686b5f6d73675f)
#define SECRET_BYTES     24
#define MAX_IN_FLIGHT    8
#define TIMEOUT_SECONDS  15.0
#define MIN_TIMEOUT_SECONDS 2.0
#define LIST_LIMIT_DEFAULT 50
#define LIST_LIMIT_MAX   250
#define QDATA_KEY        "bd-sandbox-webhooks"

/* dodo-api.md §5.3: the delays before each retry, in seconds. */
static const gint64 retry_delays[] = { 0, 5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600 };

typedef enum
{
  DELIVERY_PENDING,      /* waiting for its first attempt or a retry */
  DELIVERY_SENDING,
  DELIVERY_SUCCEEDED,
  DELIVERY_FAILED,       /* every retry failed */
  DELIVERY_CANCELLED,    /* its endpoint was deleted or disabled */
} DeliveryStatus;

static const char * const delivery_statuses[] = {
  "pending", "sending", "succeeded", "failed", "cancelled", NULL
};

typedef struct
{
  BdDodoWebhookEndpoint *details;
  char                  *secret;
  char                  *idempotency_key;
} Endpoint;

typedef struct
{
  gint64   at;           /* real time, µs */
  gint64   duration_us;
  guint    status_code;  /* 0: no answer */
  char    *error;
} Attempt;

typedef struct
{
  BdSandboxWebhooks *owner;      /* outlives its deliveries */
  char            *webhook_id;
  char            *endpoint_id;
  char            *url;
  char            *type;
  char            *payload_type;
  char            *object_id;
  gint64           event_at;      /* sandbox time */
  GArray          *attempts;      /* Attempt */
  DeliveryStatus   status;
  gint64           next_attempt;  /* real time, µs; 0 = none */
  guint            timer;
} Delivery;

struct _BdSandboxWebhooks
{
  GObject          parent_instance;

  BdSandboxState  *state;        /* weak: the state owns us */
  SoupSession     *session;
  GCancellable    *cancellable;
  double           scale;
  gulong           event_handler;

  GPtrArray       *endpoints;    /* Endpoint, oldest first */
  GPtrArray       *deliveries;   /* Delivery, oldest first */
  GQueue           ready;        /* Delivery waiting for a free slot */
  guint            in_flight;
  guint            pump_idle;
  guint64          serial;
};

G_DEFINE_FINAL_TYPE (BdSandboxWebhooks, bd_sandbox_webhooks, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void pump (BdSandboxWebhooks *self);

/* Helpers */

static void
endpoint_free (Endpoint *endpoint)
{
  g_clear_object (&endpoint->details);
  g_free (endpoint->secret);
  g_free (endpoint->idempotency_key);
  g_free (endpoint);
}

static void
attempt_clear (Attempt *attempt)
{
  g_free (attempt->error);
}

static void
delivery_free (Delivery *d)
{
  g_clear_handle_id (&d->timer, g_source_remove);
  g_free (d->webhook_id);
  g_free (d->endpoint_id);
  g_free (d->url);
  g_free (d->type);
  g_free (d->payload_type);
  g_free (d->object_id);
  g_array_unref (d->attempts);
  g_free (d);
}

static const char *
endpoint_id (Endpoint *endpoint)
{
  return bd_model_get_string (endpoint->details, "id");
}

static Endpoint *
find_endpoint (BdSandboxWebhooks *self,
               const char        *id,
               guint             *index)
{
  for (guint i = 0; id != NULL && i < self->endpoints->len; i++)
    if (g_str_equal (endpoint_id (self->endpoints->pdata[i]), id))
      {
        if (index != NULL)
          *index = i;
        return self->endpoints->pdata[i];
      }
  return NULL;
}

static char *
new_secret (void)
{
  guint8 bytes[SECRET_BYTES];
  g_autofree char *encoded = NULL;

  for (guint i = 0; i < SECRET_BYTES; i++)
    bytes[i] = (guint8) g_random_int_range (0, 256);
  encoded = g_base64_encode (bytes, SECRET_BYTES);
  return g_strconcat ("whsec_", encoded, NULL);
}

static gboolean
endpoint_takes (Endpoint   *endpoint,
                const char *type)
{
  g_auto(GStrv) filter = NULL;

  if (bd_model_get_boolean (endpoint->details, "disabled"))
    return FALSE;
  g_object_get (endpoint->details, "filter-types", &filter, NULL);
  return filter == NULL || filter[0] == NULL || g_strv_contains ((const char * const *) filter, type);
}

/* The payload tag and id of an object that events are about. */
static gboolean
describe (gpointer     model,
          const char **payload_type,
          const char **id)
{
  if (BD_IS_PAYMENT (model))
    *payload_type = "Payment", *id = bd_model_get_string (model, "payment-id");
  else if (BD_IS_SUBSCRIPTION (model))
    *payload_type = "Subscription", *id = bd_model_get_string (model, "subscription-id");
  else if (BD_IS_REFUND (model))
    *payload_type = "Refund", *id = bd_model_get_string (model, "refund-id");
  else if (BD_IS_DISPUTE (model))
    *payload_type = "Dispute", *id = bd_model_get_string (model, "dispute-id");
  else
    return FALSE;
  return *id != NULL;
}

/* The object as it is now.  (transfer full) (nullable) */
static gpointer
latest_data (BdSandboxWebhooks *self,
             Delivery          *d)
{
  static const struct { const char *tag; BdSandboxKind kind; } kinds[] = {
    { "Subscription", BD_SANDBOX_SUBSCRIPTIONS },
    { "Refund", BD_SANDBOX_REFUNDS },
    { "Dispute", BD_SANDBOX_DISPUTES },
  };

  if (g_str_equal (d->payload_type, "Payment"))
    return bd_sandbox_state_get_payment (self->state, d->object_id);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (d->payload_type, kinds[i].tag))
      {
        gpointer model = bd_sandbox_state_lookup (self->state, kinds[i].kind, d->object_id);

        return model != NULL ? g_object_ref (model) : NULL;
      }
  return NULL;
}

/* The envelope of dodo-api.md §5.2, encoded with the codec.  (transfer full) */
static GBytes *
envelope (BdSandboxWebhooks *self,
          Delivery          *d,
          gpointer           data)
{
  g_autoptr(BdWebhookEvent) event = bd_webhook_event_new ();
  g_autoptr(GDateTime) timestamp = bd_sandbox_time_to_datetime (d->event_at);
  char *text;

  bd_model_set (event,
                "webhook-id", d->webhook_id,
                "business-id", bd_sandbox_state_get_business_id (self->state),
                "type-raw", d->type,
                "timestamp", timestamp,
                "payload-type", d->payload_type,
                "data", data,
                NULL);
  /* Every field of the object, null included, as Dodo delivers it:
   * handlers built on Dodo's adapters validate "data" strictly. */
  text = bd_dodo_encode_full_to_string (event);
  return g_bytes_new_take (text, strlen (text));
}

/* Attempts */

static Attempt *
add_attempt (Delivery *d)
{
  Attempt attempt = { .at = g_get_real_time () };

  g_array_append_val (d->attempts, attempt);
  return &g_array_index (d->attempts, Attempt, d->attempts->len - 1);
}

static gboolean
on_retry_due (gpointer user_data)
{
  Delivery *d = user_data;

  d->timer = 0;
  g_queue_push_tail (&d->owner->ready, d);
  pump (d->owner);
  return G_SOURCE_REMOVE;
}

/* After a failed attempt: the next retry of the schedule, or failed. */
static void
schedule_retry (BdSandboxWebhooks *self,
                Delivery          *d)
{
  guint retry = d->attempts->len - 1;
  double delay_ms;

  if (retry >= G_N_ELEMENTS (retry_delays))
    {
      d->status = DELIVERY_FAILED;
      d->next_attempt = 0;
      return;
    }
  delay_ms = (double) retry_delays[retry] * 1000.0 * self->scale;
  delay_ms = CLAMP (delay_ms, 0.0, (double) G_MAXUINT);
  d->status = DELIVERY_PENDING;
  d->next_attempt = g_get_real_time () + (gint64) (delay_ms * 1000.0);
  /* delivery_free() removes the timer. */
  d->timer = g_timeout_add ((guint) delay_ms, on_retry_due, d);
}

typedef struct
{
  BdSandboxWebhooks *self;     /* a reference */
  Delivery          *delivery;
  SoupMessage       *msg;
} Sending;

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Sending *sending = user_data;
  BdSandboxWebhooks *self = sending->self;
  Delivery *d = sending->delivery;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  Attempt *attempt;

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      guint status = soup_message_get_status (sending->msg);

      attempt = &g_array_index (d->attempts, Attempt, d->attempts->len - 1);
      attempt->duration_us = g_get_real_time () - attempt->at;
      attempt->status_code = error == NULL ? status : 0;
      if (error != NULL)
        attempt->error = g_strdup (error->message);

      if (error == NULL && SOUP_STATUS_IS_SUCCESSFUL (status))
        {
          d->status = DELIVERY_SUCCEEDED;
          d->next_attempt = 0;
        }
      else
        schedule_retry (self, d);
      self->in_flight--;
      pump (self);
    }

  g_object_unref (sending->msg);
  g_object_unref (sending->self);
  g_free (sending);
}

/* Makes one attempt of @d now, with the object's current state. */
static void
send_delivery (BdSandboxWebhooks *self,
               Delivery          *d)
{
  Endpoint *endpoint = find_endpoint (self, d->endpoint_id, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GObject) data = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *timestamp = NULL;
  SoupMessageHeaders *headers;
  Sending *sending;
  Attempt *attempt;
  gint64 now;

  if (endpoint == NULL || bd_model_get_boolean (endpoint->details, "disabled"))
    {
      d->status = DELIVERY_CANCELLED;
      d->next_attempt = 0;
      return;
    }

  attempt = add_attempt (d);
  d->next_attempt = 0;
  if (!(data = latest_data (self, d)))
    {
      attempt->error = g_strdup_printf ("%s %s no longer exists", d->payload_type, d->object_id);
      d->status = DELIVERY_FAILED;
      return;
    }

  /* webhook-timestamp is real time, so that any receiver's clock accepts
   * it; the envelope's timestamp is sandbox time. */
  now = attempt->at / G_USEC_PER_SEC;
  body = envelope (self, d, data);
  signature = bd_webhook_sign (endpoint->secret, d->webhook_id, now, body, &error);
  g_assert_no_error (error);
  timestamp = g_strdup_printf ("%" G_GINT64_FORMAT, now);

  sending = g_new0 (Sending, 1);
  sending->self = g_object_ref (self);
  sending->delivery = d;
  sending->msg = soup_message_new ("POST", d->url);
  soup_message_add_flags (sending->msg, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (sending->msg);
  soup_message_headers_replace (headers, "webhook-id", d->webhook_id);
  soup_message_headers_replace (headers, "webhook-timestamp", timestamp);
  soup_message_headers_replace (headers, "webhook-signature", signature);
  soup_message_set_request_body_from_bytes (sending->msg, "application/json", body);

  d->status = DELIVERY_SENDING;
  self->in_flight++;
  soup_session_send_and_read_async (self->session, sending->msg, G_PRIORITY_DEFAULT,
                                    self->cancellable, on_sent, sending);
}

static void
pump (BdSandboxWebhooks *self)
{
  while (self->in_flight < MAX_IN_FLIGHT && !g_queue_is_empty (&self->ready))
    send_delivery (self, g_queue_pop_head (&self->ready));
}

static gboolean
on_pump_idle (gpointer user_data)
{
  BdSandboxWebhooks *self = user_data;

  self->pump_idle = 0;
  pump (self);
  return G_SOURCE_REMOVE;
}

/* One delivery per endpoint that takes the event; the first attempts wait
 * until the request that made the event has finished. */
static void
on_event (BdSandboxState    *state,
          const char        *type,
          BdModel           *model,
          gint64             at,
          BdSandboxWebhooks *self)
{
  g_autofree char *webhook_id = NULL;
  const char *payload_type, *object_id;

  if (!describe (model, &payload_type, &object_id))
    return;

  for (guint i = 0; i < self->endpoints->len; i++)
    {
      Endpoint *endpoint = self->endpoints->pdata[i];
      Delivery *d;

      if (!endpoint_takes (endpoint, type))
        continue;
      if (webhook_id == NULL)
        webhook_id = bd_sandbox_id_encode ("msg", WEBHOOK_ID_KEY, self->serial++);

      d = g_new0 (Delivery, 1);
      d->owner = self;
      d->webhook_id = g_strdup (webhook_id);
      d->endpoint_id = g_strdup (endpoint_id (endpoint));
      d->url = g_strdup (bd_model_get_string (endpoint->details, "url"));
      d->type = g_strdup (type);
      d->payload_type = g_strdup (payload_type);
      d->object_id = g_strdup (object_id);
      d->event_at = at;
      d->attempts = g_array_new (FALSE, TRUE, sizeof (Attempt));
      g_array_set_clear_func (d->attempts, (GDestroyNotify) attempt_clear);
      d->status = DELIVERY_PENDING;
      d->next_attempt = g_get_real_time ();
      g_ptr_array_add (self->deliveries, d);
      g_queue_push_tail (&self->ready, d);
    }

  if (webhook_id != NULL)
    g_signal_emit (self, signals[CHANGED], 0);
  if (!g_queue_is_empty (&self->ready) && self->pump_idle == 0)
    self->pump_idle = g_idle_add (on_pump_idle, self);
}

/* GObject */

static void
bd_sandbox_webhooks_dispose (GObject *object)
{
  BdSandboxWebhooks *self = (BdSandboxWebhooks *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->pump_idle, g_source_remove);
  if (self->state != NULL)
    {
      g_clear_signal_handler (&self->event_handler, self->state);
      g_object_remove_weak_pointer (G_OBJECT (self->state), (gpointer *) &self->state);
      self->state = NULL;
    }
  G_OBJECT_CLASS (bd_sandbox_webhooks_parent_class)->dispose (object);
}

static void
bd_sandbox_webhooks_finalize (GObject *object)
{
  BdSandboxWebhooks *self = (BdSandboxWebhooks *) object;

  g_queue_clear (&self->ready);
  g_clear_pointer (&self->deliveries, g_ptr_array_unref);
  g_clear_pointer (&self->endpoints, g_ptr_array_unref);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (bd_sandbox_webhooks_parent_class)->finalize (object);
}

static void
bd_sandbox_webhooks_class_init (BdSandboxWebhooksClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bd_sandbox_webhooks_dispose;
  object_class->finalize = bd_sandbox_webhooks_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bd_sandbox_webhooks_init (BdSandboxWebhooks *self)
{
  self->endpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) endpoint_free);
  self->deliveries = g_ptr_array_new_with_free_func ((GDestroyNotify) delivery_free);
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->ready);
}

/* Public API */

BdSandboxWebhooks *
bd_sandbox_webhooks_new (BdSandboxState *state,
                         double          schedule_scale)
{
  BdSandboxWebhooks *self;
  double timeout;

  g_return_val_if_fail (BD_IS_SANDBOX_STATE (state), NULL);
  g_return_val_if_fail (schedule_scale > 0, NULL);

  self = g_object_new (BD_TYPE_SANDBOX_WEBHOOKS, NULL);
  self->state = state;
  g_object_add_weak_pointer (G_OBJECT (state), (gpointer *) &self->state);
  self->scale = schedule_scale;
  timeout = CLAMP (TIMEOUT_SECONDS * schedule_scale, MIN_TIMEOUT_SECONDS, TIMEOUT_SECONDS);
  /* Receivers are usually on this machine: no proxy. */
  self->session = soup_session_new_with_options ("timeout", (guint) timeout,
                                                 "max-conns", MAX_IN_FLIGHT * 2,
                                                 "max-conns-per-host", MAX_IN_FLIGHT,
                                                 "proxy-resolver", NULL,
                                                 "user-agent", "billing-desk-sandbox",
                                                 NULL);
  self->event_handler = g_signal_connect (state, "event", G_CALLBACK (on_event), self);
  g_object_set_data_full (G_OBJECT (state), QDATA_KEY, g_object_ref (self), g_object_unref);
  /* With --data-dir: the saved endpoints, before any request. */
  bd_sandbox_persist_add_webhooks (state, self);
  return self;
}

BdSandboxWebhooks *
bd_sandbox_webhooks_get (BdSandboxState *state)
{
  g_return_val_if_fail (BD_IS_SANDBOX_STATE (state), NULL);
  return g_object_get_data (G_OBJECT (state), QDATA_KEY);
}

guint
bd_sandbox_webhooks_get_n_endpoints (BdSandboxWebhooks *self)
{
  g_return_val_if_fail (BD_IS_SANDBOX_WEBHOOKS (self), 0);
  return self->endpoints->len;
}

BdModel *
bd_sandbox_webhooks_get_endpoint (BdSandboxWebhooks  *self,
                                  guint               index,
                                  const char        **secret,
                                  const char        **idempotency_key)
{
  Endpoint *endpoint;

  g_return_val_if_fail (BD_IS_SANDBOX_WEBHOOKS (self), NULL);
  g_return_val_if_fail (index < self->endpoints->len, NULL);

  endpoint = self->endpoints->pdata[index];
  if (secret != NULL)
    *secret = endpoint->secret;
  if (idempotency_key != NULL)
    *idempotency_key = endpoint->idempotency_key;
  return BD_MODEL (endpoint->details);
}

void
bd_sandbox_webhooks_add_endpoint (BdSandboxWebhooks *self,
                                  BdModel           *details,
                                  const char        *secret,
                                  const char        *idempotency_key)
{
  Endpoint *endpoint;

  g_return_if_fail (BD_IS_SANDBOX_WEBHOOKS (self));
  g_return_if_fail (BD_DODO_IS_WEBHOOK_ENDPOINT (details));
  g_return_if_fail (secret != NULL);

  endpoint = g_new0 (Endpoint, 1);
  endpoint->details = g_object_ref (BD_DODO_WEBHOOK_ENDPOINT (details));
  endpoint->secret = g_strdup (secret);
  endpoint->idempotency_key = g_strdup (idempotency_key);
  g_ptr_array_add (self->endpoints, endpoint);
}

guint64
bd_sandbox_webhooks_get_serial (BdSandboxWebhooks *self)
{
  g_return_val_if_fail (BD_IS_SANDBOX_WEBHOOKS (self), 0);
  return self->serial;
}

void
bd_sandbox_webhooks_set_serial (BdSandboxWebhooks *self,
                                guint64            serial)
{
  g_return_if_fail (BD_IS_SANDBOX_WEBHOOKS (self));
  self->serial = serial;
}

/* Routes */

static BdSandboxWebhooks *
webhooks_for (BdSandboxRequest *req)
{
  BdSandboxWebhooks *self = bd_sandbox_webhooks_get (req->state);

  if (self == NULL)
    bd_sandbox_reply_error (req, SOUP_STATUS_INTERNAL_SERVER_ERROR, "INTERNAL_SERVER_ERROR",
                            "webhooks are not running");
  return self;
}

/* The endpoint named in the path, or a 404. */
static Endpoint *
endpoint_param (BdSandboxRequest   *req,
                BdSandboxWebhooks **self)
{
  const char *id = bd_sandbox_request_param (req, 0);
  Endpoint *endpoint;

  if (!(*self = webhooks_for (req)))
    return NULL;
  if (!(endpoint = find_endpoint (*self, id, NULL)))
    bd_sandbox_reply_not_found (req, "Webhook", id);
  return endpoint;
}

static gboolean
is_http_url (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  return uri != NULL && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0' &&
         (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") == 0 ||
          g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0);
}

/* GET /webhooks: a cursor list {data, done, iterator}, newest first;
 * "iterator" is the id of the last endpoint of the page. */
void
bd_sandbox_webhooks_list_route (BdSandboxRequest *req)
{
  BdSandboxWebhooks *self = webhooks_for (req);
  const char *limit_text = bd_sandbox_request_query (req, "limit");
  const char *iterator = bd_sandbox_request_query (req, "iterator");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *last = NULL;
  guint64 limit = LIST_LIMIT_DEFAULT;
  guint start, n = 0, i;

  if (self == NULL)
    return;
  if (limit_text != NULL &&
      !g_ascii_string_to_unsigned (limit_text, 10, 1, LIST_LIMIT_MAX, &limit, NULL))
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_QUERY_PARAMS",
                              "limit must be from 1 to %d", LIST_LIMIT_MAX);
      return;
    }
  start = self->endpoints->len;
  if (iterator != NULL && !find_endpoint (self, iterator, &start))
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_QUERY_PARAMS",
                              "iterator %s is not a webhook", iterator);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_array (builder);
  for (i = start; i > 0 && n < limit; i--, n++)
    {
      Endpoint *endpoint = self->endpoints->pdata[i - 1];

      json_builder_add_value (builder, bd_dodo_encode_full (endpoint->details));
      last = endpoint_id (endpoint);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "done");
  json_builder_add_boolean_value (builder, i == 0);
  json_builder_set_member_name (builder, "iterator");
  if (i > 0 && last != NULL)
    json_builder_add_string_value (builder, last);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "prev_iterator");
  json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  bd_sandbox_reply_json (req, SOUP_STATUS_OK, root);
}

void
bd_sandbox_webhooks_create_route (BdSandboxRequest *req)
{
  BdSandboxWebhooks *self = webhooks_for (req);
  g_autoptr(BdDodoWebhookCreate) request = NULL;
  g_autoptr(BdDodoWebhookEndpoint) details = NULL;
  g_autoptr(GHashTable) no_metadata = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) filter = NULL;
  g_autofree char *id = NULL;
  const char *key, *url;
  Endpoint *endpoint;

  if (self == NULL || bd_sandbox_request_object (req) == NULL)
    return;
  if (!(request = bd_dodo_decode (BD_DODO_TYPE_WEBHOOK_CREATE, req->body, &error)))
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_BODY", "%s", error->message);
      return;
    }

  /* The same idempotency_key again: the endpoint it made. */
  key = bd_model_get_string (request, "idempotency-key");
  for (guint i = 0; key != NULL && i < self->endpoints->len; i++)
    if (g_strcmp0 (((Endpoint *) self->endpoints->pdata[i])->idempotency_key, key) == 0)
      {
        bd_sandbox_reply_model (req, SOUP_STATUS_OK, ((Endpoint *) self->endpoints->pdata[i])->details);
        return;
      }

  url = bd_model_get_string (request, "url");
  if (!is_http_url (url))
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_BODY",
                              "url must be an http or https URL, not “%s”", url);
      return;
    }
  g_object_get (request, "filter-types", &filter, NULL);
  for (guint i = 0; filter != NULL && filter[i] != NULL; i++)
    if (bd_webhook_event_type_from_string (filter[i]) == BD_WEBHOOK_EVENT_TYPE_UNKNOWN)
      {
        bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_BODY",
                                "filter_types[%u] %s is not an event type", i, filter[i]);
        return;
      }

  id = bd_sandbox_id_encode ("whk", WEBHOOK_ID_KEY, self->serial++);
  now = bd_sandbox_time_to_datetime (bd_sandbox_state_now (req->state));
  no_metadata = g_hash_table_new (g_str_hash, g_str_equal);
  details = bd_dodo_webhook_endpoint_new ();
  bd_model_set (details,
                "id", id,
                "url", url,
                "description", bd_model_get_string (request, "description") != NULL
                               ? bd_model_get_string (request, "description") : "",
                "metadata", bd_model_get_metadata (request, "metadata") != NULL
                            ? bd_model_get_metadata (request, "metadata") : no_metadata,
                "created-at", now,
                "updated-at", now,
                "disabled", bd_model_get_boolean (request, "disabled"),
                "filter-types", filter,
                NULL);
  if (json_object_has_member (json_node_get_object (req->body), "rate_limit"))
    bd_model_set (details, "rate-limit", bd_model_get_int (request, "rate-limit"), NULL);

  endpoint = g_new0 (Endpoint, 1);
  endpoint->details = g_steal_pointer (&details);
  endpoint->secret = new_secret ();
  endpoint->idempotency_key = g_strdup (key);
  g_ptr_array_add (self->endpoints, endpoint);
  g_signal_emit (self, signals[CHANGED], 0);
  bd_sandbox_reply_model (req, SOUP_STATUS_OK, endpoint->details);
}

void
bd_sandbox_webhooks_get_route (BdSandboxRequest *req)
{
  BdSandboxWebhooks *self;
  Endpoint *endpoint = endpoint_param (req, &self);

  if (endpoint != NULL)
    bd_sandbox_reply_model (req, SOUP_STATUS_OK, endpoint->details);
}

/* Deliveries already made stay in /_sandbox/deliveries; retries stop. */
void
bd_sandbox_webhooks_delete_route (BdSandboxRequest *req)
{
  BdSandboxWebhooks *self;
  Endpoint *endpoint = endpoint_param (req, &self);
  guint index;

  if (endpoint == NULL)
    return;
  find_endpoint (self, endpoint_id (endpoint), &index);
  g_ptr_array_remove_index (self->endpoints, index);
  g_signal_emit (self, signals[CHANGED], 0);
  bd_sandbox_reply_empty (req, SOUP_STATUS_OK);
}

void
bd_sandbox_webhooks_secret_route (BdSandboxRequest *req)
{
  BdSandboxWebhooks *self;
  Endpoint *endpoint = endpoint_param (req, &self);
  g_autoptr(BdDodoWebhookSecret) secret = NULL;

  if (endpoint == NULL)
    return;
  secret = bd_dodo_webhook_secret_new ();
  bd_model_set (secret, "secret", endpoint->secret, NULL);
  bd_sandbox_reply_model (req, SOUP_STATUS_OK, secret);
}

/* Sets @name to @value, or to null. */
static void
set_string (JsonObject *object,
            const char *name,
            const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

/* Sets @name to the sandbox or real time @us, or to null when 0. */
static void
set_time (JsonObject *object,
          const char *name,
          gint64      us)
{
  g_autofree char *text = us != 0 ? bd_sandbox_format_time (us) : NULL;

  set_string (object, name, text);
}

static JsonObject *
delivery_to_json (Delivery *d)
{
  JsonObject *object = json_object_new ();
  JsonArray *attempts = json_array_new ();

  set_string (object, "webhook_id", d->webhook_id);
  set_string (object, "endpoint_id", d->endpoint_id);
  set_string (object, "url", d->url);
  set_string (object, "type", d->type);
  set_string (object, "payload_type", d->payload_type);
  set_string (object, "object_id", d->object_id);
  set_time (object, "timestamp", d->event_at);
  set_string (object, "status", delivery_statuses[d->status]);
  set_time (object, "next_attempt_at", d->next_attempt);
  for (guint i = 0; i < d->attempts->len; i++)
    {
      Attempt *attempt = &g_array_index (d->attempts, Attempt, i);
      JsonObject *item = json_object_new ();

      set_time (item, "attempted_at", attempt->at);
      if (attempt->status_code != 0)
        json_object_set_int_member (item, "status_code", attempt->status_code);
      else
        json_object_set_null_member (item, "status_code");
      set_string (item, "error", attempt->error);
      json_object_set_int_member (item, "duration_ms", attempt->duration_us / 1000);
      json_array_add_object_element (attempts, item);
    }
  json_object_set_array_member (object, "attempts", attempts);
  return object;
}

/* GET /_sandbox/deliveries: {"items": [...]}, newest first; filters
 * endpoint_id, type, status. */
void
bd_sandbox_webhooks_deliveries_route (BdSandboxRequest *req)
{
  BdSandboxWebhooks *self = webhooks_for (req);
  const char *endpoint = bd_sandbox_request_query (req, "endpoint_id");
  const char *type = bd_sandbox_request_query (req, "type");
  const char *status = bd_sandbox_request_query (req, "status");
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *items;

  if (self == NULL)
    return;
  items = json_array_new ();
  for (guint i = self->deliveries->len; i > 0; i--)
    {
      Delivery *d = self->deliveries->pdata[i - 1];

      if ((endpoint == NULL || g_str_equal (endpoint, d->endpoint_id)) &&
          (type == NULL || g_str_equal (type, d->type)) &&
          (status == NULL || g_str_equal (status, delivery_statuses[d->status])))
        json_array_add_object_element (items, delivery_to_json (d));
    }
  object = json_object_new ();
  json_object_set_array_member (object, "items", items);
  root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (root, object);
  bd_sandbox_reply_json (req, SOUP_STATUS_OK, root);
}
