/* test-sandbox-docs.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-sandbox-docs"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "bd-dodo-api.h"
#include "bd-dodo-client.h"
#include "bd-test-sandbox.h"
#include "bd-test-util.h"
#include "bd-webhook.h"

/* What the sandbox serves besides JSON: invoice PDFs, the hosted checkout
 * page, and state that outlives the process (--data-dir), webhook
 * endpoints included.  Each test starts its own billing-desk-sandbox. */

/* Helpers */

static char *
member_dup (JsonNode   *node,
            const char *name)
{
  return g_strdup (json_object_get_string_member (json_node_get_object (node), name));
}

static char *
create_product (BdTestSandbox *sandbox,
                const char    *name,
                gint64         price,
                int            trial_days)
{
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) product = NULL;

  if (trial_days < 0)
    body = g_strdup_printf ("{\"name\":\"%s\",\"tax_category\":\"saas\",\"price\":{\"type\":\"one_time_price\","
                            "\"currency\":\"USD\",\"price\":%" G_GINT64_FORMAT ",\"discount\":0,"
                            "\"purchasing_power_parity\":false}}", name, price);
  else
    body = g_strdup_printf ("{\"name\":\"%s\",\"tax_category\":\"saas\",\"price\":{\"type\":\"recurring_price\","
                            "\"currency\":\"USD\",\"price\":%" G_GINT64_FORMAT ",\"discount\":0,"
                            "\"purchasing_power_parity\":false,\"payment_frequency_count\":1,"
                            "\"payment_frequency_interval\":\"Month\",\"subscription_period_count\":1,"
                            "\"subscription_period_interval\":\"Year\",\"trial_period_days\":%d}}",
                            name, price, trial_days);
  product = bd_test_sandbox_call (sandbox, "POST", "/products", body, 200);
  return member_dup (product, "product_id");
}

/* A checkout session for @cart_json; returns its id and sets @url. */
static char *
create_checkout (BdTestSandbox  *sandbox,
                 const char     *cart_json,
                 const char     *customer_json,
                 char          **url)
{
  g_autofree char *body = g_strdup_printf ("{\"product_cart\":%s,\"customer\":%s,"
                                           "\"return_url\":\"https://shop.example/done?from=sandbox\"}",
                                           cart_json, customer_json);
  g_autoptr(JsonNode) session = bd_test_sandbox_call (sandbox, "POST", "/checkouts", body, 200);

  if (url != NULL)
    *url = member_dup (session, "checkout_url");
  return member_dup (session, "session_id");
}

static void
on_downloaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Downloads an invoice through the app's client and returns its text as
 * pdftotext reads it (NULL after skipping when pdftotext is missing). */
static char *
download_invoice_text (BdTestSandbox     *sandbox,
                       BdDodoApiEndpoint  endpoint,
                       const char        *id)
{
  g_autoptr(BdDodoClient) client = bd_test_sandbox_client (sandbox);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bd-invoice-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  g_autofree char *program = g_find_program_in_path ("pdftotext");
  int wait_status = 0;
  gsize length = 0;

  g_assert_no_error (error);
  path = g_build_filename (dir, "invoice.pdf", NULL);
  file = g_file_new_for_path (path);
  bd_dodo_api_download_async (client, endpoint, id, file, NULL, on_downloaded, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (bd_dodo_api_download_finish (client, result, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_nonnull (g_strstr_len (contents + length - 16, 16, "%EOF"));

  if (program == NULL)
    {
      g_unlink (path);
      g_rmdir (dir);
      bd_test_skip_or_fail ("pdftotext (poppler-utils) is not installed");
      return NULL;
    }
  {
    const char *argv[] = { program, "-enc", "UTF-8", path, "-", NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                  &text, NULL, &wait_status, &error);
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  g_unlink (path);
  g_rmdir (dir);
  return g_steal_pointer (&text);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not found in:\n%s", needle, haystack);
}

/* The form POST of the hosted page, without following the redirect.
 * Returns the status; @location and @body (optional) get the answer. */
static guint
post_form (const char  *url,
           const char  *card,
           const char  *expiry,
           char       **location,
           char       **body)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *form = soup_form_encode ("email", "ada@example.com",
                                            "name", "Ada <Lovelace>",
                                            "country", "gb",
                                            "card", card,
                                            "expiry", expiry,
                                            "cvc", "123",
                                            NULL);

  msg = soup_message_new_from_encoded_form ("POST", url, g_steal_pointer (&form));
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (location != NULL)
    *location = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location"));
  if (body != NULL)
    *body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return soup_message_get_status (msg);
}

static char *
get_page (const char *url,
          guint      *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL),
                                   "text/html"));
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static gint64
count_payments (BdTestSandbox *sandbox)
{
  g_autoptr(JsonNode) page = bd_test_sandbox_call (sandbox, "GET", "/payments?page_size=100", NULL, 200);

  return json_array_get_length (json_object_get_array_member (json_node_get_object (page), "items"));
}

/* Invoices */

static void
test_invoice_payment (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_at_now (NULL);
  g_autofree char *mug = NULL;
  g_autofree char *poster = NULL;
  g_autofree char *cart = NULL;
  g_autofree char *session = NULL;
  g_autofree char *path = NULL;
  g_autofree char *payment_id = NULL;
  g_autofree char *refund_id = NULL;
  g_autofree char *text = NULL;
  g_autofree char *number = NULL;
  g_autoptr(JsonNode) done = NULL;
  g_autoptr(JsonNode) refund = NULL;
  g_autoptr(JsonNode) missing = NULL;

  if (sandbox == NULL)
    return;
  mug = create_product (sandbox, "Enamel Mug", 1450, -1);
  poster = create_product (sandbox, "Łódź Poster", 2999, -1);
  cart = g_strdup_printf ("[{\"product_id\":\"%s\",\"quantity\":2},{\"product_id\":\"%s\",\"quantity\":1}]",
                          mug, poster);
  session = create_checkout (sandbox, cart, "{\"email\":\"zoe@example.com\",\"name\":\"Zoë Ångström\"}", NULL);
  path = g_strdup_printf ("/_sandbox/checkouts/%s/complete", session);
  done = bd_test_sandbox_call (sandbox, "POST", path, "{\"card\":\"4242424242424242\"}", 200);
  payment_id = member_dup (done, "payment_id");

  text = download_invoice_text (sandbox, BD_DODO_API_PAYMENT_INVOICE, payment_id);
  if (text == NULL)
    return;
  number = g_strconcat ("INV-", payment_id + strlen ("pay_"), NULL);
  assert_contains (text, "INVOICE");
  assert_contains (text, number);
  assert_contains (text, "Zoë Ångström");
  assert_contains (text, "zoe@example.com");
  assert_contains (text, "Enamel Mug");
  assert_contains (text, "Łódź Poster");
  assert_contains (text, "29.00 USD");    /* 2 × 14.50 */
  assert_contains (text, "58.99 USD");    /* the total */
  assert_contains (text, "Billing Desk Sandbox Studio");
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&number, g_free);

  /* A partial refund: its credit note. */
  g_free (path);
  path = g_strdup_printf ("{\"payment_id\":\"%s\",\"reason\":\"Chipped in transit\","
                          "\"items\":[{\"item_id\":\"%s\",\"amount\":1450}]}", payment_id, mug);
  refund = bd_test_sandbox_call (sandbox, "POST", "/refunds", path, 200);
  refund_id = member_dup (refund, "refund_id");
  text = download_invoice_text (sandbox, BD_DODO_API_REFUND_INVOICE, refund_id);
  number = g_strconcat ("CN-", refund_id + strlen ("ref_"), NULL);
  assert_contains (text, "CREDIT NOTE");
  assert_contains (text, number);
  assert_contains (text, payment_id + strlen ("pay_"));
  assert_contains (text, "Zoë Ångström");
  assert_contains (text, "Enamel Mug");
  assert_contains (text, "14.50 USD");
  assert_contains (text, "Chipped in transit");

  /* Unknown ids: Dodo's 404; the routes need no key. */
  missing = bd_test_sandbox_call (sandbox, "GET", "/invoices/payments/pay_nope", NULL, 404);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (missing), "code"), ==, "NOT_FOUND");
  {
    g_autoptr(GBytes) bytes = NULL;
    g_autofree char *open_path = g_strdup_printf ("/invoices/payments/%s", payment_id);

    g_assert_cmpuint (bd_test_sandbox_fetch (sandbox, "GET", open_path, NULL, NULL, &bytes), ==, 200);
    g_assert_cmpmem ("%PDF-", 5, g_bytes_get_data (bytes, NULL), 5);
  }
}

/* A seeded payment in another currency: one line holding the total. */
static void
test_invoice_seeded (void)
{
  const char * const args[] = { "--seed", "demo", NULL };
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_at_now (args);
  g_autoptr(JsonNode) page = NULL;
  g_autofree char *text = NULL;
  g_autofree char *total = NULL;
  JsonObject *payment;

  if (sandbox == NULL)
    return;
  page = bd_test_sandbox_call (sandbox, "GET", "/payments?page_size=1&currency=INR", NULL, 200);
  payment = json_array_get_object_element (json_object_get_array_member (json_node_get_object (page), "items"), 0);
  text = download_invoice_text (sandbox, BD_DODO_API_PAYMENT_INVOICE,
                                json_object_get_string_member (payment, "payment_id"));
  if (text == NULL)
    return;
  total = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d INR",
                           json_object_get_int_member (payment, "total_amount") / 100,
                           (int) (json_object_get_int_member (payment, "total_amount") % 100));
  assert_contains (text, total);
  assert_contains (text, json_object_get_string_member (json_object_get_object_member (payment, "customer"), "name"));
}

/* The hosted checkout page */

static void
test_checkout_page (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_at_now (NULL);
  g_autofree char *mug = NULL;
  g_autofree char *plan = NULL;
  g_autofree char *cart = NULL;
  g_autofree char *session = NULL;
  g_autofree char *url = NULL;
  g_autofree char *page = NULL;
  g_autofree char *location = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(JsonNode) payment = NULL;
  g_autoptr(JsonNode) status = NULL;
  guint code;

  if (sandbox == NULL)
    return;
  mug = create_product (sandbox, "Enamel Mug", 1450, -1);
  plan = create_product (sandbox, "Team <Plan> & Co", 9900, 14);
  cart = g_strdup_printf ("[{\"product_id\":\"%s\",\"quantity\":2},{\"product_id\":\"%s\",\"quantity\":1}]",
                          mug, plan);
  session = create_checkout (sandbox, cart, "{\"email\":\"ada@example.com\"}", &url);

  /* The page: the lines, the total, the fields; names escaped. */
  page = get_page (url, &code);
  g_assert_cmpuint (code, ==, 200);
  assert_contains (page, "Enamel Mug");
  assert_contains (page, "Team &lt;Plan&gt; &amp; Co");
  g_assert_null (strstr (page, "<Plan>"));
  assert_contains (page, "29.00 USD");
  assert_contains (page, "14-day free trial");
  assert_contains (page, "value=\"ada@example.com\"");
  for (guint i = 0; i < 6; i++)
    {
      static const char * const names[] = { "email", "name", "country", "card", "expiry", "cvc" };
      g_autofree char *field = g_strdup_printf ("name=\"%s\"", names[i]);

      assert_contains (page, field);
    }
  g_clear_pointer (&page, g_free);

  /* A number that fails the Luhn check, an expired card: field errors,
   * and nothing is created. */
  code = post_form (url, "4242 4242 4242 4241", "12/34", NULL, &body);
  g_assert_cmpuint (code, ==, 200);
  assert_contains (body, "id=\"card-error\"");
  assert_contains (body, "not valid");
  assert_contains (body, "Ada &lt;Lovelace&gt;");
  g_clear_pointer (&body, g_free);
  code = post_form (url, "4242424242424242", "02/26", NULL, &body);
  g_assert_cmpuint (code, ==, 200);
  assert_contains (body, "id=\"expiry-error\"");
  assert_contains (body, "expired");
  g_assert_cmpint (count_payments (sandbox), ==, 0);
  path = g_strdup_printf ("/checkouts/%s", session);
  status = bd_test_sandbox_call (sandbox, "GET", path, NULL, 200);
  g_assert_null (json_object_get_string_member_with_default (json_node_get_object (status), "payment_id", NULL));

  /* 4242…: 303 to the return URL, as Dodo redirects. */
  code = post_form (url, "4242 4242 4242 4242", "12/34", &location, NULL);
  g_assert_cmpuint (code, ==, 303);
  g_assert_true (g_str_has_prefix (location, "https://shop.example/done?from=sandbox&"));
  uri = g_uri_parse (location, G_URI_FLAGS_NONE, NULL);
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  g_assert_cmpstr (g_hash_table_lookup (params, "status"), ==, "active");
  g_assert_true (g_str_has_prefix (g_hash_table_lookup (params, "subscription_id"), "sub_"));
  g_assert_cmpint (count_payments (sandbox), ==, 1);

  /* The payment, its customer (typed on the page), the subscription. */
  {
    g_autoptr(JsonNode) list = bd_test_sandbox_call (sandbox, "GET", "/payments?page_size=1", NULL, 200);
    JsonObject *item = json_array_get_object_element (json_object_get_array_member (json_node_get_object (list), "items"), 0);
    g_autofree char *payment_path = g_strdup_printf ("/payments/%s", json_object_get_string_member (item, "payment_id"));
    g_autofree char *sub_path = g_strdup_printf ("/subscriptions/%s",
                                                 (const char *) g_hash_table_lookup (params, "subscription_id"));
    g_autoptr(JsonNode) sub = NULL;
    JsonObject *object;

    payment = bd_test_sandbox_call (sandbox, "GET", payment_path, NULL, 200);
    object = json_node_get_object (payment);
    g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "succeeded");
    g_assert_cmpint (json_object_get_int_member (object, "total_amount"), ==, 2900);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "customer"), "name"),
                     ==, "Ada <Lovelace>");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "billing"), "country"),
                     ==, "GB");
    sub = bd_test_sandbox_call (sandbox, "GET", sub_path, NULL, 200);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (sub), "trial_period_days"), ==, 14);
  }

  /* The page of a completed session says so. */
  page = get_page (url, &code);
  g_assert_cmpuint (code, ==, 200);
  assert_contains (page, "completed");
}

static void
test_checkout_page_decline (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_at_now (NULL);
  g_autofree char *mug = NULL;
  g_autofree char *cart = NULL;
  g_autofree char *session = NULL;
  g_autofree char *url = NULL;
  g_autofree char *location = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(JsonNode) payment = NULL;
  guint code;

  if (sandbox == NULL)
    return;
  mug = create_product (sandbox, "Enamel Mug", 1450, -1);
  cart = g_strdup_printf ("[{\"product_id\":\"%s\",\"quantity\":1}]", mug);
  session = create_checkout (sandbox, cart, "{\"email\":\"ada@example.com\"}", &url);
  code = post_form (url, "4000 0000 0000 0002", "12/34", &location, NULL);
  g_assert_cmpuint (code, ==, 303);
  uri = g_uri_parse (location, G_URI_FLAGS_NONE, NULL);
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  g_assert_cmpstr (g_hash_table_lookup (params, "status"), ==, "failed");
  path = g_strdup_printf ("/payments/%s", (const char *) g_hash_table_lookup (params, "payment_id"));
  payment = bd_test_sandbox_call (sandbox, "GET", path, NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (payment), "status"), ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (payment), "error_code"), ==, "CARD_DECLINED");
  g_assert_nonnull (json_object_get_string_member (json_node_get_object (payment), "error_message"));

  /* An unknown session: a 404 page. */
  {
    g_autofree char *bad = g_strdup_printf ("%s/_sandbox/checkout/cks_nope", bd_test_sandbox_get_url (sandbox));
    g_autofree char *page = get_page (bad, &code);

    g_assert_cmpuint (code, ==, 404);
  }
}

/* --data-dir */

static void
remove_dir (const char *dir)
{
  static const char * const files[] = { "sandbox.db", "sandbox.db-wal", "sandbox.db-shm", NULL };

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i], NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static char *
get_body (BdTestSandbox *sandbox,
          const char    *path)
{
  g_autoptr(GBytes) bytes = NULL;

  g_assert_cmpuint (bd_test_sandbox_fetch (sandbox, "GET", path, bd_test_sandbox_get_key (sandbox),
                                           NULL, &bytes), ==, 200);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
test_data_dir (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bd-sandbox-data-XXXXXX", &error);
  const char * const first_args[] = { "--seed", "demo", "--data-dir", dir, NULL };
  const char * const again_args[] = { "--data-dir", dir, NULL };
  const char * const other_seed[] = { "--seed", "20", "--data-dir", dir, NULL };
  const char *old_page = "/payments?page_size=5&created_at_lte=2025-06-01T00:00:00Z";
  BdTestSandbox *sandbox;
  g_autoptr(BdTestSandbox) refused = NULL;
  g_autofree char *customer_id = NULL;
  g_autofree char *product_id = NULL;
  g_autofree char *payment_id = NULL;
  g_autofree char *page_before = NULL;
  g_autofree char *page_after = NULL;
  g_autofree char *path = NULL;
  g_autofree char *mug = NULL;
  g_autofree char *cart = NULL;
  g_autofree char *session = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JsonNode) node = NULL;
  gint64 before_us = 0, after_us = 0;

  g_assert_no_error (error);
  sandbox = bd_test_sandbox_start_at_now (first_args);
  if (sandbox == NULL)
    {
      remove_dir (dir);
      return;
    }

  /* A new customer, a changed seeded product, a paid checkout. */
  node = bd_test_sandbox_call (sandbox, "POST", "/customers", "{\"email\":\"keep@example.com\",\"name\":\"Keep Mé\"}", 200);
  customer_id = member_dup (node, "customer_id");
  g_clear_pointer (&node, json_node_unref);
  node = bd_test_sandbox_call (sandbox, "GET", "/products?page_size=1", NULL, 200);
  product_id = g_strdup (json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (json_node_get_object (node), "items"), 0),
    "product_id"));
  g_clear_pointer (&node, json_node_unref);
  path = g_strdup_printf ("/products/%s", product_id);
  node = bd_test_sandbox_call (sandbox, "DELETE", path, NULL, 200);
  g_clear_pointer (&path, g_free);
  mug = create_product (sandbox, "Enamel Mug", 1450, -1);
  cart = g_strdup_printf ("[{\"product_id\":\"%s\",\"quantity\":1}]", mug);
  session = create_checkout (sandbox, cart, "{\"email\":\"keep@example.com\"}", NULL);
  path = g_strdup_printf ("/_sandbox/checkouts/%s/complete", session);
  node = bd_test_sandbox_call (sandbox, "POST", path, NULL, 200);
  payment_id = member_dup (node, "payment_id");
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&path, g_free);

  page_before = get_body (sandbox, old_page);
  node = bd_test_sandbox_call (sandbox, "GET", "/_sandbox/clock", NULL, 200);
  before = member_dup (node, "now");
  g_clear_pointer (&node, json_node_unref);
  g_assert_cmpint (bd_test_sandbox_stop (sandbox), ==, 0);
  bd_test_sandbox_free (sandbox);

  /* Another seed on the same directory is refused. */
  refused = bd_test_sandbox_start (other_seed, &error);
  g_assert_null (refused);
  g_clear_error (&error);

  /* Again, without --seed: everything is there. */
  sandbox = bd_test_sandbox_start_at_now (again_args);
  g_assert_nonnull (sandbox);
  path = g_strdup_printf ("/customers/%s", customer_id);
  node = bd_test_sandbox_call (sandbox, "GET", path, NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "name"), ==, "Keep Mé");
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&path, g_free);

  path = g_strdup_printf ("/payments/%s", payment_id);
  node = bd_test_sandbox_call (sandbox, "GET", path, NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "status"), ==, "succeeded");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (node), "customer"),
                                                  "customer_id"), ==, customer_id);
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&path, g_free);

  node = bd_test_sandbox_call (sandbox, "GET", "/products?archived=true", NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (json_node_get_object (node), "items"), 0),
    "product_id"), ==, product_id);
  g_clear_pointer (&node, json_node_unref);

  /* The seeded data is the same, and time went on. */
  page_after = get_body (sandbox, old_page);
  g_assert_cmpstr (page_after, ==, page_before);
  node = bd_test_sandbox_call (sandbox, "GET", "/_sandbox/clock", NULL, 200);
  after = member_dup (node, "now");
  g_clear_pointer (&node, json_node_unref);
  {
    g_autoptr(GDateTime) b = g_date_time_new_from_iso8601 (before, NULL);
    g_autoptr(GDateTime) a = g_date_time_new_from_iso8601 (after, NULL);

    before_us = g_date_time_to_unix (b) * G_USEC_PER_SEC + g_date_time_get_microsecond (b);
    after_us = g_date_time_to_unix (a) * G_USEC_PER_SEC + g_date_time_get_microsecond (a);
  }
  g_assert_cmpint (after_us, >=, before_us);

  /* New ids do not repeat old ones. */
  node = bd_test_sandbox_call (sandbox, "POST", "/customers", "{\"email\":\"new@example.com\",\"name\":\"New\"}", 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "customer_id"), !=, customer_id);
  g_clear_pointer (&node, json_node_unref);

  g_assert_cmpint (bd_test_sandbox_stop (sandbox), ==, 0);
  bd_test_sandbox_free (sandbox);
  remove_dir (dir);
}

/* --data-dir with webhooks: a receiver in this process (a SoupServer on
 * 127.0.0.1) keeps what is posted to it. */

typedef struct
{
  char    *id;
  char    *timestamp;
  char    *signature;
  GBytes  *body;
} Received;

static void
received_free (Received *r)
{
  g_free (r->id);
  g_free (r->timestamp);
  g_free (r->signature);
  g_bytes_unref (r->body);
  g_free (r);
}

static void
on_hook (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  GPtrArray *received = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  Received *r = g_new0 (Received, 1);

  r->id = g_strdup (soup_message_headers_get_one (headers, "webhook-id"));
  r->timestamp = g_strdup (soup_message_headers_get_one (headers, "webhook-timestamp"));
  r->signature = g_strdup (soup_message_headers_get_one (headers, "webhook-signature"));
  r->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_ptr_array_add (received, r);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

/* The event type of a received delivery.  (transfer full) */
static char *
received_type (Received *r)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body), &error);
  g_assert_no_error (error);
  return member_dup (json_parser_get_root (parser), "type");
}

/* Runs the receiver until a delivery of @type came, or fails after 30 s;
 * polls, never a fixed sleep. */
static Received *
wait_for_delivery (GPtrArray  *received,
                   const char *type)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  for (;;)
    {
      for (guint i = 0; i < received->len; i++)
        {
          g_autofree char *got = received_type (received->pdata[i]);

          if (g_str_equal (got, type))
            return received->pdata[i];
        }
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for a %s delivery", type);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (5000);
    }
}

static void
test_data_dir_webhooks (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bd-sandbox-data-XXXXXX", &error);
  const char * const args[] = { "--data-dir", dir, NULL };
  g_autoptr(GPtrArray) received = g_ptr_array_new_with_free_func ((GDestroyNotify) received_free);
  g_autoptr(SoupServer) server = NULL;
  BdTestSandbox *sandbox;
  GSList *uris;
  g_autofree char *base = NULL;
  g_autofree char *body = NULL;
  g_autofree char *endpoint_id = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *plan = NULL;
  g_autofree char *session = NULL;
  g_autofree char *subscription_id = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *data;
  Received *r;

  g_assert_no_error (error);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, "/hook", on_hook, received, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  sandbox = bd_test_sandbox_start_at_now (args);
  if (sandbox == NULL)
    {
      remove_dir (dir);
      return;
    }

  /* An endpoint (only subscription and payment events), and an on-demand
   * checkout session left unpaid. */
  body = g_strdup_printf ("{\"url\":\"%s%shook\",\"description\":\"kept\","
                          "\"filter_types\":[\"subscription.active\",\"payment.succeeded\"]}",
                          base, g_str_has_suffix (base, "/") ? "" : "/");
  node = bd_test_sandbox_call (sandbox, "POST", "/webhooks", body, 200);
  endpoint_id = member_dup (node, "id");
  g_clear_pointer (&node, json_node_unref);
  path = g_strdup_printf ("/webhooks/%s/secret", endpoint_id);
  node = bd_test_sandbox_call (sandbox, "GET", path, NULL, 200);
  secret = member_dup (node, "secret");
  g_assert_true (g_str_has_prefix (secret, "whsec_"));
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&path, g_free);

  plan = create_product (sandbox, "Metered Plan", 2500, 0);
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"product_cart\":[{\"product_id\":\"%s\",\"quantity\":1}],"
                          "\"customer\":{\"email\":\"od@example.com\",\"name\":\"On Demand\"},"
                          "\"subscription_data\":{\"on_demand\":{\"mandate_only\":false,\"product_price\":700}}}",
                          plan);
  node = bd_test_sandbox_call (sandbox, "POST", "/checkouts", body, 200);
  session = member_dup (node, "session_id");
  g_clear_pointer (&node, json_node_unref);

  g_assert_cmpint (bd_test_sandbox_stop (sandbox), ==, 0);
  bd_test_sandbox_free (sandbox);
  g_assert_cmpuint (received->len, ==, 0);

  /* Again: the endpoint, with its secret and details. */
  sandbox = bd_test_sandbox_start_at_now (args);
  g_assert_nonnull (sandbox);
  node = bd_test_sandbox_call (sandbox, "GET", "/webhooks", NULL, 200);
  data = json_object_get_array_member (json_node_get_object (node), "data");
  g_assert_cmpuint (json_array_get_length (data), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (data, 0), "id"), ==, endpoint_id);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (data, 0), "description"), ==, "kept");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_array_get_object_element (data, 0),
                                                                        "filter_types")), ==, 2);
  g_clear_pointer (&node, json_node_unref);
  path = g_strdup_printf ("/webhooks/%s/secret", endpoint_id);
  node = bd_test_sandbox_call (sandbox, "GET", path, NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "secret"), ==, secret);
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&path, g_free);

  /* Paying the session now gives an on-demand subscription, charged the
   * product_price; its events reach the endpoint, signed with the secret. */
  path = g_strdup_printf ("/_sandbox/checkouts/%s/complete", session);
  node = bd_test_sandbox_call (sandbox, "POST", path, NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "status"), ==, "succeeded");
  subscription_id = member_dup (node, "subscription_id");
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&path, g_free);
  path = g_strdup_printf ("/subscriptions/%s", subscription_id);
  node = bd_test_sandbox_call (sandbox, "GET", path, NULL, 200);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "on_demand"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "status"), ==, "active");
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&path, g_free);

  r = wait_for_delivery (received, "subscription.active");
  bd_webhook_verify (secret, r->id, r->timestamp, r->signature, r->body,
                     g_get_real_time () / G_USEC_PER_SEC, &error);
  g_assert_no_error (error);
  r = wait_for_delivery (received, "payment.succeeded");
  bd_webhook_verify (secret, r->id, r->timestamp, r->signature, r->body,
                     g_get_real_time () / G_USEC_PER_SEC, &error);
  g_assert_no_error (error);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body),
                                  "\"total_amount\":700"));

  /* A new endpoint does not take the old one's id. */
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"url\":\"%s\"}", base);
  node = bd_test_sandbox_call (sandbox, "POST", "/webhooks", body, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "id"), !=, endpoint_id);
  g_clear_pointer (&node, json_node_unref);

  g_assert_cmpint (bd_test_sandbox_stop (sandbox), ==, 0);
  bd_test_sandbox_free (sandbox);
  soup_server_disconnect (server);
  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox-docs/invoice/payment-and-refund", test_invoice_payment);
  g_test_add_func ("/sandbox-docs/invoice/seeded", test_invoice_seeded);
  g_test_add_func ("/sandbox-docs/checkout-page/pay", test_checkout_page);
  g_test_add_func ("/sandbox-docs/checkout-page/decline", test_checkout_page_decline);
  g_test_add_func ("/sandbox-docs/data-dir", test_data_dir);
  g_test_add_func ("/sandbox-docs/data-dir/webhooks-and-on-demand", test_data_dir_webhooks);

  return g_test_run ();
}
