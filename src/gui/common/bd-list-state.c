/* bd-list-state.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bd-list-state.h"

const char *
bd_list_state (BdQueryModel *model,
               gboolean      narrowed)
{
  if (model == NULL)
    return "loading";
  if (bd_query_model_get_error (model) != NULL)
    return "error";
  if (g_list_model_get_n_items (G_LIST_MODEL (model)) > 0)
    return "list";
  if (bd_query_model_is_loading (model))
    return "loading";
  return narrowed ? "no-match" : "empty";
}
