/* test-sync-kill.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "bd-test-util.h"
#include "store-test.h"
#include "sync-test.h"

/* (d) `billing-desk sync` killed with SIGKILL at random moments: the cache
 * file is never damaged, and a sync that finally runs to its end leaves it
 * exact, without duplicates.  The child reads its key from
 * DODO_PAYMENTS_API_KEY, so no keyring is needed. */

#define KILLS 20

typedef struct
{
  gboolean exited;
  gboolean timed_out;
} Child;

static void
on_exited (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  ((Child *) user_data)->exited = TRUE;
}

static gboolean
on_timeout (gpointer user_data)
{
  ((Child *) user_data)->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static GSubprocessLauncher *
launcher_for (const char    *home,
              BdTestSandbox *sandbox)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                             G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);

  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "DODO_PAYMENTS_API_KEY", bd_test_sandbox_get_key (sandbox), TRUE);
  return launcher;
}

static void
write_account (const char    *home,
               BdTestSandbox *sandbox)
{
  g_autofree char *dir = g_build_filename (home, "config", "billing-desk", NULL);
  g_autofree char *file = g_build_filename (dir, "accounts.ini", NULL);
  g_autofree char *text = g_strdup_printf ("[acc_kill]\nname=Kill test\nmode=sandbox\n"
                                           "sandbox-url=%s\ncreated=2026-01-31T09:00:00Z\n",
                                           bd_test_sandbox_get_url (sandbox));
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (file, text, -1, &error);
  g_assert_no_error (error);
}

static void
test_sync_kill (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_with ("--seed", "3000", NULL);
  g_autoptr(BdDodoClient) client = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *home = NULL;
  g_autofree char *exe = NULL;
  g_autofree char *db = NULL;
  g_autoptr(JsonNode) rule = NULL;
  guint killed = 0, finished = 0;
  gboolean changed = FALSE;

  if (sandbox == NULL)
    return;
  exe = g_build_filename (g_getenv ("BD_BUILD_ROOT"), "src", "billing-desk", NULL);
  if (!g_file_test (exe, G_FILE_TEST_IS_EXECUTABLE))
    {
      bd_test_skip_or_fail ("billing-desk is not built");
      return;
    }

  home = g_dir_make_tmp ("bd-sync-kill-XXXXXX", &error);
  g_assert_no_error (error);
  write_account (home, sandbox);
  launcher = launcher_for (home, sandbox);
  db = g_build_filename (home, "data", "billing-desk", "acc_kill", "sandbox.db", NULL);

  /* The account's budget (10 requests/s) makes the whole sync last a few
   * seconds, so kills land in every phase; a little latency on top. */
  rule = bd_test_sandbox_call (sandbox, "POST", "/_sandbox/faults",
                                             "{\"spec\":\"route=GET /*,fault=latency,ms=20\"}", 200);

  for (guint round = 0; killed < KILLS; round++)
    {
      g_autoptr(GSubprocess) child = g_subprocess_launcher_spawn (launcher, &error, exe, "sync", NULL);
      Child state = { FALSE, FALSE };
      guint timeout;

      g_assert_no_error (error);
      g_assert_cmpuint (round, <, 4 * KILLS);
      /* Halfway, new objects: later kills land in incremental windows. */
      if (killed == KILLS / 2 && !changed)
        {
          sync_test_make_changes (sandbox, 4);
          changed = TRUE;
        }
      g_subprocess_wait_async (child, NULL, on_exited, &state);
      timeout = g_timeout_add (g_test_rand_int_range (10, 900), on_timeout, &state);
      while (!state.exited && !state.timed_out)
        g_main_context_iteration (NULL, TRUE);
      if (!state.exited)
        {
          /* The timeout fired (and is gone): SIGKILL. */
          g_subprocess_force_exit (child);
          while (!state.exited)
            g_main_context_iteration (NULL, TRUE);
          killed++;
        }
      else
        {
          if (!state.timed_out)
            g_source_remove (timeout);
          g_assert_true (g_subprocess_get_if_exited (child));
          g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 0);
          finished++;
        }

      if (g_file_test (db, G_FILE_TEST_EXISTS))
        {
          g_autofree char *check = sync_test_integrity (db);

          g_assert_cmpstr (check, ==, "ok");
        }
    }
  g_test_message ("%u runs killed, %u finished", killed, finished);

  /* One last run to its end, then the cache is exact. */
  {
    g_autoptr(GSubprocess) child = g_subprocess_launcher_spawn (launcher, &error, exe, "sync", NULL);

    g_assert_no_error (error);
    g_assert_true (g_subprocess_wait_check (child, NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpstr (sync_test_integrity (db), ==, "ok");
  client = sync_test_client (sandbox);
  {
    g_autoptr(JsonNode) cleared = bd_test_sandbox_call (sandbox, "DELETE", "/_sandbox/faults", NULL, 200);
  }
  sync_test_assert_exact (sandbox, client, db);

  sync_test_remove_tree (home);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/kill", test_sync_kill);

  return g_test_run ();
}
