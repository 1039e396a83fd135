/* bd-subscription-dialog.h
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
#include "bd-subscription.h"

G_BEGIN_DECLS

/*
 * BdSubscriptionDialog: the modal window of a subscription action that
 * needs a form — Cancel… (now or at the next billing date, who asked,
 * Dodo's feedback choices, a comment), Change Plan… (a cached recurring
 * product of the subscription's currency, quantity, proration, when, what
 * if the payment fails; Dodo's preview, shown before anything can be sent,
 * again after each change) and Charge Now… (an amount parsed with BdMoney,
 * refused at the field; a description).  In live mode it asks first
 * (bd_subscription_confirm ()); the write goes through BdWriter; Dodo's
 * refusal stays in the form in its words; what came of it is its status
 * page.
 *
 * Signal "written" (BdWriteOutcome): the write happened and the cache holds
 * what it re-read (the page then refreshes).
 */

typedef enum
{
  BD_SUBSCRIPTION_DIALOG_CANCEL,
  BD_SUBSCRIPTION_DIALOG_CHANGE_PLAN,
  BD_SUBSCRIPTION_DIALOG_CHARGE,
} BdSubscriptionDialogMode;

#define BD_TYPE_SUBSCRIPTION_DIALOG (bd_subscription_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BdSubscriptionDialog, bd_subscription_dialog, BD, SUBSCRIPTION_DIALOG, AdwWindow)

/* @store: the main thread's reader (the products; the writer's path). */
BdSubscriptionDialog *bd_subscription_dialog_new (GtkWindow                *parent,
                                                  BdAccount                *account,
                                                  BdStore                  *store,
                                                  BdDodoClient             *client,
                                                  BdSubscription           *subscription,
                                                  BdSubscriptionDialogMode  mode);

G_END_DECLS
