/* test-contract.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-contract"

#include "config.h"

#include <string.h>

#include "bd-test-sandbox.h"
#include "bd-test-util.h"

/* The contract test: Dodo Payments' official SDK (npm "dodopayments")
 * runs tests/sandbox/contract.mjs against a real sandbox.  The packages
 * are in $BD_NPM_PREFIX/node_modules (build-aux/test installs them there);
 * without them, or without node, the test is skipped (failed in CI). */

static void
test_sdk_scenario (void)
{
  const char *prefix = g_getenv ("BD_NPM_PREFIX");
  const char *source_root = g_getenv ("BD_SOURCE_ROOT");
  const char * const args[] = { "--seed", "demo", NULL };
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *modules = NULL;
  g_autofree char *sdk = NULL;
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(BdTestSandbox) sandbox = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  if (prefix == NULL || *prefix == '\0')
    {
      bd_test_skip_or_fail ("BD_NPM_PREFIX is not set (build-aux/test installs the npm packages)");
      return;
    }
  modules = g_build_filename (prefix, "node_modules", NULL);
  sdk = g_build_filename (modules, "dodopayments", "package.json", NULL);
  if (!g_file_test (sdk, G_FILE_TEST_EXISTS))
    {
      g_autofree char *reason = g_strdup_printf ("%s is missing: npm install --prefix %s dodopayments",
                                                 sdk, prefix);

      bd_test_skip_or_fail (reason);
      return;
    }
  if (node == NULL)
    {
      bd_test_skip_or_fail ("node is not installed");
      return;
    }

  sandbox = bd_test_sandbox_start (args, &error);
  if (sandbox == NULL)
    {
      bd_test_skip_or_fail (error->message);
      return;
    }

  script = g_build_filename (source_root != NULL ? source_root : ".", "tests", "sandbox", "contract.mjs", NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "NODE_PATH", modules, TRUE);
  g_subprocess_launcher_setenv (launcher, "BD_SANDBOX_URL", bd_test_sandbox_get_url (sandbox), TRUE);
  g_subprocess_launcher_setenv (launcher, "BD_SANDBOX_KEY", bd_test_sandbox_get_key (sandbox), TRUE);
  /* The SDK would otherwise read these and could talk to Dodo itself. */
  g_subprocess_launcher_unsetenv (launcher, "DODO_PAYMENTS_API_KEY");
  g_subprocess_launcher_unsetenv (launcher, "DODO_PAYMENTS_BASE_URL");
  process = g_subprocess_launcher_spawn (launcher, &error, node, script, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  g_test_message ("contract.mjs:\n%s%s", out, err);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_null (strstr (out, "not ok"));
  for (guint i = 1; i <= 9; i++)
    {
      g_autofree char *line = g_strdup_printf ("ok %u - ", i);

      g_assert_nonnull (strstr (out, line));
    }
  g_assert_nonnull (strstr (out, "contract: all 9 steps passed"));
  g_assert_nonnull (strstr (out, "ok 9 - download the invoice"));

  g_assert_cmpint (bd_test_sandbox_stop (sandbox), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/contract/dodopayments-sdk", test_sdk_scenario);

  return g_test_run ();
}
