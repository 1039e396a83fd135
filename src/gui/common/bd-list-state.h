/* bd-list-state.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-query-model.h"

G_BEGIN_DECLS

/* Which state a page's list shows for @model (NULL: not opened yet):
 * "loading", "error", "list", "no-match" (@narrowed: a search or a filter
 * is set, and hides every row) or "empty".  The names of the pages'
 * GtkStack children. */
const char *bd_list_state (BdQueryModel *model,
                           gboolean      narrowed);

G_END_DECLS
