/* bd-sandbox-state.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-sandbox"

#include "config.h"

#include "bd-dispute.h"
#include "bd-refund.h"
#include "bd-sandbox-gen.h"
#include "bd-sandbox-state-private.h"
#include "bd-subscription.h"

G_DEFINE_FINAL_TYPE (BdSandboxState, bd_sandbox_state, G_TYPE_OBJECT)

static const struct {
  const char *id_property;
  const char *prefix;
} kinds[BD_SANDBOX_N_KINDS] = {
  [BD_SANDBOX_PRODUCTS]      = { "product-id", "pdt" },
  [BD_SANDBOX_CUSTOMERS]     = { "customer-id", "cus" },
  [BD_SANDBOX_SUBSCRIPTIONS] = { "subscription-id", "sub" },
  [BD_SANDBOX_REFUNDS]       = { "refund-id", "ref" },
  [BD_SANDBOX_DISPUTES]      = { "dispute-id", "dp" },
  [BD_SANDBOX_CHECKOUTS]     = { "id", "cks" },
};

/* Helpers */

static void
index_append (GHashTable *index,
              const char *key,
              gpointer    model)
{
  GPtrArray *list = g_hash_table_lookup (index, key);

  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (index, g_strdup (key), list);
    }
  g_ptr_array_add (list, model);
}

/* Sets what a payment owes to its refunds and disputes: the embedded lists,
 * refund_status (full once the refunds cover the total) and the latest
 * dispute's status. */
static void
decorate_payment (BdSandboxState *self,
                  BdPayment      *payment)
{
  const char *id = bd_model_get_string (payment, "payment-id");
  GPtrArray *refunds = g_hash_table_lookup (self->refunds_by_payment, id);
  GPtrArray *disputes = g_hash_table_lookup (self->disputes_by_payment, id);
  g_autoptr(GListStore) refund_store = g_list_store_new (BD_TYPE_REFUND);
  g_autoptr(GListStore) dispute_store = g_list_store_new (BD_TYPE_DISPUTE);
  gint64 refunded = 0;
  const char *refund_status = NULL;
  const char *dispute_status = NULL;

  for (guint i = 0; refunds != NULL && i < refunds->len; i++)
    {
      const BdMoney *amount = bd_model_get_money (refunds->pdata[i], "amount");

      g_list_store_append (refund_store, refunds->pdata[i]);
      if (bd_model_get_enum (refunds->pdata[i], "status") == BD_REFUND_STATUS_SUCCEEDED && amount != NULL)
        refunded += bd_money_get_amount (amount);
    }
  if (refunded > 0)
    refund_status = refunded >= bd_money_get_amount (bd_model_get_money (payment, "total-amount"))
                    ? "full" : "partial";

  for (guint i = 0; disputes != NULL && i < disputes->len; i++)
    {
      g_list_store_append (dispute_store, disputes->pdata[i]);
      dispute_status = bd_model_get_string (disputes->pdata[i], "dispute-status-raw");
    }

  bd_model_set (payment,
                "refunds", refund_store,
                "disputes", dispute_store,
                "refund-status", refund_status,
                "dispute-status-raw", dispute_status,
                NULL);
}

static gboolean
stored_payment_matches (BdPayment                    *payment,
                        const BdSandboxPaymentFilter *filter)
{
  gint64 created = bd_sandbox_time_from_datetime (bd_model_get_datetime (payment, "created-at"));
  const BdMoney *total = bd_model_get_money (payment, "total-amount");

  if (created < filter->created_gte || created > filter->created_lte)
    return FALSE;
  if (filter->status != NULL &&
      g_strcmp0 (filter->status, bd_model_get_string (payment, "status-raw")) != 0)
    return FALSE;
  if (filter->customer_id != NULL &&
      g_strcmp0 (filter->customer_id, bd_model_get_string (payment, "customer-id")) != 0)
    return FALSE;
  if (filter->subscription_id != NULL &&
      g_strcmp0 (filter->subscription_id, bd_model_get_string (payment, "subscription-id")) != 0)
    return FALSE;
  if (filter->currency != NULL &&
      g_strcmp0 (filter->currency, bd_money_get_currency (total)) != 0)
    return FALSE;
  if (filter->product_id != NULL)
    {
      GListModel *cart = bd_model_get_list (payment, "product-cart");
      gboolean found = FALSE;

      for (guint i = 0; cart != NULL && i < g_list_model_get_n_items (cart) && !found; i++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (cart, i);

          found = g_strcmp0 (bd_model_get_string (item, "product-id"), filter->product_id) == 0;
        }
      if (!found)
        return FALSE;
    }
  return TRUE;
}

/* The filter's ids turned into seed indexes once per list call; an id that
 * is no seeded object matches no generated payment. */
typedef struct
{
  gboolean  impossible;
  gboolean  any;            /* some filter beyond created_at */
  gint64    customer;       /* -1: any */
  gint64    subscription;
  gint64    product;
  int       status;
  int       currency;
} SpecFilter;

static gint64
seed_index_of (BdSandboxState *self,
               const char     *id,
               const char     *prefix,
               guint64         limit,
               gboolean       *impossible)
{
  guint64 serial;

  if (id == NULL)
    return -1;
  if (!bd_sandbox_id_decode (id, prefix, BD_SANDBOX_SEEDED_KEY (self), &serial) || serial >= limit)
    {
      *impossible = TRUE;
      return -1;
    }
  return (gint64) serial;
}

static int
string_index (const char * const *strv,
              const char         *value,
              gboolean           *impossible)
{
  if (value == NULL)
    return -1;
  for (int i = 0; strv[i] != NULL; i++)
    if (g_str_equal (strv[i], value))
      return i;
  *impossible = TRUE;
  return -1;
}

static void
spec_filter_init (BdSandboxState               *self,
                  SpecFilter                   *sf,
                  const BdSandboxPaymentFilter *filter)
{
  sf->impossible = FALSE;
  sf->customer = seed_index_of (self, filter->customer_id, "cus", self->n_seed_customers, &sf->impossible);
  sf->subscription = seed_index_of (self, filter->subscription_id, "sub",
                                    self->seed_subscriptions->len, &sf->impossible);
  sf->product = seed_index_of (self, filter->product_id, "pdt", self->seed_products->len, &sf->impossible);
  sf->status = string_index (bd_sandbox_seed_statuses, filter->status, &sf->impossible);
  sf->currency = string_index (bd_sandbox_seed_currencies, filter->currency, &sf->impossible);
  sf->any = filter->customer_id || filter->subscription_id || filter->product_id ||
            filter->status || filter->currency;
}

static gboolean
spec_matches (const SpecFilter           *sf,
              const BdSandboxPaymentSpec *spec)
{
  return (sf->customer < 0 || sf->customer == spec->customer) &&
         (sf->subscription < 0 || sf->subscription == spec->subscription) &&
         (sf->product < 0 || sf->product == spec->product) &&
         (sf->status < 0 || (guint) sf->status == spec->status) &&
         (sf->currency < 0 || (guint) sf->currency == spec->currency);
}

/* The first generated index whose created_at is > @t (@strict) or ≥ @t. */
static guint64
generated_bound (BdSandboxState *self,
                 gint64          t,
                 gboolean        strict)
{
  guint64 lo = 0, hi = self->n_generated;

  while (lo < hi)
    {
      guint64 mid = lo + (hi - lo) / 2;
      gint64 at = bd_sandbox_spec_created_at (self, mid);

      if (strict ? at <= t : at < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
add_generated (BdSandboxState             *self,
               GPtrArray                  *out,
               guint64                     index,
               const BdSandboxPaymentSpec *spec)
{
  BdPayment *payment = bd_sandbox_spec_to_payment (self, index, spec);

  decorate_payment (self, payment);
  g_ptr_array_add (out, payment);
}

/* GObject overrides */

static void
bd_sandbox_state_finalize (GObject *object)
{
  BdSandboxState *self = (BdSandboxState *) object;

  for (guint k = 0; k < BD_SANDBOX_N_KINDS; k++)
    {
      g_clear_pointer (&self->collections[k].by_id, g_hash_table_unref);
      g_clear_pointer (&self->collections[k].items, g_ptr_array_unref);
    }
  g_clear_pointer (&self->payments_by_id, g_hash_table_unref);
  g_clear_pointer (&self->payments, g_ptr_array_unref);
  g_clear_pointer (&self->refunds_by_payment, g_hash_table_unref);
  g_clear_pointer (&self->disputes_by_payment, g_hash_table_unref);
  g_clear_pointer (&self->seed_products, g_array_unref);
  g_clear_pointer (&self->seed_subscriptions, g_array_unref);
  g_clear_pointer (&self->business_id, g_free);
  g_clear_pointer (&self->brand_id, g_free);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (bd_sandbox_state_parent_class)->finalize (object);
}

static guint event_signal;

static void
bd_sandbox_state_class_init (BdSandboxStateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bd_sandbox_state_finalize;

  /* ::event (type, model, at): see bd_sandbox_state_emit(). */
  event_signal = g_signal_new ("event",
                               G_TYPE_FROM_CLASS (klass),
                               G_SIGNAL_RUN_LAST,
                               0, NULL, NULL, NULL,
                               G_TYPE_NONE, 3, G_TYPE_STRING, BD_TYPE_MODEL, G_TYPE_INT64);
}

static void
bd_sandbox_state_init (BdSandboxState *self)
{
  for (guint k = 0; k < BD_SANDBOX_N_KINDS; k++)
    {
      self->collections[k].items = g_ptr_array_new_with_free_func (g_object_unref);
      self->collections[k].by_id = g_hash_table_new (g_str_hash, g_str_equal);
      self->collections[k].id_property = kinds[k].id_property;
      self->collections[k].prefix = kinds[k].prefix;
    }
  self->payments = g_ptr_array_new_with_free_func (g_object_unref);
  self->payments_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->refunds_by_payment = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                    (GDestroyNotify) g_ptr_array_unref);
  self->disputes_by_payment = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                     (GDestroyNotify) g_ptr_array_unref);
  self->seed_products = g_array_new (FALSE, TRUE, sizeof (BdSandboxSeedProduct));
  self->seed_subscriptions = g_array_new (FALSE, TRUE, sizeof (BdSandboxSeedSubscription));
}

/* Public API */

BdSandboxState *
bd_sandbox_state_new (BdSandboxClock *clock,
                      guint64         seed)
{
  BdSandboxState *self;

  g_return_val_if_fail (BD_IS_SANDBOX_CLOCK (clock), NULL);

  self = g_object_new (BD_TYPE_SANDBOX_STATE, NULL);
  self->clock = g_object_ref (clock);
  self->seed = seed;
  self->business_id = bd_sandbox_id_encode ("bus", BD_SANDBOX_KEY_SEEDED ^ seed, 0);
  /* The default brand's id is the business id, as in Dodo's examples. */
  self->brand_id = g_strdup (self->business_id);
  return self;
}

BdSandboxClock *
bd_sandbox_state_get_clock (BdSandboxState *self)
{
  g_return_val_if_fail (BD_IS_SANDBOX_STATE (self), NULL);
  return self->clock;
}

const char *
bd_sandbox_state_get_business_id (BdSandboxState *self)
{
  g_return_val_if_fail (BD_IS_SANDBOX_STATE (self), NULL);
  return self->business_id;
}

const char *
bd_sandbox_state_get_brand_id (BdSandboxState *self)
{
  g_return_val_if_fail (BD_IS_SANDBOX_STATE (self), NULL);
  return self->brand_id;
}

gint64
bd_sandbox_state_now (BdSandboxState *self)
{
  g_return_val_if_fail (BD_IS_SANDBOX_STATE (self), 0);
  return bd_sandbox_clock_now_us (self->clock);
}

BdSandboxCollection *
bd_sandbox_state_collection (BdSandboxState *self,
                             BdSandboxKind   kind)
{
  g_return_val_if_fail (BD_IS_SANDBOX_STATE (self), NULL);
  g_return_val_if_fail (kind < BD_SANDBOX_N_KINDS, NULL);
  return &self->collections[kind];
}

gpointer
bd_sandbox_state_lookup (BdSandboxState *self,
                         BdSandboxKind   kind,
                         const char     *id)
{
  g_return_val_if_fail (BD_IS_SANDBOX_STATE (self), NULL);
  g_return_val_if_fail (kind < BD_SANDBOX_N_KINDS, NULL);
  return id != NULL ? g_hash_table_lookup (self->collections[kind].by_id, id) : NULL;
}

/* Dodo always sends these lists, empty or not (SubscriptionResponse
 * requires them); what the sandbox stores carries them, so every answer
 * does too.  A list its builder left unset becomes an empty one. */
static void
set_lists_dodo_always_sends (gpointer model)
{
  static const char * const subscription_lists[] = { "addons", "meters", NULL };
  const BdField *fields;
  guint n_fields;

  if (!BD_IS_SUBSCRIPTION (model))
    return;

  fields = bd_model_get_fields (G_OBJECT_TYPE (model), &n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      g_auto(GValue) empty = G_VALUE_INIT;

      if (!g_strv_contains (subscription_lists, fields[i].name)
          || bd_model_field_is_set (model, &fields[i]))
        continue;

      g_value_init (&empty, G_TYPE_LIST_MODEL);
      g_value_take_object (&empty, g_list_store_new (fields[i].type_func ()));
      bd_model_set_field (model, &fields[i], &empty);
    }
}

void
bd_sandbox_state_add (BdSandboxState *self,
                      BdSandboxKind   kind,
                      gpointer        model)
{
  BdSandboxCollection *c;

  g_return_if_fail (BD_IS_SANDBOX_STATE (self));
  g_return_if_fail (BD_IS_MODEL (model));

  set_lists_dodo_always_sends (model);
  c = &self->collections[kind];
  g_ptr_array_add (c->items, g_object_ref (model));
  g_hash_table_insert (c->by_id, (char *) bd_model_get_string (model, c->id_property), model);

  if (kind == BD_SANDBOX_REFUNDS)
    index_append (self->refunds_by_payment, bd_model_get_string (model, "payment-id"), model);
  else if (kind == BD_SANDBOX_DISPUTES)
    index_append (self->disputes_by_payment, bd_model_get_string (model, "payment-id"), model);
}

char *
bd_sandbox_state_new_id (BdSandboxState *self,
                         const char     *prefix)
{
  g_return_val_if_fail (BD_IS_SANDBOX_STATE (self), NULL);
  return bd_sandbox_id_encode (prefix, BD_SANDBOX_KEY_RUNTIME ^ self->seed, self->runtime_serial++);
}

BdPayment *
bd_sandbox_state_get_payment (BdSandboxState *self,
                              const char     *payment_id)
{
  BdPayment *payment;
  guint64 index;

  g_return_val_if_fail (BD_IS_SANDBOX_STATE (self), NULL);

  if ((payment = g_hash_table_lookup (self->payments_by_id, payment_id)))
    payment = bd_model_copy (payment);
  else if (bd_sandbox_id_decode (payment_id, "pay", BD_SANDBOX_SEEDED_KEY (self), &index) &&
           index < self->n_generated)
    {
      BdSandboxPaymentSpec spec;

      bd_sandbox_spec_generate (self, index, &spec);
      payment = bd_sandbox_spec_to_payment (self, index, &spec);
    }
  else
    return NULL;

  decorate_payment (self, payment);
  return payment;
}

GPtrArray *
bd_sandbox_state_list_payments (BdSandboxState               *self,
                                const BdSandboxPaymentFilter *filter,
                                guint                         page_number,
                                guint                         page_size)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);
  guint64 skip = (guint64) page_number * page_size;
  guint64 lo, hi;
  SpecFilter sf;

  g_return_val_if_fail (BD_IS_SANDBOX_STATE (self), out);

  /* Payments made while running are the newest. */
  for (guint i = self->payments->len; i > 0 && out->len < page_size; i--)
    {
      BdPayment *payment = self->payments->pdata[i - 1];

      if (!stored_payment_matches (payment, filter))
        continue;
      if (skip > 0)
        {
          skip--;
          continue;
        }
      payment = bd_model_copy (payment);
      decorate_payment (self, payment);
      g_ptr_array_add (out, payment);
    }

  spec_filter_init (self, &sf, filter);
  if (out->len >= page_size || sf.impossible || self->n_generated == 0)
    return out;

  lo = filter->created_gte == G_MININT64 ? 0 : generated_bound (self, filter->created_gte, FALSE);
  hi = filter->created_lte == G_MAXINT64 ? self->n_generated
                                         : generated_bound (self, filter->created_lte, TRUE);

  if (!sf.any)
    {
      /* Straight to the page: no scan. */
      if (hi < lo || skip >= hi - lo)
        return out;
      for (guint64 i = hi - skip; i > lo && out->len < page_size; i--)
        {
          BdSandboxPaymentSpec spec;

          bd_sandbox_spec_generate (self, i - 1, &spec);
          add_generated (self, out, i - 1, &spec);
        }
      return out;
    }

  for (guint64 i = hi; i > lo && out->len < page_size; i--)
    {
      BdSandboxPaymentSpec spec;

      bd_sandbox_spec_generate (self, i - 1, &spec);
      if (!spec_matches (&sf, &spec))
        continue;
      if (skip > 0)
        {
          skip--;
          continue;
        }
      add_generated (self, out, i - 1, &spec);
    }
  return out;
}

void
bd_sandbox_state_add_payment (BdSandboxState *self,
                              BdPayment      *payment)
{
  g_return_if_fail (BD_IS_SANDBOX_STATE (self));
  g_return_if_fail (BD_IS_PAYMENT (payment));

  g_ptr_array_add (self->payments, g_object_ref (payment));
  g_hash_table_insert (self->payments_by_id,
                       (char *) bd_model_get_string (payment, "payment-id"), payment);
}

guint64
bd_sandbox_state_count_payments (BdSandboxState *self)
{
  g_return_val_if_fail (BD_IS_SANDBOX_STATE (self), 0);
  return self->n_generated + self->payments->len;
}

GPtrArray *
bd_sandbox_state_get_refunds_of (BdSandboxState *self,
                                 const char     *payment_id)
{
  g_return_val_if_fail (BD_IS_SANDBOX_STATE (self), NULL);
  return g_hash_table_lookup (self->refunds_by_payment, payment_id);
}

void
bd_sandbox_embed_customer (gpointer model,
                           gpointer customer)
{
  bd_model_set (model,
                "customer-id", bd_model_get_string (customer, "customer-id"),
                "customer-name", bd_model_get_string (customer, "name"),
                "customer-email", bd_model_get_string (customer, "email"),
                NULL);
}

void
bd_sandbox_copy_customer (gpointer model,
                          gpointer holder)
{
  bd_model_set (model,
                "customer-id", bd_model_get_string (holder, "customer-id"),
                "customer-name", bd_model_get_string (holder, "customer-name"),
                "customer-email", bd_model_get_string (holder, "customer-email"),
                NULL);
}

void
bd_sandbox_state_emit (BdSandboxState *self,
                       const char     *type,
                       gpointer        model,
                       gint64          at)
{
  g_return_if_fail (BD_IS_SANDBOX_STATE (self));
  g_return_if_fail (BD_IS_MODEL (model));

  g_signal_emit (self, event_signal, 0, type, model, at != 0 ? at : bd_sandbox_state_now (self));
}
