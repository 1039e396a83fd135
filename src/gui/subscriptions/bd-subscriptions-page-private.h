/* bd-subscriptions-page-private.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-subscription.h"
#include "bd-subscriptions-page.h"

G_BEGIN_DECLS

/* What bd-subscriptions-page.c (the list and the pane) and
 * bd-subscriptions-page-actions.c (the pane's actions) share. */

struct _BdSubscriptionsPage
{
  BdListPage           parent_instance;

  GtkSingleSelection  *selection;
  BdSubscription      *shown;        /* the detail pane's subscription */
  GCancellable        *cancellable;  /* the portal and payment-method link requests */

  /* Template widgets */
  AdwPreferencesGroup *actions_group;
  GtkLabel            *amount_label;
  AdwActionRow        *cadence_row;
  AdwActionRow        *cancel_action_row;
  AdwActionRow        *cancel_row;
  AdwActionRow        *change_plan_row;
  AdwActionRow        *charge_row;
  AdwActionRow        *created_row;
  AdwActionRow        *customer_row;
  GtkWidget           *detail_pane;
  GtkStack            *detail_stack;
  AdwActionRow        *email_portal_row;
  AdwStatusPage       *error_page;
  AdwActionRow        *id_row;
  AdwLeaflet          *leaflet;
  GtkWidget           *list_pane;
  GtkListView         *list_view;
  AdwStatusPage       *missing_page;
  AdwActionRow        *next_row;
  AdwActionRow        *pause_row;
  AdwActionRow        *payment_method_row;
  AdwActionRow        *plan_row;
  AdwActionRow        *portal_row;
  AdwActionRow        *previous_row;
  GtkLabel            *product_label;
  AdwActionRow        *quantity_row;
  AdwActionRow        *recurring_row;
  AdwActionRow        *resume_row;
  GtkSearchEntry      *search_entry;
  GtkSpinner          *spinner;
  GtkStack            *stack;
  AdwActionRow        *status_row;
  GtkLabel            *status_tag;
  AdwActionRow        *trial_row;
  AdwActionRow        *undo_cancel_row;
  GtkLabel            *when_label;
};

/* bd-subscriptions-page-actions.c: installs the subscriptions.* actions of
 * the pane (cancel, undo-cancel, pause, resume, change-plan, charge,
 * copy-portal-link, email-portal-link, copy-payment-method-link). */
void _bd_subscriptions_page_class_actions_init (GtkWidgetClass      *widget_class);
/* Shows and enables the actions valid for the shown subscription. */
void _bd_subscriptions_page_update_actions     (BdSubscriptionsPage *self);

G_END_DECLS
