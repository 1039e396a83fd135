/* bd-sandbox-state.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "bd-model.h"
#include "bd-payment.h"
#include "bd-sandbox-clock.h"

G_BEGIN_DECLS

/* The sandbox account: one business with its products, customers,
 * subscriptions, payments, refunds, disputes and checkout sessions.
 *
 * Every resource but payments is an ordered collection of BdModel objects
 * (oldest first, so appending keeps the order) with an index by id.
 * Payments are two parts: the seeded ones, generated on demand from
 * (seed, index) with created_at increasing in the index, so that a million
 * of them cost no memory and a created_at filter is a binary search; and
 * the ones made while running (checkouts, renewals), stored as objects.  A
 * payment's refunds, disputes, refund_status and dispute_status are
 * derived from the refund and dispute collections whenever it is read. */

typedef enum
{
  BD_SANDBOX_PRODUCTS,
  BD_SANDBOX_CUSTOMERS,
  BD_SANDBOX_SUBSCRIPTIONS,
  BD_SANDBOX_REFUNDS,
  BD_SANDBOX_DISPUTES,
  BD_SANDBOX_CHECKOUTS,
  BD_SANDBOX_N_KINDS
} BdSandboxKind;

typedef struct
{
  GPtrArray   *items;        /* (element-type BdModel) oldest first */
  GHashTable  *by_id;        /* id → BdModel, (transfer none) */
  const char  *id_property;  /* "product-id" … */
  const char  *prefix;       /* "pdt" … */
} BdSandboxCollection;

/* What GET /payments filters on; zero/NULL members do not filter. */
typedef struct
{
  gint64       created_gte;  /* µs; G_MININT64 = none */
  gint64       created_lte;  /* µs; G_MAXINT64 = none */
  const char  *status;
  const char  *customer_id;
  const char  *subscription_id;
  const char  *currency;
  const char  *product_id;
} BdSandboxPaymentFilter;

#define BD_SANDBOX_PAYMENT_FILTER_INIT { G_MININT64, G_MAXINT64, NULL, NULL, NULL, NULL, NULL }

#define BD_TYPE_SANDBOX_STATE (bd_sandbox_state_get_type ())

G_DECLARE_FINAL_TYPE (BdSandboxState, bd_sandbox_state, BD, SANDBOX_STATE, GObject)

BdSandboxState      *bd_sandbox_state_new             (BdSandboxClock          *clock,
                                                       guint64                  seed);
BdSandboxClock      *bd_sandbox_state_get_clock       (BdSandboxState          *self);
const char          *bd_sandbox_state_get_business_id (BdSandboxState          *self);
const char          *bd_sandbox_state_get_brand_id    (BdSandboxState          *self);
gint64               bd_sandbox_state_now             (BdSandboxState          *self);

/* (transfer none) */
BdSandboxCollection *bd_sandbox_state_collection      (BdSandboxState          *self,
                                                       BdSandboxKind            kind);
/* (transfer none) (nullable) */
gpointer             bd_sandbox_state_lookup          (BdSandboxState          *self,
                                                       BdSandboxKind            kind,
                                                       const char              *id);
/* Appends @model (transfer none; a reference is taken), newest last. */
void                 bd_sandbox_state_add             (BdSandboxState          *self,
                                                       BdSandboxKind            kind,
                                                       gpointer                 model);
/* A fresh id for an object made while running.  (transfer full) */
char                *bd_sandbox_state_new_id          (BdSandboxState          *self,
                                                       const char              *prefix);

/* Payments.  (transfer full) (nullable) */
BdPayment           *bd_sandbox_state_get_payment     (BdSandboxState          *self,
                                                       const char              *payment_id);
/* One page, newest first.  (transfer full) (element-type BdPayment) */
GPtrArray           *bd_sandbox_state_list_payments   (BdSandboxState          *self,
                                                       const BdSandboxPaymentFilter *filter,
                                                       guint                    page_number,
                                                       guint                    page_size);
void                 bd_sandbox_state_add_payment     (BdSandboxState          *self,
                                                       BdPayment               *payment);
guint64              bd_sandbox_state_count_payments  (BdSandboxState          *self);
/* The refunds of a payment, oldest first.  (transfer none) (nullable)
 * (element-type BdRefund) */
GPtrArray           *bd_sandbox_state_get_refunds_of  (BdSandboxState          *self,
                                                       const char              *payment_id);

/* Sets the embedded customer (customer-id, -name, -email) of @model from
 * @customer, a BdCustomer, or from @holder, an object that embeds one. */
void                 bd_sandbox_embed_customer        (gpointer                 model,
                                                       gpointer                 customer);
void                 bd_sandbox_copy_customer         (gpointer                 model,
                                                       gpointer                 holder);

/* Announces that @type (a webhook event type, "payment.succeeded" …)
 * happened to @model (a stored BdPayment, BdSubscription, BdRefund or
 * BdDispute) at sandbox time @at (µs; 0 = now), as the ::event signal.
 * Every write that Dodo reports with a webhook calls this once per event;
 * bd-sandbox-webhooks.c delivers it and bd-sandbox-scheduler.c watches it. */
void                 bd_sandbox_state_emit            (BdSandboxState          *self,
                                                       const char              *type,
                                                       gpointer                 model,
                                                       gint64                   at);

/* bd-sandbox-seed.c: fill an empty state. */
void                 bd_sandbox_state_seed_demo       (BdSandboxState          *self);
void                 bd_sandbox_state_seed_payments   (BdSandboxState          *self,
                                                       guint64                  n_payments);

G_END_DECLS
