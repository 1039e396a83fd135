/* bd-store-path.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-store"

#include "config.h"

#include "bd-store-path.h"

static gboolean
id_is_safe (const char *id)
{
  gsize n = 0;

  if (id == NULL || *id == '\0')
    return FALSE;
  for (const char *p = id; *p != '\0'; p++, n++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      return FALSE;
  return n <= 128;
}

char *
bd_store_dir_for_account_id (const char *account_id)
{
  if (!id_is_safe (account_id))
    return NULL;
  return g_build_filename (g_get_user_data_dir (), "billing-desk", account_id, NULL);
}

char *
bd_store_path_for_mode (const char    *account_id,
                        BdAccountMode  mode)
{
  g_autofree char *dir = bd_store_dir_for_account_id (account_id);
  g_autofree char *file = NULL;

  if (dir == NULL)
    return NULL;
  file = g_strconcat (bd_account_mode_to_string (mode), ".db", NULL);
  return g_build_filename (dir, file, NULL);
}

char *
bd_store_path_for_account (BdAccount *account)
{
  g_return_val_if_fail (BD_IS_ACCOUNT (account), NULL);

  return bd_store_path_for_mode (bd_account_get_id (account), bd_account_get_mode (account));
}
