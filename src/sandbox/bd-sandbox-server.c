/* bd-sandbox-server.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-sandbox"

#include "config.h"

#include <string.h>

#include "bd-dodo-client.h"
#include "bd-dodo-codec.h"
#include "bd-sandbox-persist.h"
#include "bd-sandbox-private.h"

struct _BdSandboxServer
{
  GObject           parent_instance;

  SoupServer       *soup;
  BdSandboxState   *state;
  BdSandboxFaults  *faults;
  char             *api_key;
  char             *base_url;

  /* "GET /payments/{payment_id}" → Counter */
  GHashTable       *stats;
  guint64           total_requests;
};

typedef struct
{
  guint64 requests;
  guint64 faults;
} Counter;

/* A request waiting for its injected latency. */
typedef struct
{
  BdSandboxRequest      *req;
  const BdSandboxRoute  *route;
  BdSandboxFault         fault;
  gboolean               has_fault;
} Pending;

G_DEFINE_FINAL_TYPE (BdSandboxServer, bd_sandbox_server, G_TYPE_OBJECT)

/* Helpers */

static void
request_free (BdSandboxRequest *req)
{
  g_clear_object (&req->msg);
  g_clear_pointer (&req->params, g_ptr_array_unref);
  g_clear_pointer (&req->query, g_hash_table_unref);
  g_clear_pointer (&req->body, json_node_unref);
  g_free (req->path);
  g_free (req);
}

static const char *
segment_end (const char *s)
{
  const char *slash = strchr (s, '/');

  return slash != NULL ? slash : s + strlen (s);
}

/* Matches @path against @pattern segment by segment; "{name}" takes one
 * non-empty segment into @params. */
static gboolean
route_match (const char *pattern,
             const char *path,
             GPtrArray  *params)
{
  const char *p = pattern, *s = path;

  g_ptr_array_set_size (params, 0);
  while (*p == '/' && *s == '/')
    {
      const char *pend = segment_end (p + 1);
      const char *send = segment_end (s + 1);

      if (p[1] == '{')
        {
          g_autofree char *raw = g_strndup (s + 1, send - s - 1);

          if (send == s + 1)
            return FALSE;
          g_ptr_array_add (params, g_uri_unescape_string (raw, NULL));
        }
      else if (pend - p != send - s || strncmp (p, s, pend - p) != 0)
        return FALSE;
      p = pend;
      s = send;
    }
  return *p == '\0' && *s == '\0';
}

static const BdSandboxRoute *
find_route (const char *method,
            const char *path,
            GPtrArray  *params,
            gboolean   *path_known)
{
  static const struct {
    const BdSandboxRoute *routes;
    const guint          *n;
  } tables[] = {
    { bd_sandbox_api_routes, &bd_sandbox_n_api_routes },
    { bd_sandbox_control_routes, &bd_sandbox_n_control_routes },
  };

  *path_known = FALSE;
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    for (guint i = 0; i < *tables[t].n; i++)
      {
        const BdSandboxRoute *route = &tables[t].routes[i];

        if (!route_match (route->pattern, path, params))
          continue;
        *path_known = TRUE;
        if (g_str_equal (route->method, method))
          return route;
      }
  return NULL;
}

/* Constant-time, so the key cannot be guessed byte by byte from timings. */
static gboolean
authorized (BdSandboxServer   *self,
            SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  gsize want = strlen (self->api_key);
  guchar diff = 0;
  const char *given;

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return FALSE;
  given = header + 7;
  if (strlen (given) != want)
    return FALSE;
  for (gsize i = 0; i < want; i++)
    diff |= (guchar) (given[i] ^ self->api_key[i]);
  return diff == 0;
}

static void
count (BdSandboxServer      *self,
       const char           *method,
       const BdSandboxRoute *route,
       gboolean              faulted)
{
  g_autofree char *key = route != NULL ? g_strdup_printf ("%s %s", method, route->pattern)
                                       : g_strdup ("unmatched");
  Counter *counter = g_hash_table_lookup (self->stats, key);

  if (counter == NULL)
    {
      counter = g_new0 (Counter, 1);
      g_hash_table_insert (self->stats, g_steal_pointer (&key), counter);
    }
  counter->requests++;
  counter->faults += faulted;
  self->total_requests++;
}

static void
drop_connection (SoupServerMessage *msg)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  g_io_stream_close (stream, NULL, NULL);
}

/* Sends the headers of the answer the handler made, with its full
 * Content-Length, and only half of its body, then hangs up. */
static void
send_truncated (SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  guint status = soup_server_message_get_status (msg);
  g_autoptr(GIOStream) stream = NULL;
  g_autofree char *head = NULL;
  gsize size = g_bytes_get_size (body);

  head = g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                          "Content-Type: application/json\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "Connection: close\r\n\r\n",
                          status, soup_status_get_phrase (status), size);
  stream = soup_server_message_steal_connection (msg);
  g_output_stream_write_all (g_io_stream_get_output_stream (stream), head, strlen (head),
                             NULL, NULL, NULL);
  g_output_stream_write_all (g_io_stream_get_output_stream (stream),
                             g_bytes_get_data (body, NULL), size / 2, NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

/* Keeps the status and length class of the answer but breaks the JSON. */
static void
send_malformed (SoupServerMessage *msg)
{
  static const char garbage[] = "{\"items\": [{\"payment_id\": \"pay_";

  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    garbage, strlen (garbage));
}

static void
run_request (BdSandboxServer      *self,
             BdSandboxRequest     *req,
             const BdSandboxRoute *route,
             gboolean              has_fault,
             const BdSandboxFault *fault)
{
  SoupServerMessage *msg = req->msg;

  if (has_fault && fault->kind == BD_SANDBOX_FAULT_DROP_BEFORE)
    {
      drop_connection (msg);
      return;
    }

  if (has_fault && fault->kind == BD_SANDBOX_FAULT_STATUS)
    {
      if (fault->retry_after > 0 && (fault->status == BD_HTTP_TOO_MANY || fault->status == 503))
        {
          g_autofree char *value = g_strdup_printf ("%u", fault->retry_after);

          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Retry-After", value);
        }
      if (fault->status == BD_HTTP_TOO_MANY)
        bd_sandbox_reply_error (req, fault->status, "TOO_MANY_REQUESTS", "Too many requests");
      else
        bd_sandbox_reply_error (req, fault->status, "INTERNAL_SERVER_ERROR",
                                "Something went wrong :( (injected fault)");
      return;
    }

  if (!route->open && !authorized (self, msg))
    {
      bd_sandbox_reply_error (req, SOUP_STATUS_UNAUTHORIZED, "UNAUTHORIZED",
                              "Missing or invalid API key");
      return;
    }

  route->handler (req);
  /* --data-dir: what the request changed is on disk before the answer. */
  bd_sandbox_persist_sync_state (req->state);

  if (!has_fault)
    return;
  switch (fault->kind)
    {
    case BD_SANDBOX_FAULT_DROP_AFTER:
      drop_connection (msg);
      break;
    case BD_SANDBOX_FAULT_TRUNCATE:
      send_truncated (msg);
      break;
    case BD_SANDBOX_FAULT_MALFORMED:
      send_malformed (msg);
      break;
    case BD_SANDBOX_FAULT_LATENCY:
    case BD_SANDBOX_FAULT_STATUS:
    case BD_SANDBOX_FAULT_DROP_BEFORE:
    default:
      break;
    }
}

static gboolean
latency_done (gpointer user_data)
{
  Pending *pending = user_data;
  BdSandboxRequest *req = pending->req;

  run_request (req->server, req, pending->route, FALSE, NULL);
  soup_server_message_unpause (req->msg);
  request_free (req);
  g_free (pending);
  return G_SOURCE_REMOVE;
}

/* Callbacks */

static void
handle_message (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  BdSandboxServer *self = user_data;
  BdSandboxRequest *req = g_new0 (BdSandboxRequest, 1);
  const BdSandboxRoute *route;
  BdSandboxFault fault;
  gboolean has_fault, path_known;

  req->server = self;
  req->state = self->state;
  req->msg = g_object_ref (msg);
  req->method = soup_server_message_get_method (msg);
  req->path = g_strdup (path);
  req->params = g_ptr_array_new_with_free_func (g_free);
  req->query = query != NULL ? g_hash_table_ref (query) : NULL;

  route = find_route (req->method, path, req->params, &path_known);
  has_fault = bd_sandbox_faults_pick (self->faults, req->method, path, &fault);
  count (self, req->method, route, has_fault);

  if (route == NULL)
    {
      if (!authorized (self, msg))
        bd_sandbox_reply_error (req, SOUP_STATUS_UNAUTHORIZED, "UNAUTHORIZED",
                                "Missing or invalid API key");
      else if (path_known)
        bd_sandbox_reply_error (req, SOUP_STATUS_METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                                "%s is not allowed on %s", req->method, path);
      else
        bd_sandbox_reply_error (req, SOUP_STATUS_NOT_FOUND, "NOT_FOUND",
                                "No route %s %s", req->method, path);
      request_free (req);
      return;
    }

  if (has_fault && fault.kind == BD_SANDBOX_FAULT_LATENCY)
    {
      Pending *pending = g_new0 (Pending, 1);

      pending->req = req;
      pending->route = route;
      soup_server_message_pause (msg);
      g_timeout_add (fault.latency_ms, latency_done, pending);
      return;
    }

  run_request (self, req, route, has_fault, &fault);
  request_free (req);
}

/* GObject overrides */

static void
bd_sandbox_server_dispose (GObject *object)
{
  BdSandboxServer *self = (BdSandboxServer *) object;

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->state);

  G_OBJECT_CLASS (bd_sandbox_server_parent_class)->dispose (object);
}

static void
bd_sandbox_server_finalize (GObject *object)
{
  BdSandboxServer *self = (BdSandboxServer *) object;

  g_clear_pointer (&self->faults, bd_sandbox_faults_free);
  g_clear_pointer (&self->stats, g_hash_table_unref);
  if (self->api_key != NULL)
    memset (self->api_key, 0, strlen (self->api_key));
  g_clear_pointer (&self->api_key, g_free);
  g_clear_pointer (&self->base_url, g_free);

  G_OBJECT_CLASS (bd_sandbox_server_parent_class)->finalize (object);
}

static void
bd_sandbox_server_class_init (BdSandboxServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bd_sandbox_server_dispose;
  object_class->finalize = bd_sandbox_server_finalize;
}

static void
bd_sandbox_server_init (BdSandboxServer *self)
{
  self->stats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* Request and reply helpers (bd-sandbox-private.h) */

const char *
bd_sandbox_request_param (BdSandboxRequest *req,
                          guint             index)
{
  return index < req->params->len ? req->params->pdata[index] : NULL;
}

const char *
bd_sandbox_request_query (BdSandboxRequest *req,
                          const char       *name)
{
  return req->query != NULL ? g_hash_table_lookup (req->query, name) : NULL;
}

JsonObject *
bd_sandbox_request_object (BdSandboxRequest *req)
{
  if (req->body == NULL)
    {
      g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (req->msg));
      g_autoptr(GError) error = NULL;

      if (g_bytes_get_size (bytes) == 0)
        {
          bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_BODY",
                                  "The request body is empty; a JSON object is required");
          return NULL;
        }
      if (!(req->body = bd_dodo_parse_json (bytes, &error)))
        {
          bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_BODY",
                                  "The request body is not valid JSON: %s", error->message);
          return NULL;
        }
    }
  if (!JSON_NODE_HOLDS_OBJECT (req->body))
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_BODY",
                              "The request body must be a JSON object");
      return NULL;
    }
  return json_node_get_object (req->body);
}

static gboolean
query_uint (BdSandboxRequest *req,
            const char       *name,
            guint64           min,
            guint64           max,
            guint            *value)
{
  const char *text = bd_sandbox_request_query (req, name);
  guint64 number;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, min, max, &number, NULL))
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_QUERY_PARAMS",
                              "%s must be an integer from %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT,
                              name, min, max);
      return FALSE;
    }
  *value = (guint) number;
  return TRUE;
}

gboolean
bd_sandbox_request_page (BdSandboxRequest *req,
                         guint            *page_number,
                         guint            *page_size)
{
  *page_number = 0;
  *page_size = 10;
  return query_uint (req, "page_size", 1, 100, page_size) &&
         query_uint (req, "page_number", 0, G_MAXINT32, page_number);
}

gboolean
bd_sandbox_request_created (BdSandboxRequest *req,
                            gint64           *gte,
                            gint64           *lte)
{
  static const char * const names[] = { "created_at_gte", "created_at_lte" };
  gint64 *out[] = { gte, lte };

  *gte = G_MININT64;
  *lte = G_MAXINT64;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *text = bd_sandbox_request_query (req, names[i]);

      if (text != NULL && !bd_sandbox_parse_time (text, out[i]))
        {
          bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_QUERY_PARAMS",
                                  "%s must be an RFC 3339 date-time, not “%s”", names[i], text);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
bd_sandbox_request_bool (BdSandboxRequest *req,
                         const char       *name,
                         int              *value)
{
  const char *text = bd_sandbox_request_query (req, name);

  *value = -1;
  if (text == NULL)
    return TRUE;
  if (g_str_equal (text, "true") || g_str_equal (text, "false"))
    {
      *value = g_str_equal (text, "true");
      return TRUE;
    }
  bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_QUERY_PARAMS",
                          "%s must be true or false, not “%s”", name, text);
  return FALSE;
}

void
bd_sandbox_reply_json (BdSandboxRequest *req,
                       guint             status,
                       JsonNode         *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length = 0;
  char *text;

  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &length);
  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, "application/json", SOUP_MEMORY_TAKE, text, length);
}

void
bd_sandbox_reply_model (BdSandboxRequest *req,
                        guint             status,
                        gpointer          model)
{
  /* Every field, the unset ones as null, as Dodo answers. */
  g_autoptr(JsonNode) node = bd_dodo_encode_full (model);

  bd_sandbox_reply_json (req, status, node);
}

void
bd_sandbox_reply_items (BdSandboxRequest *req,
                        GPtrArray        *models)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  JsonArray *items = json_array_sized_new (models->len);

  for (guint i = 0; i < models->len; i++)
    json_array_add_element (items, bd_dodo_encode_full (models->pdata[i]));
  json_object_set_array_member (object, "items", items);
  json_node_take_object (root, object);
  bd_sandbox_reply_json (req, SOUP_STATUS_OK, root);
}

void
bd_sandbox_reply_empty (BdSandboxRequest *req,
                        guint             status)
{
  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, NULL, SOUP_MEMORY_STATIC, NULL, 0);
}

void
bd_sandbox_reply_error (BdSandboxRequest *req,
                        guint             status,
                        const char       *code,
                        const char       *format,
                        ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  bd_sandbox_reply_json (req, status, root);
}

void
bd_sandbox_reply_not_found (BdSandboxRequest *req,
                            const char       *what,
                            const char       *id)
{
  bd_sandbox_reply_error (req, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "%s %s not found", what, id);
}

void
bd_sandbox_reply_collection (BdSandboxRequest *req,
                             BdSandboxKind     kind,
                             BdSandboxFilter   filter)
{
  BdSandboxCollection *c = bd_sandbox_state_collection (req->state, kind);
  g_autoptr(GPtrArray) page = g_ptr_array_new ();
  guint page_number, page_size;
  guint64 skip;
  gint64 gte, lte;

  if (!bd_sandbox_request_page (req, &page_number, &page_size) ||
      !bd_sandbox_request_created (req, &gte, &lte))
    return;

  skip = (guint64) page_number * page_size;
  for (guint i = c->items->len; i > 0 && page->len < page_size; i--)
    {
      gpointer model = c->items->pdata[i - 1];
      GDateTime *created = bd_model_get_datetime (model, "created-at");
      gint64 at = created != NULL ? bd_sandbox_time_from_datetime (created) : 0;

      if (at < gte || at > lte || (filter != NULL && !filter (req, model)))
        continue;
      if (skip > 0)
        {
          skip--;
          continue;
        }
      g_ptr_array_add (page, model);
    }
  bd_sandbox_reply_items (req, page);
}

JsonNode *
bd_sandbox_server_stats_to_json (BdSandboxServer *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (self->stats), (GCompareFunc) strcmp);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, (gint64) self->total_requests);
  json_builder_set_member_name (builder, "routes");
  json_builder_begin_object (builder);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      Counter *counter = g_hash_table_lookup (self->stats, l->data);

      json_builder_set_member_name (builder, l->data);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "requests");
      json_builder_add_int_value (builder, (gint64) counter->requests);
      json_builder_set_member_name (builder, "faults");
      json_builder_add_int_value (builder, (gint64) counter->faults);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

void
bd_sandbox_server_reset_stats (BdSandboxServer *self)
{
  g_hash_table_remove_all (self->stats);
  self->total_requests = 0;
}

/* Public API */

BdSandboxServer *
bd_sandbox_server_new (BdSandboxState *state,
                       const char     *api_key)
{
  BdSandboxServer *self;

  g_return_val_if_fail (BD_IS_SANDBOX_STATE (state), NULL);
  g_return_val_if_fail (api_key != NULL && *api_key != '\0', NULL);

  self = g_object_new (BD_TYPE_SANDBOX_SERVER, NULL);
  self->state = g_object_ref (state);
  self->api_key = g_strdup (api_key);
  self->faults = bd_sandbox_faults_new (0);
  self->soup = soup_server_new ("server-header", "billing-desk-sandbox/" PACKAGE_VERSION " ", NULL);
  soup_server_add_handler (self->soup, NULL, handle_message, self, NULL);
  return self;
}

char *
bd_sandbox_server_listen (BdSandboxServer  *self,
                          GInetAddress     *address,
                          guint             port,
                          GError          **error)
{
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GUri) uri = NULL;
  GSList *uris;

  g_return_val_if_fail (BD_IS_SANDBOX_SERVER (self), NULL);

  socket_address = g_inet_socket_address_new (address, (guint16) port);
  if (!soup_server_listen (self->soup, socket_address, 0, error))
    return NULL;

  uris = soup_server_get_uris (self->soup);
  uri = g_uri_ref (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_free (self->base_url);
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    self->base_url = g_strdup_printf ("http://[%s]:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  else
    self->base_url = g_strdup_printf ("http://%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  return g_strdup (self->base_url);
}

const char *
bd_sandbox_server_get_base_url (BdSandboxServer *self)
{
  g_return_val_if_fail (BD_IS_SANDBOX_SERVER (self), NULL);
  return self->base_url;
}

BdSandboxFaults *
bd_sandbox_server_get_faults (BdSandboxServer *self)
{
  g_return_val_if_fail (BD_IS_SANDBOX_SERVER (self), NULL);
  return self->faults;
}

BdSandboxState *
bd_sandbox_server_get_state (BdSandboxServer *self)
{
  g_return_val_if_fail (BD_IS_SANDBOX_SERVER (self), NULL);
  return self->state;
}
