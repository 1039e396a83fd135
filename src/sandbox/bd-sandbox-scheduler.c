/* bd-sandbox-scheduler.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-sandbox"

#include "config.h"

#include <string.h>

#include "bd-dispute.h"
#include "bd-sandbox-scheduler.h"

#define CARD_KEY "bd-sandbox-card"
#define PAYING_CARD "4242424242424242"

typedef enum
{
  DUE_RENEW,
  DUE_CANCEL,
  DUE_EXPIRE,
} DueKind;

/* One event waiting in a run: ordered by time, then by the subscription's
 * place in the account, so that runs repeat. */
typedef struct
{
  gint64          at;
  guint           index;
  DueKind         kind;
  BdSubscription *sub;
} Due;

struct _BdSandboxScheduler
{
  GObject          parent_instance;

  BdSandboxState  *state;
  gulong           advanced_handler;
  gulong           event_handler;
  guint            tick;
  gboolean         running;
  /* The earliest time something is due; valid until a subscription
   * changes (every change is an event). */
  gboolean         next_due_valid;
  gint64           next_due;
};

G_DEFINE_FINAL_TYPE (BdSandboxScheduler, bd_sandbox_scheduler, G_TYPE_OBJECT)

/* Helpers */

static GDateTime *
next_billing_after (BdSubscription *sub,
                    GDateTime      *dt)
{
  return bd_sandbox_add_interval (dt, bd_model_get_enum (sub, "payment-frequency-interval"),
                                  bd_model_get_int (sub, "payment-frequency-count"));
}

/* expires_at, else the end of the subscription period; G_MAXINT64 when
 * the term has no end. */
static gint64
term_end (BdSubscription *sub)
{
  GDateTime *expires = bd_model_get_datetime (sub, "expires-at");
  BdTimeInterval interval = bd_model_get_enum (sub, "subscription-period-interval");
  gint64 count = bd_model_get_int (sub, "subscription-period-count");
  g_autoptr(GDateTime) end = NULL;

  if (expires != NULL)
    return bd_sandbox_time_from_datetime (expires);
  if (count <= 0 || interval == BD_TIME_INTERVAL_UNKNOWN)
    return G_MAXINT64;
  end = bd_sandbox_add_interval (bd_model_get_datetime (sub, "created-at"), interval, count);
  return bd_sandbox_time_from_datetime (end);
}

/* What is due next for @sub and when; FALSE when nothing is. */
static gboolean
due_of (BdSubscription *sub,
        gint64         *at,
        DueKind        *kind)
{
  GDateTime *next = bd_model_get_datetime (sub, "next-billing-date");
  gint64 next_us, end;

  if (bd_model_get_enum (sub, "status") != BD_SUBSCRIPTION_STATUS_ACTIVE || next == NULL)
    return FALSE;
  next_us = bd_sandbox_time_from_datetime (next);
  end = term_end (sub);
  if (end <= next_us)
    {
      *at = end;
      *kind = DUE_EXPIRE;
    }
  else
    {
      *at = next_us;
      *kind = bd_model_get_boolean (sub, "cancel-at-next-billing-date") ? DUE_CANCEL : DUE_RENEW;
    }
  return TRUE;
}

static int
due_compare (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  const Due *x = a, *y = b;

  if (x->at != y->at)
    return x->at < y->at ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

static void
renew (BdSandboxScheduler *self,
       BdSubscription     *sub,
       gint64              at)
{
  /* recurring_pre_tax_amount is each payment for all the units (Dodo). */
  const BdMoney *total = bd_model_get_money (sub, "recurring-pre-tax-amount");
  g_autoptr(BdPayment) payment = bd_sandbox_subscription_charge (self->state, sub, total, at);

  if (bd_model_get_enum (payment, "status") == BD_PAYMENT_STATUS_SUCCEEDED)
    {
      GDateTime *due = bd_model_get_datetime (sub, "next-billing-date");
      g_autoptr(GDateTime) previous = g_date_time_ref (due);
      g_autoptr(GDateTime) next = next_billing_after (sub, due);

      bd_model_set (sub, "previous-billing-date", previous, "next-billing-date", next, NULL);
      bd_sandbox_state_emit (self->state, "payment.succeeded", payment, at);
      bd_sandbox_state_emit (self->state, "subscription.renewed", sub, at);
    }
  else
    {
      bd_model_set (sub, "status", BD_SUBSCRIPTION_STATUS_ON_HOLD, NULL);
      bd_sandbox_state_emit (self->state, "payment.failed", payment, at);
      bd_sandbox_state_emit (self->state, "subscription.on_hold", sub, at);
    }
}

static void
run_one (BdSandboxScheduler *self,
         const Due          *due)
{
  g_autoptr(GDateTime) when = bd_sandbox_time_to_datetime (due->at);

  switch (due->kind)
    {
    case DUE_RENEW:
      renew (self, due->sub, due->at);
      break;
    case DUE_CANCEL:
      bd_model_set (due->sub, "status", BD_SUBSCRIPTION_STATUS_CANCELLED, "cancelled-at", when, NULL);
      bd_sandbox_state_emit (self->state, "subscription.cancelled", due->sub, due->at);
      break;
    case DUE_EXPIRE:
      bd_model_set (due->sub, "status", BD_SUBSCRIPTION_STATUS_EXPIRED, "expires-at", when, NULL);
      bd_sandbox_state_emit (self->state, "subscription.expired", due->sub, due->at);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Adds @sub's next event to @queue when it is due by @target; otherwise
 * keeps the earliest later time in @later. */
static void
queue_due (GSequence      *queue,
           BdSubscription *sub,
           guint           index,
           gint64          target,
           gint64         *later)
{
  Due due = { .index = index, .sub = sub };

  if (!due_of (sub, &due.at, &due.kind))
    return;
  if (due.at <= target)
    g_sequence_insert_sorted (queue, g_memdup2 (&due, sizeof due), due_compare, NULL);
  else
    *later = MIN (*later, due.at);
}

static void
run_until (BdSandboxScheduler *self,
           gint64              target)
{
  GPtrArray *subs = bd_sandbox_state_collection (self->state, BD_SANDBOX_SUBSCRIPTIONS)->items;
  g_autoptr(GSequence) queue = g_sequence_new (g_free);
  gint64 later = G_MAXINT64;

  if (self->running)
    return;
  self->running = TRUE;

  for (guint i = 0; i < subs->len; i++)
    queue_due (queue, subs->pdata[i], i, target, &later);

  while (g_sequence_get_length (queue) > 0)
    {
      GSequenceIter *first = g_sequence_get_begin_iter (queue);
      Due due = *(Due *) g_sequence_get (first);

      g_sequence_remove (first);
      run_one (self, &due);
      queue_due (queue, due.sub, due.index, target, &later);
    }

  self->next_due = later;
  self->next_due_valid = TRUE;
  self->running = FALSE;
}

/* The seed's history is not replayed: a billing date that passed before the
 * sandbox started moves on, without a charge, to the first one after. */
static void
skip_past (BdSandboxScheduler *self)
{
  GPtrArray *subs = bd_sandbox_state_collection (self->state, BD_SANDBOX_SUBSCRIPTIONS)->items;
  g_autoptr(GDateTime) now = bd_sandbox_time_to_datetime (bd_sandbox_state_now (self->state));

  for (guint i = 0; i < subs->len; i++)
    {
      BdSubscription *sub = subs->pdata[i];
      GDateTime *next = bd_model_get_datetime (sub, "next-billing-date");
      g_autoptr(GDateTime) moved = NULL;
      g_autoptr(GDateTime) previous = NULL;

      if (bd_model_get_enum (sub, "status") != BD_SUBSCRIPTION_STATUS_ACTIVE || next == NULL)
        continue;
      moved = g_date_time_ref (next);
      while (g_date_time_compare (moved, now) < 0)
        {
          g_clear_pointer (&previous, g_date_time_unref);
          previous = g_steal_pointer (&moved);
          moved = next_billing_after (sub, previous);
        }
      if (previous != NULL)
        bd_model_set (sub, "previous-billing-date", previous, "next-billing-date", moved, NULL);
    }
}

static void
on_advanced (BdSandboxClock     *clock,
             gint64              before,
             gint64              after,
             BdSandboxScheduler *self)
{
  run_until (self, after);
}

static void
on_event (BdSandboxState     *state,
          const char         *type,
          BdModel            *model,
          gint64              at,
          BdSandboxScheduler *self)
{
  if (BD_IS_SUBSCRIPTION (model))
    self->next_due_valid = FALSE;
}

/* Real time moves sandbox time too. */
static gboolean
on_tick (gpointer user_data)
{
  bd_sandbox_scheduler_run (user_data);
  return G_SOURCE_CONTINUE;
}

/* GObject */

static void
bd_sandbox_scheduler_dispose (GObject *object)
{
  BdSandboxScheduler *self = (BdSandboxScheduler *) object;

  g_clear_handle_id (&self->tick, g_source_remove);
  if (self->state != NULL)
    {
      g_clear_signal_handler (&self->advanced_handler, bd_sandbox_state_get_clock (self->state));
      g_clear_signal_handler (&self->event_handler, self->state);
    }
  g_clear_object (&self->state);
  G_OBJECT_CLASS (bd_sandbox_scheduler_parent_class)->dispose (object);
}

static void
bd_sandbox_scheduler_class_init (BdSandboxSchedulerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bd_sandbox_scheduler_dispose;
}

static void
bd_sandbox_scheduler_init (BdSandboxScheduler *self)
{
}

/* Public API */

BdSandboxScheduler *
bd_sandbox_scheduler_new (BdSandboxState *state)
{
  BdSandboxScheduler *self;

  g_return_val_if_fail (BD_IS_SANDBOX_STATE (state), NULL);

  self = g_object_new (BD_TYPE_SANDBOX_SCHEDULER, NULL);
  self->state = g_object_ref (state);
  skip_past (self);
  self->advanced_handler = g_signal_connect (bd_sandbox_state_get_clock (state), "advanced",
                                             G_CALLBACK (on_advanced), self);
  self->event_handler = g_signal_connect (state, "event", G_CALLBACK (on_event), self);
  self->tick = g_timeout_add_seconds (1, on_tick, self);
  return self;
}

void
bd_sandbox_scheduler_run (BdSandboxScheduler *self)
{
  gint64 now;

  g_return_if_fail (BD_IS_SANDBOX_SCHEDULER (self));

  now = bd_sandbox_state_now (self->state);
  if (!self->next_due_valid || self->next_due <= now)
    run_until (self, now);
}

gboolean
bd_sandbox_card_declines (const char *card,
                          gboolean    renewal)
{
  static const char * const always[] = { "4000000000000002", "4000000000000127", NULL };

  if (card == NULL)
    return FALSE;
  return g_strv_contains (always, card) || (renewal && g_str_equal (card, "4000000000000341"));
}

const char *
bd_sandbox_subscription_get_card (BdSubscription *sub)
{
  g_return_val_if_fail (BD_IS_SUBSCRIPTION (sub), NULL);
  return g_object_get_data (G_OBJECT (sub), CARD_KEY);
}

void
bd_sandbox_subscription_set_card (BdSubscription *sub,
                                  const char     *card)
{
  g_return_if_fail (BD_IS_SUBSCRIPTION (sub));
  g_object_set_data_full (G_OBJECT (sub), CARD_KEY, g_strdup (card), g_free);
}

GDateTime *
bd_sandbox_add_interval (GDateTime      *dt,
                         BdTimeInterval  interval,
                         gint64          count)
{
  count = MAX (count, 1);
  switch (interval)
    {
    case BD_TIME_INTERVAL_DAY: return g_date_time_add_days (dt, (int) count);
    case BD_TIME_INTERVAL_WEEK: return g_date_time_add_weeks (dt, (int) count);
    case BD_TIME_INTERVAL_YEAR: return g_date_time_add_years (dt, (int) count);
    case BD_TIME_INTERVAL_MONTH:
    case BD_TIME_INTERVAL_UNKNOWN:
    default: return g_date_time_add_months (dt, (int) count);
    }
}

/* Payments */

BdPayment *
bd_sandbox_card_payment_new (BdSandboxState *state,
                             const BdMoney  *total,
                             gint64          at,
                             const char     *card,
                             gboolean        paid)
{
  BdPayment *payment = bd_payment_new ();
  g_autofree char *id = bd_sandbox_state_new_id (state, "pay");
  g_autoptr(GDateTime) when = bd_sandbox_time_to_datetime (at != 0 ? at : bd_sandbox_state_now (state));
  g_autoptr(GHashTable) metadata = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(BdMoney) zero = bd_money_new (0, bd_money_get_currency (total));
  gsize len = strlen (card);

  /* Prices are tax-inclusive and the sandbox charges no tax; it settles in
   * the payment's currency. */
  bd_model_set (payment,
                "payment-id", id,
                "business-id", bd_sandbox_state_get_business_id (state),
                "brand-id", bd_sandbox_state_get_brand_id (state),
                "created-at", when,
                "updated-at", when,
                "status", paid ? BD_PAYMENT_STATUS_SUCCEEDED : BD_PAYMENT_STATUS_FAILED,
                "total-amount", total,
                "tax", zero,
                "settlement-amount", total,
                "settlement-tax", zero,
                "metadata", metadata,
                "payment-provider", "stripe",
                "payment-method", "card",
                "payment-method-type", "credit",
                "card-last-four", len >= 4 ? card + len - 4 : card,
                "card-network", card[0] == '5' ? "MASTERCARD" : "VISA",
                "card-type", "CREDIT",
                "digital-products-delivered", paid,
                "is-update-payment-method", FALSE,
                "retry-attempt", (gint64) 0,
                NULL);
  if (!paid)
    bd_model_set (payment,
                  "error-code", "CARD_DECLINED",
                  "error-message", "The card was declined.",
                  NULL);
  return payment;
}

BdPayment *
bd_sandbox_subscription_charge (BdSandboxState *state,
                                BdSubscription *sub,
                                const BdMoney  *total,
                                gint64          at)
{
  static const char * const copied[] = {
    "billing-country", "billing-state", "billing-city", "billing-street", "billing-zipcode", NULL
  };
  const char *card = bd_sandbox_subscription_get_card (sub);
  BdPayment *payment;

  if (card == NULL || strlen (card) < 4)
    card = PAYING_CARD;
  payment = bd_sandbox_card_payment_new (state, total, at, card, !bd_sandbox_card_declines (card, TRUE));
  bd_model_set (payment, "subscription-id", bd_model_get_string (sub, "subscription-id"), NULL);
  bd_sandbox_copy_customer (payment, sub);
  for (guint i = 0; copied[i] != NULL; i++)
    bd_model_set (payment, copied[i], bd_model_get_string (sub, copied[i]), NULL);
  bd_sandbox_state_add_payment (state, payment);
  return payment;
}

/* Disputes */

/* A member of @object that is absent or of @type; else a 422. */
static gboolean
check_member (BdSandboxRequest *req,
              JsonObject       *object,
              const char       *name,
              GType             type)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type))
    return TRUE;
  bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_BODY",
                          "%s must be %s", name, type == G_TYPE_STRING ? "a string" : "an integer");
  return FALSE;
}

void
bd_sandbox_disputes_open_route (BdSandboxRequest *req)
{
  JsonObject *object = bd_sandbox_request_object (req);
  g_autoptr(BdPayment) payment = NULL;
  g_autoptr(BdDispute) dispute = NULL;
  g_autoptr(BdMoney) money = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *id = NULL;
  const BdMoney *total;
  const char *payment_id;
  gint64 amount;

  if (object == NULL ||
      !check_member (req, object, "payment_id", G_TYPE_STRING) ||
      !check_member (req, object, "reason", G_TYPE_STRING) ||
      !check_member (req, object, "amount", G_TYPE_INT64))
    return;
  payment_id = json_object_get_string_member_with_default (object, "payment_id", NULL);
  if (payment_id == NULL)
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_BODY", "payment_id is required");
      return;
    }
  if (!(payment = bd_sandbox_state_get_payment (req->state, payment_id)))
    {
      bd_sandbox_reply_not_found (req, "Payment", payment_id);
      return;
    }
  if (bd_model_get_enum (payment, "status") != BD_PAYMENT_STATUS_SUCCEEDED)
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_PARAMETERS",
                              "Payment %s has not succeeded (it is %s)", payment_id,
                              bd_model_get_string (payment, "status-raw"));
      return;
    }
  total = bd_model_get_money (payment, "total-amount");
  amount = json_object_get_int_member_with_default (object, "amount", bd_money_get_amount (total));
  if (amount <= 0 || amount > bd_money_get_amount (total))
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_PARAMETERS",
                              "amount must be from 1 to the payment's %" G_GINT64_FORMAT,
                              bd_money_get_amount (total));
      return;
    }

  dispute = bd_dispute_new ();
  id = bd_sandbox_state_new_id (req->state, "dp");
  now = bd_sandbox_time_to_datetime (bd_sandbox_state_now (req->state));
  money = bd_money_new (amount, bd_money_get_currency (total));
  bd_model_set (dispute,
                "dispute-id", id,
                "payment-id", payment_id,
                "business-id", bd_sandbox_state_get_business_id (req->state),
                "brand-id", bd_sandbox_state_get_brand_id (req->state),
                "created-at", now,
                "amount", money,
                "dispute-stage-raw", "dispute",
                "dispute-status-raw", "dispute_opened",
                "reason", json_object_get_string_member_with_default (object, "reason", "fraudulent"),
                "payment-provider", "stripe",
                NULL);
  bd_sandbox_copy_customer (dispute, payment);
  bd_sandbox_state_add (req->state, BD_SANDBOX_DISPUTES, dispute);
  bd_sandbox_state_emit (req->state, "dispute.opened", dispute, 0);
  bd_sandbox_reply_model (req, SOUP_STATUS_OK, dispute);
}
