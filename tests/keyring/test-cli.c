/* test-cli.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "bd-account-list.h"
#include "bd-dodo-error.h"
#include "bd-key-check.h"
#include "bd-keyring.h"
#include "bd-test-sandbox.h"
#include "bd-test-util.h"
#include "sync-test.h"

/* `billing-desk accounts add | list | remove` and `sync` as a user runs
 * them: a child process with its own XDG folders, the real keyring of the
 * test session, and a sandbox. */

typedef struct
{
  char          *home;
  char          *config;
  char          *data;
  char          *exe;
  BdTestSandbox *sandbox;
  GPtrArray     *argvs;     /* every argv the child got, to look for the key */
} Fixture;

static gboolean
fixture_set_up (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  if (!bd_test_require_secret_service ())
    return FALSE;
  f->exe = g_build_filename (g_getenv ("BD_BUILD_ROOT"), "src", "billing-desk", NULL);
  if (!g_file_test (f->exe, G_FILE_TEST_IS_EXECUTABLE))
    {
      bd_test_skip_or_fail ("billing-desk is not built");
      return FALSE;
    }
  f->sandbox = bd_test_sandbox_start_with ("--seed", "300", NULL);
  if (f->sandbox == NULL)
    return FALSE;
  f->home = g_dir_make_tmp ("bd-cli-XXXXXX", &error);
  g_assert_no_error (error);
  f->config = g_build_filename (f->home, "config", NULL);
  f->data = g_build_filename (f->home, "data", NULL);
  f->argvs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  return TRUE;
}

static void
fixture_tear_down (Fixture *f)
{
  if (f->home != NULL)
    sync_test_remove_tree (f->home);
  g_clear_pointer (&f->sandbox, bd_test_sandbox_free);
  g_clear_pointer (&f->argvs, g_ptr_array_unref);
  g_free (f->home);
  g_free (f->config);
  g_free (f->data);
  g_free (f->exe);
}

/* Runs billing-desk with @args (NULL-terminated), @input on stdin. */
static void
run (Fixture    *f,
     BdTestCliResult     *r,
     const char *input,
     ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GStrv argv;
  va_list ap;

  g_strv_builder_add (builder, f->exe);
  va_start (ap, input);
  for (const char *a = va_arg (ap, const char *); a != NULL; a = va_arg (ap, const char *))
    g_strv_builder_add (builder, a);
  va_end (ap);
  argv = g_strv_builder_end (builder);
  g_ptr_array_add (f->argvs, argv);

  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", f->config, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", f->data, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DODO_PAYMENTS_API_KEY");
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
  bd_test_cli_run (launcher, (const char * const *) argv, input, r);
}

/* A failure ends stderr with exactly one line "billing-desk: reason" (what
 * comes before it is progress). */
static void
assert_one_line_failure (BdTestCliResult     *r,
                         const char *reason_part)
{
  g_auto(GStrv) lines = g_strsplit (r->err, "\n", -1);
  guint n = g_strv_length (lines);
  guint reasons = 0;

  g_assert_cmpint (r->status, !=, 0);
  g_assert_true (g_str_has_suffix (r->err, "\n"));
  g_assert_cmpuint (n, >=, 2);
  g_assert_true (g_str_has_prefix (lines[n - 2], "billing-desk: "));
  for (guint i = 0; i < n; i++)
    reasons += g_str_has_prefix (lines[i], "billing-desk: ");
  g_assert_cmpuint (reasons, ==, 1);
  if (reason_part != NULL && strstr (lines[n - 2], reason_part) == NULL)
    g_error ("“%s” does not say “%s”", lines[n - 2], reason_part);
}

/* No file under @dir holds @needle. */
static void
assert_nowhere (const char *dir,
                const char *needle)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          assert_nowhere (path, needle);
          continue;
        }
      if (g_file_get_contents (path, &contents, &length, NULL) &&
          g_strstr_len (contents, length, needle) != NULL)
        g_error ("The key is in %s", path);
    }
}

static BdSecret *
lookup_key (const char *account_id)
{
  g_autoptr(GError) error = NULL;
  BdSecret *key = bd_keyring_lookup_sync (account_id, BD_ACCOUNT_MODE_SANDBOX,
                                          BD_KEYRING_KIND_API_KEY, NULL, &error);

  g_assert_no_error (error);
  return key;
}

static char *
only_account_id (Fixture *f,
                 guint    expected)
{
  g_autofree char *path = g_build_filename (f->config, "billing-desk", "accounts.ini", NULL);
  g_autoptr(BdAccountList) list = bd_account_list_new (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdAccount) account = NULL;

  g_assert_true (bd_account_list_load (list, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, expected);
  if (expected == 0)
    return NULL;
  account = g_list_model_get_item (G_LIST_MODEL (list), 0);
  return g_strdup (bd_account_get_id (account));
}

static void
test_cli_accounts (void)
{
  Fixture f = { 0 };
  const char *url, *key;
  g_autofree char *input = NULL;
  g_autofree char *id = NULL;
  g_autofree char *cache_dir = NULL;
  g_autofree char *list_line = NULL;

  if (!fixture_set_up (&f))
    {
      fixture_tear_down (&f);
      return;
    }
  url = bd_test_sandbox_get_url (f.sandbox);
  key = bd_test_sandbox_get_key (f.sandbox);

  /* A wrong key: refused, one line, nothing saved. */
  {
    g_auto(BdTestCliResult) r = { 0 };

    run (&f, &r, "sk_wrong_key\n", "accounts", "add", "--name", "Shop", "--mode", "sandbox", "--url", url, NULL);
    assert_one_line_failure (&r, "did not accept");
    g_assert_null (only_account_id (&f, 0));
  }
  /* No key at all, and a bad command line. */
  {
    g_auto(BdTestCliResult) r = { 0 };

    run (&f, &r, "", "accounts", "add", "--name", "Shop", "--mode", "sandbox", "--url", url, NULL);
    assert_one_line_failure (&r, "standard input");
  }
  {
    g_auto(BdTestCliResult) r = { 0 };

    run (&f, &r, "", "accounts", "add", "--name", "Shop", "--mode", "moon", NULL);
    assert_one_line_failure (&r, "moon");
    g_assert_cmpint (r.status, ==, 2);
  }

  /* The right key on stdin: the account is listed, its key is in the
   * keyring, and nowhere else. */
  input = g_strdup_printf ("%s\n", key);
  {
    g_auto(BdTestCliResult) r = { 0 };

    run (&f, &r, input, "accounts", "add", "--name", "Shop", "--mode", "sandbox", "--url", url, NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
  id = only_account_id (&f, 1);
  {
    g_autoptr(BdSecret) stored = lookup_key (id);

    g_assert_cmpstr (stored, ==, key);
  }
  {
    g_auto(BdTestCliResult) r = { 0 };

    run (&f, &r, NULL, "accounts", "list", NULL);
    g_assert_cmpint (r.status, ==, 0);
    list_line = g_strdup (r.out);
    g_assert_true (g_str_has_prefix (r.out, "Shop\tsandbox\t"));
    g_assert_null (strstr (r.out, key));
  }
  /* The same name twice is refused before the key is even read. */
  {
    g_auto(BdTestCliResult) r = { 0 };

    run (&f, &r, input, "accounts", "add", "--name", "shop", "--mode", "sandbox", "--url", url, NULL);
    assert_one_line_failure (&r, "shop");
  }

  /* sync with the keyring's key. */
  {
    g_auto(BdTestCliResult) r = { 0 };
    g_autofree char *db = NULL;

    run (&f, &r, NULL, "sync", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.err, "payments"));
    db = g_build_filename (f.data, "billing-desk", id, "sandbox.db", NULL);
    g_assert_true (g_file_test (db, G_FILE_TEST_EXISTS));
  }
  {
    g_auto(BdTestCliResult) r = { 0 };

    run (&f, &r, NULL, "sync", "--account", "Nobody", NULL);
    assert_one_line_failure (&r, "Nobody");
  }

  assert_nowhere (f.home, key);
  for (guint i = 0; i < f.argvs->len; i++)
    for (char **a = f.argvs->pdata[i]; *a != NULL; a++)
      g_assert_null (strstr (*a, key));

  /* remove: out of the list, out of the keyring, its cache gone. */
  {
    g_auto(BdTestCliResult) r = { 0 };

    run (&f, &r, NULL, "accounts", "remove", "Shop", NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
  g_assert_null (only_account_id (&f, 0));
  g_assert_null (lookup_key (id));
  cache_dir = g_build_filename (f.data, "billing-desk", id, NULL);
  g_assert_false (g_file_test (cache_dir, G_FILE_TEST_EXISTS));
  {
    g_auto(BdTestCliResult) r = { 0 };

    run (&f, &r, NULL, "accounts", "list", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "");
  }
  {
    g_auto(BdTestCliResult) r = { 0 };

    run (&f, &r, NULL, "accounts", "remove", "Shop", NULL);
    assert_one_line_failure (&r, "Shop");
  }

  fixture_tear_down (&f);
}

/* The reason `accounts add` gives is, word for word, what the Add Account
 * window shows (bd_key_check_describe_error(), which the window's check
 * uses too): a refused key, and nobody at the address.  A good key keeps
 * the business its payments name. */
static void
test_cli_add_words (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) refused = g_error_new_literal (BD_DODO_ERROR, BD_DODO_ERROR_UNAUTHORIZED, "");
  g_autoptr(GError) offline = g_error_new_literal (BD_DODO_ERROR, BD_DODO_ERROR_NETWORK, "");
  g_autofree char *refused_words = bd_key_check_describe_error (refused, BD_ACCOUNT_MODE_SANDBOX, FALSE, FALSE);
  g_autofree char *offline_words = bd_key_check_describe_error (offline, BD_ACCOUNT_MODE_SANDBOX, FALSE, FALSE);
  g_autofree char *input = NULL;
  g_autofree char *dead_url = NULL;
  const char *url;

  if (!fixture_set_up (&f))
    {
      fixture_tear_down (&f);
      return;
    }
  url = bd_test_sandbox_get_url (f.sandbox);

  {
    g_auto(BdTestCliResult) r = { 0 };
    g_autofree char *line = g_strdup_printf ("billing-desk: %s\n", refused_words);

    run (&f, &r, "sk_wrong_key\n", "accounts", "add", "--name", "Shop", "--mode", "sandbox", "--url", url, NULL);
    assert_one_line_failure (&r, NULL);
    g_assert_true (g_str_has_suffix (r.err, line));
  }
  {
    g_autoptr(BdTestSandbox) gone = bd_test_sandbox_start_at_now (NULL);
    g_auto(BdTestCliResult) r = { 0 };
    g_autofree char *line = g_strdup_printf ("billing-desk: %s\n", offline_words);

    g_assert_nonnull (gone);
    dead_url = g_strdup (bd_test_sandbox_get_url (gone));
    bd_test_sandbox_stop (gone);
    run (&f, &r, "sk_any\n", "accounts", "add", "--name", "Shop", "--mode", "sandbox", "--url", dead_url, NULL);
    assert_one_line_failure (&r, NULL);
    g_assert_true (g_str_has_suffix (r.err, line));
  }
  g_assert_null (only_account_id (&f, 0));

  input = g_strdup_printf ("%s\n", bd_test_sandbox_get_key (f.sandbox));
  {
    g_auto(BdTestCliResult) r = { 0 };
    g_autofree char *path = g_build_filename (f.config, "billing-desk", "accounts.ini", NULL);
    g_autoptr(BdAccountList) list = bd_account_list_new (path);
    g_autoptr(JsonNode) page = bd_test_sandbox_call (f.sandbox, "GET", "/payments?page_size=1", NULL, 200);
    JsonArray *items = json_object_get_array_member (json_node_get_object (page), "items");
    g_autoptr(GError) error = NULL;
    BdAccount *account;

    run (&f, &r, input, "accounts", "add", "--name", "Shop", "--mode", "sandbox", "--url", url, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (bd_account_list_load (list, &error));
    g_assert_no_error (error);
    account = bd_account_list_find_by_name (list, "Shop");
    g_assert_nonnull (account);
    g_assert_cmpstr (bd_account_get_business_id (account), ==,
                     json_object_get_string_member (json_array_get_object_element (items, 0), "business_id"));
  }

  fixture_tear_down (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/accounts", test_cli_accounts);
  g_test_add_func ("/cli/accounts-add-words", test_cli_add_words);

  return g_test_run ();
}
