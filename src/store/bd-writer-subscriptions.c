/* bd-writer-subscriptions.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-writer"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-dodo-api.h"
#include "bd-money.h"
#include "bd-payment.h"
#include "bd-subscription.h"
#include "bd-writer.h"

/*
 * The subscription kinds of BdWriter (their rules are in the contract table
 * of bd-writer.h).  Every kind prepares by reading the subscription: a
 * write to one Dodo does not show is not sent, and the state before is what
 * a read-back compares against.  A read-back looks at the subscription (or,
 * for a charge, at its payments) and decides from what Dodo shows; it never
 * sends the write again.
 */

typedef enum
{
  SUB_CANCEL_NOW,
  SUB_SCHEDULE_CANCEL,
  SUB_UNDO_CANCEL,
  SUB_PAUSE,
  SUB_RESUME,
  SUB_CHANGE_PLAN,
  SUB_CHARGE,
} SubAction;

typedef struct
{
  SubAction       action;
  char           *subscription_id;
  BdSubscription *before;       /* as Dodo showed it before the write */
  /* change plan */
  char           *product_id;
  gint64          quantity;
  gboolean        scheduled;    /* effective at the next billing date */
  /* charge */
  gint64          price;
  GHashTable     *known;        /* the subscription's payment ids before */
} SubData;

static void
sub_data_free (SubData *data)
{
  g_free (data->subscription_id);
  g_clear_object (&data->before);
  g_free (data->product_id);
  g_clear_pointer (&data->known, g_hash_table_unref);
  g_free (data);
}

/* Helpers */

static BdSubscription *
read_subscription (BdDodoClient  *client,
                   const char    *subscription_id,
                   GCancellable  *cancellable,
                   GError       **error)
{
  gpointer subscription = NULL;

  if (!bd_writer_call (client, BD_DODO_API_SUBSCRIPTION_GET, subscription_id, NULL, cancellable,
                       &subscription, error))
    return NULL;
  return subscription;
}

typedef struct
{
  gboolean   done;
  GPtrArray *page;
  GError    *error;
} PageCall;

static void
on_page_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  PageCall *call = user_data;

  call->page = bd_dodo_lister_next_finish (BD_DODO_LISTER (source), result, &call->error);
  call->done = TRUE;
}

/* Every payment Dodo lists for the subscription (GET
 * /payments?subscription_id=), on the writer's thread.  (transfer full)
 * (element-type BdPayment) */
static GPtrArray *
list_payments (BdDodoClient  *client,
               const char    *subscription_id,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GHashTable) query = bd_dodo_query_new ("subscription_id", subscription_id, NULL);
  g_autoptr(BdDodoLister) lister = bd_dodo_lister_new (client, BD_DODO_API_PAYMENT_LIST, NULL, query, 100);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  GMainContext *context = g_main_context_get_thread_default ();

  g_assert (context != NULL);
  while (!bd_dodo_lister_is_done (lister))
    {
      PageCall call = { 0 };

      bd_dodo_lister_next_async (lister, cancellable, on_page_done, &call);
      while (!call.done)
        g_main_context_iteration (context, TRUE);
      if (call.error != NULL)
        {
          g_propagate_error (error, call.error);
          return NULL;
        }
      if (call.page == NULL)
        break;
      g_ptr_array_extend_and_steal (all, call.page);
    }
  return g_steal_pointer (&all);
}

/* The steps */

static gboolean
sub_prepare (BdWrite       *write,
             BdDodoClient  *client,
             GCancellable  *cancellable,
             GError       **error)
{
  SubData *data = bd_write_get_data (write);

  data->before = read_subscription (client, data->subscription_id, cancellable, error);
  if (data->before == NULL)
    return FALSE;

  if (data->action == SUB_CHARGE)
    {
      g_autoptr(GPtrArray) payments = list_payments (client, data->subscription_id, cancellable, error);

      if (payments == NULL)
        return FALSE;
      for (guint i = 0; i < payments->len; i++)
        g_hash_table_add (data->known, g_strdup (bd_model_get_string (payments->pdata[i], "payment-id")));
    }
  return TRUE;
}

/* Whether @after shows the state change @data asked for.  Setting a state
 * that the subscription already had is the same state either way. */
static gboolean
shows_change (SubData        *data,
              BdSubscription *after)
{
  BdSubscriptionStatus status = bd_model_get_enum (after, "status");

  switch (data->action)
    {
    case SUB_CANCEL_NOW:
      return status == BD_SUBSCRIPTION_STATUS_CANCELLED;
    case SUB_SCHEDULE_CANCEL:
      return bd_model_get_boolean (after, "cancel-at-next-billing-date");
    case SUB_UNDO_CANCEL:
      return !bd_model_get_boolean (after, "cancel-at-next-billing-date");
    case SUB_PAUSE:
      return status == BD_SUBSCRIPTION_STATUS_PAUSED;
    case SUB_RESUME:
      return status == BD_SUBSCRIPTION_STATUS_ACTIVE;
    case SUB_CHANGE_PLAN:
      return g_strcmp0 (bd_model_get_string (after, "product-id"), data->product_id) == 0 &&
             bd_model_get_int (after, "quantity") == data->quantity;
    case SUB_CHARGE:
    default:
      g_assert_not_reached ();
    }
}

static gpointer
sub_read_back (BdWrite       *write,
               BdDodoClient  *client,
               GCancellable  *cancellable,
               GError       **error)
{
  SubData *data = bd_write_get_data (write);
  g_autoptr(BdSubscription) after = NULL;

  if (data->action == SUB_CHANGE_PLAN &&
      (data->scheduled || shows_change (data, data->before)))
    {
      /* A change for later, or to what it already was, looks the same
       * whether or not Dodo has it. */
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("the subscription looks the same either way"));
      return NULL;
    }

  after = read_subscription (client, data->subscription_id, cancellable, error);
  if (after == NULL)
    return NULL;
  return shows_change (data, after) ? g_steal_pointer (&after) : NULL;
}

/* A charge: a payment of the subscription that was not there before it was
 * sent; of several (a renewal at the same moment), the one of the price. */
static gpointer
charge_read_back (BdWrite       *write,
                  BdDodoClient  *client,
                  GCancellable  *cancellable,
                  GError       **error)
{
  SubData *data = bd_write_get_data (write);
  g_autoptr(GPtrArray) payments = list_payments (client, data->subscription_id, cancellable, error);
  BdPayment *ours = NULL;

  if (payments == NULL)
    return NULL;
  for (guint i = 0; i < payments->len; i++)
    {
      BdPayment *payment = payments->pdata[i];
      const BdMoney *total = bd_model_get_money (payment, "total-amount");

      if (g_hash_table_contains (data->known, bd_model_get_string (payment, "payment-id")))
        continue;
      if (ours == NULL || (total != NULL && bd_money_get_amount (total) == data->price))
        ours = payment;
    }
  return ours != NULL ? g_object_ref (ours) : NULL;
}

static void
sub_affected (BdWrite        *write,
              gpointer        object,
              BdWriteRereads *reads)
{
  SubData *data = bd_write_get_data (write);

  bd_write_add_reread (reads, BD_DODO_API_SUBSCRIPTION_GET, data->subscription_id);
}

/* The payment first (the outcome's object), then the subscription.
 * @object is Dodo's {payment_id} or the payment the read-back found: both
 * have "payment-id". */
static void
charge_affected (BdWrite        *write,
                 gpointer        object,
                 BdWriteRereads *reads)
{
  SubData *data = bd_write_get_data (write);
  const char *payment_id = object != NULL ? bd_model_get_string (object, "payment-id") : NULL;

  if (payment_id != NULL && payment_id[0] != '\0')
    bd_write_add_reread (reads, BD_DODO_API_PAYMENT_GET, payment_id);
  bd_write_add_reread (reads, BD_DODO_API_SUBSCRIPTION_GET, data->subscription_id);
}

#define SUB_KIND(id, text)        \
  static const BdWriteKind id = { \
    .name = text,                 \
    .prepare = sub_prepare,       \
    .read_back = sub_read_back,   \
    .affected = sub_affected,     \
  }

SUB_KIND (cancel_now_kind, "cancel");
SUB_KIND (schedule_cancel_kind, "scheduled cancellation");
SUB_KIND (undo_cancel_kind, "undo of a scheduled cancellation");
SUB_KIND (pause_kind, "pause");
SUB_KIND (resume_kind, "resume");
SUB_KIND (change_plan_kind, "plan change");

static const BdWriteKind charge_kind = {
  .name = "charge",
  .prepare = sub_prepare,
  .read_back = charge_read_back,
  .affected = charge_affected,
};

static SubData *
sub_data_new (SubAction   action,
              const char *subscription_id)
{
  SubData *data = g_new0 (SubData, 1);

  data->action = action;
  data->subscription_id = g_strdup (subscription_id);
  return data;
}

static void
set_cancel_words (gpointer    body,
                  const char *reason,
                  const char *feedback,
                  const char *comment)
{
  if (reason != NULL && reason[0] != '\0')
    bd_model_set (body, "cancel-reason", reason, NULL);
  if (feedback != NULL && feedback[0] != '\0')
    bd_model_set (body, "cancellation-feedback", feedback, NULL);
  if (comment != NULL && comment[0] != '\0')
    bd_model_set (body, "cancellation-comment", comment, NULL);
}

/* Public API */

BdWrite *
bd_write_new_subscription_cancel (const char *subscription_id,
                                  gboolean    at_next_billing_date,
                                  const char *reason,
                                  const char *feedback,
                                  const char *comment)
{
  g_return_val_if_fail (subscription_id != NULL && subscription_id[0] != '\0', NULL);

  if (at_next_billing_date)
    {
      g_autoptr(BdDodoSubscriptionCancelAtNextBilling) body = bd_dodo_subscription_cancel_at_next_billing_new ();

      bd_model_set (body, "cancel-at-next-billing-date", TRUE, NULL);
      set_cancel_words (body, reason, feedback, comment);
      return bd_write_new (&schedule_cancel_kind, BD_DODO_API_SUBSCRIPTION_CANCEL_AT_NEXT_BILLING,
                           subscription_id, body, sub_data_new (SUB_SCHEDULE_CANCEL, subscription_id),
                           (GDestroyNotify) sub_data_free);
    }
  else
    {
      g_autoptr(BdDodoSubscriptionUpdate) body = bd_dodo_subscription_update_new ();

      bd_model_set (body, "status", BD_SUBSCRIPTION_STATUS_CANCELLED, NULL);
      set_cancel_words (body, reason, feedback, comment);
      return bd_write_new (&cancel_now_kind, BD_DODO_API_SUBSCRIPTION_UPDATE, subscription_id, body,
                           sub_data_new (SUB_CANCEL_NOW, subscription_id), (GDestroyNotify) sub_data_free);
    }
}

BdWrite *
bd_write_new_subscription_undo_cancel (const char *subscription_id)
{
  g_autoptr(BdDodoSubscriptionCancelAtNextBilling) body = NULL;

  g_return_val_if_fail (subscription_id != NULL && subscription_id[0] != '\0', NULL);

  body = bd_dodo_subscription_cancel_at_next_billing_new ();
  bd_model_set (body, "cancel-at-next-billing-date", FALSE, NULL);
  return bd_write_new (&undo_cancel_kind, BD_DODO_API_SUBSCRIPTION_CANCEL_AT_NEXT_BILLING,
                       subscription_id, body, sub_data_new (SUB_UNDO_CANCEL, subscription_id),
                       (GDestroyNotify) sub_data_free);
}

BdWrite *
bd_write_new_subscription_pause (const char *subscription_id,
                                 gboolean    pause)
{
  g_autoptr(BdDodoSubscriptionPause) body = NULL;

  g_return_val_if_fail (subscription_id != NULL && subscription_id[0] != '\0', NULL);

  body = bd_dodo_subscription_pause_new ();
  bd_model_set (body, "pause", pause, NULL);
  return bd_write_new (pause ? &pause_kind : &resume_kind, BD_DODO_API_SUBSCRIPTION_PAUSE,
                       subscription_id, body,
                       sub_data_new (pause ? SUB_PAUSE : SUB_RESUME, subscription_id),
                       (GDestroyNotify) sub_data_free);
}

BdWrite *
bd_write_new_change_plan (const char       *subscription_id,
                          BdDodoChangePlan *body)
{
  SubData *data;

  g_return_val_if_fail (subscription_id != NULL && subscription_id[0] != '\0', NULL);
  g_return_val_if_fail (BD_DODO_IS_CHANGE_PLAN (body), NULL);
  g_return_val_if_fail (bd_model_get_string (body, "product-id") != NULL, NULL);

  data = sub_data_new (SUB_CHANGE_PLAN, subscription_id);
  data->product_id = g_strdup (bd_model_get_string (body, "product-id"));
  data->quantity = bd_model_get_int (body, "quantity");
  data->scheduled = g_strcmp0 (bd_model_get_string (body, "effective-at"), "next_billing_date") == 0;
  return bd_write_new (&change_plan_kind, BD_DODO_API_SUBSCRIPTION_CHANGE_PLAN, subscription_id, body,
                       data, (GDestroyNotify) sub_data_free);
}

BdWrite *
bd_write_new_subscription_charge (const char   *subscription_id,
                                  BdDodoCharge *body)
{
  SubData *data;

  g_return_val_if_fail (subscription_id != NULL && subscription_id[0] != '\0', NULL);
  g_return_val_if_fail (BD_DODO_IS_CHARGE (body), NULL);
  g_return_val_if_fail (bd_model_get_int (body, "product-price") > 0, NULL);

  data = sub_data_new (SUB_CHARGE, subscription_id);
  data->price = bd_model_get_int (body, "product-price");
  data->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return bd_write_new (&charge_kind, BD_DODO_API_SUBSCRIPTION_CHARGE, subscription_id, body,
                       data, (GDestroyNotify) sub_data_free);
}
