/* bench-webhooks.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "bd-keyring.h"
#include "bd-store-webhooks.h"
#include "bd-webhook-listener.h"
#include "bd-webhook.h"

/*
 * The webhook listener's throughput (design §11: ≥ 2,000 verified and
 * applied deliveries a second): N signed payment.succeeded deliveries
 * (default 10,000, each a new payment) fired at a listener on loopback by
 * 8 client threads, one connection per delivery (libsoup 3.2 keeps none
 * alive here); then the cache is checked
 * for none lost and none doubled, and every delivery sent again must answer
 * 200 and change nothing.  Needs a Secret Service on the session bus (the
 * secret is in the keyring, as in the app):
 *
 *   dbus-run-session -- build-aux/test-session _build --benchmark -v webhooks-10k
 *   # or, in such a session: _build/bench/bench-webhooks [N]
 *
 * Stops by itself: every request has a 30 s timeout, the whole run 300 s.
 */

#define SECRET  "whsec_ZG9kby1tb2NrLXNpZ25pbmcta2V5LTAxMjM0NTY3ODk="
#define MAX_THREADS 64

static guint n_threads = 8;

typedef struct
{
  const char  *url;
  GPtrArray   *bodies;     /* GBytes */
  GPtrArray   *ids;        /* char * */
  GPtrArray   *signatures; /* char * */
  gint64       timestamp;
  guint        first;
  guint        step;
  guint        expected;   /* the status every answer must have */
  guint        wrong;
  gint        *running;
} Worker;

/* Reads one answer from a kept-alive connection: its status, after its
 * headers and its Content-Length of body.  0 when the connection broke. */
static guint
read_answer (GInputStream *in,
             GString      *buffer)
{
  for (;;)
    {
      char *end = strstr (buffer->str, "\r\n\r\n");
      char chunk[4096];
      gssize n;

      if (end != NULL)
        {
          gsize head = end + 4 - buffer->str;
          const char *length = strstr (buffer->str, "Content-Length: ");
          gsize body = length != NULL && length < end ? (gsize) g_ascii_strtoull (length + 16, NULL, 10) : 0;
          guint status = (guint) g_ascii_strtoull (buffer->str + strlen ("HTTP/1.1 "), NULL, 10);

          if (buffer->len >= head + body)
            {
              g_string_erase (buffer, 0, head + body);
              return status;
            }
        }
      n = g_input_stream_read (in, chunk, sizeof chunk, NULL, NULL);
      if (n <= 0)
        return 0;
      g_string_append_len (buffer, chunk, n);
    }
}

static GIOStream *
connect_to (GSocketClient *client,
            GUri          *uri)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (g_uri_get_host (uri));
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (inet, g_uri_get_port (uri));
  GSocketConnection *connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, NULL);

  if (connection == NULL)
    g_error ("Could not connect to the listener");
  return G_IO_STREAM (connection);
}

/* One client: one delivery after the other, each on a new connection:
 * the listener's libsoup 3.2 closes it after each answer. */
static gpointer
worker_thread (gpointer user_data)
{
  Worker *w = user_data;
  g_autoptr(GUri) uri = g_uri_parse (w->url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GString) buffer = g_string_new (NULL);
  GIOStream *connection;

  g_socket_client_set_timeout (client, 30);
  g_socket_client_set_enable_proxy (client, FALSE);
  connection = connect_to (client, uri);
  for (guint i = w->first; i < w->bodies->len; i += w->step)
    {
      gsize length;
      const char *body = g_bytes_get_data (w->bodies->pdata[i], &length);
      g_autofree char *request = g_strdup_printf (
        "POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
        "webhook-id: %s\r\nwebhook-timestamp: %" G_GINT64_FORMAT "\r\nwebhook-signature: %s\r\n\r\n%.*s",
        g_uri_get_path (uri), g_uri_get_host (uri), g_uri_get_port (uri), length,
        (const char *) w->ids->pdata[i], w->timestamp, (const char *) w->signatures->pdata[i], (int) length, body);
      guint status;

      if (!g_output_stream_write_all (g_io_stream_get_output_stream (connection), request, strlen (request),
                                      NULL, NULL, NULL))
        status = 0;
      else
        status = read_answer (g_io_stream_get_input_stream (connection), buffer);
      if (status != w->expected)
        w->wrong++;
      /* The listener answers once per connection (libsoup 3.2, see
       * bd-webhook-listener.c): a new one for the next delivery. */
        {
          g_object_unref (connection);
          g_string_truncate (buffer, 0);
          connection = connect_to (client, uri);
        }
    }
  g_object_unref (connection);
  g_atomic_int_dec_and_test (w->running);
  g_main_context_wakeup (NULL);
  return NULL;
}

/* Fires every delivery once; returns the seconds it took. */
static double
fire (const char *url,
      GPtrArray  *bodies,
      GPtrArray  *ids,
      GPtrArray  *signatures,
      gint64      timestamp,
      guint       expected,
      guint      *wrong)
{
  Worker workers[MAX_THREADS];
  GThread *threads[MAX_THREADS];
  gint running = n_threads;
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + 300 * G_USEC_PER_SEC;

  for (guint t = 0; t < n_threads; t++)
    {
      workers[t] = (Worker) { url, bodies, ids, signatures, timestamp, t, n_threads, expected, 0, &running };
      threads[t] = g_thread_new ("bench-client", worker_thread, &workers[t]);
    }
  while (g_atomic_int_get (&running) > 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (g_atomic_int_get (&running) > 0)
    g_error ("The run did not end within 300 s");
  *wrong = 0;
  for (guint t = 0; t < n_threads; t++)
    {
      g_thread_join (threads[t]);
      *wrong += workers[t].wrong;
    }
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static void
on_done_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static gint64
query_count (BdStore    *store,
             const char *table)
{
  g_autoptr(GError) error = NULL;
  gint64 n = bd_store_count (store, table, &error);

  g_assert_no_error (error);
  return n;
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 10000;
  g_autofree char *account_id = g_strdup_printf ("acc_bench%08x", g_random_int ());
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(GAsyncResult) started = NULL;
  g_autoptr(GAsyncResult) cleared = NULL;
  g_autoptr(BdWebhookListener) listener = NULL;
  g_autoptr(BdStore) reader = NULL;
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) signatures = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = g_dir_make_tmp ("bench-webhooks-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "bench.db", NULL);
  BdWebhookLimits limits;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  double seconds, again;
  guint wrong, wrong_again;
  gint64 events, payments, duplicates;

  g_assert_no_error (error);
  if (argc > 2)
    n_threads = CLAMP ((guint) g_ascii_strtoull (argv[2], NULL, 10), 1, MAX_THREADS);
  bd_keyring_store_async (account_id, BD_ACCOUNT_MODE_SANDBOX, BD_KEYRING_KIND_WEBHOOK_SECRET, "Benchmark",
                          SECRET, NULL, on_done_cb, &stored);
  if (!bd_keyring_store_finish (wait_for (&stored), &error))
    {
      fprintf (stderr, "bench-webhooks: needs a Secret Service on the session bus: %s\n", error->message);
      return 77;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *body = g_strdup_printf (
        "{\"business_id\":\"bus_bench\",\"type\":\"payment.succeeded\",\"timestamp\":\"2026-03-01T12:00:00Z\","
        "\"data\":{\"payload_type\":\"Payment\",\"payment_id\":\"pay_bench%07u\",\"business_id\":\"bus_bench\","
        "\"brand_id\":\"bus_bench\",\"created_at\":\"2026-03-01T12:00:00Z\",\"status\":\"succeeded\","
        "\"total_amount\":1500,\"currency\":\"USD\",\"tax\":null,\"customer\":{\"customer_id\":\"cus_bench\","
        "\"name\":\"Ada\",\"email\":\"ada@example.com\"},\"metadata\":{},\"digital_products_delivered\":false,"
        "\"refunds\":[],\"disputes\":[]}}", i);
      GBytes *bytes = g_bytes_new (body, strlen (body));
      char *id = g_strdup_printf ("msg_bench%07u", i);

      g_ptr_array_add (signatures, bd_webhook_sign (SECRET, id, now, bytes, NULL));
      g_ptr_array_add (bodies, bytes);
      g_ptr_array_add (ids, id);
    }

  listener = bd_webhook_listener_new (account_id, BD_ACCOUNT_MODE_SANDBOX, db);
  bd_webhook_listener_get_limits (listener, &limits);
  limits.requests_per_second = 0;   /* one sender on loopback: no per-address limit */
  bd_webhook_listener_set_limits (listener, &limits);
  bd_webhook_listener_start_async (listener, NULL, on_done_cb, &started);
  if (!bd_webhook_listener_start_finish (listener, wait_for (&started), &error))
    g_error ("%s", error->message);

  seconds = fire (bd_webhook_listener_get_url (listener), bodies, ids, signatures, now, 204, &wrong);
  again = fire (bd_webhook_listener_get_url (listener), bodies, ids, signatures, now, 200, &wrong_again);
  bd_webhook_listener_stop (listener);

  reader = bd_store_open (db, &error);
  g_assert_no_error (error);
  events = query_count (reader, "webhook_events");
  payments = query_count (reader, "payments");
  {
    g_autoptr(GPtrArray) rows = bd_store_webhook_list (reader, NULL, &error);

    duplicates = 0;
    for (guint i = 0; rows != NULL && i < rows->len; i++)
      duplicates += ((BdStoredWebhook *) rows->pdata[i])->duplicates;
  }

  printf ("%u deliveries, %u client threads, loopback\n", n, n_threads);
  printf ("new:       %.2f s, %.0f verified and applied deliveries/s, %u not 204\n", seconds, n / seconds, wrong);
  printf ("again:     %.2f s, %.0f duplicates/s, %u not 200\n", again, n / again, wrong_again);
  printf ("cache:     %" G_GINT64_FORMAT " events, %" G_GINT64_FORMAT " payments, %" G_GINT64_FORMAT
          " duplicates counted\n", events, payments, duplicates);

  bd_keyring_clear_async (account_id, BD_ACCOUNT_MODE_SANDBOX, BD_KEYRING_KIND_WEBHOOK_SECRET, NULL,
                          on_done_cb, &cleared);
  bd_keyring_clear_finish (wait_for (&cleared), NULL);
  g_clear_object (&reader);
  g_clear_object (&listener);
  for (const char *suffix = ""; suffix != NULL;
       suffix = g_str_equal (suffix, "") ? "-wal" : g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *file = g_strconcat (db, suffix, NULL);

      g_remove (file);
    }
  g_rmdir (dir);

  if (wrong > 0 || wrong_again > 0 || events != n || payments != n || duplicates != n)
    {
      fprintf (stderr, "bench-webhooks: lost or doubled deliveries\n");
      return 1;
    }
  return 0;
}
