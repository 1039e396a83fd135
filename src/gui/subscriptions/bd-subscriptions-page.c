/* bd-subscriptions-page.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-subscriptions-page"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-enums.h"
#include "bd-format.h"
#include "bd-money.h"
#include "bd-subscription.h"
#include "bd-subscription-row.h"
#include "bd-subscription-text.h"
#include "bd-subscriptions-page-private.h"

/*
 * The list is a GtkListView straight over a BdQueryModel ("subscriptions",
 * newest first): the model holds the rowids of the result and builds a
 * BdSubscription when a row is bound.  A sync's refresh updates the
 * objects in place, so rows and the detail pane follow their object's
 * "notify".
 *
 * The list and the detail pane are the two pages of an AdwLeaflet: side
 * by side on a wide window; folded, a click (or Enter) on a row shows the
 * pane, and its back button, Alt+← or a swipe returns to the list.
 */


G_DEFINE_FINAL_TYPE (BdSubscriptionsPage, bd_subscriptions_page, BD_TYPE_LIST_PAGE)


static void
set_row (AdwActionRow *row,
         const char   *subtitle)
{
  adw_action_row_set_subtitle (row, subtitle != NULL && subtitle[0] != '\0' ? subtitle : "—");
}

/* Helpers: the page */


static void
update_detail (BdSubscriptionsPage *self)
{
  BdSubscription *subscription = self->shown;
  g_autofree char *amount = NULL;
  g_autofree char *when = NULL;
  g_autofree char *recurring = NULL;
  g_autofree char *cadence = NULL;
  g_autofree char *next = NULL;
  g_autofree char *previous = NULL;
  g_autofree char *trial = NULL;
  g_autofree char *quantity = NULL;
  g_autofree char *created = NULL;
  g_autofree char *status = NULL;
  const char *email;
  gint64 trial_days;

  g_assert (BD_IS_SUBSCRIPTIONS_PAGE (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "subscriptions.show-customer",
                                 subscription != NULL &&
                                 bd_model_get_string (subscription, "customer-id") != NULL);
  _bd_subscriptions_page_update_actions (self);
  if (subscription == NULL)
    {
      /* "Select a Subscription" only when there is one to select. */
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->detail_stack), "missing") != 0)
        gtk_stack_set_visible_child_name (self->detail_stack,
                                          self->selection != NULL &&
                                          g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0
                                          ? "none" : "blank");
      return;
    }

  gtk_label_set_text (self->product_label, bd_subscription_product_title (subscription));
  amount = bd_subscription_describe_amount (subscription);
  gtk_label_set_text (self->amount_label, amount);
  bd_subscription_set_status_tag (self->status_tag, subscription);
  when = bd_subscription_describe_when (subscription);
  gtk_label_set_text (self->when_label, when);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->customer_row), bd_subscription_customer_title (subscription));
  email = bd_model_get_string (subscription, "customer-email");
  set_row (self->customer_row, g_strcmp0 (email, bd_subscription_customer_title (subscription)) != 0 ? email : NULL);

  recurring = bd_format_money_or_dash (bd_model_get_money (subscription, "recurring-pre-tax-amount"));
  if (bd_model_get_money (subscription, "recurring-pre-tax-amount") != NULL)
    {
      g_autofree char *text = NULL;
      const char *currency = bd_money_get_currency (bd_model_get_money (subscription,
                                                                        "recurring-pre-tax-amount"));

      if (bd_model_get_boolean (subscription, "tax-inclusive"))
        /* TRANSLATORS: an amount, its currency code; e.g. "€26.68 EUR, tax included" */
        text = g_strdup_printf (_("%s %s, tax included"), recurring, currency);
      else
        /* TRANSLATORS: an amount, its currency code; e.g. "$29.00 USD, plus tax" */
        text = g_strdup_printf (_("%s %s, plus tax"), recurring, currency);
      g_free (recurring);
      recurring = g_steal_pointer (&text);
    }
  set_row (self->recurring_row, recurring);
  cadence = bd_subscription_describe_cadence (subscription);
  set_row (self->cadence_row, cadence);
  next = bd_format_day_or_dash (bd_model_get_datetime (subscription, "next-billing-date"));
  set_row (self->next_row, next);
  previous = bd_format_day_or_dash (bd_model_get_datetime (subscription, "previous-billing-date"));
  set_row (self->previous_row, previous);
  set_row (self->cancel_row, bd_model_get_boolean (subscription, "cancel-at-next-billing-date")
                             ? _("Yes") : _("No"));
  trial_days = bd_model_get_int (subscription, "trial-period-days");
  trial = trial_days > 0 ? bd_subscription_describe_span (BD_TIME_INTERVAL_DAY, trial_days, NULL)
                         : g_strdup (_("None"));
  set_row (self->trial_row, trial);

  status = bd_subscription_has_ended (subscription) || bd_model_get_enum (subscription, "status") == BD_SUBSCRIPTION_STATUS_PAUSED
    /* TRANSLATORS: a subscription status, then when it ended or paused:
     * "Cancelled · Ended 3 Mar 2026" */
    ? g_strdup_printf (_("%s · %s"), bd_subscription_describe_status (subscription), when)
    : g_strdup (bd_subscription_describe_status (subscription));
  set_row (self->status_row, status);
  set_row (self->plan_row, bd_subscription_product_title (subscription));
  quantity = g_strdup_printf ("%" G_GINT64_FORMAT, bd_model_get_int (subscription, "quantity"));
  set_row (self->quantity_row, quantity);
  created = bd_format_date_or_dash (bd_model_get_datetime (subscription, "created-at"), "%x %H:%M");
  set_row (self->created_row, created);
  set_row (self->id_row, bd_model_get_string (subscription, "subscription-id"));

  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
}

/* The pane shows @subscription (nullable), following its changes. */
static void
show_in_pane (BdSubscriptionsPage *self,
              BdSubscription      *subscription)
{
  g_assert (BD_IS_SUBSCRIPTIONS_PAGE (self));

  if (self->shown == subscription)
    return;
  if (self->shown != NULL)
    g_signal_handlers_disconnect_by_data (self->shown, self);
  g_set_object (&self->shown, subscription);
  if (subscription != NULL)
    {
      /* A subscription asked for and found is no longer missing. */
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      g_signal_connect_object (subscription, "notify", G_CALLBACK (update_detail),
                               self, G_CONNECT_SWAPPED);
    }
  update_detail (self);
}

/* Callbacks */

static void
on_selection_changed_cb (BdSubscriptionsPage *self)
{
  g_assert (BD_IS_SUBSCRIPTIONS_PAGE (self));

  show_in_pane (self, gtk_single_selection_get_selected_item (self->selection));
}

static void
on_row_activated_cb (BdSubscriptionsPage *self,
                  guint                position)
{
  g_assert (BD_IS_SUBSCRIPTIONS_PAGE (self));

  if (self->selection != NULL)
    gtk_single_selection_set_selected (self->selection, position);
  adw_leaflet_set_visible_child (self->leaflet, self->detail_pane);
}

/* Folded, a single click opens the detail (there is no pane beside the
 * list to update); side by side, a click selects and the pane follows. */
static void
on_folded_changed_cb (BdSubscriptionsPage *self)
{
  gtk_list_view_set_single_click_activate (self->list_view, adw_leaflet_get_folded (self->leaflet));
}

/* Enter in the search: on to the list, at the first match. */
static void
on_search_activate_cb (BdSubscriptionsPage *self)
{
  if (self->selection == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0)
    return;
  if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (self->selection, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

/* Actions */

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BdSubscriptionsPage *self = BD_SUBSCRIPTIONS_PAGE (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
}

static void
show_customer_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  BdSubscriptionsPage *self = BD_SUBSCRIPTIONS_PAGE (widget);
  const char *customer_id = self->shown != NULL ? bd_model_get_string (self->shown, "customer-id") : NULL;

  if (customer_id != NULL)
    gtk_widget_activate_action (widget, "win.show-customer", "s", customer_id);
}

/* BdListPage */

static void
bd_subscriptions_page_model_changed (BdListPage   *page,
                                     BdQueryModel *model)
{
  BdSubscriptionsPage *self = BD_SUBSCRIPTIONS_PAGE (page);

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  show_in_pane (self, NULL);
  gtk_stack_set_visible_child_name (self->detail_stack, "blank");

  if (model == NULL)
    return;

  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (on_selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
}

static void
bd_subscriptions_page_state_changed (BdListPage *page,
                                     const char *state)
{
  BdSubscriptionsPage *self = BD_SUBSCRIPTIONS_PAGE (page);

  if (self->shown == NULL)
    update_detail (self);
}

static void
bd_subscriptions_page_show_list (BdListPage *page)
{
  BdSubscriptionsPage *self = BD_SUBSCRIPTIONS_PAGE (page);

  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
}

/* "Jump to the subscription" (win.show-subscription): selected in the
 * list, scrolled into view, and shown in the pane (on a narrow window, the
 * pane alone); when it is not in the offline copy (yet), the pane says
 * so. */
static void
bd_subscriptions_page_show_position (BdListPage *page,
                                     const char *id,
                                     guint       position)
{
  BdSubscriptionsPage *self = BD_SUBSCRIPTIONS_PAGE (page);

  if (position != G_MAXUINT)
    {
      gtk_single_selection_set_selected (self->selection, position);
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
    }
  else
    {
      g_autofree char *description = NULL;

      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      description = g_strdup_printf (_("Subscription %s is not in the offline copy yet. "
                                       "It appears here after the next sync."), id);
      adw_status_page_set_description (self->missing_page, description);
      gtk_stack_set_visible_child_name (self->detail_stack, "missing");
    }

  adw_leaflet_set_visible_child (self->leaflet, self->detail_pane);
}

/* GObject overrides */

static void
bd_subscriptions_page_dispose (GObject *object)
{
  BdSubscriptionsPage *self = BD_SUBSCRIPTIONS_PAGE (object);

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  show_in_pane (self, NULL);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* The template's leaflet is AdwBin's child: taken from the bin first,
   * so that neither unparents it a second time. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_SUBSCRIPTIONS_PAGE);

  G_OBJECT_CLASS (bd_subscriptions_page_parent_class)->dispose (object);
}

static void
bd_subscriptions_page_class_init (BdSubscriptionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  BdListPageClass *list_page_class = BD_LIST_PAGE_CLASS (klass);

  object_class->dispose = bd_subscriptions_page_dispose;

  list_page_class->title = N_("Subscriptions");
  list_page_class->icon_name = "media-playlist-repeat-symbolic";
  list_page_class->table = "subscriptions";
  list_page_class->model_changed = bd_subscriptions_page_model_changed;
  list_page_class->state_changed = bd_subscriptions_page_state_changed;
  list_page_class->show_list = bd_subscriptions_page_show_list;
  list_page_class->show_position = bd_subscriptions_page_show_position;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/subscriptions/bd-subscriptions-page.ui");
gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, actions_group);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, amount_label);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, cadence_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, cancel_action_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, cancel_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, change_plan_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, charge_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, created_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, customer_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, detail_pane);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, email_portal_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, id_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, list_pane);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, missing_page);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, next_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, pause_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, payment_method_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, plan_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, portal_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, previous_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, product_label);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, quantity_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, recurring_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, resume_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, status_tag);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, trial_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, undo_cancel_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, when_label);
  gtk_widget_class_bind_template_callback (widget_class, on_folded_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);

  gtk_widget_class_install_action (widget_class, "subscriptions.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "subscriptions.show-customer", NULL, show_customer_action);
  _bd_subscriptions_page_class_actions_init (widget_class);

  g_type_ensure (BD_TYPE_SUBSCRIPTION_ROW);
}

static void
bd_subscriptions_page_init (BdSubscriptionsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  /* Names, emails and products are text, not markup. */
  {
    AdwActionRow *rows[] = {
      self->cadence_row, self->cancel_row, self->created_row, self->customer_row, self->id_row,
      self->next_row, self->plan_row, self->previous_row, self->quantity_row, self->recurring_row,
      self->status_row, self->trial_row,
    };

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (rows[i]), FALSE);
  }

  on_folded_changed_cb (self);
  bd_list_page_bind (BD_LIST_PAGE (self), self->search_entry, self->stack, self->spinner,
                     self->error_page);
  update_detail (self);
}

/* Public API */

GtkWidget *
bd_subscriptions_page_new (void)
{
  return g_object_new (BD_TYPE_SUBSCRIPTIONS_PAGE, NULL);
}
