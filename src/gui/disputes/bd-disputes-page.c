/* bd-disputes-page.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-disputes-page"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-dispute.h"
#include "bd-dispute-row.h"
#include "bd-disputes-page.h"
#include "bd-toast.h"

/* The Disputes page: a GtkListView over BdQueryModel ("disputes", newest
 * first), rows bound to their BdDispute (BdDisputeRow), search as you type
 * (it finds the disputes of the payments it finds), and a filter: Open
 * (dispute_opened, the default) or All.  The sidebar's badge counts the
 * open disputes (a second, filtered model of the same table, refreshed on
 * the session's "cache-changed"), whatever the list shows.  BdListPage
 * does the rest of the page contract. */

#define OPEN_STATUS "dispute_opened"

struct _BdDisputesPage
{
  BdListPage          parent_instance;

  GtkSingleSelection *selection;
  BdQueryModel       *open_model;   /* the open disputes, for the badge */
  guint               open_count;

  /* Template widgets */
  GtkToggleButton    *all_button;
  AdwStatusPage      *error_page;
  GtkListView        *list_view;
  GtkToggleButton    *open_button;
  GtkSearchEntry     *search_entry;
  GtkSpinner         *spinner;
  GtkStack           *stack;
};

G_DEFINE_FINAL_TYPE (BdDisputesPage, bd_disputes_page, BD_TYPE_LIST_PAGE)

/* Helpers */

static gboolean
only_open (BdDisputesPage *self)
{
  return gtk_toggle_button_get_active (self->open_button);
}

static void
apply_filter (BdDisputesPage *self)
{
  BdQueryModel *model = bd_list_page_get_model (BD_LIST_PAGE (self));

  g_assert (BD_IS_DISPUTES_PAGE (self));

  if (model != NULL)
    bd_query_model_set_filter (model, "dispute_status", only_open (self) ? OPEN_STATUS : NULL);
}

static void
update_open_count (BdDisputesPage *self)
{
  guint count = self->open_model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->open_model)) : 0;

  g_assert (BD_IS_DISPUTES_PAGE (self));

  if (self->open_model != NULL && bd_query_model_is_loading (self->open_model))
    return;
  if (count == self->open_count)
    return;
  self->open_count = count;
  bd_page_badge_changed (BD_PAGE (self));
}

/* Callbacks */

static void
on_open_button_toggled_cb (BdDisputesPage *self)
{
  g_assert (BD_IS_DISPUTES_PAGE (self));

  apply_filter (self);
}

static void
on_session_cache_changed_cb (BdDisputesPage *self)
{
  g_assert (BD_IS_DISPUTES_PAGE (self));

  if (self->open_model != NULL)
    bd_query_model_refresh (self->open_model);
}

/* BdListPage */

static void
bd_disputes_page_model_changed (BdListPage   *page,
                                BdQueryModel *model)
{
  BdDisputesPage *self = BD_DISPUTES_PAGE (page);
  BdSession *session = bd_list_page_get_session (page);

  gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  if (self->open_model != NULL)
    g_signal_handlers_disconnect_by_data (self->open_model, self);
  g_clear_object (&self->open_model);
  /* Called with NULL while the page still has the session that goes. */
  if (model == NULL && session != NULL)
    g_signal_handlers_disconnect_by_func (session, on_session_cache_changed_cb, self);

  if (model != NULL)
    {
      self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (model)));
      gtk_single_selection_set_autoselect (self->selection, FALSE);
      gtk_single_selection_set_can_unselect (self->selection, TRUE);
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
      apply_filter (self);

      self->open_model = bd_query_model_new (bd_session_get_store (session), "disputes");
      bd_query_model_set_filter (self->open_model, "dispute_status", OPEN_STATUS);
      g_signal_connect_object (self->open_model, "items-changed", G_CALLBACK (update_open_count),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->open_model, "notify::loading", G_CALLBACK (update_open_count),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "cache-changed", G_CALLBACK (on_session_cache_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  update_open_count (self);
}

/* With "Open" chosen and none open, the cache may still hold disputes:
 * then the list is not empty, only settled. */
static void
bd_disputes_page_state_changed (BdListPage *page,
                                const char *state)
{
  BdDisputesPage *self = BD_DISPUTES_PAGE (page);
  BdSession *session = bd_list_page_get_session (page);
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (state, "empty") || !only_open (self) || session == NULL)
    return;
  if (bd_store_count (bd_session_get_store (session), "disputes", &error) > 0)
    gtk_stack_set_visible_child_name (self->stack, "no-open");
}

/* win.show-dispute: selected and scrolled into view; a settled one hidden
 * by "Open" shows all first. */
static void
bd_disputes_page_show_position (BdListPage *page,
                                const char *id,
                                guint       position)
{
  BdDisputesPage *self = BD_DISPUTES_PAGE (page);

  if (position == G_MAXUINT && only_open (self))
    {
      gtk_toggle_button_set_active (self->all_button, TRUE);
      position = bd_query_model_find (bd_list_page_get_model (page), id);
    }
  if (position == G_MAXUINT)
    {
      g_autofree char *text = g_strdup_printf (_("Dispute %s is not in the offline copy yet. "
                                                 "It appears here after the next sync."), id);

      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      bd_widget_add_toast (GTK_WIDGET (self), adw_toast_new (text));
      return;
    }
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

/* BdListPage: the badge */

static guint
bd_disputes_page_get_badge (BdListPage *page)
{
  return BD_DISPUTES_PAGE (page)->open_count;
}

/* GObject overrides */

static void
bd_disputes_page_dispose (GObject *object)
{
  BdDisputesPage *self = BD_DISPUTES_PAGE (object);

  gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  if (self->open_model != NULL)
    g_signal_handlers_disconnect_by_data (self->open_model, self);
  g_clear_object (&self->open_model);
  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_DISPUTES_PAGE);

  G_OBJECT_CLASS (bd_disputes_page_parent_class)->dispose (object);
}

static void
bd_disputes_page_class_init (BdDisputesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  BdListPageClass *list_page_class = BD_LIST_PAGE_CLASS (klass);

  object_class->dispose = bd_disputes_page_dispose;

  list_page_class->title = N_("Disputes");
  list_page_class->icon_name = "dialog-warning-symbolic";
  list_page_class->table = "disputes";
  list_page_class->model_changed = bd_disputes_page_model_changed;
  list_page_class->state_changed = bd_disputes_page_state_changed;
  list_page_class->show_position = bd_disputes_page_show_position;
  list_page_class->get_badge = bd_disputes_page_get_badge;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/disputes/bd-disputes-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BdDisputesPage, all_button);
  gtk_widget_class_bind_template_child (widget_class, BdDisputesPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, BdDisputesPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, BdDisputesPage, open_button);
  gtk_widget_class_bind_template_child (widget_class, BdDisputesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BdDisputesPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, BdDisputesPage, stack);
  gtk_widget_class_bind_template_callback (widget_class, on_open_button_toggled_cb);

  g_type_ensure (BD_TYPE_DISPUTE_ROW);
}

static void
bd_disputes_page_init (BdDisputesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bd_list_page_bind (BD_LIST_PAGE (self), self->search_entry, self->stack, self->spinner,
                     self->error_page);
}

/* Public API */

GtkWidget *
bd_disputes_page_new (void)
{
  return g_object_new (BD_TYPE_DISPUTES_PAGE, NULL);
}
