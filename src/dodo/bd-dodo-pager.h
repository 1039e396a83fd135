/* bd-dodo-pager.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-dodo-client.h"

G_BEGIN_DECLS

#define BD_DODO_MAX_PAGE_SIZE 100

#define BD_TYPE_DODO_PAGER (bd_dodo_pager_get_type ())

G_DECLARE_FINAL_TYPE (BdDodoPager, bd_dodo_pager, BD, DODO_PAGER, GObject)

/* Walks a page-number list (dodo-api.md §3.11): GET @path with @query plus
 * page_size and page_number (from 0, counted here), one page per call to
 * next, until a short or empty page.  @query: (nullable) (element-type utf8
 * utf8): filters such as status or created_at_gte, copied.  @page_size is
 * clamped to 1‥100. */
BdDodoPager *bd_dodo_pager_new              (BdDodoClient         *client,
                                             const char           *path,
                                             GHashTable           *query,
                                             guint                 page_size);

/* The number of the page the next call fetches. */
guint        bd_dodo_pager_get_page_number  (BdDodoPager          *self);
gboolean     bd_dodo_pager_is_done          (BdDodoPager          *self);

/* One fetch at a time.  Finish returns the page's items (transfer full), or
 * NULL without an error at the end.  A failed page can be asked for again. */
void         bd_dodo_pager_next_async       (BdDodoPager          *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
JsonArray   *bd_dodo_pager_next_finish      (BdDodoPager          *self,
                                             GAsyncResult         *result,
                                             GError              **error);
JsonArray   *bd_dodo_pager_next             (BdDodoPager          *self,
                                             GCancellable         *cancellable,
                                             GError              **error);

G_END_DECLS
