/* test-models.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bd-checkout-session.h"
#include "bd-customer.h"
#include "bd-dispute.h"
#include "bd-payment.h"
#include "bd-product.h"
#include "bd-refund.h"
#include "bd-subscription.h"
#include "bd-webhook-event.h"

/* ---------------------------------------------------------------- helpers */

/* Counts notifications by property name. */
static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           GHashTable *counts)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, pspec->name));

  g_hash_table_insert (counts, (gpointer) pspec->name, GUINT_TO_POINTER (n + 1));
}

static GHashTable *
watch (gpointer object)
{
  GHashTable *counts = g_hash_table_new (g_str_hash, g_str_equal);

  g_signal_connect (object, "notify", G_CALLBACK (on_notify), counts);

  return counts;
}

static int
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* The notified names, sorted, "name*N" for a name notified N > 1 times;
 * forgets them. */
static char *
take_notified (GHashTable *counts)
{
  g_autofree const char **names = (const char **) g_hash_table_get_keys_as_array (counts, NULL);
  g_autoptr(GString) s = g_string_new (NULL);

  g_qsort_with_data (names, g_hash_table_size (counts), sizeof (char *),
                     compare_names, NULL);
  for (guint i = 0; names[i] != NULL; i++)
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, names[i]));

      g_string_append_printf (s, "%s%s", s->len ? " " : "", names[i]);
      if (n > 1)
        g_string_append_printf (s, "*%u", n);
    }
  g_hash_table_remove_all (counts);

  return g_string_free (g_steal_pointer (&s), FALSE);
}

#define assert_notified(counts, expected)        \
  G_STMT_START {                                 \
    g_autofree char *got_ = take_notified (counts); \
    g_assert_cmpstr (got_, ==, expected);        \
  } G_STMT_END

static BdRefund *
make_refund (const char *id,
             const char *status)
{
  BdRefund *refund = bd_refund_new ();
  g_autoptr(BdMoney) amount = bd_money_new (500, "USD");

  bd_model_set (refund,
                "refund-id", id,
                "payment-id", "pay_1",
                "status-raw", status,
                "amount", amount,
                NULL);

  return refund;
}

static BdPayment *
make_payment (void)
{
  BdPayment *payment = bd_payment_new ();
  g_autoptr(BdMoney) total = bd_money_new (1999, "USD");
  g_autoptr(BdMoney) tax = bd_money_new (150, "USD");
  g_autoptr(GDateTime) created = g_date_time_new_from_iso8601 ("2026-01-02T03:04:05+02:00", NULL);
  g_autoptr(GHashTable) metadata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GListStore) cart = g_list_store_new (BD_TYPE_LINE_ITEM);
  g_autoptr(GListStore) refunds = g_list_store_new (BD_TYPE_REFUND);
  g_autoptr(BdLineItem) line = bd_line_item_new ();
  g_autoptr(BdRefund) refund = make_refund ("ref_1", "pending");

  g_hash_table_insert (metadata, g_strdup ("order"), g_strdup ("42"));
  bd_model_set (line, "product-id", "pdt_1", "quantity", (gint64) 2, NULL);
  g_list_store_append (cart, line);
  g_list_store_append (refunds, refund);

  bd_model_set (payment,
                "payment-id", "pay_1",
                "status-raw", "succeeded",
                "total-amount", total,
                "tax", tax,
                "created-at", created,
                "customer-name", "Ann",
                "customer-email", "ann@example.com",
                "card-network", "VISA",
                "card-last-four", "4242",
                "digital-products-delivered", TRUE,
                "metadata", metadata,
                "product-cart", cart,
                "refunds", refunds,
                NULL);

  return payment;
}

static GType
model_type (guint i)
{
  GType types[] = {
    BD_TYPE_PRODUCT, BD_TYPE_METER, BD_TYPE_CUSTOMER, BD_TYPE_SUBSCRIPTION,
    BD_TYPE_PAYMENT, BD_TYPE_LINE_ITEM, BD_TYPE_REFUND, BD_TYPE_DISPUTE,
    BD_TYPE_CHECKOUT_SESSION, BD_TYPE_WEBHOOK_EVENT, G_TYPE_INVALID,
  };

  g_assert_cmpuint (i, <, G_N_ELEMENTS (types));
  return types[i];
}

static const BdField *
find_field (GType       type,
            const char *name)
{
  guint n;
  const BdField *fields = bd_model_get_fields (type, &n);

  for (guint i = 0; i < n; i++)
    if (g_str_equal (fields[i].name, name))
      return &fields[i];

  g_assert_not_reached ();
  return NULL;
}

/* ------------------------------------------------------------------ tests */

static void
test_payment_properties (void)
{
  g_autoptr(BdPayment) payment = make_payment ();
  g_autoptr(BdMoney) total = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GHashTable) metadata = NULL;
  g_autoptr(GListModel) cart = NULL;
  g_autoptr(BdLineItem) line = NULL;
  g_autofree char *email = NULL;
  g_autofree char *error_code = NULL;
  BdPaymentStatus status;
  gboolean delivered;

  g_object_get (payment,
                "customer-email", &email,
                "error-code", &error_code,
                "status", &status,
                "total-amount", &total,
                "created-at", &created,
                "metadata", &metadata,
                "product-cart", &cart,
                "digital-products-delivered", &delivered,
                NULL);

  g_assert_cmpstr (email, ==, "ann@example.com");
  g_assert_null (error_code);
  g_assert_cmpint (status, ==, BD_PAYMENT_STATUS_SUCCEEDED);
  g_assert_true (delivered);
  g_assert_cmpint (bd_money_get_amount (total), ==, 1999);
  g_assert_cmpstr (bd_money_get_currency (total), ==, "USD");
  g_assert_cmpint (bd_money_get_amount (bd_model_get_money (payment, "tax")), ==, 150);
  g_assert_null (bd_model_get_money (payment, "settlement-amount"));

  /* Times are kept in UTC. */
  g_assert_cmpint (g_date_time_get_utc_offset (created), ==, 0);
  g_assert_cmpint (g_date_time_get_hour (created), ==, 1);
  g_assert_cmpint (g_date_time_to_unix (created), ==, 1767315845);

  g_assert_cmpstr (g_hash_table_lookup (metadata, "order"), ==, "42");

  g_assert_cmpuint (g_list_model_get_n_items (cart), ==, 1);
  line = g_list_model_get_item (cart, 0);
  g_assert_cmpstr (bd_model_get_string (line, "product-id"), ==, "pdt_1");
  g_assert_cmpint (bd_model_get_int (line, "quantity"), ==, 2);
  g_assert_null (bd_model_get_string (line, "addon-id"));

  g_clear_object (&line);
  g_clear_object (&cart);
  g_assert_finalize_object (g_steal_pointer (&payment));
}

static void
test_payment_update_notifies_changed (void)
{
  g_autoptr(BdPayment) payment = make_payment ();
  g_autoptr(BdPayment) newer = make_payment ();
  g_autoptr(BdMoney) total = bd_money_new (2999, "USD");
  g_autoptr(GHashTable) counts = watch (payment);

  /* Equal values in new instances (money, dates, tables, lists) are no
   * change. */
  g_assert_true (bd_model_equal (payment, newer));
  g_assert_false (bd_model_update_from (payment, newer));
  assert_notified (counts, "");

  bd_model_set (newer,
                "status", BD_PAYMENT_STATUS_FAILED,
                "total-amount", total,
                "tax", NULL,
                "customer-email", "ann@example.org",
                "error-message", "Card declined",
                NULL);
  g_assert_false (bd_model_equal (payment, newer));

  g_assert_true (bd_model_update_from (payment, newer));
  assert_notified (counts, "customer-email error-message status status-raw tax total-amount");
  g_assert_true (bd_model_equal (payment, newer));
  g_assert_cmpint (bd_model_get_enum (payment, "status"), ==, BD_PAYMENT_STATUS_FAILED);
  g_assert_cmpstr (bd_model_get_string (payment, "status-raw"), ==, "failed");
  g_assert_cmpint (bd_money_get_amount (bd_model_get_money (payment, "total-amount")), ==, 2999);

  g_assert_false (bd_model_update_from (payment, newer));
  assert_notified (counts, "");

  g_assert_finalize_object (g_steal_pointer (&newer));
  g_assert_finalize_object (g_steal_pointer (&payment));
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GString    *log)
{
  g_string_append_printf (log, "%u-%u+%u;", position, removed, added);
}

/* A list property keeps its GListModel and its items: they are updated in
 * place, so rows bound to them update. */
static void
test_payment_update_lists_in_place (void)
{
  g_autoptr(BdPayment) payment = make_payment ();
  g_autoptr(BdPayment) newer = make_payment ();
  g_autoptr(BdRefund) second = make_refund ("ref_2", "review");
  g_autoptr(GHashTable) counts = watch (payment);
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GHashTable) item_counts = NULL;
  g_autoptr(BdRefund) first = NULL;
  g_autoptr(BdRefund) first_newer = NULL;
  g_autoptr(BdRefund) added = NULL;
  GListModel *refunds = bd_model_get_list (payment, "refunds");
  GListModel *newer_refunds = bd_model_get_list (newer, "refunds");

  first = g_list_model_get_item (refunds, 0);
  item_counts = watch (first);
  g_signal_connect (refunds, "items-changed", G_CALLBACK (on_items_changed), log);

  first_newer = g_list_model_get_item (newer_refunds, 0);
  bd_model_set (first_newer, "status-raw", "succeeded", NULL);
  g_list_store_append (G_LIST_STORE (newer_refunds), second);

  g_assert_true (bd_model_update_from (payment, newer));
  assert_notified (counts, "refunds");
  assert_notified (item_counts, "status status-raw");
  g_assert_cmpstr (log->str, ==, "1-0+1;");

  g_assert_true (bd_model_get_list (payment, "refunds") == refunds);
  g_assert_cmpuint (g_list_model_get_n_items (refunds), ==, 2);
  g_assert_cmpint (bd_model_get_enum (first, "status"), ==, BD_REFUND_STATUS_SUCCEEDED);

  /* The added item is a copy, not shared with @newer. */
  added = g_list_model_get_item (refunds, 1);
  g_assert_true (added != second);
  g_assert_cmpstr (bd_model_get_string (added, "refund-id"), ==, "ref_2");

  /* Shrinking removes the tail. */
  g_list_store_remove (G_LIST_STORE (newer_refunds), 1);
  g_string_truncate (log, 0);
  g_assert_true (bd_model_update_from (payment, newer));
  assert_notified (counts, "refunds");
  g_assert_cmpstr (log->str, ==, "1-1+0;");

  g_clear_object (&added);
  g_assert_finalize_object (g_steal_pointer (&newer));
  g_assert_finalize_object (g_steal_pointer (&payment));
  g_assert_finalize_object (g_steal_pointer (&first));
}

/* A status the server adds later is kept as UNKNOWN plus its raw text; a
 * change between two unknown values changes only the raw text. */
static void
test_unknown_status_kept (void)
{
  g_autoptr(BdSubscription) sub = bd_subscription_new ();
  g_autoptr(BdSubscription) newer = bd_subscription_new ();
  g_autoptr(GHashTable) counts = watch (sub);

  bd_model_set (sub, "subscription-id", "sub_1", "status-raw", "hibernating", NULL);
  assert_notified (counts, "status-raw subscription-id");
  g_assert_cmpint (bd_model_get_enum (sub, "status"), ==, BD_SUBSCRIPTION_STATUS_UNKNOWN);
  g_assert_cmpstr (bd_model_get_string (sub, "status-raw"), ==, "hibernating");

  bd_model_set (newer, "subscription-id", "sub_1", "status-raw", "frozen", NULL);
  g_assert_true (bd_model_update_from (sub, newer));
  assert_notified (counts, "status-raw");
  g_assert_cmpstr (g_value_get_string (bd_model_peek_field (sub, find_field (BD_TYPE_SUBSCRIPTION, "status"))),
                   ==, "frozen");

  bd_model_set (newer, "status-raw", "active", NULL);
  g_assert_true (bd_model_update_from (sub, newer));
  assert_notified (counts, "status status-raw");
  g_assert_cmpint (bd_model_get_enum (sub, "status"), ==, BD_SUBSCRIPTION_STATUS_ACTIVE);

  g_assert_finalize_object (g_steal_pointer (&newer));
  g_assert_finalize_object (g_steal_pointer (&sub));
}

/* Widgets can read and bind, not write; every field has its property. */
static void
test_properties_read_only (void)
{
  for (guint t = 0; model_type (t) != G_TYPE_INVALID; t++)
    {
      g_autoptr(GTypeClass) type_class = g_type_class_ref (model_type (t));
      GObjectClass *klass = G_OBJECT_CLASS (type_class);
      g_autofree GParamSpec **pspecs = NULL;
      const BdField *fields;
      guint n_pspecs, n_fields, n_enums = 0;

      fields = bd_model_get_fields (model_type (t), &n_fields);
      g_assert_cmpuint (n_fields, >, 0);
      for (guint i = 0; i < n_fields; i++)
        {
          g_autofree char *raw = g_strconcat (fields[i].name, "-raw", NULL);

          g_assert_nonnull (g_object_class_find_property (klass, fields[i].name));
          if (fields[i].kind == BD_FIELD_ENUM)
            {
              g_assert_nonnull (g_object_class_find_property (klass, raw));
              n_enums++;
            }
        }

      pspecs = g_object_class_list_properties (klass, &n_pspecs);
      g_assert_cmpuint (n_pspecs, ==, n_fields + n_enums);
      for (guint i = 0; i < n_pspecs; i++)
        {
          g_assert_true (pspecs[i]->flags & G_PARAM_READABLE);
          g_assert_false (pspecs[i]->flags & G_PARAM_WRITABLE);
          g_assert_true (pspecs[i]->flags & G_PARAM_EXPLICIT_NOTIFY);
        }
    }
}

/* The path the JSON codec takes: GValues through the field table. */
static void
test_codec_path (void)
{
  g_autoptr(BdProduct) product = bd_product_new ();
  g_autoptr(BdMoney) price = bd_money_new (1200, "EUR");
  g_autoptr(GHashTable) counts = watch (product);
  g_auto(GValue) v = G_VALUE_INIT;
  const BdField *discount = find_field (BD_TYPE_PRODUCT, "discount");
  const BdField *type = find_field (BD_TYPE_PRODUCT, "price-type");
  const BdField *money = find_field (BD_TYPE_PRODUCT, "price");

  g_assert_cmpstr (type->json_key, ==, "price.type");
  g_assert_cmpstr (money->json_key, ==, "price.price");
  g_assert_cmpstr (money->currency_key, ==, "price.currency");

  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, "recurring_price");
  bd_model_set_field (product, type, &v);
  g_value_unset (&v);

  /* Integers are converted to the property's type. */
  g_value_init (&v, G_TYPE_INT);
  g_value_set_int (&v, 20);
  bd_model_set_field (product, discount, &v);
  g_value_unset (&v);

  g_value_init (&v, BD_TYPE_MONEY);
  g_value_set_boxed (&v, price);
  bd_model_set_field (product, money, &v);
  g_value_unset (&v);

  assert_notified (counts, "discount price price-type price-type-raw");
  g_assert_cmpint (bd_model_get_enum (product, "price-type"), ==, BD_PRICE_TYPE_RECURRING);
  g_assert_cmpint (bd_model_get_int (product, "discount"), ==, 20);
  g_assert_cmpstr (g_value_get_string (bd_model_peek_field (product, type)), ==, "recurring_price");
  g_assert_true (bd_money_equal (g_value_get_boxed (bd_model_peek_field (product, money)), price));

  /* A value of the wrong type is refused and changes nothing. */
  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, "ten");
  g_test_expect_message ("bd-model", G_LOG_LEVEL_CRITICAL, "*discount cannot be set from a gchararray*");
  bd_model_set_field (product, discount, &v);
  g_test_assert_expected_messages ();
  g_assert_cmpint (bd_model_get_int (product, "discount"), ==, 20);
  assert_notified (counts, "");

  g_assert_finalize_object (g_steal_pointer (&product));
}

static void
test_webhook_event (void)
{
  g_autoptr(BdWebhookEvent) event = bd_webhook_event_new ();
  g_autoptr(BdWebhookEvent) newer = bd_webhook_event_new ();
  g_autoptr(BdPayment) payment = make_payment ();
  g_autoptr(BdPayment) later = make_payment ();
  g_autoptr(GHashTable) counts = watch (event);
  g_autoptr(GHashTable) data_counts = NULL;
  BdModel *data;

  g_assert_true (bd_webhook_event_payload_gtype ("Payment") == BD_TYPE_PAYMENT);
  g_assert_true (bd_webhook_event_payload_gtype ("Subscription") == BD_TYPE_SUBSCRIPTION);
  g_assert_true (bd_webhook_event_payload_gtype ("Refund") == BD_TYPE_REFUND);
  g_assert_true (bd_webhook_event_payload_gtype ("Dispute") == BD_TYPE_DISPUTE);
  g_assert_true (bd_webhook_event_payload_gtype ("Payout") == G_TYPE_INVALID);

  bd_model_set (event,
                "type-raw", "payment.succeeded",
                "payload-type", "Payment",
                "data", payment,
                NULL);
  assert_notified (counts, "data payload-type type type-raw");
  g_assert_cmpint (bd_model_get_enum (event, "type"), ==, BD_WEBHOOK_EVENT_TYPE_PAYMENT_SUCCEEDED);

  /* The data is a copy, updated in place by a later delivery. */
  g_object_get (event, "data", &data, NULL);
  g_assert_true (data != (BdModel *) payment);
  g_assert_true (bd_model_equal (data, payment));
  data_counts = watch (data);

  bd_model_set (later, "status-raw", "failed", NULL);
  bd_model_set (newer,
                "type-raw", "payment.failed",
                "payload-type", "Payment",
                "data", later,
                NULL);
  g_assert_true (bd_model_update_from (event, newer));
  assert_notified (counts, "data type type-raw");
  assert_notified (data_counts, "status status-raw");

  g_object_unref (data);
  g_assert_finalize_object (g_steal_pointer (&newer));
  g_assert_finalize_object (g_steal_pointer (&event));
  g_assert_finalize_object (g_steal_pointer (&later));
  g_assert_finalize_object (g_steal_pointer (&payment));
}

/* Every type can be created, copied and compared empty. */
static void
test_all_types_empty (void)
{
  for (guint t = 0; model_type (t) != G_TYPE_INVALID; t++)
    {
      g_autoptr(BdModel) model = g_object_new (model_type (t), NULL);
      g_autoptr(BdModel) copy = bd_model_copy (model);

      g_assert_true (bd_model_equal (model, copy));
      g_assert_false (bd_model_update_from (model, copy));
      g_assert_finalize_object (g_steal_pointer (&copy));
      g_assert_finalize_object (g_steal_pointer (&model));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/models/payment/properties", test_payment_properties);
  g_test_add_func ("/models/payment/update-notifies-changed", test_payment_update_notifies_changed);
  g_test_add_func ("/models/payment/update-lists-in-place", test_payment_update_lists_in_place);
  g_test_add_func ("/models/subscription/unknown-status-kept", test_unknown_status_kept);
  g_test_add_func ("/models/properties-read-only", test_properties_read_only);
  g_test_add_func ("/models/product/codec-path", test_codec_path);
  g_test_add_func ("/models/webhook-event/data", test_webhook_event);
  g_test_add_func ("/models/all-types-empty", test_all_types_empty);

  return g_test_run ();
}
