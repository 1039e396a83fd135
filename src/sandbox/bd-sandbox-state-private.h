/* bd-sandbox-state-private.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-sandbox-state.h"

G_BEGIN_DECLS

/* Shared by bd-sandbox-state.c, bd-sandbox-seed.c and bd-sandbox-persist.c
 * (which saves and restores the serial and the seed) only. */

/* Keys for bd_sandbox_id_encode(): one per prefix, so ids of different
 * resources never decode as each other. */
#define BD_SANDBOX_KEY_SEEDED   G_GUINT64_CONSTANT (0x5eed5eed00000000)
#define BD_SANDBOX_KEY_RUNTIME  G_GUINT64_CONSTANT (0x0123456789abcdef)
#define BD_SANDBOX_SEEDED_KEY(state) (BD_SANDBOX_KEY_SEEDED ^ (state)->seed)

/* A seeded product or subscription as the generator needs it, copied at
 * seeding time so that later edits do not change history. */
typedef struct
{
  gint64       amount;     /* in the product's currency, minor units */
  const char  *currency;   /* static */
  gboolean     one_time;
} BdSandboxSeedProduct;

typedef struct
{
  guint        customer;
  guint        product;
  guint        currency;   /* index into bd_sandbox_seed_currencies */
  gint64       created_at;
  gint64       ended_at;   /* last payment allowed; G_MAXINT64 = running */
} BdSandboxSeedSubscription;

/* One generated payment, before it becomes a BdPayment. */
typedef struct
{
  gint64       created_at;
  guint        customer;
  guint        product;
  int          subscription;  /* -1: a one-time purchase */
  guint        currency;      /* index into bd_sandbox_seed_currencies */
  gint64       total;         /* tax included */
  gint64       tax;
  guint        status;        /* index into bd_sandbox_seed_statuses */
  guint        card;          /* index into the seed's cards */
} BdSandboxPaymentSpec;

struct _BdSandboxState
{
  GObject              parent_instance;

  BdSandboxClock      *clock;
  guint64              seed;
  char                *business_id;
  char                *brand_id;
  guint64              runtime_serial;

  BdSandboxCollection  collections[BD_SANDBOX_N_KINDS];

  /* Seeded payments: index i in [0, n_generated) spreads over
   * [gen_start, gen_start + n_generated * gen_step). */
  guint64              n_generated;
  gint64               gen_start;
  gint64               gen_step;
  GArray              *seed_products;       /* BdSandboxSeedProduct */
  GArray              *seed_subscriptions;  /* BdSandboxSeedSubscription */
  guint                n_seed_customers;

  /* Payments made while running, oldest first, and by id. */
  GPtrArray           *payments;
  GHashTable          *payments_by_id;

  /* payment id → GPtrArray of BdRefund / BdDispute (transfer none). */
  GHashTable          *refunds_by_payment;
  GHashTable          *disputes_by_payment;
};

extern const char * const bd_sandbox_seed_currencies[];
extern const char * const bd_sandbox_seed_statuses[];

void        bd_sandbox_spec_generate     (BdSandboxState        *self,
                                          guint64                index,
                                          BdSandboxPaymentSpec  *spec);
gint64      bd_sandbox_spec_created_at   (BdSandboxState        *self,
                                          guint64                index);
BdPayment  *bd_sandbox_spec_to_payment   (BdSandboxState        *self,
                                          guint64                index,
                                          const BdSandboxPaymentSpec *spec);

G_END_DECLS
