/* bd-account-client.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-accounts"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-account-client.h"

#define API_KEY_VARIABLE "DODO_PAYMENTS_API_KEY"

/* What the key function needs, copied on the account's thread so that the
 * request's thread never touches the account. */
typedef struct
{
  char          *account_id;
  char          *display_name;
  BdAccountMode  mode;
} KeySource;

/* Helpers */

static void
key_source_free (KeySource *source)
{
  g_free (source->account_id);
  g_free (source->display_name);
  g_free (source);
}

static GError *
no_api_key_error (const char *display_name)
{
  return g_error_new (BD_ACCOUNT_ERROR, BD_ACCOUNT_ERROR_NO_API_KEY,
                      _("No API key is stored for “%s”"), display_name);
}

/* BdDodoKeyFunc: runs on the request's thread, which may block. */
static char *
keyring_key_func (BdDodoClient  *client,
                  GCancellable  *cancellable,
                  GError       **error,
                  gpointer       user_data)
{
  KeySource *source = user_data;
  GError *local_error = NULL;
  BdSecret *key;

  key = bd_keyring_lookup_sync (source->account_id, source->mode, BD_KEYRING_KIND_API_KEY,
                                cancellable, &local_error);
  if (key == NULL && local_error == NULL)
    local_error = no_api_key_error (source->display_name);
  if (local_error != NULL)
    g_propagate_error (error, local_error);

  /* The client frees it with g_free() after wiping, as libsecret allows. */
  return key;
}

/* Callbacks */

static void
on_key_looked_up (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(BdSecret) key = NULL;
  BdAccount *account = g_task_get_source_object (task);
  BdDodoClient *client = g_task_get_task_data (task);
  GError *error = NULL;

  if (!(key = bd_keyring_lookup_finish (result, &error)))
    {
      if (error == NULL)
        error = no_api_key_error (bd_account_get_display_name (account));
      g_task_return_error (task, error);
      return;
    }

  bd_dodo_client_set_api_key (client, key);
  g_task_return_pointer (task, g_object_ref (client), g_object_unref);
}

/* Public API */

void
bd_account_create_client_async (BdAccount           *account,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  BdDodoClient *client;
  GError *error = NULL;

  g_return_if_fail (BD_IS_ACCOUNT (account));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (account, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_account_create_client_async);

  if (!(client = bd_account_create_client (account, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, client, g_object_unref);

  bd_keyring_lookup_async (bd_account_get_id (account), bd_account_get_mode (account),
                           BD_KEYRING_KIND_API_KEY, cancellable,
                           on_key_looked_up, g_steal_pointer (&task));
}

BdDodoClient *
bd_account_create_client_finish (BdAccount     *account,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (BD_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (g_task_is_valid (result, account), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bd_account_create_client_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

BdDodoClient *
bd_account_create_client (BdAccount  *account,
                          GError    **error)
{
  BdDodoClient *client;
  KeySource *source;

  g_return_val_if_fail (BD_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(client = bd_dodo_client_new (bd_account_get_base_url (account), error)))
    return NULL;

  source = g_new0 (KeySource, 1);
  source->account_id = g_strdup (bd_account_get_id (account));
  source->display_name = g_strdup (bd_account_get_display_name (account));
  source->mode = bd_account_get_mode (account);
  bd_dodo_client_set_key_func (client, keyring_key_func, source, (GDestroyNotify) key_source_free);

  return client;
}

BdSecret *
bd_account_dup_api_key_for_headless (BdAccount     *account,
                                     GCancellable  *cancellable,
                                     GError       **error)
{
  const char *from_env = g_getenv (API_KEY_VARIABLE);
  GError *local_error = NULL;
  BdSecret *key;

  g_return_val_if_fail (BD_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (from_env != NULL && *from_env != '\0')
    {
      g_debug ("Using the API key from " API_KEY_VARIABLE " for account %s",
               bd_account_get_id (account));
      return g_strdup (from_env);
    }

  key = bd_keyring_lookup_sync (bd_account_get_id (account), bd_account_get_mode (account),
                                BD_KEYRING_KIND_API_KEY, cancellable, &local_error);
  if (key == NULL && local_error == NULL)
    local_error = g_error_new (BD_ACCOUNT_ERROR, BD_ACCOUNT_ERROR_NO_API_KEY,
                               _("No API key is stored for “%s”: add one with "
                                 "“billing-desk accounts add”, or set %s"),
                               bd_account_get_display_name (account), API_KEY_VARIABLE);
  if (local_error != NULL)
    g_propagate_error (error, local_error);

  return key;
}

BdDodoClient *
bd_account_create_headless_client (BdAccount     *account,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  g_autoptr(BdDodoClient) client = NULL;
  g_autoptr(BdSecret) key = NULL;

  g_return_val_if_fail (BD_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(client = bd_account_create_client (account, error)) ||
      !(key = bd_account_dup_api_key_for_headless (account, cancellable, error)))
    return NULL;

  bd_dodo_client_set_api_key (client, key);
  return g_steal_pointer (&client);
}
