/* test-sandbox-events.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-sandbox-events"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "bd-dodo-codec.h"
#include "bd-payment.h"
#include "bd-subscription.h"
#include "bd-test-sandbox.h"
#include "bd-test-util.h"
#include "bd-webhook-event.h"
#include "bd-webhook.h"

/* Webhooks and the test clock, end to end: a real billing-desk-sandbox
 * delivers to a real receiver (a SoupServer on 127.0.0.1 in this process)
 * registered through POST /webhooks, and every delivery is checked with
 * bd_webhook_verify and the secret from GET /webhooks/{id}/secret.  The
 * retry schedule is compressed with --webhook-schedule; waits are polls
 * with a generous deadline, never a fixed sleep. */

#define NOW "2026-03-01T12:00:00Z"
#define WAIT_SECONDS 30
#define A_MONTH_LATER "{\"advance_seconds\":2764800}"  /* 32 days */

typedef struct
{
  char    *id;
  char    *timestamp;
  char    *signature;
  GBytes  *body;
} Received;

typedef struct
{
  BdTestSandbox  *sandbox;
  SoupServer     *server;
  char           *url;
  GPtrArray      *received;   /* Received */
  GQueue          statuses;   /* what to answer next (default 200) */
  guint           others;     /* requests to other endpoints (not kept) */
  guint           hold;       /* how many requests to leave unanswered */
  GPtrArray      *held;       /* SoupServerMessage */
  char           *endpoint_id;
  char           *secret;
} Fixture;

/* Helpers */

static void
received_free (Received *r)
{
  g_free (r->id);
  g_free (r->timestamp);
  g_free (r->signature);
  g_bytes_unref (r->body);
  g_free (r);
}

static void
on_hook (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  Received *r;

  /* Only what comes to the fixture's own endpoint is kept. */
  if (!g_str_equal (path, "/hook"))
    {
      f->others++;
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      return;
    }
  r = g_new0 (Received, 1);

  r->id = g_strdup (soup_message_headers_get_one (headers, "webhook-id"));
  r->timestamp = g_strdup (soup_message_headers_get_one (headers, "webhook-timestamp"));
  r->signature = g_strdup (soup_message_headers_get_one (headers, "webhook-signature"));
  r->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_ptr_array_add (f->received, r);

  if (f->hold > 0)
    {
      f->hold--;
      soup_server_message_pause (msg);
      g_ptr_array_add (f->held, g_object_ref (msg));
      return;
    }
  soup_server_message_set_status (msg, g_queue_is_empty (&f->statuses)
                                       ? SOUP_STATUS_OK
                                       : GPOINTER_TO_UINT (g_queue_pop_head (&f->statuses)), NULL);
}

/* A request with the sandbox's key: asserts @expected and returns the
 * parsed body (NULL when empty).  @path is a printf format. */
static JsonNode *
request (Fixture    *f,
         const char *method,
         guint       expected,
         const char *body,
         const char *path,
         ...) G_GNUC_PRINTF (5, 6);

static JsonNode *
request (Fixture    *f,
         const char *method,
         guint       expected,
         const char *body,
         const char *path,
         ...)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *full = NULL;
  guint status;
  va_list ap;

  va_start (ap, path);
  full = g_strdup_vprintf (path, ap);
  va_end (ap);
  status = bd_test_sandbox_fetch (f->sandbox, method, full, bd_test_sandbox_get_key (f->sandbox), body, &bytes);
  if (status != expected)
    g_test_message ("%s %s → %u %.*s", method, full, status,
                    (int) g_bytes_get_size (bytes), (const char *) g_bytes_get_data (bytes, NULL));
  g_assert_cmpuint (status, ==, expected);
  if (g_bytes_get_size (bytes) == 0)
    return NULL;
  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static const char *
string_of (JsonNode   *node,
           const char *name)
{
  return json_object_get_string_member_with_default (json_node_get_object (node), name, NULL);
}

/* Registers the receiver at @path (with @extra members in the body) and
 * returns the endpoint.  (transfer full) */
static JsonNode *
register_endpoint (Fixture    *f,
                   const char *path,
                   const char *extra)
{
  g_autofree char *body = g_strdup_printf ("{\"url\":\"%s%s\"%s%s}", f->url, path,
                                           extra != NULL ? "," : "", extra != NULL ? extra : "");

  return request (f, "POST", 200, body, "/webhooks");
}

/* Starts a sandbox (fixed start, compressed retries) and a receiver, and
 * registers the receiver.  FALSE when the test is skipped. */
static gboolean
fixture_start (Fixture *f)
{
  static const char * const args[] = { "--now", NOW, "--webhook-schedule", "0.001", NULL };
  g_autoptr(GError) error = NULL;
  GSList *uris;
  g_autoptr(JsonNode) endpoint = NULL;
  g_autoptr(JsonNode) secret = NULL;
  g_autofree char *text = NULL;

  memset (f, 0, sizeof *f);
  g_queue_init (&f->statuses);
  f->received = g_ptr_array_new_with_free_func ((GDestroyNotify) received_free);
  f->held = g_ptr_array_new_with_free_func (g_object_unref);
  if (!(f->sandbox = bd_test_sandbox_start (args, &error)))
    {
      bd_test_skip_or_fail (error->message);
      return FALSE;
    }

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, "/hook", on_hook, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  text = g_uri_to_string (uris->data);
  f->url = g_strndup (text, strlen (text) - (g_str_has_suffix (text, "/") ? 1 : 0));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  endpoint = register_endpoint (f, "/hook", NULL);
  f->endpoint_id = g_strdup (string_of (endpoint, "id"));
  g_assert_true (g_str_has_prefix (f->endpoint_id, "whk_"));
  secret = request (f, "GET", 200, NULL, "/webhooks/%s/secret", f->endpoint_id);
  f->secret = g_strdup (string_of (secret, "secret"));
  g_assert_true (g_str_has_prefix (f->secret, "whsec_"));
  return TRUE;
}

static void
fixture_stop (Fixture *f)
{
  /* Answer what was held so that the server can finish it. */
  for (guint i = 0; i < f->held->len; i++)
    {
      soup_server_message_set_status (f->held->pdata[i], SOUP_STATUS_OK, NULL);
      soup_server_message_unpause (f->held->pdata[i]);
    }
  g_clear_pointer (&f->sandbox, bd_test_sandbox_free);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  if (f->server != NULL)
    soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_pointer (&f->held, g_ptr_array_unref);
  g_clear_pointer (&f->received, g_ptr_array_unref);
  g_queue_clear (&f->statuses);
  g_free (f->url);
  g_free (f->endpoint_id);
  g_free (f->secret);
}

typedef gboolean (*Condition) (Fixture *f, gconstpointer data);

/* Runs the receiver until @done, or fails after WAIT_SECONDS. */
static void
wait_for (Fixture       *f,
          Condition      done,
          gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  while (!done (f, data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out after %d s waiting for webhook deliveries", WAIT_SECONDS);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (5000);
    }
}

static gboolean
received_at_least (Fixture       *f,
                   gconstpointer  data)
{
  return f->received->len >= GPOINTER_TO_UINT (data);
}

/* The sandbox's record of the deliveries with these filters: its items. */
static JsonNode *
deliveries (Fixture    *f,
            const char *query)
{
  return request (f, "GET", 200, NULL, "/_sandbox/deliveries?endpoint_id=%s%s", f->endpoint_id,
                  query != NULL ? query : "");
}

static JsonArray *
items_of (JsonNode *node)
{
  return json_object_get_array_member (json_node_get_object (node), "items");
}

static gboolean
none_pending (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(JsonNode) pending = deliveries (f, "&status=pending");
  g_autoptr(JsonNode) sending = deliveries (f, "&status=sending");

  return json_array_get_length (items_of (pending)) == 0 &&
         json_array_get_length (items_of (sending)) == 0;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Waits until every delivery to the endpoint is answered and received,
 * and checks each one's signature.  Returns the event types, sorted,
 * joined with spaces.  (transfer full) */
static char *
settle (Fixture *f)
{
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(GPtrArray) types = g_ptr_array_new ();
  GString *joined = g_string_new (NULL);
  JsonArray *array;

  wait_for (f, none_pending, NULL);
  all = deliveries (f, NULL);
  array = items_of (all);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (types, (char *) json_object_get_string_member (json_array_get_object_element (array, i), "type"));
  wait_for (f, received_at_least, GUINT_TO_POINTER (types->len));

  for (guint i = 0; i < f->received->len; i++)
    {
      Received *r = f->received->pdata[i];
      g_autoptr(GError) error = NULL;

      bd_webhook_verify (f->secret, r->id, r->timestamp, r->signature, r->body,
                         g_get_real_time () / G_USEC_PER_SEC, &error);
      if (error != NULL)
        g_test_message ("delivery %s: %.*s", r->id, (int) g_bytes_get_size (r->body),
                        (const char *) g_bytes_get_data (r->body, NULL));
      g_assert_no_error (error);
    }

  g_ptr_array_sort (types, compare_strings);
  for (guint i = 0; i < types->len; i++)
    g_string_append_printf (joined, "%s%s", i > 0 ? " " : "", (const char *) types->pdata[i]);
  return g_string_free (joined, FALSE);
}

/* The last received delivery of @type, decoded.  (transfer full) */
static BdWebhookEvent *
received_event (Fixture    *f,
                const char *type)
{
  for (guint i = f->received->len; i > 0; i--)
    {
      Received *r = f->received->pdata[i - 1];
      g_autoptr(GError) error = NULL;
      BdWebhookEvent *event = bd_dodo_decode_bytes (BD_TYPE_WEBHOOK_EVENT, r->body, &error);

      g_assert_no_error (error);
      if (g_strcmp0 (bd_model_get_string (event, "type-raw"), type) == 0)
        return event;
      g_object_unref (event);
    }
  g_error ("no %s delivery was received", type);
}

/* A product: recurring monthly USD when @recurring, with @extra price
 * members; returns its id.  (transfer full) */
static char *
make_product (Fixture    *f,
              gboolean    recurring,
              const char *extra)
{
  g_autofree char *body = g_strdup_printf (
    "{\"name\":\"Plan\",\"tax_category\":\"saas\",\"price\":{\"type\":\"%s\",\"currency\":\"USD\","
    "\"price\":1500,\"discount\":0,\"purchasing_power_parity\":false%s%s}}",
    recurring ? "recurring_price" : "one_time_price",
    recurring ? ",\"payment_frequency_count\":1,\"payment_frequency_interval\":\"Month\"" : "",
    extra != NULL ? extra : "");
  g_autoptr(JsonNode) product = request (f, "POST", 200, body, "/products");

  return g_strdup (string_of (product, "product_id"));
}

/* Pays a checkout of @product_id with @card; returns the answer of
 * /complete ({payment_id, status, subscription_id}).  (transfer full) */
static JsonNode *
checkout (Fixture    *f,
          const char *product_id,
          const char *card)
{
  g_autofree char *body = g_strdup_printf (
    "{\"product_cart\":[{\"product_id\":\"%s\",\"quantity\":1}],"
    "\"customer\":{\"email\":\"grace@example.com\",\"name\":\"Grace Hopper\"}}", product_id);
  g_autoptr(JsonNode) session = request (f, "POST", 200, body, "/checkouts");
  g_autofree char *card_body = g_strdup_printf ("{\"card\":\"%s\"}", card);

  return request (f, "POST", 200, card_body, "/_sandbox/checkouts/%s/complete", string_of (session, "session_id"));
}

/* A subscription of @product_id (or a new monthly one) paid with @card;
 * returns its id after its first deliveries settled.  (transfer full) */
static char *
subscribe (Fixture    *f,
           const char *extra,
           const char *card)
{
  g_autofree char *product_id = make_product (f, TRUE, extra);
  g_autoptr(JsonNode) done = checkout (f, product_id, card);
  g_autofree char *types = settle (f);

  g_assert_cmpstr (types, ==, "payment.succeeded subscription.active");
  return g_strdup (string_of (done, "subscription_id"));
}

static void
forget_deliveries (Fixture *f)
{
  g_autoptr(JsonNode) endpoint = NULL;
  g_autofree char *previous = settle (f);

  /* A fresh endpoint once everything sent to this one arrived: what
   * follows counts from zero. */
  g_assert_null (request (f, "DELETE", 200, NULL, "/webhooks/%s", f->endpoint_id));
  g_free (f->endpoint_id);
  g_free (f->secret);
  endpoint = register_endpoint (f, "/hook", NULL);
  f->endpoint_id = g_strdup (string_of (endpoint, "id"));
  {
    g_autoptr(JsonNode) secret = request (f, "GET", 200, NULL, "/webhooks/%s/secret", f->endpoint_id);

    f->secret = g_strdup (string_of (secret, "secret"));
  }
  g_ptr_array_set_size (f->received, 0);
}

/* Forgets what was delivered so far, moves the clock (@body is the JSON
 * for POST /_sandbox/clock) and returns the event types that delivered.
 * (transfer full) */
static char *
tick (Fixture    *f,
      const char *body)
{
  g_autoptr(JsonNode) clock = NULL;

  forget_deliveries (f);
  clock = request (f, "POST", 200, body, "/_sandbox/clock");
  return settle (f);
}

/* GET /subscriptions/{id}, asserting its status.  (transfer full) */
static JsonNode *
subscription_with (Fixture    *f,
                   const char *sub_id,
                   const char *status)
{
  JsonNode *sub = request (f, "GET", 200, NULL, "/subscriptions/%s", sub_id);

  g_assert_cmpstr (string_of (sub, "status"), ==, status);
  return sub;
}

/* The payments of @sub_id, newest first. */
static JsonNode *
payments_of (Fixture    *f,
             const char *sub_id)
{
  return request (f, "GET", 200, NULL, "/payments?subscription_id=%s", sub_id);
}

/* Tests */

/* A subscription checkout delivers payment.succeeded and
 * subscription.active, signed, with the objects' current state. */
static void
test_checkout_events (void)
{
  Fixture f;
  g_autofree char *product_id = NULL;
  g_autoptr(JsonNode) done = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) got = NULL;
  g_autoptr(BdWebhookEvent) paid = NULL;
  g_autoptr(BdWebhookEvent) active = NULL;
  g_autoptr(BdModel) payment = NULL;
  g_autoptr(BdModel) sub = NULL;
  g_autofree char *types = NULL;

  if (!fixture_start (&f))
    return;

  list = request (&f, "GET", 200, NULL, "/webhooks");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (list), "data")), ==, 1);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (list), "done"));
  got = request (&f, "GET", 200, NULL, "/webhooks/%s", f.endpoint_id);
  {
    g_autofree char *url = g_strconcat (f.url, "/hook", NULL);

    g_assert_cmpstr (string_of (got, "url"), ==, url);
  }

  product_id = make_product (&f, TRUE, NULL);
  done = checkout (&f, product_id, "4242424242424242");
  types = settle (&f);
  g_assert_cmpstr (types, ==, "payment.succeeded subscription.active");

  paid = received_event (&f, "payment.succeeded");
  g_assert_cmpstr (bd_model_get_string (paid, "payload-type"), ==, "Payment");
  g_object_get (paid, "data", &payment, NULL);
  g_assert_true (BD_IS_PAYMENT (payment));
  g_assert_cmpstr (bd_model_get_string (payment, "payment-id"), ==, string_of (done, "payment_id"));
  g_assert_cmpstr (bd_model_get_string (payment, "subscription-id"), ==, string_of (done, "subscription_id"));
  g_assert_cmpint (bd_money_get_amount (bd_model_get_money (payment, "total-amount")), ==, 1500);

  active = received_event (&f, "subscription.active");
  g_object_get (active, "data", &sub, NULL);
  g_assert_true (BD_IS_SUBSCRIPTION (sub));
  g_assert_cmpstr (bd_model_get_string (sub, "subscription-id"), ==, string_of (done, "subscription_id"));
  g_assert_cmpstr (bd_model_get_string (sub, "status-raw"), ==, "active");
  g_assert_cmpstr (bd_model_get_string (active, "business-id"), ==, bd_model_get_string (paid, "business-id"));

  fixture_stop (&f);
}

/* filter_types, disabled, a bad event type, deletion, the cursor list. */
static void
test_endpoints (void)
{
  Fixture f;
  g_autoptr(JsonNode) filtered = NULL;
  g_autoptr(JsonNode) disabled = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonNode) rest = NULL;
  g_autoptr(JsonNode) bad = NULL;
  g_autoptr(JsonNode) only = NULL;
  g_autoptr(JsonNode) none = NULL;
  g_autofree char *product_id = NULL;
  g_autofree char *types = NULL;
  g_autoptr(JsonNode) done = NULL;

  if (!fixture_start (&f))
    return;

  filtered = register_endpoint (&f, "/hook/filtered", "\"filter_types\":[\"payment.succeeded\"],\"description\":\"payments\"");
  disabled = register_endpoint (&f, "/hook/disabled", "\"disabled\":true");
  bad = request (&f, "POST", 422, "{\"url\":\"http://127.0.0.1:9/x\",\"filter_types\":[\"payment.teleported\"]}", "/webhooks");
  g_assert_cmpstr (string_of (bad, "code"), ==, "INVALID_REQUEST_BODY");
  g_clear_pointer (&bad, json_node_unref);
  bad = request (&f, "POST", 422, "{\"url\":\"ftp://example.com/\"}", "/webhooks");
  g_clear_pointer (&bad, json_node_unref);
  bad = request (&f, "POST", 422, "{\"description\":\"no url\"}", "/webhooks");

  /* Newest first, two at a time. */
  page = request (&f, "GET", 200, NULL, "/webhooks?limit=2");
  g_assert_false (json_object_get_boolean_member (json_node_get_object (page), "done"));
  g_assert_cmpstr (string_of (page, "iterator"), ==, string_of (filtered, "id"));
  rest = request (&f, "GET", 200, NULL, "/webhooks?limit=2&iterator=%s", string_of (page, "iterator"));
  g_assert_true (json_object_get_boolean_member (json_node_get_object (rest), "done"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (json_node_get_object (rest), "data"), 0), "id"),
                   ==, f.endpoint_id);

  product_id = make_product (&f, FALSE, NULL);
  done = checkout (&f, product_id, "4242424242424242");
  types = settle (&f);
  g_assert_cmpstr (types, ==, "payment.succeeded");

  only = request (&f, "GET", 200, NULL, "/_sandbox/deliveries?endpoint_id=%s", string_of (filtered, "id"));
  g_assert_cmpuint (json_array_get_length (items_of (only)), ==, 1);
  none = request (&f, "GET", 200, NULL, "/_sandbox/deliveries?endpoint_id=%s", string_of (disabled, "id"));
  g_assert_cmpuint (json_array_get_length (items_of (none)), ==, 0);
  /* The filtered endpoint's one delivery went out too. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items_of (only), 0), "type"),
                   ==, "payment.succeeded");

  g_assert_null (request (&f, "DELETE", 200, NULL, "/webhooks/%s", string_of (disabled, "id")));
  g_clear_pointer (&bad, json_node_unref);
  bad = request (&f, "GET", 404, NULL, "/webhooks/%s", string_of (disabled, "id"));
  g_assert_cmpstr (string_of (bad, "code"), ==, "NOT_FOUND");
  fixture_stop (&f);
}

/* 500, 500, then 200: three attempts with one webhook-id, recorded. */
static void
test_retries (void)
{
  Fixture f;
  g_autofree char *product_id = NULL;
  g_autoptr(JsonNode) done = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autofree char *types = NULL;
  JsonObject *delivery;
  JsonArray *attempts;

  if (!fixture_start (&f))
    return;
  g_queue_push_tail (&f.statuses, GUINT_TO_POINTER (500));
  g_queue_push_tail (&f.statuses, GUINT_TO_POINTER (503));
  product_id = make_product (&f, FALSE, NULL);
  done = checkout (&f, product_id, "4242424242424242");
  types = settle (&f);
  g_assert_cmpstr (types, ==, "payment.succeeded");

  g_assert_cmpuint (f.received->len, ==, 3);
  for (guint i = 1; i < 3; i++)
    g_assert_cmpstr (((Received *) f.received->pdata[i])->id, ==, ((Received *) f.received->pdata[0])->id);

  list = deliveries (&f, NULL);
  delivery = json_array_get_object_element (items_of (list), 0);
  g_assert_cmpstr (json_object_get_string_member (delivery, "status"), ==, "succeeded");
  g_assert_cmpstr (json_object_get_string_member (delivery, "webhook_id"), ==, ((Received *) f.received->pdata[0])->id);
  attempts = json_object_get_array_member (delivery, "attempts");
  g_assert_cmpuint (json_array_get_length (attempts), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (attempts, 0), "status_code"), ==, 500);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (attempts, 1), "status_code"), ==, 503);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (attempts, 2), "status_code"), ==, 200);
  fixture_stop (&f);
}

/* No answer within the (compressed, at least 2 s) timeout is a failed
 * attempt with an error, then retried. */
static void
test_timeout (void)
{
  Fixture f;
  g_autofree char *product_id = NULL;
  g_autoptr(JsonNode) done = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autofree char *types = NULL;
  JsonObject *first;
  JsonArray *attempts;

  if (!fixture_start (&f))
    return;
  f.hold = 1;
  product_id = make_product (&f, FALSE, NULL);
  done = checkout (&f, product_id, "4242424242424242");
  types = settle (&f);
  g_assert_cmpstr (types, ==, "payment.succeeded");

  list = deliveries (&f, NULL);
  attempts = json_object_get_array_member (json_array_get_object_element (items_of (list), 0), "attempts");
  g_assert_cmpuint (json_array_get_length (attempts), ==, 2);
  first = json_array_get_object_element (attempts, 0);
  g_assert_true (json_object_get_null_member (first, "status_code"));
  g_assert_nonnull (json_object_get_string_member (first, "error"));
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (attempts, 1), "status_code"), ==, 200);
  fixture_stop (&f);
}

/* Pause, resume, schedule a cancellation, refund, dispute: each write
 * delivers its event; the dispute shows on the payment. */
static void
test_write_events (void)
{
  Fixture f;
  g_autofree char *sub_id = NULL;
  g_autofree char *product_id = NULL;
  g_autofree char *types = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) done = NULL;
  g_autoptr(JsonNode) refund = NULL;
  g_autoptr(JsonNode) dispute = NULL;
  g_autoptr(JsonNode) payment = NULL;
  g_autoptr(JsonNode) bad = NULL;
  g_autoptr(BdWebhookEvent) opened = NULL;
  g_autoptr(BdModel) data = NULL;

  if (!fixture_start (&f))
    return;
  sub_id = subscribe (&f, NULL, "4242424242424242");
  forget_deliveries (&f);

  g_clear_pointer (&done, json_node_unref);
  done = request (&f, "PATCH", 200, "{\"pause\":true}", "/subscriptions/%s", sub_id);
  g_clear_pointer (&done, json_node_unref);
  done = request (&f, "PATCH", 200, "{\"pause\":false}", "/subscriptions/%s", sub_id);
  g_clear_pointer (&done, json_node_unref);
  done = request (&f, "PATCH", 200, "{\"metadata\":{\"seat\":\"4\"}}", "/subscriptions/%s", sub_id);
  types = settle (&f);
  g_assert_cmpstr (types, ==, "subscription.paused subscription.unpaused subscription.updated");
  forget_deliveries (&f);

  product_id = make_product (&f, FALSE, NULL);
  g_clear_pointer (&done, json_node_unref);
  done = checkout (&f, product_id, "4242424242424242");
  body = g_strdup_printf ("{\"payment_id\":\"%s\",\"amount\":600}", string_of (done, "payment_id"));
  dispute = request (&f, "POST", 200, body, "/_sandbox/disputes");
  g_assert_cmpstr (string_of (dispute, "dispute_status"), ==, "dispute_opened");
  g_assert_cmpstr (string_of (dispute, "amount"), ==, "600");
  g_free (body);
  body = g_strdup_printf ("{\"payment_id\":\"%s\"}", string_of (done, "payment_id"));
  refund = request (&f, "POST", 200, body, "/refunds");
  g_free (types);
  types = settle (&f);
  g_assert_cmpstr (types, ==, "dispute.opened payment.succeeded refund.succeeded");

  payment = request (&f, "GET", 200, NULL, "/payments/%s", string_of (done, "payment_id"));
  g_assert_cmpstr (string_of (payment, "dispute_status"), ==, "dispute_opened");
  opened = received_event (&f, "dispute.opened");
  g_object_get (opened, "data", &data, NULL);
  g_assert_cmpstr (bd_model_get_string (data, "dispute-id"), ==, string_of (dispute, "dispute_id"));
  g_assert_cmpstr (bd_model_get_string (data, "payment-id"), ==, string_of (done, "payment_id"));

  bad = request (&f, "POST", 404, "{\"payment_id\":\"pay_nope\"}", "/_sandbox/disputes");
  g_clear_pointer (&bad, json_node_unref);
  bad = request (&f, "POST", 422, "{\"payment_id\":7}", "/_sandbox/disputes");
  fixture_stop (&f);
}

/* A billing date passes: a payment and subscription.renewed; the next
 * billing date moves on by a month. */
static void
test_clock_renewal (void)
{
  Fixture f;
  g_autofree char *sub_id = NULL;
  g_autofree char *types = NULL;
  g_autoptr(JsonNode) sub = NULL;
  g_autoptr(JsonNode) payments = NULL;
  g_autoptr(BdWebhookEvent) renewed = NULL;
  g_autoptr(BdModel) data = NULL;
  JsonObject *renewal;

  if (!fixture_start (&f))
    return;
  sub_id = subscribe (&f, NULL, "4242424242424242");
  types = tick (&f, A_MONTH_LATER);
  g_assert_cmpstr (types, ==, "payment.succeeded subscription.renewed");

  sub = subscription_with (&f, sub_id, "active");
  g_assert_true (g_str_has_prefix (string_of (sub, "previous_billing_date"), "2026-04-01T12:00:00"));
  g_assert_true (g_str_has_prefix (string_of (sub, "next_billing_date"), "2026-05-01T12:00:00"));

  payments = payments_of (&f, sub_id);
  g_assert_cmpuint (json_array_get_length (items_of (payments)), ==, 2);
  renewal = json_array_get_object_element (items_of (payments), 0);
  g_assert_cmpstr (json_object_get_string_member (renewal, "status"), ==, "succeeded");
  g_assert_cmpint (json_object_get_int_member (renewal, "total_amount"), ==, 1500);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (renewal, "created_at"), "2026-04-01T12:00:00"));

  /* The delivery's data is the subscription as it is now. */
  renewed = received_event (&f, "subscription.renewed");
  g_object_get (renewed, "data", &data, NULL);
  g_assert_cmpstr (bd_model_get_string (data, "subscription-id"), ==, sub_id);
  fixture_stop (&f);
}

/* recurring_pre_tax_amount is, as in Dodo, each recurring payment for all
 * the units: three units of a 15.00 plan store 4500 and renew for 4500. */
static void
test_clock_renewal_quantity (void)
{
  Fixture f;
  g_autofree char *product_id = NULL;
  g_autofree char *body = NULL;
  g_autofree char *types = NULL;
  g_autofree char *ticked = NULL;
  g_autoptr(JsonNode) session = NULL;
  g_autoptr(JsonNode) done = NULL;
  g_autoptr(JsonNode) sub = NULL;
  g_autoptr(JsonNode) renewed = NULL;
  g_autoptr(JsonNode) payments = NULL;
  JsonArray *items;

  if (!fixture_start (&f))
    return;
  product_id = make_product (&f, TRUE, NULL);
  body = g_strdup_printf ("{\"product_cart\":[{\"product_id\":\"%s\",\"quantity\":3}],"
                          "\"customer\":{\"email\":\"grace@example.com\",\"name\":\"Grace Hopper\"}}",
                          product_id);
  session = request (&f, "POST", 200, body, "/checkouts");
  done = request (&f, "POST", 200, "{\"card\":\"4242424242424242\"}",
                  "/_sandbox/checkouts/%s/complete", string_of (session, "session_id"));
  types = settle (&f);
  g_assert_cmpstr (types, ==, "payment.succeeded subscription.active");

  sub = subscription_with (&f, string_of (done, "subscription_id"), "active");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (sub), "quantity"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (sub), "recurring_pre_tax_amount"), ==, 4500);

  ticked = tick (&f, A_MONTH_LATER);
  g_assert_cmpstr (ticked, ==, "payment.succeeded subscription.renewed");
  renewed = subscription_with (&f, string_of (done, "subscription_id"), "active");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (renewed), "recurring_pre_tax_amount"), ==, 4500);
  payments = payments_of (&f, string_of (done, "subscription_id"));
  items = items_of (payments);
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  /* The renewal (newest first), then the checkout's charge. */
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "total_amount"), ==, 4500);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 1), "total_amount"), ==, 4500);
  fixture_stop (&f);
}

/* The end of a trial is the first charge: payment + subscription.renewed. */
static void
test_clock_trial (void)
{
  Fixture f;
  g_autofree char *sub_id = NULL;
  g_autofree char *types = NULL;
  g_autoptr(JsonNode) sub = NULL;
  g_autoptr(JsonNode) payments = NULL;

  if (!fixture_start (&f))
    return;
  sub_id = subscribe (&f, ",\"trial_period_days\":7", "4242424242424242");
  sub = subscription_with (&f, sub_id, "active");
  g_assert_true (g_str_has_prefix (string_of (sub, "next_billing_date"), "2026-03-08T12:00:00"));
  payments = payments_of (&f, sub_id);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items_of (payments), 0),
                                               "total_amount"), ==, 0);
  types = tick (&f, "{\"to\":\"2026-03-09T00:00:00Z\"}");
  g_assert_cmpstr (types, ==, "payment.succeeded subscription.renewed");
  g_clear_pointer (&sub, json_node_unref);
  sub = subscription_with (&f, sub_id, "active");
  g_assert_true (g_str_has_prefix (string_of (sub, "next_billing_date"), "2026-04-08T12:00:00"));
  g_clear_pointer (&payments, json_node_unref);
  payments = payments_of (&f, sub_id);
  g_assert_cmpuint (json_array_get_length (items_of (payments)), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items_of (payments), 0),
                                               "total_amount"), ==, 1500);
  fixture_stop (&f);
}

/* 4000000000000341 pays at checkout and declines the renewal: on_hold. */
static void
test_clock_declined_renewal (void)
{
  Fixture f;
  g_autofree char *sub_id = NULL;
  g_autofree char *types = NULL;
  g_autoptr(JsonNode) sub = NULL;
  g_autoptr(JsonNode) payments = NULL;
  JsonObject *failed;

  if (!fixture_start (&f))
    return;
  sub_id = subscribe (&f, NULL, "4000000000000341");
  types = tick (&f, A_MONTH_LATER);
  g_assert_cmpstr (types, ==, "payment.failed subscription.on_hold");
  sub = subscription_with (&f, sub_id, "on_hold");
  payments = payments_of (&f, sub_id);
  failed = json_array_get_object_element (items_of (payments), 0);
  g_assert_cmpstr (json_object_get_string_member (failed, "status"), ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (failed, "card_last_four"), ==, "0341");
  g_assert_cmpstr (json_object_get_string_member (failed, "error_code"), ==, "CARD_DECLINED");

  /* On hold, nothing more happens as time passes. */
  g_free (types);
  types = tick (&f, A_MONTH_LATER);
  g_assert_cmpstr (types, ==, "");
  fixture_stop (&f);
}

/* cancel_at_next_billing_date takes effect at the billing date, without
 * a charge. */
static void
test_clock_scheduled_cancel (void)
{
  Fixture f;
  g_autofree char *sub_id = NULL;
  g_autofree char *types = NULL;
  g_autoptr(JsonNode) sub = NULL;
  g_autoptr(JsonNode) payments = NULL;
  g_autoptr(JsonNode) patched = NULL;

  if (!fixture_start (&f))
    return;
  sub_id = subscribe (&f, NULL, "4242424242424242");
  patched = request (&f, "PATCH", 200, "{\"cancel_at_next_billing_date\":true}", "/subscriptions/%s", sub_id);
  g_assert_cmpstr (string_of (patched, "status"), ==, "active");
  types = tick (&f, A_MONTH_LATER);
  g_assert_cmpstr (types, ==, "subscription.cancelled");
  sub = subscription_with (&f, sub_id, "cancelled");
  g_assert_true (g_str_has_prefix (string_of (sub, "cancelled_at"), "2026-04-01T12:00:00"));
  payments = payments_of (&f, sub_id);
  g_assert_cmpuint (json_array_get_length (items_of (payments)), ==, 1);
  fixture_stop (&f);
}

/* A two-month term: one renewal, then expired at the end of the term. */
static void
test_clock_expiry (void)
{
  Fixture f;
  g_autofree char *sub_id = NULL;
  g_autofree char *types = NULL;
  g_autoptr(JsonNode) sub = NULL;
  g_autoptr(JsonNode) payments = NULL;

  if (!fixture_start (&f))
    return;
  sub_id = subscribe (&f, ",\"subscription_period_count\":2,\"subscription_period_interval\":\"Month\"",
                      "4242424242424242");
  types = tick (&f, "{\"to\":\"2026-06-01T00:00:00Z\"}");
  g_assert_cmpstr (types, ==, "payment.succeeded subscription.expired subscription.renewed");
  sub = subscription_with (&f, sub_id, "expired");
  g_assert_true (g_str_has_prefix (string_of (sub, "expires_at"), "2026-05-01T12:00:00"));
  payments = payments_of (&f, sub_id);
  g_assert_cmpuint (json_array_get_length (items_of (payments)), ==, 2);
  fixture_stop (&f);
}

/* The Standard Webhooks reference library (npm) accepts a real delivery
 * and rejects it with one byte changed. */
static int
run_verifier (const char *node,
              const char *script,
              const char *prefix,
              const char *secret,
              Received   *r,
              gboolean    tamper,
              char      **output)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bd-webhook-XXXXXX", &error);
  g_autofree char *file = NULL;
  g_autofree char *body = g_strndup (g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body));
  g_autofree char *node_path = g_build_filename (prefix, "node_modules", NULL);
  g_autofree char *err = NULL;
  int status;

  g_assert_no_error (error);
  if (tamper)
    body[strlen (body) / 2] ^= 1;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "secret");
  json_builder_add_string_value (builder, secret);
  json_builder_set_member_name (builder, "headers");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "webhook-id");
  json_builder_add_string_value (builder, r->id);
  json_builder_set_member_name (builder, "webhook-timestamp");
  json_builder_add_string_value (builder, r->timestamp);
  json_builder_set_member_name (builder, "webhook-signature");
  json_builder_add_string_value (builder, r->signature);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, body);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  file = g_build_filename (dir, "delivery.json", NULL);
  json_generator_to_file (generator, file, &error);
  g_assert_no_error (error);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "NODE_PATH", node_path, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, node, script, file, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, output, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  status = g_subprocess_get_exit_status (process);
  if (status != 0)
    g_test_message ("verify-webhook.mjs: %s", err);
  g_remove (file);
  g_rmdir (dir);
  return status;
}

static void
test_npm_verify (void)
{
  const char *prefix = g_getenv ("BD_NPM_PREFIX");
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *library = prefix != NULL ? g_build_filename (prefix, "node_modules", "standardwebhooks", NULL) : NULL;
  g_autofree char *script = g_build_filename (g_getenv ("BD_SOURCE_ROOT"), "tests", "sandbox", "verify-webhook.mjs", NULL);
  g_autofree char *product_id = NULL;
  g_autofree char *types = NULL;
  g_autofree char *out = NULL;
  g_autofree char *tampered = NULL;
  g_autoptr(JsonNode) done = NULL;
  Fixture f;

  if (node == NULL || library == NULL || !g_file_test (library, G_FILE_TEST_IS_DIR))
    {
      bd_test_skip_or_fail ("node or the standardwebhooks npm package is missing "
                            "(BD_NPM_PREFIX; build-aux/test installs it)");
      return;
    }
  if (!fixture_start (&f))
    return;
  product_id = make_product (&f, FALSE, NULL);
  done = checkout (&f, product_id, "4242424242424242");
  types = settle (&f);
  g_assert_cmpstr (types, ==, "payment.succeeded");

  g_assert_cmpint (run_verifier (node, script, prefix, f.secret, f.received->pdata[0], FALSE, &out), ==, 0);
  g_assert_cmpstr (out, ==, "verified payment.succeeded\n");
  g_assert_cmpint (run_verifier (node, script, prefix, f.secret, f.received->pdata[0], TRUE, &tampered), ==, 1);
  fixture_stop (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/events/checkout", test_checkout_events);
  g_test_add_func ("/sandbox/events/endpoints", test_endpoints);
  g_test_add_func ("/sandbox/events/retries", test_retries);
  g_test_add_func ("/sandbox/events/timeout", test_timeout);
  g_test_add_func ("/sandbox/events/writes", test_write_events);
  g_test_add_func ("/sandbox/events/npm-verify", test_npm_verify);
  g_test_add_func ("/sandbox/clock/renewal", test_clock_renewal);
  g_test_add_func ("/sandbox/clock/renewal-quantity", test_clock_renewal_quantity);
  g_test_add_func ("/sandbox/clock/trial", test_clock_trial);
  g_test_add_func ("/sandbox/clock/declined-renewal", test_clock_declined_renewal);
  g_test_add_func ("/sandbox/clock/scheduled-cancel", test_clock_scheduled_cancel);
  g_test_add_func ("/sandbox/clock/expiry", test_clock_expiry);

  return g_test_run ();
}
