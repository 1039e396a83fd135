/* bd-keyring.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-accounts"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "bd-keyring.h"

/* Thin GTask wrappers over libsecret's own async API, so that callers get
 * one error wording and "nothing stored" is NULL, not an error. */

static const SecretSchema bd_keyring_schema = {
  "io.github.billingdesk.BillingDesk.ApiKey", SECRET_SCHEMA_NONE,
  {
    { "account-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "mode", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

/* Helpers */

static const char *
kind_to_string (BdKeyringKind kind)
{
  return kind == BD_KEYRING_KIND_WEBHOOK_SECRET ? "webhook-secret" : "api-key";
}

/* @mode and @kind are ignored when @item is FALSE: then the attributes
 * match every item of the account. */
static GHashTable *
new_attributes (const char    *account_id,
                gboolean       item,
                BdAccountMode  mode,
                BdKeyringKind  kind)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, "account-id", g_strdup (account_id));
  if (item)
    {
      g_hash_table_insert (attributes, "mode", g_strdup (bd_account_mode_to_string (mode)));
      g_hash_table_insert (attributes, "kind", g_strdup (kind_to_string (kind)));
    }

  return attributes;
}

static void
return_keyring_error (GTask  *task,
                      GError *error)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_prefix_error (&error, "%s", _("The keyring could not be used: "));
  g_task_return_error (task, error);
}

static gboolean
propagate_boolean (GAsyncResult  *result,
                   gpointer       source_tag,
                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Callbacks */

static void
on_stored (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    return_keyring_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_looked_up (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *secret = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    return_keyring_error (task, error);
  else
    g_task_return_pointer (task, secret, (GDestroyNotify) secret_password_free);
}

static void
on_cleared (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error means there was nothing to remove: fine. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    return_keyring_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Public API */

void
bd_secret_free (BdSecret *secret)
{
  secret_password_free (secret);
}

void
bd_keyring_store_async (const char          *account_id,
                        BdAccountMode        mode,
                        BdKeyringKind        kind,
                        const char          *label_name,
                        const char          *secret,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;
  const char *name;

  g_return_if_fail (account_id != NULL);
  g_return_if_fail (secret != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_keyring_store_async);

  name = label_name != NULL ? label_name : account_id;
  if (kind == BD_KEYRING_KIND_WEBHOOK_SECRET)
    /* Translators: the label of a keyring item; %s is an account's name. */
    label = g_strdup_printf (_("Billing Desk webhook secret for “%s”"), name);
  else
    /* Translators: the label of a keyring item; %s is an account's name. */
    label = g_strdup_printf (_("Billing Desk API key for “%s”"), name);

  g_debug ("Storing the %s of account %s (%s)",
           kind_to_string (kind), account_id, bd_account_mode_to_string (mode));

  attributes = new_attributes (account_id, TRUE, mode, kind);
  secret_password_storev (&bd_keyring_schema, attributes, SECRET_COLLECTION_DEFAULT,
                          label, secret, cancellable, on_stored, g_steal_pointer (&task));
}

gboolean
bd_keyring_store_finish (GAsyncResult  *result,
                         GError       **error)
{
  return propagate_boolean (result, bd_keyring_store_async, error);
}

void
bd_keyring_lookup_async (const char          *account_id,
                         BdAccountMode        mode,
                         BdKeyringKind        kind,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (account_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_keyring_lookup_async);

  attributes = new_attributes (account_id, TRUE, mode, kind);
  secret_password_lookupv (&bd_keyring_schema, attributes, cancellable,
                           on_looked_up, g_steal_pointer (&task));
}

BdSecret *
bd_keyring_lookup_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bd_keyring_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

BdSecret *
bd_keyring_lookup_sync (const char     *account_id,
                        BdAccountMode   mode,
                        BdKeyringKind   kind,
                        GCancellable   *cancellable,
                        GError        **error)
{
  g_autoptr(GHashTable) attributes = NULL;
  GError *local_error = NULL;
  char *secret;

  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

#ifndef NDEBUG
  /* Design §6: the GUI's main thread never waits for the keyring. */
  if (g_main_context_is_owner (g_main_context_default ()))
    g_critical ("bd_keyring_lookup_sync() called on the main thread; "
                "use bd_keyring_lookup_async() there");
#endif

  attributes = new_attributes (account_id, TRUE, mode, kind);
  secret = secret_password_lookupv_sync (&bd_keyring_schema, attributes, cancellable, &local_error);
  if (local_error != NULL)
    {
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&local_error, "%s", _("The keyring could not be used: "));
      g_propagate_error (error, local_error);
      return NULL;
    }

  return secret;
}

static void
clear_matching (GHashTable          *attributes,
                GCancellable        *cancellable,
                gpointer             source_tag,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  secret_password_clearv (&bd_keyring_schema, attributes, cancellable, on_cleared, task);
}

void
bd_keyring_clear_async (const char          *account_id,
                        BdAccountMode        mode,
                        BdKeyringKind        kind,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (account_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  g_debug ("Removing the %s of account %s (%s)",
           kind_to_string (kind), account_id, bd_account_mode_to_string (mode));

  attributes = new_attributes (account_id, TRUE, mode, kind);
  clear_matching (attributes, cancellable, bd_keyring_clear_async, callback, user_data);
}

gboolean
bd_keyring_clear_finish (GAsyncResult  *result,
                         GError       **error)
{
  return propagate_boolean (result, bd_keyring_clear_async, error);
}

void
bd_keyring_clear_account_async (const char          *account_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (account_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  g_debug ("Removing every secret of account %s", account_id);

  attributes = new_attributes (account_id, FALSE, 0, 0);
  clear_matching (attributes, cancellable, bd_keyring_clear_account_async, callback, user_data);
}

gboolean
bd_keyring_clear_account_finish (GAsyncResult  *result,
                                 GError       **error)
{
  return propagate_boolean (result, bd_keyring_clear_account_async, error);
}
