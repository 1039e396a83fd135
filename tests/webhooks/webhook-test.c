/* webhook-test.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "bd-test-util.h"
#include "webhook-test.h"

char **
wt_sign (const char         *secret,
         const char * const *ids,
         const gint64       *timestamps,
         const char * const *bodies,
         guint               n)
{
  const char *prefix = g_getenv ("BD_NPM_PREFIX");
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *library = prefix != NULL ? g_build_filename (prefix, "node_modules", "standardwebhooks", NULL) : NULL;
  g_autofree char *script = g_build_filename (g_getenv ("BD_SOURCE_ROOT"), "tests", "webhooks",
                                              "sign-webhook.mjs", NULL);
  g_autofree char *node_path = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *input = NULL;
  g_autofree char *output = NULL;
  g_autofree char *err = NULL;
  JsonArray *array;
  char **signatures;

  if (node == NULL || library == NULL || !g_file_test (library, G_FILE_TEST_IS_DIR))
    {
      bd_test_skip_or_fail ("node or the standardwebhooks npm package is missing "
                            "(BD_NPM_PREFIX; build-aux/test installs it)");
      return NULL;
    }
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "secret");
      json_builder_add_string_value (builder, secret);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, ids[i]);
      json_builder_set_member_name (builder, "timestamp");
      json_builder_add_int_value (builder, timestamps[i]);
      json_builder_set_member_name (builder, "body");
      json_builder_add_string_value (builder, bodies[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  input = json_to_string (root, FALSE);

  node_path = g_build_filename (prefix, "node_modules", NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "NODE_PATH", node_path, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, node, script, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &output, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    g_error ("sign-webhook.mjs failed: %s", err);

  json_parser_load_from_data (parser, output, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, n);
  signatures = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    signatures[i] = g_strdup (json_array_get_string_element (array, i));
  return signatures;
}

typedef struct
{
  const char         *url;
  const char * const *headers;
  GBytes             *body;
  guint               status;
  gboolean            done;
} Post;

static gpointer
post_thread (gpointer user_data)
{
  Post *post = user_data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("timeout", 30, NULL);
  msg = soup_message_new ("POST", post->url);
  for (guint i = 0; post->headers != NULL && post->headers[i] != NULL; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (msg), post->headers[i], post->headers[i + 1]);
  soup_message_set_request_body_from_bytes (msg, "application/json", post->body);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  post->status = answer != NULL ? soup_message_get_status (msg) : 0;
  g_main_context_pop_thread_default (context);
  g_atomic_int_set (&post->done, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

guint
wt_post (const char         *url,
         const char * const *headers,
         const char         *body,
         gsize               length)
{
  Post post = { url, headers, g_bytes_new (body, length), 0, FALSE };
  GThread *thread = g_thread_new ("wt-post", post_thread, &post);

  while (!g_atomic_int_get (&post.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
  g_bytes_unref (post.body);
  return post.status;
}

char *
wt_payment_event (const char *type,
                  const char *payment_id,
                  const char *status,
                  const char *timestamp)
{
  return g_strdup_printf ("{\"business_id\":\"bus_test\",\"type\":\"%s\",\"timestamp\":\"%s\","
                          "\"data\":{\"payload_type\":\"Payment\",\"payment_id\":\"%s\","
                          "\"business_id\":\"bus_test\",\"brand_id\":\"bus_test\","
                          "\"created_at\":\"2026-03-01T12:00:00Z\",\"status\":\"%s\","
                          "\"total_amount\":1500,\"currency\":\"USD\",\"tax\":null,"
                          "\"customer\":{\"customer_id\":\"cus_test\",\"name\":\"Ada\","
                          "\"email\":\"ada@example.com\"},\"metadata\":{},"
                          "\"digital_products_delivered\":false,\"refunds\":[],\"disputes\":[]}}",
                          type, timestamp, payment_id, status);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
wt_wait (gboolean *flag,
         double    seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add ((guint) (seconds * 1000), on_timeout_cb, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return *flag;
}
