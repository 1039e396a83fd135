/* bd-subscriptions-page-actions.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-subscriptions-page"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-dodo-api.h"
#include "bd-dodo-error.h"
#include "bd-list-page.h"
#include "bd-subscription-actions.h"
#include "bd-subscription-dialog.h"
#include "bd-subscription-text.h"
#include "bd-subscriptions-page-private.h"
#include "bd-toast.h"
#include "bd-writer.h"

/*
 * The detail pane's actions (subscriptions.VERB), each shown and enabled
 * only while Dodo allows it in the shown subscription's state
 * (bd_subscription_action_is_valid ()).  Cancel…, Change Plan… and Charge
 * Now… open a BdSubscriptionDialog; Pause, Resume and Undo Scheduled
 * Cancellation need no form (bd_subscription_run_simple_async ()); the
 * links are plain requests (they move no money).  In live mode each asks
 * first.  After a write the session's "cache-changed" refreshes every
 * page, so the row and the pane update in place.
 */

/* Helpers */

static BdSession *
page_session (BdSubscriptionsPage *self)
{
  return bd_list_page_get_session (BD_LIST_PAGE (self));
}

static GtkWindow *
page_window (BdSubscriptionsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
toast (BdSubscriptionsPage *self,
       const char          *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 8);
  bd_widget_add_toast (GTK_WIDGET (self), toast);
}

/* Dodo's refusal, or a write whose fate is unknown, in full: a toast
 * would cut Dodo's words short.  A refusal because of the subscription's
 * state (409: it changed elsewhere) starts a sync, so that the pane
 * catches up with Dodo. */
static void
show_failure (BdSubscriptionsPage *self,
              const GError        *error,
              const char          *text)
{
  BdSession *session = bd_list_page_get_session (BD_LIST_PAGE (self));
  AdwMessageDialog *dialog;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  gboolean unknown = g_error_matches (error, BD_WRITER_ERROR, BD_WRITER_ERROR_UNKNOWN);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       unknown ? _("Outcome Unknown") : _("Nothing Was Changed"),
                                                       text));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
  if (session != NULL && g_error_matches (error, BD_DODO_ERROR, BD_DODO_ERROR_CONFLICT))
    bd_session_sync (session);
}

static void
tell_written (BdSubscriptionsPage *self)
{
  BdSession *session = page_session (self);

  if (session != NULL)
    bd_session_cache_written (session);
}

/* The dialogs */

static void
on_dialog_written_cb (BdSubscriptionsPage *self)
{
  tell_written (self);
}

static void
open_dialog (BdSubscriptionsPage      *self,
             BdSubscriptionDialogMode  mode)
{
  BdSession *session = page_session (self);
  BdSubscriptionDialog *dialog;

  if (self->shown == NULL || session == NULL)
    return;
  dialog = bd_subscription_dialog_new (page_window (self), bd_session_get_account (session),
                                       bd_session_get_store (session), bd_session_get_client (session),
                                       self->shown, mode);
  g_signal_connect_object (dialog, "written", G_CALLBACK (on_dialog_written_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_dialog (BD_SUBSCRIPTIONS_PAGE (widget), BD_SUBSCRIPTION_DIALOG_CANCEL);
}

static void
change_plan_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  open_dialog (BD_SUBSCRIPTIONS_PAGE (widget), BD_SUBSCRIPTION_DIALOG_CHANGE_PLAN);
}

static void
charge_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_dialog (BD_SUBSCRIPTIONS_PAGE (widget), BD_SUBSCRIPTION_DIALOG_CHARGE);
}

/* Pause, resume, undo */

typedef struct
{
  BdSubscriptionsPage  *self;
  BdAccount            *account;
  BdSubscriptionSimple  action;
} SimpleCall;

static void
on_simple_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SimpleCall *call = user_data;
  g_autoptr(BdWriteOutcome) outcome = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  outcome = bd_subscription_run_simple_finish (result, &error);
  if (outcome != NULL || !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    text = bd_subscription_describe_simple (call->account, call->action, outcome, error);
  if (outcome != NULL)
    toast (call->self, text);
  else if (text != NULL)
    show_failure (call->self, error, text);
  if (outcome != NULL)
    tell_written (call->self);
  g_object_unref (call->self);
  g_object_unref (call->account);
  g_free (call);
}

static void
run_simple (BdSubscriptionsPage  *self,
            BdSubscriptionSimple  action)
{
  BdSession *session = page_session (self);
  g_autoptr(BdWriter) writer = NULL;
  SimpleCall *call;

  if (self->shown == NULL || session == NULL)
    return;
  writer = bd_writer_new (bd_session_get_client (session), bd_store_get_path (bd_session_get_store (session)));
  call = g_new0 (SimpleCall, 1);
  call->self = g_object_ref (self);
  call->account = g_object_ref (bd_session_get_account (session));
  call->action = action;
  bd_subscription_run_simple_async (GTK_WIDGET (self), call->account, writer, self->shown, action,
                                    on_simple_done_cb, call);
}

static void
pause_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  run_simple (BD_SUBSCRIPTIONS_PAGE (widget), BD_SUBSCRIPTION_SIMPLE_PAUSE);
}

static void
resume_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  run_simple (BD_SUBSCRIPTIONS_PAGE (widget), BD_SUBSCRIPTION_SIMPLE_RESUME);
}

static void
undo_cancel_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  run_simple (BD_SUBSCRIPTIONS_PAGE (widget), BD_SUBSCRIPTION_SIMPLE_UNDO_CANCEL);
}

/* The links */

typedef enum
{
  LINK_PORTAL,
  LINK_PORTAL_EMAIL,
  LINK_PAYMENT_METHOD,
} LinkKind;

typedef struct
{
  BdSubscriptionsPage *self;
  BdSubscription      *subscription;
  BdDodoClient        *client;
  BdAccount           *account;
  LinkKind             kind;
} LinkCall;

static void
link_call_free (LinkCall *call)
{
  g_clear_object (&call->self);
  g_clear_object (&call->subscription);
  g_clear_object (&call->client);
  g_clear_object (&call->account);
  g_free (call);
}

static void
on_link_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  LinkCall *call = user_data;
  g_autoptr(GObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *link = NULL;

  if (!bd_dodo_api_call_finish (BD_DODO_CLIENT (object), result, (gpointer *) &answer, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = bd_subscription_describe_refusal (call->account, error,
                                                                    _("No link was made"));

          show_failure (call->self, error, text);
        }
      link_call_free (call);
      return;
    }

  link = bd_model_get_string (answer, call->kind == LINK_PAYMENT_METHOD ? "payment-link" : "link");
  if (call->kind == LINK_PORTAL_EMAIL)
    {
      /* Translators: a customer's email address or name */
      g_autofree char *text = g_strdup_printf (_("Dodo Payments emails the portal link to %s"),
                                               bd_model_get_string (call->subscription, "customer-email") != NULL
                                               ? bd_model_get_string (call->subscription, "customer-email")
                                               : bd_subscription_customer_title (call->subscription));

      toast (call->self, text);
    }
  else if (link == NULL)
    toast (call->self, _("Dodo Payments made no link for this subscription"));
  else
    {
      gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (call->self)), link);
      toast (call->self, call->kind == LINK_PORTAL ? _("Customer portal link copied")
                                                   : _("Update payment method link copied"));
    }
  link_call_free (call);
}

static void
send_link_request (gpointer user_data)
{
  LinkCall *call = user_data;
  LinkCall *mine = g_new0 (LinkCall, 1);

  /* The question's copy goes with the question: this one with the request. */
  *mine = (LinkCall) { g_object_ref (call->self), g_object_ref (call->subscription),
                       g_object_ref (call->client), g_object_ref (call->account), call->kind };
  if (call->kind == LINK_PAYMENT_METHOD)
    {
      g_autoptr(BdDodoUpdatePaymentMethod) body = bd_dodo_update_payment_method_new ();

      bd_model_set (body, "type", "new", NULL);
      bd_dodo_api_call_async (mine->client, BD_DODO_API_SUBSCRIPTION_UPDATE_PAYMENT_METHOD,
                              bd_model_get_string (mine->subscription, "subscription-id"), body, NULL,
                              mine->self->cancellable, on_link_read_cb, mine);
    }
  else
    {
      g_autoptr(GHashTable) query = bd_dodo_query_new ("send_email",
                                                       call->kind == LINK_PORTAL_EMAIL ? "true" : "false",
                                                       NULL);

      bd_dodo_api_call_async (mine->client, BD_DODO_API_CUSTOMER_PORTAL_SESSION,
                              bd_model_get_string (mine->subscription, "customer-id"), NULL, query,
                              mine->self->cancellable, on_link_read_cb, mine);
    }
}

static void
request_link (BdSubscriptionsPage *self,
              LinkKind             kind)
{
  BdSession *session = page_session (self);
  LinkCall *call;
  const char *heading;
  const char *effect;
  const char *label;

  if (self->shown == NULL || session == NULL)
    return;
  call = g_new0 (LinkCall, 1);
  call->self = g_object_ref (self);
  call->subscription = g_object_ref (self->shown);
  call->client = g_object_ref (bd_session_get_client (session));
  call->account = g_object_ref (bd_session_get_account (session));
  call->kind = kind;

  switch (kind)
    {
    case LINK_PORTAL:
      heading = _("Copy the Customer Portal Link?");
      effect = _("Anyone with the link can manage this customer’s subscriptions and payment methods.");
      label = _("_Copy Link");
      break;
    case LINK_PORTAL_EMAIL:
      heading = _("Email the Portal Link?");
      effect = _("Dodo Payments sends the customer an email with a link to manage their subscriptions.");
      label = _("_Send Email");
      break;
    case LINK_PAYMENT_METHOD:
    default:
      heading = _("Copy the Update Payment Method Link?");
      effect = _("The customer can enter a new payment method for this subscription through the link.");
      label = _("_Copy Link");
      break;
    }
  bd_subscription_confirm (GTK_WIDGET (self), call->account, call->subscription, heading, effect, label,
                           FALSE, send_link_request, call, (GDestroyNotify) link_call_free);
}

static void
copy_portal_link_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  request_link (BD_SUBSCRIPTIONS_PAGE (widget), LINK_PORTAL);
}

static void
email_portal_link_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  request_link (BD_SUBSCRIPTIONS_PAGE (widget), LINK_PORTAL_EMAIL);
}

static void
copy_payment_method_link_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  request_link (BD_SUBSCRIPTIONS_PAGE (widget), LINK_PAYMENT_METHOD);
}

/* The verbs, their handlers and their rows */

static const struct
{
  const char                    *verb;
  GtkWidgetActionActivateFunc    activate;
  gsize                          row;
} actions[] = {
  { "change-plan", change_plan_action, G_STRUCT_OFFSET (BdSubscriptionsPage, change_plan_row) },
  { "charge", charge_action, G_STRUCT_OFFSET (BdSubscriptionsPage, charge_row) },
  { "pause", pause_action, G_STRUCT_OFFSET (BdSubscriptionsPage, pause_row) },
  { "resume", resume_action, G_STRUCT_OFFSET (BdSubscriptionsPage, resume_row) },
  { "undo-cancel", undo_cancel_action, G_STRUCT_OFFSET (BdSubscriptionsPage, undo_cancel_row) },
  { "cancel", cancel_action, G_STRUCT_OFFSET (BdSubscriptionsPage, cancel_action_row) },
  { "copy-portal-link", copy_portal_link_action, G_STRUCT_OFFSET (BdSubscriptionsPage, portal_row) },
  { "email-portal-link", email_portal_link_action, G_STRUCT_OFFSET (BdSubscriptionsPage, email_portal_row) },
  { "copy-payment-method-link", copy_payment_method_link_action,
    G_STRUCT_OFFSET (BdSubscriptionsPage, payment_method_row) },
};

void
_bd_subscriptions_page_class_actions_init (GtkWidgetClass *widget_class)
{
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autofree char *name = g_strconcat ("subscriptions.", actions[i].verb, NULL);

      gtk_widget_class_install_action (widget_class, name, NULL, actions[i].activate);
    }
}

void
_bd_subscriptions_page_update_actions (BdSubscriptionsPage *self)
{
  gboolean any = FALSE;

  g_assert (BD_IS_SUBSCRIPTIONS_PAGE (self));

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autofree char *name = g_strconcat ("subscriptions.", actions[i].verb, NULL);
      GtkWidget *row = G_STRUCT_MEMBER (GtkWidget *, self, actions[i].row);
      gboolean valid = self->shown != NULL && page_session (self) != NULL &&
                       bd_subscription_action_is_valid (self->shown, actions[i].verb);

      gtk_widget_action_set_enabled (GTK_WIDGET (self), name, valid);
      gtk_widget_set_visible (row, valid);
      any |= valid;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->actions_group), any);
}
