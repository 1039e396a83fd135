/* bd-subscription-text.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bd-enums.h"
#include "bd-subscription.h"

G_BEGIN_DECLS

/* Words for a subscription, shared by the Subscriptions page's list rows
 * and detail pane.  (transfer none) for const char *, (transfer full) for
 * char *. */

const char *bd_subscription_describe_status  (BdSubscription *subscription);
void        bd_subscription_set_status_tag   (GtkLabel       *tag,
                                              BdSubscription *subscription);
gboolean    bd_subscription_has_ended        (BdSubscription *subscription);
char       *bd_subscription_describe_amount  (BdSubscription *subscription);
char       *bd_subscription_describe_span    (BdTimeInterval  interval,
                                              gint64          count,
                                              const char     *raw);
char       *bd_subscription_describe_cadence (BdSubscription *subscription);
char       *bd_subscription_describe_when    (BdSubscription *subscription);
const char *bd_subscription_customer_title   (BdSubscription *subscription);
const char *bd_subscription_product_title    (BdSubscription *subscription);

G_END_DECLS
