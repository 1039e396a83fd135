/* bd-test-sandbox.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <libsoup/soup.h>

#include "bd-test-sandbox.h"
#include "bd-test-util.h"

struct _BdTestSandbox
{
  GSubprocess  *process;
  char         *url;
  char         *key;
  SoupSession  *session;
  gboolean      stopped;
  int           status;
};

/* If the test aborts, the sandbox goes with it instead of holding the
 * test's output pipe open. */
static void
die_with_parent (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

static char *
read_line (GDataInputStream  *in,
           GError           **error)
{
  g_autoptr(GError) local = NULL;
  char *line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &local);

  if (line == NULL && local == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         "billing-desk-sandbox exited before printing its address");
  else if (line == NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  return line;
}

BdTestSandbox *
bd_test_sandbox_start (const char * const *args,
                       GError            **error)
{
  const char *root = g_getenv ("BD_BUILD_ROOT");
  g_autofree char *exe = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(BdTestSandbox) self = g_new0 (BdTestSandbox, 1);
  g_autofree char *first = NULL;

  if (root == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "BD_BUILD_ROOT is not set");
      return NULL;
    }
  exe = g_build_filename (root, "src", "sandbox", "billing-desk-sandbox", NULL);
  if (!g_file_test (exe, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s is not built", exe);
      return NULL;
    }

  g_ptr_array_add (argv, exe);
  g_ptr_array_add (argv, (char *) "--port");
  g_ptr_array_add (argv, (char *) "0");
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
  if (self->process == NULL)
    return NULL;
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  if (!(first = read_line (in, error)) || !(self->key = read_line (in, error)))
    return NULL;
  if (!g_str_has_prefix (first, "Listening on "))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "unexpected first line “%s”", first);
      return NULL;
    }
  self->url = g_strdup (first + strlen ("Listening on "));
  self->session = soup_session_new_with_options ("timeout", 30, NULL);
  return g_steal_pointer (&self);
}

const char *
bd_test_sandbox_get_url (BdTestSandbox *self)
{
  return self->url;
}

const char *
bd_test_sandbox_get_key (BdTestSandbox *self)
{
  return self->key;
}

GSubprocess *
bd_test_sandbox_get_process (BdTestSandbox *self)
{
  return self->process;
}

int
bd_test_sandbox_stop (BdTestSandbox *self)
{
  if (self->stopped || self->process == NULL)
    return self->status;

  g_subprocess_send_signal (self->process, SIGTERM);
  g_subprocess_wait (self->process, NULL, NULL);
  self->stopped = TRUE;
  self->status = g_subprocess_get_if_exited (self->process)
                 ? g_subprocess_get_exit_status (self->process) : -1;
  return self->status;
}

void
bd_test_sandbox_free (BdTestSandbox *self)
{
  if (self == NULL)
    return;
  if (self->process != NULL && !self->stopped)
    {
      /* A still-running sandbox after a failed start: end it for good. */
      g_subprocess_force_exit (self->process);
      g_subprocess_wait (self->process, NULL, NULL);
    }
  g_clear_object (&self->session);
  g_clear_object (&self->process);
  g_free (self->url);
  g_free (self->key);
  g_free (self);
}

guint
bd_test_sandbox_fetch (BdTestSandbox  *self,
                       const char     *method,
                       const char     *path_and_query,
                       const char     *key,
                       const char     *body,
                       GBytes        **response)
{
  g_autofree char *uri = g_strconcat (self->url, path_and_query, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  g_assert_nonnull (msg);
  if (key != NULL)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", key);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }
  bytes = soup_session_send_and_read (self->session, msg, NULL, &error);
  g_assert_no_error (error);
  if (response != NULL)
    *response = bytes;
  else
    g_bytes_unref (bytes);
  return soup_message_get_status (msg);
}

BdTestSandbox *
bd_test_sandbox_start_at_now (const char * const *extra)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  BdTestSandbox *sandbox;

  g_ptr_array_add (args, (char *) "--now");
  g_ptr_array_add (args, (char *) BD_TEST_SANDBOX_NOW);
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (args, (char *) extra[i]);
  g_ptr_array_add (args, NULL);

  sandbox = bd_test_sandbox_start ((const char * const *) args->pdata, &error);
  if (sandbox == NULL)
    bd_test_skip_or_fail (error->message);
  return sandbox;
}

BdTestSandbox *
bd_test_sandbox_start_with (const char *first_arg,
                            ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return bd_test_sandbox_start_at_now ((const char * const *) args->pdata);
}

JsonNode *
bd_test_sandbox_call (BdTestSandbox *self,
                      const char    *method,
                      const char    *path,
                      const char    *body,
                      guint          expected_status)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  guint status = bd_test_sandbox_fetch (self, method, path, self->key, body, &bytes);
  JsonNode *node;

  if (status != expected_status)
    g_test_message ("%s %s → %u %.*s", method, path, status,
                    (int) g_bytes_get_size (bytes), (const char *) g_bytes_get_data (bytes, NULL));
  g_assert_cmpuint (status, ==, expected_status);
  if (g_bytes_get_size (bytes) == 0)
    return NULL;
  node = bd_dodo_parse_json (bytes, &error);
  g_assert_no_error (error);
  return node;
}

BdDodoClient *
bd_test_sandbox_client (BdTestSandbox *self)
{
  g_autoptr(GError) error = NULL;
  BdDodoClient *client = bd_dodo_client_new (self->url, &error);

  g_assert_no_error (error);
  bd_dodo_client_set_api_key (client, self->key);
  bd_dodo_client_set_retry_delay_ms (client, 10);
  bd_dodo_client_set_requests_per_second (client, 0);
  return client;
}
