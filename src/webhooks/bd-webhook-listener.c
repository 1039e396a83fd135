/* bd-webhook-listener.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-webhook-listener"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "bd-dispute.h"
#include "bd-dodo-client.h"
#include "bd-dodo-codec.h"
#include "bd-keyring.h"
#include "bd-payment.h"
#include "bd-refund.h"
#include "bd-store-webhooks.h"
#include "bd-subscription.h"
#include "bd-webhook-listener.h"
#include "bd-webhook.h"

/*
 * How it works.
 *
 * Connections: a GSocketService of our own accepts them and hands each to
 * the SoupServer with soup_server_accept_iostream(), which is what lets
 * this file count them (a weak reference on each GSocketConnection tells
 * when libsoup let it go), refuse those over the cap, and put deadlines on
 * them: libsoup 3.2's SoupServer has no timeouts of its own.  (libsoup
 * 3.2 keeps no such connection alive after an answer; it closes after
 * every 204 anyway, a response it frames by the connection's end.)  A deadline
 * shuts the socket down (g_socket_shutdown), which libsoup sees as the
 * peer's end and cleans up after.
 *
 * Per request: the early handler (headers read) applies the rate limit and
 * the 1 MiB cap on a Content-Length; the body is not accumulated past 1 MiB
 * (got-chunk).  The handler (body read) checks the path, verifies, decodes,
 * pauses the message and queues a job for the writer thread, which writes
 * whole batches of queued jobs in one transaction each (every delivery's
 * record with its own effect, so exactly-once holds per delivery) and
 * hands each job back to the server's context, which answers and emits
 * ::delivery.
 */

#define REJECT_SIGNATURE  "Signature not verified"
#define REJECT_NOT_EVENT  "Not a Dodo Payments event"
#define BATCH_MAX         256
#define RELOAD_INTERVAL_US (5 * G_USEC_PER_SEC)

struct _BdWebhookListener
{
  GObject           parent_instance;

  char             *account_id;
  BdAccountMode     mode;
  char             *store_path;
  char             *host;
  guint             port;
  gboolean          allow_remote;
  BdWebhookLimits   limits;

  char             *path;
  char             *url;
  GMainContext     *context;
  SoupServer       *server;
  GSocketService   *service;
  GHashTable       *connections;   /* "address:port" of the peer → Conn */
  GHashTable       *buckets;       /* remote host → Bucket */

  char            **secrets;
  gint64            last_reload;
  gboolean          reloading;

  BdStore          *store;         /* the writer thread's, once it runs */
  GThread          *writer;
  GAsyncQueue      *jobs;
};

G_DEFINE_FINAL_TYPE (BdWebhookListener, bd_webhook_listener, G_TYPE_OBJECT)

enum
{
  SIGNAL_DELIVERY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (bd-webhook-listener-error-quark, bd_webhook_listener_error)

/* ------------------------------------------------------------ deliveries */

BdWebhookDelivery *
bd_webhook_delivery_copy (const BdWebhookDelivery *self)
{
  BdWebhookDelivery *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (BdWebhookDelivery, 1);
  copy->result = self->result;
  copy->status = self->status;
  copy->reason = g_strdup (self->reason);
  copy->webhook_id = g_strdup (self->webhook_id);
  copy->event_type = g_strdup (self->event_type);
  copy->object_kind = g_strdup (self->object_kind);
  copy->object_id = g_strdup (self->object_id);
  copy->effect = g_strdup (self->effect);
  copy->remote = g_strdup (self->remote);
  copy->body = self->body != NULL ? g_bytes_ref (self->body) : NULL;
  copy->header_names = g_strdupv (self->header_names);
  copy->header_values = g_strdupv (self->header_values);
  return copy;
}

void
bd_webhook_delivery_free (BdWebhookDelivery *self)
{
  if (self == NULL)
    return;
  g_free (self->reason);
  g_free (self->webhook_id);
  g_free (self->event_type);
  g_free (self->object_kind);
  g_free (self->object_id);
  g_free (self->effect);
  g_free (self->remote);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_strfreev (self->header_names);
  g_strfreev (self->header_values);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (BdWebhookDelivery, bd_webhook_delivery,
                     bd_webhook_delivery_copy, bd_webhook_delivery_free)

/* ------------------------------------------------------------ secrets */

static void
wipe_secrets (char **secrets)
{
  if (secrets == NULL)
    return;
  for (char **s = secrets; *s != NULL; s++)
    memset (*s, 0, strlen (*s));
  g_strfreev (secrets);
}

/* The item's text: one or more secrets separated by white space. */
static char **
split_secrets (const char *text)
{
  g_autoptr(GPtrArray) secrets = g_ptr_array_new ();
  const char *p = text;

  while (p != NULL && *p != '\0')
    {
      const char *end;

      while (g_ascii_isspace (*p))
        p++;
      end = p;
      while (*end != '\0' && !g_ascii_isspace (*end))
        end++;
      if (end > p)
        g_ptr_array_add (secrets, g_strndup (p, end - p));
      p = end;
    }
  g_ptr_array_add (secrets, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&secrets), FALSE);
}

static void
on_secret_looked_up_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BdWebhookListener *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdSecret) secret = bd_keyring_lookup_finish (result, &error);

  self->reloading = FALSE;
  self->last_reload = g_get_monotonic_time ();
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  wipe_secrets (self->secrets);
  self->secrets = split_secrets (secret);
  g_task_return_boolean (task, TRUE);
}

void
bd_webhook_listener_reload_secrets_async (BdWebhookListener   *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (BD_IS_WEBHOOK_LISTENER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_webhook_listener_reload_secrets_async);
  self->reloading = TRUE;
  bd_keyring_lookup_async (self->account_id, self->mode, BD_KEYRING_KIND_WEBHOOK_SECRET,
                           cancellable, on_secret_looked_up_cb, task);
}

gboolean
bd_webhook_listener_reload_secrets_finish (BdWebhookListener  *self,
                                           GAsyncResult       *result,
                                           GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* After a failed verification: the item may have changed (a registration,
 * a rotation).  At most every few seconds, so a flood of bad signatures
 * does not become a flood of keyring calls. */
static void
maybe_reload_secrets (BdWebhookListener *self)
{
  if (self->reloading || g_get_monotonic_time () - self->last_reload < RELOAD_INTERVAL_US)
    return;
  bd_webhook_listener_reload_secrets_async (self, NULL, NULL, NULL);
}

/* ------------------------------------------------------------ connections */

typedef struct
{
  BdWebhookListener  *self;        /* not a reference: the listener outlives it or drops it */
  GSocketConnection  *connection;  /* a weak reference */
  GSocket            *socket;
  char               *peer;        /* its key in connections */
  GSource            *deadline;
} Conn;

static void
conn_clear_deadline (Conn *conn)
{
  if (conn->deadline != NULL)
    {
      g_source_destroy (conn->deadline);
      g_clear_pointer (&conn->deadline, g_source_unref);
    }
}

static void
conn_free (Conn *conn)
{
  conn_clear_deadline (conn);
  g_clear_object (&conn->socket);
  g_free (conn->peer);
  g_free (conn);
}

static gboolean
on_conn_deadline_cb (gpointer user_data)
{
  Conn *conn = user_data;

  g_debug ("A connection from a slow client was closed");
  g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
  g_clear_pointer (&conn->deadline, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
conn_set_deadline (Conn  *conn,
                   guint  ms)
{
  conn_clear_deadline (conn);
  if (ms == 0)
    return;
  conn->deadline = g_timeout_source_new (ms);
  g_source_set_callback (conn->deadline, on_conn_deadline_cb, conn, NULL);
  g_source_attach (conn->deadline, conn->self->context);
}

static Conn *
find_conn (BdWebhookListener *self,
           SoupServerMessage *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);
  g_autofree char *peer = NULL;

  if (remote == NULL)
    return NULL;
  peer = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (remote));
  return g_hash_table_lookup (self->connections, peer);
}

/* libsoup let go of the connection: it is closed. */
static void
on_connection_finalized (gpointer  user_data,
                         GObject  *where_the_object_was)
{
  Conn *conn = user_data;

  g_hash_table_remove (conn->self->connections, conn->peer);
}

static gboolean
on_socket_service_incoming_cb (GSocketService    *service,
                               GSocketConnection *connection,
                               GObject           *source_object,
                               gpointer           user_data)
{
  BdWebhookListener *self = user_data;
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (connection, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);
  g_autoptr(GError) error = NULL;
  GSocket *socket = g_socket_connection_get_socket (connection);
  Conn *conn;

  if (self->server == NULL ||
      (self->limits.max_connections > 0 &&
       g_hash_table_size (self->connections) >= self->limits.max_connections))
    {
      g_debug ("Too many connections: one more closed");
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return TRUE;
    }

  conn = g_new0 (Conn, 1);
  conn->self = self;
  conn->connection = connection;
  conn->socket = g_object_ref (socket);
  conn->peer = remote != NULL ? g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (remote)) : g_strdup ("");
  g_hash_table_insert (self->connections, conn->peer, conn);
  g_object_weak_ref (G_OBJECT (connection), on_connection_finalized, conn);
  conn_set_deadline (conn, self->limits.header_timeout_ms);

  if (!soup_server_accept_iostream (self->server, G_IO_STREAM (connection), local, remote, &error))
    {
      g_debug ("Could not accept a connection: %s", error->message);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    }
  return TRUE;
}

/* A request was answered (or its connection went): the connection may now
 * idle until the headers deadline. */
static void
on_server_request_finished_cb (SoupServer        *server,
                               SoupServerMessage *msg,
                               gpointer           user_data)
{
  BdWebhookListener *self = user_data;
  Conn *conn = find_conn (self, msg);

  if (conn != NULL)
    conn_set_deadline (conn, self->limits.header_timeout_ms);
}

/* ------------------------------------------------------------ rate limit */

typedef struct
{
  double  tokens;
  gint64  last;
} Bucket;

static gboolean
take_token (BdWebhookListener *self,
            const char        *remote)
{
  gint64 now = g_get_monotonic_time ();
  Bucket *bucket;

  if (self->limits.requests_per_second <= 0)
    return TRUE;

  bucket = g_hash_table_lookup (self->buckets, remote);
  if (bucket == NULL)
    {
      /* Forget idle senders now and then, so the table stays small. */
      if (g_hash_table_size (self->buckets) > 4096)
        g_hash_table_remove_all (self->buckets);
      bucket = g_new0 (Bucket, 1);
      bucket->tokens = self->limits.burst;
      bucket->last = now;
      g_hash_table_insert (self->buckets, g_strdup (remote), bucket);
    }
  bucket->tokens = MIN ((double) self->limits.burst,
                        bucket->tokens + (now - bucket->last) * self->limits.requests_per_second / G_USEC_PER_SEC);
  bucket->last = now;
  if (bucket->tokens < 1)
    return FALSE;
  bucket->tokens -= 1;
  return TRUE;
}

/* ------------------------------------------------------------ answers */

static BdWebhookDelivery *
delivery_new (SoupServerMessage *msg,
              BdWebhookResult    result,
              guint              status,
              const char        *reason)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  BdWebhookDelivery *delivery = g_new0 (BdWebhookDelivery, 1);

  delivery->result = result;
  delivery->status = status;
  delivery->reason = g_strdup (reason);
  delivery->webhook_id = g_strdup (soup_message_headers_get_one (headers, "webhook-id"));
  delivery->remote = g_strdup (soup_server_message_get_remote_host (msg));
  return delivery;
}

static void
answer (SoupServerMessage *msg,
        guint              status,
        const char        *phrase)
{
  soup_server_message_set_status (msg, status, phrase);
  if (status >= 400 && phrase != NULL)
    soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_COPY,
                                      phrase, strlen (phrase));
}

static void
reject (BdWebhookListener *self,
        SoupServerMessage *msg,
        guint              status,
        const char        *phrase,
        const char        *reason)
{
  g_autoptr(BdWebhookDelivery) delivery = delivery_new (msg, BD_WEBHOOK_RESULT_REJECTED, status, reason);

  answer (msg, status, phrase);
  g_signal_emit (self, signals[SIGNAL_DELIVERY], 0, delivery);
}

typedef struct
{
  gsize     received;
  gboolean  too_large;
} BodyState;

static void
on_message_got_chunk_cb (SoupServerMessage *msg,
                         GBytes            *chunk,
                         gpointer           user_data)
{
  BodyState *state = user_data;

  state->received += g_bytes_get_size (chunk);
  if (state->received > BD_WEBHOOK_MAX_BODY && !state->too_large)
    {
      /* Keep what came (at most 1 MiB); drop the rest as it arrives. */
      state->too_large = TRUE;
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
    }
}

/* After the headers, before the body. */
static void
on_server_early_request_cb (SoupServer        *server,
                            SoupServerMessage *msg,
                            const char        *path,
                            GHashTable        *query,
                            gpointer           user_data)
{
  BdWebhookListener *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  BodyState *state = g_new0 (BodyState, 1);
  Conn *conn = find_conn (self, msg);

  g_object_set_data_full (G_OBJECT (msg), "bd-body-state", state, g_free);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_message_got_chunk_cb), state);
  if (conn != NULL)
    conn_set_deadline (conn, self->limits.body_timeout_ms);

  if (!take_token (self, soup_server_message_get_remote_host (msg)))
    {
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "1");
      reject (self, msg, 429, "Too many requests",
              "over the rate limit for its address");
      return;
    }
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > BD_WEBHOOK_MAX_BODY)
    {
      state->too_large = TRUE;
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      reject (self, msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "Payload too large",
              "the body is over 1 MiB");
    }
}

/* ------------------------------------------------------------ jobs */

typedef struct
{
  BdWebhookListener  *self;
  SoupServerMessage  *msg;
  BdWebhookEvent     *event;
  char               *body_text;
  char               *data_json;      /* NULL: no object the cache keeps */
  GType               data_type;
  char               *object_id;
  char               *headers_json;
  gint64              received_at;
  gint64              timestamp;
  BdWebhookDelivery  *delivery;
} Job;

/* Tells the writer thread to end. */
static Job stop_job;

static void
job_free (Job *job)
{
  g_clear_object (&job->self);
  g_clear_object (&job->msg);
  g_clear_object (&job->event);
  g_free (job->body_text);
  g_free (job->data_json);
  g_free (job->object_id);
  g_free (job->headers_json);
  g_clear_pointer (&job->delivery, bd_webhook_delivery_free);
  g_free (job);
}

static const char *
state_property (GType type)
{
  return type == BD_TYPE_DISPUTE ? "dispute-status-raw" : "status-raw";
}

static const char *
id_property (GType type)
{
  if (type == BD_TYPE_PAYMENT)
    return "payment-id";
  if (type == BD_TYPE_SUBSCRIPTION)
    return "subscription-id";
  if (type == BD_TYPE_REFUND)
    return "refund-id";
  if (type == BD_TYPE_DISPUTE)
    return "dispute-id";
  return NULL;
}

static const char *
table_name (GType type)
{
  if (type == BD_TYPE_PAYMENT)
    return "payments";
  if (type == BD_TYPE_SUBSCRIPTION)
    return "subscriptions";
  if (type == BD_TYPE_REFUND)
    return "refunds";
  return "disputes";
}

static const char *
kind_name (GType type)
{
  /* "BdPayment" → "Payment" */
  return g_type_name (type) + 2;
}

static const char *
or_dash (const char *s)
{
  return s != NULL ? s : "-";
}

static gint64
usec_of (GDateTime *time)
{
  return time != NULL ? g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time) : -1;
}

/* One delivery, inside the writer's transaction. */
static gboolean
apply_job (BdStore  *store,
           Job      *job,
           GError  **error)
{
  BdWebhookDelivery *d = job->delivery;
  g_autofree char *effect = NULL;
  g_autoptr(BdModel) object = NULL;
  gboolean duplicate = FALSE;
  gboolean applied = FALSE;
  gint64 last;

  g_clear_pointer (&d->effect, g_free);
  if (!bd_store_webhook_note_duplicate (store, d->webhook_id, &duplicate, &d->effect, error))
    return FALSE;
  if (duplicate)
    {
      d->result = BD_WEBHOOK_RESULT_DUPLICATE;
      d->status = SOUP_STATUS_OK;
      return TRUE;
    }

  if (job->data_json != NULL)
    {
      g_autofree char *before = NULL;
      const char *after;
      gboolean cached = FALSE;
      gint64 cached_updated_at;
      gint64 updated_at;

      /* Made on the server's thread, used here only from now on. */
      g_object_get (job->event, "data", &object, NULL);
      if (!bd_store_webhook_last_applied (store, job->object_id, &last, error) ||
          !bd_store_webhook_cached_state (store, table_name (job->data_type), job->object_id, &cached,
                                          &before, &cached_updated_at, error))
        return FALSE;
      after = bd_model_get_string (object, state_property (job->data_type));
      updated_at = job->data_type == BD_TYPE_PAYMENT ? usec_of (bd_model_get_datetime (object, "updated-at")) : -1;

      if (last > job->timestamp)
        effect = g_strdup_printf ("%s %s kept %s (a newer event was applied)", kind_name (job->data_type),
                                  job->object_id, or_dash (before));
      else if (cached && updated_at >= 0 && cached_updated_at > updated_at)
        effect = g_strdup_printf ("%s %s kept %s (the cached one is newer)", kind_name (job->data_type),
                                  job->object_id, or_dash (before));
      else
        {
          if (!bd_store_upsert (store, object, job->data_json, error))
            return FALSE;
          applied = TRUE;
          if (!cached)
            effect = g_strdup_printf ("%s %s new → %s", kind_name (job->data_type), job->object_id, or_dash (after));
          else if (g_strcmp0 (before, after) != 0)
            effect = g_strdup_printf ("%s %s %s → %s", kind_name (job->data_type), job->object_id,
                                      or_dash (before), or_dash (after));
          else
            effect = g_strdup_printf ("%s %s %s (updated)", kind_name (job->data_type), job->object_id,
                                      or_dash (after));
        }
    }

  if (!bd_store_webhook_record (store, job->event, job->body_text, job->headers_json, job->received_at,
                                job->object_id, "verified", applied, effect, error))
    return FALSE;

  d->result = applied ? BD_WEBHOOK_RESULT_APPLIED : BD_WEBHOOK_RESULT_STORED;
  d->status = SOUP_STATUS_NO_CONTENT;
  d->effect = g_steal_pointer (&effect);
  return TRUE;
}

static gboolean
write_batch (BdStore   *store,
             gpointer   user_data,
             GError   **error)
{
  GPtrArray *batch = user_data;

  for (guint i = 0; i < batch->len; i++)
    if (!apply_job (store, batch->pdata[i], error))
      return FALSE;
  return TRUE;
}

/* Back on the server's context: answer, and tell. */
static gboolean
finish_job_cb (gpointer user_data)
{
  Job *job = user_data;
  BdWebhookDelivery *d = job->delivery;

  /* Stopped meanwhile: the connection is gone; the sender retries. */
  if (job->self->server == NULL)
    {
      job_free (job);
      return G_SOURCE_REMOVE;
    }
  if (d->result == BD_WEBHOOK_RESULT_FAILED)
    answer (job->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Could not store the event");
  else
    answer (job->msg, d->status, NULL);
  soup_server_message_unpause (job->msg);
  g_signal_emit (job->self, signals[SIGNAL_DELIVERY], 0, d);
  job_free (job);
  return G_SOURCE_REMOVE;
}

static void
fail_job (Job          *job,
          const GError *error)
{
  job->delivery->result = BD_WEBHOOK_RESULT_FAILED;
  job->delivery->status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
  g_free (job->delivery->reason);
  job->delivery->reason = g_strdup (error->message);
}

static gpointer
writer_thread (gpointer user_data)
{
  BdWebhookListener *self = user_data;
  gboolean stop = FALSE;

  while (!stop)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new ();
      g_autoptr(GError) error = NULL;
      Job *job = g_async_queue_pop (self->jobs);

      if (job == &stop_job)
        break;
      g_ptr_array_add (batch, job);
      while (batch->len < BATCH_MAX && (job = g_async_queue_try_pop (self->jobs)) != NULL)
        {
          if (job == &stop_job)
            {
              stop = TRUE;
              break;
            }
          g_ptr_array_add (batch, job);
        }

      if (!bd_store_write (self->store, write_batch, batch, &error))
        {
          /* One bad delivery must not fail the others: one at a time. */
          if (batch->len == 1)
            fail_job (batch->pdata[0], error);
          else
            for (guint i = 0; i < batch->len; i++)
              {
                g_autoptr(GPtrArray) one = g_ptr_array_new ();
                g_autoptr(GError) one_error = NULL;

                g_ptr_array_add (one, batch->pdata[i]);
                if (!bd_store_write (self->store, write_batch, one, &one_error))
                  fail_job (batch->pdata[i], one_error);
              }
        }
      for (guint i = 0; i < batch->len; i++)
        g_main_context_invoke (self->context, finish_job_cb, batch->pdata[i]);
    }
  return NULL;
}

/* ------------------------------------------------------------ the handler */

static char *
headers_to_json (SoupMessageHeaders *headers)
{
  static const char * const kept[] = {
    "webhook-id", "webhook-timestamp", "webhook-signature", "content-type", "user-agent", NULL
  };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  for (guint i = 0; kept[i] != NULL; i++)
    {
      const char *value = soup_message_headers_get_one (headers, kept[i]);

      if (value == NULL)
        continue;
      json_builder_set_member_name (builder, kept[i]);
      json_builder_add_string_value (builder, value);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static void
collect_headers (BdWebhookDelivery  *delivery,
                 SoupMessageHeaders *headers)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      g_strv_builder_add (names, name);
      g_strv_builder_add (values, value);
    }
  delivery->header_names = g_strv_builder_end (names);
  delivery->header_values = g_strv_builder_end (values);
}

static gboolean
verify (BdWebhookListener  *self,
        SoupMessageHeaders *headers,
        GBytes             *body,
        char              **reason)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GError) first_error = NULL;

  if (self->secrets == NULL || self->secrets[0] == NULL)
    {
      *reason = g_strdup ("no webhook secret for this account in the keyring");
      return FALSE;
    }
  for (char **secret = self->secrets; *secret != NULL; secret++)
    {
      g_autoptr(GError) error = NULL;

      if (bd_webhook_verify (*secret,
                             soup_message_headers_get_one (headers, "webhook-id"),
                             soup_message_headers_get_one (headers, "webhook-timestamp"),
                             soup_message_headers_get_one (headers, "webhook-signature"),
                             body, now, &error))
        return TRUE;
      if (first_error == NULL)
        first_error = g_steal_pointer (&error);
    }
  *reason = g_strdup (first_error->message);
  return FALSE;
}

static void
on_server_request_cb (SoupServer        *server,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *query,
                      gpointer           user_data)
{
  BdWebhookListener *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  BodyState *state = g_object_get_data (G_OBJECT (msg), "bd-body-state");
  Conn *conn = find_conn (self, msg);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(BdWebhookEvent) event = NULL;
  g_autoptr(BdModel) data = NULL;
  g_autofree char *reason = NULL;
  JsonNode *data_node;
  Job *job;

  if (conn != NULL)
    conn_clear_deadline (conn);
  /* Refused already by the early handler. */
  if (soup_server_message_get_status (msg) != 0)
    return;

  if (g_strcmp0 (path, self->path) != 0)
    {
      reject (self, msg, SOUP_STATUS_NOT_FOUND, "Not found", "no listener at this path");
      return;
    }
  if (g_strcmp0 (soup_server_message_get_method (msg), "POST") != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "POST");
      reject (self, msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Method not allowed", "not a POST");
      return;
    }
  if (state != NULL && state->too_large)
    {
      reject (self, msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "Payload too large", "the body is over 1 MiB");
      return;
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  if (!verify (self, headers, body, &reason))
    {
      maybe_reload_secrets (self);
      reject (self, msg, SOUP_STATUS_UNAUTHORIZED, REJECT_SIGNATURE, reason);
      return;
    }

  root = bd_dodo_parse_json (body, &error);
  if (root != NULL)
    event = bd_dodo_decode (BD_TYPE_WEBHOOK_EVENT, root, &error);
  if (event == NULL)
    {
      reject (self, msg, SOUP_STATUS_BAD_REQUEST, REJECT_NOT_EVENT, error->message);
      return;
    }
  bd_model_set (event, "webhook-id", soup_message_headers_get_one (headers, "webhook-id"), NULL);

  job = g_new0 (Job, 1);
  job->self = g_object_ref (self);
  job->msg = g_object_ref (msg);
  job->body_text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  job->headers_json = headers_to_json (headers);
  job->received_at = g_get_real_time ();
  job->timestamp = usec_of (bd_model_get_datetime (event, "timestamp"));
  job->delivery = delivery_new (msg, BD_WEBHOOK_RESULT_STORED, SOUP_STATUS_NO_CONTENT, NULL);
  job->delivery->event_type = g_strdup (bd_model_get_string (event, "type-raw"));
  job->delivery->body = g_bytes_ref (body);
  collect_headers (job->delivery, headers);

  g_object_get (event, "data", &data, NULL);
  data_node = json_object_get_member (json_node_get_object (root), "data");
  if (data != NULL && id_property (G_OBJECT_TYPE (data)) != NULL && data_node != NULL)
    {
      job->data_type = G_OBJECT_TYPE (data);
      job->object_id = g_strdup (bd_model_get_string (data, id_property (job->data_type)));
      job->data_json = json_to_string (data_node, FALSE);
      job->delivery->object_kind = g_strdup (kind_name (job->data_type));
      job->delivery->object_id = g_strdup (job->object_id);
    }
  job->event = g_steal_pointer (&event);

  soup_server_message_pause (msg);
  g_async_queue_push (self->jobs, job);
}

/* ------------------------------------------------------------ life */

static void
bd_webhook_listener_finalize (GObject *object)
{
  BdWebhookListener *self = BD_WEBHOOK_LISTENER (object);

  bd_webhook_listener_stop (self);
  g_free (self->account_id);
  g_free (self->store_path);
  g_free (self->host);
  g_free (self->path);
  g_free (self->url);
  g_clear_pointer (&self->connections, g_hash_table_unref);
  g_clear_pointer (&self->buckets, g_hash_table_unref);
  wipe_secrets (self->secrets);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (bd_webhook_listener_parent_class)->finalize (object);
}

static void
bd_webhook_listener_class_init (BdWebhookListenerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bd_webhook_listener_finalize;

  /**
   * BdWebhookListener::delivery:
   * @delivery: (type BdWebhookDelivery): what became of one request
   *
   * Emitted on the listener's context once per request on its path, and
   * for each request refused before that.
   */
  signals[SIGNAL_DELIVERY] =
    g_signal_new ("delivery", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, BD_TYPE_WEBHOOK_DELIVERY | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
bd_webhook_listener_init (BdWebhookListener *self)
{
  self->host = g_strdup ("127.0.0.1");
  self->limits.header_timeout_ms = 10000;
  self->limits.body_timeout_ms = 30000;
  self->limits.max_connections = 64;
  self->limits.requests_per_second = 200;
  self->limits.burst = 1000;
  self->connections = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) conn_free);
  self->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

BdWebhookListener *
bd_webhook_listener_new (const char    *account_id,
                         BdAccountMode  mode,
                         const char    *store_path)
{
  BdWebhookListener *self;
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (account_id != NULL && *account_id != '\0', NULL);
  g_return_val_if_fail (store_path != NULL, NULL);

  self = g_object_new (BD_TYPE_WEBHOOK_LISTENER, NULL);
  self->account_id = g_strdup (account_id);
  self->mode = mode;
  self->store_path = g_strdup (store_path);
  escaped = g_uri_escape_string (account_id, NULL, FALSE);
  self->path = g_strconcat ("/webhooks/", escaped, NULL);
  return self;
}

static gboolean
is_loopback (GInetAddress *address)
{
  return g_inet_address_get_is_loopback (address);
}

gboolean
bd_webhook_listener_set_address (BdWebhookListener  *self,
                                 const char         *host,
                                 guint               port,
                                 gboolean            allow_remote,
                                 GError            **error)
{
  g_autoptr(GInetAddress) address = NULL;

  g_return_val_if_fail (BD_IS_WEBHOOK_LISTENER (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);

  if (host == NULL || g_ascii_strcasecmp (host, "localhost") == 0)
    host = "127.0.0.1";
  address = g_inet_address_new_from_string (host);
  if (address == NULL)
    {
      g_set_error (error, BD_WEBHOOK_LISTENER_ERROR, BD_WEBHOOK_LISTENER_ERROR_ADDRESS,
                   "“%s” is not an IP address", host);
      return FALSE;
    }
  if (port > 65535)
    {
      g_set_error (error, BD_WEBHOOK_LISTENER_ERROR, BD_WEBHOOK_LISTENER_ERROR_ADDRESS,
                   "%u is not a port", port);
      return FALSE;
    }
  if (!is_loopback (address) && !allow_remote)
    {
      g_set_error (error, BD_WEBHOOK_LISTENER_ERROR, BD_WEBHOOK_LISTENER_ERROR_ADDRESS,
                   "%s is not an address of this computer only; listening there needs an explicit choice",
                   host);
      return FALSE;
    }
  g_free (self->host);
  self->host = g_inet_address_to_string (address);
  self->port = port;
  self->allow_remote = allow_remote;
  return TRUE;
}

void
bd_webhook_listener_get_limits (BdWebhookListener *self,
                                BdWebhookLimits   *limits)
{
  g_return_if_fail (BD_IS_WEBHOOK_LISTENER (self));
  g_return_if_fail (limits != NULL);

  *limits = self->limits;
}

void
bd_webhook_listener_set_limits (BdWebhookListener     *self,
                                const BdWebhookLimits *limits)
{
  g_return_if_fail (BD_IS_WEBHOOK_LISTENER (self));
  g_return_if_fail (limits != NULL);

  self->limits = *limits;
}

static gboolean
listen_now (BdWebhookListener  *self,
            GError            **error)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (self->host);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (inet, self->port);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *host_text = NULL;

  self->service = g_socket_service_new ();
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &effective, &local_error))
    {
      g_set_error (error, BD_WEBHOOK_LISTENER_ERROR, BD_WEBHOOK_LISTENER_ERROR_LISTEN,
                   "Could not listen on %s port %u: %s", self->host, self->port, local_error->message);
      g_clear_object (&self->service);
      return FALSE;
    }
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));

  self->server = soup_server_new ("server-header", "BillingDesk ", NULL);
  soup_server_add_early_handler (self->server, NULL, on_server_early_request_cb, self, NULL);
  soup_server_add_handler (self->server, NULL, on_server_request_cb, self, NULL);
  g_signal_connect (self->server, "request-finished", G_CALLBACK (on_server_request_finished_cb), self);
  g_signal_connect (self->server, "request-aborted", G_CALLBACK (on_server_request_finished_cb), self);

  self->jobs = g_async_queue_new ();
  self->writer = g_thread_new ("bd-webhook-writer", writer_thread, self);

  g_signal_connect (self->service, "incoming", G_CALLBACK (on_socket_service_incoming_cb), self);
  g_socket_service_start (self->service);

  host_text = strchr (self->host, ':') != NULL ? g_strdup_printf ("[%s]", self->host) : g_strdup (self->host);
  self->url = g_strdup_printf ("http://%s:%u%s", host_text, self->port, self->path);
  return TRUE;
}

static void
on_start_secrets_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BdWebhookListener *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  /* No secret yet is not an error: deliveries get 401 until there is. */
  if (!bd_webhook_listener_reload_secrets_finish (self, result, &error))
    g_debug ("The keyring did not answer: %s", error->message);
  g_clear_error (&error);

  if (!listen_now (self, &error))
    {
      g_clear_object (&self->store);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
open_store_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  BdWebhookListener *self = source_object;
  g_autoptr(GError) error = NULL;
  BdStore *store = bd_store_open (self->store_path, &error);

  if (store == NULL)
    {
      g_task_return_new_error (task, BD_WEBHOOK_LISTENER_ERROR, BD_WEBHOOK_LISTENER_ERROR_STORE,
                               "Could not open the cache: %s", error->message);
      return;
    }
  g_task_return_pointer (task, store, g_object_unref);
}

static void
on_store_opened_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BdWebhookListener *self = BD_WEBHOOK_LISTENER (object);
  g_autoptr(GError) error = NULL;

  self->store = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  bd_webhook_listener_reload_secrets_async (self, g_task_get_cancellable (task), on_start_secrets_cb,
                                            g_object_ref (task));
}

void
bd_webhook_listener_start_async (BdWebhookListener   *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) open = NULL;

  g_return_if_fail (BD_IS_WEBHOOK_LISTENER (self));
  g_return_if_fail (self->server == NULL && self->store == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_webhook_listener_start_async);
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();

  open = g_task_new (self, cancellable, on_store_opened_cb, g_object_ref (task));
  g_task_run_in_thread (open, open_store_thread);
}

gboolean
bd_webhook_listener_start_finish (BdWebhookListener  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
bd_webhook_listener_get_url (BdWebhookListener *self)
{
  g_return_val_if_fail (BD_IS_WEBHOOK_LISTENER (self), NULL);

  return self->url;
}

const char *
bd_webhook_listener_get_path (BdWebhookListener *self)
{
  g_return_val_if_fail (BD_IS_WEBHOOK_LISTENER (self), NULL);

  return self->path;
}

guint
bd_webhook_listener_get_port (BdWebhookListener *self)
{
  g_return_val_if_fail (BD_IS_WEBHOOK_LISTENER (self), 0);

  return self->port;
}

guint
bd_webhook_listener_get_n_connections (BdWebhookListener *self)
{
  g_return_val_if_fail (BD_IS_WEBHOOK_LISTENER (self), 0);

  return g_hash_table_size (self->connections);
}

void
bd_webhook_listener_stop (BdWebhookListener *self)
{
  GHashTableIter iter;
  Conn *conn;

  g_return_if_fail (BD_IS_WEBHOOK_LISTENER (self));

  if (self->service != NULL)
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
      g_signal_handlers_disconnect_by_data (self->service, self);
      g_clear_object (&self->service);
    }

  /* The writer finishes what was queued; its answers are dropped with the
   * server below (the senders retry, and find them stored). */
  if (self->writer != NULL)
    {
      g_async_queue_push (self->jobs, &stop_job);
      g_thread_join (g_steal_pointer (&self->writer));
      g_clear_pointer (&self->jobs, g_async_queue_unref);
    }

  if (self->connections != NULL)
    {
      g_hash_table_iter_init (&iter, self->connections);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &conn))
        g_object_weak_unref (G_OBJECT (conn->connection), on_connection_finalized, conn);
      g_hash_table_remove_all (self->connections);
    }
  if (self->server != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->server, self);
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }
  g_clear_object (&self->store);
  g_clear_pointer (&self->url, g_free);
}
