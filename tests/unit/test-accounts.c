/* test-accounts.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "bd-account-list.h"
#include "bd-dodo-client.h"
#include "bd-test-util.h"

/* Accounts and their file, without a keyring: add, remove, rename, the
 * round trip through accounts.ini, the name and URL rules, and what a bad
 * file does (a clear error, and no change). */

static char *config_dir;

static char *
accounts_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "billing-desk", "accounts.ini", NULL);
}

static void
reset_config (void)
{
  g_autofree char *path = accounts_path ();

  g_remove (path);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static BdAccount *
new_account (const char    *name,
             BdAccountMode  mode,
             const char    *sandbox_url)
{
  g_autoptr(GError) error = NULL;
  BdAccount *account = bd_account_new (name, mode, sandbox_url, &error);

  g_assert_no_error (error);
  g_assert_nonnull (account);
  return account;
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *count)
{
  (*count)++;
}

static void
on_notify (guint *count)
{
  (*count)++;
}

static void
test_round_trip (void)
{
  g_autoptr(BdAccountList) list = NULL;
  g_autoptr(BdAccountList) reloaded = NULL;
  g_autoptr(BdAccount) shop = NULL;
  g_autoptr(BdAccount) sandbox = NULL;
  g_autoptr(BdAccount) first = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = accounts_path ();
  BdAccount *found;
  guint changes = 0;

  reset_config ();

  /* The default path is under $XDG_CONFIG_HOME, and a missing file is an
   * empty list. */
  list = bd_account_list_new (NULL);
  g_assert_cmpstr (bd_account_list_get_path (list), ==, path);
  g_assert_true (bd_account_list_load (list, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_cmpint (g_list_model_get_item_type (G_LIST_MODEL (list)), ==, BD_TYPE_ACCOUNT);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &changes);

  shop = new_account ("  My Shop ", BD_ACCOUNT_MODE_LIVE, NULL);
  g_assert_cmpstr (bd_account_get_display_name (shop), ==, "My Shop");
  g_assert_true (g_str_has_prefix (bd_account_get_id (shop), "acc_"));
  bd_account_set_business (shop, "bus_123", "Shop GmbH");
  sandbox = new_account ("Sandbox", BD_ACCOUNT_MODE_SANDBOX, "http://127.0.0.1:8080/");

  g_assert_true (bd_account_list_add (list, shop, &error));
  g_assert_no_error (error);
  g_assert_true (bd_account_list_add (list, sandbox, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  g_assert_true (bd_account_list_find_by_name (list, "my shop") == shop);
  g_assert_true (bd_account_list_find_by_name (list, " SANDBOX ") == sandbox);
  g_assert_true (bd_account_list_find_by_id (list, bd_account_get_id (sandbox)) == sandbox);
  g_assert_null (bd_account_list_find_by_name (list, "Other"));

  /* Everything comes back from the file, in order. */
  reloaded = bd_account_list_new (NULL);
  g_assert_true (bd_account_list_load (reloaded, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 2);
  first = g_list_model_get_item (G_LIST_MODEL (reloaded), 0);
  g_assert_cmpstr (bd_account_get_id (first), ==, bd_account_get_id (shop));
  g_assert_cmpstr (bd_account_get_display_name (first), ==, "My Shop");
  g_assert_cmpint (bd_account_get_mode (first), ==, BD_ACCOUNT_MODE_LIVE);
  g_assert_cmpstr (bd_account_get_base_url (first), ==, BD_DODO_BASE_URL_LIVE);
  g_assert_null (bd_account_get_sandbox_url (first));
  g_assert_cmpstr (bd_account_get_business_id (first), ==, "bus_123");
  g_assert_cmpstr (bd_account_get_business_name (first), ==, "Shop GmbH");
  g_assert_true (g_date_time_equal (bd_account_get_created_at (first), bd_account_get_created_at (shop)));
  found = bd_account_list_find_by_id (reloaded, bd_account_get_id (sandbox));
  g_assert_nonnull (found);
  g_assert_cmpint (bd_account_get_mode (found), ==, BD_ACCOUNT_MODE_SANDBOX);
  g_assert_cmpstr (bd_account_get_base_url (found), ==, "http://127.0.0.1:8080");

  /* Rename and remove are saved too. */
  g_assert_true (bd_account_list_rename (list, sandbox, "Offline demo", &error));
  g_assert_no_error (error);
  g_assert_true (bd_account_list_remove (list, shop, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 3);
  g_assert_false (bd_account_list_remove (list, shop, &error));
  g_assert_error (error, BD_ACCOUNT_ERROR, BD_ACCOUNT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (bd_account_list_load (reloaded, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 1);
  g_assert_nonnull (bd_account_list_find_by_name (reloaded, "offline demo"));
  g_assert_null (bd_account_list_find_by_id (reloaded, bd_account_get_id (shop)));
}

static void
test_duplicate_names (void)
{
  g_autoptr(BdAccountList) list = NULL;
  g_autoptr(BdAccount) shop = NULL;
  g_autoptr(BdAccount) again = NULL;
  g_autoptr(BdAccount) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = accounts_path ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  reset_config ();
  list = bd_account_list_new (NULL);
  shop = new_account ("Café", BD_ACCOUNT_MODE_TEST, NULL);
  g_assert_true (bd_account_list_add (list, shop, &error));
  g_assert_no_error (error);

  /* Another case, another mode, surrounding spaces: still the same name. */
  again = new_account (" CAFÉ ", BD_ACCOUNT_MODE_LIVE, NULL);
  g_assert_false (bd_account_list_add (list, again, &error));
  g_assert_error (error, BD_ACCOUNT_ERROR, BD_ACCOUNT_ERROR_DUPLICATE_NAME);
  g_assert_nonnull (strstr (error->message, "Café"));
  g_clear_error (&error);

  other = new_account ("Other", BD_ACCOUNT_MODE_TEST, NULL);
  g_assert_true (bd_account_list_add (list, other, &error));
  g_assert_no_error (error);
  g_assert_false (bd_account_list_rename (list, other, "café", &error));
  g_assert_error (error, BD_ACCOUNT_ERROR, BD_ACCOUNT_ERROR_DUPLICATE_NAME);
  g_clear_error (&error);
  g_assert_cmpstr (bd_account_get_display_name (other), ==, "Other");
  g_assert_false (bd_account_list_rename (list, other, "   ", &error));
  g_assert_error (error, BD_ACCOUNT_ERROR, BD_ACCOUNT_ERROR_INVALID_NAME);
  g_clear_error (&error);

  /* Renaming to another case of one's own name is fine. */
  g_assert_true (bd_account_list_rename (list, shop, "CAFÉ", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);

  /* A file with two accounts of one name is refused as a whole. */
  before = read_file (path);
  after = g_strdup_printf ("%s[acc_dup]\nname=cafÉ\nmode=test\ncreated=2026-01-01T00:00:00Z\n",
                           before);
  write_file (path, after);
  g_assert_false (bd_account_list_load (list, &error));
  g_assert_error (error, BD_ACCOUNT_ERROR, BD_ACCOUNT_ERROR_INVALID_FILE);
  g_assert_nonnull (strstr (error->message, "acc_dup"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
}

typedef struct
{
  const char *contents;
  const char *expected;  /* a part of the message */
} BadFile;

static void
test_bad_file (void)
{
  static const BadFile bad_files[] = {
    { "[acc_a]\nname=A\nmode=test\ncreated=2026-01-01T00:00:00Z\nsk_this_is_not_a_pair\n", "line 5" },
    { "name=A\n[acc_a]\n", "line 1" },
    { "[acc_a]\nmode=test\ncreated=2026-01-01T00:00:00Z\n", "acc_a" },
    { "[acc_a]\nname=A\nmode=staging\ncreated=2026-01-01T00:00:00Z\n", "staging" },
    { "[acc_a]\nname=A\nmode=test\ncreated=yesterday\n", "yesterday" },
    { "[acc_a]\nname=  \nmode=test\ncreated=2026-01-01T00:00:00Z\n", "acc_a" },
    { "[acc_a]\nname=A\nmode=sandbox\ncreated=2026-01-01T00:00:00Z\n", "acc_a" },
    { "[acc_a]\nname=A\nmode=sandbox\nsandbox-url=http://example.com\ncreated=2026-01-01T00:00:00Z\n", "example.com" },
    { "[shop]\nname=A\nmode=test\ncreated=2026-01-01T00:00:00Z\n", "shop" },
  };
  g_autoptr(BdAccountList) list = NULL;
  g_autoptr(BdAccount) shop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = accounts_path ();

  reset_config ();
  list = bd_account_list_new (NULL);
  shop = new_account ("Shop", BD_ACCOUNT_MODE_TEST, NULL);
  g_assert_true (bd_account_list_add (list, shop, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *after = NULL;
      guint changes = 0;
      gulong handler;

      write_file (path, bad_files[i].contents);
      handler = g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &changes);
      g_assert_false (bd_account_list_load (list, &error));
      g_signal_handler_disconnect (list, handler);

      g_test_message ("%s", error->message);
      g_assert_error (error, BD_ACCOUNT_ERROR, BD_ACCOUNT_ERROR_INVALID_FILE);
      g_assert_nonnull (strstr (error->message, path));
      g_assert_nonnull (strstr (error->message, bad_files[i].expected));
      /* The text of a bad line is not repeated: it could be anything. */
      g_assert_null (strstr (error->message, "sk_this"));
      g_clear_error (&error);

      /* Nothing changed: neither the list, nor the file. */
      g_assert_cmpuint (changes, ==, 0);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
      g_assert_true (bd_account_list_find_by_name (list, "Shop") == shop);
      after = read_file (path);
      g_assert_cmpstr (after, ==, bad_files[i].contents);
    }
}

static void
test_mode_and_url (void)
{
  g_autoptr(BdAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  BdAccount *refused;
  BdAccountMode mode;
  guint notified = 0;
  static const char *refused_urls[] = {
    "", "http://example.com", "http://192.168.1.10:8080", "ftp://127.0.0.1", "not a url",
    "https://user:pw@example.com",
  };
  static const char *accepted_urls[] = {
    "http://127.0.0.1:8080", "http://localhost:1234", "http://[::1]:8080", "https://sandbox.example.com",
  };

  account = new_account ("Shop", BD_ACCOUNT_MODE_TEST, "http://ignored.example.com");
  g_assert_cmpstr (bd_account_get_base_url (account), ==, BD_DODO_BASE_URL_TEST);
  g_assert_null (bd_account_get_sandbox_url (account));
  g_assert_nonnull (bd_account_get_created_at (account));

  for (guint i = 0; i < G_N_ELEMENTS (refused_urls); i++)
    {
      refused = bd_account_new ("Sandbox", BD_ACCOUNT_MODE_SANDBOX, refused_urls[i], &error);
      g_assert_null (refused);
      g_assert_nonnull (error);
      g_clear_error (&error);
    }
  g_assert_null (bd_account_new ("Sandbox", BD_ACCOUNT_MODE_SANDBOX, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_null (bd_account_new (" ", BD_ACCOUNT_MODE_TEST, NULL, &error));
  g_assert_error (error, BD_ACCOUNT_ERROR, BD_ACCOUNT_ERROR_INVALID_NAME);
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (accepted_urls); i++)
    {
      g_autoptr(BdAccount) sandbox = new_account ("Sandbox", BD_ACCOUNT_MODE_SANDBOX, accepted_urls[i]);

      g_assert_cmpstr (bd_account_get_base_url (sandbox), ==, accepted_urls[i]);
    }

  /* Changing the mode notifies mode and base-url; a refused change changes
   * nothing. */
  g_signal_connect_swapped (account, "notify::base-url", G_CALLBACK (on_notify), &notified);
  g_assert_false (bd_account_set_mode (account, BD_ACCOUNT_MODE_SANDBOX, "http://example.com", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (bd_account_get_mode (account), ==, BD_ACCOUNT_MODE_TEST);
  g_assert_cmpuint (notified, ==, 0);

  g_assert_true (bd_account_set_mode (account, BD_ACCOUNT_MODE_LIVE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (bd_account_get_base_url (account), ==, BD_DODO_BASE_URL_LIVE);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (bd_account_set_mode (account, BD_ACCOUNT_MODE_LIVE, NULL, &error));
  g_assert_cmpuint (notified, ==, 1);

  g_assert_true (bd_account_mode_from_string ("sandbox", &mode));
  g_assert_cmpint (mode, ==, BD_ACCOUNT_MODE_SANDBOX);
  g_assert_false (bd_account_mode_from_string ("Live", &mode));
  g_assert_cmpstr (bd_account_mode_to_string (BD_ACCOUNT_MODE_LIVE), ==, "live");
}

static void
test_no_secret_in_file (void)
{
  static const char *allowed[] = { "name", "mode", "sandbox-url", "business-id", "business-name", "created", NULL };
  g_autoptr(BdAccountList) list = NULL;
  g_autoptr(BdAccount) shop = NULL;
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = accounts_path ();
  g_autofree char *with_key = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) groups = NULL;

  reset_config ();
  list = bd_account_list_new (NULL);
  shop = new_account ("Shop", BD_ACCOUNT_MODE_TEST, NULL);
  g_assert_true (bd_account_list_add (list, shop, &error));
  g_assert_no_error (error);

  /* Someone pastes a key into the file: it is read past, and the next
   * save drops it. */
  saved = read_file (path);
  with_key = g_strdup_printf ("%sapi-key=sk_test_pasted_secret\n", saved);
  write_file (path, with_key);
  g_assert_true (bd_account_list_load (list, &error));
  g_assert_no_error (error);
  g_assert_true (bd_account_list_save (list, &error));
  g_assert_no_error (error);

  contents = read_file (path);
  g_assert_null (strstr (contents, "sk_test_pasted_secret"));

  /* Only the documented keys are written, and the file is private. */
  g_assert_true (g_key_file_load_from_data (keyfile, contents, -1, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  groups = g_key_file_get_groups (keyfile, NULL);
  g_assert_cmpuint (g_strv_length (groups), ==, 1);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (keyfile, groups[i], NULL, NULL);

      for (guint j = 0; keys[j] != NULL; j++)
        g_assert_true (g_strv_contains (allowed, keys[j]));
    }

  {
    GStatBuf st;

    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  config_dir = g_dir_make_tmp ("bd-test-accounts-XXXXXX", NULL);
  g_assert_nonnull (config_dir);
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/accounts/round-trip", test_round_trip);
  g_test_add_func ("/accounts/duplicate-names", test_duplicate_names);
  g_test_add_func ("/accounts/bad-file", test_bad_file);
  g_test_add_func ("/accounts/mode-and-url", test_mode_and_url);
  g_test_add_func ("/accounts/no-secret-in-file", test_no_secret_in_file);

  status = g_test_run ();

  {
    g_autofree char *path = accounts_path ();
    g_autofree char *dir = g_path_get_dirname (path);

    g_remove (path);
    g_rmdir (dir);
    g_rmdir (config_dir);
    g_free (config_dir);
  }

  return status;
}
