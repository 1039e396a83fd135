/* bd-test-util.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsecret/secret.h>

#include "bd-test-util.h"

gboolean
bd_test_in_ci (void)
{
  const char *ci = g_getenv ("CI");

  return ci != NULL && (g_ascii_strcasecmp (ci, "true") == 0 || g_strcmp0 (ci, "1") == 0);
}

void
bd_test_skip_or_fail (const char *reason)
{
  if (bd_test_in_ci ())
    {
      g_test_message ("CI=true, so this is a failure: %s", reason);
      g_test_fail ();
    }
  else
    g_test_skip (reason);
}

gboolean
bd_test_require_secret_service (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = NULL;
  g_autofree char *reason = NULL;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    reason = g_strdup ("no D-Bus session: run the keyring suite through build-aux/test");
  else if (!(service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error)))
    reason = g_strdup_printf ("no Secret Service on the session bus: %s", error->message);

  if (reason != NULL)
    bd_test_skip_or_fail (reason);
  return reason == NULL;
}

char *
bd_test_fixture_path (const char *name)
{
  const char *dir = g_getenv ("BD_TEST_FIXTURES");

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

char *
bd_test_read_fixture (const char *name,
                      gsize      *length)
{
  g_autofree char *path = bd_test_fixture_path (name);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

void
bd_test_cli_result_clear (BdTestCliResult *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

void
bd_test_cli_run (GSubprocessLauncher *launcher,
                 const char * const  *argv,
                 const char          *input,
                 BdTestCliResult     *result)
{
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;

  child = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (child, input, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (child));
  result->status = g_subprocess_get_exit_status (child);
  g_test_message ("%s %s %s → %d\n%s%s", argv[0], argv[1] != NULL ? argv[1] : "",
                  argv[1] != NULL && argv[2] != NULL ? argv[2] : "", result->status,
                  result->out, result->err);
}
