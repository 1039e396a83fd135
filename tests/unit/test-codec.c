/* test-codec.c
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
#include "bd-dodo-client.h"
#include "bd-dodo-codec.h"
#include "bd-payment.h"
#include "bd-product.h"
#include "bd-refund.h"
#include "bd-schema-check.h"
#include "bd-subscription.h"
#include "bd-webhook-event.h"

/* ---------------------------------------------------------------- helpers */

static gpointer
decode_text (GType        type,
             const char  *json,
             GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));

  return bd_dodo_decode_bytes (type, bytes, error);
}

static gpointer
decode_node (GType     type,
             JsonNode *node)
{
  g_autofree char *json = json_to_string (node, FALSE);
  g_autoptr(GError) error = NULL;
  gpointer object = decode_text (type, json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (object);

  return object;
}

/* decode (encode (object)) equals @object. */
static void
assert_round_trip (gpointer object)
{
  g_autofree char *json = bd_dodo_encode_to_string (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdModel) again = decode_text (G_OBJECT_TYPE (object), json, &error);

  g_assert_no_error (error);
  if (!bd_model_equal (object, again))
    {
      g_autofree char *json_again = bd_dodo_encode_to_string (again);

      g_test_message ("before: %s\nafter:  %s", json, json_again);
      g_assert_not_reached ();
    }
}

/* What the codec writes for @object is valid for the component @schema. */
static void
assert_valid (const char *schema,
              gpointer    object)
{
  g_autoptr(JsonNode) node = bd_dodo_encode (object);
  g_autoptr(GError) error = NULL;

  if (!bd_schema_check (schema, node, &error))
    {
      g_autofree char *json = json_to_string (node, TRUE);

      g_test_message ("%s: %s", schema, json);
    }
  g_assert_no_error (error);
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));

  return json_node_get_object (node);
}

static GDateTime *
utc (const char *text)
{
  return g_date_time_new_from_iso8601 (text, NULL);
}

/* -------------------------------------------------- the spec's webhooks */

/* The example of the x-webhooks entry @type, exactly as Dodo published it.
 * (transfer full) */
static JsonNode *
webhook_example (const char *type)
{
  JsonObject *webhooks = member_object (json_node_get_object (bd_schema_openapi ()), "x-webhooks");
  JsonObject *content = member_object (member_object (member_object (member_object (
                          member_object (webhooks, type), "post"), "requestBody"), "content"),
                          "application/json");
  /* json_node_copy() shares the object with the document; copy through
   * text so a test may change its copy. */
  g_autofree char *text = json_to_string (json_object_get_member (content, "example"), FALSE);

  return json_from_string (text, NULL);
}

/* The component schema the x-webhooks entry @type gives its data:
 * data.allOf[0].$ref.  (transfer none) */
static const char *
webhook_data_schema (const char *type)
{
  JsonObject *webhooks = member_object (json_node_get_object (bd_schema_openapi ()), "x-webhooks");
  JsonObject *content = member_object (member_object (member_object (member_object (
                          member_object (webhooks, type), "post"), "requestBody"), "content"),
                          "application/json");
  JsonObject *data = member_object (member_object (member_object (content, "schema"),
                                                   "properties"), "data");
  JsonNode *first = json_array_get_element (json_object_get_array_member (data, "allOf"), 0);
  const char *ref = json_object_get_string_member (json_node_get_object (first), "$ref");

  g_assert_true (g_str_has_prefix (ref, "#/components/schemas/"));

  return ref + strlen ("#/components/schemas/");
}

static GType
expected_data_type (const char *payload_type)
{
  if (g_str_equal (payload_type, "Payment"))
    return BD_TYPE_PAYMENT;
  if (g_str_equal (payload_type, "Subscription"))
    return BD_TYPE_SUBSCRIPTION;
  if (g_str_equal (payload_type, "Refund"))
    return BD_TYPE_REFUND;
  if (g_str_equal (payload_type, "Dispute"))
    return BD_TYPE_DISPUTE;

  /* LicenseKey: no model; "data" stays NULL (bd-dodo-codec.c). */
  return G_TYPE_INVALID;
}

/* Every example decodes, with "data" of the type its payload_type names,
 * re-encodes valid for the schema the spec gives it, and round-trips. */
static void
test_webhook_examples (void)
{
  JsonObject *webhooks = member_object (json_node_get_object (bd_schema_openapi ()), "x-webhooks");
  g_autoptr(GList) types = json_object_get_members (webhooks);
  guint n_modelled = 0;

  g_assert_cmpuint (g_list_length (types), ==, 21);

  for (GList *l = types; l != NULL; l = l->next)
    {
      g_autoptr(JsonNode) example = webhook_example (l->data);
      g_autoptr(BdWebhookEvent) event = NULL;
      const char *payload_type;
      BdModel *data;
      GType type;

      g_test_message ("%s", (const char *) l->data);
      event = decode_node (BD_TYPE_WEBHOOK_EVENT, example);
      g_assert_cmpstr (bd_model_get_string (event, "type-raw"), ==, l->data);
      g_assert_cmpint (bd_model_get_enum (event, "type"), !=, BD_WEBHOOK_EVENT_TYPE_UNKNOWN);

      payload_type = bd_model_get_string (event, "payload-type");
      type = expected_data_type (payload_type);
      g_object_get (event, "data", &data, NULL);
      if (type == G_TYPE_INVALID)
        {
          g_assert_cmpstr (payload_type, ==, "LicenseKey");
          g_assert_null (data);
        }
      else
        {
          g_assert_nonnull (data);
          g_assert_cmpstr (G_OBJECT_TYPE_NAME (data), ==, g_type_name (type));
          assert_valid (webhook_data_schema (l->data), data);
          assert_round_trip (data);
          g_object_unref (data);
          n_modelled++;
        }

      assert_round_trip (event);
    }

  g_assert_cmpuint (n_modelled, ==, 20);
}

/* The 1.53.2 examples predate members the current API always sends
 * (payment_provider on a Payment, brand_id on a Subscription): older
 * payloads still decode, with those fields unset. */
static void
test_webhook_older_payloads (void)
{
  g_autoptr(JsonNode) payment_example = webhook_example ("payment.succeeded");
  g_autoptr(JsonNode) subscription_example = webhook_example ("subscription.active");
  g_autoptr(BdWebhookEvent) payment_event = decode_node (BD_TYPE_WEBHOOK_EVENT, payment_example);
  g_autoptr(BdWebhookEvent) subscription_event = decode_node (BD_TYPE_WEBHOOK_EVENT, subscription_example);
  g_autoptr(BdModel) payment = NULL;
  g_autoptr(BdModel) subscription = NULL;

  g_assert_false (json_object_has_member (member_object (json_node_get_object (payment_example), "data"),
                                          "payment_provider"));
  g_object_get (payment_event, "data", &payment, NULL);
  g_assert_null (bd_model_get_string (payment, "payment-provider"));

  g_assert_false (json_object_has_member (member_object (json_node_get_object (subscription_example), "data"),
                                          "brand_id"));
  g_object_get (subscription_event, "data", &subscription, NULL);
  g_assert_null (bd_model_get_string (subscription, "brand-id"));
}

static void
test_webhook_payment_succeeded (void)
{
  g_autoptr(JsonNode) example = webhook_example ("payment.succeeded");
  g_autoptr(BdWebhookEvent) event = decode_node (BD_TYPE_WEBHOOK_EVENT, example);
  g_autoptr(BdPayment) payment = NULL;
  g_autoptr(GDateTime) created = utc ("2025-08-04T05:30:31.152232Z");
  g_autoptr(GDateTime) timestamp = utc ("2025-08-04T05:30:45.182629Z");
  g_autoptr(BdLineItem) line = NULL;
  const BdMoney *total;

  g_assert_cmpstr (bd_model_get_string (event, "business-id"), ==, "bus_P3SXLcppjXgagmHS");
  g_assert_cmpint (bd_model_get_enum (event, "type"), ==, BD_WEBHOOK_EVENT_TYPE_PAYMENT_SUCCEEDED);
  g_assert_true (g_date_time_equal (bd_model_get_datetime (event, "timestamp"), timestamp));
  g_assert_null (bd_model_get_string (event, "webhook-id"));

  g_object_get (event, "data", &payment, NULL);
  g_assert_true (BD_IS_PAYMENT (payment));
  g_assert_cmpstr (bd_model_get_string (payment, "payment-id"), ==, "pay_2IjeQm4hqU6RA4Z4kwDee");
  total = bd_model_get_money (payment, "total-amount");
  g_assert_cmpint (bd_money_get_amount (total), ==, 400);
  g_assert_cmpstr (bd_money_get_currency (total), ==, "USD");
  g_assert_cmpint (bd_money_get_amount (bd_model_get_money (payment, "settlement-amount")), ==, 400);
  g_assert_cmpint (bd_model_get_enum (payment, "status"), ==, BD_PAYMENT_STATUS_SUCCEEDED);
  g_assert_cmpstr (bd_model_get_string (payment, "card-last-four"), ==, "4242");
  g_assert_cmpstr (bd_model_get_string (payment, "card-network"), ==, "VISA");
  g_assert_cmpstr (bd_model_get_string (payment, "card-type"), ==, "CREDIT");
  g_assert_cmpstr (bd_model_get_string (payment, "checkout-session-id"), ==, "cks_stst1231");
  g_assert_cmpstr (bd_model_get_string (payment, "customer-email"), ==, "test@acme.com");
  g_assert_cmpstr (bd_model_get_string (payment, "billing-zipcode"), ==, "0");
  g_assert_true (g_date_time_equal (bd_model_get_datetime (payment, "created-at"), created));
  g_assert_cmpint (g_date_time_get_microsecond (bd_model_get_datetime (payment, "created-at")), ==, 152232);
  g_assert_false (bd_model_get_boolean (payment, "digital-products-delivered"));

  /* The explicit nulls: unset. */
  g_assert_null (bd_model_get_money (payment, "tax"));
  g_assert_null (bd_model_get_money (payment, "settlement-tax"));
  g_assert_null (bd_model_get_string (payment, "error-code"));
  g_assert_null (bd_model_get_string (payment, "subscription-id"));
  g_assert_null (bd_model_get_string (payment, "payment-method-type"));
  g_assert_null (bd_model_get_datetime (payment, "updated-at"));

  /* {}: the model keeps an empty table as NULL. */
  g_assert_null (bd_model_get_metadata (payment, "metadata"));
  g_assert_cmpuint (g_list_model_get_n_items (bd_model_get_list (payment, "refunds")), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (bd_model_get_list (payment, "disputes")), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (bd_model_get_list (payment, "product-cart")), ==, 1);
  line = g_list_model_get_item (bd_model_get_list (payment, "product-cart"), 0);
  g_assert_cmpstr (bd_model_get_string (line, "product-id"), ==, "pdt_e9mUw084cWnu0tz");
  g_assert_cmpint (bd_model_get_int (line, "quantity"), ==, 1);
}

static void
test_webhook_other_payloads (void)
{
  g_autoptr(JsonNode) sub_json = webhook_example ("subscription.active");
  g_autoptr(JsonNode) refund_json = webhook_example ("refund.succeeded");
  g_autoptr(JsonNode) dispute_json = webhook_example ("dispute.opened");
  g_autoptr(JsonNode) license_json = webhook_example ("license_key.created");
  g_autoptr(BdWebhookEvent) sub_event = decode_node (BD_TYPE_WEBHOOK_EVENT, sub_json);
  g_autoptr(BdWebhookEvent) refund_event = decode_node (BD_TYPE_WEBHOOK_EVENT, refund_json);
  g_autoptr(BdWebhookEvent) dispute_event = decode_node (BD_TYPE_WEBHOOK_EVENT, dispute_json);
  g_autoptr(BdWebhookEvent) license_event = decode_node (BD_TYPE_WEBHOOK_EVENT, license_json);
  g_autoptr(BdSubscription) sub = NULL;
  g_autoptr(BdRefund) refund = NULL;
  g_autoptr(BdDispute) dispute = NULL;
  g_autoptr(BdModel) license = NULL;
  g_autofree char *license_again = NULL;

  g_object_get (sub_event, "data", &sub, NULL);
  g_assert_cmpint (bd_model_get_enum (sub, "status"), ==, BD_SUBSCRIPTION_STATUS_ACTIVE);
  g_assert_cmpint (bd_money_get_amount (bd_model_get_money (sub, "recurring-pre-tax-amount")), ==, 1000);
  g_assert_cmpint (bd_model_get_enum (sub, "payment-frequency-interval"), ==, BD_TIME_INTERVAL_MONTH);
  g_assert_cmpint (bd_model_get_enum (sub, "subscription-period-interval"), ==, BD_TIME_INTERVAL_YEAR);
  g_assert_cmpint (bd_model_get_int (sub, "subscription-period-count"), ==, 10);
  g_assert_cmpint (bd_model_get_int (sub, "discount-cycles-remaining"), ==, 3);
  g_assert_cmpstr (bd_model_get_string (sub, "billing-zipcode"), ==, "08002");
  g_assert_null (bd_model_get_datetime (sub, "cancelled-at"));

  g_object_get (refund_event, "data", &refund, NULL);
  g_assert_cmpint (bd_model_get_enum (refund, "status"), ==, BD_REFUND_STATUS_SUCCEEDED);
  g_assert_cmpint (bd_money_get_amount (bd_model_get_money (refund, "amount")), ==, 400);
  g_assert_cmpstr (bd_model_get_string (refund, "reason"), ==, "Testing success refund");
  g_assert_false (bd_model_get_boolean (refund, "is-partial"));

  /* A dispute's amount is a decimal string. */
  g_object_get (dispute_event, "data", &dispute, NULL);
  g_assert_cmpint (bd_money_get_amount (bd_model_get_money (dispute, "amount")), ==, 400);
  g_assert_cmpint (bd_model_get_enum (dispute, "dispute-stage"), ==, BD_DISPUTE_STAGE_DISPUTE);
  g_assert_cmpint (bd_model_get_enum (dispute, "dispute-status"), ==, BD_DISPUTE_STATUS_OPENED);
  g_assert_cmpstr (bd_model_get_string (dispute, "reason"), ==, "fraudulent");
  g_assert_null (bd_model_get_string (dispute, "remarks"));

  /* No model for license keys: the envelope and the tag, no data. */
  g_object_get (license_event, "data", &license, NULL);
  g_assert_null (license);
  g_assert_cmpstr (bd_model_get_string (license_event, "payload-type"), ==, "LicenseKey");
  license_again = bd_dodo_encode_to_string (license_event);
  g_assert_nonnull (strstr (license_again, "\"data\":{\"payload_type\":\"LicenseKey\"}"));
}

/* -------------------------------------------------- hand-built objects */

static GHashTable *
metadata (const char *key,
          const char *value)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_hash_table_insert (table, g_strdup (key), g_strdup (value));

  return table;
}

static BdPayment *
build_payment (void)
{
  BdPayment *payment = bd_payment_new ();
  g_autoptr(GDateTime) created = utc ("2026-01-02T03:04:05.5Z");
  g_autoptr(BdMoney) total = bd_money_new (2999, "EUR");
  g_autoptr(BdMoney) tax = bd_money_new (479, "EUR");
  g_autoptr(BdMoney) settlement = bd_money_new (3250, "USD");
  g_autoptr(GHashTable) meta = metadata ("order", "A-17");
  g_autoptr(GListStore) refunds = g_list_store_new (BD_TYPE_REFUND);
  g_autoptr(GListStore) disputes = g_list_store_new (BD_TYPE_DISPUTE);
  g_autoptr(GListStore) cart = g_list_store_new (BD_TYPE_LINE_ITEM);
  g_autoptr(BdRefund) refund = bd_refund_new ();
  g_autoptr(BdLineItem) line = bd_line_item_new ();
  g_autoptr(BdMoney) refund_amount = bd_money_new (1000, "EUR");

  bd_model_set (refund,
                "refund-id", "ref_1", "payment-id", "pay_1", "business-id", "bus_1",
                "created-at", created, "status-raw", "pending", "is-partial", TRUE,
                "amount", refund_amount,
                NULL);
  g_list_store_append (refunds, refund);
  bd_model_set (line, "product-id", "pdt_1", "quantity", (gint64) 2, NULL);
  g_list_store_append (cart, line);

  bd_model_set (payment,
                "payment-id", "pay_1", "business-id", "bus_1", "brand-id", "bus_1",
                "created-at", created, "status", BD_PAYMENT_STATUS_SUCCEEDED,
                "total-amount", total, "tax", tax,
                "settlement-amount", settlement,
                "customer-id", "cus_1", "customer-name", "Ana Lima",
                "customer-email", "ana@example.com",
                "billing-country", "PT", "billing-city", "Porto", "billing-state", "Porto",
                "billing-street", "Rua das Flores 12", "billing-zipcode", "4050-262",
                "metadata", meta, "payment-provider", "stripe",
                "card-last-four", "4242", "digital-products-delivered", TRUE,
                "retry-attempt", (gint64) 1,
                "product-cart", cart, "refunds", refunds, "disputes", disputes,
                NULL);

  return payment;
}

/* An optional integer, boolean or list is sent when it was set, 0, FALSE
 * and [] included, and left out when it was not: a request must be able to
 * say "retry_attempt": 0 as much as say nothing. */
static void
test_encode_unset_optional (void)
{
  g_autoptr(BdPayment) payment = build_payment ();
  g_autoptr(BdPayment) newer = build_payment ();
  g_autoptr(BdPayment) bare = bd_payment_new ();
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  bd_model_set (payment, "retry-attempt", (gint64) 0, "is-update-payment-method", FALSE, NULL);
  node = bd_dodo_encode (payment);
  object = json_node_get_object (node);
  g_assert_true (json_object_has_member (object, "retry_attempt"));
  g_assert_cmpint (json_object_get_int_member (object, "retry_attempt"), ==, 0);
  g_assert_true (json_object_has_member (object, "is_update_payment_method"));
  g_assert_false (json_object_get_boolean_member (object, "is_update_payment_method"));
  g_assert_false (json_object_has_member (object, "has_license_key"));
  g_clear_pointer (&node, json_node_unref);

  /* Never set: left out. */
  node = bd_dodo_encode (bare);
  object = json_node_get_object (node);
  g_assert_false (json_object_has_member (object, "retry_attempt"));
  g_assert_false (json_object_has_member (object, "is_update_payment_method"));
  g_assert_false (json_object_has_member (object, "product_cart"));
  g_clear_pointer (&node, json_node_unref);

  /* A newer copy without the field makes it unset again. */
  g_assert_true (bd_model_update_from (payment, newer));
  g_assert_false (bd_model_equal (payment, bare));
  node = bd_dodo_encode (payment);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "retry_attempt"), ==, 1);
  g_assert_false (json_object_has_member (json_node_get_object (node), "is_update_payment_method"));
  g_assert_true (bd_model_equal (payment, newer));
}

static void
test_encode_hand_built (void)
{
  g_autoptr(GDateTime) t1 = utc ("2026-03-01T10:00:00Z");
  g_autoptr(GDateTime) t2 = utc ("2026-04-01T10:00:00+02:00");
  g_autoptr(BdMoney) price = bd_money_new (1500, "INR");
  g_autoptr(BdMoney) recurring = bd_money_new (900, "GBP");
  g_autoptr(BdMoney) dispute_amount = bd_money_new (2999, "EUR");
  g_autoptr(BdMoney) refund_amount = bd_money_new (100, "JPY");
  g_autoptr(GHashTable) meta = metadata ("plan", "pro");
  g_autoptr(BdPayment) payment = build_payment ();
  g_autoptr(BdProduct) product = bd_product_new ();
  g_autoptr(BdCustomer) customer = bd_customer_new ();
  g_autoptr(BdSubscription) sub = bd_subscription_new ();
  g_autoptr(BdRefund) refund = bd_refund_new ();
  g_autoptr(BdDispute) dispute = bd_dispute_new ();
  g_autoptr(BdCheckoutSession) session = bd_checkout_session_new ();
  const char *addons[] = { "adn_1", "adn_2", NULL };
  g_autoptr(GListStore) no_addons = g_list_store_new (BD_TYPE_LINE_ITEM);
  g_autoptr(GListStore) no_meters = g_list_store_new (BD_TYPE_METER);

  bd_model_set (product,
                "product-id", "pdt_1", "business-id", "bus_1", "brand-id", "bus_1",
                "created-at", t1, "updated-at", t2, "name", "Pro plan",
                "is-recurring", FALSE, "tax-category", BD_TAX_CATEGORY_SAAS,
                "license-key-enabled", FALSE, "addons", addons, "metadata", meta,
                "price-type", BD_PRICE_TYPE_ONE_TIME, "price", price,
                "discount", (gint64) 10, "purchasing-power-parity", FALSE,
                "tax-inclusive", TRUE,
                NULL);
  bd_model_set (customer,
                "customer-id", "cus_1", "business-id", "bus_1", "created-at", t1,
                "email", "ana@example.com", "name", "Ana Lima", "phone-number", "+351 912 345 678",
                NULL);
  bd_model_set (sub,
                "subscription-id", "sub_1", "product-id", "pdt_2", "brand-id", "bus_1",
                "status", BD_SUBSCRIPTION_STATUS_ON_HOLD, "quantity", (gint64) 3,
                "recurring-pre-tax-amount", recurring, "tax-inclusive", TRUE,
                "payment-frequency-count", (gint64) 1,
                "payment-frequency-interval", BD_TIME_INTERVAL_MONTH,
                "subscription-period-count", (gint64) 2,
                "subscription-period-interval", BD_TIME_INTERVAL_YEAR,
                "trial-period-days", (gint64) 14,
                "created-at", t1, "next-billing-date", t2, "previous-billing-date", t1,
                "cancel-at-next-billing-date", TRUE, "on-demand", FALSE,
                "customer-id", "cus_1", "customer-name", "Ana Lima",
                "customer-email", "ana@example.com",
                "billing-country", "GB", "billing-state", "England", "billing-city", "London",
                "billing-street", "10 Downing Street", "billing-zipcode", "SW1A 2AA",
                "metadata", meta, "addons", no_addons, "meters", no_meters,
                NULL);
  bd_model_set (refund,
                "refund-id", "ref_2", "payment-id", "pay_2", "business-id", "bus_1",
                "created-at", t2, "status", BD_REFUND_STATUS_REVIEW, "is-partial", TRUE,
                "amount", refund_amount, "reason", "Duplicate",
                "customer-id", "cus_1", "customer-name", "Ana Lima",
                "customer-email", "ana@example.com",
                NULL);
  bd_model_set (dispute,
                "dispute-id", "dp_1", "payment-id", "pay_1", "business-id", "bus_1",
                "brand-id", "bus_1", "created-at", t1, "amount", dispute_amount,
                "dispute-stage", BD_DISPUTE_STAGE_PRE_ARBITRATION,
                "dispute-status", BD_DISPUTE_STATUS_CHALLENGED,
                "reason", "fraudulent", "payment-provider", "stripe",
                "customer-id", "cus_1", "customer-name", "Ana Lima",
                "customer-email", "ana@example.com",
                NULL);
  bd_model_set (session,
                "id", "cks_1", "created-at", t1, "customer-email", "ana@example.com",
                "payment-id", "pay_1", "payment-status", BD_PAYMENT_STATUS_PROCESSING,
                NULL);

  assert_valid ("PaymentResponse", payment);
  assert_valid ("GetProductResponse", product);
  assert_valid ("CustomerResponse", customer);
  assert_valid ("SubscriptionResponse", sub);
  assert_valid ("RefundResponse", refund);
  assert_valid ("GetDisputeResponse", dispute);
  /* 1.53.2 has no schema for a checkout session's status. */

  assert_round_trip (payment);
  assert_round_trip (product);
  assert_round_trip (customer);
  assert_round_trip (sub);
  assert_round_trip (refund);
  assert_round_trip (dispute);
  assert_round_trip (session);
}

/* The shape of what encode writes. */
static void
test_encode_shape (void)
{
  g_autoptr(BdPayment) payment = build_payment ();
  g_autoptr(BdProduct) product = bd_product_new ();
  g_autoptr(BdMoney) price = bd_money_new (500, "USD");
  g_autoptr(BdMoney) suggested = bd_money_new (800, "USD");
  g_autoptr(BdDispute) dispute = bd_dispute_new ();
  g_autoptr(BdMoney) amount = bd_money_new (-12, "KWD");
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) product_node = NULL;
  g_autoptr(JsonNode) dispute_node = NULL;
  JsonObject *o, *p;

  bd_model_set (payment, "status-raw", NULL, NULL);
  node = bd_dodo_encode (payment);
  o = json_node_get_object (node);

  /* Money: amount, and the shared currency once. */
  g_assert_cmpint (json_object_get_int_member (o, "total_amount"), ==, 2999);
  g_assert_cmpint (json_object_get_int_member (o, "tax"), ==, 479);
  g_assert_cmpstr (json_object_get_string_member (o, "currency"), ==, "EUR");
  g_assert_cmpstr (json_object_get_string_member (o, "settlement_currency"), ==, "USD");
  /* Unset optional: left out; unset nullable: null. */
  g_assert_false (json_object_has_member (o, "settlement_tax"));
  g_assert_false (json_object_has_member (o, "subscription_id"));
  g_assert_true (json_object_get_null_member (o, "status"));
  /* Dotted keys: nested objects, without the unset members. */
  g_assert_cmpstr (json_object_get_string_member (member_object (o, "customer"), "email"),
                   ==, "ana@example.com");
  g_assert_cmpstr (json_object_get_string_member (member_object (o, "billing"), "zipcode"),
                   ==, "4050-262");
  /* Dates in UTC, RFC 3339. */
  g_assert_cmpstr (json_object_get_string_member (o, "created_at"), ==, "2026-01-02T03:04:05.500000Z");
  /* Lists as arrays, empty ones too. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "disputes")), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (o, "refunds"), 0), "status"), ==, "pending");

  bd_model_set (product, "price", price, "suggested-price", suggested,
                "price-type-raw", "one_time_price", NULL);
  product_node = bd_dodo_encode (product);
  p = member_object (json_node_get_object (product_node), "price");
  g_assert_cmpint (json_object_get_int_member (p, "price"), ==, 500);
  g_assert_cmpint (json_object_get_int_member (p, "suggested_price"), ==, 800);
  g_assert_cmpstr (json_object_get_string_member (p, "currency"), ==, "USD");
  g_assert_cmpstr (json_object_get_string_member (p, "type"), ==, "one_time_price");
  /* A required metadata never set is {}, not null. */
  g_assert_cmpuint (json_object_get_size (member_object (json_node_get_object (product_node),
                                                         "metadata")), ==, 0);

  /* BD_FIELD_AMOUNT_STRING */
  bd_model_set (dispute, "amount", amount, NULL);
  dispute_node = bd_dodo_encode (dispute);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (dispute_node), "amount"),
                   ==, "-12");
}

/* ------------------------------------------------------------ strictness */

#define PAYMENT_JSON                                                            \
  "{\"payment_id\":\"pay_1\",\"brand_id\":\"bus_1\","                           \
  "\"created_at\":\"2026-01-02T03:04:05Z\",\"status\":\"succeeded\","           \
  "\"total_amount\":400,\"tax\":20,\"currency\":\"USD\","                       \
  "\"customer\":{\"customer_id\":\"cus_1\",\"name\":\"Ana\",\"email\":\"a@b.c\"}," \
  "\"billing\":{\"country\":\"US\",\"city\":\"Austin\"},"                      \
  "\"metadata\":{\"k\":\"v\"},\"payment_provider\":\"stripe\","                  \
  "\"card_last_four\":\"4242\",\"digital_products_delivered\":false,"           \
  "\"refunds\":[{\"refund_id\":\"ref_1\",\"payment_id\":\"pay_1\","             \
  "\"business_id\":\"bus_1\",\"created_at\":\"2026-01-03T00:00:00Z\","          \
  "\"status\":\"succeeded\",\"is_partial\":false,\"amount\":400,\"currency\":\"USD\"}]}"

/* PAYMENT_JSON with @from replaced by @to; @from must be there. */
static char *
payment_json (const char *from,
              const char *to)
{
  const char *at = strstr (PAYMENT_JSON, from);

  g_assert_nonnull (at);

  return g_strdup_printf ("%.*s%s%s", (int) (at - PAYMENT_JSON), PAYMENT_JSON, to,
                          at + strlen (from));
}

static BdPayment *
decode_payment (const char  *from,
                const char  *to,
                GError     **error)
{
  g_autofree char *json = payment_json (from, to);

  return decode_text (BD_TYPE_PAYMENT, json, error);
}

static void
test_strict_base (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdPayment) payment = decode_text (BD_TYPE_PAYMENT, PAYMENT_JSON, &error);

  g_assert_no_error (error);
  g_assert_cmpint (bd_money_get_amount (bd_model_get_money (payment, "tax")), ==, 20);
  assert_round_trip (payment);
}

static const struct
{
  const char *from;
  const char *to;
  const char *message;
} strict_cases[] = {
  /* required */
  { "\"payment_id\":\"pay_1\",", "",
    "Payment: required field “payment_id” is missing" },
  { "\"email\":\"a@b.c\"", "\"e_mail\":\"a@b.c\"",
    "Payment: required field “customer.email” is missing" },
  { "\"customer\":{\"customer_id\":\"cus_1\",\"name\":\"Ana\",\"email\":\"a@b.c\"},", "",
    "Payment: required field “customer.customer_id” is missing" },
  { "\"brand_id\":\"bus_1\"", "\"brand_id\":null",
    "Payment: required field “brand_id” is null" },
  { "\"customer\":{", "\"customer\":null,\"x\":{",
    "Payment: required field “customer.customer_id” is missing" },
  { "\"currency\":\"USD\",", "",
    "Payment: required field “currency” is missing" },
  { "\"refund_id\":\"ref_1\",", "",
    "Payment.refunds[0]: required field “refund_id” is missing" },
  /* types */
  { "\"total_amount\":400", "\"total_amount\":\"400\"",
    "Payment.total_amount: expected an integer, got a string" },
  { "\"payment_id\":\"pay_1\"", "\"payment_id\":7",
    "Payment.payment_id: expected a string, got an integer" },
  { "\"card_last_four\":\"4242\"", "\"card_last_four\":{\"a\":1}",
    "Payment.card_last_four: expected a string, got an object" },
  { "\"billing\":{\"country\":\"US\",\"city\":\"Austin\"}", "\"billing\":[]",
    "Payment.billing: expected an object, got an array" },
  { "\"customer\":{\"customer_id\":\"cus_1\",\"name\":\"Ana\",\"email\":\"a@b.c\"}", "\"customer\":\"cus_1\"",
    "Payment.customer: expected an object, got a string" },
  { "\"total_amount\":400", "\"total_amount\":400.5",
    "Payment.total_amount: expected an integer, got a number" },
  { "\"total_amount\":400", "\"total_amount\":4e2",
    "Payment.total_amount: expected an integer, got a number" },
  { "\"total_amount\":400", "\"total_amount\":400.0",
    "Payment.total_amount: expected an integer, got a number" },
  { "\"digital_products_delivered\":false", "\"digital_products_delivered\":0",
    "Payment.digital_products_delivered: expected a boolean, got an integer" },
  { "\"status\":\"succeeded\"", "\"status\":1",
    "Payment.status: expected a string, got an integer" },
  { "\"metadata\":{\"k\":\"v\"}", "\"metadata\":{\"k\":[\"v\"]}",
    "Payment.metadata.k: expected a string, a number or a boolean, got an array" },
  { "\"metadata\":{\"k\":\"v\"}", "\"metadata\":{\"k\":null}",
    "Payment.metadata.k: expected a string, a number or a boolean, got null" },
  { "\"refunds\":[", "\"refunds\":{},\"old_refunds\":[",
    "Payment.refunds: expected an array, got an object" },
  { "\"refunds\":[", "\"refunds\":[7,",
    "Payment.refunds[0]: expected an object, got an integer" },
  { "\"is_partial\":false,\"amount\":400", "\"is_partial\":false,\"amount\":\"400\"",
    "Payment.refunds[0].amount: expected an integer, got a string" },
  /* integers out of range: json-glib alone would make them -1 and G_MININT64 */
  { "\"total_amount\":400", "\"total_amount\":99999999999999999999",
    "Payment.total_amount: integer out of range" },
  { "\"total_amount\":400", "\"total_amount\":9223372036854775808",
    "Payment.total_amount: integer out of range" },
  { "\"total_amount\":400", "\"total_amount\":-9223372036854775809",
    "Payment.total_amount: integer out of range" },
  { "\"amount\":400", "\"amount\":18446744073709551615",
    "Payment.refunds[0].amount: integer out of range" },
  /* currencies and dates */
  { "\"currency\":\"USD\"", "\"currency\":\"XYZ\"",
    "Payment.currency: unknown currency “XYZ”" },
  { "\"currency\":\"USD\"", "\"currency\":\"usd\"",
    "Payment.currency: unknown currency “usd”" },
  { "\"created_at\":\"2026-01-02T03:04:05Z\"", "\"created_at\":\"2026-01-02\"",
    "Payment.created_at: expected an RFC 3339 date-time, got “2026-01-02”" },
  { "\"created_at\":\"2026-01-02T03:04:05Z\"", "\"created_at\":\"2026-01-02T03:04:05\"",
    "Payment.created_at: expected an RFC 3339 date-time, got “2026-01-02T03:04:05”" },
  { "\"created_at\":\"2026-01-02T03:04:05Z\"", "\"created_at\":\"2026-02-30T03:04:05Z\"",
    "Payment.created_at: expected an RFC 3339 date-time, got “2026-02-30T03:04:05Z”" },
  { "\"created_at\":\"2026-01-02T03:04:05Z\"", "\"created_at\":\"2026-W01-5T03:04:05Z\"",
    "Payment.created_at: expected an RFC 3339 date-time, got “2026-W01-5T03:04:05Z”" },
  { "\"created_at\":\"2026-01-02T03:04:05Z\"", "\"created_at\":1767323045",
    "Payment.created_at: expected a string, got an integer" },
};

static void
test_strict_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (strict_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BdPayment) payment = decode_payment (strict_cases[i].from, strict_cases[i].to, &error);

      g_test_message ("case %u: %s", i, strict_cases[i].message);
      g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_BAD_RESPONSE);
      g_assert_cmpstr (error->message, ==, strict_cases[i].message);
      g_assert_null (payment);
    }
}

/* What the strict parser refuses, with the object's name in front. */
static void
test_strict_syntax (void)
{
  const char *texts[] = {
    PAYMENT_JSON " x",
    PAYMENT_JSON PAYMENT_JSON,
    PAYMENT_JSON " {}",
    "/* c */ " PAYMENT_JSON,
    "",
    "{\"payment_id\":",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BdPayment) payment = decode_text (BD_TYPE_PAYMENT, texts[i], &error);

      g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_BAD_RESPONSE);
      g_assert_true (g_str_has_prefix (error->message, "Payment: "));
      g_assert_null (payment);
    }
}

/* The edges of gint64 still decode, exactly. */
static void
test_strict_integer_edges (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdPayment) max = decode_payment ("\"total_amount\":400",
                                             "\"total_amount\":9223372036854775807", &error);
  g_autoptr(BdPayment) min = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (bd_money_get_amount (bd_model_get_money (max, "total-amount")), ==, G_MAXINT64);

  min = decode_payment ("\"total_amount\":400", "\"total_amount\":-9223372036854775808", &error);
  g_assert_no_error (error);
  g_assert_cmpint (bd_money_get_amount (bd_model_get_money (min, "total-amount")), ==, G_MININT64);
}

/* bd_dodo_parse_json() hands integers beyond gint64 to json-glib as
 * doubles, which would wrap them; the others stay exact integers. */
static void
test_parse_big_integers (void)
{
  const char *json = "[1,99999999999999999999,-9223372036854775809,9223372036854775807,"
                     "-9223372036854775808,0,-0,1.5,{\"a\":18446744073709551616}]";
  const GType types[] = { G_TYPE_INT64, G_TYPE_DOUBLE, G_TYPE_DOUBLE, G_TYPE_INT64,
                          G_TYPE_INT64, G_TYPE_INT64, G_TYPE_INT64, G_TYPE_DOUBLE };
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = bd_dodo_parse_json (bytes, &error);
  JsonArray *array;
  JsonNode *a;

  g_assert_no_error (error);
  array = json_node_get_array (root);
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    g_assert_cmpstr (g_type_name (json_node_get_value_type (json_array_get_element (array, i))),
                     ==, g_type_name (types[i]));
  g_assert_cmpfloat (json_array_get_double_element (array, 1), ==, 1e20);
  g_assert_cmpint (json_array_get_int_element (array, 3), ==, G_MAXINT64);
  g_assert_cmpint (json_array_get_int_element (array, 4), ==, G_MININT64);
  a = json_object_get_member (json_array_get_object_element (array, 8), "a");
  g_assert_cmpfloat (json_node_get_double (a), ==, 0x1p64);
}

/* An unknown member is ignored, even a huge integer in one. */
static void
test_lenient_unknown_member (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdPayment) base = decode_text (BD_TYPE_PAYMENT, PAYMENT_JSON, &error);
  g_autoptr(BdPayment) extra = decode_payment ("\"tax\":20,",
                                               "\"tax\":20,\"new_thing\":{\"a\":[1,null]},"
                                               "\"big\":123456789012345678901234567890,",
                                               &error);

  g_assert_no_error (error);
  g_assert_true (bd_model_equal (base, extra));
}

/* Missing and null optional fields mean the same, for a missing parent
 * object too. */
static void
test_lenient_missing_null (void)
{
  const struct { const char *from, *null_to, *missing_to; } cases[] = {
    { "\"card_last_four\":\"4242\",", "\"card_last_four\":null,", "" },
    { "\"tax\":20,", "\"tax\":null,", "" },
    { "\"billing\":{\"country\":\"US\",\"city\":\"Austin\"},", "\"billing\":null,", "" },
    { "\"refunds\":[{", "\"refunds\":null,\"x\":[{", "\"x\":[{" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BdPayment) with_null = decode_payment (cases[i].from, cases[i].null_to, &error);
      g_autoptr(BdPayment) missing = NULL;

      g_assert_no_error (error);
      missing = decode_payment (cases[i].from, cases[i].missing_to, &error);
      g_assert_no_error (error);
      g_assert_true (bd_model_equal (with_null, missing));
    }
}

static void
test_metadata_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdPayment) payment = decode_payment ("\"metadata\":{\"k\":\"v\"}",
                                                 "\"metadata\":{\"s\":\"v\",\"i\":-42,"
                                                 "\"d\":2.5,\"t\":true,\"f\":false}",
                                                 &error);
  GHashTable *table;

  g_assert_no_error (error);
  table = bd_model_get_metadata (payment, "metadata");
  g_assert_cmpuint (g_hash_table_size (table), ==, 5);
  g_assert_cmpstr (g_hash_table_lookup (table, "s"), ==, "v");
  g_assert_cmpstr (g_hash_table_lookup (table, "i"), ==, "-42");
  g_assert_cmpstr (g_hash_table_lookup (table, "d"), ==, "2.5");
  g_assert_cmpstr (g_hash_table_lookup (table, "t"), ==, "true");
  g_assert_cmpstr (g_hash_table_lookup (table, "f"), ==, "false");
  assert_round_trip (payment);
}

/* Offsets become UTC; an unknown enum value survives a round trip. */
static void
test_datetime_and_enum (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdPayment) payment = decode_payment ("\"created_at\":\"2026-01-02T03:04:05Z\","
                                                 "\"status\":\"succeeded\"",
                                                 "\"created_at\":\"2026-01-02T05:34:05.25+02:30\","
                                                 "\"status\":\"teleported\"",
                                                 &error);
  g_autoptr(GDateTime) expected = utc ("2026-01-02T03:04:05.25Z");
  g_autoptr(JsonNode) node = NULL;
  GDateTime *created;

  g_assert_no_error (error);
  created = bd_model_get_datetime (payment, "created-at");
  g_assert_true (g_date_time_equal (created, expected));
  g_assert_cmpint (g_date_time_get_utc_offset (created), ==, 0);
  g_assert_cmpint (bd_model_get_enum (payment, "status"), ==, BD_PAYMENT_STATUS_UNKNOWN);

  node = bd_dodo_encode (payment);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "status"),
                   ==, "teleported");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "created_at"),
                   ==, "2026-01-02T03:04:05.250000Z");
  assert_round_trip (payment);
}

static void
test_decode_array (void)
{
  g_autofree char *good = g_strdup_printf ("[%s,%s]", PAYMENT_JSON, PAYMENT_JSON);
  g_autofree char *bad = g_strdup_printf ("[%s,{}]", PAYMENT_JSON);
  g_autoptr(GBytes) good_bytes = g_bytes_new (good, strlen (good));
  g_autoptr(GBytes) bad_bytes = g_bytes_new (bad, strlen (bad));
  g_autoptr(JsonNode) good_node = bd_dodo_parse_json (good_bytes, NULL);
  g_autoptr(JsonNode) bad_node = bd_dodo_parse_json (bad_bytes, NULL);
  g_autoptr(GPtrArray) payments = NULL;
  g_autoptr(GError) error = NULL;

  payments = bd_dodo_decode_array (BD_TYPE_PAYMENT, json_node_get_array (good_node), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (payments->len, ==, 2);
  g_assert_true (bd_model_equal (payments->pdata[0], payments->pdata[1]));
  g_clear_pointer (&payments, g_ptr_array_unref);

  payments = bd_dodo_decode_array (BD_TYPE_PAYMENT, json_node_get_array (bad_node), &error);
  g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_BAD_RESPONSE);
  g_assert_cmpstr (error->message, ==, "Payment[1]: required field “payment_id” is missing");
  g_assert_null (payments);
}

/* Product: dotted keys, AMOUNT_STRING-free money in a nested object, a
 * string array. */
static void
test_product (void)
{
  const char *json =
    "{\"product_id\":\"pdt_1\",\"business_id\":\"bus_1\","
    "\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-01-01T00:00:00Z\","
    "\"is_recurring\":true,\"tax_category\":\"saas\",\"metadata\":{},"
    "\"addons\":[\"adn_1\",\"adn_2\"],"
    "\"price\":{\"type\":\"recurring_price\",\"price\":1200,\"currency\":\"EUR\","
    "\"discount\":0,\"purchasing_power_parity\":false,"
    "\"payment_frequency_count\":1,\"payment_frequency_interval\":\"Month\","
    "\"subscription_period_count\":1,\"subscription_period_interval\":\"Year\","
    "\"trial_period_days\":7}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(BdProduct) product = decode_text (BD_TYPE_PRODUCT, json, &error);
  g_autoptr(BdProduct) bad = NULL;
  g_auto(GStrv) addons = NULL;
  const BdMoney *price;

  g_assert_no_error (error);
  price = bd_model_get_money (product, "price");
  g_assert_cmpint (bd_money_get_amount (price), ==, 1200);
  g_assert_cmpstr (bd_money_get_currency (price), ==, "EUR");
  g_assert_cmpint (bd_model_get_enum (product, "price-type"), ==, BD_PRICE_TYPE_RECURRING);
  g_assert_cmpint (bd_model_get_int (product, "trial-period-days"), ==, 7);
  g_object_get (product, "addons", &addons, NULL);
  g_assert_cmpstrv (addons, ((const char *[]) { "adn_1", "adn_2", NULL }));
  assert_round_trip (product);

  bad = decode_text (BD_TYPE_PRODUCT, "{\"product_id\":\"pdt_1\",\"business_id\":\"bus_1\","
                     "\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-01-01T00:00:00Z\","
                     "\"is_recurring\":true,\"tax_category\":\"saas\",\"metadata\":{},"
                     "\"addons\":[\"adn_1\",2],\"price\":{\"type\":\"one_time_price\",\"discount\":0}}",
                     &error);
  g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_BAD_RESPONSE);
  g_assert_cmpstr (error->message, ==, "Product.addons[1]: expected a string, got an integer");
  g_assert_null (bad);
}

/* The brief's example of a nested required field. */
static void
test_subscription_missing_email (void)
{
  g_autoptr(JsonNode) example = webhook_example ("subscription.active");
  JsonObject *data = member_object (json_node_get_object (example), "data");
  g_autoptr(BdSubscription) sub = NULL;
  g_autoptr(GError) error = NULL;

  json_object_remove_member (member_object (data, "customer"), "email");
  sub = bd_dodo_decode (BD_TYPE_SUBSCRIPTION,
                        json_object_get_member (json_node_get_object (example), "data"), &error);
  g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_BAD_RESPONSE);
  g_assert_cmpstr (error->message, ==, "Subscription: required field “customer.email” is missing");
  g_assert_null (sub);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/codec/webhook/examples", test_webhook_examples);
  g_test_add_func ("/codec/webhook/older-payloads", test_webhook_older_payloads);
  g_test_add_func ("/codec/webhook/payment-succeeded", test_webhook_payment_succeeded);
  g_test_add_func ("/codec/webhook/other-payloads", test_webhook_other_payloads);
  g_test_add_func ("/codec/encode/hand-built", test_encode_hand_built);
  g_test_add_func ("/codec/encode/unset-optional", test_encode_unset_optional);
  g_test_add_func ("/codec/encode/shape", test_encode_shape);
  g_test_add_func ("/codec/strict/base", test_strict_base);
  g_test_add_func ("/codec/strict/cases", test_strict_cases);
  g_test_add_func ("/codec/strict/syntax", test_strict_syntax);
  g_test_add_func ("/codec/strict/integer-edges", test_strict_integer_edges);
  g_test_add_func ("/codec/strict/parse-big-integers", test_parse_big_integers);
  g_test_add_func ("/codec/strict/nested-required", test_subscription_missing_email);
  g_test_add_func ("/codec/lenient/unknown-member", test_lenient_unknown_member);
  g_test_add_func ("/codec/lenient/missing-null", test_lenient_missing_null);
  g_test_add_func ("/codec/decode/metadata", test_metadata_values);
  g_test_add_func ("/codec/decode/datetime-enum", test_datetime_and_enum);
  g_test_add_func ("/codec/decode/array", test_decode_array);
  g_test_add_func ("/codec/decode/product", test_product);

  return g_test_run ();
}
