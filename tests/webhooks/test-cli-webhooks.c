/* test-cli-webhooks.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "bd-test-sandbox.h"
#include "bd-test-util.h"
#include "bd-webhook.h"
#include "sync-test.h"

/* `billing-desk webhooks listen`, `events list` and `events send` as a
 * user runs them: child processes with their own XDG folders, the test
 * session's keyring and a sandbox that delivers to the listener. */

typedef struct
{
  char           *home;
  char           *config;
  char           *data;
  char           *runtime;
  char           *exe;
  BdTestSandbox  *sandbox;
  GSubprocess    *listener;
  GDataInputStream *lines;
  char           *url;
  char           *account_id;
} Fixture;

static GSubprocessLauncher *
launcher_new (Fixture *f)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                             G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                             G_SUBPROCESS_FLAGS_STDERR_PIPE);

  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", f->config, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", f->data, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", f->runtime, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DODO_PAYMENTS_API_KEY");
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
  return launcher;
}

static void
run (Fixture    *f,
     BdTestCliResult     *r,
     const char *input,
     ...)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (f);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  va_list ap;

  g_strv_builder_add (builder, f->exe);
  va_start (ap, input);
  for (const char *a = va_arg (ap, const char *); a != NULL; a = va_arg (ap, const char *))
    g_strv_builder_add (builder, a);
  va_end (ap);
  argv = g_strv_builder_end (builder);
  bd_test_cli_run (launcher, (const char * const *) argv, input, r);
}

static void
assert_one_line_failure (BdTestCliResult     *r,
                         int         status,
                         const char *reason_part)
{
  g_assert_cmpint (r->status, ==, status);
  g_assert_true (g_str_has_prefix (r->err, "billing-desk: "));
  g_assert_nonnull (strstr (r->err, reason_part));
  g_assert_true (strchr (r->err, '\n') == r->err + strlen (r->err) - 1);
  g_assert_cmpstr (r->out, ==, "");
}

static void
on_line_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The listener's next line, while this process's main context runs (the
 * forwarding target lives there).  (transfer full) */
static char *
next_line (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *line;

  g_data_input_stream_read_line_async (f->lines, G_PRIORITY_DEFAULT, NULL, on_line_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  line = g_data_input_stream_read_line_finish_utf8 (f->lines, result, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_test_message ("listener: %s", line);
  return line;
}

/* Reads lines until one contains @needle.  (transfer full) */
static char *
line_with (Fixture    *f,
           const char *needle)
{
  for (;;)
    {
      char *line = next_line (f);

      if (strstr (line, needle) != NULL)
        return line;
      g_free (line);
    }
}

static gboolean
fixture_start (Fixture    *f,
               const char *forward_to)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) first = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_auto(BdTestCliResult) added = { 0 };
  g_autofree char *line = NULL;
  g_autofree char *key = NULL;

  memset (f, 0, sizeof *f);
  if (!bd_test_require_secret_service ())
    return FALSE;
  f->exe = g_build_filename (g_getenv ("BD_BUILD_ROOT"), "src", "billing-desk", NULL);
  if (!g_file_test (f->exe, G_FILE_TEST_IS_EXECUTABLE))
    {
      bd_test_skip_or_fail ("billing-desk is not built");
      return FALSE;
    }
  f->sandbox = bd_test_sandbox_start_with ("--webhook-schedule", "0.001", NULL);
  if (f->sandbox == NULL)
    return FALSE;
  f->home = g_dir_make_tmp ("bd-cli-webhooks-XXXXXX", &error);
  g_assert_no_error (error);
  f->config = g_build_filename (f->home, "config", NULL);
  f->data = g_build_filename (f->home, "data", NULL);
  f->runtime = g_build_filename (f->home, "run", NULL);
  g_mkdir_with_parents (f->runtime, 0700);

  key = g_strdup_printf ("%s\n", bd_test_sandbox_get_key (f->sandbox));
  run (f, &added, key, "accounts", "add", "--name", "Sandbox", "--mode", "sandbox", "--url",
       bd_test_sandbox_get_url (f->sandbox), NULL);
  g_assert_cmpint (added.status, ==, 0);

  launcher = launcher_new (f);
  if (forward_to != NULL)
    f->listener = g_subprocess_launcher_spawn (launcher, &error, f->exe, "webhooks", "listen",
                                               "--account", "Sandbox", "--forward-to", forward_to, NULL);
  else
    f->listener = g_subprocess_launcher_spawn (launcher, &error, f->exe, "webhooks", "listen",
                                               "--account", "Sandbox", NULL);
  g_assert_no_error (error);
  f->lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (f->listener));

  /* The first line, exactly. */
  line = next_line (f);
  first = g_regex_new ("^Listening on (http://127\\.0\\.0\\.1:[0-9]+/webhooks/(acc_[A-Za-z0-9_-]+))$", 0, 0, NULL);
  g_assert_true (g_regex_match (first, line, 0, &match));
  f->url = g_match_info_fetch (match, 1);
  f->account_id = g_match_info_fetch (match, 2);
  return TRUE;
}

/* How many endpoints the sandbox holds for this account's listener. */
static guint
registered (Fixture *f)
{
  g_autoptr(JsonNode) list = bd_test_sandbox_call (f->sandbox, "GET", "/webhooks", NULL, 200);
  JsonArray *data = json_object_get_array_member (json_node_get_object (list), "data");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonObject *metadata = json_object_get_object_member (json_array_get_object_element (data, i), "metadata");

      if (metadata != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (metadata, "account", NULL), f->account_id) == 0)
        n++;
    }
  return n;
}

static void
fixture_stop (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  if (f->listener != NULL)
    {
      g_subprocess_send_signal (f->listener, SIGTERM);
      g_subprocess_wait (f->listener, NULL, &error);
      g_assert_no_error (error);
      {
        g_autofree char *err = NULL;
        g_autoptr(GDataInputStream) err_lines = g_data_input_stream_new (g_subprocess_get_stderr_pipe (f->listener));

        err = g_data_input_stream_read_upto (err_lines, "", 0, NULL, NULL, NULL);
        g_test_message ("listener stderr: %s", err != NULL ? err : "");
      }
      g_assert_true (g_subprocess_get_if_exited (f->listener));
      g_assert_cmpint (g_subprocess_get_exit_status (f->listener), ==, 0);
      /* The registration went with it. */
      g_assert_cmpuint (registered (f), ==, 0);
    }
  g_clear_object (&f->lines);
  g_clear_object (&f->listener);
  g_clear_pointer (&f->sandbox, bd_test_sandbox_free);
  if (f->home != NULL)
    sync_test_remove_tree (f->home);
  g_free (f->home);
  g_free (f->config);
  g_free (f->data);
  g_free (f->runtime);
  g_free (f->exe);
  g_free (f->url);
  g_free (f->account_id);
}

static char *
complete_checkout (Fixture *f)
{
  g_autoptr(JsonNode) product = NULL;
  g_autoptr(JsonNode) session = NULL;
  g_autoptr(JsonNode) done = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;

  product = bd_test_sandbox_call (f->sandbox, "POST", "/products",
                                  "{\"name\":\"Plan\",\"tax_category\":\"saas\",\"price\":{\"type\":\"one_time_price\","
                                  "\"currency\":\"USD\",\"price\":1500,\"discount\":0,\"purchasing_power_parity\":false}}",
                                  200);
  body = g_strdup_printf ("{\"product_cart\":[{\"product_id\":\"%s\",\"quantity\":1}],"
                          "\"customer\":{\"email\":\"grace@example.com\",\"name\":\"Grace Hopper\"}}",
                          json_object_get_string_member (json_node_get_object (product), "product_id"));
  session = bd_test_sandbox_call (f->sandbox, "POST", "/checkouts", body, 200);
  path = g_strdup_printf ("/_sandbox/checkouts/%s/complete",
                          json_object_get_string_member (json_node_get_object (session), "session_id"));
  done = bd_test_sandbox_call (f->sandbox, "POST", path, "{\"card\":\"4242424242424242\"}", 200);
  return g_strdup (json_object_get_string_member (json_node_get_object (done), "payment_id"));
}

/* listen: the first line, a sandbox delivery's line; events send verified
 * by the listener; events list --json; bad command lines. */
static void
test_listen_send_list (void)
{
  Fixture f;
  g_auto(BdTestCliResult) sent = { 0 };
  g_auto(BdTestCliResult) listed = { 0 };
  g_auto(BdTestCliResult) filtered = { 0 };
  g_auto(BdTestCliResult) bad_type = { 0 };
  g_auto(BdTestCliResult) bad_host = { 0 };
  g_auto(BdTestCliResult) bad_send = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *payment_id = NULL;
  g_autofree char *line = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *send_line = NULL;
  g_autofree char *listener_err = NULL;
  g_autofree char *sent_id = NULL;
  JsonArray *events;
  gboolean seen_test = FALSE;

  if (!fixture_start (&f, NULL))
    return;
  g_assert_cmpuint (registered (&f), ==, 1);

  payment_id = complete_checkout (&f);
  line = line_with (&f, "payment.succeeded");
  expected = g_strdup_printf (" verified, applied: Payment %s new → succeeded", payment_id);
  g_assert_true (g_str_has_prefix (line, "payment.succeeded msg_"));
  g_assert_true (g_str_has_suffix (line, expected));

  /* A signed test event, to the running listener (its URL from the
   * runtime folder), verified there. */
  run (&f, &sent, NULL, "events", "send", "refund.succeeded", "--account", "Sandbox", NULL);
  if (sent.status != 0)
    {
      g_subprocess_wait (f.listener, NULL, NULL);
      listener_err = g_data_input_stream_read_upto (g_data_input_stream_new (g_subprocess_get_stderr_pipe (f.listener)),
                                                    "", 0, NULL, NULL, NULL);
      g_test_message ("listener: %s", listener_err);
    }
  g_assert_cmpint (sent.status, ==, 0);
  g_assert_true (g_str_has_prefix (sent.out, "Sent refund.succeeded msg_test"));
  g_assert_true (g_str_has_suffix (sent.out, ": 204\n"));
  sent_id = g_strndup (sent.out + strlen ("Sent refund.succeeded "), strcspn (sent.out + strlen ("Sent refund.succeeded "), " "));
  send_line = line_with (&f, sent_id);
  g_assert_true (g_str_has_prefix (send_line, "refund.succeeded msg_test"));
  g_assert_nonnull (strstr (send_line, " verified, applied: Refund "));

  run (&f, &listed, NULL, "events", "list", "--account", "Sandbox", "--json", NULL);
  g_assert_cmpint (listed.status, ==, 0);
  json_parser_load_from_data (parser, listed.out, -1, &error);
  g_assert_no_error (error);
  events = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (events), >=, 2);
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      g_assert_cmpstr (json_object_get_string_member (event, "verification"), ==, "verified");
      g_assert_cmpint (json_object_get_int_member (event, "duplicates"), ==, 0);
      if (g_strcmp0 (json_object_get_string_member (event, "webhook_id"), sent_id) == 0)
        {
          seen_test = TRUE;
          g_assert_cmpstr (json_object_get_string_member (event, "type"), ==, "refund.succeeded");
          g_assert_true (json_object_get_boolean_member (event, "applied"));
        }
    }
  g_assert_true (seen_test);
  /* Newest first. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 0), "webhook_id"), ==,
                   sent_id);

  run (&f, &filtered, NULL, "events", "list", "--account", "Sandbox", "--type", "payment.failed", "--json", NULL);
  g_assert_cmpint (filtered.status, ==, 0);
  g_assert_cmpstr (filtered.out, ==, "[]\n");

  run (&f, &bad_type, NULL, "events", "list", "--type", "payment.success", NULL);
  assert_one_line_failure (&bad_type, 2, "not a Dodo Payments event type");
  run (&f, &bad_host, NULL, "webhooks", "listen", "--host", "192.0.2.1", NULL);
  assert_one_line_failure (&bad_host, 2, "192.0.2.1");
  run (&f, &bad_send, NULL, "events", "send", "payment.success", NULL);
  assert_one_line_failure (&bad_send, 2, "not a Dodo Payments event type");

  fixture_stop (&f);
}

typedef struct
{
  GPtrArray *bodies;       /* GBytes */
  GPtrArray *signatures;   /* char * */
  guint      fail_first;
} Target;

static void
on_target_request_cb (SoupServer        *server,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *query,
                      gpointer           user_data)
{
  Target *target = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  g_ptr_array_add (target->bodies, soup_message_body_flatten (soup_server_message_get_request_body (msg)));
  g_ptr_array_add (target->signatures, g_strdup (soup_message_headers_get_one (headers, "webhook-signature")));
  soup_server_message_set_status (msg, target->bodies->len <= target->fail_first ? 500 : 200, NULL);
}

/* --forward-to: every verified delivery goes on unchanged; a target that
 * answers 500 first gets it again, and the listener says so. */
static void
test_forward (void)
{
  Fixture f;
  Target target = { g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref),
                    g_ptr_array_new_with_free_func (g_free), 1 };
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *target_url = NULL;
  g_autofree char *payment_id = NULL;
  g_autofree char *line = NULL;
  GSList *uris;

  soup_server_add_handler (server, "/hook", on_target_request_cb, &target, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  target_url = g_strdup_printf ("http://127.0.0.1:%d/hook", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  if (!fixture_start (&f, target_url))
    {
      g_ptr_array_unref (target.bodies);
      g_ptr_array_unref (target.signatures);
      return;
    }
  payment_id = complete_checkout (&f);
  line = line_with (&f, "forwarded");
  g_assert_true (g_str_has_prefix (line, "payment.succeeded msg_"));
  g_assert_true (g_str_has_suffix (line, " forwarded: 200 (attempt 2)"));
  g_assert_cmpuint (target.bodies->len, ==, 2);
  g_assert_true (g_bytes_equal (target.bodies->pdata[0], target.bodies->pdata[1]));
  g_assert_cmpstr (target.signatures->pdata[0], ==, target.signatures->pdata[1]);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (target.bodies->pdata[0], NULL),
                                  g_bytes_get_size (target.bodies->pdata[0]), payment_id));
  fixture_stop (&f);
  g_ptr_array_unref (target.bodies);
  g_ptr_array_unref (target.signatures);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/webhooks/cli/listen-send-list", test_listen_send_list);
  g_test_add_func ("/webhooks/cli/forward", test_forward);

  return g_test_run ();
}
