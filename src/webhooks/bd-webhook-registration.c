/* bd-webhook-registration.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-webhook-registration"

#include "config.h"

#include <string.h>

#include "bd-dodo-codec.h"
#include "bd-dodo-requests.h"
#include "bd-keyring.h"
#include "bd-webhook-registration.h"

typedef struct
{
  BdDodoClient  *client;
  char          *account_id;
  BdAccountMode  mode;
  char          *display_name;
  char          *url;
  char          *endpoint_id;
  guint          removed;
} Registration;

static void
registration_free (Registration *r)
{
  g_clear_object (&r->client);
  g_free (r->account_id);
  g_free (r->display_name);
  g_free (r->url);
  g_free (r->endpoint_id);
  g_free (r);
}

static gboolean
is_ours (BdModel    *endpoint,
         const char *account_id)
{
  GHashTable *metadata = bd_model_get_metadata (endpoint, "metadata");

  return metadata != NULL &&
         g_strcmp0 (g_hash_table_lookup (metadata, BD_WEBHOOK_METADATA_KEY), BD_WEBHOOK_METADATA_VALUE) == 0 &&
         g_strcmp0 (g_hash_table_lookup (metadata, "account"), account_id) == 0;
}

static gboolean
delete_endpoint (BdDodoClient  *client,
                 const char    *id,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);
  g_autofree char *path = g_strconcat ("/webhooks/", escaped, NULL);
  g_autoptr(JsonNode) answer = bd_dodo_client_request (client, "DELETE", path, NULL, NULL, cancellable, error);

  return answer != NULL;
}

/* Deletes the account's endpoints an earlier run left behind. */
static gboolean
remove_left_behind (Registration  *r,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GPtrArray) stale = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *iterator = NULL;
  gboolean done = FALSE;

  while (!done)
    {
      g_autoptr(GHashTable) query = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(GPtrArray) endpoints = NULL;
      JsonObject *page;
      JsonArray *data;

      g_hash_table_insert (query, (char *) "limit", (char *) "250");
      if (iterator != NULL)
        g_hash_table_insert (query, (char *) "iterator", iterator);
      answer = bd_dodo_client_request (r->client, "GET", "/webhooks", query, NULL, cancellable, error);
      if (answer == NULL)
        return FALSE;
      if (!JSON_NODE_HOLDS_OBJECT (answer) ||
          (data = json_object_get_array_member (json_node_get_object (answer), "data")) == NULL)
        {
          g_set_error (error, BD_DODO_ERROR, BD_DODO_ERROR_BAD_RESPONSE,
                       "GET /webhooks: expected {data, done, iterator}");
          return FALSE;
        }
      page = json_node_get_object (answer);
      endpoints = bd_dodo_decode_array (BD_DODO_TYPE_WEBHOOK_ENDPOINT, data, error);
      if (endpoints == NULL)
        return FALSE;
      for (guint i = 0; i < endpoints->len; i++)
        if (is_ours (endpoints->pdata[i], r->account_id))
          g_ptr_array_add (stale, g_strdup (bd_model_get_string (endpoints->pdata[i], "id")));

      done = !json_object_has_member (page, "done") || json_object_get_boolean_member (page, "done") ||
             endpoints->len == 0;
      g_free (iterator);
      iterator = endpoints->len > 0 ? g_strdup (bd_model_get_string (endpoints->pdata[endpoints->len - 1], "id"))
                                    : NULL;
    }

  for (guint i = 0; i < stale->len; i++)
    {
      g_autoptr(GError) local_error = NULL;

      /* Gone meanwhile is as good as deleted. */
      if (!delete_endpoint (r->client, stale->pdata[i], cancellable, &local_error) &&
          !g_error_matches (local_error, BD_DODO_ERROR, BD_DODO_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      r->removed++;
    }
  return TRUE;
}

static void
on_secret_stored_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The keyring's store is asynchronous: wait for it on this thread. */
static gboolean
store_secret (Registration  *r,
              const char    *secret,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  gboolean ok;

  g_main_context_push_thread_default (context);
  bd_keyring_store_async (r->account_id, r->mode, BD_KEYRING_KIND_WEBHOOK_SECRET, r->display_name,
                          secret, cancellable, on_secret_stored_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  ok = bd_keyring_store_finish (result, error);
  g_main_context_pop_thread_default (context);
  return ok;
}

static void
register_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Registration *r = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdDodoWebhookCreate) create = bd_dodo_webhook_create_new ();
  g_autoptr(GHashTable) metadata = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(BdModel) endpoint = NULL;
  g_autoptr(BdModel) secret = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *secret_path = NULL;

  if (!remove_left_behind (r, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_hash_table_insert (metadata, (char *) BD_WEBHOOK_METADATA_KEY, (char *) BD_WEBHOOK_METADATA_VALUE);
  g_hash_table_insert (metadata, (char *) "account", r->account_id);
  bd_model_set (create, "url", r->url, "description", "Billing Desk listener", "metadata", metadata, NULL);
  body = bd_dodo_encode (create);
  answer = bd_dodo_client_request (r->client, "POST", "/webhooks", NULL, body, cancellable, &error);
  if (answer != NULL)
    endpoint = bd_dodo_decode (BD_DODO_TYPE_WEBHOOK_ENDPOINT, answer, &error);
  if (endpoint == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  r->endpoint_id = g_strdup (bd_model_get_string (endpoint, "id"));

  escaped = g_uri_escape_string (r->endpoint_id, NULL, FALSE);
  secret_path = g_strconcat ("/webhooks/", escaped, "/secret", NULL);
  g_clear_pointer (&answer, json_node_unref);
  answer = bd_dodo_client_request (r->client, "GET", secret_path, NULL, NULL, cancellable, &error);
  if (answer != NULL)
    secret = bd_dodo_decode (BD_DODO_TYPE_WEBHOOK_SECRET, answer, &error);
  if (secret == NULL || !store_secret (r, bd_model_get_string (secret, "secret"), cancellable, &error))
    {
      /* Without its secret the endpoint is of no use: take it away again. */
      delete_endpoint (r->client, r->endpoint_id, NULL, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
bd_webhook_register_async (BdDodoClient        *client,
                           const char          *account_id,
                           BdAccountMode        mode,
                           const char          *display_name,
                           const char          *url,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Registration *r;

  g_return_if_fail (BD_IS_DODO_CLIENT (client));
  g_return_if_fail (account_id != NULL);
  g_return_if_fail (url != NULL);

  r = g_new0 (Registration, 1);
  r->client = g_object_ref (client);
  r->account_id = g_strdup (account_id);
  r->mode = mode;
  r->display_name = g_strdup (display_name);
  r->url = g_strdup (url);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_webhook_register_async);
  g_task_set_task_data (task, r, (GDestroyNotify) registration_free);
  g_task_run_in_thread (task, register_thread);
}

char *
bd_webhook_register_finish (GAsyncResult  *result,
                            guint         *out_removed,
                            GError       **error)
{
  Registration *r;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  r = g_task_get_task_data (G_TASK (result));
  if (out_removed != NULL)
    *out_removed = r->removed;
  return g_strdup (r->endpoint_id);
}

static void
unregister_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Registration *r = task_data;
  g_autoptr(GError) error = NULL;

  if (!delete_endpoint (r->client, r->endpoint_id, cancellable, &error) &&
      !g_error_matches (error, BD_DODO_ERROR, BD_DODO_ERROR_NOT_FOUND))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
bd_webhook_unregister_async (BdDodoClient        *client,
                             const char          *endpoint_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Registration *r;

  g_return_if_fail (BD_IS_DODO_CLIENT (client));
  g_return_if_fail (endpoint_id != NULL);

  r = g_new0 (Registration, 1);
  r->client = g_object_ref (client);
  r->endpoint_id = g_strdup (endpoint_id);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_webhook_unregister_async);
  g_task_set_task_data (task, r, (GDestroyNotify) registration_free);
  g_task_run_in_thread (task, unregister_thread);
}

gboolean
bd_webhook_unregister_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
