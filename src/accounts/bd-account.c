/* bd-account.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-accounts"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-account.h"
#include "bd-account-private.h"
#include "bd-dodo-client.h"

struct _BdAccount
{
  GObject        parent_instance;

  char          *id;
  char          *display_name;
  BdAccountMode  mode;
  char          *sandbox_url;
  char          *business_id;
  char          *business_name;
  GDateTime     *created_at;
};

G_DEFINE_FINAL_TYPE (BdAccount, bd_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_DISPLAY_NAME,
  PROP_MODE,
  PROP_SANDBOX_URL,
  PROP_BASE_URL,
  PROP_BUSINESS_ID,
  PROP_BUSINESS_NAME,
  PROP_CREATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_QUARK (bd-account-error-quark, bd_account_error)

G_DEFINE_ENUM_TYPE (BdAccountMode, bd_account_mode,
  G_DEFINE_ENUM_VALUE (BD_ACCOUNT_MODE_TEST, "test"),
  G_DEFINE_ENUM_VALUE (BD_ACCOUNT_MODE_LIVE, "live"),
  G_DEFINE_ENUM_VALUE (BD_ACCOUNT_MODE_SANDBOX, "sandbox"))

/* Helpers */

static char *
new_account_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();
  GString *id = g_string_new ("acc_");

  for (const char *p = uuid; *p != '\0'; p++)
    if (*p != '-')
      g_string_append_c (id, *p);

  return g_string_free (id, FALSE);
}

/* The Dodo client owns the URL policy (https://, plain http:// only to this
 * computer): one rule, one place.  Trailing slashes go, since the client
 * appends paths that start with one. */
static char *
check_sandbox_url (const char  *url,
                   GError     **error)
{
  g_autofree char *trimmed = NULL;
  gsize len;

  if (url == NULL || *url == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A sandbox account needs the sandbox’s address"));
      return NULL;
    }

  trimmed = g_strstrip (g_strdup (url));
  len = strlen (trimmed);
  while (len > 0 && trimmed[len - 1] == '/')
    trimmed[--len] = '\0';

  if (!bd_dodo_client_check_base_url (trimmed, error))
    return NULL;

  return g_steal_pointer (&trimmed);
}

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* GObject overrides */

static void
bd_account_finalize (GObject *object)
{
  BdAccount *self = (BdAccount *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->sandbox_url, g_free);
  g_clear_pointer (&self->business_id, g_free);
  g_clear_pointer (&self->business_name, g_free);
  g_clear_pointer (&self->created_at, g_date_time_unref);

  G_OBJECT_CLASS (bd_account_parent_class)->finalize (object);
}

static void
bd_account_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  BdAccount *self = BD_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;

    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;

    case PROP_SANDBOX_URL:
      g_value_set_string (value, self->sandbox_url);
      break;

    case PROP_BASE_URL:
      g_value_set_string (value, bd_account_get_base_url (self));
      break;

    case PROP_BUSINESS_ID:
      g_value_set_string (value, self->business_id);
      break;

    case PROP_BUSINESS_NAME:
      g_value_set_string (value, self->business_name);
      break;

    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* class_init / init */

static void
bd_account_class_init (BdAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bd_account_finalize;
  object_class->get_property = bd_account_get_property;

  /* Read-only: every change goes through a function that can refuse it
   * (bd_account_set_mode(), bd_account_list_rename()). */
#define STRING_PROP(id, name) \
  properties[id] = g_param_spec_string (name, NULL, NULL, NULL, \
                                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
  STRING_PROP (PROP_ID, "id");
  STRING_PROP (PROP_DISPLAY_NAME, "display-name");
  STRING_PROP (PROP_SANDBOX_URL, "sandbox-url");
  STRING_PROP (PROP_BASE_URL, "base-url");
  STRING_PROP (PROP_BUSINESS_ID, "business-id");
  STRING_PROP (PROP_BUSINESS_NAME, "business-name");
#undef STRING_PROP

  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL,
                       BD_TYPE_ACCOUNT_MODE, BD_ACCOUNT_MODE_TEST,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bd_account_init (BdAccount *self)
{
}

/* Public API */

const char *
bd_account_mode_to_string (BdAccountMode mode)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (BD_TYPE_ACCOUNT_MODE);
  GEnumValue *value = g_enum_get_value (klass, mode);

  g_return_val_if_fail (value != NULL, NULL);

  /* The nick lives in the static table, so it outlives the class ref. */
  return value->value_nick;
}

gboolean
bd_account_mode_from_string (const char    *s,
                             BdAccountMode *mode)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (BD_TYPE_ACCOUNT_MODE);
  GEnumValue *value;

  g_return_val_if_fail (mode != NULL, FALSE);

  if (s == NULL || !(value = g_enum_get_value_by_nick (klass, s)))
    return FALSE;

  *mode = value->value;
  return TRUE;
}

char *
bd_account_normalize_name (const char  *display_name,
                           GError     **error)
{
  g_autofree char *name = g_strstrip (g_strdup (display_name != NULL ? display_name : ""));

  if (*name == '\0' || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, BD_ACCOUNT_ERROR, BD_ACCOUNT_ERROR_INVALID_NAME,
                           _("An account needs a name"));
      return NULL;
    }

  return g_steal_pointer (&name);
}

BdAccount *
bd_account_new_full (const char     *id,
                     const char     *display_name,
                     BdAccountMode   mode,
                     const char     *sandbox_url,
                     GDateTime      *created_at,
                     GError        **error)
{
  g_autoptr(BdAccount) self = g_object_new (BD_TYPE_ACCOUNT, NULL);

  if (!(self->display_name = bd_account_normalize_name (display_name, error)) ||
      !bd_account_set_mode (self, mode, sandbox_url, error))
    return NULL;

  self->id = id != NULL ? g_strdup (id) : new_account_id ();
  self->created_at = created_at != NULL ? g_date_time_to_utc (created_at) : g_date_time_new_now_utc ();

  return g_steal_pointer (&self);
}

BdAccount *
bd_account_new (const char     *display_name,
                BdAccountMode   mode,
                const char     *sandbox_url,
                GError        **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return bd_account_new_full (NULL, display_name, mode, sandbox_url, NULL, error);
}

const char *
bd_account_get_id (BdAccount *self)
{
  g_return_val_if_fail (BD_IS_ACCOUNT (self), NULL);

  return self->id;
}

const char *
bd_account_get_display_name (BdAccount *self)
{
  g_return_val_if_fail (BD_IS_ACCOUNT (self), NULL);

  return self->display_name;
}

BdAccountMode
bd_account_get_mode (BdAccount *self)
{
  g_return_val_if_fail (BD_IS_ACCOUNT (self), BD_ACCOUNT_MODE_TEST);

  return self->mode;
}

const char *
bd_account_get_sandbox_url (BdAccount *self)
{
  g_return_val_if_fail (BD_IS_ACCOUNT (self), NULL);

  return self->sandbox_url;
}

const char *
bd_account_get_base_url (BdAccount *self)
{
  g_return_val_if_fail (BD_IS_ACCOUNT (self), NULL);

  switch (self->mode)
    {
    case BD_ACCOUNT_MODE_LIVE:
      return BD_DODO_BASE_URL_LIVE;
    case BD_ACCOUNT_MODE_SANDBOX:
      return self->sandbox_url;
    case BD_ACCOUNT_MODE_TEST:
    default:
      return BD_DODO_BASE_URL_TEST;
    }
}

const char *
bd_account_get_business_id (BdAccount *self)
{
  g_return_val_if_fail (BD_IS_ACCOUNT (self), NULL);

  return self->business_id;
}

const char *
bd_account_get_business_name (BdAccount *self)
{
  g_return_val_if_fail (BD_IS_ACCOUNT (self), NULL);

  return self->business_name;
}

GDateTime *
bd_account_get_created_at (BdAccount *self)
{
  g_return_val_if_fail (BD_IS_ACCOUNT (self), NULL);

  return self->created_at;
}

void
bd_account_set_display_name (BdAccount  *self,
                             const char *display_name)
{
  g_return_if_fail (BD_IS_ACCOUNT (self));
  g_return_if_fail (display_name != NULL);

  if (set_string (&self->display_name, display_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

gboolean
bd_account_set_mode (BdAccount      *self,
                     BdAccountMode   mode,
                     const char     *sandbox_url,
                     GError        **error)
{
  g_autofree char *url = NULL;
  g_autofree char *old_base_url = NULL;
  gboolean mode_changed;
  gboolean url_changed;

  g_return_val_if_fail (BD_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (mode <= BD_ACCOUNT_MODE_SANDBOX, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (mode == BD_ACCOUNT_MODE_SANDBOX && !(url = check_sandbox_url (sandbox_url, error)))
    return FALSE;

  old_base_url = g_strdup (bd_account_get_base_url (self));
  mode_changed = self->mode != mode;
  self->mode = mode;
  url_changed = set_string (&self->sandbox_url, url);

  if (mode_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
  if (url_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SANDBOX_URL]);
  if (g_strcmp0 (old_base_url, bd_account_get_base_url (self)) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);

  return TRUE;
}

void
bd_account_set_business (BdAccount  *self,
                         const char *business_id,
                         const char *business_name)
{
  g_return_if_fail (BD_IS_ACCOUNT (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (set_string (&self->business_id, business_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSINESS_ID]);
  if (set_string (&self->business_name, business_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSINESS_NAME]);
  g_object_thaw_notify (G_OBJECT (self));
}
