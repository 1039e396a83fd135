/* bd-subscription-actions.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-account.h"
#include "bd-subscription.h"
#include "bd-writer.h"

G_BEGIN_DECLS

/*
 * What the Subscriptions page and its dialogs share about the actions on
 * one subscription: which are valid in its state, the live-mode question,
 * Dodo's refusal in its words, and the three writes that need no form
 * (pause, resume, undo a scheduled cancellation).
 *
 * Verbs (the page's actions are "subscriptions." + verb): "cancel",
 * "undo-cancel", "pause", "resume", "change-plan", "charge",
 * "copy-portal-link", "email-portal-link", "copy-payment-method-link".
 */

gboolean    bd_subscription_action_is_valid   (BdSubscription  *subscription,
                                               const char      *verb);

/* The customer, the plan and its amount, as a live-mode question names
 * them: "Ada Lovelace · Pro × 2 · $20.00 / month".  (transfer full) */
char       *bd_subscription_describe_who_what (BdSubscription  *subscription);

/* Dodo's refusal (or why nothing was sent) in its words, with its code;
 * a refused or read-only key and a missing connection in the words the
 * rest of the app uses.  @what: "The subscription was not paused".
 * (transfer full) */
char       *bd_subscription_describe_refusal  (BdAccount       *account,
                                               const GError    *error,
                                               const char      *what);

typedef void (*BdSubscriptionConfirmed) (gpointer user_data);

/* In live mode asks first over @parent (an AdwMessageDialog whose heading
 * is @heading and whose body names the customer, the plan, the amount and
 * @effect), then calls @confirmed; declining calls nothing.  In test and
 * sandbox mode @confirmed runs at once.  @destroy frees @user_data either
 * way. */
void        bd_subscription_confirm           (GtkWidget               *parent,
                                               BdAccount               *account,
                                               BdSubscription          *subscription,
                                               const char              *heading,
                                               const char              *effect,
                                               const char              *response_label,
                                               gboolean                 destructive,
                                               BdSubscriptionConfirmed  confirmed,
                                               gpointer                 user_data,
                                               GDestroyNotify           destroy);

typedef enum
{
  BD_SUBSCRIPTION_SIMPLE_PAUSE,
  BD_SUBSCRIPTION_SIMPLE_RESUME,
  BD_SUBSCRIPTION_SIMPLE_UNDO_CANCEL,
} BdSubscriptionSimple;

/* Pause, resume or undo a scheduled cancellation of @subscription: asked
 * first in live mode (bd_subscription_confirm ()), then written with
 * @writer.  Finish returns the outcome (transfer full), or NULL with the
 * writer's error, or G_IO_ERROR_CANCELLED when the person declined. */
void            bd_subscription_run_simple_async  (GtkWidget            *parent,
                                                   BdAccount            *account,
                                                   BdWriter             *writer,
                                                   BdSubscription       *subscription,
                                                   BdSubscriptionSimple  action,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
BdWriteOutcome *bd_subscription_run_simple_finish (GAsyncResult         *result,
                                                   GError              **error);
/* What came of it, for a toast: "Subscription paused", or the refusal.
 * (transfer full) */
char           *bd_subscription_describe_simple   (BdAccount            *account,
                                                   BdSubscriptionSimple  action,
                                                   BdWriteOutcome       *outcome,
                                                   const GError         *error);

G_END_DECLS
