/* bd-dodo-error.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-dodo"

#include "config.h"

#include "bd-dodo-error.h"
#include "bd-dodo-private.h"

/* BD_DODO_ERROR is an extended error domain (GLib 2.68): every error of the
 * domain carries this block, copied with the error and freed with it. */
typedef struct
{
  guint     http_status;
  char     *code;
  char     *server_message;
  gboolean  ambiguous_write;
} BdDodoErrorPrivate;

/* The getter G_DEFINE_EXTENDED_ERROR generates may return NULL (after a
 * g_return_val_if_fail()), hence the checks below. */
static void
bd_dodo_error_private_init (BdDodoErrorPrivate *priv)
{
}

static void
bd_dodo_error_private_copy (const BdDodoErrorPrivate *src,
                            BdDodoErrorPrivate       *dest)
{
  if (src == NULL || dest == NULL)
    return;

  dest->http_status = src->http_status;
  dest->code = g_strdup (src->code);
  dest->server_message = g_strdup (src->server_message);
  dest->ambiguous_write = src->ambiguous_write;
}

static void
bd_dodo_error_private_clear (BdDodoErrorPrivate *priv)
{
  if (priv == NULL)
    return;

  g_clear_pointer (&priv->code, g_free);
  g_clear_pointer (&priv->server_message, g_free);
}

G_DEFINE_EXTENDED_ERROR (BdDodoError, bd_dodo_error)

/* NULL for errors of other domains: the generated getter would warn. */
static BdDodoErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != BD_DODO_ERROR)
    return NULL;

  return bd_dodo_error_get_private (error);
}

GError *
bd_dodo_error_new_full (BdDodoError  code,
                        guint        http_status,
                        const char  *dodo_code,
                        const char  *server_message,
                        gboolean     ambiguous_write,
                        const char  *message)
{
  GError *error = g_error_new_literal (BD_DODO_ERROR, code, message);
  BdDodoErrorPrivate *priv = get_private (error);

  if (priv != NULL)
    {
      priv->http_status = http_status;
      priv->code = g_strdup (dodo_code);
      priv->server_message = g_strdup (server_message);
      priv->ambiguous_write = ambiguous_write;
    }

  return error;
}

guint
bd_dodo_error_get_http_status (const GError *error)
{
  BdDodoErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->http_status : 0;
}

const char *
bd_dodo_error_get_code (const GError *error)
{
  BdDodoErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->code : NULL;
}

const char *
bd_dodo_error_get_server_message (const GError *error)
{
  BdDodoErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->server_message : NULL;
}

gboolean
bd_dodo_error_is_ambiguous_write (const GError *error)
{
  BdDodoErrorPrivate *priv = get_private (error);

  return priv != NULL && priv->ambiguous_write;
}
