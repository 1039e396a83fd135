/* bd-page.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bd-session.h"

G_BEGIN_DECLS

/*
 * BdPage: what every page of the workspace is to the window (as GNOME
 * Calendar's views are GcalViews).  The window adds pages only through this
 * interface and never calls a page's own functions.
 *
 * Properties (read-only, constant for a page):
 *   "title"      the sidebar's words for the page ("Invoices")
 *   "icon-name"  the sidebar's icon
 *
 * Virtual functions:
 *   set_session (session)  the open account, or NULL for none.  The window
 *       calls it once the session's cache is open (bd_session_get_store()
 *       is not NULL then), with NULL when the account closes, and again
 *       for the next account.  The page reads the cache through the
 *       session's store, and the account and client from it.
 *   refresh ()             the cache changed (a sync or a write committed
 *       rows): update the rows in place, keep the scroll position.
 *   focus_search ()        Ctrl+F: show and focus the page's search entry.
 *       Returns FALSE when the page has none.
 *   show_object (id)       select and show the object with that id (a
 *       customer, payment, refund, subscription… that the page owns),
 *       clearing a search or filter that hides it, or saying "Not Synced
 *       Yet" when the cache does not hold it.  Reached through the
 *       window's win.show-* actions, never called by another page.
 *   get_badge ()           (optional) a count for the sidebar to show
 *       beside the page's title (the Disputes page: its open disputes);
 *       0 shows none.  The page calls bd_page_badge_changed() when it
 *       changes; the default is always 0.
 *
 * Signals:
 *   "badge-changed"  the badge's count changed (bd_page_badge_changed()).
 */

#define BD_TYPE_PAGE (bd_page_get_type ())

G_DECLARE_INTERFACE (BdPage, bd_page, BD, PAGE, GtkWidget)

struct _BdPageInterface
{
  GTypeInterface parent_iface;

  void     (*set_session)  (BdPage     *self,
                            BdSession  *session);
  void     (*refresh)      (BdPage     *self);
  gboolean (*focus_search) (BdPage     *self);
  void     (*show_object)  (BdPage     *self,
                            const char *id);
  guint    (*get_badge)    (BdPage     *self);
};

char       *bd_page_get_title     (BdPage     *self);
char       *bd_page_get_icon_name (BdPage     *self);
void        bd_page_set_session   (BdPage     *self,
                                   BdSession  *session);
void        bd_page_refresh       (BdPage     *self);
gboolean    bd_page_focus_search  (BdPage     *self);
void        bd_page_show_object   (BdPage     *self,
                                   const char *id);
guint       bd_page_get_badge     (BdPage     *self);
void        bd_page_badge_changed (BdPage     *self);

G_END_DECLS
