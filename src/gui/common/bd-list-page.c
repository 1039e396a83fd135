/* bd-list-page.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-list-page"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-list-page.h"
#include "bd-list-state.h"

typedef struct
{
  BdSession      *session;
  BdQueryModel   *model;
  char           *pending_id;   /* shown once the cache is open */

  /* The subclass's template widgets (not owned) */
  GtkSearchEntry *search_entry;
  GtkStack       *stack;
  GtkSpinner     *spinner;
  AdwStatusPage  *error_page;
} BdListPagePrivate;

enum {
  PROP_0,
  PROP_TITLE,
  PROP_ICON_NAME,
  N_PROPS
};

static void page_iface_init (BdPageInterface *iface);

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (BdListPage, bd_list_page, ADW_TYPE_BIN,
                                  G_ADD_PRIVATE (BdListPage)
                                  G_IMPLEMENT_INTERFACE (BD_TYPE_PAGE, page_iface_init))

/* Helpers */

static void
update_state (BdListPage *self)
{
  BdListPagePrivate *priv = bd_list_page_get_instance_private (self);
  const char *state;

  g_assert (BD_IS_LIST_PAGE (self));

  if (priv->stack == NULL)
    return;

  state = bd_list_state (priv->model, bd_list_page_is_narrowed (self));
  if (g_str_equal (state, "error"))
    {
      g_warning ("Could not read the %s: %s", BD_LIST_PAGE_GET_CLASS (self)->table,
                 bd_query_model_get_error (priv->model)->message);
      adw_status_page_set_description (priv->error_page,
                                       _("The offline copy of this account could not be read. Syncing again may repair it."));
    }

  gtk_spinner_set_spinning (priv->spinner, g_str_equal (state, "loading"));
  gtk_stack_set_visible_child_name (priv->stack, state);

  if (BD_LIST_PAGE_GET_CLASS (self)->state_changed != NULL)
    BD_LIST_PAGE_GET_CLASS (self)->state_changed (self, state);
}

static void
show_list (BdListPage *self)
{
  if (BD_LIST_PAGE_GET_CLASS (self)->show_list != NULL)
    BD_LIST_PAGE_GET_CLASS (self)->show_list (self);
}

/* Callbacks */

static void
on_search_entry_search_changed_cb (BdListPage *self)
{
  BdListPagePrivate *priv = bd_list_page_get_instance_private (self);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (priv->search_entry));

  if (priv->model != NULL)
    bd_query_model_set_search (priv->model, text);
  update_state (self);

  /* Typed while only a detail was shown: the matches are what matters. */
  if (text[0] != '\0')
    show_list (self);
}

static void
on_search_entry_stop_search_cb (BdListPage *self)
{
  BdListPagePrivate *priv = bd_list_page_get_instance_private (self);

  gtk_editable_set_text (GTK_EDITABLE (priv->search_entry), "");
}

/* BdPage */

static void
bd_list_page_set_session (BdPage    *page,
                          BdSession *session)
{
  BdListPage *self = BD_LIST_PAGE (page);
  BdListPagePrivate *priv = bd_list_page_get_instance_private (self);
  BdStore *store = session != NULL ? bd_session_get_store (session) : NULL;
  g_autofree char *pending = NULL;

  if (priv->session == session)
    return;

  if (priv->model != NULL)
    g_signal_handlers_disconnect_by_data (priv->model, self);
  BD_LIST_PAGE_GET_CLASS (self)->model_changed (self, NULL);
  g_clear_object (&priv->model);
  g_set_object (&priv->session, session);

  /* Another account: its own search. */
  if (priv->search_entry != NULL)
    gtk_editable_set_text (GTK_EDITABLE (priv->search_entry), "");

  if (store != NULL)
    {
      priv->model = bd_query_model_new (store, BD_LIST_PAGE_GET_CLASS (self)->table);
      g_signal_connect_object (priv->model, "items-changed", G_CALLBACK (update_state),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (priv->model, "notify::loading", G_CALLBACK (update_state),
                               self, G_CONNECT_SWAPPED);
      BD_LIST_PAGE_GET_CLASS (self)->model_changed (self, priv->model);
    }

  update_state (self);

  pending = g_steal_pointer (&priv->pending_id);
  if (pending != NULL && priv->model != NULL)
    bd_page_show_object (page, pending);
}

static void
bd_list_page_refresh (BdPage *page)
{
  BdListPagePrivate *priv = bd_list_page_get_instance_private (BD_LIST_PAGE (page));

  if (priv->model != NULL)
    bd_query_model_refresh (priv->model);
}

static gboolean
bd_list_page_focus_search (BdPage *page)
{
  BdListPage *self = BD_LIST_PAGE (page);
  BdListPagePrivate *priv = bd_list_page_get_instance_private (self);

  if (priv->search_entry == NULL)
    return FALSE;

  show_list (self);
  gtk_widget_grab_focus (GTK_WIDGET (priv->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (priv->search_entry), 0, -1);
  return TRUE;
}

static void
bd_list_page_show_object (BdPage     *page,
                          const char *id)
{
  BdListPage *self = BD_LIST_PAGE (page);
  BdListPagePrivate *priv = bd_list_page_get_instance_private (self);
  guint position;

  g_return_if_fail (BD_LIST_PAGE_GET_CLASS (self)->show_position != NULL);

  if (priv->model == NULL)
    {
      /* The cache is not open yet: once it is. */
      g_free (priv->pending_id);
      priv->pending_id = g_strdup (id);
      return;
    }

  position = bd_query_model_find (priv->model, id);
  if (position == G_MAXUINT && bd_list_page_is_narrowed (self))
    {
      /* The entry's own "search-changed" comes later: search all now. */
      gtk_editable_set_text (GTK_EDITABLE (priv->search_entry), "");
      bd_query_model_set_search (priv->model, NULL);
      update_state (self);
      position = bd_query_model_find (priv->model, id);
    }

  BD_LIST_PAGE_GET_CLASS (self)->show_position (self, id, position);
}

static guint
bd_list_page_get_badge (BdPage *page)
{
  BdListPageClass *klass = BD_LIST_PAGE_GET_CLASS (page);

  return klass->get_badge != NULL ? klass->get_badge (BD_LIST_PAGE (page)) : 0;
}

static void
page_iface_init (BdPageInterface *iface)
{
  iface->set_session = bd_list_page_set_session;
  iface->refresh = bd_list_page_refresh;
  iface->focus_search = bd_list_page_focus_search;
  iface->show_object = bd_list_page_show_object;
  iface->get_badge = bd_list_page_get_badge;
}

/* GObject overrides */

static void
bd_list_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BdListPageClass *klass = BD_LIST_PAGE_GET_CLASS (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, klass->title != NULL ? _(klass->title) : NULL);
      break;

    case PROP_ICON_NAME:
      g_value_set_string (value, klass->icon_name);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_list_page_dispose (GObject *object)
{
  BdListPage *self = BD_LIST_PAGE (object);
  BdListPagePrivate *priv = bd_list_page_get_instance_private (self);

  if (priv->model != NULL)
    g_signal_handlers_disconnect_by_data (priv->model, self);
  g_clear_object (&priv->model);
  g_clear_object (&priv->session);
  g_clear_pointer (&priv->pending_id, g_free);

  G_OBJECT_CLASS (bd_list_page_parent_class)->dispose (object);
}

static void
bd_list_page_class_init (BdListPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bd_list_page_dispose;
  object_class->get_property = bd_list_page_get_property;

  g_object_class_override_property (object_class, PROP_TITLE, "title");
  g_object_class_override_property (object_class, PROP_ICON_NAME, "icon-name");
}

static void
bd_list_page_init (BdListPage *self)
{
}

/* Public API */

/**
 * bd_list_page_bind:
 *
 * Takes the subclass's search entry (typing anywhere on the page searches),
 * the stack of list states, the spinner of its "loading" page and the
 * status page of its "error" page.  Call once, in the subclass's init.
 */
void
bd_list_page_bind (BdListPage     *self,
                   GtkSearchEntry *search_entry,
                   GtkStack       *stack,
                   GtkSpinner     *spinner,
                   AdwStatusPage  *error_page)
{
  BdListPagePrivate *priv = bd_list_page_get_instance_private (self);

  g_return_if_fail (BD_IS_LIST_PAGE (self));
  g_return_if_fail (GTK_IS_SEARCH_ENTRY (search_entry));
  g_return_if_fail (GTK_IS_STACK (stack));
  g_return_if_fail (priv->stack == NULL);

  priv->search_entry = search_entry;
  priv->stack = stack;
  priv->spinner = spinner;
  priv->error_page = error_page;

  g_signal_connect_object (search_entry, "search-changed",
                           G_CALLBACK (on_search_entry_search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (search_entry, "stop-search",
                           G_CALLBACK (on_search_entry_stop_search_cb), self, G_CONNECT_SWAPPED);
  gtk_search_entry_set_key_capture_widget (search_entry, GTK_WIDGET (self));
  update_state (self);
}

/**
 * bd_list_page_get_session:
 *
 * Returns: (transfer none) (nullable): the open account's session
 */
BdSession *
bd_list_page_get_session (BdListPage *self)
{
  BdListPagePrivate *priv = bd_list_page_get_instance_private (self);

  g_return_val_if_fail (BD_IS_LIST_PAGE (self), NULL);

  return priv->session;
}

/**
 * bd_list_page_get_model:
 *
 * Returns: (transfer none) (nullable): the list's model, %NULL while no
 *   cache is open
 */
BdQueryModel *
bd_list_page_get_model (BdListPage *self)
{
  BdListPagePrivate *priv = bd_list_page_get_instance_private (self);

  g_return_val_if_fail (BD_IS_LIST_PAGE (self), NULL);

  return priv->model;
}

/**
 * bd_list_page_is_narrowed:
 *
 * Returns: whether a search narrows the list
 */
gboolean
bd_list_page_is_narrowed (BdListPage *self)
{
  BdListPagePrivate *priv = bd_list_page_get_instance_private (self);

  g_return_val_if_fail (BD_IS_LIST_PAGE (self), FALSE);

  return priv->search_entry != NULL
         && *gtk_editable_get_text (GTK_EDITABLE (priv->search_entry)) != '\0';
}
