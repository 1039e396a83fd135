/* bd-sandbox-seed.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-sandbox"

#include "config.h"

#include <math.h>

#include "bd-customer.h"
#include "bd-dispute.h"
#include "bd-product.h"
#include "bd-refund.h"
#include "bd-sandbox-gen.h"
#include "bd-sandbox-state-private.h"
#include "bd-subscription.h"

/* A seeded account: the same six products for every seed, a few hundred
 * (demo) or N/20 customers, half as many subscriptions in every status,
 * and the payments spread over the two years before the sandbox's start
 * day, in three currencies, with refunds and disputes.  Sign-ups grow over
 * the two years and some end along the way (cancelled, expired); the newest
 * few are trials in progress; some are on demand, some cancel at the end
 * of their period.  Everything is a
 * function of the seed and the start day only. */

#define SPAN_US        ((gint64) 730 * G_USEC_PER_SEC * 24 * 3600)
#define DAY_US         ((gint64) 24 * 3600 * G_USEC_PER_SEC)
#define DEMO_SEED      G_GUINT64_CONSTANT (20260101)
#define DEMO_PAYMENTS  2400
#define DEMO_CUSTOMERS 320

/* Random streams: one per purpose, so adding one never shifts another. */
enum {
  STREAM_TIME = 1,
  STREAM_PAYMENT,
  STREAM_CUSTOMER,
  STREAM_SUBSCRIPTION,
  STREAM_REFUND,
  STREAM_DISPUTE,
  STREAM_SHAPE,     /* trials, on-demand, cancellations at period end */
};

const char * const bd_sandbox_seed_currencies[] = { "USD", "EUR", "INR", NULL };
/* How many of a currency's minor units one US cent is worth. */
static const double currency_rates[] = { 1.0, 0.92, 83.0 };
static const double tax_rates[] = { 0.0, 0.19, 0.18 };

const char * const bd_sandbox_seed_statuses[] = {
  "succeeded", "failed", "cancelled", "processing", NULL
};

static const struct {
  const char *last_four;
  const char *network;
  const char *type;
  const char *country;
} cards[] = {
  { "4242", "VISA", "CREDIT", "US" },
  { "4444", "MASTERCARD", "CREDIT", "US" },
  { "1450", "VISA", "DEBIT", "IN" },
  { "8431", "AMEX", "CREDIT", "US" },
  { "3184", "MASTERCARD", "DEBIT", "DE" },
};

static const struct {
  const char *name;
  const char *description;
  const char *type;         /* price type */
  gint64      price;        /* USD cents */
  const char *interval;     /* NULL: one-time */
  gint64      trial_days;
} products[] = {
  { "Studio Pro — Monthly", "Everything in Studio, billed monthly.", "recurring_price", 2900, "Month", 0 },
  { "Studio Pro — Yearly", "Everything in Studio, two months free.", "recurring_price", 29000, "Year", 0 },
  { "Team — Monthly", "Five seats, shared libraries, priority support. 14 days free.", "recurring_price", 9900, "Month", 14 },
  { "Team — Yearly", "Five seats, billed yearly.", "recurring_price", 99000, "Year", 0 },
  { "Icon Pack 2026", "1,200 icons in SVG and PNG, yours to keep.", "one_time_price", 4900, NULL, 0 },
  { "Render API", "Pay per rendered image after 1,000 free each month.", "usage_based_price", 1500, "Month", 0 },
};

static const char * const subscription_statuses[] = {
  "active", "pending", "on_hold", "paused", "cancelled", "failed", "expired", NULL
};

static const char * const refund_reasons[] = {
  "Requested by customer", "Duplicate purchase", "Bought the wrong plan",
  "Not satisfied with the product", NULL
};

static const struct {
  const char *country;
  const char *state;
  const char *city;
  const char *street;
  const char *zipcode;
} addresses[] = {
  { "US", "TX", "Austin", "501 Congress Ave", "78701" },
  { "US", "OR", "Portland", "1120 NW Couch St", "97209" },
  { "US", "IL", "Chicago", "233 S Wacker Dr", "60606" },
  { "US", "MA", "Boston", "1 Federal St", "02110" },
  { "DE", "Berlin", "Berlin", "Friedrichstraße 68", "10117" },
  { "FR", "Île-de-France", "Paris", "12 Rue de Rivoli", "75004" },
  { "ES", "Madrid", "Madrid", "Calle de Alcalá 45", "28014" },
  { "IT", "Lombardia", "Milano", "Via Torino 21", "20123" },
  { "NL", "Noord-Holland", "Amsterdam", "Keizersgracht 123", "1015 CJ" },
  { "IN", "Karnataka", "Bengaluru", "80 Feet Rd, Koramangala", "560034" },
  { "IN", "Maharashtra", "Mumbai", "Linking Rd, Bandra West", "400050" },
};

/* Helpers */

static char *
seeded_id (BdSandboxState *self,
           const char     *prefix,
           guint64         serial)
{
  return bd_sandbox_id_encode (prefix, BD_SANDBOX_SEEDED_KEY (self), serial);
}

static GDateTime *
to_dt (gint64 us)
{
  return bd_sandbox_time_to_datetime (us);
}

static gint64
convert (gint64 usd_cents,
         guint  currency)
{
  /* Whole units, as shops price abroad. */
  return (gint64) llround (usd_cents * currency_rates[currency] / 100.0) * 100;
}

/* A billing address in a country that pays in @currency. */
static void
set_billing (gpointer  model,
             guint64  *rng,
             guint     currency)
{
  static const guint first[] = { 0, 4, 9 }, count[] = { 4, 5, 2 };
  guint i = first[currency] + (guint) bd_sandbox_rand_below (rng, count[currency]);

  bd_model_set (model,
                "billing-country", addresses[i].country,
                "billing-state", addresses[i].state,
                "billing-city", addresses[i].city,
                "billing-street", addresses[i].street,
                "billing-zipcode", addresses[i].zipcode,
                NULL);
}

static guint
pick_currency (guint64 *rng)
{
  guint64 r = bd_sandbox_rand_below (rng, 100);

  return r < 65 ? 0 : r < 90 ? 1 : 2;
}

static GHashTable *
empty_metadata (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
add_product (BdSandboxState *self,
             guint           i,
             gint64          created)
{
  g_autoptr(BdProduct) product = bd_product_new ();
  g_autofree char *id = seeded_id (self, "pdt", i);
  g_autoptr(GDateTime) at = to_dt (created);
  g_autoptr(BdMoney) price = bd_money_new (products[i].price, "USD");
  g_autoptr(GHashTable) metadata = empty_metadata ();
  gboolean recurring = products[i].interval != NULL;
  gboolean usage = g_str_equal (products[i].type, "usage_based_price");
  BdSandboxSeedProduct seed = { products[i].price, "USD", !recurring };

  bd_model_set (product,
                "product-id", id,
                "business-id", self->business_id,
                "brand-id", self->brand_id,
                "created-at", at,
                "updated-at", at,
                "name", products[i].name,
                "description", products[i].description,
                "is-recurring", recurring,
                "tax-category-raw", "saas",
                "license-key-enabled", !recurring,
                "metadata", metadata,
                "price-type-raw", products[i].type,
                usage ? "fixed-price" : "price", price,
                "discount", (gint64) 0,
                "purchasing-power-parity", FALSE,
                "tax-inclusive", TRUE,
                NULL);
  if (recurring)
    bd_model_set (product,
                  "payment-frequency-count", (gint64) 1,
                  "payment-frequency-interval-raw", products[i].interval,
                  "subscription-period-count", (gint64) 10,
                  "subscription-period-interval-raw", "Year",
                  "trial-period-days", products[i].trial_days,
                  NULL);
  bd_sandbox_state_add (self, BD_SANDBOX_PRODUCTS, product);
  g_array_append_val (self->seed_products, seed);
}

static void
add_customer (BdSandboxState *self,
              guint           i)
{
  g_autoptr(BdCustomer) customer = bd_customer_new ();
  guint64 rng = bd_sandbox_rand_init (self->seed, STREAM_CUSTOMER, i);
  g_autofree char *id = seeded_id (self, "cus", i);
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  g_autoptr(GDateTime) at = NULL;

  /* Customers join over the two years, oldest first. */
  at = to_dt (self->gen_start + (gint64) (i * (SPAN_US / MAX (self->n_seed_customers, 1))));
  bd_sandbox_gen_person (&rng, &name, &email);
  bd_model_set (customer,
                "customer-id", id,
                "business-id", self->business_id,
                "created-at", at,
                "email", email,
                "name", name,
                NULL);
  if (bd_sandbox_rand_below (&rng, 3) == 0)
    bd_model_set (customer, "phone-number", "+1 555 0100", NULL);
  bd_sandbox_state_add (self, BD_SANDBOX_CUSTOMERS, customer);
}

static const guint recurring_products[] = { 0, 1, 2, 3, 5 };

/* When seeded subscription @i of @n started: ever more often (the i-th at
 * sqrt (i / n) of the two years), so sign-ups grow about linearly, from
 * nearly none a month two years ago to twice the average last month. */
static gint64
subscription_start (BdSandboxState *self,
                    guint           i,
                    guint           n)
{
  return self->gen_start + (gint64) ((double) SPAN_US * sqrt ((double) i / n));
}

/* A trial's start: the last @n_trials of @n start 1 to 13 days before
 * @now (the newest latest), so some trials end within days and some in
 * almost two weeks. */
static gint64
trial_start (gint64   now,
             guint    i,
             guint    n,
             guint    n_trials,
             guint64 *shape)
{
  gint64 days = 1 + (gint64) ((n - 1 - i) * 12 / MAX (n_trials - 1, 1));

  return now - DAY_US * days + (gint64) bd_sandbox_rand_below (shape, 12 * 3600) * G_USEC_PER_SEC;
}

/* How many of the @n seeded subscriptions had started by @at: the inverse
 * of subscription_start(). */
static guint64
subscriptions_started (BdSandboxState *self,
                       gint64          at,
                       guint           n)
{
  double share = (double) (at - self->gen_start) / SPAN_US;
  guint64 started = 0;

  if (share > 0)
    started = (guint64) (share * share * n) + 1;
  while (started > 0 && started <= n && subscription_start (self, (guint) started - 1, n) > at)
    started--;
  return started;
}

static void
add_subscription (BdSandboxState *self,
                  guint           i,
                  guint           n)
{
  g_autoptr(BdSubscription) sub = bd_subscription_new ();
  guint64 rng = bd_sandbox_rand_init (self->seed, STREAM_SUBSCRIPTION, i);
  g_autofree char *id = seeded_id (self, "sub", i);
  /* Subscriptions start ever more often over the two years
   * (subscription_start()); the first seven take each status once so every
   * status exists even in a tiny seed. */
  guint n_trials = MAX (4, n / 25);
  /* The newest few are Team trials in progress (see trial_start()). */
  gboolean trial = i >= 7 && i + n_trials >= n;
  /* Drawn from a stream of its own, so the draws below stay as they were. */
  guint64 shape = bd_sandbox_rand_init (self->seed, STREAM_SHAPE, i);
  gint64 now = self->gen_start + SPAN_US;
  gint64 created = trial ? trial_start (now, i, n, n_trials, &shape) : subscription_start (self, i, n);
  guint drawn_product = recurring_products[bd_sandbox_rand_below (&rng, G_N_ELEMENTS (recurring_products))];
  guint product = trial ? 2 : drawn_product;
  guint customer = (guint) bd_sandbox_rand_below (&rng, self->n_seed_customers);
  guint currency = pick_currency (&rng);
  const char *drawn_status = i < 7 ? subscription_statuses[i]
                                   : bd_sandbox_rand_below (&rng, 100) < 62 ? "active"
                                   : bd_sandbox_pick (&rng, subscription_statuses);
  const char *status = trial ? "active" : drawn_status;
  gboolean yearly = g_strcmp0 (products[product].interval, "Year") == 0;
  gint64 period = yearly ? 365 * DAY_US : 30 * DAY_US;
  gint64 elapsed = (now - created) / period;
  gint64 next = trial ? created + products[product].trial_days * DAY_US : created + (elapsed + 1) * period;
  BdCustomer *c = self->collections[BD_SANDBOX_CUSTOMERS].items->pdata[customer];
  g_autoptr(BdMoney) amount = bd_money_new (convert (products[product].price, currency),
                                            bd_sandbox_seed_currencies[currency]);
  g_autoptr(GDateTime) created_dt = to_dt (created);
  g_autoptr(GDateTime) next_dt = to_dt (next);
  g_autoptr(GDateTime) previous_dt = to_dt (trial ? created : next - period);
  g_autoptr(GHashTable) metadata = empty_metadata ();
  BdSandboxSeedSubscription seed = { customer, product, currency, created, G_MAXINT64 };

  bd_model_set (sub,
                "subscription-id", id,
                "product-id", bd_model_get_string (self->collections[BD_SANDBOX_PRODUCTS].items->pdata[product], "product-id"),
                "product-name", products[product].name,
                "brand-id", self->brand_id,
                "status-raw", status,
                "quantity", (gint64) 1,
                "recurring-pre-tax-amount", amount,
                "tax-inclusive", TRUE,
                "payment-frequency-count", (gint64) 1,
                "payment-frequency-interval-raw", products[product].interval,
                "subscription-period-count", (gint64) 10,
                "subscription-period-interval-raw", "Year",
                "trial-period-days", products[product].trial_days,
                "created-at", created_dt,
                "next-billing-date", next_dt,
                "previous-billing-date", previous_dt,
                "cancel-at-next-billing-date", FALSE,
                "on-demand", FALSE,
                "metadata", metadata,
                NULL);
  bd_sandbox_embed_customer (sub, c);
  set_billing (sub, &rng, currency);

  if (g_str_equal (status, "cancelled") || g_str_equal (status, "expired") ||
      g_str_equal (status, "failed"))
    {
      /* Drawn before MIN (), which would draw it twice. */
      gint64 periods = 1 + (gint64) bd_sandbox_rand_below (&rng, 6);
      gint64 ended = MIN (created + period * periods, now - DAY_US);
      g_autoptr(GDateTime) ended_dt = to_dt (MAX (ended, created));

      bd_model_set (sub, g_str_equal (status, "expired") ? "expires-at" : "cancelled-at", ended_dt, NULL);
      seed.ended_at = MAX (ended, created);
    }
  else if (g_str_equal (status, "active") && !trial)
    {
      guint64 r = bd_sandbox_rand_below (&shape, 100);

      /* The usage-based plan is charged on demand for half its customers;
       * about one active subscription in fifteen cancels at the end of its
       * period. */
      if (product == 5 && r < 50)
        bd_model_set (sub, "on-demand", TRUE, NULL);
      if (bd_sandbox_rand_below (&shape, 15) == 0)
        bd_model_set (sub, "cancel-at-next-billing-date", TRUE, NULL);
    }
  else if (g_str_equal (status, "paused"))
    {
      gint64 days = 1 + (gint64) bd_sandbox_rand_below (&rng, 40);
      g_autoptr(GDateTime) paused = to_dt (MAX (now - DAY_US * days, created));

      bd_model_set (sub, "paused-at", paused, NULL);
    }

  bd_sandbox_state_add (self, BD_SANDBOX_SUBSCRIPTIONS, sub);
  g_array_append_val (self->seed_subscriptions, seed);
}

/* The generator */

gint64
bd_sandbox_spec_created_at (BdSandboxState *self,
                            guint64         index)
{
  guint64 rng = bd_sandbox_rand_init (self->seed, STREAM_TIME, index);

  return self->gen_start + (gint64) index * self->gen_step +
         (gint64) bd_sandbox_rand_below (&rng, (guint64) self->gen_step);
}

void
bd_sandbox_spec_generate (BdSandboxState       *self,
                          guint64               index,
                          BdSandboxPaymentSpec *spec)
{
  guint64 rng = bd_sandbox_rand_init (self->seed, STREAM_PAYMENT, index);
  guint n_subs = self->seed_subscriptions->len;
  guint64 r = bd_sandbox_rand_below (&rng, 1000);
  gint64 price;
  double tax_rate;

  spec->created_at = bd_sandbox_spec_created_at (self, index);

  /* Two thirds are renewals of a subscription that had started by then. */
  if (n_subs > 0 && bd_sandbox_rand_below (&rng, 3) != 0)
    {
      guint64 started = subscriptions_started (self, spec->created_at, n_subs);
      guint s = (guint) bd_sandbox_rand_below (&rng, MAX (MIN (started, n_subs), 1));
      const BdSandboxSeedSubscription *sub = &g_array_index (self->seed_subscriptions,
                                                             BdSandboxSeedSubscription, s);

      spec->subscription = (int) s;
      spec->customer = sub->customer;
      spec->product = sub->product;
      spec->currency = sub->currency;
    }
  else
    {
      spec->subscription = -1;
      spec->customer = (guint) bd_sandbox_rand_below (&rng, MAX (self->n_seed_customers, 1));
      spec->product = 4;
      spec->currency = pick_currency (&rng);
    }

  price = convert (g_array_index (self->seed_products, BdSandboxSeedProduct, spec->product).amount,
                   spec->currency);
  tax_rate = spec->currency == 0 ? (bd_sandbox_rand_below (&rng, 2) ? 0.0825 : 0.0)
                                 : tax_rates[spec->currency];
  spec->total = price;
  spec->tax = price - (gint64) llround (price / (1.0 + tax_rate));
  spec->status = r < 930 ? 0 : r < 980 ? 1 : r < 992 ? 2 : 3;
  spec->card = (guint) bd_sandbox_rand_below (&rng, G_N_ELEMENTS (cards));
}

BdPayment *
bd_sandbox_spec_to_payment (BdSandboxState             *self,
                            guint64                     index,
                            const BdSandboxPaymentSpec *spec)
{
  BdPayment *payment = bd_payment_new ();
  g_autofree char *id = seeded_id (self, "pay", index);
  g_autofree char *sub_id = spec->subscription >= 0 ? seeded_id (self, "sub", (guint64) spec->subscription) : NULL;
  BdCustomer *c = self->collections[BD_SANDBOX_CUSTOMERS].items->pdata[spec->customer];
  const char *currency = bd_sandbox_seed_currencies[spec->currency];
  g_autoptr(GDateTime) at = to_dt (spec->created_at);
  g_autoptr(BdMoney) total = bd_money_new (spec->total, currency);
  g_autoptr(BdMoney) tax = bd_money_new (spec->tax, currency);
  g_autoptr(BdMoney) settlement = bd_money_new ((gint64) llround (spec->total / currency_rates[spec->currency]), "USD");
  g_autoptr(BdMoney) settlement_tax = bd_money_new ((gint64) llround (spec->tax / currency_rates[spec->currency]), "USD");
  g_autoptr(GHashTable) metadata = empty_metadata ();
  const char *status = bd_sandbox_seed_statuses[spec->status];
  guint64 rng = bd_sandbox_rand_init (self->seed, STREAM_PAYMENT, index ^ G_GUINT64_CONSTANT (0xb111));

  bd_model_set (payment,
                "payment-id", id,
                "business-id", self->business_id,
                "brand-id", self->brand_id,
                "created-at", at,
                "updated-at", at,
                "status-raw", status,
                "total-amount", total,
                "tax", tax,
                "settlement-amount", settlement,
                "settlement-tax", settlement_tax,
                "metadata", metadata,
                "subscription-id", sub_id,
                "payment-provider", "stripe",
                "payment-method", "card",
                "payment-method-type", g_str_equal (cards[spec->card].type, "DEBIT") ? "debit" : "credit",
                "card-network", cards[spec->card].network,
                "card-last-four", cards[spec->card].last_four,
                "card-type", cards[spec->card].type,
                "card-issuing-country", cards[spec->card].country,
                "digital-products-delivered", spec->status == 0,
                "is-update-payment-method", FALSE,
                "retry-attempt", (gint64) 0,
                NULL);
  bd_sandbox_embed_customer (payment, c);

  set_billing (payment, &rng, spec->currency);
  if (spec->status == 1)
    bd_model_set (payment,
                  "error-code", "CARD_DECLINED",
                  "error-message", "The card was declined.",
                  NULL);

  /* Dodo fills product_cart for one-time purchases only. */
  if (spec->subscription < 0)
    {
      g_autoptr(GListStore) cart = g_list_store_new (BD_TYPE_LINE_ITEM);
      g_autoptr(BdLineItem) item = bd_line_item_new ();
      BdModel *product = self->collections[BD_SANDBOX_PRODUCTS].items->pdata[spec->product];

      bd_model_set (item,
                    "product-id", bd_model_get_string (product, "product-id"),
                    "quantity", (gint64) 1,
                    NULL);
      g_list_store_append (cart, item);
      bd_model_set (payment, "product-cart", cart, NULL);
    }

  return payment;
}

/* Seeding */

typedef struct
{
  gint64   created_at;
  BdModel *model;
} Dated;

static int
compare_dated (gconstpointer a,
               gconstpointer b)
{
  const Dated *x = a, *y = b;

  return (x->created_at > y->created_at) - (x->created_at < y->created_at);
}

static BdRefund *
make_seed_refund (BdSandboxState             *self,
                  guint64                     index,
                  const BdSandboxPaymentSpec *spec,
                  guint64                    *rng,
                  gint64                      created)
{
  BdRefund *refund = bd_refund_new ();
  g_autofree char *payment_id = seeded_id (self, "pay", index);
  g_autofree char *id = seeded_id (self, "ref", index);
  gboolean partial = bd_sandbox_rand_below (rng, 3) == 0;
  gint64 amount = partial ? spec->total * (gint64) (10 + bd_sandbox_rand_below (rng, 50)) / 100
                          : spec->total;
  g_autoptr(BdMoney) money = bd_money_new (amount, bd_sandbox_seed_currencies[spec->currency]);
  g_autoptr(GDateTime) at = to_dt (created);
  g_autoptr(GHashTable) metadata = empty_metadata ();
  BdCustomer *c = self->collections[BD_SANDBOX_CUSTOMERS].items->pdata[spec->customer];

  bd_model_set (refund,
                "refund-id", id,
                "payment-id", payment_id,
                "business-id", self->business_id,
                "brand-id", self->brand_id,
                "created-at", at,
                "status-raw", "succeeded",
                "is-partial", partial,
                "amount", money,
                "reason", bd_sandbox_pick (rng, refund_reasons),
                "metadata", metadata,
                NULL);
  bd_sandbox_embed_customer (refund, c);
  return refund;
}

static const struct {
  const char *stage;
  const char *status;
} dispute_outcomes[] = {
  { "dispute", "dispute_opened" },
  { "dispute", "dispute_challenged" },
  { "dispute", "dispute_won" },
  { "dispute", "dispute_lost" },
  { "pre_dispute", "dispute_accepted" },
  { "pre_arbitration", "dispute_expired" },
};

static BdDispute *
make_seed_dispute (BdSandboxState             *self,
                   guint64                     index,
                   const BdSandboxPaymentSpec *spec,
                   guint64                    *rng,
                   gint64                      created)
{
  BdDispute *dispute = bd_dispute_new ();
  g_autofree char *payment_id = seeded_id (self, "pay", index);
  g_autofree char *id = seeded_id (self, "dp", index);
  guint outcome = (guint) bd_sandbox_rand_below (rng, G_N_ELEMENTS (dispute_outcomes));
  g_autoptr(BdMoney) money = bd_money_new (spec->total, bd_sandbox_seed_currencies[spec->currency]);
  g_autoptr(GDateTime) at = to_dt (created);
  BdCustomer *c = self->collections[BD_SANDBOX_CUSTOMERS].items->pdata[spec->customer];

  bd_model_set (dispute,
                "dispute-id", id,
                "payment-id", payment_id,
                "business-id", self->business_id,
                "brand-id", self->brand_id,
                "created-at", at,
                "amount", money,
                "dispute-stage-raw", dispute_outcomes[outcome].stage,
                "dispute-status-raw", dispute_outcomes[outcome].status,
                "reason", bd_sandbox_rand_below (rng, 2) ? "fraudulent" : "product_not_received",
                "payment-provider", "stripe",
                NULL);
  bd_sandbox_embed_customer (dispute, c);
  return dispute;
}

static void
add_sorted (BdSandboxState *self,
            BdSandboxKind   kind,
            GArray         *dated)
{
  g_array_sort (dated, compare_dated);
  for (guint i = 0; i < dated->len; i++)
    {
      Dated *d = &g_array_index (dated, Dated, i);

      bd_sandbox_state_add (self, kind, d->model);
      g_object_unref (d->model);
    }
}

/* About 3 % of succeeded payments are refunded and 0.6 % disputed, some
 * days after the payment and never after the sandbox's start. */
static void
seed_refunds_and_disputes (BdSandboxState *self)
{
  g_autoptr(GArray) refunds = g_array_new (FALSE, FALSE, sizeof (Dated));
  g_autoptr(GArray) disputes = g_array_new (FALSE, FALSE, sizeof (Dated));
  gint64 end = self->gen_start + SPAN_US;

  for (guint64 i = 0; i < self->n_generated; i++)
    {
      guint64 rng = bd_sandbox_rand_init (self->seed, STREAM_REFUND, i);
      guint64 r = bd_sandbox_rand_below (&rng, 1000);
      BdSandboxPaymentSpec spec;
      Dated d;

      if (r >= 36)
        continue;
      bd_sandbox_spec_generate (self, i, &spec);
      if (spec.status != 0)
        continue;

      d.created_at = spec.created_at + (gint64) bd_sandbox_rand_below (&rng, 20 * DAY_US) + (gint64) 3600 * G_USEC_PER_SEC;
      if (d.created_at >= end)
        continue;

      if (r < 30)
        {
          d.model = BD_MODEL (make_seed_refund (self, i, &spec, &rng, d.created_at));
          g_array_append_val (refunds, d);
        }
      else
        {
          d.model = BD_MODEL (make_seed_dispute (self, i, &spec, &rng, d.created_at));
          g_array_append_val (disputes, d);
        }
    }

  add_sorted (self, BD_SANDBOX_REFUNDS, refunds);
  add_sorted (self, BD_SANDBOX_DISPUTES, disputes);
}

static void
seed_account (BdSandboxState *self,
              guint64         n_payments,
              guint           n_customers)
{
  /* History ends at the start of the sandbox's first day (UTC), so two
   * runs on the same day, or with the same --now, are identical. */
  gint64 now = bd_sandbox_clock_now_us (self->clock);
  gint64 end = now - now % DAY_US;
  guint n_subs = MAX (n_customers / 2, 7);

  g_return_if_fail (self->n_generated == 0);

  self->gen_start = end - SPAN_US;
  self->gen_step = MAX (SPAN_US / (gint64) MAX (n_payments, 1), 1);
  self->n_seed_customers = n_customers;

  for (guint i = 0; i < G_N_ELEMENTS (products); i++)
    add_product (self, i, self->gen_start - DAY_US * (gint64) (30 - i));
  for (guint i = 0; i < n_customers; i++)
    add_customer (self, i);
  for (guint i = 0; i < n_subs; i++)
    add_subscription (self, i, n_subs);

  self->n_generated = n_payments;
  seed_refunds_and_disputes (self);
}

void
bd_sandbox_state_seed_demo (BdSandboxState *self)
{
  g_return_if_fail (BD_IS_SANDBOX_STATE (self));

  self->seed ^= DEMO_SEED;
  seed_account (self, DEMO_PAYMENTS, DEMO_CUSTOMERS);
}

void
bd_sandbox_state_seed_payments (BdSandboxState *self,
                                guint64         n_payments)
{
  g_return_if_fail (BD_IS_SANDBOX_STATE (self));

  seed_account (self, n_payments, (guint) CLAMP (n_payments / 20, 50, 50000));
}
