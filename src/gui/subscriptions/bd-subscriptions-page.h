/* bd-subscriptions-page.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-list-page.h"

G_BEGIN_DECLS

/* The Subscriptions page: the list beside a detail pane.  Its customer
 * row opens the customer (win.show-customer); win.show-subscription
 * selects and shows one. */

#define BD_TYPE_SUBSCRIPTIONS_PAGE (bd_subscriptions_page_get_type ())

G_DECLARE_FINAL_TYPE (BdSubscriptionsPage, bd_subscriptions_page, BD, SUBSCRIPTIONS_PAGE, BdListPage)

GtkWidget *bd_subscriptions_page_new (void);

G_END_DECLS
