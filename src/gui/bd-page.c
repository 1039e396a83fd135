/* bd-page.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-page"

#include "config.h"

#include "bd-page.h"

G_DEFINE_INTERFACE (BdPage, bd_page, GTK_TYPE_WIDGET)

enum {
  BADGE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
bd_page_default_refresh (BdPage *self)
{
}

static gboolean
bd_page_default_focus_search (BdPage *self)
{
  return FALSE;
}

static void
bd_page_default_show_object (BdPage     *self,
                             const char *id)
{
}

static guint
bd_page_default_get_badge (BdPage *self)
{
  return 0;
}

static void
bd_page_default_init (BdPageInterface *iface)
{
  iface->refresh = bd_page_default_refresh;
  iface->focus_search = bd_page_default_focus_search;
  iface->show_object = bd_page_default_show_object;
  iface->get_badge = bd_page_default_get_badge;

  signals[BADGE_CHANGED] = g_signal_new ("badge-changed", G_TYPE_FROM_INTERFACE (iface),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 0);

  g_object_interface_install_property (iface,
                                       g_param_spec_string ("title", NULL, NULL, NULL,
                                                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_interface_install_property (iface,
                                       g_param_spec_string ("icon-name", NULL, NULL, NULL,
                                                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
}

/**
 * bd_page_get_title:
 *
 * Returns: (transfer full): the page's title, translated
 */
char *
bd_page_get_title (BdPage *self)
{
  char *title = NULL;

  g_return_val_if_fail (BD_IS_PAGE (self), NULL);

  g_object_get (self, "title", &title, NULL);
  return title;
}

/**
 * bd_page_get_icon_name:
 *
 * Returns: (transfer full): the page's icon name
 */
char *
bd_page_get_icon_name (BdPage *self)
{
  char *icon_name = NULL;

  g_return_val_if_fail (BD_IS_PAGE (self), NULL);

  g_object_get (self, "icon-name", &icon_name, NULL);
  return icon_name;
}

/**
 * bd_page_set_session:
 * @session: (nullable): the open account's session, its cache open; %NULL
 *   when no account is open
 */
void
bd_page_set_session (BdPage    *self,
                     BdSession *session)
{
  g_return_if_fail (BD_IS_PAGE (self));
  g_return_if_fail (session == NULL || BD_IS_SESSION (session));
  g_return_if_fail (session == NULL || bd_session_get_store (session) != NULL);

  BD_PAGE_GET_IFACE (self)->set_session (self, session);
}

void
bd_page_refresh (BdPage *self)
{
  g_return_if_fail (BD_IS_PAGE (self));

  BD_PAGE_GET_IFACE (self)->refresh (self);
}

/**
 * bd_page_focus_search:
 *
 * Returns: whether the page has a search, now focused
 */
gboolean
bd_page_focus_search (BdPage *self)
{
  g_return_val_if_fail (BD_IS_PAGE (self), FALSE);

  return BD_PAGE_GET_IFACE (self)->focus_search (self);
}

void
bd_page_show_object (BdPage     *self,
                     const char *id)
{
  g_return_if_fail (BD_IS_PAGE (self));
  g_return_if_fail (id != NULL && *id != '\0');

  BD_PAGE_GET_IFACE (self)->show_object (self, id);
}

/**
 * bd_page_get_badge:
 *
 * Returns: the count the sidebar shows beside the page's title, 0 for none
 */
guint
bd_page_get_badge (BdPage *self)
{
  g_return_val_if_fail (BD_IS_PAGE (self), 0);

  return BD_PAGE_GET_IFACE (self)->get_badge (self);
}

/**
 * bd_page_badge_changed:
 *
 * For the page itself: its badge's count changed; emits "badge-changed".
 */
void
bd_page_badge_changed (BdPage *self)
{
  g_return_if_fail (BD_IS_PAGE (self));

  g_signal_emit (self, signals[BADGE_CHANGED], 0);
}
