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
#include "bd-list-state.h"
#include "bd-query-model.h"
#include "bd-status.h"
#include "bd-subscription.h"
#include "bd-subscriptions-page.h"

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

struct _BdSubscriptionsPage
{
  AdwBin              parent_instance;

  BdStore            *store;
  BdQueryModel       *model;
  GtkSingleSelection *selection;
  BdSubscription     *shown;        /* the detail pane's subscription */
  char               *pending_id;   /* shown once the cache is open */

  /* Template widgets */
  GtkLabel           *amount_label;
  AdwActionRow       *cadence_row;
  AdwActionRow       *cancel_row;
  AdwActionRow       *created_row;
  AdwActionRow       *customer_row;
  GtkWidget          *detail_pane;
  GtkStack           *detail_stack;
  AdwStatusPage      *error_page;
  AdwActionRow       *id_row;
  AdwLeaflet         *leaflet;
  GtkListView        *list_view;
  GtkWidget          *list_pane;
  AdwStatusPage      *missing_page;
  AdwActionRow       *next_row;
  AdwActionRow       *plan_row;
  AdwActionRow       *previous_row;
  GtkLabel           *product_label;
  AdwActionRow       *quantity_row;
  AdwActionRow       *recurring_row;
  GtkSearchEntry     *search_entry;
  GtkSpinner         *spinner;
  GtkStack           *stack;
  AdwActionRow       *status_row;
  GtkLabel           *status_tag;
  AdwActionRow       *trial_row;
  GtkLabel           *when_label;
};

G_DEFINE_FINAL_TYPE (BdSubscriptionsPage, bd_subscriptions_page, ADW_TYPE_BIN)

enum {
  SHOW_CUSTOMER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers: words for a subscription */

/* The status as a tag says it.  (transfer none) */
static const char *
describe_status (BdSubscription *subscription)
{
  return bd_status_word_of (subscription, BD_TYPE_SUBSCRIPTION_STATUS, "status");
}

static void
set_status_tag (GtkLabel       *tag,
                BdSubscription *subscription)
{
  bd_status_set_tag (tag, subscription, BD_TYPE_SUBSCRIPTION_STATUS, "status");
}

static gboolean
has_ended (BdSubscription *subscription)
{
  switch ((BdSubscriptionStatus) bd_model_get_enum (subscription, "status"))
    {
    case BD_SUBSCRIPTION_STATUS_CANCELLED:
    case BD_SUBSCRIPTION_STATUS_FAILED:
    case BD_SUBSCRIPTION_STATUS_EXPIRED:
      return TRUE;
    default:
      return FALSE;
    }
}

/* "3 Mar 2026", or "—".  (transfer full) */
static char *
format_day (GDateTime *when)
{
  /* TRANSLATORS: a day, strftime-like (g_date_time_format), e.g.
   * "3 Mar 2025" */
  return bd_format_date_or_dash (when, _("%-d %b %Y"));
}

/* "$29.00 / month", "$75.00 every 3 months": the amount of one billing
 * period.  (transfer full) */
static char *
describe_amount (BdSubscription *subscription)
{
  g_autofree char *amount = bd_format_money_or_dash (bd_model_get_money (subscription,
                                                                          "recurring-pre-tax-amount"));
  gint64 count = bd_model_get_int (subscription, "payment-frequency-count");
  guint n = (guint) CLAMP (count, 0, G_MAXUINT);

  if (n <= 1)
    {
      switch ((BdTimeInterval) bd_model_get_enum (subscription, "payment-frequency-interval"))
        {
        case BD_TIME_INTERVAL_DAY:
          /* TRANSLATORS: an amount billed each day, e.g. "$1.00 / day" */
          return g_strdup_printf (_("%s / day"), amount);
        case BD_TIME_INTERVAL_WEEK:
          /* TRANSLATORS: an amount billed each week, e.g. "$5.00 / week" */
          return g_strdup_printf (_("%s / week"), amount);
        case BD_TIME_INTERVAL_MONTH:
          /* TRANSLATORS: an amount billed each month, e.g. "$29.00 / month" */
          return g_strdup_printf (_("%s / month"), amount);
        case BD_TIME_INTERVAL_YEAR:
          /* TRANSLATORS: an amount billed each year, e.g. "$290.00 / year" */
          return g_strdup_printf (_("%s / year"), amount);
        case BD_TIME_INTERVAL_UNKNOWN:
        default:
          return g_steal_pointer (&amount);
        }
    }

  switch ((BdTimeInterval) bd_model_get_enum (subscription, "payment-frequency-interval"))
    {
    case BD_TIME_INTERVAL_DAY:
      /* TRANSLATORS: an amount, then a number of days */
      return g_strdup_printf (ngettext ("%s every %u day", "%s every %u days", n), amount, n);
    case BD_TIME_INTERVAL_WEEK:
      /* TRANSLATORS: an amount, then a number of weeks */
      return g_strdup_printf (ngettext ("%s every %u week", "%s every %u weeks", n), amount, n);
    case BD_TIME_INTERVAL_MONTH:
      /* TRANSLATORS: an amount, then a number of months */
      return g_strdup_printf (ngettext ("%s every %u month", "%s every %u months", n), amount, n);
    case BD_TIME_INTERVAL_YEAR:
      /* TRANSLATORS: an amount, then a number of years */
      return g_strdup_printf (ngettext ("%s every %u year", "%s every %u years", n), amount, n);
    case BD_TIME_INTERVAL_UNKNOWN:
    default:
      return g_steal_pointer (&amount);
    }
}

/* "3 days", "10 years": a span of @interval.  (transfer full) */
static char *
describe_span (BdTimeInterval interval,
               gint64         count,
               const char    *raw)
{
  guint n = (guint) CLAMP (count, 0, G_MAXUINT);

  switch (interval)
    {
    case BD_TIME_INTERVAL_DAY:
      return g_strdup_printf (ngettext ("%u day", "%u days", n), n);
    case BD_TIME_INTERVAL_WEEK:
      return g_strdup_printf (ngettext ("%u week", "%u weeks", n), n);
    case BD_TIME_INTERVAL_MONTH:
      return g_strdup_printf (ngettext ("%u month", "%u months", n), n);
    case BD_TIME_INTERVAL_YEAR:
      return g_strdup_printf (ngettext ("%u year", "%u years", n), n);
    case BD_TIME_INTERVAL_UNKNOWN:
    default:
      return g_strdup_printf ("%u %s", n, raw != NULL ? raw : "");
    }
}

/* "Every month", "Every 3 months, for 10 years".  (transfer full) */
static char *
describe_cadence (BdSubscription *subscription)
{
  BdTimeInterval interval = bd_model_get_enum (subscription, "payment-frequency-interval");
  gint64 count = bd_model_get_int (subscription, "payment-frequency-count");
  g_autofree char *every = NULL;
  g_autofree char *term = NULL;

  if (count <= 1 && interval == BD_TIME_INTERVAL_DAY)
    every = g_strdup (_("Every day"));
  else if (count <= 1 && interval == BD_TIME_INTERVAL_WEEK)
    every = g_strdup (_("Every week"));
  else if (count <= 1 && interval == BD_TIME_INTERVAL_MONTH)
    every = g_strdup (_("Every month"));
  else if (count <= 1 && interval == BD_TIME_INTERVAL_YEAR)
    every = g_strdup (_("Every year"));
  else
    {
      g_autofree char *span = describe_span (interval, count,
                                             bd_model_get_string (subscription, "payment-frequency-interval-raw"));

      /* TRANSLATORS: how often a subscription is billed, e.g. "Every 3 months" */
      every = g_strdup_printf (_("Every %s"), span);
    }

  if (bd_model_get_int (subscription, "subscription-period-count") <= 0)
    return g_steal_pointer (&every);
  term = describe_span (bd_model_get_enum (subscription, "subscription-period-interval"),
                        bd_model_get_int (subscription, "subscription-period-count"),
                        bd_model_get_string (subscription, "subscription-period-interval-raw"));
  /* TRANSLATORS: how often, then how long a subscription runs, e.g.
   * "Every month, for 10 years" */
  return g_strdup_printf (_("%s, for %s"), every, term);
}

/* When it bills next, or when it ended: the list's second line on the
 * right, and the words under the pane's amount.  (transfer full) */
static char *
describe_when (BdSubscription *subscription)
{
  g_autofree char *day = NULL;

  if (has_ended (subscription))
    {
      GDateTime *ended = bd_model_get_datetime (subscription, "cancelled-at");

      if (ended == NULL)
        ended = bd_model_get_datetime (subscription, "expires-at");
      if (ended == NULL)
        return g_strdup (_("Ended"));
      day = format_day (ended);
      /* TRANSLATORS: the day a subscription ended, e.g. "Ended 3 Mar 2026" */
      return g_strdup_printf (_("Ended %s"), day);
    }

  if (bd_model_get_enum (subscription, "status") == BD_SUBSCRIPTION_STATUS_PAUSED)
    {
      GDateTime *paused = bd_model_get_datetime (subscription, "paused-at");

      if (paused == NULL)
        return g_strdup (C_("subscription status", "Paused"));
      day = format_day (paused);
      /* TRANSLATORS: the day a subscription was paused, e.g. "Paused 3 Mar 2026" */
      return g_strdup_printf (_("Paused %s"), day);
    }

  day = format_day (bd_model_get_datetime (subscription, "next-billing-date"));
  if (bd_model_get_boolean (subscription, "cancel-at-next-billing-date"))
    /* TRANSLATORS: the day a subscription will end, e.g. "Ends 3 Apr 2026" */
    return g_strdup_printf (_("Ends %s"), day);
  /* TRANSLATORS: the next billing day, e.g. "Renews 3 Apr 2026" */
  return g_strdup_printf (_("Renews %s"), day);
}

/* "Ada Lovelace", or the email when there is no name.  (transfer none) */
static const char *
customer_title (BdSubscription *subscription)
{
  const char *name = bd_model_get_string (subscription, "customer-name");

  if (name != NULL && name[0] != '\0')
    return name;
  name = bd_model_get_string (subscription, "customer-email");
  return name != NULL ? name : _("Unknown customer");
}

static const char *
product_title (BdSubscription *subscription)
{
  const char *name = bd_model_get_string (subscription, "product-name");

  if (name != NULL && name[0] != '\0')
    return name;
  name = bd_model_get_string (subscription, "product-id");
  return name != NULL ? name : _("Unknown product");
}

static void
set_row (AdwActionRow *row,
         const char   *subtitle)
{
  adw_action_row_set_subtitle (row, subtitle != NULL && subtitle[0] != '\0' ? subtitle : "—");
}

/* Helpers: the page */

static void update_detail (BdSubscriptionsPage *self);

/* Which of the stack's states fits the model now. */
static void
update_state (BdSubscriptionsPage *self)
{
  const char *state;

  g_assert (BD_IS_SUBSCRIPTIONS_PAGE (self));

  state = bd_list_state (self->model, *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0');
  if (g_str_equal (state, "error"))
    {
      g_warning ("Could not read the subscriptions: %s", bd_query_model_get_error (self->model)->message);
      adw_status_page_set_description (self->error_page,
                                       _("The offline copy of this account could not be read. Syncing again may repair it."));
    }

  gtk_spinner_set_spinning (self->spinner, g_str_equal (state, "loading"));
  gtk_stack_set_visible_child_name (self->stack, state);
  if (self->shown == NULL)
    update_detail (self);
}

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
  if (subscription == NULL)
    {
      /* "Select a Subscription" only when there is one to select. */
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->detail_stack), "missing") != 0)
        gtk_stack_set_visible_child_name (self->detail_stack,
                                          self->model != NULL &&
                                          g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0
                                          ? "none" : "blank");
      return;
    }

  gtk_label_set_text (self->product_label, product_title (subscription));
  amount = describe_amount (subscription);
  gtk_label_set_text (self->amount_label, amount);
  set_status_tag (self->status_tag, subscription);
  when = describe_when (subscription);
  gtk_label_set_text (self->when_label, when);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->customer_row), customer_title (subscription));
  email = bd_model_get_string (subscription, "customer-email");
  set_row (self->customer_row, g_strcmp0 (email, customer_title (subscription)) != 0 ? email : NULL);

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
  cadence = describe_cadence (subscription);
  set_row (self->cadence_row, cadence);
  next = format_day (bd_model_get_datetime (subscription, "next-billing-date"));
  set_row (self->next_row, next);
  previous = format_day (bd_model_get_datetime (subscription, "previous-billing-date"));
  set_row (self->previous_row, previous);
  set_row (self->cancel_row, bd_model_get_boolean (subscription, "cancel-at-next-billing-date")
                             ? _("Yes") : _("No"));
  trial_days = bd_model_get_int (subscription, "trial-period-days");
  trial = trial_days > 0 ? describe_span (BD_TIME_INTERVAL_DAY, trial_days, NULL)
                         : g_strdup (_("None"));
  set_row (self->trial_row, trial);

  status = has_ended (subscription) || bd_model_get_enum (subscription, "status") == BD_SUBSCRIPTION_STATUS_PAUSED
    /* TRANSLATORS: a subscription status, then when it ended or paused:
     * "Cancelled · Ended 3 Mar 2026" */
    ? g_strdup_printf (_("%s · %s"), describe_status (subscription), when)
    : g_strdup (describe_status (subscription));
  set_row (self->status_row, status);
  set_row (self->plan_row, product_title (subscription));
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

static void
clear_model (BdSubscriptionsPage *self)
{
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  show_in_pane (self, NULL);
}

/* List rows: the product with its status tag over the customer on the
 * left, the amount per period over when it renews on the right. */

static void
update_row (GtkListItem *item)
{
  BdSubscription *subscription = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);
  GtkWidget *texts = gtk_widget_get_first_child (row);
  GtkWidget *title = gtk_widget_get_first_child (texts);
  GtkWidget *product = gtk_widget_get_first_child (title);
  GtkWidget *tag = gtk_widget_get_next_sibling (product);
  GtkWidget *customer = gtk_widget_get_next_sibling (title);
  GtkWidget *numbers = gtk_widget_get_next_sibling (texts);
  GtkWidget *amount = gtk_widget_get_first_child (numbers);
  GtkWidget *when = gtk_widget_get_next_sibling (amount);
  const char *name, *email;
  g_autofree char *who = NULL;
  g_autofree char *amount_text = NULL;
  g_autofree char *when_text = NULL;

  if (subscription == NULL)
    return;

  name = bd_model_get_string (subscription, "customer-name");
  email = bd_model_get_string (subscription, "customer-email");
  if (name != NULL && name[0] != '\0' && email != NULL && email[0] != '\0')
    /* TRANSLATORS: a customer's name and email in a list row */
    who = g_strdup_printf (_("%s · %s"), name, email);
  else
    who = g_strdup (customer_title (subscription));
  amount_text = describe_amount (subscription);
  when_text = describe_when (subscription);

  gtk_label_set_text (GTK_LABEL (product), product_title (subscription));
  set_status_tag (GTK_LABEL (tag), subscription);
  gtk_label_set_text (GTK_LABEL (customer), who);
  gtk_label_set_text (GTK_LABEL (amount), amount_text);
  gtk_label_set_text (GTK_LABEL (when), when_text);
}

static GtkWidget *
row_label (const char *css_class,
           float       xalign)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *numbers = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *tag = gtk_label_new (NULL);
  GtkWidget *customer = row_label ("subscription-customer", 0);
  GtkWidget *amount = row_label ("subscription-amount", 1);
  GtkWidget *when = row_label ("subscription-when", 1);

  gtk_widget_add_css_class (row, "subscription-row");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  /* The tag follows the product's name, which gives way first. */
  gtk_widget_set_halign (title, GTK_ALIGN_START);
  gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (tag, "status-tag");
  gtk_widget_add_css_class (customer, "dim-label");
  gtk_widget_set_valign (numbers, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (amount, "numeric");
  gtk_widget_add_css_class (when, "dim-label");
  gtk_widget_add_css_class (when, "numeric");

  gtk_box_append (GTK_BOX (title), row_label ("subscription-product", 0));
  gtk_box_append (GTK_BOX (title), tag);
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), customer);
  gtk_box_append (GTK_BOX (numbers), amount);
  gtk_box_append (GTK_BOX (numbers), when);
  gtk_box_append (GTK_BOX (row), texts);
  gtk_box_append (GTK_BOX (row), numbers);
  gtk_list_item_set_child (item, row);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  GObject *subscription = gtk_list_item_get_item (item);
  gulong id;

  update_row (item);
  /* A refresh updates the object in place: follow it. */
  id = g_signal_connect_swapped (subscription, "notify", G_CALLBACK (update_row), item);
  g_object_set_data (G_OBJECT (item), "bd-notify-id", GSIZE_TO_POINTER (id));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GObject *subscription = gtk_list_item_get_item (item);
  gulong id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (item), "bd-notify-id"));

  if (subscription != NULL && id != 0)
    g_signal_handler_disconnect (subscription, id);
  g_object_set_data (G_OBJECT (item), "bd-notify-id", NULL);
}

/* Callbacks */

static void
selection_changed_cb (BdSubscriptionsPage *self)
{
  g_assert (BD_IS_SUBSCRIPTIONS_PAGE (self));

  show_in_pane (self, gtk_single_selection_get_selected_item (self->selection));
}

static void
row_activated_cb (BdSubscriptionsPage *self,
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
folded_changed_cb (BdSubscriptionsPage *self)
{
  gtk_list_view_set_single_click_activate (self->list_view, adw_leaflet_get_folded (self->leaflet));
}

static void
search_changed_cb (BdSubscriptionsPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_assert (BD_IS_SUBSCRIPTIONS_PAGE (self));

  if (self->model != NULL)
    bd_query_model_set_search (self->model, text);
  update_state (self);
  /* Typed while only the pane was shown: the matches are what matters. */
  if (text[0] != '\0')
    adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
}

static void
stop_search_cb (BdSubscriptionsPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

/* Enter in the search: on to the list, at the first match. */
static void
search_activate_cb (BdSubscriptionsPage *self)
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

/* Ctrl+F (win.search): the search, with the list, even when only the
 * pane was shown. */
static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BdSubscriptionsPage *self = BD_SUBSCRIPTIONS_PAGE (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static void
show_customer_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  BdSubscriptionsPage *self = BD_SUBSCRIPTIONS_PAGE (widget);
  const char *customer_id = self->shown != NULL ? bd_model_get_string (self->shown, "customer-id") : NULL;

  if (customer_id != NULL)
    g_signal_emit (self, signals[SHOW_CUSTOMER], 0, customer_id);
}

/* GObject overrides */

static void
bd_subscriptions_page_dispose (GObject *object)
{
  BdSubscriptionsPage *self = BD_SUBSCRIPTIONS_PAGE (object);

  clear_model (self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->pending_id, g_free);
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

  object_class->dispose = bd_subscriptions_page_dispose;

  signals[SHOW_CUSTOMER] =
    g_signal_new ("show-customer", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/subscriptions/bd-subscriptions-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, amount_label);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, cadence_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, cancel_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, created_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, customer_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, detail_pane);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, id_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, list_pane);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, missing_page);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, next_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, plan_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, previous_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, product_label);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, quantity_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, recurring_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, status_tag);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, trial_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionsPage, when_label);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);

  gtk_widget_class_install_action (widget_class, "page.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "subscriptions.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "subscriptions.show-customer", NULL, show_customer_action);
}

static void
bd_subscriptions_page_init (BdSubscriptionsPage *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

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

  /* Typing anywhere on the page searches. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  folded_changed_cb (self);
  update_state (self);
  update_detail (self);
}

/* Public API */

GtkWidget *
bd_subscriptions_page_new (void)
{
  return g_object_new (BD_TYPE_SUBSCRIPTIONS_PAGE, NULL);
}

/**
 * bd_subscriptions_page_set_data:
 * @account: (nullable): the open account, or %NULL for none
 * @store: (nullable): the main thread's read connection on its cache
 * @client: (nullable): its client (unused here for now: subscriptions
 *   are only read)
 *
 * Shows @store's subscriptions at once.
 */
void
bd_subscriptions_page_set_data (BdSubscriptionsPage *self,
                                BdAccount           *account,
                                BdStore             *store,
                                BdDodoClient        *client)
{
  g_autofree char *pending = NULL;

  g_return_if_fail (BD_IS_SUBSCRIPTIONS_PAGE (self));
  g_return_if_fail (store == NULL || BD_IS_STORE (store));

  if (store == self->store)
    return;

  clear_model (self);
  gtk_stack_set_visible_child_name (self->detail_stack, "blank");
  g_set_object (&self->store, store);

  /* Another account: its own search. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");

  if (store != NULL)
    {
      self->model = bd_query_model_new (store, "subscriptions");
      g_signal_connect_object (self->model, "items-changed", G_CALLBACK (update_state),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (update_state),
                               self, G_CONNECT_SWAPPED);
      self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
      gtk_single_selection_set_autoselect (self->selection, FALSE);
      gtk_single_selection_set_can_unselect (self->selection, TRUE);
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (selection_changed_cb),
                               self, G_CONNECT_SWAPPED);
      gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
    }

  update_state (self);

  pending = g_steal_pointer (&self->pending_id);
  if (pending != NULL && store != NULL)
    bd_subscriptions_page_show_subscription (self, pending);
}

/**
 * bd_subscriptions_page_refresh:
 *
 * The cache changed: the list updates in place, keeping the scroll
 * position and the selection.
 */
void
bd_subscriptions_page_refresh (BdSubscriptionsPage *self)
{
  g_return_if_fail (BD_IS_SUBSCRIPTIONS_PAGE (self));

  if (self->model != NULL)
    bd_query_model_refresh (self->model);
}

/**
 * bd_subscriptions_page_show_subscription:
 * @subscription_id: a subscription's id
 *
 * Selects the subscription in the list, scrolled into view, and shows it
 * in the detail pane (on a narrow window, the pane alone): what "jump to
 * the subscription" from an invoice shows.  A search that would hide it
 * is cleared first.  When it is not in the offline copy (yet), the pane
 * says so.
 */
void
bd_subscriptions_page_show_subscription (BdSubscriptionsPage *self,
                                         const char          *subscription_id)
{
  guint position;

  g_return_if_fail (BD_IS_SUBSCRIPTIONS_PAGE (self));
  g_return_if_fail (subscription_id != NULL);

  if (self->model == NULL)
    {
      /* The cache is not open yet: once it is. */
      g_free (self->pending_id);
      self->pending_id = g_strdup (subscription_id);
      return;
    }

  position = bd_query_model_find (self->model, subscription_id);
  if (position == G_MAXUINT && *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    {
      /* The entry's own "search-changed" comes later: search all now. */
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      bd_query_model_set_search (self->model, NULL);
      update_state (self);
      position = bd_query_model_find (self->model, subscription_id);
    }

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
                                       "It appears here after the next sync."), subscription_id);
      adw_status_page_set_description (self->missing_page, description);
      gtk_stack_set_visible_child_name (self->detail_stack, "missing");
    }
  adw_leaflet_set_visible_child (self->leaflet, self->detail_pane);
}
