/* test-client-sandbox.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-client-sandbox"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "bd-checkout-session.h"
#include "bd-customer.h"
#include "bd-dispute.h"
#include "bd-dodo-api.h"
#include "bd-dodo-client.h"
#include "bd-payment.h"
#include "bd-product.h"
#include "bd-refund.h"
#include "bd-schema-check.h"
#include "bd-subscription.h"
#include "bd-test-sandbox.h"
#include "bd-test-util.h"

/* The app's Dodo client (bd-dodo-api.h) against a real billing-desk-sandbox
 * process: every endpoint of the client's table exists in the sandbox and
 * is driven through the client with typed results; the errors the sandbox
 * produces come back with their codes; faults are retried past or given up
 * on; and the raw answers of the endpoints Dodo's 1.53.2 description
 * covers validate against its schemas. */

/* Helpers */

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
await_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* One call through bd_dodo_api_call_async(); the answer (NULL for the
 * endpoints that answer nothing), or NULL with @error. */
static gpointer
api_call (BdDodoClient      *client,
          BdDodoApiEndpoint  endpoint,
          const char        *id,
          gpointer           body,
          GHashTable        *query,
          GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  gpointer object = NULL;

  bd_dodo_api_call_async (client, endpoint, id, body, query, NULL, store_result, &result);
  if (!bd_dodo_api_call_finish (client, await_result (&result), &object, error))
    g_assert_null (object);
  return object;
}

/* The same, asserting success. */
static gpointer
api_ok (BdDodoClient      *client,
        BdDodoApiEndpoint  endpoint,
        const char        *id,
        gpointer           body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) owned_body = body;
  gpointer object = api_call (client, endpoint, id, owned_body, NULL, &error);

  g_assert_no_error (error);
  return object;
}

/* Asserts that the call fails with @domain_code, HTTP @status and Dodo's
 * @code, its message mentioning @needle (nullable). */
static void
api_fails (BdDodoClient      *client,
           BdDodoApiEndpoint  endpoint,
           const char        *id,
           gpointer           body,
           int                domain_code,
           guint              status,
           const char        *code,
           const char        *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) owned_body = body;
  g_autoptr(GObject) object = api_call (client, endpoint, id, owned_body, NULL, &error);

  g_assert_error (error, BD_DODO_ERROR, domain_code);
  g_assert_cmpuint (bd_dodo_error_get_http_status (error), ==, status);
  g_assert_cmpstr (bd_dodo_error_get_code (error), ==, code);
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("“%s” is not in “%s”", needle, error->message);
}

static GPtrArray *
next_page (BdDodoLister  *lister,
           GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bd_dodo_lister_next_async (lister, NULL, store_result, &result);
  return bd_dodo_lister_next_finish (lister, await_result (&result), error);
}

/* Every item of a list endpoint, page by page.  (transfer full) */
static GPtrArray *
list_all (BdDodoClient      *client,
          BdDodoApiEndpoint  endpoint,
          const char        *id,
          GHashTable        *query)
{
  g_autoptr(BdDodoLister) lister = bd_dodo_lister_new (client, endpoint, id, query, 100);
  GPtrArray *all = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *page;
  g_autoptr(GError) error = NULL;

  while ((page = next_page (lister, &error)) != NULL)
    {
      for (guint i = 0; i < page->len; i++)
        g_ptr_array_add (all, g_object_ref (page->pdata[i]));
      g_ptr_array_unref (page);
    }
  g_assert_no_error (error);
  g_assert_true (bd_dodo_lister_is_done (lister));
  return all;
}

static const char *
str (gpointer    model,
     const char *property)
{
  return bd_model_get_string (model, property);
}

static gint64
route_requests (BdTestSandbox *sandbox,
                const char    *route)
{
  g_autoptr(JsonNode) stats = bd_test_sandbox_call (sandbox, "GET", "/_sandbox/stats", NULL, 200);
  JsonObject *routes = json_object_get_object_member (json_node_get_object (stats), "routes");

  if (!json_object_has_member (routes, route))
    return 0;
  return json_object_get_int_member (json_object_get_object_member (routes, route), "requests");
}

/* "/payments/{payment_id}" → "/payments/{}" */
static char *
normalize_template (const char *path)
{
  GString *out = g_string_new (NULL);

  for (const char *p = path; *p != '\0'; p++)
    {
      g_string_append_c (out, *p);
      if (*p == '{')
        {
          p = strchr (p, '}');
          g_string_append_c (out, '}');
        }
    }
  return g_string_free (out, FALSE);
}

/* Bodies */

static gpointer
product_body (const char *name,
              gint64      amount,
              gboolean    recurring)
{
  gpointer request = bd_dodo_product_create_new ();
  g_autoptr(BdMoney) price = bd_money_new (amount, "USD");

  bd_model_set (request, "name", name, "tax-category-raw", "saas", "price", price,
                "price-type-raw", recurring ? "recurring_price" : "one_time_price", NULL);
  if (recurring)
    bd_model_set (request,
                  "payment-frequency-count", (gint64) 1, "payment-frequency-interval-raw", "Month",
                  "subscription-period-count", (gint64) 1, "subscription-period-interval-raw", "Year",
                  NULL);
  return request;
}

static gpointer
checkout_body (const char *product_id,
               const char *email)
{
  gpointer request = bd_dodo_checkout_create_new ();
  g_autoptr(BdDodoCartItem) item = bd_dodo_cart_item_new ();
  g_autoptr(GListStore) cart = g_list_store_new (BD_DODO_TYPE_CART_ITEM);

  bd_model_set (item, "product-id", product_id, "quantity", (gint64) 1, NULL);
  g_list_store_append (cart, item);
  bd_model_set (request, "product-cart", cart, "customer-email", email, "customer-name", "Ada Lovelace",
                "billing-country", "DE", NULL);
  return request;
}

static gpointer
change_plan_body (const char *product_id,
                  gint64      quantity,
                  const char *mode)
{
  gpointer request = bd_dodo_change_plan_new ();

  bd_model_set (request, "product-id", product_id, "quantity", quantity,
                "proration-billing-mode", mode, NULL);
  return request;
}

static gpointer
refund_body (const char *payment_id,
             const char *item_id,
             gint64      amount)
{
  gpointer request = bd_dodo_refund_create_new ();

  bd_model_set (request, "payment-id", payment_id, "reason", "Requested by the customer", NULL);
  if (item_id != NULL)
    {
      g_autoptr(BdDodoRefundItem) item = bd_dodo_refund_item_new ();
      g_autoptr(GListStore) items = g_list_store_new (BD_DODO_TYPE_REFUND_ITEM);

      bd_model_set (item, "item-id", item_id, "amount", amount, NULL);
      g_list_store_append (items, item);
      bd_model_set (request, "items", items, NULL);
    }
  return request;
}

static gpointer
pause_body (gboolean pause)
{
  gpointer request = bd_dodo_subscription_pause_new ();

  bd_model_set (request, "pause", pause, NULL);
  return request;
}

static gpointer
cancel_at_next_body (gboolean cancel)
{
  gpointer request = bd_dodo_subscription_cancel_at_next_billing_new ();

  bd_model_set (request, "cancel-at-next-billing-date", cancel, NULL);
  return request;
}

static gpointer
charge_body (gint64 price)
{
  gpointer request = bd_dodo_charge_new ();

  bd_model_set (request, "product-price", price, NULL);
  return request;
}

/* Creates a product through the client.  (transfer full) */
static char *
make_product (BdDodoClient *client,
              const char   *name,
              gint64        amount,
              gboolean      recurring)
{
  g_autoptr(BdProduct) product = api_ok (client, BD_DODO_API_PRODUCT_CREATE, NULL,
                                         product_body (name, amount, recurring));

  return g_strdup (str (product, "product-id"));
}

/* Pays checkout session @session_id without a browser; returns the
 * member @what ("payment_id", "subscription_id") of the answer. */
static char *
complete_checkout (BdTestSandbox *sandbox,
                   const char    *session_id,
                   const char    *card,
                   const char    *what)
{
  g_autofree char *path = g_strdup_printf ("/_sandbox/checkouts/%s/complete", session_id);
  g_autofree char *body = g_strdup_printf ("{\"card\":\"%s\"}", card);
  g_autoptr(JsonNode) done = bd_test_sandbox_call (sandbox, "POST", path, body, 200);

  return g_strdup (json_object_get_string_member (json_node_get_object (done), what));
}

/* Buys @product_id through a checkout made with the client; returns what
 * complete_checkout() returns. */
static char *
buy (BdTestSandbox *sandbox,
     BdDodoClient  *client,
     const char    *product_id,
     const char    *card,
     const char    *what)
{
  g_autoptr(BdCheckoutSession) session = api_ok (client, BD_DODO_API_CHECKOUT_CREATE, NULL,
                                                 checkout_body (product_id, "ada@example.com"));

  return complete_checkout (sandbox, str (session, "id"), card, what);
}

/* An on-demand subscription to @product_id, made with a raw checkout body:
 * subscription_data.on_demand is not among BdDodoCheckoutCreate's fields. */
static char *
on_demand_subscription (BdTestSandbox *sandbox,
                        const char    *product_id)
{
  g_autofree char *body = g_strdup_printf ("{\"product_cart\":[{\"product_id\":\"%s\",\"quantity\":1}],"
                                           "\"customer\":{\"email\":\"od@example.com\",\"name\":\"On Demand\"},"
                                           "\"subscription_data\":{\"on_demand\":{\"mandate_only\":true}}}",
                                           product_id);
  g_autoptr(JsonNode) session = bd_test_sandbox_call (sandbox, "POST", "/checkouts", body, 200);

  return complete_checkout (sandbox, json_object_get_string_member (json_node_get_object (session), "session_id"),
                            "4242424242424242", "subscription_id");
}

/* Tests */

/* Every endpoint of the client's table has a route in the sandbox: the
 * request is counted under a route pattern that matches the client's
 * template (never "unmatched"), and never answered 404 for the route or
 * 405. */
static void
test_every_endpoint_routed (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_at_now (NULL);

  if (sandbox == NULL)
    return;
  for (guint e = 0; e < BD_DODO_API_N_ENDPOINTS; e++)
    {
      const BdDodoEndpointInfo *info = bd_dodo_endpoint_get_info (e);
      g_autofree char *wanted = normalize_template (info->path);
      g_autoptr(GString) path = g_string_new (info->path);
      g_autoptr(JsonNode) stats = NULL;
      g_autoptr(GList) keys = NULL;
      const char *open = strchr (info->path, '{');
      JsonObject *routes;
      gboolean found = FALSE;
      guint status;

      if (open != NULL)
        {
          g_string_truncate (path, open - info->path);
          g_string_append (path, "x_missing");
          g_string_append (path, strchr (open, '}') + 1);
        }
      g_assert_null (bd_test_sandbox_call (sandbox, "DELETE", "/_sandbox/stats", NULL, 200));
      status = bd_test_sandbox_fetch (sandbox, info->method, path->str, bd_test_sandbox_get_key (sandbox),
                                      info->body_type != NULL ? "{}" : NULL, NULL);
      g_test_message ("%s %s → %u", info->method, path->str, status);
      g_assert_cmpuint (status, !=, 405);
      g_assert_cmpuint (status, <, 500);

      stats = bd_test_sandbox_call (sandbox, "GET", "/_sandbox/stats", NULL, 200);
      routes = json_object_get_object_member (json_node_get_object (stats), "routes");
      g_assert_false (json_object_has_member (routes, "unmatched"));
      keys = json_object_get_members (routes);
      for (GList *l = keys; l != NULL; l = l->next)
        {
          const char *key = l->data;
          g_autofree char *pattern = NULL;

          if (!g_str_has_prefix (key, info->method) || key[strlen (info->method)] != ' ')
            continue;
          pattern = normalize_template (key + strlen (info->method) + 1);
          found |= g_str_equal (pattern, wanted);
        }
      if (!found)
        g_error ("no sandbox route for %s %s", info->method, info->path);
    }
}

/* Every list endpoint through BdDodoLister, every read through the
 * client; payments page across three pages, each fetched only when
 * asked. */
static void
test_reads_and_paging (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_with ("--seed", "250", NULL);
  g_autoptr(BdDodoClient) client = NULL;
  g_autoptr(BdDodoLister) lister = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdPayment) payment = NULL;
  g_autoptr(BdProduct) product = NULL;
  g_autoptr(BdCustomer) customer = NULL;
  g_autoptr(BdSubscription) sub = NULL;
  g_autoptr(GHashTable) query = NULL;
  GPtrArray *page;

  if (sandbox == NULL)
    return;
  client = bd_test_sandbox_client (sandbox);
  g_assert_null (bd_test_sandbox_call (sandbox, "DELETE", "/_sandbox/stats", NULL, 200));

  lister = bd_dodo_lister_new (client, BD_DODO_API_PAYMENT_LIST, NULL, NULL, 100);
  g_assert_cmpint (route_requests (sandbox, "GET /payments"), ==, 0);
  while ((page = next_page (lister, &error)) != NULL)
    {
      g_ptr_array_add (pages, page);
      g_assert_cmpint (route_requests (sandbox, "GET /payments"), ==, pages->len);
      for (guint i = 0; i < page->len; i++)
        g_assert_true (g_hash_table_add (seen, (char *) str (page->pdata[i], "payment-id")));
    }
  g_assert_no_error (error);
  g_assert_cmpuint (pages->len, ==, 3);
  g_assert_cmpuint (((GPtrArray *) pages->pdata[2])->len, ==, 50);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 250);

  /* Typed reads of what the lists gave. */
  payment = api_ok (client, BD_DODO_API_PAYMENT_GET, str (((GPtrArray *) pages->pdata[0])->pdata[0], "payment-id"), NULL);
  g_assert_true (BD_IS_PAYMENT (payment));
  g_assert_nonnull (bd_model_get_money (payment, "total-amount"));

  list = list_all (client, BD_DODO_API_PRODUCT_LIST, NULL, NULL);
  g_assert_cmpuint (list->len, >, 0);
  product = api_ok (client, BD_DODO_API_PRODUCT_GET, str (list->pdata[0], "product-id"), NULL);
  g_assert_cmpstr (str (product, "name"), ==, str (list->pdata[0], "name"));
  g_assert_nonnull (bd_model_get_money (list->pdata[0], "price") != NULL
                    ? bd_model_get_money (list->pdata[0], "price")
                    : bd_model_get_money (list->pdata[0], "fixed-price"));
  g_clear_pointer (&list, g_ptr_array_unref);

  query = bd_dodo_query_new ("name", "a", NULL);
  list = list_all (client, BD_DODO_API_CUSTOMER_LIST, NULL, query);
  g_assert_cmpuint (list->len, >, 0);
  customer = api_ok (client, BD_DODO_API_CUSTOMER_GET, str (list->pdata[0], "customer-id"), NULL);
  g_assert_cmpstr (str (customer, "email"), ==, str (list->pdata[0], "email"));
  g_clear_pointer (&list, g_ptr_array_unref);
  g_clear_pointer (&query, g_hash_table_unref);

  query = bd_dodo_query_new ("status", "active", NULL);
  list = list_all (client, BD_DODO_API_SUBSCRIPTION_LIST, NULL, query);
  g_assert_cmpuint (list->len, >, 0);
  for (guint i = 0; i < list->len; i++)
    g_assert_cmpint (bd_model_get_enum (list->pdata[i], "status"), ==, BD_SUBSCRIPTION_STATUS_ACTIVE);
  sub = api_ok (client, BD_DODO_API_SUBSCRIPTION_GET, str (list->pdata[0], "subscription-id"), NULL);
  g_assert_cmpstr (str (sub, "product-id"), ==, str (list->pdata[0], "product-id"));
  g_clear_pointer (&list, g_ptr_array_unref);

  /* The seed refunds about 3 % of the payments and disputes fewer. */
  list = list_all (client, BD_DODO_API_REFUND_LIST, NULL, NULL);
  g_assert_cmpuint (list->len, >, 0);
  {
    g_autoptr(BdRefund) refund = api_ok (client, BD_DODO_API_REFUND_GET, str (list->pdata[0], "refund-id"), NULL);

    g_assert_cmpstr (str (refund, "payment-id"), ==, str (list->pdata[0], "payment-id"));
  }
  g_clear_pointer (&list, g_ptr_array_unref);
  list = list_all (client, BD_DODO_API_DISPUTE_LIST, NULL, NULL);
  for (guint i = 0; i < list->len; i++)
    g_assert_true (BD_IS_DISPUTE (list->pdata[i]));
  if (list->len > 0)
    {
      g_autoptr(BdDispute) dispute = api_ok (client, BD_DODO_API_DISPUTE_GET, str (list->pdata[0], "dispute-id"), NULL);

      g_assert_cmpstr (str (dispute, "payment-id"), ==, str (list->pdata[0], "payment-id"));
    }
  g_clear_pointer (&list, g_ptr_array_unref);

  list = list_all (client, BD_DODO_API_BRAND_LIST, NULL, NULL);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (str (list->pdata[0], "verification-status"), ==, "Success");
  g_clear_pointer (&list, g_ptr_array_unref);

  list = list_all (client, BD_DODO_API_PAYMENT_LINE_ITEMS, str (payment, "payment-id"), NULL);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (bd_money_get_amount (bd_model_get_money (list->pdata[0], "amount")), ==,
                   bd_money_get_amount (bd_model_get_money (payment, "total-amount")));
}

/* Every write through the client, each read back. */
static void
test_writes (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_at_now (NULL);
  g_autoptr(BdDodoClient) client = NULL;
  g_autofree char *poster = NULL;
  g_autofree char *basic = NULL;
  g_autofree char *team = NULL;
  g_autofree char *sub_id = NULL;
  g_autofree char *od_id = NULL;
  g_autofree char *payment_id = NULL;
  g_autofree char *refund_id = NULL;
  g_autofree char *webhook_id = NULL;
  g_autofree char *dir = NULL;

  if (sandbox == NULL)
    return;
  client = bd_test_sandbox_client (sandbox);

  /* Products: create, update, archive, unarchive. */
  poster = make_product (client, "Poster", 1000, FALSE);
  {
    g_autoptr(BdDodoProductUpdate) update = bd_dodo_product_update_new ();
    g_autoptr(BdProduct) product = NULL;
    g_autoptr(GPtrArray) archived = NULL;
    g_autoptr(GHashTable) query = bd_dodo_query_new (NULL, NULL);

    bd_model_set (update, "name", "Poster (A2)", NULL);
    g_assert_null (api_ok (client, BD_DODO_API_PRODUCT_UPDATE, poster, g_steal_pointer (&update)));
    product = api_ok (client, BD_DODO_API_PRODUCT_GET, poster, NULL);
    g_assert_cmpstr (str (product, "name"), ==, "Poster (A2)");
    g_assert_cmpint (bd_money_get_amount (bd_model_get_money (product, "price")), ==, 1000);

    g_assert_null (api_ok (client, BD_DODO_API_PRODUCT_ARCHIVE, poster, NULL));
    bd_dodo_query_set_boolean (query, "archived", TRUE);
    archived = list_all (client, BD_DODO_API_PRODUCT_LIST, NULL, query);
    g_assert_cmpuint (archived->len, ==, 1);
    g_assert_true (bd_model_get_boolean (archived->pdata[0], "archived"));
    g_assert_null (api_ok (client, BD_DODO_API_PRODUCT_UNARCHIVE, poster, NULL));
    g_clear_pointer (&archived, g_ptr_array_unref);
    archived = list_all (client, BD_DODO_API_PRODUCT_LIST, NULL, query);
    g_assert_cmpuint (archived->len, ==, 0);
  }

  /* Customers: create, update, portal session. */
  {
    g_autoptr(BdDodoCustomerCreate) create = bd_dodo_customer_create_new ();
    g_autoptr(BdDodoCustomerUpdate) update = bd_dodo_customer_update_new ();
    g_autoptr(BdCustomer) customer = NULL;
    g_autoptr(BdCustomer) updated = NULL;
    g_autoptr(BdDodoPortalSession) portal = NULL;
    g_autoptr(GHashTable) query = bd_dodo_query_new (NULL, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) page = NULL;
    const char *link;

    bd_model_set (create, "email", "zoe@example.com", "name", "Zoë Ñúñez", NULL);
    customer = api_ok (client, BD_DODO_API_CUSTOMER_CREATE, NULL, g_steal_pointer (&create));
    bd_model_set (update, "name", "Zoë N. <b>", NULL);
    updated = api_ok (client, BD_DODO_API_CUSTOMER_UPDATE, str (customer, "customer-id"), g_steal_pointer (&update));
    g_assert_cmpstr (str (updated, "name"), ==, "Zoë N. <b>");
    g_assert_cmpstr (str (updated, "email"), ==, "zoe@example.com");

    bd_dodo_query_set_boolean (query, "send_email", FALSE);
    portal = api_call (client, BD_DODO_API_CUSTOMER_PORTAL_SESSION, str (customer, "customer-id"), NULL, query, &error);
    g_assert_no_error (error);
    link = str (portal, "link");
    g_assert_true (g_str_has_prefix (link, bd_test_sandbox_get_url (sandbox)));
    /* The link opens the sandbox's portal page, without a key. */
    g_assert_cmpuint (bd_test_sandbox_fetch (sandbox, "GET", link + strlen (bd_test_sandbox_get_url (sandbox)),
                                             NULL, NULL, &page), ==, 200);
    g_assert_nonnull (g_strstr_len (g_bytes_get_data (page, NULL), g_bytes_get_size (page), "Zoë N. &lt;b&gt;"));
  }

  /* Checkout: preview, create, get; a subscription comes of it. */
  basic = make_product (client, "Basic", 1000, TRUE);
  team = make_product (client, "Team", 3000, TRUE);
  {
    g_autoptr(BdDodoCheckoutPreview) preview = api_ok (client, BD_DODO_API_CHECKOUT_PREVIEW, NULL,
                                                       checkout_body (basic, "ada@example.com"));
    g_autoptr(BdCheckoutSession) session = api_ok (client, BD_DODO_API_CHECKOUT_CREATE, NULL,
                                                   checkout_body (basic, "ada@example.com"));
    g_autoptr(BdCheckoutSession) status = NULL;

    g_assert_cmpint (bd_money_get_amount (bd_model_get_money (preview, "total-price")), ==, 1000);
    g_assert_cmpstr (str (preview, "billing-country"), ==, "DE");
    g_assert_nonnull (bd_model_get_datetime (preview, "next-billing-date"));
    g_assert_true (g_str_has_prefix (str (session, "checkout-url"), bd_test_sandbox_get_url (sandbox)));
    sub_id = complete_checkout (sandbox, str (session, "id"), "4242424242424242", "subscription_id");
    status = api_ok (client, BD_DODO_API_CHECKOUT_GET, str (session, "id"), NULL);
    g_assert_nonnull (str (status, "payment-id"));
    g_assert_cmpint (bd_model_get_enum (status, "payment-status"), ==, BD_PAYMENT_STATUS_SUCCEEDED);
  }

  /* Subscription: update, pause, resume, cancel at next billing, undo. */
  {
    g_autoptr(BdDodoSubscriptionUpdate) update = bd_dodo_subscription_update_new ();
    g_autoptr(GHashTable) metadata = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(BdSubscription) sub = NULL;

    g_hash_table_insert (metadata, "seat", "7");
    bd_model_set (update, "metadata", metadata, NULL);
    sub = api_ok (client, BD_DODO_API_SUBSCRIPTION_UPDATE, sub_id, g_steal_pointer (&update));
    g_assert_cmpstr (g_hash_table_lookup (bd_model_get_metadata (sub, "metadata"), "seat"), ==, "7");
    g_clear_object (&sub);
    sub = api_ok (client, BD_DODO_API_SUBSCRIPTION_PAUSE, sub_id, pause_body (TRUE));
    g_assert_cmpint (bd_model_get_enum (sub, "status"), ==, BD_SUBSCRIPTION_STATUS_PAUSED);
    g_clear_object (&sub);
    sub = api_ok (client, BD_DODO_API_SUBSCRIPTION_PAUSE, sub_id, pause_body (FALSE));
    g_assert_cmpint (bd_model_get_enum (sub, "status"), ==, BD_SUBSCRIPTION_STATUS_ACTIVE);
    g_clear_object (&sub);
    sub = api_ok (client, BD_DODO_API_SUBSCRIPTION_CANCEL_AT_NEXT_BILLING, sub_id, cancel_at_next_body (TRUE));
    g_assert_true (bd_model_get_boolean (sub, "cancel-at-next-billing-date"));
    g_clear_object (&sub);
    sub = api_ok (client, BD_DODO_API_SUBSCRIPTION_CANCEL_AT_NEXT_BILLING, sub_id, cancel_at_next_body (FALSE));
    g_assert_false (bd_model_get_boolean (sub, "cancel-at-next-billing-date"));
  }

  /* Change plan: the preview charges the difference and changes nothing;
   * the change does both. */
  {
    g_autoptr(BdDodoPlanChangePreview) preview = api_ok (client, BD_DODO_API_SUBSCRIPTION_CHANGE_PLAN_PREVIEW, sub_id,
                                                         change_plan_body (team, 2, "difference_immediately"));
    g_autoptr(BdSubscription) before = api_ok (client, BD_DODO_API_SUBSCRIPTION_GET, sub_id, NULL);
    g_autoptr(BdSubscription) after = NULL;
    g_autoptr(GHashTable) query = bd_dodo_query_new ("subscription_id", sub_id, NULL);
    g_autoptr(GPtrArray) payments = NULL;

    g_assert_cmpint (bd_money_get_amount (bd_model_get_money (preview, "total-amount")), ==, 5000);
    g_assert_cmpstr (str (preview, "new-product-id"), ==, team);
    g_assert_cmpint (bd_model_get_int (preview, "new-quantity"), ==, 2);
    /* Each payment for both units: 2 × 3000 (Dodo's recurring_pre_tax_amount). */
    g_assert_cmpint (bd_money_get_amount (bd_model_get_money (preview, "new-recurring-pre-tax-amount")), ==, 6000);
    g_assert_cmpstr (str (before, "product-id"), ==, basic);

    g_assert_null (api_ok (client, BD_DODO_API_SUBSCRIPTION_CHANGE_PLAN, sub_id,
                           change_plan_body (team, 2, "difference_immediately")));
    after = api_ok (client, BD_DODO_API_SUBSCRIPTION_GET, sub_id, NULL);
    g_assert_cmpstr (str (after, "product-id"), ==, team);
    g_assert_cmpint (bd_model_get_int (after, "quantity"), ==, 2);
    g_assert_cmpint (bd_money_get_amount (bd_model_get_money (after, "recurring-pre-tax-amount")), ==, 6000);
    payments = list_all (client, BD_DODO_API_PAYMENT_LIST, NULL, query);
    g_assert_cmpuint (payments->len, ==, 2);
    g_assert_cmpint (bd_money_get_amount (bd_model_get_money (payments->pdata[0], "total-amount")), ==, 5000);
  }

  /* On-demand charge. */
  od_id = on_demand_subscription (sandbox, basic);
  {
    g_autoptr(BdDodoChargeResult) charge = api_ok (client, BD_DODO_API_SUBSCRIPTION_CHARGE, od_id, charge_body (750));
    g_autoptr(BdPayment) payment = api_ok (client, BD_DODO_API_PAYMENT_GET, str (charge, "payment-id"), NULL);

    g_assert_cmpint (bd_money_get_amount (bd_model_get_money (payment, "total-amount")), ==, 750);
    g_assert_cmpstr (str (payment, "subscription-id"), ==, od_id);
    g_assert_cmpint (bd_model_get_enum (payment, "status"), ==, BD_PAYMENT_STATUS_SUCCEEDED);
  }

  /* The update-payment-method link: the customer's page; none once it has
   * ended (below). */
  {
    g_autoptr(BdDodoUpdatePaymentMethod) body = bd_dodo_update_payment_method_new ();
    g_autoptr(BdDodoPaymentMethodLink) link = NULL;

    bd_model_set (body, "type", "new", NULL);
    link = api_ok (client, BD_DODO_API_SUBSCRIPTION_UPDATE_PAYMENT_METHOD, sub_id, g_steal_pointer (&body));
    g_assert_true (g_str_has_prefix (str (link, "payment-link"), "http://127.0.0.1:"));
    g_assert_nonnull (strstr (str (link, "payment-link"), "/_sandbox/portal/"));
    g_assert_null (str (link, "payment-id"));
  }

  /* Cancel now. */
  {
    g_autoptr(BdDodoSubscriptionUpdate) update = bd_dodo_subscription_update_new ();
    g_autoptr(BdSubscription) sub = NULL;

    bd_model_set (update, "status", BD_SUBSCRIPTION_STATUS_CANCELLED, NULL);
    sub = api_ok (client, BD_DODO_API_SUBSCRIPTION_UPDATE, sub_id, g_steal_pointer (&update));
    g_assert_cmpint (bd_model_get_enum (sub, "status"), ==, BD_SUBSCRIPTION_STATUS_CANCELLED);
    g_assert_nonnull (bd_model_get_datetime (sub, "cancelled-at"));
  }
  {
    g_autoptr(BdDodoUpdatePaymentMethod) body = bd_dodo_update_payment_method_new ();

    bd_model_set (body, "type", "new", NULL);
    api_fails (client, BD_DODO_API_SUBSCRIPTION_UPDATE_PAYMENT_METHOD, sub_id, g_steal_pointer (&body),
               BD_DODO_ERROR_CONFLICT, 409, "SUBSCRIPTION_INACTIVE", sub_id);
  }

  /* Refunds: one per item, then the whole rest; invoices of both. */
  payment_id = buy (sandbox, client, poster, "4242424242424242", "payment_id");
  {
    g_autoptr(GPtrArray) lines = list_all (client, BD_DODO_API_PAYMENT_LINE_ITEMS, payment_id, NULL);
    g_autoptr(BdRefund) part = api_ok (client, BD_DODO_API_REFUND_CREATE, NULL,
                                       refund_body (payment_id, str (lines->pdata[0], "item-id"), 300));
    g_autoptr(BdRefund) rest = api_ok (client, BD_DODO_API_REFUND_CREATE, NULL, refund_body (payment_id, NULL, 0));
    g_autoptr(BdRefund) fetched = api_ok (client, BD_DODO_API_REFUND_GET, str (rest, "refund-id"), NULL);
    g_autoptr(GPtrArray) after = list_all (client, BD_DODO_API_PAYMENT_LINE_ITEMS, payment_id, NULL);
    g_autoptr(GPtrArray) refunds = list_all (client, BD_DODO_API_REFUND_LIST, NULL, NULL);

    g_assert_true (bd_model_get_boolean (part, "is-partial"));
    g_assert_cmpint (bd_money_get_amount (bd_model_get_money (part, "amount")), ==, 300);
    g_assert_cmpint (bd_money_get_amount (bd_model_get_money (fetched, "amount")), ==, 700);
    g_assert_cmpint (bd_money_get_amount (bd_model_get_money (after->pdata[0], "refundable-amount")), ==, 0);
    g_assert_cmpuint (refunds->len, ==, 2);
    refund_id = g_strdup (str (rest, "refund-id"));
  }
  dir = g_dir_make_tmp ("bd-client-sandbox-XXXXXX", NULL);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *path = g_build_filename (dir, i == 0 ? "invoice.pdf" : "credit-note.pdf", NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;

      bd_dodo_api_download_async (client, i == 0 ? BD_DODO_API_PAYMENT_INVOICE : BD_DODO_API_REFUND_INVOICE,
                                  i == 0 ? payment_id : refund_id, file, NULL, store_result, &result);
      g_assert_true (bd_dodo_api_download_finish (client, await_result (&result), &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_assert_true (g_str_has_prefix (contents, "%PDF-"));
      g_unlink (path);
    }
  g_rmdir (dir);

  /* Webhook endpoints: create, get, list, secret, delete. */
  {
    g_autoptr(BdDodoWebhookCreate) create = bd_dodo_webhook_create_new ();
    g_autoptr(BdDodoWebhookEndpoint) endpoint = NULL;
    g_autoptr(BdDodoWebhookEndpoint) fetched = NULL;
    g_autoptr(BdDodoWebhookSecret) secret = NULL;
    g_autoptr(GPtrArray) all = NULL;

    bd_model_set (create, "url", "http://127.0.0.1:9/hook", "description", "Shop", NULL);
    endpoint = api_ok (client, BD_DODO_API_WEBHOOK_CREATE, NULL, g_steal_pointer (&create));
    webhook_id = g_strdup (str (endpoint, "id"));
    fetched = api_ok (client, BD_DODO_API_WEBHOOK_GET, webhook_id, NULL);
    g_assert_cmpstr (str (fetched, "description"), ==, "Shop");
    all = list_all (client, BD_DODO_API_WEBHOOK_LIST, NULL, NULL);
    g_assert_cmpuint (all->len, ==, 1);
    secret = api_ok (client, BD_DODO_API_WEBHOOK_SECRET, webhook_id, NULL);
    g_assert_true (g_str_has_prefix (str (secret, "secret"), "whsec_"));
    g_assert_null (api_ok (client, BD_DODO_API_WEBHOOK_DELETE, webhook_id, NULL));
    api_fails (client, BD_DODO_API_WEBHOOK_GET, webhook_id, NULL, BD_DODO_ERROR_NOT_FOUND, 404, "NOT_FOUND", NULL);
  }
}

/* Every error code the sandbox answers with, as the client maps it. */
static void
test_errors (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_at_now (NULL);
  g_autoptr(BdDodoClient) client = NULL;
  g_autoptr(BdDodoClient) wrong = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *poster = NULL;
  g_autofree char *basic = NULL;
  g_autofree char *sub_id = NULL;
  g_autofree char *payment_id = NULL;
  g_autofree char *old_id = NULL;

  if (sandbox == NULL)
    return;
  client = bd_test_sandbox_client (sandbox);

  wrong = bd_dodo_client_new (bd_test_sandbox_get_url (sandbox), &error);
  g_assert_no_error (error);
  bd_dodo_client_set_api_key (wrong, "sk_wrong");
  api_fails (wrong, BD_DODO_API_PRODUCT_GET, "pdt_x", NULL, BD_DODO_ERROR_UNAUTHORIZED, 401, "UNAUTHORIZED", NULL);

  api_fails (client, BD_DODO_API_PRODUCT_GET, "pdt_missing", NULL, BD_DODO_ERROR_NOT_FOUND, 404, "NOT_FOUND",
             NULL);
  {
    BdDodoCustomerCreate *create = bd_dodo_customer_create_new ();

    bd_model_set (create, "name", "No Mail", NULL);
    api_fails (client, BD_DODO_API_CUSTOMER_CREATE, NULL, create, BD_DODO_ERROR_INVALID_REQUEST, 422,
               "INVALID_REQUEST_BODY", "email");
  }

  poster = make_product (client, "Poster", 1000, FALSE);
  basic = make_product (client, "Basic", 1000, TRUE);
  sub_id = buy (sandbox, client, basic, "4242424242424242", "subscription_id");
  api_fails (client, BD_DODO_API_SUBSCRIPTION_CHARGE, sub_id, charge_body (500), BD_DODO_ERROR_INVALID_REQUEST,
             422, "SUBSCRIPTION_NOT_ON_DEMAND", NULL);
  api_fails (client, BD_DODO_API_SUBSCRIPTION_CHANGE_PLAN, sub_id, change_plan_body (poster, 1, "do_not_bill"),
             BD_DODO_ERROR_INVALID_REQUEST, 422, "INVALID_REQUEST_PARAMETERS", poster);
  api_fails (client, BD_DODO_API_SUBSCRIPTION_CHANGE_PLAN, sub_id, change_plan_body (basic, 1, "sometimes"),
             BD_DODO_ERROR_INVALID_REQUEST, 422, "INVALID_REQUEST_BODY", "proration_billing_mode");
  {
    g_autoptr(BdDodoSubscriptionUpdate) update = bd_dodo_subscription_update_new ();
    g_autoptr(BdSubscription) sub = NULL;

    bd_model_set (update, "status", BD_SUBSCRIPTION_STATUS_CANCELLED, NULL);
    sub = api_ok (client, BD_DODO_API_SUBSCRIPTION_UPDATE, sub_id, g_steal_pointer (&update));
  }
  api_fails (client, BD_DODO_API_SUBSCRIPTION_PAUSE, sub_id, pause_body (TRUE), BD_DODO_ERROR_CONFLICT, 409,
             "SUBSCRIPTION_INACTIVE", NULL);
  api_fails (client, BD_DODO_API_SUBSCRIPTION_CHANGE_PLAN, sub_id, change_plan_body (basic, 2, "prorated_immediately"),
             BD_DODO_ERROR_CONFLICT, 409, "INACTIVE_SUBSCRIPTION_PLAN_CHANGE_NOT_SUPPORTED", NULL);
  api_fails (client, BD_DODO_API_SUBSCRIPTION_CHARGE, sub_id, charge_body (500), BD_DODO_ERROR_CONFLICT, 409,
             "SUBSCRIPTION_INACTIVE", NULL);

  payment_id = buy (sandbox, client, poster, "4242424242424242", "payment_id");
  {
    g_autoptr(GPtrArray) lines = list_all (client, BD_DODO_API_PAYMENT_LINE_ITEMS, payment_id, NULL);
    g_autoptr(BdRefund) refund = NULL;

    api_fails (client, BD_DODO_API_REFUND_CREATE, NULL, refund_body (payment_id, str (lines->pdata[0], "item-id"), 1500),
               BD_DODO_ERROR_INVALID_REQUEST, 422, "REFUND_AMOUNT_EXCEEDS_PAID_AMOUNT", NULL);
    refund = api_ok (client, BD_DODO_API_REFUND_CREATE, NULL, refund_body (payment_id, NULL, 0));
    api_fails (client, BD_DODO_API_REFUND_CREATE, NULL, refund_body (payment_id, NULL, 0),
               BD_DODO_ERROR_INVALID_REQUEST, 422, "PAYMENT_ALREADY_REFUNDED", NULL);
  }

  old_id = buy (sandbox, client, poster, "4242424242424242", "payment_id");
  g_assert_null (bd_test_sandbox_call (sandbox, "DELETE", "/_sandbox/stats", NULL, 200));
  {
    /* 91 days later. */
    g_autoptr(JsonNode) clock = bd_test_sandbox_call (sandbox, "POST", "/_sandbox/clock",
                                                      "{\"advance_seconds\":7862400}", 200);
  }
  api_fails (client, BD_DODO_API_REFUND_CREATE, NULL, refund_body (old_id, NULL, 0),
             BD_DODO_ERROR_INVALID_REQUEST, 422, "REFUND_WINDOW_EXPIRED", NULL);
}

static void
add_faults (BdTestSandbox *sandbox,
            const char    *spec)
{
  g_autofree char *body = g_strdup_printf ("{\"spec\":\"%s\"}", spec);
  g_autoptr(JsonNode) rules = bd_test_sandbox_call (sandbox, "POST", "/_sandbox/faults", body, 200);
}

/* Faults the client's retries overcome, ones that make it give up, and a
 * refund whose answer is lost. */
static void
test_faults (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_with ("--seed", "20", NULL);
  g_autoptr(BdDodoClient) client = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autofree char *poster = NULL;
  g_autofree char *payment_id = NULL;
  const char *product_id;

  if (sandbox == NULL)
    return;
  client = bd_test_sandbox_client (sandbox);
  bd_dodo_client_set_max_retries (client, 2);
  products = list_all (client, BD_DODO_API_PRODUCT_LIST, NULL, NULL);
  product_id = str (products->pdata[0], "product-id");

  /* Two 503s: the third attempt gets the product. */
  g_assert_null (bd_test_sandbox_call (sandbox, "DELETE", "/_sandbox/stats", NULL, 200));
  add_faults (sandbox, "route=GET /products/*,fault=503,retry_after=0,count=2");
  {
    g_autoptr(BdProduct) product = api_ok (client, BD_DODO_API_PRODUCT_GET, product_id, NULL);

    g_assert_cmpstr (str (product, "product-id"), ==, product_id);
    g_assert_cmpint (route_requests (sandbox, "GET /products/{product_id}"), ==, 3);
  }

  /* A 429 with Retry-After: 1 is waited out, not retried at once. */
  add_faults (sandbox, "route=GET /customers,fault=429,retry_after=1,count=1");
  {
    g_autoptr(BdDodoLister) lister = bd_dodo_lister_new (client, BD_DODO_API_CUSTOMER_LIST, NULL, NULL, 10);
    g_autoptr(GPtrArray) page = NULL;
    g_autoptr(GError) error = NULL;
    gint64 start = g_get_monotonic_time ();

    page = next_page (lister, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (page->len, >, 0);
    g_assert_cmpint (g_get_monotonic_time () - start, >=, 900 * 1000);
    g_assert_cmpint (route_requests (sandbox, "GET /customers"), ==, 2);
  }

  /* Every attempt fails: the client gives up after its last retry. */
  g_assert_null (bd_test_sandbox_call (sandbox, "DELETE", "/_sandbox/stats", NULL, 200));
  add_faults (sandbox, "route=GET /disputes,fault=500,rate=1");
  {
    g_autoptr(BdDodoLister) lister = bd_dodo_lister_new (client, BD_DODO_API_DISPUTE_LIST, NULL, NULL, 10);
    g_autoptr(GPtrArray) page = NULL;
    g_autoptr(GError) error = NULL;

    page = next_page (lister, &error);
    g_assert_null (page);
    g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_SERVER);
    g_assert_cmpuint (bd_dodo_error_get_http_status (error), ==, 500);
    g_assert_cmpstr (bd_dodo_error_get_code (error), ==, "INTERNAL_SERVER_ERROR");
    g_assert_cmpuint (strlen (error->message), >, 0);
    g_assert_cmpint (route_requests (sandbox, "GET /disputes"), ==, 3);
  }

  /* The refund is made, its answer lost: ambiguous, never sent again; the
   * payment shows exactly one refund. */
  poster = make_product (client, "Poster", 1000, FALSE);
  payment_id = buy (sandbox, client, poster, "4242424242424242", "payment_id");
  g_assert_null (bd_test_sandbox_call (sandbox, "DELETE", "/_sandbox/stats", NULL, 200));
  add_faults (sandbox, "route=POST /refunds,fault=drop-after,count=1");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(BdDodoRefundCreate) body = refund_body (payment_id, NULL, 0);
    g_autoptr(BdRefund) refund = api_call (client, BD_DODO_API_REFUND_CREATE, NULL, body, NULL, &error);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GListModel) refunds = NULL;

    g_assert_null (refund);
    g_assert_true (bd_dodo_error_is_ambiguous_write (error));
    g_assert_cmpint (route_requests (sandbox, "POST /refunds"), ==, 1);
    g_clear_error (&error);

    bd_dodo_api_find_refunds_for_payment_async (client, payment_id, NULL, store_result, &result);
    refunds = bd_dodo_api_find_refunds_for_payment_finish (client, await_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (refunds), ==, 1);
  }
}

/* Schemas */

/* The schema of the 200 answer of @method @path in Dodo's 1.53.2
 * description, or NULL when it describes none.  (transfer none) */
static JsonNode *
answer_schema (const char *method,
               const char *path)
{
  JsonObject *paths = json_object_get_object_member (json_node_get_object (bd_schema_openapi ()), "paths");
  g_autofree char *wanted = normalize_template (path);
  g_autofree char *verb = g_ascii_strdown (method, -1);
  g_autoptr(GList) keys = json_object_get_members (paths);

  for (GList *l = keys; l != NULL; l = l->next)
    {
      g_autofree char *candidate = normalize_template (l->data);
      JsonObject *node = json_object_get_object_member (paths, l->data);
      const char *steps[] = { verb, "responses", "200", "content", "application/json", NULL };

      if (!g_str_equal (candidate, wanted))
        continue;
      for (guint i = 0; steps[i] != NULL; i++)
        {
          if (node == NULL || !json_object_has_member (node, steps[i]))
            return NULL;
          node = json_object_get_object_member (node, steps[i]);
        }
      return json_object_get_member (node, "schema");
    }
  return NULL;
}

/* Enum values the newer API added (dodo-api.md §3.1), added to the 1.53.2
 * description as members are: allowed, not required. */
static void
allow_newer_values (void)
{
  static const char * const added[][2] = {
    { "SubscriptionStatus", "paused" },
  };
  JsonObject *schemas = json_object_get_object_member (
    json_object_get_object_member (json_node_get_object (bd_schema_openapi ()), "components"), "schemas");

  for (guint i = 0; i < G_N_ELEMENTS (added); i++)
    {
      JsonArray *values = json_object_get_array_member (json_object_get_object_member (schemas, added[i][0]), "enum");
      gboolean present = FALSE;

      for (guint v = 0; v < json_array_get_length (values); v++)
        present |= g_str_equal (json_array_get_string_element (values, v), added[i][1]);
      if (!present)
        json_array_add_string_element (values, added[i][1]);
    }
}

/* The raw answer of @endpoint, checked against its schema; FALSE when the
 * 1.53.2 description has none. */
static gboolean
check_raw (BdDodoClient      *client,
           BdDodoApiEndpoint  endpoint,
           const char        *id,
           const char        *body)
{
  const BdDodoEndpointInfo *info = bd_dodo_endpoint_get_info (endpoint);
  JsonNode *schema = answer_schema (info->method, info->path);
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) path = g_string_new (info->path);
  const char *open = strchr (info->path, '{');

  if (schema == NULL)
    return FALSE;
  if (open != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

      g_string_truncate (path, open - info->path);
      g_string_append (path, escaped);
      g_string_append (path, strchr (open, '}') + 1);
    }
  if (body != NULL)
    {
      request = json_from_string (body, &error);
      g_assert_no_error (error);
    }
  answer = bd_dodo_client_request (client, info->method, path->str, NULL, request, NULL, &error);
  g_assert_no_error (error);
  if (!bd_schema_check_node (schema, answer, &error))
    g_error ("%s %s: %s", info->method, path->str, error->message);
  return TRUE;
}

/* The raw answer of every endpoint Dodo's 1.53.2 description gives a 200
 * schema validates against it (members it does not name are allowed). */
static void
test_schemas (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_with ("--seed", "demo", NULL);
  g_autoptr(BdDodoClient) client = NULL;
  g_autoptr(JsonNode) dispute = NULL;
  g_autoptr(BdRefund) refund = NULL;
  g_autoptr(BdDodoWebhookEndpoint) webhook = NULL;
  g_autoptr(GPtrArray) payments = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GPtrArray) subscriptions = NULL;
  g_autoptr(GPtrArray) disputes = NULL;
  g_autofree char *poster = NULL;
  g_autofree char *basic = NULL;
  g_autofree char *payment_id = NULL;
  g_autofree char *sub_id = NULL;
  g_autofree char *od_id = NULL;
  g_autofree char *body = NULL;
  guint checked = 0;

  if (sandbox == NULL)
    return;
  allow_newer_values ();
  client = bd_test_sandbox_client (sandbox);
  poster = make_product (client, "Poster", 1000, FALSE);
  basic = make_product (client, "Basic", 1000, TRUE);
  payment_id = buy (sandbox, client, poster, "4242424242424242", "payment_id");
  sub_id = buy (sandbox, client, basic, "4242424242424242", "subscription_id");
  od_id = on_demand_subscription (sandbox, basic);
  refund = api_ok (client, BD_DODO_API_REFUND_CREATE, NULL, refund_body (payment_id, NULL, 0));
  body = g_strdup_printf ("{\"payment_id\":\"%s\"}", payment_id);
  dispute = bd_test_sandbox_call (sandbox, "POST", "/_sandbox/disputes", body, 200);
  g_clear_pointer (&body, g_free);
  {
    g_autoptr(BdDodoWebhookCreate) create = bd_dodo_webhook_create_new ();

    bd_model_set (create, "url", "http://127.0.0.1:9/hook", NULL);
    webhook = api_ok (client, BD_DODO_API_WEBHOOK_CREATE, NULL, g_steal_pointer (&create));
  }
  payments = list_all (client, BD_DODO_API_PAYMENT_LIST, NULL, NULL);
  customers = list_all (client, BD_DODO_API_CUSTOMER_LIST, NULL, NULL);
  subscriptions = list_all (client, BD_DODO_API_SUBSCRIPTION_LIST, NULL, NULL);
  disputes = list_all (client, BD_DODO_API_DISPUTE_LIST, NULL, NULL);
  g_assert_cmpuint (disputes->len, >, 0);

  for (guint e = 0; e < BD_DODO_API_N_ENDPOINTS; e++)
    {
      const char *id = NULL;
      const char *json = NULL;
      g_autofree char *owned = NULL;

      switch ((BdDodoApiEndpoint) e)
        {
        case BD_DODO_API_PRODUCT_GET: id = poster; break;
        case BD_DODO_API_PRODUCT_CREATE:
          json = "{\"name\":\"Schema\",\"tax_category\":\"saas\",\"price\":{\"type\":\"one_time_price\","
                 "\"currency\":\"USD\",\"price\":500,\"discount\":0,\"purchasing_power_parity\":false}}";
          break;
        case BD_DODO_API_CUSTOMER_GET:
        case BD_DODO_API_CUSTOMER_PORTAL_SESSION:
          id = str (customers->pdata[0], "customer-id");
          break;
        case BD_DODO_API_CUSTOMER_CREATE: json = "{\"email\":\"s@example.com\",\"name\":\"Schema\"}"; break;
        case BD_DODO_API_CUSTOMER_UPDATE:
          id = str (customers->pdata[0], "customer-id");
          json = "{\"phone_number\":\"+4930123456\"}";
          break;
        case BD_DODO_API_SUBSCRIPTION_GET: id = str (subscriptions->pdata[0], "subscription-id"); break;
        case BD_DODO_API_SUBSCRIPTION_UPDATE: id = sub_id; json = "{\"metadata\":{\"k\":\"v\"}}"; break;
        case BD_DODO_API_SUBSCRIPTION_PAUSE: id = sub_id; json = "{\"pause\":true}"; break;
        case BD_DODO_API_SUBSCRIPTION_CANCEL_AT_NEXT_BILLING:
          id = sub_id;
          json = "{\"cancel_at_next_billing_date\":false}";
          break;
        case BD_DODO_API_SUBSCRIPTION_CHARGE: id = od_id; json = "{\"product_price\":900}"; break;
        case BD_DODO_API_PAYMENT_GET: id = payment_id; break;
        case BD_DODO_API_PAYMENT_LINE_ITEMS: id = str (payments->pdata[0], "payment-id"); break;
        case BD_DODO_API_REFUND_GET: id = str (refund, "refund-id"); break;
        case BD_DODO_API_REFUND_CREATE:
          id = NULL;
          {
            g_autofree char *fresh = buy (sandbox, client, poster, "4242424242424242", "payment_id");

            owned = g_strdup_printf ("{\"payment_id\":\"%s\"}", fresh);
          }
          json = owned;
          break;
        case BD_DODO_API_DISPUTE_GET: id = str (disputes->pdata[0], "dispute-id"); break;
        case BD_DODO_API_CHECKOUT_CREATE:
          owned = g_strdup_printf ("{\"product_cart\":[{\"product_id\":\"%s\",\"quantity\":1}]}", poster);
          json = owned;
          break;
        case BD_DODO_API_WEBHOOK_CREATE: json = "{\"url\":\"http://127.0.0.1:9/other\"}"; break;
        case BD_DODO_API_WEBHOOK_GET:
        case BD_DODO_API_WEBHOOK_SECRET:
          id = str (webhook, "id");
          break;
        case BD_DODO_API_CHECKOUT_GET:
        case BD_DODO_API_CHECKOUT_PREVIEW:
        case BD_DODO_API_SUBSCRIPTION_CHANGE_PLAN:
        case BD_DODO_API_SUBSCRIPTION_CHANGE_PLAN_PREVIEW:
        case BD_DODO_API_SUBSCRIPTION_UPDATE_PAYMENT_METHOD:
        case BD_DODO_API_PRODUCT_UPDATE:
        case BD_DODO_API_PRODUCT_ARCHIVE:
        case BD_DODO_API_PRODUCT_UNARCHIVE:
        case BD_DODO_API_PAYMENT_INVOICE:
        case BD_DODO_API_REFUND_INVOICE:
        case BD_DODO_API_WEBHOOK_DELETE:
          /* Empty or PDF answers, or not in the 1.53.2 description. */
          g_assert_null (answer_schema (bd_dodo_endpoint_get_info (e)->method,
                                        bd_dodo_endpoint_get_info (e)->path));
          continue;
        case BD_DODO_API_PRODUCT_LIST:
        case BD_DODO_API_CUSTOMER_LIST:
        case BD_DODO_API_SUBSCRIPTION_LIST:
        case BD_DODO_API_PAYMENT_LIST:
        case BD_DODO_API_REFUND_LIST:
        case BD_DODO_API_DISPUTE_LIST:
        case BD_DODO_API_WEBHOOK_LIST:
        case BD_DODO_API_BRAND_LIST:
        case BD_DODO_API_N_ENDPOINTS:
        default:
          break;
        }
      g_test_message ("%s %s", bd_dodo_endpoint_get_info (e)->method, bd_dodo_endpoint_get_info (e)->path);
      checked += check_raw (client, e, id, json);
    }
  /* Everything but the 11 endpoints skipped above. */
  g_assert_cmpuint (checked, ==, BD_DODO_API_N_ENDPOINTS - 11);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client-sandbox/every-endpoint-routed", test_every_endpoint_routed);
  g_test_add_func ("/client-sandbox/reads-and-paging", test_reads_and_paging);
  g_test_add_func ("/client-sandbox/writes", test_writes);
  g_test_add_func ("/client-sandbox/errors", test_errors);
  g_test_add_func ("/client-sandbox/faults", test_faults);
  g_test_add_func ("/client-sandbox/schemas", test_schemas);

  return g_test_run ();
}
