/* bd-subscriptions-page.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-account.h"
#include "bd-dodo-client.h"
#include "bd-store.h"

G_BEGIN_DECLS

#define BD_TYPE_SUBSCRIPTIONS_PAGE (bd_subscriptions_page_get_type ())

G_DECLARE_FINAL_TYPE (BdSubscriptionsPage, bd_subscriptions_page, BD, SUBSCRIPTIONS_PAGE, AdwBin)

/* The Subscriptions page: every cached subscription (newest first) with
 * its status as a coloured tag, product, customer, amount per period and
 * next billing date, a search as you type (ids, customer names and
 * emails, product names: BdQueryModel's full-text search), and a detail
 * pane for the selected one.  The list and the pane sit side by side on a
 * wide window and one at a time on a narrow one.  States: loading, the
 * list, "No subscriptions yet", "No subscriptions match", and an error
 * when the cache cannot be read.  The page contract (see HACKING.md, "The
 * window and sync"): set_data, then refresh after each committed sync.
 *
 * Signals:
 *   "show-customer" (const char *customer_id): the pane's customer row
 *       was activated.
 */
GtkWidget *bd_subscriptions_page_new      (void);
void       bd_subscriptions_page_set_data (BdSubscriptionsPage *self,
                                           BdAccount           *account,
                                           BdStore             *store,
                                           BdDodoClient        *client);
void       bd_subscriptions_page_refresh  (BdSubscriptionsPage *self);
void       bd_subscriptions_page_show_subscription (BdSubscriptionsPage *self,
                                                    const char          *subscription_id);

G_END_DECLS
