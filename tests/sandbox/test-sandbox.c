/* test-sandbox.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-sandbox"

#include "config.h"

#include <string.h>

#include "bd-dodo-client.h"
#include "bd-schema-check.h"
#include "bd-test-sandbox.h"
#include "bd-test-util.h"

/* Each test starts its own billing-desk-sandbox on 127.0.0.1:0 and talks
 * to it over HTTP, with plain requests or with the app's BdDodoClient. */

/* Helpers */

static void
call_ok (BdTestSandbox *sandbox,
         const char    *method,
         const char    *path,
         const char    *body)
{
  g_autoptr(JsonNode) node = bd_test_sandbox_call (sandbox, method, path, body, 200);
}

/* Asserts a {code, message} error whose message mentions @needle. */
static void
assert_error (JsonNode   *node,
              const char *code,
              const char *needle)
{
  JsonObject *object = json_node_get_object (node);

  g_assert_cmpstr (json_object_get_string_member (object, "code"), ==, code);
  g_assert_nonnull (json_object_get_string_member (object, "message"));
  if (needle != NULL)
    g_assert_nonnull (strstr (json_object_get_string_member (object, "message"), needle));
}

static void
call_error (BdTestSandbox *sandbox,
            const char    *method,
            const char    *path,
            const char    *body,
            guint          status,
            const char    *code,
            const char    *needle)
{
  g_autoptr(JsonNode) node = bd_test_sandbox_call (sandbox, method, path, body, status);

  assert_error (node, code, needle);
}

static JsonArray *
items (JsonNode *node)
{
  return json_object_get_array_member (json_node_get_object (node), "items");
}

static const char *
member (JsonNode   *node,
        const char *name)
{
  return json_object_get_string_member (json_node_get_object (node), name);
}

/* Makes a one-time product at @price USD cents, pays it through a checkout
 * and returns the payment id.  (transfer full) */
static char *
paid_payment (BdTestSandbox *sandbox,
              gint64         price,
              const char    *card)
{
  g_autofree char *product_body = g_strdup_printf (
    "{\"name\":\"Poster\",\"tax_category\":\"digital_products\","
    "\"price\":{\"type\":\"one_time_price\",\"currency\":\"USD\",\"price\":%" G_GINT64_FORMAT ","
    "\"discount\":0,\"purchasing_power_parity\":false}}", price);
  g_autoptr(JsonNode) product = bd_test_sandbox_call (sandbox, "POST", "/products", product_body, 200);
  g_autofree char *checkout_body = g_strdup_printf (
    "{\"product_cart\":[{\"product_id\":\"%s\",\"quantity\":1}],"
    "\"customer\":{\"email\":\"ada@example.com\",\"name\":\"Ada Lovelace\"},"
    "\"return_url\":\"https://shop.example/done\"}", member (product, "product_id"));
  g_autoptr(JsonNode) session = bd_test_sandbox_call (sandbox, "POST", "/checkouts", checkout_body, 200);
  g_autofree char *complete_path = g_strdup_printf ("/_sandbox/checkouts/%s/complete",
                                                    member (session, "session_id"));
  g_autofree char *complete_body = g_strdup_printf ("{\"card\":\"%s\"}", card);
  g_autoptr(JsonNode) result = bd_test_sandbox_call (sandbox, "POST", complete_path, complete_body, 200);

  g_assert_true (g_str_has_prefix (member (session, "checkout_url"), bd_test_sandbox_get_url (sandbox)));
  return g_strdup (member (result, "payment_id"));
}

/* Tests */

static void
test_auth (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_at_now (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (sandbox == NULL)
    return;

  g_assert_cmpuint (bd_test_sandbox_fetch (sandbox, "GET", "/payments", NULL, NULL, &bytes), ==, 401);
  node = bd_dodo_parse_json (bytes, NULL);
  assert_error (node, "UNAUTHORIZED", NULL);
  g_clear_pointer (&bytes, g_bytes_unref);
  g_assert_cmpuint (bd_test_sandbox_fetch (sandbox, "GET", "/payments", "sk_wrong", NULL, &bytes), ==, 401);
  g_assert_cmpuint (bd_test_sandbox_fetch (sandbox, "GET", "/no/such/route", NULL, NULL, NULL), ==, 401);
  /* Open routes need no key. */
  g_assert_cmpuint (bd_test_sandbox_fetch (sandbox, "GET", "/checkout/supported_countries", NULL, NULL, NULL), ==, 200);
  g_assert_cmpint (bd_test_sandbox_stop (sandbox), ==, 0);
}

static void
test_not_found (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_with ("--seed", "50", NULL);

  if (sandbox == NULL)
    return;
  call_error (sandbox, "GET", "/payments/pay_000000000000000000000", NULL, 404, "NOT_FOUND", "pay_000000000000000000000");
  call_error (sandbox, "GET", "/customers/cus_nope", NULL, 404, "NOT_FOUND", NULL);
  call_error (sandbox, "GET", "/no/such/route", NULL, 404, "NOT_FOUND", NULL);
  call_error (sandbox, "PUT", "/payments", NULL, 405, "METHOD_NOT_ALLOWED", NULL);
  call_error (sandbox, "GET", "/payments?page_size=101", NULL, 422, "INVALID_QUERY_PARAMS", "page_size");
}

/* Every payment once, newest first, across pages; the last page is short. */
static void
test_pagination (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_with ("--seed", "250", NULL);
  g_autoptr(BdDodoClient) client = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *previous = NULL;
  guint page = 0, n;

  if (sandbox == NULL)
    return;
  client = bd_test_sandbox_client (sandbox);
  do
    {
      g_autoptr(GHashTable) query = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;
      JsonArray *array;

      g_hash_table_insert (query, (char *) "page_size", g_strdup ("100"));
      g_hash_table_insert (query, (char *) "page_number", g_strdup_printf ("%u", page++));
      node = bd_dodo_client_request (client, "GET", "/payments", query, NULL, NULL, &error);
      g_assert_no_error (error);
      bd_schema_check ("GetPaymentsListResponse", node, &error);
      g_assert_no_error (error);
      array = items (node);
      n = json_array_get_length (array);
      for (guint i = 0; i < n; i++)
        {
          JsonObject *item = json_array_get_object_element (array, i);
          const char *created = json_object_get_string_member (item, "created_at");

          g_assert_true (g_hash_table_add (seen, g_strdup (json_object_get_string_member (item, "payment_id"))));
          if (previous != NULL)
            g_assert_cmpstr (created, <=, previous);
          g_free (previous);
          previous = g_strdup (created);
        }
    }
  while (n == 100);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 250);
  g_assert_cmpuint (page, ==, 3);
}

static guint
count_all (BdTestSandbox *sandbox,
           const char    *query)
{
  guint total = 0, n, page = 0;

  do
    {
      g_autofree char *path = g_strdup_printf ("/payments?page_size=100&page_number=%u%s", page++, query);
      g_autoptr(JsonNode) node = bd_test_sandbox_call (sandbox, "GET", path, NULL, 200);

      n = json_array_get_length (items (node));
      total += n;
    }
  while (n == 100);
  return total;
}

static void
test_created_filters (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_with ("--seed", "300", NULL);
  g_autoptr(JsonNode) page = NULL;
  g_autofree char *middle = NULL;
  g_autofree char *gte = NULL;
  g_autofree char *lte = NULL;
  g_autoptr(JsonNode) filtered = NULL;
  JsonArray *array;

  if (sandbox == NULL)
    return;
  page = bd_test_sandbox_call (sandbox, "GET", "/payments?page_size=100&page_number=1", NULL, 200);
  middle = g_strdup (json_object_get_string_member (json_array_get_object_element (items (page), 50), "created_at"));

  gte = g_strdup_printf ("&created_at_gte=%s", middle);
  lte = g_strdup_printf ("&created_at_lte=%s", middle);
  /* The payment at `middle` is in both halves. */
  g_assert_cmpuint (count_all (sandbox, gte) + count_all (sandbox, lte), ==, 301);
  g_assert_cmpuint (count_all (sandbox, gte), ==, 151);

  filtered = bd_test_sandbox_call (sandbox, "GET", "/payments?page_size=100&status=succeeded&currency=EUR", NULL, 200);
  array = items (filtered);
  g_assert_cmpuint (json_array_get_length (array), >, 0);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);

      g_assert_cmpstr (json_object_get_string_member (item, "status"), ==, "succeeded");
      g_assert_cmpstr (json_object_get_string_member (item, "currency"), ==, "EUR");
    }
  call_error (sandbox, "GET", "/payments?created_at_gte=yesterday", NULL, 422, "INVALID_QUERY_PARAMS", "created_at_gte");
}

static void
test_products (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_at_now (NULL);
  g_autoptr(JsonNode) product = NULL;
  g_autoptr(JsonNode) fetched = NULL;
  g_autoptr(JsonNode) active = NULL;
  g_autoptr(JsonNode) archived = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (sandbox == NULL)
    return;

  /* A missing required field is a 422 that names it. */
  call_error (sandbox, "POST", "/products",
              "{\"tax_category\":\"saas\",\"price\":{\"type\":\"one_time_price\",\"currency\":\"USD\","
              "\"price\":500,\"discount\":0,\"purchasing_power_parity\":false}}",
              422, "INVALID_REQUEST_BODY", "name");
  call_error (sandbox, "POST", "/products", "{\"name\":", 422, "INVALID_REQUEST_BODY", NULL);

  product = bd_test_sandbox_call (sandbox, "POST", "/products",
                  "{\"name\":\"Fonts\",\"tax_category\":\"saas\",\"price\":{\"type\":\"recurring_price\","
                  "\"currency\":\"EUR\",\"price\":900,\"discount\":0,\"purchasing_power_parity\":false,"
                  "\"payment_frequency_count\":1,\"payment_frequency_interval\":\"Month\","
                  "\"subscription_period_count\":1,\"subscription_period_interval\":\"Year\"}}", 200);
  bd_schema_check ("GetProductResponse", product, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (product), "is_recurring"));

  path = g_strdup_printf ("/products/%s", member (product, "product_id"));
  g_assert_null (bd_test_sandbox_call (sandbox, "PATCH", path, "{\"name\":\"Fonts Plus\"}", 200));
  fetched = bd_test_sandbox_call (sandbox, "GET", path, NULL, 200);
  g_assert_cmpstr (member (fetched, "name"), ==, "Fonts Plus");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (fetched), "price"), "price"), ==, 900);

  g_assert_null (bd_test_sandbox_call (sandbox, "DELETE", path, NULL, 200));
  active = bd_test_sandbox_call (sandbox, "GET", "/products", NULL, 200);
  g_assert_cmpuint (json_array_get_length (items (active)), ==, 0);
  archived = bd_test_sandbox_call (sandbox, "GET", "/products?archived=true", NULL, 200);
  g_assert_cmpuint (json_array_get_length (items (archived)), ==, 1);
  call_error (sandbox, "PATCH", "/products/pdt_missing", "{}", 404, "NOT_FOUND", NULL);
}

static void
test_customers (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_at_now (NULL);
  g_autoptr(JsonNode) customer = NULL;
  g_autoptr(JsonNode) patched = NULL;
  g_autoptr(JsonNode) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (sandbox == NULL)
    return;
  call_error (sandbox, "POST", "/customers", "{\"name\":\"No Mail\"}", 422, "INVALID_REQUEST_BODY", "email");
  customer = bd_test_sandbox_call (sandbox, "POST", "/customers", "{\"email\":\"zoe@example.com\",\"name\":\"Zoë Ñúñez\"}", 200);
  bd_schema_check ("CustomerResponse", customer, &error);
  g_assert_no_error (error);
  path = g_strdup_printf ("/customers/%s", member (customer, "customer_id"));
  patched = bd_test_sandbox_call (sandbox, "PATCH", path, "{\"name\":\"Zoë N.\"}", 200);
  g_assert_cmpstr (member (patched, "name"), ==, "Zoë N.");
  g_assert_cmpstr (member (patched, "email"), ==, "zoe@example.com");
  found = bd_test_sandbox_call (sandbox, "GET", "/customers?email=zoe@example.com", NULL, 200);
  g_assert_cmpuint (json_array_get_length (items (found)), ==, 1);
}

/* The first subscription of @status in the seeded account.  (transfer full) */
static char *
subscription_with_status (BdTestSandbox *sandbox,
                          const char    *status)
{
  g_autofree char *path = g_strdup_printf ("/subscriptions?status=%s", status);
  g_autoptr(JsonNode) node = bd_test_sandbox_call (sandbox, "GET", path, NULL, 200);

  g_assert_cmpuint (json_array_get_length (items (node)), >, 0);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (items (node), 0),
                                                  "subscription_id"));
}

static void
test_subscriptions (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_with ("--seed", "demo", NULL);
  static const char * const statuses[] = {
    "pending", "active", "on_hold", "paused", "cancelled", "failed", "expired", NULL
  };
  g_autofree char *active = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) cancelled = NULL;
  g_autoptr(JsonNode) paused = NULL;
  g_autoptr(GError) error = NULL;

  if (sandbox == NULL)
    return;
  for (guint i = 0; statuses[i] != NULL; i++)
    g_free (subscription_with_status (sandbox, statuses[i]));

  active = subscription_with_status (sandbox, "active");
  path = g_strdup_printf ("/subscriptions/%s", active);
  call_error (sandbox, "PATCH", path, "{\"pause\":true,\"metadata\":{}}", 422, "INVALID_REQUEST_BODY", "alone");
  paused = bd_test_sandbox_call (sandbox, "PATCH", path, "{\"pause\":true}", 200);
  g_assert_cmpstr (member (paused, "status"), ==, "paused");
  call_error (sandbox, "PATCH", path, "{\"pause\":true}", 409, "SUBSCRIPTION_INACTIVE", NULL);
  g_clear_pointer (&paused, json_node_unref);
  paused = bd_test_sandbox_call (sandbox, "PATCH", path, "{\"pause\":false}", 200);
  g_assert_cmpstr (member (paused, "status"), ==, "active");

  call_error (sandbox, "PATCH", path, "{\"next_billing_date\":\"2020-01-01T00:00:00Z\"}",
              422, "INVALID_REQUEST_PARAMETERS", "next_billing_date");
  cancelled = bd_test_sandbox_call (sandbox, "PATCH", path, "{\"status\":\"cancelled\"}", 200);
  bd_schema_check ("SubscriptionResponse", cancelled, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (member (cancelled, "status"), ==, "cancelled");
  g_assert_nonnull (member (cancelled, "cancelled_at"));
  /* Cancelling a cancelled subscription is a conflict. */
  call_error (sandbox, "PATCH", path, "{\"status\":\"cancelled\"}", 409, "SUBSCRIPTION_INACTIVE", "cancelled");
}

static void
test_refunds (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_at_now (NULL);
  g_autofree char *payment_id = NULL;
  g_autofree char *declined_id = NULL;
  g_autofree char *old_id = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) refund = NULL;
  g_autoptr(JsonNode) rest = NULL;
  g_autoptr(JsonNode) payment = NULL;
  g_autoptr(GError) error = NULL;

  if (sandbox == NULL)
    return;
  payment_id = paid_payment (sandbox, 1000, "4242424242424242");

  call_error (sandbox, "POST", "/refunds", "{\"reason\":\"x\"}", 422, "INVALID_REQUEST_BODY", "payment_id");
  call_error (sandbox, "POST", "/refunds", "{\"payment_id\":\"pay_nope\"}", 404, "NOT_FOUND", NULL);

  path = g_strdup_printf ("/payments/%s/line-items", payment_id);
  {
    g_autoptr(JsonNode) lines = bd_test_sandbox_call (sandbox, "GET", path, NULL, 200);
    const char *item = json_object_get_string_member (json_array_get_object_element (items (lines), 0), "items_id");
    g_autofree char *over = g_strdup_printf ("{\"payment_id\":\"%s\",\"items\":[{\"item_id\":\"%s\",\"amount\":1500}]}", payment_id, item);
    g_autofree char *part = g_strdup_printf ("{\"payment_id\":\"%s\",\"items\":[{\"item_id\":\"%s\",\"amount\":600}]}", payment_id, item);

    call_error (sandbox, "POST", "/refunds", over, 422, "REFUND_AMOUNT_EXCEEDS_PAID_AMOUNT", NULL);
    refund = bd_test_sandbox_call (sandbox, "POST", "/refunds", part, 200);
    bd_schema_check ("RefundResponse", refund, &error);
    g_assert_no_error (error);
    g_assert_true (json_object_get_boolean_member (json_node_get_object (refund), "is_partial"));
    /* 600 of 1000 refunded: another 600 is more than what was left. */
    call_error (sandbox, "POST", "/refunds", part, 422, "REFUND_AMOUNT_EXCEEDS_PAID_AMOUNT", "400");
  }

  body = g_strdup_printf ("{\"payment_id\":\"%s\",\"reason\":\"Changed mind\"}", payment_id);
  rest = bd_test_sandbox_call (sandbox, "POST", "/refunds", body, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (rest), "amount"), ==, 400);
  call_error (sandbox, "POST", "/refunds", body, 422, "PAYMENT_ALREADY_REFUNDED", NULL);

  g_free (path);
  path = g_strdup_printf ("/payments/%s", payment_id);
  payment = bd_test_sandbox_call (sandbox, "GET", path, NULL, 200);
  bd_schema_check ("PaymentResponse", payment, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (member (payment, "refund_status"), ==, "full");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (payment), "refunds")), ==, 2);

  /* A declined payment cannot be refunded; one older than 90 days neither. */
  declined_id = paid_payment (sandbox, 700, "4000000000000002");
  g_free (body);
  body = g_strdup_printf ("{\"payment_id\":\"%s\"}", declined_id);
  call_error (sandbox, "POST", "/refunds", body, 422, "INVALID_REQUEST_PARAMETERS", NULL);

  old_id = paid_payment (sandbox, 800, "4242424242424242");
  call_ok (sandbox, "POST", "/_sandbox/clock", "{\"advance_seconds\":7862400}");
  g_free (body);
  body = g_strdup_printf ("{\"payment_id\":\"%s\"}", old_id);
  call_error (sandbox, "POST", "/refunds", body, 422, "REFUND_WINDOW_EXPIRED", NULL);
}

static void
test_checkout (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_at_now (NULL);
  g_autofree char *paid = NULL;
  g_autofree char *declined = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) payment = NULL;

  if (sandbox == NULL)
    return;
  call_error (sandbox, "POST", "/checkouts", "{\"product_cart\":[{\"quantity\":1}]}",
              422, "INVALID_REQUEST_BODY", "product_id");
  call_error (sandbox, "POST", "/checkouts", "{\"product_cart\":[{\"product_id\":\"pdt_nope\",\"quantity\":1}]}",
              422, "MISSING_PRODUCT_INFORMATION", "pdt_nope");
  paid = paid_payment (sandbox, 1999, "4242424242424242");
  declined = paid_payment (sandbox, 1999, "4000000000000002");
  path = g_strdup_printf ("/payments/%s", paid);
  payment = bd_test_sandbox_call (sandbox, "GET", path, NULL, 200);
  g_assert_cmpstr (member (payment, "status"), ==, "succeeded");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (payment), "total_amount"), ==, 1999);
  g_assert_cmpstr (member (payment, "card_last_four"), ==, "4242");
  g_free (path);
  g_clear_pointer (&payment, json_node_unref);
  path = g_strdup_printf ("/payments/%s", declined);
  payment = bd_test_sandbox_call (sandbox, "GET", path, NULL, 200);
  g_assert_cmpstr (member (payment, "status"), ==, "failed");
}

/* A 503 injected twice on GET /payments: the client's retries get past it. */
static void
test_fault_503_retried (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_with ("--seed", "20", "--faults",
                                            "route=GET /payments,fault=503,retry_after=0,count=2", NULL);
  g_autoptr(BdDodoClient) client = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) stats = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *route;

  if (sandbox == NULL)
    return;
  client = bd_test_sandbox_client (sandbox);
  bd_dodo_client_set_max_retries (client, 3);
  node = bd_dodo_client_request (client, "GET", "/payments", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (items (node)), ==, 10);

  stats = bd_test_sandbox_call (sandbox, "GET", "/_sandbox/stats", NULL, 200);
  route = json_object_get_object_member (json_object_get_object_member (json_node_get_object (stats), "routes"),
                                         "GET /payments");
  g_assert_cmpint (json_object_get_int_member (route, "requests"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (route, "faults"), ==, 2);
}

/* The connection drops after the customer was created: the client reports
 * an ambiguous write, and reading back shows the write happened. */
static void
test_fault_drop_after (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_at_now (NULL);
  g_autoptr(BdDodoClient) client = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) found = NULL;
  g_autoptr(GError) error = NULL;

  if (sandbox == NULL)
    return;
  call_ok (sandbox, "POST", "/_sandbox/faults",
                       "{\"spec\":\"route=POST /customers,fault=drop-after,count=1\"}");
  client = bd_test_sandbox_client (sandbox);
  json_parser_load_from_data (parser, "{\"email\":\"lost@example.com\",\"name\":\"Lost Answer\"}", -1, NULL);
  node = bd_dodo_client_request (client, "POST", "/customers", NULL, json_parser_get_root (parser), NULL, &error);
  g_assert_null (node);
  g_assert_nonnull (error);
  g_assert_true (bd_dodo_error_is_ambiguous_write (error));

  found = bd_test_sandbox_call (sandbox, "GET", "/customers?email=lost@example.com", NULL, 200);
  g_assert_cmpuint (json_array_get_length (items (found)), ==, 1);
}

static void
test_fault_kinds (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_with ("--seed", "20", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(BdDodoClient) client = NULL;

  if (sandbox == NULL)
    return;
  call_ok (sandbox, "POST", "/_sandbox/faults",
                       "{\"spec\":\"route=GET /payments,fault=429,retry_after=7,count=1;"
                       "route=/customers,fault=malformed,count=1\"}");
  call_error (sandbox, "GET", "/payments", NULL, 429, "TOO_MANY_REQUESTS", NULL);
  g_assert_cmpuint (bd_test_sandbox_fetch (sandbox, "GET", "/customers", bd_test_sandbox_get_key (sandbox),
                                           NULL, &bytes), ==, 200);
  node = bd_dodo_parse_json (bytes, &error);
  g_assert_null (node);
  g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_BAD_RESPONSE);
  g_clear_error (&error);

  /* A truncated body is a failure the client sees, never a short list. */
  call_error (sandbox, "POST", "/_sandbox/faults", "{\"spec\":\"route=/x,fault=teleport\"}",
              422, "INVALID_REQUEST_BODY", "teleport");
  call_ok (sandbox, "POST", "/_sandbox/faults",
                       "{\"spec\":\"route=GET /disputes,fault=truncate\"}");
  client = bd_test_sandbox_client (sandbox);
  bd_dodo_client_set_max_retries (client, 1);
  node = bd_dodo_client_request (client, "GET", "/disputes", NULL, NULL, NULL, &error);
  g_assert_null (node);
  g_assert_nonnull (error);
}

static void
test_stats (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_with ("--seed", "20", NULL);
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonNode) stats = NULL;
  JsonObject *routes;
  const char *id;

  if (sandbox == NULL)
    return;
  page = bd_test_sandbox_call (sandbox, "GET", "/payments", NULL, 200);
  id = json_object_get_string_member (json_array_get_object_element (items (page), 0), "payment_id");
  g_assert_null (bd_test_sandbox_call (sandbox, "DELETE", "/_sandbox/stats", NULL, 200));
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *path = g_strdup_printf ("/payments/%s", id);
      g_autoptr(JsonNode) payment = bd_test_sandbox_call (sandbox, "GET", path, NULL, 200);
    }
  stats = bd_test_sandbox_call (sandbox, "GET", "/_sandbox/stats", NULL, 200);
  routes = json_object_get_object_member (json_node_get_object (stats), "routes");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (routes, "GET /payments/{payment_id}"),
                                               "requests"), ==, 3);
  g_assert_false (json_object_has_member (routes, "GET /payments"));
}

static GBytes *
first_page (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_with ("--seed", "500", NULL);
  GBytes *bytes = NULL;

  if (sandbox == NULL)
    return NULL;
  g_assert_cmpuint (bd_test_sandbox_fetch (sandbox, "GET", "/payments?page_size=100",
                                           bd_test_sandbox_get_key (sandbox), NULL, &bytes), ==, 200);
  return bytes;
}

static void
test_seed_determinism (void)
{
  g_autoptr(GBytes) a = first_page ();
  g_autoptr(GBytes) b = NULL;

  if (a == NULL)
    return;
  b = first_page ();
  g_assert_cmpuint (g_bytes_get_size (a), >, 1000);
  g_assert_true (g_bytes_equal (a, b));
}

/* A seeded account's history is all in the past: no subscription ended,
 * paused or was last billed after the sandbox's clock, nor ended before it
 * began.  (A random draw inside MIN () once gave "cancelled" subscriptions
 * a cancellation years ahead.) */
static void
test_seed_history (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_with ("--seed", "20000",
                                                                 "--now", "2026-06-01T12:00:00Z", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-06-01T12:00:00Z", NULL);
  static const char * const past[] = { "cancelled_at", "expires_at", "paused_at", "previous_billing_date", NULL };
  guint n, page = 0, ended = 0, total = 0;

  if (sandbox == NULL)
    return;
  do
    {
      g_autofree char *path = g_strdup_printf ("/subscriptions?page_size=100&page_number=%u", page++);
      g_autoptr(JsonNode) node = bd_test_sandbox_call (sandbox, "GET", path, NULL, 200);
      JsonArray *array = items (node);

      n = json_array_get_length (array);
      for (guint i = 0; i < n; i++)
        {
          JsonObject *item = json_array_get_object_element (array, i);
          g_autoptr(GDateTime) created = g_date_time_new_from_iso8601 (json_object_get_string_member (item, "created_at"), NULL);

          g_assert_nonnull (created);
          for (guint k = 0; past[k] != NULL; k++)
            {
              g_autoptr(GDateTime) at = NULL;

              if (!json_object_has_member (item, past[k]) || json_object_get_null_member (item, past[k]))
                continue;
              at = g_date_time_new_from_iso8601 (json_object_get_string_member (item, past[k]), NULL);
              g_assert_nonnull (at);
              if (g_date_time_compare (at, now) > 0 || g_date_time_compare (at, created) < 0)
                g_error ("%s: %s %s, created %s",
                         json_object_get_string_member (item, "subscription_id"), past[k],
                         json_object_get_string_member (item, past[k]),
                         json_object_get_string_member (item, "created_at"));
              if (k < 2)
                ended++;
            }
          total++;
        }
    }
  while (n == 100);
  g_test_message ("%u subscriptions, %u ended", total, ended);
  g_assert_cmpuint (total, ==, 500);
  g_assert_cmpuint (ended, >, 50);
}

static void
test_sigterm (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_with ("--seed", "10", NULL);

  if (sandbox == NULL)
    return;
  g_assert_cmpint (bd_test_sandbox_stop (sandbox), ==, 0);
}

static void
test_refuses_remote (void)
{
  const char *root = g_getenv ("BD_BUILD_ROOT");
  g_autofree char *exe = root != NULL ? g_build_filename (root, "src", "sandbox", "billing-desk-sandbox", NULL) : NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (exe == NULL || !g_file_test (exe, G_FILE_TEST_IS_EXECUTABLE))
    {
      bd_test_skip_or_fail ("billing-desk-sandbox is not built");
      return;
    }
  /* 192.0.2.1 is TEST-NET-1: refused before anything is bound or sent. */
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              exe, "--host", "192.0.2.1", "--port", "0", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "--allow-remote"));
  /* One line. */
  g_assert_nonnull (strchr (err, '\n'));
  g_assert_cmpstr (strchr (err, '\n') + 1, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/auth", test_auth);
  g_test_add_func ("/sandbox/not-found", test_not_found);
  g_test_add_func ("/sandbox/pagination", test_pagination);
  g_test_add_func ("/sandbox/created-filters", test_created_filters);
  g_test_add_func ("/sandbox/products", test_products);
  g_test_add_func ("/sandbox/customers", test_customers);
  g_test_add_func ("/sandbox/subscriptions", test_subscriptions);
  g_test_add_func ("/sandbox/refunds", test_refunds);
  g_test_add_func ("/sandbox/checkout", test_checkout);
  g_test_add_func ("/sandbox/faults/503-retried", test_fault_503_retried);
  g_test_add_func ("/sandbox/faults/drop-after", test_fault_drop_after);
  g_test_add_func ("/sandbox/faults/kinds", test_fault_kinds);
  g_test_add_func ("/sandbox/stats", test_stats);
  g_test_add_func ("/sandbox/seed-determinism", test_seed_determinism);
  g_test_add_func ("/sandbox/seed-history", test_seed_history);
  g_test_add_func ("/sandbox/sigterm", test_sigterm);
  g_test_add_func ("/sandbox/refuses-remote", test_refuses_remote);

  return g_test_run ();
}
