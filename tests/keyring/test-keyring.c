/* test-keyring.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <libsoup/soup.h>

#include "bd-account-client.h"
#include "bd-account-list.h"
#include "bd-keyring.h"
#include "bd-test-util.h"

/* BdKeyring against the real gnome-keyring of build-aux/test-session, and
 * the account clients that take their key from it.  Every test ends by
 * checking that its secrets went nowhere else: no file under the XDG
 * directories this process was given, no GSettings value, no log line. */

static char *xdg_root;
static GMutex log_mutex;
static GString *log_text;  /* every message logged by this process */

/* Helpers */

static GLogWriterOutput
record_log (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  g_mutex_lock (&log_mutex);
  for (gsize i = 0; i < n_fields; i++)
    {
      g_string_append_printf (log_text, "%s=", fields[i].key);
      if (fields[i].length < 0)
        g_string_append (log_text, fields[i].value);
      else
        g_string_append_len (log_text, fields[i].value, fields[i].length);
      g_string_append_c (log_text, '\n');
    }
  g_mutex_unlock (&log_mutex);

  /* Debug messages are recorded (G_MESSAGES_DEBUG=all makes them), not
   * shown: they would break the TAP output. */
  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (level, fields, n_fields, user_data);
}

static char *
new_secret (const char *prefix)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strconcat (prefix, uuid, NULL);
}

static gboolean
contains (const char *haystack,
          gsize       length,
          const char *needle)
{
  gsize needle_length = strlen (needle);

  for (gsize i = 0; i + needle_length <= length; i++)
    if (memcmp (haystack + i, needle, needle_length) == 0)
      return TRUE;

  return FALSE;
}

static void
assert_not_under (const char *dir,
                  const char *secret)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;

  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        assert_not_under (path, secret);
      else if (g_file_get_contents (path, &contents, &length, NULL) &&
               contains (contents, length, secret))
        g_error ("A secret was written to %s", path);
    }
}

static void
assert_secret_nowhere (const char *secret)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_auto(GStrv) keys = NULL;

  /* Files: the data, config and cache directories, with whatever the test
   * wrote there (accounts.ini at least). */
  g_assert_true (g_str_has_prefix (g_get_user_config_dir (), xdg_root));
  assert_not_under (xdg_root, secret);

  /* Settings. */
  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (),
                                            "io.github.billingdesk.BillingDesk", TRUE);
  g_assert_nonnull (schema);
  settings = g_settings_new_full (schema, NULL, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *text = g_variant_print (value, FALSE);

      g_assert_null (strstr (text, secret));
    }

  /* Logs. */
  g_mutex_lock (&log_mutex);
  g_assert_true (log_text->len > 0);
  g_assert_false (contains (log_text->str, log_text->len, secret));
  g_mutex_unlock (&log_mutex);
}

static void
on_result (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static GAsyncResult *
await (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

static void
store (BdAccount     *account,
       BdKeyringKind  kind,
       const char    *secret)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  bd_keyring_store_async (bd_account_get_id (account), bd_account_get_mode (account), kind,
                          bd_account_get_display_name (account), secret, NULL, on_result, &result);
  g_assert_true (bd_keyring_store_finish (await (&result), &error));
  g_assert_no_error (error);
}

static BdSecret *
lookup (const char    *account_id,
        BdAccountMode  mode,
        BdKeyringKind  kind)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  BdSecret *secret;

  bd_keyring_lookup_async (account_id, mode, kind, NULL, on_result, &result);
  secret = bd_keyring_lookup_finish (await (&result), &error);
  g_assert_no_error (error);
  return secret;
}

static void
assert_stored (BdAccount     *account,
               BdKeyringKind  kind,
               const char    *expected)
{
  g_autoptr(BdSecret) found = lookup (bd_account_get_id (account), bd_account_get_mode (account), kind);

  /* Not g_assert_cmpstr: a failure would print the secret. */
  if (expected == NULL)
    g_assert_null (found);
  else
    g_assert_true (g_strcmp0 (found, expected) == 0);
}

static void
clear_account (BdAccount *account)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  bd_keyring_clear_account_async (bd_account_get_id (account), NULL, on_result, &result);
  g_assert_true (bd_keyring_clear_account_finish (await (&result), &error));
  g_assert_no_error (error);
}

/* A saved account, so that accounts.ini is among the files searched. */
static BdAccount *
add_account (const char    *name,
             BdAccountMode  mode,
             const char    *sandbox_url)
{
  g_autoptr(BdAccountList) list = bd_account_list_new (NULL);
  g_autoptr(GError) error = NULL;
  BdAccount *account;

  g_assert_true (bd_account_list_load (list, &error));
  g_assert_no_error (error);
  account = bd_account_new (name, mode, sandbox_url, &error);
  g_assert_no_error (error);
  g_assert_true (bd_account_list_add (list, account, &error));
  g_assert_no_error (error);

  return account;
}

/* Tests */

static void
test_store_lookup_replace_clear (void)
{
  static const BdKeyringKind kinds[] = { BD_KEYRING_KIND_API_KEY, BD_KEYRING_KIND_WEBHOOK_SECRET };
  g_autoptr(BdAccount) account = NULL;
  g_autoptr(GPtrArray) secrets = g_ptr_array_new_with_free_func (g_free);

  if (!bd_test_require_secret_service ())
    return;

  account = add_account ("Store test", BD_ACCOUNT_MODE_TEST, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      char *first = new_secret ("sk_first_");
      char *second = new_secret ("sk_second_");

      g_ptr_array_add (secrets, first);
      g_ptr_array_add (secrets, second);

      assert_stored (account, kinds[i], NULL);
      store (account, kinds[i], first);
      assert_stored (account, kinds[i], first);

      /* Storing again replaces. */
      store (account, kinds[i], second);
      assert_stored (account, kinds[i], second);

      /* Another mode of the same account has its own item. */
      g_assert_null (lookup (bd_account_get_id (account), BD_ACCOUNT_MODE_LIVE, kinds[i]));

      bd_keyring_clear_async (bd_account_get_id (account), BD_ACCOUNT_MODE_TEST, kinds[i],
                              NULL, on_result, &result);
      g_assert_true (bd_keyring_clear_finish (await (&result), &error));
      g_assert_no_error (error);
      assert_stored (account, kinds[i], NULL);
    }

  for (guint i = 0; i < secrets->len; i++)
    assert_secret_nowhere (g_ptr_array_index (secrets, i));
}

static void
test_clear_account (void)
{
  g_autoptr(BdAccount) account = NULL;
  g_autoptr(BdAccount) other = NULL;
  g_autofree char *api_key = new_secret ("sk_test_");
  g_autofree char *live_key = new_secret ("sk_live_");
  g_autofree char *webhook_secret = new_secret ("whsec_");
  g_autofree char *other_key = new_secret ("sk_other_");
  g_autoptr(GError) error = NULL;

  if (!bd_test_require_secret_service ())
    return;

  account = add_account ("Clear test", BD_ACCOUNT_MODE_TEST, NULL);
  other = add_account ("Other", BD_ACCOUNT_MODE_TEST, NULL);

  store (account, BD_KEYRING_KIND_API_KEY, api_key);
  store (account, BD_KEYRING_KIND_WEBHOOK_SECRET, webhook_secret);
  store (other, BD_KEYRING_KIND_API_KEY, other_key);
  g_assert_true (bd_account_set_mode (account, BD_ACCOUNT_MODE_LIVE, NULL, &error));
  g_assert_no_error (error);
  store (account, BD_KEYRING_KIND_API_KEY, live_key);

  clear_account (account);

  assert_stored (account, BD_KEYRING_KIND_API_KEY, NULL);
  g_assert_null (lookup (bd_account_get_id (account), BD_ACCOUNT_MODE_TEST, BD_KEYRING_KIND_API_KEY));
  g_assert_null (lookup (bd_account_get_id (account), BD_ACCOUNT_MODE_TEST, BD_KEYRING_KIND_WEBHOOK_SECRET));
  assert_stored (other, BD_KEYRING_KIND_API_KEY, other_key);

  /* Clearing what is not there is no error. */
  clear_account (account);
  clear_account (other);
  assert_stored (other, BD_KEYRING_KIND_API_KEY, NULL);

  assert_secret_nowhere (api_key);
  assert_secret_nowhere (live_key);
  assert_secret_nowhere (webhook_secret);
  assert_secret_nowhere (other_key);
}

typedef struct
{
  BdDodoClient *client;
  GError       *error;
  gint          done;
} Request;

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  char **authorization = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  g_free (*authorization);
  *authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "{}", 2);
}

static gpointer
request_on_worker (gpointer data)
{
  Request *request = data;
  g_autoptr(JsonNode) node = NULL;

  node = bd_dodo_client_request (request->client, "GET", "/check", NULL, NULL, NULL, &request->error);
  g_atomic_int_set (&request->done, TRUE);
  g_main_context_wakeup (NULL);

  return NULL;
}

static void
request_on_main (BdDodoClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  bd_dodo_client_request_async (client, "GET", "/check", NULL, NULL, NULL, on_result, &result);
  node = bd_dodo_client_request_finish (client, await (&result), &error);
  g_assert_no_error (error);
}

static void
test_clients (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(BdAccount) account = NULL;
  g_autoptr(BdDodoClient) client = NULL;
  g_autoptr(BdDodoClient) worker_client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = new_secret ("sk_client_");
  g_autofree char *bearer = g_strconcat ("Bearer ", key, NULL);
  g_autofree char *authorization = NULL;
  g_autofree char *url = NULL;
  g_autoptr(BdSecret) from_thread = NULL;
  GSList *uris;
  Request request = { NULL, };
  GThread *thread;

  if (!bd_test_require_secret_service ())
    return;

  soup_server_add_handler (server, NULL, server_callback, &authorization, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  account = add_account ("Client test", BD_ACCOUNT_MODE_SANDBOX, url);

  /* No key stored: the async client says so. */
  bd_account_create_client_async (account, NULL, on_result, &result);
  g_assert_null (bd_account_create_client_finish (account, await (&result), &error));
  g_assert_error (error, BD_ACCOUNT_ERROR, BD_ACCOUNT_ERROR_NO_API_KEY);
  g_clear_error (&error);
  g_clear_object (&result);

  store (account, BD_KEYRING_KIND_API_KEY, key);

  /* The GUI's client: the key looked up beforehand, asynchronously. */
  bd_account_create_client_async (account, NULL, on_result, &result);
  client = bd_account_create_client_finish (account, await (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bd_dodo_client_get_base_url (client), ==, url);
  request_on_main (client);
  g_assert_true (g_strcmp0 (authorization, bearer) == 0);
  g_clear_pointer (&authorization, g_free);

  /* A worker's client: the key looked up on the request's thread. */
  worker_client = bd_account_create_client (account, &error);
  g_assert_no_error (error);
  request.client = worker_client;
  thread = g_thread_new ("worker", request_on_worker, &request);
  while (!g_atomic_int_get (&request.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
  g_assert_no_error (request.error);
  g_assert_true (g_strcmp0 (authorization, bearer) == 0);
  g_clear_pointer (&authorization, g_free);

  /* A blocking lookup where no main loop is owned (a headless command) is
   * fine; on the GUI's main thread it is a critical. */
  from_thread = bd_keyring_lookup_sync (bd_account_get_id (account), BD_ACCOUNT_MODE_SANDBOX,
                                        BD_KEYRING_KIND_API_KEY, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_strcmp0 (from_thread, key) == 0);
#ifndef NDEBUG
  {
    g_autoptr(BdSecret) on_main = NULL;

    g_assert_true (g_main_context_acquire (NULL));
    g_test_expect_message ("bd-accounts", G_LOG_LEVEL_CRITICAL, "*main thread*");
    on_main = bd_keyring_lookup_sync (bd_account_get_id (account), BD_ACCOUNT_MODE_SANDBOX,
                                      BD_KEYRING_KIND_API_KEY, NULL, &error);
    g_test_assert_expected_messages ();
    g_main_context_release (NULL);
    g_assert_no_error (error);
  }
#endif

  clear_account (account);
  soup_server_disconnect (server);
  assert_secret_nowhere (key);
}

/* Run in a subprocess whose session bus does not exist: the key from the
 * environment must not need the keyring at all. */
static void
test_env_override (void)
{
  g_autoptr(BdAccount) account = NULL;
  g_autoptr(BdSecret) key = NULL;
  g_autoptr(BdDodoClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *env_key = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  env_key = new_secret ("sk_env_");
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/billing-desk-test-bus", TRUE);
  g_setenv ("DODO_PAYMENTS_API_KEY", env_key, TRUE);

  account = add_account ("Headless", BD_ACCOUNT_MODE_TEST, NULL);
  key = bd_account_dup_api_key_for_headless (account, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_strcmp0 (key, env_key) == 0);
  client = bd_account_create_headless_client (account, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (client);

  /* Without the variable, the keyring is asked, and here it cannot answer. */
  g_unsetenv ("DODO_PAYMENTS_API_KEY");
  g_clear_pointer (&key, bd_secret_free);
  key = bd_account_dup_api_key_for_headless (account, NULL, &error);
  g_assert_null (key);
  g_assert_nonnull (error);
  g_assert_false (g_error_matches (error, BD_ACCOUNT_ERROR, BD_ACCOUNT_ERROR_NO_API_KEY));

  assert_secret_nowhere (env_key);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        remove_tree (path);
      else
        g_remove (path);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  static const char *subdirs[][2] = {
    { "XDG_DATA_HOME", "data" }, { "XDG_CONFIG_HOME", "config" }, { "XDG_CACHE_HOME", "cache" },
  };
  int status;

  /* Before anything reads them: this process's own data, config and cache
   * directories, searched for secrets after each test. */
  xdg_root = g_dir_make_tmp ("bd-test-keyring-XXXXXX", NULL);
  g_assert_nonnull (xdg_root);
  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *dir = g_build_filename (xdg_root, subdirs[i][1], NULL);

      g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
      g_setenv (subdirs[i][0], dir, TRUE);
    }
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_unsetenv ("DODO_PAYMENTS_API_KEY");

  log_text = g_string_new (NULL);
  g_log_set_writer_func (record_log, NULL, NULL);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keyring/accounts/store-lookup-replace-clear", test_store_lookup_replace_clear);
  g_test_add_func ("/keyring/accounts/clear-account", test_clear_account);
  g_test_add_func ("/keyring/accounts/clients", test_clients);
  g_test_add_func ("/keyring/accounts/env-override", test_env_override);

  status = g_test_run ();

  remove_tree (xdg_root);
  g_free (xdg_root);
  g_string_free (log_text, TRUE);

  return status;
}
