/* test-webhook-listener.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "bd-keyring.h"
#include "bd-schema-check.h"
#include "bd-payment.h"
#include "bd-store-private.h"
#include "bd-store-webhooks.h"
#include "bd-test-sandbox.h"
#include "bd-test-util.h"
#include "bd-webhook-listener.h"
#include "bd-webhook-registration.h"
#include "webhook-test.h"

/* A real listener on a real cache, registered with a real sandbox, its
 * secret in the session's keyring; deliveries signed by the npm
 * standardwebhooks library. */

typedef struct
{
  BdTestSandbox      *sandbox;
  BdDodoClient       *client;
  char               *account_id;
  char               *dir;
  char               *db;
  BdWebhookListener  *listener;
  char               *endpoint_id;
  char               *secret;
  GPtrArray          *deliveries;
  BdStore            *reader;
} Fixture;

static void
on_done_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
on_listener_delivery_cb (BdWebhookListener *listener,
                         BdWebhookDelivery *delivery,
                         gpointer           user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->deliveries, bd_webhook_delivery_copy (delivery));
}

static void
start_listener (Fixture               *f,
                const BdWebhookLimits *limits)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  f->listener = bd_webhook_listener_new (f->account_id, BD_ACCOUNT_MODE_SANDBOX, f->db);
  if (limits != NULL)
    bd_webhook_listener_set_limits (f->listener, limits);
  g_signal_connect (f->listener, "delivery", G_CALLBACK (on_listener_delivery_cb), f);
  bd_webhook_listener_start_async (f->listener, NULL, on_done_cb, &result);
  g_assert_true (bd_webhook_listener_start_finish (f->listener, wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (bd_webhook_listener_get_url (f->listener), "http://127.0.0.1:"));
}

static void
register_listener (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) secret = NULL;

  bd_webhook_register_async (f->client, f->account_id, BD_ACCOUNT_MODE_SANDBOX, "Webhook test",
                             bd_webhook_listener_get_url (f->listener), NULL, on_done_cb, &result);
  f->endpoint_id = bd_webhook_register_finish (wait_result (&result), NULL, &error);
  g_assert_no_error (error);
  bd_webhook_listener_reload_secrets_async (f->listener, NULL, on_done_cb, &reloaded);
  g_assert_true (bd_webhook_listener_reload_secrets_finish (f->listener, wait_result (&reloaded), &error));

  /* The registered secret, as the sandbox hands it out. */
  path = g_strdup_printf ("/webhooks/%s/secret", f->endpoint_id);
  secret = bd_test_sandbox_call (f->sandbox, "GET", path, NULL, 200);
  f->secret = g_strdup (json_object_get_string_member (json_node_get_object (secret), "secret"));
}

static gboolean
fixture_start (Fixture               *f,
               const BdWebhookLimits *limits)
{
  g_autoptr(GError) error = NULL;

  memset (f, 0, sizeof *f);
  if (!bd_test_require_secret_service ())
    return FALSE;
  f->sandbox = bd_test_sandbox_start_with ("--webhook-schedule", "0.001", NULL);
  if (f->sandbox == NULL)
    return FALSE;
  f->client = bd_test_sandbox_client (f->sandbox);
  f->account_id = g_strdup_printf ("acc_wt%08x", g_random_int ());
  f->dir = g_dir_make_tmp ("bd-webhooks-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "sandbox.db", NULL);
  f->deliveries = g_ptr_array_new_with_free_func ((GDestroyNotify) bd_webhook_delivery_free);
  start_listener (f, limits);
  register_listener (f);
  f->reader = bd_store_open (f->db, &error);
  g_assert_no_error (error);
  return TRUE;
}

static void
fixture_stop (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) cleared = NULL;
  g_autoptr(GError) error = NULL;

  bd_webhook_listener_stop (f->listener);
  g_clear_object (&f->listener);
  bd_webhook_unregister_async (f->client, f->endpoint_id, NULL, on_done_cb, &result);
  g_assert_true (bd_webhook_unregister_finish (wait_result (&result), &error));
  bd_keyring_clear_async (f->account_id, BD_ACCOUNT_MODE_SANDBOX, BD_KEYRING_KIND_WEBHOOK_SECRET, NULL,
                          on_done_cb, &cleared);
  bd_keyring_clear_finish (wait_result (&cleared), NULL);
  g_clear_object (&f->reader);
  g_clear_object (&f->client);
  g_clear_pointer (&f->sandbox, bd_test_sandbox_free);
  for (const char *suffix = ""; suffix != NULL; suffix = *suffix == '\0' ? "-wal" : *suffix == '-' && suffix[1] == 'w' ? "-shm" : NULL)
    {
      g_autofree char *file = g_strconcat (f->db, suffix, NULL);

      g_remove (file);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->account_id);
  g_free (f->endpoint_id);
  g_free (f->secret);
  g_ptr_array_unref (f->deliveries);
}

static gint64
count (Fixture    *f,
       const char *table)
{
  g_autoptr(GError) error = NULL;
  gint64 n = bd_store_count (f->reader, table, &error);

  g_assert_no_error (error);
  return n;
}

static char *
now_id (const char *what)
{
  return g_strdup_printf ("msg_%s%08x", what, g_random_int ());
}

/* Sends @body with the three headers (a NULL signature leaves it out). */
static guint
send_signed (Fixture    *f,
             const char *url,
             const char *id,
             gint64      timestamp,
             const char *signature,
             const char *body,
             gsize       length)
{
  g_autofree char *ts = g_strdup_printf ("%" G_GINT64_FORMAT, timestamp);
  const char *headers[] = { "webhook-id", id, "webhook-timestamp", ts,
                            signature != NULL ? "webhook-signature" : NULL, signature, NULL };

  return wt_post (url != NULL ? url : bd_webhook_listener_get_url (f->listener), headers, body, length);
}

/* Accepted, and every rejection answers its status and stores nothing. */
static void
test_accept_and_reject (void)
{
  Fixture f;
  g_autofree char *good = wt_payment_event ("payment.succeeded", "pay_good", "succeeded", "2026-03-01T12:00:00Z");
  const char *not_json = "{\"business_id\": \"bus_test\", \"type\": ";
  const char *not_dodo = "{\"hello\":\"world\"}";
  g_autofree char *id_good = now_id ("good");
  g_autofree char *id_old = now_id ("old");
  g_autofree char *id_new = now_id ("new");
  g_autofree char *id_bad = now_id ("bad");
  g_autofree char *id_nj = now_id ("nj");
  g_autofree char *id_nd = now_id ("nd");
  g_autofree char *id_big = now_id ("big");
  g_autofree char *other_url = NULL;
  g_autofree char *truncated = NULL;
  g_autofree char *tampered = NULL;
  g_autofree char *big = NULL;
  g_auto(GStrv) sigs = NULL;
  g_auto(GStrv) wrong = NULL;
  g_autoptr(BdPayment) payment = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gsize big_length = 2 * 1024 * 1024;

  if (!fixture_start (&f, NULL))
    return;

  big = g_malloc (big_length + 1);
  memset (big, ' ', big_length);
  memcpy (big, good, strlen (good));
  big[big_length] = '\0';
  {
    const char *ids[] = { id_good, id_old, id_new, id_bad, id_nj, id_nd, id_big };
    const gint64 times[] = { now, now - 360, now + 360, now, now, now, now };
    const char *bodies[] = { good, good, good, good, not_json, not_dodo, big };

    sigs = wt_sign (f.secret, ids, times, bodies, G_N_ELEMENTS (ids));
    if (sigs == NULL)
      {
        fixture_stop (&f);
        return;
      }
  }
  {
    const char *ids[] = { id_bad };
    const gint64 times[] = { now };
    const char *bodies[] = { good };

    wrong = wt_sign ("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", ids, times, bodies, 1);
  }
  truncated = g_strndup (sigs[3], strlen (sigs[3]) - 6);
  tampered = g_strdup (good);
  tampered[strstr (tampered, "1500") - tampered] = '9';
  other_url = g_strdup_printf ("http://127.0.0.1:%u/webhooks/acc_someone_else",
                               bd_webhook_listener_get_port (f.listener));

  /* Each rejection first: nothing stored by any. */
  g_assert_cmpuint (send_signed (&f, NULL, id_bad, now, NULL, good, strlen (good)), ==, 401);
  g_assert_cmpuint (send_signed (&f, NULL, id_bad, now, wrong[0], good, strlen (good)), ==, 401);
  g_assert_cmpuint (send_signed (&f, NULL, id_bad, now, truncated, good, strlen (good)), ==, 401);
  g_assert_cmpuint (send_signed (&f, NULL, id_old, now - 360, sigs[1], good, strlen (good)), ==, 401);
  g_assert_cmpuint (send_signed (&f, NULL, id_new, now + 360, sigs[2], good, strlen (good)), ==, 401);
  g_assert_cmpuint (send_signed (&f, NULL, id_bad, now, sigs[3], tampered, strlen (tampered)), ==, 401);
  g_assert_cmpuint (send_signed (&f, other_url, id_good, now, sigs[0], good, strlen (good)), ==, 404);
  g_assert_cmpuint (send_signed (&f, NULL, id_big, now, sigs[6], big, big_length), ==, 413);
  g_assert_cmpuint (send_signed (&f, NULL, id_nj, now, sigs[4], not_json, strlen (not_json)), ==, 400);
  g_assert_cmpuint (send_signed (&f, NULL, id_nd, now, sigs[5], not_dodo, strlen (not_dodo)), ==, 400);
  g_assert_cmpint (count (&f, "webhook_events"), ==, 0);
  g_assert_cmpint (count (&f, "payments"), ==, 0);
  g_assert_cmpuint (f.deliveries->len, ==, 10);
  for (guint i = 0; i < f.deliveries->len; i++)
    {
      BdWebhookDelivery *d = f.deliveries->pdata[i];

      g_assert_cmpint (d->result, ==, BD_WEBHOOK_RESULT_REJECTED);
      g_assert_nonnull (d->reason);
      g_assert_null (strstr (d->reason, f.secret + strlen ("whsec_")));
    }

  /* The signed delivery: 204, stored once, its payment in the cache. */
  g_assert_cmpuint (send_signed (&f, NULL, id_good, now, sigs[0], good, strlen (good)), ==, 204);
  g_assert_cmpint (count (&f, "webhook_events"), ==, 1);
  payment = bd_store_lookup (f.reader, BD_TYPE_PAYMENT, "pay_good", &error);
  g_assert_no_error (error);
  g_assert_nonnull (payment);
  g_assert_cmpstr (bd_model_get_string (payment, "status-raw"), ==, "succeeded");
  {
    BdWebhookDelivery *d = f.deliveries->pdata[f.deliveries->len - 1];

    g_assert_cmpint (d->result, ==, BD_WEBHOOK_RESULT_APPLIED);
    g_assert_cmpstr (d->effect, ==, "Payment pay_good new → succeeded");
    g_assert_cmpstr (d->webhook_id, ==, id_good);
  }
  fixture_stop (&f);
}

/* The same delivery three times: 204, then 200 and 200; applied once. */
static void
test_exactly_once (void)
{
  Fixture f;
  g_autofree char *body = wt_payment_event ("payment.succeeded", "pay_once", "succeeded", "2026-03-01T12:00:00Z");
  g_autofree char *id = now_id ("once");
  g_auto(GStrv) sigs = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  BdStoredWebhook *row;

  if (!fixture_start (&f, NULL))
    return;
  {
    const char *ids[] = { id };
    const gint64 times[] = { now };
    const char *bodies[] = { body };

    if ((sigs = wt_sign (f.secret, ids, times, bodies, 1)) == NULL)
      {
        fixture_stop (&f);
        return;
      }
  }
  g_assert_cmpuint (send_signed (&f, NULL, id, now, sigs[0], body, strlen (body)), ==, 204);
  g_assert_cmpuint (send_signed (&f, NULL, id, now, sigs[0], body, strlen (body)), ==, 200);
  g_assert_cmpuint (send_signed (&f, NULL, id, now, sigs[0], body, strlen (body)), ==, 200);

  rows = bd_store_webhook_list (f.reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  row = rows->pdata[0];
  g_assert_cmpstr (row->webhook_id, ==, id);
  g_assert_cmpint (row->duplicates, ==, 2);
  g_assert_true (row->applied);
  g_assert_cmpstr (row->verification, ==, "verified");
  g_assert_cmpstr (row->object_id, ==, "pay_once");
  g_assert_cmpint (count (&f, "payments"), ==, 1);
  g_assert_cmpint (((BdWebhookDelivery *) f.deliveries->pdata[1])->result, ==, BD_WEBHOOK_RESULT_DUPLICATE);
  g_assert_cmpint (((BdWebhookDelivery *) f.deliveries->pdata[2])->result, ==, BD_WEBHOOK_RESULT_DUPLICATE);
  {
    sqlite3_stmt *stmt = bd_store_prepare (f.reader, "SELECT raw, headers FROM webhook_events", &error);
    const char *raw;
    const char *headers;

    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    raw = (const char *) sqlite3_column_text (stmt, 0);
    headers = (const char *) sqlite3_column_text (stmt, 1);
    /* The raw body exactly as sent, the headers kept, and no secret. */
    g_assert_cmpstr (raw, ==, body);
    g_assert_nonnull (strstr (headers, id));
    g_assert_nonnull (strstr (headers, "webhook-signature"));
    g_assert_null (strstr (headers, f.secret + strlen ("whsec_")));
    sqlite3_reset (stmt);
  }
  fixture_stop (&f);
}

/* Three states of one payment delivered newest first: the cache ends with
 * the newest; the older ones are stored as events but change nothing. */
static void
test_out_of_order (void)
{
  Fixture f;
  g_autofree char *b1 = wt_payment_event ("payment.processing", "pay_order", "requires_customer_action",
                                          "2026-03-01T12:00:01Z");
  g_autofree char *b2 = wt_payment_event ("payment.processing", "pay_order", "processing", "2026-03-01T12:00:02Z");
  g_autofree char *b3 = wt_payment_event ("payment.succeeded", "pay_order", "succeeded", "2026-03-01T12:00:03Z");
  g_autofree char *i1 = now_id ("o1");
  g_autofree char *i2 = now_id ("o2");
  g_autofree char *i3 = now_id ("o3");
  g_auto(GStrv) sigs = NULL;
  g_autoptr(BdPayment) payment = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (!fixture_start (&f, NULL))
    return;
  {
    const char *ids[] = { i1, i2, i3 };
    const gint64 times[] = { now, now, now };
    const char *bodies[] = { b1, b2, b3 };

    if ((sigs = wt_sign (f.secret, ids, times, bodies, 3)) == NULL)
      {
        fixture_stop (&f);
        return;
      }
  }
  g_assert_cmpuint (send_signed (&f, NULL, i3, now, sigs[2], b3, strlen (b3)), ==, 204);
  g_assert_cmpuint (send_signed (&f, NULL, i1, now, sigs[0], b1, strlen (b1)), ==, 204);
  g_assert_cmpuint (send_signed (&f, NULL, i2, now, sigs[1], b2, strlen (b2)), ==, 204);

  payment = bd_store_lookup (f.reader, BD_TYPE_PAYMENT, "pay_order", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bd_model_get_string (payment, "status-raw"), ==, "succeeded");
  g_assert_cmpint (count (&f, "webhook_events"), ==, 3);
  g_assert_cmpint (((BdWebhookDelivery *) f.deliveries->pdata[0])->result, ==, BD_WEBHOOK_RESULT_APPLIED);
  g_assert_cmpint (((BdWebhookDelivery *) f.deliveries->pdata[1])->result, ==, BD_WEBHOOK_RESULT_STORED);
  g_assert_cmpint (((BdWebhookDelivery *) f.deliveries->pdata[2])->result, ==, BD_WEBHOOK_RESULT_STORED);
  g_assert_cmpstr (((BdWebhookDelivery *) f.deliveries->pdata[1])->effect, ==,
                   "Payment pay_order kept succeeded (a newer event was applied)");
  fixture_stop (&f);
}

static gboolean
has_applied_payment (Fixture *f)
{
  for (guint i = 0; i < f->deliveries->len; i++)
    {
      BdWebhookDelivery *d = f->deliveries->pdata[i];

      if (g_strcmp0 (d->event_type, "payment.succeeded") == 0 && d->result == BD_WEBHOOK_RESULT_APPLIED)
        return TRUE;
    }
  return FALSE;
}

static gboolean
on_poll_cb (gpointer user_data)
{
  Fixture *f = ((gpointer *) user_data)[0];
  gboolean *flag = ((gpointer *) user_data)[1];

  *flag = has_applied_payment (f);
  return *flag ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

/* A checkout completed in the sandbox: its payment.succeeded reaches the
 * listener, and the payment is in the cache without a sync. */
static void
test_end_to_end (void)
{
  Fixture f;
  g_autoptr(JsonNode) product = NULL;
  g_autoptr(JsonNode) session = NULL;
  g_autoptr(JsonNode) done = NULL;
  g_autoptr(BdPayment) payment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  const char *payment_id;
  gboolean arrived = FALSE;
  gpointer poll[2] = { &f, &arrived };

  if (!fixture_start (&f, NULL))
    return;
  product = bd_test_sandbox_call (f.sandbox, "POST", "/products",
                                  "{\"name\":\"Plan\",\"tax_category\":\"saas\",\"price\":{\"type\":\"one_time_price\","
                                  "\"currency\":\"USD\",\"price\":1500,\"discount\":0,\"purchasing_power_parity\":false}}",
                                  200);
  body = g_strdup_printf ("{\"product_cart\":[{\"product_id\":\"%s\",\"quantity\":1}],"
                          "\"customer\":{\"email\":\"grace@example.com\",\"name\":\"Grace Hopper\"}}",
                          json_object_get_string_member (json_node_get_object (product), "product_id"));
  session = bd_test_sandbox_call (f.sandbox, "POST", "/checkouts", body, 200);
  path = g_strdup_printf ("/_sandbox/checkouts/%s/complete",
                          json_object_get_string_member (json_node_get_object (session), "session_id"));
  done = bd_test_sandbox_call (f.sandbox, "POST", path, "{\"card\":\"4242424242424242\"}", 200);
  payment_id = json_object_get_string_member (json_node_get_object (done), "payment_id");

  g_timeout_add (20, on_poll_cb, poll);
  g_assert_true (wt_wait (&arrived, 20));
  payment = bd_store_lookup (f.reader, BD_TYPE_PAYMENT, payment_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (payment);
  g_assert_cmpstr (bd_model_get_string (payment, "status-raw"), ==, "succeeded");
  fixture_stop (&f);
}

/* A second registration deletes the endpoint the first left behind; the
 * sandbox then holds exactly one of ours, and none after unregistering. */
static void
test_registration (void)
{
  Fixture f;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autofree char *second = NULL;
  guint removed = 99;
  JsonArray *data;
  guint ours = 0;

  if (!fixture_start (&f, NULL))
    return;
  /* As if the app had crashed: register again without unregistering. */
  bd_webhook_register_async (f.client, f.account_id, BD_ACCOUNT_MODE_SANDBOX, "Webhook test",
                             bd_webhook_listener_get_url (f.listener), NULL, on_done_cb, &result);
  second = bd_webhook_register_finish (wait_result (&result), &removed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 1);
  g_assert_cmpstr (second, !=, f.endpoint_id);

  list = bd_test_sandbox_call (f.sandbox, "GET", "/webhooks", NULL, 200);
  data = json_object_get_array_member (json_node_get_object (list), "data");
  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonObject *endpoint = json_array_get_object_element (data, i);
      JsonObject *metadata = json_object_get_object_member (endpoint, "metadata");

      if (metadata != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (metadata, "billing_desk", NULL), "listener") == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (metadata, "account", NULL), f.account_id) == 0)
        {
          ours++;
          g_assert_cmpstr (json_object_get_string_member (endpoint, "id"), ==, second);
        }
    }
  g_assert_cmpuint (ours, ==, 1);
  g_free (f.endpoint_id);
  f.endpoint_id = g_steal_pointer (&second);
  fixture_stop (&f);
}

/* A raw connection to the listener. */
static GSocketConnection *
connect_raw (Fixture *f)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                                   bd_webhook_listener_get_port (f->listener),
                                                                   NULL, &error);

  g_assert_no_error (error);
  return connection;
}

/* Reads until the peer closes (TRUE) or @seconds pass (FALSE), running the
 * default main context meanwhile. */
static gboolean
closed_within (GSocketConnection *connection,
               double             seconds)
{
  GSocket *socket = g_socket_connection_get_socket (connection);
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  g_socket_set_blocking (socket, FALSE);
  while (g_get_monotonic_time () < end)
    {
      char buffer[256];
      g_autoptr(GError) error = NULL;
      gssize n;

      g_main_context_iteration (NULL, FALSE);
      n = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error);
      if (n == 0)
        return TRUE;
      if (n < 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return TRUE;
      g_usleep (5000);
    }
  return FALSE;
}

/* Slow and abusive clients: the header and body deadlines close the
 * connection, the cap refuses one more, the rate limit answers 429. */
static void
test_limits (void)
{
  Fixture f;
  BdWebhookLimits limits = { 300, 300, 2, 2, 3 };
  g_autoptr(GSocketConnection) idle = NULL;
  g_autoptr(GSocketConnection) slow = NULL;
  g_autoptr(GSocketConnection) a = NULL;
  g_autoptr(GSocketConnection) b = NULL;
  g_autoptr(GSocketConnection) c = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  guint statuses[6];
  guint n_429 = 0;

  if (!fixture_start (&f, &limits))
    return;

  /* Says nothing: closed after the headers deadline. */
  idle = connect_raw (&f);
  g_assert_true (closed_within (idle, 3));

  /* Headers, then too little body: closed after the body deadline. */
  slow = connect_raw (&f);
  head = g_strdup_printf ("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"a\"",
                          bd_webhook_listener_get_path (f.listener));
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (slow)), head, strlen (head),
                             NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (closed_within (slow, 3));
  g_clear_object (&idle);
  g_clear_object (&slow);
  while (bd_webhook_listener_get_n_connections (f.listener) > 0)
    g_main_context_iteration (NULL, TRUE);

  /* Two held open: a third is closed at once. */
  a = connect_raw (&f);
  b = connect_raw (&f);
  while (bd_webhook_listener_get_n_connections (f.listener) < 2)
    g_main_context_iteration (NULL, TRUE);
  c = connect_raw (&f);
  g_assert_true (closed_within (c, 0.25));
  g_assert_cmpuint (bd_webhook_listener_get_n_connections (f.listener), ==, 2);
  g_clear_object (&a);
  g_clear_object (&b);
  g_clear_object (&c);
  while (bd_webhook_listener_get_n_connections (f.listener) > 0)
    g_main_context_iteration (NULL, TRUE);

  /* A burst of 3, then 2 a second: quick requests beyond get 429. */
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      /* One connection at a time: the cap is 2. */
      while (bd_webhook_listener_get_n_connections (f.listener) > 0)
        g_main_context_iteration (NULL, TRUE);
      statuses[i] = wt_post (bd_webhook_listener_get_url (f.listener), NULL, "{}", 2);
      n_429 += statuses[i] == 429;
    }
  g_assert_cmpuint (statuses[0], ==, 401);
  g_assert_cmpuint (statuses[G_N_ELEMENTS (statuses) - 1], ==, 429);
  g_assert_cmpuint (n_429, >=, 2);
  g_assert_cmpint (count (&f, "webhook_events"), ==, 0);
  fixture_stop (&f);
}


/* Every member of @example (recursively into objects) is a member of
 * @actual, null included: what Dodo's own examples show, the sandbox
 * writes. */
static void
assert_has_members (JsonObject *example,
                    JsonObject *actual,
                    const char *where)
{
  g_autoptr(GList) names = json_object_get_members (example);

  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *want = json_object_get_member (example, l->data);
      JsonNode *got = json_object_get_member (actual, l->data);

      /* The webhook's tag, not a member of the object a GET answers. */
      if (g_str_equal (l->data, "payload_type") && g_str_has_prefix (where, "GET "))
        continue;
      if (got == NULL)
        g_error ("%s: “%s” is missing", where, (const char *) l->data);
      if (JSON_NODE_HOLDS_OBJECT (want) && JSON_NODE_HOLDS_OBJECT (got))
        {
          g_autofree char *inner = g_strdup_printf ("%s.%s", where, (const char *) l->data);

          assert_has_members (json_node_get_object (want), json_node_get_object (got), inner);
        }
    }
}

static JsonObject *
x_webhook (const char *type)
{
  JsonObject *hooks = json_object_get_object_member (json_node_get_object (bd_schema_openapi ()), "x-webhooks");
  JsonObject *hook = json_object_get_object_member (hooks, type);

  g_assert_nonnull (hook);
  return json_object_get_object_member (
           json_object_get_object_member (
             json_object_get_object_member (json_object_get_object_member (hook, "post"), "requestBody"),
             "content"),
           "application/json");
}

static gboolean
on_poll_n_cb (gpointer user_data)
{
  Fixture *f = ((gpointer *) user_data)[0];
  guint n = GPOINTER_TO_UINT (((gpointer *) user_data)[1]);
  gboolean *flag = ((gpointer *) user_data)[2];

  *flag = f->deliveries->len >= n;
  return *flag ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static JsonNode *
call (Fixture    *f,
      const char *method,
      const char *body,
      const char *format,
      ...) G_GNUC_PRINTF (4, 5);

static JsonNode *
call (Fixture    *f,
      const char *method,
      const char *body,
      const char *format,
      ...)
{
  g_autofree char *path = NULL;
  va_list ap;

  va_start (ap, format);
  path = g_strdup_vprintf (format, ap);
  va_end (ap);
  return bd_test_sandbox_call (f->sandbox, method, path, body, 200);
}

static const char *
member (JsonNode   *node,
        const char *name)
{
  return json_object_get_string_member (json_node_get_object (node), name);
}

static char *
pay (Fixture    *f,
     const char *product_id,
     const char *card,
     char      **subscription_id)
{
  g_autofree char *body = g_strdup_printf ("{\"product_cart\":[{\"product_id\":\"%s\",\"quantity\":1}],"
                                           "\"customer\":{\"email\":\"grace@example.com\",\"name\":\"Grace\"},"
                                           "\"billing_address\":{\"country\":\"US\",\"city\":\"New York\","
                                           "\"state\":\"NY\",\"street\":\"1 Main St\",\"zipcode\":\"10001\"}}",
                                           product_id);
  g_autoptr(JsonNode) session = call (f, "POST", body, "/checkouts");
  g_autofree char *card_body = g_strdup_printf ("{\"card\":\"%s\"}", card);
  g_autoptr(JsonNode) done = call (f, "POST", card_body, "/_sandbox/checkouts/%s/complete", member (session, "session_id"));
  JsonObject *object = json_node_get_object (done);

  if (subscription_id != NULL)
    *subscription_id = g_strdup (json_object_get_string_member_with_default (object, "subscription_id", NULL));
  return g_strdup (json_object_get_string_member (object, "payment_id"));
}

/* The sandbox's deliveries carry every member Dodo's examples show (null
 * included) and match Dodo's schema; so do its GET answers. */
static void
test_payloads_as_dodo (void)
{
  static const char * const types[] = {
    "payment.succeeded", "payment.failed", "subscription.active", "subscription.cancelled",
    "refund.succeeded", "dispute.opened", NULL
  };
  Fixture f;
  g_autoptr(JsonNode) one_time = NULL;
  g_autoptr(JsonNode) monthly = NULL;
  g_autoptr(JsonNode) got = NULL;
  g_autoptr(JsonNode) refund = NULL;
  g_autoptr(JsonNode) dispute = NULL;
  g_autoptr(JsonNode) cancelled = NULL;
  g_autofree char *paid = NULL;
  g_autofree char *declined = NULL;
  g_autofree char *sub_payment = NULL;
  g_autofree char *sub_id = NULL;
  g_autofree char *body = NULL;
  gboolean arrived = FALSE;
  gpointer poll[3];
  guint expected = 7;

  if (!fixture_start (&f, NULL))
    return;
  one_time = call (&f, "POST", "{\"name\":\"Book\",\"tax_category\":\"e_book\",\"price\":{\"type\":\"one_time_price\","
                               "\"currency\":\"USD\",\"price\":1500,\"discount\":0,\"purchasing_power_parity\":false}}",
                   "/products");
  monthly = call (&f, "POST", "{\"name\":\"Plan\",\"tax_category\":\"saas\",\"price\":{\"type\":\"recurring_price\","
                              "\"currency\":\"USD\",\"price\":900,\"discount\":0,\"purchasing_power_parity\":false,"
                              "\"payment_frequency_count\":1,\"payment_frequency_interval\":\"Month\","
                              "\"subscription_period_count\":1,\"subscription_period_interval\":\"Year\"}}",
                  "/products");
  paid = pay (&f, member (one_time, "product_id"), "4242424242424242", NULL);
  declined = pay (&f, member (one_time, "product_id"), "4000000000000002", NULL);
  sub_payment = pay (&f, member (monthly, "product_id"), "4242424242424242", &sub_id);
  body = g_strdup_printf ("{\"payment_id\":\"%s\",\"reason\":\"Testing\"}", paid);
  refund = call (&f, "POST", body, "/refunds");
  g_free (body);
  body = g_strdup_printf ("{\"payment_id\":\"%s\"}", sub_payment);
  dispute = call (&f, "POST", body, "/_sandbox/disputes");
  cancelled = call (&f, "PATCH", "{\"status\":\"cancelled\"}", "/subscriptions/%s", sub_id);

  /* payment ×3, subscription.active, refund, dispute, subscription.cancelled */
  poll[0] = &f;
  poll[1] = GUINT_TO_POINTER (expected);
  poll[2] = &arrived;
  g_timeout_add (20, on_poll_n_cb, poll);
  g_assert_true (wt_wait (&arrived, 20));

  for (guint t = 0; types[t] != NULL; t++)
    {
      JsonObject *content = x_webhook (types[t]);
      JsonObject *example = json_object_get_object_member (json_object_get_object_member (content, "example"), "data");
      JsonNode *schema = json_object_get_member (content, "schema");
      gboolean found = FALSE;

      for (guint i = 0; i < f.deliveries->len; i++)
        {
          BdWebhookDelivery *d = f.deliveries->pdata[i];
          g_autoptr(JsonParser) parser = json_parser_new ();
          g_autoptr(GError) error = NULL;
          JsonObject *data;

          if (g_strcmp0 (d->event_type, types[t]) != 0)
            continue;
          found = TRUE;
          g_assert_cmpint (d->result, ==, BD_WEBHOOK_RESULT_APPLIED);
          json_parser_load_from_data (parser, g_bytes_get_data (d->body, NULL), g_bytes_get_size (d->body), &error);
          g_assert_no_error (error);
          data = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "data");
          assert_has_members (example, data, types[t]);
          bd_schema_check_node (schema, json_parser_get_root (parser), &error);
          if (error != NULL)
            g_error ("%s: %s", types[t], error->message);
        }
      if (!found)
        g_error ("no %s delivery", types[t]);
    }

  /* GET answers: the same members as the deliveries' objects. */
  {
    JsonObject *example = json_object_get_object_member (
      json_object_get_object_member (x_webhook ("payment.succeeded"), "example"), "data");

    got = call (&f, "GET", NULL, "/payments/%s", paid);
    assert_has_members (example, json_node_get_object (got), "GET /payments/{id}");
  }
  {
    JsonObject *example = json_object_get_object_member (
      json_object_get_object_member (x_webhook ("subscription.active"), "example"), "data");
    g_autoptr(JsonNode) sub = call (&f, "GET", NULL, "/subscriptions/%s", sub_id);

    assert_has_members (example, json_node_get_object (sub), "GET /subscriptions/{id}");
  }
  fixture_stop (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/webhooks/listener/accept-and-reject", test_accept_and_reject);
  g_test_add_func ("/webhooks/listener/exactly-once", test_exactly_once);
  g_test_add_func ("/webhooks/listener/out-of-order", test_out_of_order);
  g_test_add_func ("/webhooks/listener/end-to-end", test_end_to_end);
  g_test_add_func ("/webhooks/listener/registration", test_registration);
  g_test_add_func ("/webhooks/listener/limits", test_limits);
  g_test_add_func ("/webhooks/listener/payloads-as-dodo", test_payloads_as_dodo);

  return g_test_run ();
}
