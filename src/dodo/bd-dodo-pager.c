/* bd-dodo-pager.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-dodo"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-dodo-pager.h"
#include "bd-dodo-private.h"

struct _BdDodoPager
{
  GObject       parent_instance;

  BdDodoClient *client;
  char         *path;
  GHashTable   *query;
  guint         page_size;
  guint         page_number;
  gboolean      done;
  gboolean      busy;
};

G_DEFINE_FINAL_TYPE (BdDodoPager, bd_dodo_pager, G_TYPE_OBJECT)

static void
on_page (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BdDodoPager *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;
  JsonNode *items;
  JsonArray *array;

  g_assert (BD_IS_DODO_PAGER (self));

  self->busy = FALSE;

  if (!(node = bd_dodo_client_request_finish (BD_DODO_CLIENT (object), result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  /* The envelope is only {"items": [...]}: no total, no "has more". */
  items = JSON_NODE_HOLDS_OBJECT (node)
    ? json_object_get_member (json_node_get_object (node), "items") : NULL;
  if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items))
    {
      g_task_return_new_error (task, BD_DODO_ERROR, BD_DODO_ERROR_BAD_RESPONSE,
                               _("Dodo Payments sent a list without items (%s, page %u)"),
                               self->path, self->page_number);
      return;
    }

  array = json_node_get_array (items);
  self->page_number++;
  self->done = json_array_get_length (array) < self->page_size;

  if (json_array_get_length (array) == 0)
    g_task_return_pointer (task, NULL, NULL);
  else
    g_task_return_pointer (task, json_array_ref (array), (GDestroyNotify) json_array_unref);
}

static void
bd_dodo_pager_finalize (GObject *object)
{
  BdDodoPager *self = BD_DODO_PAGER (object);

  g_clear_object (&self->client);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->query, g_hash_table_unref);

  G_OBJECT_CLASS (bd_dodo_pager_parent_class)->finalize (object);
}

static void
bd_dodo_pager_class_init (BdDodoPagerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bd_dodo_pager_finalize;
}

static void
bd_dodo_pager_init (BdDodoPager *self)
{
  self->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

BdDodoPager *
bd_dodo_pager_new (BdDodoClient *client,
                   const char   *path,
                   GHashTable   *query,
                   guint         page_size)
{
  BdDodoPager *self;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (BD_IS_DODO_CLIENT (client), NULL);
  g_return_val_if_fail (path != NULL && path[0] == '/', NULL);

  self = g_object_new (BD_TYPE_DODO_PAGER, NULL);
  self->client = g_object_ref (client);
  self->path = g_strdup (path);
  self->page_size = CLAMP (page_size, 1, BD_DODO_MAX_PAGE_SIZE);

  if (query != NULL)
    {
      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_replace (self->query, g_strdup (key), g_strdup (value));
    }
  g_hash_table_replace (self->query, g_strdup ("page_size"),
                        g_strdup_printf ("%u", self->page_size));

  return self;
}

guint
bd_dodo_pager_get_page_number (BdDodoPager *self)
{
  g_return_val_if_fail (BD_IS_DODO_PAGER (self), 0);

  return self->page_number;
}

gboolean
bd_dodo_pager_is_done (BdDodoPager *self)
{
  g_return_val_if_fail (BD_IS_DODO_PAGER (self), TRUE);

  return self->done;
}

void
bd_dodo_pager_next_async (BdDodoPager         *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BD_IS_DODO_PAGER (self));
  g_return_if_fail (!self->busy);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_dodo_pager_next_async);

  if (self->done)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  self->busy = TRUE;
  g_hash_table_replace (self->query, g_strdup ("page_number"),
                        g_strdup_printf ("%u", self->page_number));
  bd_dodo_client_request_async (self->client, "GET", self->path, self->query, NULL,
                                cancellable, on_page, g_steal_pointer (&task));
}

JsonArray *
bd_dodo_pager_next_finish (BdDodoPager   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (BD_IS_DODO_PAGER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bd_dodo_pager_next_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

JsonArray *
bd_dodo_pager_next (BdDodoPager   *self,
                    GCancellable  *cancellable,
                    GError       **error)
{
  GMainContext *context;
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (BD_IS_DODO_PAGER (self), NULL);
  g_return_val_if_fail (!self->busy, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  context = bd_dodo_sync_begin ();
  bd_dodo_pager_next_async (self, cancellable, bd_dodo_sync_done, &result);

  return bd_dodo_pager_next_finish (self, bd_dodo_sync_wait (context, &result), error);
}
