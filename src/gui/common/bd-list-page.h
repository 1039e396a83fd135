/* bd-list-page.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-page.h"
#include "bd-query-model.h"

G_BEGIN_DECLS

/*
 * BdListPage: the base of a page that lists one table of the cache with a
 * search entry above it (Customers, Subscriptions, and the lists to come).
 * It implements BdPage for its subclass:
 *
 *   set_session  a BdQueryModel over the session's store and the class's
 *                table (newest first), given to the subclass through
 *                model_changed; another account starts with an empty
 *                search;
 *   refresh      the model updates its rows in place;
 *   focus_search the entry, its text selected (after show_list);
 *   show_object  finds the row (clearing a search that hides it; waiting
 *                for the cache when it is not open yet) and hands the
 *                position (G_MAXUINT: not in the cache) to show_position.
 *
 * and keeps the page's stack in the one list state (bd_list_state():
 * "loading", "error", "list", "no-match", "empty"), whose pages the
 * subclass's template provides with its own words.  The subclass sets
 * title, icon_name and table in class_init and calls bd_list_page_bind()
 * in init, after gtk_widget_init_template().
 */

#define BD_TYPE_LIST_PAGE (bd_list_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (BdListPage, bd_list_page, BD, LIST_PAGE, AdwBin)

struct _BdListPageClass
{
  AdwBinClass parent_class;

  const char *title;       /* untranslated (N_()) */
  const char *icon_name;
  const char *table;       /* BdQueryModel's table */

  /* Required: put @model (nullable) into the view. */
  void (*model_changed) (BdListPage   *self,
                         BdQueryModel *model);
  /* Optional: the stack shows @state now. */
  void (*state_changed) (BdListPage   *self,
                         const char   *state);
  /* Optional: on a narrow page, show the list (not a detail). */
  void (*show_list)     (BdListPage   *self);
  /* Required for show_object: select @position, or say that @id is not
   * in the cache (@position is G_MAXUINT). */
  void (*show_position) (BdListPage   *self,
                         const char   *id,
                         guint         position);
  /* Optional: BdPage's get_badge (0 without). */
  guint (*get_badge)    (BdListPage   *self);
};

void          bd_list_page_bind          (BdListPage     *self,
                                          GtkSearchEntry *search_entry,
                                          GtkStack       *stack,
                                          GtkSpinner     *spinner,
                                          AdwStatusPage  *error_page);
BdSession    *bd_list_page_get_session   (BdListPage     *self);
BdQueryModel *bd_list_page_get_model     (BdListPage     *self);
gboolean      bd_list_page_is_narrowed   (BdListPage     *self);

G_END_DECLS
