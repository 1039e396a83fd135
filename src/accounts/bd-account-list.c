/* bd-account-list.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-accounts"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "bd-account-list.h"
#include "bd-account-private.h"

struct _BdAccountList
{
  GObject    parent_instance;

  char      *path;
  GPtrArray *accounts;  /* of BdAccount, owned */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BdAccountList, bd_account_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

/* What two names are compared by: "Shop", " shop " and "SHOP" are one. */
static char *
name_key (const char *display_name)
{
  g_autofree char *stripped = g_strstrip (g_strdup (display_name));
  g_autofree char *normalized = g_utf8_normalize (stripped, -1, G_NORMALIZE_ALL);

  return g_utf8_casefold (normalized != NULL ? normalized : stripped, -1);
}

static BdAccount *
find_by_name (GPtrArray  *accounts,
              const char *display_name,
              BdAccount  *except)
{
  g_autofree char *key = name_key (display_name);

  for (guint i = 0; i < accounts->len; i++)
    {
      BdAccount *account = g_ptr_array_index (accounts, i);
      g_autofree char *other = NULL;

      if (account == except)
        continue;
      other = name_key (bd_account_get_display_name (account));
      if (g_str_equal (key, other))
        return account;
    }

  return NULL;
}

static gboolean
check_unique_name (GPtrArray   *accounts,
                   const char  *display_name,
                   BdAccount   *except,
                   GError     **error)
{
  BdAccount *other = find_by_name (accounts, display_name, except);

  if (other == NULL)
    return TRUE;

  g_set_error (error, BD_ACCOUNT_ERROR, BD_ACCOUNT_ERROR_DUPLICATE_NAME,
               _("There is already an account named “%s”"),
               bd_account_get_display_name (other));
  return FALSE;
}

static gboolean
is_account_id (const char *id)
{
  if (!g_str_has_prefix (id, "acc_") || id[4] == '\0')
    return FALSE;

  for (const char *p = id + 4; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      return FALSE;

  return TRUE;
}

/* GKeyFile's own parse errors quote the offending line, which could be
 * anything someone pasted into the file; name its number instead.
 * Returns 0 when every line has a valid shape. */
static guint
find_bad_line (const char *contents)
{
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);
  gboolean in_group = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strchug (lines[i]);

      if (*line == '\0' || *line == '#')
        continue;
      if (*line == '[' && strchr (line, ']') != NULL)
        in_group = TRUE;
      else if (!in_group || strchr (line, '=') == NULL)
        return i + 1;
    }

  return 0;
}

static BdAccount *
account_from_group (GKeyFile    *keyfile,
                    const char  *group,
                    GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDateTime) created_at = NULL;
  g_autoptr(BdAccount) account = NULL;
  g_autofree char *name = NULL;
  g_autofree char *mode_name = NULL;
  g_autofree char *sandbox_url = NULL;
  g_autofree char *business_id = NULL;
  g_autofree char *business_name = NULL;
  g_autofree char *created = NULL;
  BdAccountMode mode;

  if (!is_account_id (group))
    {
      g_set_error_literal (error, BD_ACCOUNT_ERROR, BD_ACCOUNT_ERROR_INVALID_FILE,
                           _("the group name is not an account id (acc_…)"));
      return NULL;
    }

  if (!(name = g_key_file_get_string (keyfile, group, "name", &local_error)) ||
      !(mode_name = g_key_file_get_string (keyfile, group, "mode", &local_error)) ||
      !(created = g_key_file_get_string (keyfile, group, "created", &local_error)))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (!bd_account_mode_from_string (mode_name, &mode))
    {
      g_set_error (error, BD_ACCOUNT_ERROR, BD_ACCOUNT_ERROR_INVALID_FILE,
                   _("unknown mode “%s” (test, live or sandbox)"), mode_name);
      return NULL;
    }

  if (!(created_at = g_date_time_new_from_iso8601 (created, NULL)))
    {
      g_set_error (error, BD_ACCOUNT_ERROR, BD_ACCOUNT_ERROR_INVALID_FILE,
                   _("“%s” is not a date and time (created)"), created);
      return NULL;
    }

  /* Optional keys: absent is NULL, which is what they mean. */
  sandbox_url = g_key_file_get_string (keyfile, group, "sandbox-url", NULL);
  business_id = g_key_file_get_string (keyfile, group, "business-id", NULL);
  business_name = g_key_file_get_string (keyfile, group, "business-name", NULL);

  if (!(account = bd_account_new_full (group, name, mode, sandbox_url, created_at, error)))
    return NULL;
  bd_account_set_business (account, business_id, business_name);

  return g_steal_pointer (&account);
}

static GPtrArray *
parse_accounts (const char  *path,
                const char  *contents,
                gsize        length,
                GError     **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) groups = NULL;
  guint bad_line;

  if (!g_key_file_load_from_data (keyfile, contents, length, G_KEY_FILE_NONE, &local_error))
    {
      if ((bad_line = find_bad_line (contents)) > 0)
        g_set_error (error, BD_ACCOUNT_ERROR, BD_ACCOUNT_ERROR_INVALID_FILE,
                     _("%s, line %u: not a [group], a key=value pair or a comment"),
                     path, bad_line);
      else
        g_set_error (error, BD_ACCOUNT_ERROR, BD_ACCOUNT_ERROR_INVALID_FILE,
                     "%s: %s", path, local_error->message);
      return NULL;
    }

  groups = g_key_file_get_groups (keyfile, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      BdAccount *account = account_from_group (keyfile, groups[i], &local_error);

      if (account != NULL)
        {
          g_ptr_array_add (accounts, account);
          if (check_unique_name (accounts, bd_account_get_display_name (account), account, &local_error))
            continue;
        }

      g_set_error (error, BD_ACCOUNT_ERROR, BD_ACCOUNT_ERROR_INVALID_FILE,
                   _("%s, account [%s]: %s"), path, groups[i], local_error->message);
      return NULL;
    }

  return g_steal_pointer (&accounts);
}

static char *
to_key_file_data (BdAccountList *self,
                  gsize         *length)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();

  g_assert (BD_IS_ACCOUNT_LIST (self));

  g_key_file_set_comment (keyfile, NULL, NULL,
                          " Billing Desk accounts.  API keys live in the keyring, never here.",
                          NULL);

  for (guint i = 0; i < self->accounts->len; i++)
    {
      BdAccount *account = g_ptr_array_index (self->accounts, i);
      const char *id = bd_account_get_id (account);
      g_autofree char *created = g_date_time_format_iso8601 (bd_account_get_created_at (account));

      g_key_file_set_string (keyfile, id, "name", bd_account_get_display_name (account));
      g_key_file_set_string (keyfile, id, "mode", bd_account_mode_to_string (bd_account_get_mode (account)));
      if (bd_account_get_sandbox_url (account) != NULL)
        g_key_file_set_string (keyfile, id, "sandbox-url", bd_account_get_sandbox_url (account));
      if (bd_account_get_business_id (account) != NULL)
        g_key_file_set_string (keyfile, id, "business-id", bd_account_get_business_id (account));
      if (bd_account_get_business_name (account) != NULL)
        g_key_file_set_string (keyfile, id, "business-name", bd_account_get_business_name (account));
      g_key_file_set_string (keyfile, id, "created", created);
    }

  return g_key_file_to_data (keyfile, length, NULL);
}

/* GListModel */

static GType
bd_account_list_get_item_type (GListModel *model)
{
  return BD_TYPE_ACCOUNT;
}

static guint
bd_account_list_get_n_items (GListModel *model)
{
  return BD_ACCOUNT_LIST (model)->accounts->len;
}

static gpointer
bd_account_list_get_item (GListModel *model,
                          guint       position)
{
  BdAccountList *self = BD_ACCOUNT_LIST (model);

  if (position >= self->accounts->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->accounts, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = bd_account_list_get_item_type;
  iface->get_n_items = bd_account_list_get_n_items;
  iface->get_item = bd_account_list_get_item;
}

/* GObject overrides */

static void
bd_account_list_finalize (GObject *object)
{
  BdAccountList *self = (BdAccountList *) object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);

  G_OBJECT_CLASS (bd_account_list_parent_class)->finalize (object);
}

static void
bd_account_list_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BdAccountList *self = BD_ACCOUNT_LIST (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_account_list_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BdAccountList *self = BD_ACCOUNT_LIST (object);

  switch (prop_id)
    {
    case PROP_PATH:
      if (g_value_get_string (value) != NULL)
        self->path = g_value_dup_string (value);
      else
        self->path = g_build_filename (g_get_user_config_dir (), "billing-desk", "accounts.ini", NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* class_init / init */

static void
bd_account_list_class_init (BdAccountListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bd_account_list_finalize;
  object_class->get_property = bd_account_list_get_property;
  object_class->set_property = bd_account_list_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bd_account_list_init (BdAccountList *self)
{
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Public API */

BdAccountList *
bd_account_list_new (const char *path)
{
  return g_object_new (BD_TYPE_ACCOUNT_LIST, "path", path, NULL);
}

const char *
bd_account_list_get_path (BdAccountList *self)
{
  g_return_val_if_fail (BD_IS_ACCOUNT_LIST (self), NULL);

  return self->path;
}

gboolean
bd_account_list_load (BdAccountList  *self,
                      GError        **error)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) old = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (BD_IS_ACCOUNT_LIST (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_file_get_contents (self->path, &contents, &length, &local_error))
    {
      if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      accounts = g_ptr_array_new_with_free_func (g_object_unref);
    }
  else if (!(accounts = parse_accounts (self->path, contents, length, error)))
    return FALSE;

  old = g_steal_pointer (&self->accounts);
  self->accounts = g_steal_pointer (&accounts);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old->len, self->accounts->len);

  return TRUE;
}

gboolean
bd_account_list_save (BdAccountList  *self,
                      GError        **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (BD_IS_ACCOUNT_LIST (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = to_key_file_data (self, &length);
  dir = g_path_get_dirname (self->path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not create %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  /* A temporary file renamed over the old one: a crash leaves either. */
  return g_file_set_contents_full (self->path, data, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

gboolean
bd_account_list_add (BdAccountList  *self,
                     BdAccount      *account,
                     GError        **error)
{
  g_return_val_if_fail (BD_IS_ACCOUNT_LIST (self), FALSE);
  g_return_val_if_fail (BD_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (bd_account_list_find_by_id (self, bd_account_get_id (account)) == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_unique_name (self->accounts, bd_account_get_display_name (account), NULL, error))
    return FALSE;

  g_ptr_array_add (self->accounts, g_object_ref (account));
  if (!bd_account_list_save (self, error))
    {
      g_ptr_array_remove_index (self->accounts, self->accounts->len - 1);
      return FALSE;
    }

  g_debug ("Added account %s", bd_account_get_id (account));
  g_list_model_items_changed (G_LIST_MODEL (self), self->accounts->len - 1, 0, 1);
  return TRUE;
}

gboolean
bd_account_list_remove (BdAccountList  *self,
                        BdAccount      *account,
                        GError        **error)
{
  g_autoptr(BdAccount) removed = NULL;
  guint position;

  g_return_val_if_fail (BD_IS_ACCOUNT_LIST (self), FALSE);
  g_return_val_if_fail (BD_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_ptr_array_find (self->accounts, account, &position))
    {
      g_set_error (error, BD_ACCOUNT_ERROR, BD_ACCOUNT_ERROR_NOT_FOUND,
                   _("There is no account named “%s”"), bd_account_get_display_name (account));
      return FALSE;
    }

  removed = g_ptr_array_steal_index (self->accounts, position);
  if (!bd_account_list_save (self, error))
    {
      g_ptr_array_insert (self->accounts, position, g_steal_pointer (&removed));
      return FALSE;
    }

  g_debug ("Removed account %s", bd_account_get_id (account));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  return TRUE;
}

gboolean
bd_account_list_rename (BdAccountList  *self,
                        BdAccount      *account,
                        const char     *display_name,
                        GError        **error)
{
  g_autofree char *name = NULL;
  g_autofree char *old_name = NULL;

  g_return_val_if_fail (BD_IS_ACCOUNT_LIST (self), FALSE);
  g_return_val_if_fail (BD_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(name = bd_account_normalize_name (display_name, error)) ||
      !check_unique_name (self->accounts, name, account, error))
    return FALSE;

  old_name = g_strdup (bd_account_get_display_name (account));
  bd_account_set_display_name (account, name);
  if (!bd_account_list_save (self, error))
    {
      bd_account_set_display_name (account, old_name);
      return FALSE;
    }

  return TRUE;
}

BdAccount *
bd_account_list_find_by_id (BdAccountList *self,
                            const char    *id)
{
  g_return_val_if_fail (BD_IS_ACCOUNT_LIST (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->accounts->len; i++)
    {
      BdAccount *account = g_ptr_array_index (self->accounts, i);

      if (g_str_equal (bd_account_get_id (account), id))
        return account;
    }

  return NULL;
}

BdAccount *
bd_account_list_find_by_name (BdAccountList *self,
                              const char    *display_name)
{
  g_return_val_if_fail (BD_IS_ACCOUNT_LIST (self), NULL);
  g_return_val_if_fail (display_name != NULL, NULL);

  return find_by_name (self->accounts, display_name, NULL);
}
