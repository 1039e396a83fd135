/* bd-subscription-actions.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-subscription-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-dodo-error.h"
#include "bd-format.h"
#include "bd-key-check.h"
#include "bd-subscription-actions.h"
#include "bd-subscription-text.h"

/* Helpers */

static gboolean
is_verb (const char *verb,
         const char *name)
{
  return g_strcmp0 (verb, name) == 0;
}

/* Public API: what is valid */

/**
 * bd_subscription_action_is_valid:
 *
 * What Dodo allows in the subscription's state (dodo-api.md §3.3): a plan
 * change and a pause only while active (a plan change never on demand),
 * a charge only for an active on-demand one, resuming a paused or an
 * on_hold one, cancelling until it has ended, undoing only a scheduled
 * cancellation; the links while it has a customer.
 */
gboolean
bd_subscription_action_is_valid (BdSubscription *subscription,
                                 const char     *verb)
{
  BdSubscriptionStatus status;
  gboolean scheduled;
  gboolean on_demand;

  g_return_val_if_fail (BD_IS_SUBSCRIPTION (subscription), FALSE);

  status = bd_model_get_enum (subscription, "status");
  scheduled = bd_model_get_boolean (subscription, "cancel-at-next-billing-date");
  on_demand = bd_model_get_boolean (subscription, "on-demand");

  if (is_verb (verb, "cancel"))
    return !bd_subscription_has_ended (subscription);
  if (is_verb (verb, "undo-cancel"))
    return scheduled && !bd_subscription_has_ended (subscription);
  if (is_verb (verb, "pause"))
    return status == BD_SUBSCRIPTION_STATUS_ACTIVE;
  if (is_verb (verb, "resume"))
    return status == BD_SUBSCRIPTION_STATUS_PAUSED || status == BD_SUBSCRIPTION_STATUS_ON_HOLD;
  if (is_verb (verb, "change-plan"))
    return status == BD_SUBSCRIPTION_STATUS_ACTIVE && !on_demand;
  if (is_verb (verb, "charge"))
    return status == BD_SUBSCRIPTION_STATUS_ACTIVE && on_demand;
  if (is_verb (verb, "copy-portal-link") || is_verb (verb, "email-portal-link"))
    return bd_model_get_string (subscription, "customer-id") != NULL;
  if (is_verb (verb, "copy-payment-method-link"))
    return !bd_subscription_has_ended (subscription) && status != BD_SUBSCRIPTION_STATUS_PAUSED;
  g_return_val_if_reached (FALSE);
}

/* Public API: words */

char *
bd_subscription_describe_who_what (BdSubscription *subscription)
{
  g_autofree char *amount = NULL;
  gint64 quantity;

  g_return_val_if_fail (BD_IS_SUBSCRIPTION (subscription), NULL);

  amount = bd_subscription_describe_amount (subscription);
  quantity = bd_model_get_int (subscription, "quantity");
  if (quantity > 1)
    /* Translators: a customer, a plan, how many, its amount: "Ada Lovelace · Pro × 2 · $20.00 / month" */
    return g_strdup_printf (_("%s · %s × %d · %s"), bd_subscription_customer_title (subscription),
                            bd_subscription_product_title (subscription), (int) MIN (quantity, G_MAXINT),
                            amount);
  /* Translators: a customer, a plan, its amount: "Ada Lovelace · Pro · $10.00 / month" */
  return g_strdup_printf (_("%s · %s · %s"), bd_subscription_customer_title (subscription),
                          bd_subscription_product_title (subscription), amount);
}

char *
bd_subscription_describe_refusal (BdAccount    *account,
                                  const GError *error,
                                  const char   *what)
{
  const char *code = bd_dodo_error_get_code (error);
  const char *words = bd_dodo_error_get_server_message (error);

  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, BD_DODO_ERROR, BD_DODO_ERROR_UNAUTHORIZED) ||
      g_error_matches (error, BD_DODO_ERROR, BD_DODO_ERROR_FORBIDDEN) ||
      g_error_matches (error, BD_DODO_ERROR, BD_DODO_ERROR_NETWORK) ||
      g_error_matches (error, BD_DODO_ERROR, BD_DODO_ERROR_TLS))
    return bd_key_check_describe_error (error, bd_account_get_mode (account), FALSE, TRUE);
  if (g_error_matches (error, BD_WRITER_ERROR, BD_WRITER_ERROR_NOT_RECEIVED))
    /* Translators: what was not done, e.g. "The subscription was not paused" */
    return g_strdup_printf (_("%s: the connection dropped before Dodo Payments received it. "
                              "Nothing was changed; you can try again."), what);
  if (g_error_matches (error, BD_WRITER_ERROR, BD_WRITER_ERROR_UNKNOWN))
    return g_strdup (_("The connection dropped after the change was sent, and the subscription "
                       "could not be read back. Check it after the next sync before trying again."));

  if (words == NULL)
    words = error->message;
  if (code != NULL)
    /* Translators: what was not done, Dodo Payments' explanation, its error code */
    return g_strdup_printf (_("%s. Dodo Payments said: %s (%s)"), what, words, code);
  /* Translators: what was not done, then why */
  return g_strdup_printf (_("%s: %s"), what, words);
}

/* Public API: asking first */

typedef struct
{
  BdSubscriptionConfirmed  confirmed;
  gpointer                 user_data;
  GDestroyNotify           destroy;
  char                    *response;
} Confirm;

static void
confirm_free (Confirm *confirm)
{
  if (confirm->destroy != NULL)
    confirm->destroy (confirm->user_data);
  g_free (confirm->response);
  g_free (confirm);
}

static void
on_confirm_dialog_response_cb (AdwMessageDialog *dialog,
                               const char       *response,
                               Confirm          *confirm)
{
  if (g_strcmp0 (response, confirm->response) == 0)
    confirm->confirmed (confirm->user_data);
}

void
bd_subscription_confirm (GtkWidget               *parent,
                         BdAccount               *account,
                         BdSubscription          *subscription,
                         const char              *heading,
                         const char              *effect,
                         const char              *response_label,
                         gboolean                 destructive,
                         BdSubscriptionConfirmed  confirmed,
                         gpointer                 user_data,
                         GDestroyNotify           destroy)
{
  Confirm *confirm;
  g_autofree char *who_what = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (BD_IS_ACCOUNT (account));
  g_return_if_fail (BD_IS_SUBSCRIPTION (subscription));
  g_return_if_fail (confirmed != NULL);

  if (bd_account_get_mode (account) != BD_ACCOUNT_MODE_LIVE)
    {
      confirmed (user_data);
      if (destroy != NULL)
        destroy (user_data);
      return;
    }

  confirm = g_new0 (Confirm, 1);
  confirm->confirmed = confirmed;
  confirm->user_data = user_data;
  confirm->destroy = destroy;
  confirm->response = g_strdup ("confirm");

  who_what = bd_subscription_describe_who_what (subscription);
  /* Translators: the customer, plan and amount; what the action does */
  body = g_strdup_printf (_("%s\n\n%s\n\nThis is a live account: it applies to a real customer."),
                          who_what, effect);
  root = gtk_widget_get_root (parent);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "confirm", response_label, NULL);
  adw_message_dialog_set_response_appearance (dialog, "confirm",
                                              destructive ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_confirm_dialog_response_cb), confirm,
                         (GClosureNotify) (void (*) (void)) confirm_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Public API: pause, resume, undo */

typedef struct
{
  BdWriter             *writer;
  BdSubscription       *subscription;
  BdSubscriptionSimple  action;
} Simple;

static void
simple_free (Simple *simple)
{
  g_clear_object (&simple->writer);
  g_clear_object (&simple->subscription);
  g_free (simple);
}

static void
on_simple_written_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  BdWriteOutcome *outcome = bd_writer_run_finish (BD_WRITER (object), result, &error);

  if (outcome == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, outcome, (GDestroyNotify) bd_write_outcome_unref);
}

static void
send_simple (gpointer user_data)
{
  GTask *task = user_data;
  Simple *simple = g_task_get_task_data (task);
  const char *id = bd_model_get_string (simple->subscription, "subscription-id");
  g_autoptr(BdWrite) write = NULL;

  switch (simple->action)
    {
    case BD_SUBSCRIPTION_SIMPLE_PAUSE:
      write = bd_write_new_subscription_pause (id, TRUE);
      break;
    case BD_SUBSCRIPTION_SIMPLE_RESUME:
      write = bd_write_new_subscription_pause (id, FALSE);
      break;
    case BD_SUBSCRIPTION_SIMPLE_UNDO_CANCEL:
    default:
      write = bd_write_new_subscription_undo_cancel (id);
      break;
    }
  g_object_set_data (G_OBJECT (task), "confirmed", GINT_TO_POINTER (TRUE));
  bd_writer_run_async (simple->writer, write, NULL, on_simple_written_cb, g_object_ref (task));
}

/* Declined (the question went without a "confirmed"): the task ends
 * cancelled. */
static void
end_simple (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;

  if (!GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "confirmed")))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Declined");
}

void
bd_subscription_run_simple_async (GtkWidget            *parent,
                                  BdAccount            *account,
                                  BdWriter             *writer,
                                  BdSubscription       *subscription,
                                  BdSubscriptionSimple  action,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *effect = NULL;
  g_autofree char *next = NULL;
  Simple *simple;
  const char *label;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (BD_IS_WRITER (writer));
  g_return_if_fail (BD_IS_SUBSCRIPTION (subscription));

  task = g_task_new (NULL, NULL, callback, user_data);
  g_task_set_source_tag (task, bd_subscription_run_simple_async);
  simple = g_new0 (Simple, 1);
  simple->writer = g_object_ref (writer);
  simple->subscription = g_object_ref (subscription);
  simple->action = action;
  g_task_set_task_data (task, simple, (GDestroyNotify) simple_free);

  next = bd_format_day_or_dash (bd_model_get_datetime (subscription, "next-billing-date"));
  switch (action)
    {
    case BD_SUBSCRIPTION_SIMPLE_PAUSE:
      heading = g_strdup (_("Pause This Subscription?"));
      effect = g_strdup (_("No payments are taken while it is paused, until it is resumed."));
      label = _("_Pause");
      break;
    case BD_SUBSCRIPTION_SIMPLE_RESUME:
      heading = g_strdup (_("Resume This Subscription?"));
      effect = g_strdup (_("It becomes active again, and its payments are taken from the next billing date."));
      label = _("_Resume");
      break;
    case BD_SUBSCRIPTION_SIMPLE_UNDO_CANCEL:
    default:
      heading = g_strdup (_("Keep This Subscription?"));
      /* Translators: a day */
      effect = g_strdup_printf (_("The scheduled cancellation is undone: it renews on %s as before."), next);
      label = _("_Keep Subscription");
      break;
    }
  /* The task goes to the question: the first step sends, the destroy ends
   * a declined one. */
  bd_subscription_confirm (parent, account, subscription, heading, effect, label, FALSE,
                           send_simple, g_steal_pointer (&task), end_simple);
}

BdWriteOutcome *
bd_subscription_run_simple_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bd_subscription_run_simple_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
bd_subscription_describe_simple (BdAccount            *account,
                                 BdSubscriptionSimple  action,
                                 BdWriteOutcome       *outcome,
                                 const GError         *error)
{
  const char *done;
  const char *not_done;

  switch (action)
    {
    case BD_SUBSCRIPTION_SIMPLE_PAUSE:
      done = _("Subscription paused");
      not_done = _("The subscription was not paused");
      break;
    case BD_SUBSCRIPTION_SIMPLE_RESUME:
      done = _("Subscription resumed");
      not_done = _("The subscription was not resumed");
      break;
    case BD_SUBSCRIPTION_SIMPLE_UNDO_CANCEL:
    default:
      done = _("The scheduled cancellation was undone");
      not_done = _("The scheduled cancellation was not undone");
      break;
    }
  if (outcome == NULL)
    return bd_subscription_describe_refusal (account, error, not_done);
  if (bd_write_outcome_get_cache_error (outcome) != NULL)
    /* Translators: what was done; the offline copy catches up later */
    return g_strdup_printf (_("%s; Billing Desk shows it after the next sync"), done);
  if (bd_write_outcome_was_read_back (outcome))
    /* Translators: what was done, though its answer was lost */
    return g_strdup_printf (_("%s (the connection dropped, but Dodo Payments has it; it was not sent again)"),
                            done);
  return g_strdup (done);
}
