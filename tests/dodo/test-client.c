/* test-client.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-client"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "bd-dodo-client.h"
#include "bd-dodo-pager.h"
#include "bd-test-util.h"

/* A real HTTP server on 127.0.0.1, run by its own thread and main context,
 * so that the client under test can block (sync API) or iterate the test's
 * main context (async API) while the server answers.  The server records
 * when each request came, and a responder chosen by the test answers. */

#define API_KEY "sk_test_do_not_leak_0123456789"
#define MAX_RECORDED 64

typedef struct _Fixture Fixture;

typedef void (*Respond) (Fixture           *f,
                         SoupServerMessage *msg,
                         guint              index);

struct _Fixture
{
  SoupServer   *server;
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  char         *url;
  BdDodoClient *client;

  GMutex        mutex;
  guint         n_requests;
  gint64        times[MAX_RECORDED];
  char         *queries[MAX_RECORDED];
  char         *authorization;
  GPtrArray    *paused;

  /* What the responder does; set before the first request. */
  Respond       respond;
  guint         status;
  const char   *body;
  const char   *header;
  char         *header_value;
  guint         fail_times;
  guint         n_items;
};

/* Server side (runs on the server thread) */

static void
set_json (SoupServerMessage *msg,
          guint              status,
          const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    body, body != NULL ? strlen (body) : 0);
}

/* f->fail_times failures (f->status, f->body, f->header), then success. */
static void
respond_fail_then_ok (Fixture           *f,
                      SoupServerMessage *msg,
                      guint              index)
{
  if (index >= f->fail_times)
    {
      set_json (msg, SOUP_STATUS_OK, "{\"ok\":true}");
      return;
    }

  set_json (msg, f->status, f->body);
  if (f->header != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  f->header, f->header_value);
}

/* f->fail_times dropped connections (after the request was read and
 * "processed"), then success. */
static void
respond_drop_then_ok (Fixture           *f,
                      SoupServerMessage *msg,
                      guint              index)
{
  g_autoptr(GIOStream) stream = NULL;

  if (index >= f->fail_times)
    {
      set_json (msg, SOUP_STATUS_OK, "{\"ok\":true}");
      return;
    }

  stream = soup_server_message_steal_connection (msg);
  g_io_stream_close (stream, NULL, NULL);
}

/* Never answers: the client has to give up or be cancelled. */
static void
respond_pause (Fixture           *f,
               SoupServerMessage *msg,
               guint              index)
{
  soup_server_message_pause (msg);
  g_mutex_lock (&f->mutex);
  g_ptr_array_add (f->paused, g_object_ref (msg));
  g_mutex_unlock (&f->mutex);
}

/* f->n_items objects {"id": i} in Dodo's page-number envelope. */
static void
respond_list (Fixture           *f,
              SoupServerMessage *msg,
              guint              index)
{
  const char *text = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) query = soup_form_decode (text != NULL ? text : "");
  const char *size_text = g_hash_table_lookup (query, "page_size");
  const char *number_text = g_hash_table_lookup (query, "page_number");
  /* Dodo's defaults when the client leaves them out. */
  guint size = size_text != NULL ? (guint) g_ascii_strtoull (size_text, NULL, 10) : 10;
  guint number = number_text != NULL ? (guint) g_ascii_strtoull (number_text, NULL, 10) : 0;
  g_autoptr(GString) body = g_string_new ("{\"items\":[");

  for (guint i = number * size; i < MIN ((number + 1) * size, f->n_items); i++)
    g_string_append_printf (body, "%s{\"id\":%u}", i > number * size ? "," : "", i);
  g_string_append (body, "]}");

  set_json (msg, SOUP_STATUS_OK, body->str);
}

static void
respond_pdf (Fixture           *f,
             SoupServerMessage *msg,
             guint              index)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/pdf", SOUP_MEMORY_STATIC,
                                    f->body, strlen (f->body));
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  guint index;

  g_mutex_lock (&f->mutex);
  index = f->n_requests++;
  if (index < MAX_RECORDED)
    {
      f->times[index] = g_get_monotonic_time ();
      f->queries[index] = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));
    }
  g_free (f->authorization);
  f->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  g_mutex_unlock (&f->mutex);

  f->respond (f, msg, index);
}

static gpointer
server_thread (gpointer data)
{
  Fixture *f = data;

  g_main_context_push_thread_default (f->context);
  g_main_loop_run (f->loop);
  g_main_context_pop_thread_default (f->context);

  return NULL;
}

static void
start_server (Fixture             *f,
              GTlsCertificate     *certificate,
              SoupServerListenOptions options)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  f->server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (f->server, NULL, server_callback, f, NULL);

  g_main_context_push_thread_default (f->context);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | options, &error);
  g_main_context_pop_thread_default (f->context);
  g_assert_no_error (error);

  uris = soup_server_get_uris (f->server);
  f->url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  f->thread = g_thread_new ("test-server", server_thread, f);
}

static void
forget_requests (Fixture *f)
{
  g_mutex_lock (&f->mutex);
  for (guint i = 0; i < MIN (f->n_requests, MAX_RECORDED); i++)
    g_clear_pointer (&f->queries[i], g_free);
  f->n_requests = 0;
  g_mutex_unlock (&f->mutex);
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_mutex_init (&f->mutex);
  f->paused = g_ptr_array_new_with_free_func (g_object_unref);
  f->context = g_main_context_new ();
  f->loop = g_main_loop_new (f->context, FALSE);
  f->respond = respond_fail_then_ok;

  start_server (f, NULL, 0);

  f->client = bd_dodo_client_new (f->url, &error);
  g_assert_no_error (error);
  bd_dodo_client_set_api_key (f->client, API_KEY);
  /* Fast backoff: the tests check that retries happen, not how long the
   * default waits are. */
  bd_dodo_client_set_retry_delay_ms (f->client, 5);
  bd_dodo_client_set_requests_per_second (f->client, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->client);

  g_main_context_invoke (f->context, quit_loop, f->loop);
  g_thread_join (f->thread);

  g_main_context_push_thread_default (f->context);
  soup_server_disconnect (f->server);
  g_ptr_array_set_size (f->paused, 0);
  g_assert_finalize_object (f->server);
  while (g_main_context_iteration (f->context, FALSE))
    ;
  g_main_context_pop_thread_default (f->context);

  forget_requests (f);
  g_free (f->authorization);
  g_free (f->header_value);
  g_free (f->url);
  g_ptr_array_unref (f->paused);
  g_main_loop_unref (f->loop);
  g_main_context_unref (f->context);
  g_mutex_clear (&f->mutex);
}

static guint
n_requests (Fixture *f)
{
  guint n;

  g_mutex_lock (&f->mutex);
  n = f->n_requests;
  g_mutex_unlock (&f->mutex);

  return n;
}

/* Client side helpers */

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
await_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

static JsonNode *
request (Fixture     *f,
         const char  *method,
         GError     **error)
{
  g_autoptr(JsonNode) body = NULL;

  if (!g_str_equal (method, "GET"))
    body = json_from_string ("{\"payment_id\":\"pay_1\",\"amount\":500}", NULL);

  return bd_dodo_client_request (f->client, method, "/refunds", NULL, body, NULL, error);
}

static void
assert_ok (Fixture    *f,
           const char *method)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = request (f, method, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "ok"));
}

/* Every request gets @status and @body. */
static void
answer_always (Fixture    *f,
               guint       status,
               const char *body)
{
  f->respond = respond_fail_then_ok;
  f->status = status;
  f->body = body;
  f->fail_times = G_MAXUINT;
}

static double
gap_seconds (Fixture *f,
             guint    index)
{
  return (f->times[index] - f->times[index - 1]) / (double) G_USEC_PER_SEC;
}

static guint
unused_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, address, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  g_socket_close (socket, NULL);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* Tests */

static void
test_pagination (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GHashTable) query = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(BdDodoPager) pager = NULL;
  guint sizes[4] = { 0 }, n_pages = 0, total = 0;

  f->respond = respond_list;
  f->n_items = 250;

  g_hash_table_insert (query, "status", "succeeded");
  g_hash_table_insert (query, "created_at_gte", "2026-01-01T00:00:00+01:00");
  /* Asking for more than Dodo allows is clamped. */
  pager = bd_dodo_pager_new (f->client, "/payments", query, 500);

  for (;;)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonArray) items = NULL;

      bd_dodo_pager_next_async (pager, NULL, store_result, &result);
      items = bd_dodo_pager_next_finish (pager, await_result (&result), &error);
      g_assert_no_error (error);
      if (items == NULL)
        break;

      g_assert_cmpuint (n_pages, <, G_N_ELEMENTS (sizes));
      sizes[n_pages++] = json_array_get_length (items);
      for (guint i = 0; i < json_array_get_length (items); i++, total++)
        g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, i), "id"),
                         ==, total);
    }

  /* 100 + 100 + 50: the short page ends it, without a fourth request. */
  g_assert_cmpuint (n_pages, ==, 3);
  g_assert_cmpuint (sizes[0], ==, 100);
  g_assert_cmpuint (sizes[1], ==, 100);
  g_assert_cmpuint (sizes[2], ==, 50);
  g_assert_cmpuint (total, ==, 250);
  g_assert_cmpuint (n_requests (f), ==, 3);
  g_assert_true (bd_dodo_pager_is_done (pager));
  g_assert_cmpuint (bd_dodo_pager_get_page_number (pager), ==, 3);

  /* Our own counter from 0, the filters kept, '+' escaped. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *expected =
        g_strdup_printf ("created_at_gte=2026-01-01T00%%3A00%%3A00%%2B01%%3A00"
                         "&page_number=%u&page_size=100&status=succeeded", i);
      g_assert_cmpstr (f->queries[i], ==, expected);
    }
  g_assert_cmpstr (f->authorization, ==, "Bearer " API_KEY);
}

/* A list that ends on a full page needs one more, empty page. */
static void
test_pagination_exact (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(BdDodoPager) pager = bd_dodo_pager_new (f->client, "/refunds", NULL, 10);
  g_autoptr(GError) error = NULL;
  guint total = 0;

  f->respond = respond_list;
  f->n_items = 20;

  for (;;)
    {
      g_autoptr(JsonArray) items = bd_dodo_pager_next (pager, NULL, &error);

      g_assert_no_error (error);
      if (items == NULL)
        break;
      total += json_array_get_length (items);
    }

  g_assert_cmpuint (total, ==, 20);
  g_assert_cmpuint (n_requests (f), ==, 3);
  g_assert_null (bd_dodo_pager_next (pager, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_requests (f), ==, 3);
}

static void
test_retry_statuses (Fixture       *f,
                     gconstpointer  data)
{
  const guint statuses[] = { 408, 409, 429, 500, 502, 503, 504 };

  f->body = "{\"code\":\"INTERNAL_SERVER_ERROR\",\"message\":\"Something went wrong :(\"}";
  f->fail_times = 2;

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      forget_requests (f);

      f->status = statuses[i];
      assert_ok (f, "GET");
      g_assert_cmpuint (n_requests (f), ==, 3);
    }
}

static void
check_retry_after (Fixture    *f,
                   const char *header,
                   const char *value,
                   double      min_gap)
{
  f->status = 429;
  f->body = "{\"code\":\"TOO_MANY_REQUESTS\",\"message\":\"Slow down\"}";
  f->fail_times = 1;
  f->header = header;
  g_free (f->header_value);
  f->header_value = g_strdup (value);

  assert_ok (f, "GET");
  g_assert_cmpuint (n_requests (f), ==, 2);
  /* The backoff alone would have waited ~5 ms. */
  g_assert_cmpfloat (gap_seconds (f, 1), >=, min_gap);
}

static void
test_retry_after_seconds (Fixture       *f,
                          gconstpointer  data)
{
  check_retry_after (f, "Retry-After", "1", 0.9);
}

static void
test_retry_after_ms (Fixture       *f,
                     gconstpointer  data)
{
  check_retry_after (f, "retry-after-ms", "300", 0.28);
}

static void
test_retry_after_date (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 3);
  g_autofree char *date = soup_date_time_to_string (later, SOUP_DATE_HTTP);

  /* HTTP dates have whole seconds, so at least 2 s are left. */
  check_retry_after (f, "Retry-After", date, 1.5);
}

static void
test_give_up (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  answer_always (f, SOUP_STATUS_SERVICE_UNAVAILABLE, "");
  bd_dodo_client_set_max_retries (f->client, 2);

  node = request (f, "GET", &error);
  g_assert_null (node);
  g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "Gave up after 3 attempts"));
  g_assert_cmpuint (bd_dodo_error_get_http_status (error), ==, 503);
  g_assert_cmpuint (n_requests (f), ==, 3);
}

static void
test_error_mapping (Fixture       *f,
                    gconstpointer  data)
{
  const struct {
    guint       status;
    int         code;
    const char *dodo_code;
    const char *body;
    const char *message;
  } cases[] = {
    { 401, BD_DODO_ERROR_UNAUTHORIZED, "UNAUTHORIZED",
      "{\"code\":\"UNAUTHORIZED\",\"message\":\"Invalid API key\"}",
      "Invalid API key (UNAUTHORIZED)" },
    { 403, BD_DODO_ERROR_FORBIDDEN, NULL, "{\"message\":\"Read-only key\"}", "Read-only key" },
    { 404, BD_DODO_ERROR_NOT_FOUND, "NOT_FOUND",
      "{\"code\":\"NOT_FOUND\",\"message\":\"Payment not found\"}",
      "Payment not found (NOT_FOUND)" },
    { 422, BD_DODO_ERROR_INVALID_REQUEST, "REFUND_AMOUNT_EXCEEDS_PAID_AMOUNT",
      "{\"code\":\"REFUND_AMOUNT_EXCEEDS_PAID_AMOUNT\",\"message\":\"Refund amount exceeds paid amount\"}",
      "Refund amount exceeds paid amount (REFUND_AMOUNT_EXCEEDS_PAID_AMOUNT)" },
    { 400, BD_DODO_ERROR_INVALID_REQUEST, "INVALID_REQUEST_BODY",
      "{\"code\":\"INVALID_REQUEST_BODY\"}", NULL },
    { 409, BD_DODO_ERROR_CONFLICT, NULL, "", NULL },
    { 500, BD_DODO_ERROR_SERVER, NULL, "<html>Bad gateway</html>", NULL },
    { 502, BD_DODO_ERROR_SERVER, NULL, "{\"code\":42}", NULL },
  };

  f->fail_times = G_MAXUINT;
  bd_dodo_client_set_max_retries (f->client, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;

      f->status = cases[i].status;
      f->body = cases[i].body;
      node = request (f, "POST", &error);

      g_assert_null (node);
      g_assert_error (error, BD_DODO_ERROR, cases[i].code);
      g_assert_cmpstr (bd_dodo_error_get_code (error), ==, cases[i].dodo_code);
      g_assert_cmpuint (bd_dodo_error_get_http_status (error), ==, cases[i].status);
      g_assert_false (bd_dodo_error_is_ambiguous_write (error));
      if (cases[i].message != NULL)
        g_assert_cmpstr (error->message, ==, cases[i].message);
      else if (cases[i].dodo_code != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].dodo_code));
      g_assert_null (strstr (error->message, API_KEY));
    }

  /* A write is never retried on these, even with retries allowed. */
  bd_dodo_client_set_max_retries (f->client, 4);
  forget_requests (f);
  f->status = 500;
  f->body = "";
  g_assert_null (request (f, "POST", NULL));
  f->status = 503;
  g_assert_null (request (f, "PATCH", NULL));
  f->status = 409;
  g_assert_null (request (f, "DELETE", NULL));
  g_assert_cmpuint (n_requests (f), ==, 3);
}

/* A 429/503 that says when to come back was surely not carried out, so a
 * write may be sent again. */
static void
test_write_retry_after (Fixture       *f,
                        gconstpointer  data)
{
  f->status = SOUP_STATUS_SERVICE_UNAVAILABLE;
  f->body = "";
  f->fail_times = 1;
  f->header = "Retry-After";
  f->header_value = g_strdup ("0");

  assert_ok (f, "POST");
  g_assert_cmpuint (n_requests (f), ==, 2);
}

static void
test_bad_json (Fixture       *f,
               gconstpointer  data)
{
  const char *bad[] = {
    "{\"ok\":true} x",                /* trailing garbage */
    "{\"ok\":true}{\"ok\":false}",    /* two documents: json-glib keeps the first */
    "/* c */ {\"ok\":true}",          /* a comment: json-glib accepts it */
    "{\"ok\":tru",                    /* truncated */
    "{\"items\":[1,2",                /* truncated */
    "{'ok':true}",                    /* single quotes */
    "{\"n\":01}",                     /* leading zero */
    "{\"s\":\"\\x\"}",                /* unknown escape */
    "{\"s\":\"a\tb\"}",               /* raw control character */
    "   ",                            /* only blanks */
    "\"\xc3\x28\"",                   /* not UTF-8 */
  };

  f->status = SOUP_STATUS_OK;
  f->fail_times = G_MAXUINT;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      f->body = bad[i];
      g_assert_null (request (f, "GET", &error));
      g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_BAD_RESPONSE);
    }

  /* No retry for an answer that arrived but cannot be read. */
  g_assert_cmpuint (n_requests (f), ==, G_N_ELEMENTS (bad));
}

static void
test_strict_json (void)
{
  const char *good[] = {
    "{}", "[]", "0", "-0.5e+3", "\"\\u00e9\\n\"", " {\"a\" : [1, true, false, null, {\"b\":\"c\"}]} \n",
    "{\"n\":123456789012345678901234567890}",
  };
  const char *bad[] = { "", "{", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "1e", "-", "+1",
                        "tru", "nul", "\"abc", "[1] [2]", "{\"a\" 1}", "{a:1}", "[1,2,3]]",
                        "\"\\u12G4\"" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (good[i], strlen (good[i]));
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = bd_dodo_parse_json (bytes, &error);

      g_assert_no_error (error);
      g_assert_nonnull (node);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (bad[i], strlen (bad[i]));
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = bd_dodo_parse_json (bytes, &error);

      g_assert_null (node);
      g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_BAD_RESPONSE);
    }
}

static void
test_empty_body (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  answer_always (f, SOUP_STATUS_OK, "");

  node = request (f, "PATCH", &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_NULL (node));
}

/* The server carried out the POST, then the connection broke: sending it
 * again could refund twice. */
static void
test_write_dropped (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  f->respond = respond_drop_then_ok;
  f->fail_times = 1;

  node = request (f, "POST", &error);
  g_assert_null (node);
  g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_NETWORK);
  g_assert_true (bd_dodo_error_is_ambiguous_write (error));
  g_test_message ("%s", error->message);
  g_assert_cmpuint (n_requests (f), ==, 1);
}

static void
test_get_dropped (Fixture       *f,
                  gconstpointer  data)
{
  f->respond = respond_drop_then_ok;
  f->fail_times = 2;

  assert_ok (f, "GET");
  g_assert_cmpuint (n_requests (f), ==, 3);
}

/* Nothing listens: the POST surely did not arrive, so it is retried. */
static void
test_write_refused (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", unused_port ());
  g_autoptr(BdDodoClient) client = bd_dodo_client_new (url, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = json_from_string ("{\"amount\":1}", NULL);
  g_autoptr(JsonNode) node = NULL;

  bd_dodo_client_set_retry_delay_ms (client, 5);
  bd_dodo_client_set_max_retries (client, 2);

  node = bd_dodo_client_request (client, "POST", "/refunds", NULL, body, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_NETWORK);
  g_assert_false (bd_dodo_error_is_ambiguous_write (error));
  g_assert_nonnull (strstr (error->message, "Gave up after 3 attempts"));
  g_test_message ("%s", error->message);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  f->respond = respond_pause;

  bd_dodo_client_request_async (f->client, "GET", "/payments/pay_1", NULL, NULL,
                                cancellable, store_result, &result);
  while (n_requests (f) == 0)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_cancellable_cancel (cancellable);

  node = bd_dodo_client_request_finish (f->client, await_result (&result), &error);
  g_assert_null (node);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (n_requests (f), ==, 1);
}

/* The deadline covers the whole request; libsoup's own timeout is longer. */
static void
test_deadline (Fixture       *f,
               gconstpointer  data)
{
  const char *methods[] = { "GET", "POST" };

  f->respond = respond_pause;
  bd_dodo_client_set_timeout_ms (f->client, 300);

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;
      gint64 start = g_get_monotonic_time ();

      node = request (f, methods[i], &error);
      g_assert_null (node);
      g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_NETWORK);
      /* Only the write is in doubt. */
      g_assert_true (bd_dodo_error_is_ambiguous_write (error) == (i == 1));
      g_test_message ("%s: %s", methods[i], error->message);
      g_assert_cmpint (g_get_monotonic_time () - start, >=, 250 * 1000);
    }

  g_assert_cmpuint (n_requests (f), ==, 2);
}

static void
test_insecure_url (void)
{
  const char *refused[] = { "http://example.com", "http://10.0.0.1:8080", "http://[2001:db8::1]/",
                            "http://localhost.example.com", "ftp://127.0.0.1/", "not a url",
                            "https://user:pw@test.dodopayments.com" };
  const char *accepted[] = { BD_DODO_BASE_URL_TEST, BD_DODO_BASE_URL_LIVE, "http://127.0.0.1:8080",
                             "http://127.1.2.3/", "http://localhost:9000", "http://[::1]:8080/sandbox" };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BdDodoClient) client = bd_dodo_client_new (refused[i], &error);

      g_assert_null (client);
      g_assert_nonnull (error);
      if (g_str_has_prefix (refused[i], "http://"))
        g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_TLS);
    }

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BdDodoClient) client = bd_dodo_client_new (accepted[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (bd_dodo_client_get_base_url (client), ==, accepted[i]);
    }

  /* A client made without the check still refuses before connecting. */
  {
    g_autoptr(BdDodoClient) client = g_object_new (BD_TYPE_DODO_CLIENT,
                                                   "base-url", "http://example.com",
                                                   "api-key", API_KEY, NULL);
    g_autoptr(GError) error = NULL;

    g_assert_null (bd_dodo_client_request (client, "GET", "/payments", NULL, NULL, NULL, &error));
    g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_TLS);
    g_assert_null (strstr (error->message, API_KEY));
  }
}

static void
test_tls_refused (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cert = bd_test_fixture_path ("test-tls-cert.pem");
  g_autofree char *key = bd_test_fixture_path ("test-tls-key.pem");
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(BdDodoClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  Fixture tls = { 0 };

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      bd_test_skip_or_fail ("No TLS backend (glib-networking) is installed");
      return;
    }

  certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_assert_no_error (error);

  g_mutex_init (&tls.mutex);
  tls.paused = g_ptr_array_new_with_free_func (g_object_unref);
  tls.context = g_main_context_new ();
  tls.loop = g_main_loop_new (tls.context, FALSE);
  tls.respond = respond_fail_then_ok;
  start_server (&tls, certificate, SOUP_SERVER_LISTEN_HTTPS);
  g_assert_true (g_str_has_prefix (tls.url, "https://"));

  client = bd_dodo_client_new (tls.url, &error);
  g_assert_no_error (error);
  bd_dodo_client_set_api_key (client, API_KEY);
  bd_dodo_client_set_retry_delay_ms (client, 5);

  node = bd_dodo_client_request (client, "GET", "/payments", NULL, NULL, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_TLS);
  g_test_message ("%s", error->message);
  g_assert_cmpuint (n_requests (&tls), ==, 0);

  /* The server's own fixture is torn down the same way as f's. */
  tls.client = g_steal_pointer (&client);
  fixture_teardown (&tls, NULL);
}

static void
test_rate_limit (Fixture       *f,
                 gconstpointer  data)
{
  GAsyncResult *results[30] = { NULL };
  double span;

  f->fail_times = 0;
  bd_dodo_client_set_requests_per_second (f->client, 20);

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    bd_dodo_client_request_async (f->client, "GET", "/payments", NULL, NULL, NULL,
                                  store_result, &results[i]);

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;

      node = bd_dodo_client_request_finish (f->client, await_result (&results[i]), &error);
      g_assert_no_error (error);
      g_clear_object (&results[i]);
    }

  /* 20 at once, then 20 per second: the last 10 take ≥ 0.5 s. */
  span = (f->times[29] - f->times[0]) / (double) G_USEC_PER_SEC;
  g_assert_cmpuint (n_requests (f), ==, 30);
  g_assert_cmpfloat (span, >=, 0.4);
}

static gsize
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  gsize n = 0;

  while (g_dir_read_name (d) != NULL)
    n++;

  return n;
}

static void
test_download (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("bd-download-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "invoice.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  f->respond = respond_pdf;
  f->body = "%PDF-1.4\n% invoice\n%%EOF\n";

  bd_dodo_client_download_async (f->client, "/invoices/payments/pay_1", file, NULL,
                                 store_result, &result);
  g_assert_true (bd_dodo_client_download_finish (f->client, await_result (&result), &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, f->body);
  g_assert_cmpuint (count_files (dir), ==, 1);

  /* A failed download leaves the earlier file as it was, and no part. */
  answer_always (f, SOUP_STATUS_NOT_FOUND,
                 "{\"code\":\"NOT_FOUND\",\"message\":\"No such invoice\"}");
  g_assert_false (bd_dodo_client_download (f->client, "/invoices/payments/pay_2", file, NULL, &error));
  g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_NOT_FOUND);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "%PDF-1.4\n% invoice\n%%EOF\n");
  g_assert_cmpuint (count_files (dir), ==, 1);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static char *
key_from_keyring (BdDodoClient  *client,
                  GCancellable  *cancellable,
                  GError       **error,
                  gpointer       user_data)
{
  g_atomic_int_inc ((int *) user_data);
  return g_strdup ("sk_from_keyring");
}

typedef struct
{
  Fixture  *f;
  JsonNode *node;
  GError   *error;
} ThreadData;

static gpointer
sync_thread (gpointer user_data)
{
  ThreadData *td = user_data;
  g_autoptr(BdDodoPager) pager = bd_dodo_pager_new (td->f->client, "/customers", NULL, 100);
  g_autoptr(JsonArray) items = bd_dodo_pager_next (pager, NULL, &td->error);

  g_assert_no_error (td->error);
  g_assert_cmpuint (json_array_get_length (items), ==, 5);
  td->node = bd_dodo_client_request (td->f->client, "GET", "/customers", NULL, NULL, NULL, &td->error);

  return NULL;
}

/* The sync engine's way: the same client from a worker thread, with the
 * key from a callback. */
static void
test_sync_thread (Fixture       *f,
                  gconstpointer  data)
{
  ThreadData td = { f, NULL, NULL };
  int key_calls = 0;

  f->respond = respond_list;
  f->n_items = 5;
  bd_dodo_client_set_api_key (f->client, NULL);
  bd_dodo_client_set_key_func (f->client, key_from_keyring, &key_calls, NULL);

  g_thread_join (g_thread_new ("sync", sync_thread, &td));

  g_assert_no_error (td.error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (td.node));
  g_assert_cmpint (key_calls, ==, 2);
  g_assert_cmpstr (f->authorization, ==, "Bearer sk_from_keyring");
  json_node_unref (td.node);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/client/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("pagination", test_pagination);
  ADD ("pagination-exact", test_pagination_exact);
  ADD ("retry-statuses", test_retry_statuses);
  ADD ("retry-after-seconds", test_retry_after_seconds);
  ADD ("retry-after-ms", test_retry_after_ms);
  ADD ("retry-after-date", test_retry_after_date);
  ADD ("give-up", test_give_up);
  ADD ("error-mapping", test_error_mapping);
  ADD ("write-retry-after", test_write_retry_after);
  ADD ("bad-json", test_bad_json);
  ADD ("empty-body", test_empty_body);
  ADD ("write-dropped", test_write_dropped);
  ADD ("get-dropped", test_get_dropped);
  ADD ("write-refused", test_write_refused);
  ADD ("cancel", test_cancel);
  ADD ("deadline", test_deadline);
  ADD ("tls-refused", test_tls_refused);
  ADD ("rate-limit", test_rate_limit);
  ADD ("download", test_download);
  ADD ("sync-thread", test_sync_thread);
  g_test_add_func ("/client/strict-json", test_strict_json);
  g_test_add_func ("/client/insecure-url", test_insecure_url);

#undef ADD

  return g_test_run ();
}
