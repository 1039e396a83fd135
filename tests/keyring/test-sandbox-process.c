/* test-sandbox-process.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "bd-sandbox-process.h"
#include "bd-test-util.h"

/* BdSandboxProcess against the real billing-desk-sandbox: it starts, tells
 * its address and key, answers with that key, and is gone after a stop. */

static char *exe;

/* Helpers */

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
on_result (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (60, timeout_cb, &timed_out);

  while (*result == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
  return *result;
}

static gboolean
pid_alive (const char *identifier)
{
  int pid = atoi (identifier);

  g_assert_cmpint (pid, >, 0);
  return kill (pid, 0) == 0 || errno != ESRCH;
}

static gboolean
require_sandbox (void)
{
  if (exe == NULL || !g_file_test (exe, G_FILE_TEST_IS_EXECUTABLE))
    {
      bd_test_skip_or_fail ("billing-desk-sandbox is not built");
      return FALSE;
    }
  return TRUE;
}

/* Tests */

static void
test_start_and_stop (void)
{
  g_autofree char *root = g_dir_make_tmp ("bd-sandbox-XXXXXX", NULL);
  g_autofree char *log = g_build_filename (root, "sandbox.log", NULL);
  g_autoptr(BdSandboxProcess) sandbox = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) deleted = NULL;
  g_autofree char *identifier = NULL;
  g_autofree char *account_id = NULL;
  g_autofree char *cmdline_path = NULL;
  g_autofree char *cmdline = NULL;
  gsize cmdline_len;

  if (!require_sandbox ())
    return;

  g_setenv ("BD_SANDBOX_PATH", exe, TRUE);
  sandbox = bd_sandbox_process_new (root);
  g_assert_false (bd_sandbox_process_is_running (sandbox));
  bd_sandbox_process_start_async (sandbox, NULL, on_result, &result);
  g_assert_true (bd_sandbox_process_start_finish (sandbox, wait_result (&result), &error));
  g_assert_no_error (error);

  g_assert_true (bd_sandbox_process_is_running (sandbox));
  g_assert_true (g_str_has_prefix (bd_sandbox_process_get_url (sandbox), "http://127.0.0.1:"));
  g_assert_cmpuint (strlen (bd_sandbox_process_get_key (sandbox)), >, 10);
  identifier = g_strdup (bd_sandbox_process_get_identifier (sandbox));
  g_assert_true (pid_alive (identifier));
  g_assert_true (g_file_test (log, G_FILE_TEST_EXISTS));

  /* The key never is on the command line, where other users can read it. */
  cmdline_path = g_strdup_printf ("/proc/%s/cmdline", identifier);
  g_assert_true (g_file_get_contents (cmdline_path, &cmdline, &cmdline_len, NULL));
  for (gsize i = 0; i < cmdline_len; i++)
    if (cmdline[i] == '\0')
      cmdline[i] = ' ';
  g_assert_null (strstr (cmdline, bd_sandbox_process_get_key (sandbox)));
  g_assert_nonnull (strstr (cmdline, "--seed demo"));

  /* Starting it again while it runs is a no-op. */
  g_clear_object (&result);
  bd_sandbox_process_start_async (sandbox, NULL, on_result, &result);
  g_assert_true (bd_sandbox_process_start_finish (sandbox, wait_result (&result), &error));
  g_assert_cmpstr (bd_sandbox_process_get_identifier (sandbox), ==, identifier);

  bd_sandbox_process_stop (sandbox, 10000);
  g_assert_false (bd_sandbox_process_is_running (sandbox));
  g_assert_null (bd_sandbox_process_get_key (sandbox));
  g_assert_false (pid_alive (identifier));

  /* The managed account's id is kept beside the data. */
  g_assert_null (bd_sandbox_process_dup_account_id (sandbox));
  g_assert_true (bd_sandbox_process_set_account_id (sandbox, "acc_demo", &error));
  g_assert_no_error (error);
  account_id = bd_sandbox_process_dup_account_id (sandbox);
  g_assert_cmpstr (account_id, ==, "acc_demo");

  /* Deleting the files removes the whole folder. */
  bd_sandbox_process_delete_files_async (sandbox, NULL, on_result, &deleted);
  g_assert_true (bd_sandbox_process_delete_files_finish (sandbox, wait_result (&deleted), &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (root, G_FILE_TEST_EXISTS));
}

static void
test_missing_executable (void)
{
  g_autofree char *root = g_dir_make_tmp ("bd-sandbox-XXXXXX", NULL);
  g_autoptr(BdSandboxProcess) sandbox = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("BD_SANDBOX_PATH", "/nonexistent/billing-desk-sandbox", TRUE);
  sandbox = bd_sandbox_process_new (root);
  bd_sandbox_process_start_async (sandbox, NULL, on_result, &result);
  g_assert_false (bd_sandbox_process_start_finish (sandbox, wait_result (&result), &error));
  g_assert_error (error, BD_SANDBOX_PROCESS_ERROR, BD_SANDBOX_PROCESS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/billing-desk-sandbox"));
  g_assert_false (bd_sandbox_process_is_running (sandbox));
  g_rmdir (root);
}

/* A program that exits at once with a reason: the reason reaches the
 * error message. */
static void
test_failure_reason (void)
{
  g_autofree char *root = g_dir_make_tmp ("bd-sandbox-XXXXXX", NULL);
  g_autofree char *script = g_build_filename (root, "fake-sandbox", NULL);
  g_autoptr(BdSandboxProcess) sandbox = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) dir = g_file_new_for_path (root);
  g_autoptr(GAsyncResult) deleted = NULL;

  g_assert_true (g_file_set_contents (script,
                                      "#!/bin/sh\n"
                                      "echo 'billing-desk-sandbox: port 0 is haunted' >&2\n"
                                      "exit 1\n", -1, NULL));
  g_assert_cmpint (g_chmod (script, 0700), ==, 0);
  g_setenv ("BD_SANDBOX_PATH", script, TRUE);

  sandbox = bd_sandbox_process_new (root);
  bd_sandbox_process_start_async (sandbox, NULL, on_result, &result);
  g_assert_false (bd_sandbox_process_start_finish (sandbox, wait_result (&result), &error));
  g_assert_error (error, BD_SANDBOX_PROCESS_ERROR, BD_SANDBOX_PROCESS_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "port 0 is haunted"));

  bd_delete_tree_async (dir, NULL, on_result, &deleted);
  g_assert_true (bd_delete_tree_finish (wait_result (&deleted), NULL));
  g_assert_false (g_file_test (root, G_FILE_TEST_EXISTS));
}

/* How many live processes have @needle in their command line (a zombie's
 * is empty). */
static guint
count_processes_with (const char *needle)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (proc);
  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc", name, "cmdline", NULL);
      g_autofree char *cmdline = NULL;
      gsize length;

      if (!g_ascii_isdigit (*name) || !g_file_get_contents (path, &cmdline, &length, NULL))
        continue;
      for (gsize at = 0; at < length; at += strlen (cmdline + at) + 1)
        if (strstr (cmdline + at, needle) != NULL)
          {
            n++;
            break;
          }
    }
  return n;
}

/* Cancelling a start ends the process it spawned, before it returns: the
 * process no longer runs and its folder can go at once. */
static void
test_cancel (void)
{
  g_autofree char *root = g_dir_make_tmp ("bd-sandbox-XXXXXX", NULL);
  g_autoptr(BdSandboxProcess) sandbox = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) dir = g_file_new_for_path (root);
  g_autoptr(GAsyncResult) deleted = NULL;

  if (!require_sandbox ())
    return;

  g_setenv ("BD_SANDBOX_PATH", exe, TRUE);
  sandbox = bd_sandbox_process_new (root);
  bd_sandbox_process_start_async (sandbox, cancellable, on_result, &result);
  g_assert_cmpuint (count_processes_with (root), ==, 1);
  g_cancellable_cancel (cancellable);
  g_assert_false (bd_sandbox_process_start_finish (sandbox, wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (bd_sandbox_process_is_running (sandbox));
  g_assert_cmpuint (count_processes_with (root), ==, 0);

  bd_delete_tree_async (dir, NULL, on_result, &deleted);
  g_assert_true (bd_delete_tree_finish (wait_result (&deleted), NULL));
}

int
main (int   argc,
      char *argv[])
{
  const char *root = g_getenv ("BD_BUILD_ROOT");
  int ret;

  g_test_init (&argc, &argv, NULL);

  if (root != NULL)
    exe = g_build_filename (root, "src", "sandbox", "billing-desk-sandbox", NULL);

  g_test_add_func ("/sandbox-process/start-and-stop", test_start_and_stop);
  g_test_add_func ("/sandbox-process/missing-executable", test_missing_executable);
  g_test_add_func ("/sandbox-process/failure-reason", test_failure_reason);
  g_test_add_func ("/sandbox-process/cancel", test_cancel);

  ret = g_test_run ();
  g_free (exe);
  return ret;
}
