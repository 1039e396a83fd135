/* bd-dodo-client.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-dodo"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "bd-dodo-client.h"
#include "bd-dodo-private.h"

/* One code path: every request is a small state machine on the caller's
 * thread-default main context (libsoup ≥ 3.2 sends from any thread); the
 * sync API runs it on a private context.  An attempt is
 *
 *   rate token → send → read the body (memory, or a file for downloads)
 *     → success, or a failure that is retried after a wait, or returned.
 *
 * One internal GCancellable per request is cancelled by the caller's
 * cancellable and by the deadline, so both stop whatever is running. */

#define DEFAULT_MAX_RETRIES 4
#define DEFAULT_RATE 10.0
#define DEFAULT_TIMEOUT_MS 60000
#define DEFAULT_RETRY_DELAY_MS 500
/* libsoup's own limit for one read or write; the deadline covers the rest. */
#define IO_TIMEOUT_S 30

struct _BdDodoClient
{
  GObject         parent_instance;

  char           *base_url;
  GError         *url_error;      /* why base_url is refused, or NULL */
  SoupSession    *session;
  BdDodoBucket    bucket;

  GMutex          key_mutex;
  char           *api_key;
  BdDodoKeyFunc   key_func;
  gpointer        key_data;
  GDestroyNotify  key_destroy;

  guint           max_retries;
  guint           timeout_ms;
  guint           retry_delay_ms;
};

G_DEFINE_FINAL_TYPE (BdDodoClient, bd_dodo_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_API_KEY,
  PROP_MAX_RETRIES,
  PROP_REQUESTS_PER_SECOND,
  PROP_TIMEOUT_MS,
  PROP_RETRY_DELAY_MS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef void (*Step) (GTask *task);

typedef struct
{
  BdDodoClient  *client;
  char          *method;
  GUri          *uri;
  GBytes        *body;            /* request body, or NULL */
  GFile         *destination;     /* download target, or NULL */
  GFile         *partial;         /* the download's temporary file */
  gboolean       partial_created;
  char          *api_key;
  gboolean       idempotent;

  GCancellable  *cancellable;     /* cancelled by the caller or the deadline */
  GCancellable  *caller_cancellable;
  gulong         caller_handler;
  gint64         deadline;        /* monotonic µs, or G_MAXINT64 */
  GSource       *deadline_source;
  gboolean       deadline_hit;
  GSource       *wait_source;
  Step           next;            /* run when wait_source fires */

  guint          attempts;
  SoupMessage   *message;
  GInputStream  *input;
  GOutputStream *output;
  GError        *error;           /* kept while the partial file is deleted */
} Request;

/* Helpers */

static void
wipe_string (char *s)
{
  if (s != NULL)
    {
      explicit_bzero (s, strlen (s));
      g_free (s);
    }
}

static void
destroy_source (GSource *source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

static void
request_free (Request *req)
{
  if (req->caller_handler != 0)
    g_cancellable_disconnect (req->caller_cancellable, req->caller_handler);
  g_clear_pointer (&req->deadline_source, destroy_source);
  g_clear_pointer (&req->wait_source, destroy_source);
  g_clear_object (&req->partial);
  g_clear_object (&req->destination);
  g_clear_object (&req->caller_cancellable);
  g_clear_object (&req->cancellable);
  g_clear_object (&req->message);
  g_clear_object (&req->input);
  g_clear_object (&req->output);
  g_clear_error (&req->error);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_clear_pointer (&req->uri, g_uri_unref);
  g_clear_pointer (&req->api_key, wipe_string);
  g_clear_pointer (&req->method, g_free);
  g_clear_object (&req->client);
  g_free (req);
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* https:// anywhere, plain http:// only to this machine (the sandbox): the
 * bearer key must never cross a network unencrypted. */
static GError *
check_base_url (const char *base_url)
{
  g_autoptr(GUri) uri = g_uri_parse (base_url != NULL ? base_url : "", SOUP_HTTP_URI_FLAGS, NULL);
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (host == NULL || host[0] == '\0' || g_uri_get_userinfo (uri) != NULL ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    return g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                        _("“%s” is not a valid server address"), base_url != NULL ? base_url : "");

  if (g_ascii_strcasecmp (scheme, "https") == 0 ||
      (g_ascii_strcasecmp (scheme, "http") == 0 && host_is_loopback (host)))
    return NULL;

  return g_error_new (BD_DODO_ERROR, BD_DODO_ERROR_TLS,
                      _("Refusing to talk to “%s” without encryption: only this "
                        "computer may be reached over http://, any other server needs https://"),
                      host);
}

static char *
build_url (BdDodoClient *self,
           const char   *path,
           GHashTable   *query)
{
  g_autoptr(GString) url = NULL;
  g_autoptr(GList) keys = NULL;

  g_assert (BD_IS_DODO_CLIENT (self));

  url = g_string_new (self->base_url);
  while (url->len > 0 && url->str[url->len - 1] == '/')
    g_string_truncate (url, url->len - 1);
  g_string_append (url, path);

  /* Sorted, so that a query always makes the same URL. */
  if (query != NULL)
    keys = g_list_sort (g_hash_table_get_keys (query), (GCompareFunc) strcmp);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      g_string_append_c (url, l == keys ? '?' : '&');
      g_string_append_uri_escaped (url, l->data, NULL, FALSE);
      g_string_append_c (url, '=');
      g_string_append_uri_escaped (url, g_hash_table_lookup (query, l->data), NULL, FALSE);
    }

  return g_string_free (g_steal_pointer (&url), FALSE);
}

static char *
dup_api_key (BdDodoClient  *self,
             GCancellable  *cancellable,
             GError       **error)
{
  BdDodoKeyFunc func;
  gpointer data;
  char *key;

  g_assert (BD_IS_DODO_CLIENT (self));

  g_mutex_lock (&self->key_mutex);
  func = self->key_func;
  data = self->key_data;
  key = g_strdup (self->api_key);
  g_mutex_unlock (&self->key_mutex);

  if (key == NULL && func != NULL)
    return func (self, cancellable, error, data);

  return key;
}

/* The request state machine */

static void take_token (GTask *task);

static void
on_caller_cancelled (GCancellable *caller,
                     GCancellable *internal)
{
  g_cancellable_cancel (internal);
}

static gboolean
on_deadline (gpointer user_data)
{
  Request *req = user_data;

  req->deadline_hit = TRUE;
  g_clear_pointer (&req->deadline_source, g_source_unref);
  g_cancellable_cancel (req->cancellable);

  return G_SOURCE_REMOVE;
}

static void
on_partial_deleted (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *req = g_task_get_task_data (task);

  g_file_delete_finish (G_FILE (object), result, NULL);
  g_task_return_error (task, g_steal_pointer (&req->error));
}

/* Every failure ends here: a download first removes its partial file. */
static void
return_error (GTask  *task,
              GError *error)
{
  Request *req = g_task_get_task_data (task);

  if (!req->partial_created)
    {
      g_task_return_error (task, error);
      return;
    }

  req->partial_created = FALSE;
  req->error = error;
  g_file_delete_async (req->partial, G_PRIORITY_DEFAULT, NULL,
                       on_partial_deleted, g_object_ref (task));
}

/* Ends the request after its cancellable fired: the caller's cancellation,
 * or the deadline, which is ambiguous for a write that was in flight. */
static void
return_cancelled (GTask    *task,
                  gboolean  in_flight)
{
  Request *req = g_task_get_task_data (task);

  if (req->deadline_hit)
    return_error (task, bd_dodo_error_deadline (req->client->timeout_ms,
                                                in_flight && !req->idempotent));
  else
    return_error (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                             _("The request was cancelled")));
}

/* A failure of the local file, not of the network: returned as it is. */
static void
return_local_error (GTask  *task,
                    GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      return_cancelled (task, FALSE);
    }
  else
    return_error (task, error);
}

static gboolean
on_wait_done (gpointer user_data)
{
  GTask *task = user_data;
  Request *req = g_task_get_task_data (task);

  g_clear_pointer (&req->wait_source, g_source_unref);

  if (g_cancellable_is_cancelled (req->cancellable))
    return_cancelled (task, FALSE);
  else
    req->next (task);

  return G_SOURCE_REMOVE;
}

/* Runs @next after @delay_us, or ends the request as soon as it is
 * cancelled. */
static void
wait_then (GTask  *task,
           gint64  delay_us,
           Step    next)
{
  Request *req = g_task_get_task_data (task);
  g_autoptr(GSource) cancel_source = g_cancellable_source_new (req->cancellable);

  req->next = next;
  req->wait_source = g_timeout_source_new ((guint) ((delay_us + 999) / 1000));
  g_source_set_dummy_callback (cancel_source);
  g_source_add_child_source (req->wait_source, cancel_source);
  g_source_set_callback (req->wait_source, on_wait_done, g_object_ref (task), g_object_unref);
  g_source_attach (req->wait_source, g_task_get_context (task));
}

/* Retries after @error while attempts and time remain; else returns it. */
static void
retry_or_return (GTask  *task,
                 GError *error,
                 gint64  retry_after_ms)
{
  Request *req = g_task_get_task_data (task);
  BdDodoClient *self = req->client;
  gint64 delay_ms;

  if (req->attempts > self->max_retries)
    {
      g_prefix_error (&error, _("Gave up after %u attempts: "), req->attempts);
      return_error (task, error);
      return;
    }

  delay_ms = retry_after_ms >= 0 ? retry_after_ms
                                 : bd_dodo_backoff_ms (req->attempts, self->retry_delay_ms);

  /* Waiting past the deadline would only end in a vaguer error. */
  if (g_get_monotonic_time () + delay_ms * 1000 >= req->deadline)
    {
      return_error (task, error);
      return;
    }

  g_debug ("%s %s failed (%s); retrying in %" G_GINT64_FORMAT " ms",
           req->method, g_uri_get_path (req->uri), error->message, delay_ms);
  g_error_free (error);
  wait_then (task, delay_ms * 1000, take_token);
}

/* A failure to send or to read the answer.  GETs retry on any network
 * failure; writes only when no connection was made, since Dodo has no
 * idempotency key: anything later is reported as ambiguous. */
static void
on_transport_error (GTask        *task,
                    const GError *error)
{
  Request *req = g_task_get_task_data (task);

  if (g_cancellable_is_cancelled (req->cancellable))
    return_cancelled (task, TRUE);
  else if (bd_dodo_is_tls_setup_error (error))
    return_error (task, bd_dodo_error_from_transport (error, FALSE));
  else if (bd_dodo_transport_never_sent (error) ||
           (req->idempotent && bd_dodo_transport_is_network (error)))
    retry_or_return (task, bd_dodo_error_from_transport (error, FALSE), -1);
  else
    return_error (task, bd_dodo_error_from_transport (error, !req->idempotent));
}

static void
on_status_error (GTask  *task,
                 guint   status,
                 GBytes *body)
{
  Request *req = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (req->message);
  gint64 retry_after_ms = bd_dodo_retry_after_ms (headers);
  GError *error = bd_dodo_error_from_status (status, body);

  if (bd_dodo_status_is_retryable (status, req->idempotent, retry_after_ms >= 0))
    retry_or_return (task, error, retry_after_ms);
  else
    return_error (task, error);
}

static void
on_moved (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *req = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_file_move_finish (G_FILE (object), result, &error))
    {
      return_local_error (task, error);
      return;
    }

  req->partial_created = FALSE;
  g_task_return_boolean (task, TRUE);
}

static void
on_body_read (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *req = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status = soup_message_get_status (req->message);
  JsonNode *node;

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (object), result, &error) < 0)
    {
      if (req->partial_created && !bd_dodo_transport_is_network (error) &&
          !g_cancellable_is_cancelled (req->cancellable))
        return_local_error (task, g_steal_pointer (&error));
      else
        on_transport_error (task, error);
      return;
    }

  if (G_IS_MEMORY_OUTPUT_STREAM (req->output))
    body = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (req->output));

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    on_status_error (task, status, body);
  else if (req->destination != NULL)
    g_file_move_async (req->partial, req->destination, G_FILE_COPY_OVERWRITE,
                       G_PRIORITY_DEFAULT, req->cancellable, NULL, NULL,
                       on_moved, g_object_ref (task));
  else if (g_bytes_get_size (body) == 0)
    g_task_return_pointer (task, json_node_new (JSON_NODE_NULL), (GDestroyNotify) json_node_unref);
  else if ((node = bd_dodo_parse_json (body, &error)) != NULL)
    g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
  else
    return_error (task, g_steal_pointer (&error));
}

static void
read_body (GTask *task)
{
  Request *req = g_task_get_task_data (task);

  g_output_stream_splice_async (req->output, req->input,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                                G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, req->cancellable,
                                on_body_read, g_object_ref (task));
}

static void
on_partial_opened (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *req = g_task_get_task_data (task);
  GError *error = NULL;

  req->output = G_OUTPUT_STREAM (g_file_replace_finish (G_FILE (object), result, &error));
  if (req->output == NULL)
    {
      return_local_error (task, error);
      return;
    }

  req->partial_created = TRUE;
  read_body (task);
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *req = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  req->input = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (req->input == NULL)
    {
      on_transport_error (task, error);
      return;
    }

  /* A download streams into its file; everything else (errors included)
   * is read into memory. */
  if (req->destination != NULL && SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (req->message)))
    {
      g_file_replace_async (req->partial, NULL, FALSE,
                            G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                            G_PRIORITY_DEFAULT, req->cancellable,
                            on_partial_opened, g_object_ref (task));
      return;
    }

  req->output = g_memory_output_stream_new_resizable ();
  read_body (task);
}

static void
send_attempt (GTask *task)
{
  Request *req = g_task_get_task_data (task);
  SoupMessageHeaders *headers;

  req->attempts++;
  g_clear_object (&req->input);
  g_clear_object (&req->output);
  g_clear_object (&req->message);

  req->message = soup_message_new_from_uri (req->method, req->uri);
  /* A redirect could carry the key elsewhere; Dodo's API never sends one. */
  soup_message_add_flags (req->message, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (req->message);
  soup_message_headers_replace (headers, "Accept",
                                req->destination != NULL ? "*/*" : "application/json");
  if (req->api_key != NULL)
    {
      char *authorization = g_strconcat ("Bearer ", req->api_key, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
      wipe_string (authorization);
    }
  if (req->body != NULL)
    soup_message_set_request_body_from_bytes (req->message, "application/json", req->body);

  soup_session_send_async (req->client->session, req->message, G_PRIORITY_DEFAULT,
                           req->cancellable, on_sent, g_object_ref (task));
}

/* Every attempt, retries included, spends from the account's budget. */
static void
take_token (GTask *task)
{
  Request *req = g_task_get_task_data (task);
  gint64 wait_us = bd_dodo_bucket_take (&req->client->bucket);

  if (wait_us > 0)
    wait_then (task, wait_us, send_attempt);
  else
    send_attempt (task);
}

static void
request_start (GTask       *task,
               const char  *method,
               const char  *path,
               GHashTable  *query,
               GBytes      *body,
               GFile       *destination)
{
  BdDodoClient *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  Request *req = g_new0 (Request, 1);
  g_autofree char *url = NULL;
  GError *error = NULL;

  /* The real outcome of a write matters more than a late cancellation. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, req, (GDestroyNotify) request_free);

  req->client = g_object_ref (self);
  req->method = g_strdup (method);
  req->idempotent = g_str_equal (method, "GET") || g_str_equal (method, "HEAD");
  req->body = body != NULL ? g_bytes_ref (body) : NULL;
  req->deadline = G_MAXINT64;
  req->cancellable = g_cancellable_new ();

  if (destination != NULL)
    {
      g_autofree char *basename = g_file_get_basename (destination);
      g_autofree char *name = g_strdup_printf (".%s.%08x.part", basename, g_random_int ());
      g_autoptr(GFile) parent = g_file_get_parent (destination);

      req->destination = g_object_ref (destination);
      req->partial = g_file_get_child (parent, name);
    }

  if (cancellable != NULL)
    {
      req->caller_cancellable = g_object_ref (cancellable);
      req->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                                   g_object_ref (req->cancellable), g_object_unref);
    }

  if (self->url_error != NULL)
    {
      g_task_return_error (task, g_error_copy (self->url_error));
      return;
    }

  url = build_url (self, path, query);
  if (!(req->uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  req->api_key = dup_api_key (self, req->cancellable, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (self->timeout_ms > 0)
    {
      req->deadline = g_get_monotonic_time () + (gint64) self->timeout_ms * 1000;
      req->deadline_source = g_timeout_source_new (self->timeout_ms);
      g_source_set_callback (req->deadline_source, on_deadline, req, NULL);
      g_source_attach (req->deadline_source, g_task_get_context (task));
    }

  take_token (task);
}

/* Sync API: the async state machine on a context private to the thread.
 * One per thread, not per call, so that libsoup can keep reusing the
 * connections it made there. */

static GPrivate sync_context = G_PRIVATE_INIT ((GDestroyNotify) g_main_context_unref);

GMainContext *
bd_dodo_sync_begin (void)
{
  GMainContext *context = g_private_get (&sync_context);

  if (context == NULL)
    {
      context = g_main_context_new ();
      g_private_set (&sync_context, context);
    }

  g_main_context_push_thread_default (context);
  return context;
}

void
bd_dodo_sync_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

GAsyncResult *
bd_dodo_sync_wait (GMainContext  *context,
                   GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);

  return *slot;
}

/* GObject */

static void
bd_dodo_client_constructed (GObject *object)
{
  BdDodoClient *self = BD_DODO_CLIENT (object);

  G_OBJECT_CLASS (bd_dodo_client_parent_class)->constructed (object);

  self->url_error = check_base_url (self->base_url);
}

static void
bd_dodo_client_finalize (GObject *object)
{
  BdDodoClient *self = BD_DODO_CLIENT (object);

  if (self->key_destroy != NULL)
    self->key_destroy (self->key_data);
  g_clear_pointer (&self->api_key, wipe_string);
  g_mutex_clear (&self->key_mutex);
  bd_dodo_bucket_clear (&self->bucket);
  g_clear_object (&self->session);
  g_clear_error (&self->url_error);
  g_clear_pointer (&self->base_url, g_free);

  G_OBJECT_CLASS (bd_dodo_client_parent_class)->finalize (object);
}

static void
bd_dodo_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BdDodoClient *self = BD_DODO_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_MAX_RETRIES:
      g_value_set_uint (value, self->max_retries);
      break;
    case PROP_REQUESTS_PER_SECOND:
      g_value_set_double (value, bd_dodo_client_get_requests_per_second (self));
      break;
    case PROP_TIMEOUT_MS:
      g_value_set_uint (value, self->timeout_ms);
      break;
    case PROP_RETRY_DELAY_MS:
      g_value_set_uint (value, self->retry_delay_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_dodo_client_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BdDodoClient *self = BD_DODO_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      self->base_url = g_value_dup_string (value);
      break;
    case PROP_API_KEY:
      bd_dodo_client_set_api_key (self, g_value_get_string (value));
      break;
    case PROP_MAX_RETRIES:
      bd_dodo_client_set_max_retries (self, g_value_get_uint (value));
      break;
    case PROP_REQUESTS_PER_SECOND:
      bd_dodo_client_set_requests_per_second (self, g_value_get_double (value));
      break;
    case PROP_TIMEOUT_MS:
      bd_dodo_client_set_timeout_ms (self, g_value_get_uint (value));
      break;
    case PROP_RETRY_DELAY_MS:
      bd_dodo_client_set_retry_delay_ms (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_dodo_client_class_init (BdDodoClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = bd_dodo_client_constructed;
  object_class->finalize = bd_dodo_client_finalize;
  object_class->get_property = bd_dodo_client_get_property;
  object_class->set_property = bd_dodo_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Write-only: the key never comes back out of the client. */
  properties[PROP_API_KEY] =
    g_param_spec_string ("api-key", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_RETRIES] =
    g_param_spec_uint ("max-retries", NULL, NULL, 0, 100, DEFAULT_MAX_RETRIES,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REQUESTS_PER_SECOND] =
    g_param_spec_double ("requests-per-second", NULL, NULL, 0, 10000, DEFAULT_RATE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT_MS] =
    g_param_spec_uint ("timeout-ms", NULL, NULL, 0, G_MAXUINT, DEFAULT_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETRY_DELAY_MS] =
    g_param_spec_uint ("retry-delay-ms", NULL, NULL, 0, 60000, DEFAULT_RETRY_DELAY_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bd_dodo_client_init (BdDodoClient *self)
{
  g_mutex_init (&self->key_mutex);
  bd_dodo_bucket_init (&self->bucket, DEFAULT_RATE);
  self->max_retries = DEFAULT_MAX_RETRIES;
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
  self->retry_delay_ms = DEFAULT_RETRY_DELAY_MS;
  self->session = soup_session_new_with_options ("timeout", IO_TIMEOUT_S,
                                                 "user-agent", "BillingDesk/" PACKAGE_VERSION,
                                                 NULL);
}

/* Public API */

/**
 * bd_dodo_client_check_base_url:
 *
 * Checks @base_url against the rule every client enforces: https://, or
 * plain http:// only to a loopback address.  For settings dialogs and the
 * account list, which must refuse an address before any client exists.
 */
gboolean
bd_dodo_client_check_base_url (const char  *base_url,
                               GError     **error)
{
  GError *url_error = check_base_url (base_url);

  if (url_error == NULL)
    return TRUE;

  g_propagate_error (error, url_error);
  return FALSE;
}

BdDodoClient *
bd_dodo_client_new (const char  *base_url,
                    GError     **error)
{
  g_autoptr(BdDodoClient) self = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (BD_TYPE_DODO_CLIENT, "base-url", base_url, NULL);
  if (self->url_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->url_error));
      return NULL;
    }

  return g_steal_pointer (&self);
}

const char *
bd_dodo_client_get_base_url (BdDodoClient *self)
{
  g_return_val_if_fail (BD_IS_DODO_CLIENT (self), NULL);

  return self->base_url;
}

void
bd_dodo_client_set_api_key (BdDodoClient *self,
                            const char   *api_key)
{
  g_return_if_fail (BD_IS_DODO_CLIENT (self));

  g_mutex_lock (&self->key_mutex);
  g_clear_pointer (&self->api_key, wipe_string);
  self->api_key = g_strdup (api_key);
  g_mutex_unlock (&self->key_mutex);
}

/* Used when no key was set with bd_dodo_client_set_api_key(). */
void
bd_dodo_client_set_key_func (BdDodoClient   *self,
                             BdDodoKeyFunc   func,
                             gpointer        user_data,
                             GDestroyNotify  destroy)
{
  GDestroyNotify old_destroy;
  gpointer old_data;

  g_return_if_fail (BD_IS_DODO_CLIENT (self));

  g_mutex_lock (&self->key_mutex);
  old_destroy = self->key_destroy;
  old_data = self->key_data;
  self->key_func = func;
  self->key_data = user_data;
  self->key_destroy = destroy;
  g_mutex_unlock (&self->key_mutex);

  if (old_destroy != NULL)
    old_destroy (old_data);
}

guint
bd_dodo_client_get_max_retries (BdDodoClient *self)
{
  g_return_val_if_fail (BD_IS_DODO_CLIENT (self), 0);

  return self->max_retries;
}

void
bd_dodo_client_set_max_retries (BdDodoClient *self,
                                guint         max_retries)
{
  g_return_if_fail (BD_IS_DODO_CLIENT (self));

  if (self->max_retries == max_retries)
    return;

  self->max_retries = max_retries;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RETRIES]);
}

double
bd_dodo_client_get_requests_per_second (BdDodoClient *self)
{
  g_return_val_if_fail (BD_IS_DODO_CLIENT (self), 0);

  return bd_dodo_bucket_get_rate (&self->bucket);
}

/* 0 means no limit. */
void
bd_dodo_client_set_requests_per_second (BdDodoClient *self,
                                        double        rate)
{
  g_return_if_fail (BD_IS_DODO_CLIENT (self));
  g_return_if_fail (rate >= 0);

  if (bd_dodo_bucket_get_rate (&self->bucket) == rate)
    return;

  bd_dodo_bucket_set_rate (&self->bucket, rate);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUESTS_PER_SECOND]);
}

guint
bd_dodo_client_get_timeout_ms (BdDodoClient *self)
{
  g_return_val_if_fail (BD_IS_DODO_CLIENT (self), 0);

  return self->timeout_ms;
}

/* The deadline of a whole request, retries included; 0 means none. */
void
bd_dodo_client_set_timeout_ms (BdDodoClient *self,
                               guint         timeout_ms)
{
  g_return_if_fail (BD_IS_DODO_CLIENT (self));

  if (self->timeout_ms == timeout_ms)
    return;

  self->timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT_MS]);
}

guint
bd_dodo_client_get_retry_delay_ms (BdDodoClient *self)
{
  g_return_val_if_fail (BD_IS_DODO_CLIENT (self), 0);

  return self->retry_delay_ms;
}

/* The first backoff; each retry doubles it, up to 8 s. */
void
bd_dodo_client_set_retry_delay_ms (BdDodoClient *self,
                                   guint         delay_ms)
{
  g_return_if_fail (BD_IS_DODO_CLIENT (self));

  if (self->retry_delay_ms == delay_ms)
    return;

  self->retry_delay_ms = delay_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_DELAY_MS]);
}

void
bd_dodo_client_request_async (BdDodoClient        *self,
                              const char          *method,
                              const char          *path,
                              GHashTable          *query,
                              JsonNode            *body,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (BD_IS_DODO_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL && path[0] == '/');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_dodo_client_request_async);

  if (body != NULL)
    {
      char *text = json_to_string (body, FALSE);

      bytes = g_bytes_new_take (text, strlen (text));
    }

  request_start (task, method, path, query, bytes, NULL);
}

JsonNode *
bd_dodo_client_request_finish (BdDodoClient  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (BD_IS_DODO_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bd_dodo_client_request_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

JsonNode *
bd_dodo_client_request (BdDodoClient  *self,
                        const char    *method,
                        const char    *path,
                        GHashTable    *query,
                        JsonNode      *body,
                        GCancellable  *cancellable,
                        GError       **error)
{
  GMainContext *context;
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (BD_IS_DODO_CLIENT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  context = bd_dodo_sync_begin ();
  bd_dodo_client_request_async (self, method, path, query, body, cancellable,
                                bd_dodo_sync_done, &result);

  return bd_dodo_client_request_finish (self, bd_dodo_sync_wait (context, &result), error);
}

void
bd_dodo_client_download_async (BdDodoClient        *self,
                               const char          *path,
                               GFile               *destination,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GFile) parent = NULL;

  g_return_if_fail (BD_IS_DODO_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');
  g_return_if_fail (G_IS_FILE (destination));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  /* The partial file goes next to the destination. */
  parent = g_file_get_parent (destination);
  g_return_if_fail (parent != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_dodo_client_download_async);

  request_start (task, "GET", path, NULL, NULL, destination);
}

gboolean
bd_dodo_client_download_finish (BdDodoClient  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (BD_IS_DODO_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bd_dodo_client_download_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
bd_dodo_client_download (BdDodoClient  *self,
                         const char    *path,
                         GFile         *destination,
                         GCancellable  *cancellable,
                         GError       **error)
{
  GMainContext *context;
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (BD_IS_DODO_CLIENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  context = bd_dodo_sync_begin ();
  bd_dodo_client_download_async (self, path, destination, cancellable,
                                 bd_dodo_sync_done, &result);

  return bd_dodo_client_download_finish (self, bd_dodo_sync_wait (context, &result), error);
}
