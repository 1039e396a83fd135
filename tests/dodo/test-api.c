/* test-api.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-api"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "bd-checkout-session.h"
#include "bd-customer.h"
#include "bd-dispute.h"
#include "bd-dodo-api.h"
#include "bd-payment.h"
#include "bd-product.h"
#include "bd-refund.h"
#include "bd-subscription.h"

/* Every endpoint of bd-dodo-api.h against a real HTTP server on 127.0.0.1,
 * run by its own thread, which records what each request was (method, path
 * as sent, query, body) and gives the answers the test queued.  Fixtures
 * are written with ' for ", to keep them readable. */

typedef struct
{
  char *method;
  char *path;
  char *query;
  char *body;
} Recorded;

typedef struct
{
  guint       status;       /* 0: drop the connection */
  const char *content_type;
  GBytes     *body;
} Answer;

typedef struct
{
  SoupServer   *server;
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  char         *url;
  BdDodoClient *client;

  GMutex        mutex;
  GPtrArray    *recorded;   /* Recorded */
  GQueue        answers;    /* Answer */
} Fixture;

/* "{'a':1}" → "{"a":1}" (transfer full) */
static char *
unquote (const char *text)
{
  return g_strdelimit (g_strdup (text), "'", '"');
}

static void
recorded_free (Recorded *r)
{
  g_free (r->method);
  g_free (r->path);
  g_free (r->query);
  g_free (r->body);
  g_free (r);
}

static void
answer_free (Answer *a)
{
  g_clear_pointer (&a->body, g_bytes_unref);
  g_free (a);
}

/* Server side (runs on the server thread) */

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Fixture *f = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  Recorded *r = g_new0 (Recorded, 1);
  Answer *a;

  r->method = g_strdup (soup_server_message_get_method (msg));
  r->path = g_strdup (g_uri_get_path (uri));
  r->query = g_strdup (g_uri_get_query (uri));
  r->body = body->length > 0 ? g_strndup (body->data, body->length) : NULL;

  g_mutex_lock (&f->mutex);
  g_ptr_array_add (f->recorded, r);
  a = g_queue_pop_head (&f->answers);
  g_mutex_unlock (&f->mutex);

  if (a == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "No answer queued");
    }
  else if (a->status == 0)
    {
      g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

      g_io_stream_close (stream, NULL, NULL);
    }
  else
    {
      soup_server_message_set_status (msg, a->status, NULL);
      soup_server_message_set_response (msg, a->content_type, SOUP_MEMORY_COPY,
                                        g_bytes_get_data (a->body, NULL),
                                        g_bytes_get_size (a->body));
    }

  g_clear_pointer (&a, answer_free);
}

static gpointer
server_thread (gpointer data)
{
  Fixture *f = data;

  g_main_context_push_thread_default (f->context);
  g_main_loop_run (f->loop);
  g_main_context_pop_thread_default (f->context);

  return NULL;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_mutex_init (&f->mutex);
  g_queue_init (&f->answers);
  f->recorded = g_ptr_array_new_with_free_func ((GDestroyNotify) recorded_free);
  f->context = g_main_context_new ();
  f->loop = g_main_loop_new (f->context, FALSE);

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, server_callback, f, NULL);
  g_main_context_push_thread_default (f->context);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_main_context_pop_thread_default (f->context);
  g_assert_no_error (error);

  uris = soup_server_get_uris (f->server);
  f->url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  f->thread = g_thread_new ("test-server", server_thread, f);

  f->client = bd_dodo_client_new (f->url, &error);
  g_assert_no_error (error);
  bd_dodo_client_set_api_key (f->client, "sk_test_api");
  bd_dodo_client_set_retry_delay_ms (f->client, 5);
  bd_dodo_client_set_requests_per_second (f->client, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->client);

  g_main_context_invoke (f->context, quit_loop, f->loop);
  g_thread_join (f->thread);

  g_main_context_push_thread_default (f->context);
  soup_server_disconnect (f->server);
  g_assert_finalize_object (f->server);
  while (g_main_context_iteration (f->context, FALSE))
    ;
  g_main_context_pop_thread_default (f->context);

  /* Every queued answer was asked for. */
  g_assert_true (g_queue_is_empty (&f->answers));
  g_ptr_array_unref (f->recorded);
  g_free (f->url);
  g_main_loop_unref (f->loop);
  g_main_context_unref (f->context);
  g_mutex_clear (&f->mutex);
}

static void
answer_full (Fixture    *f,
             guint       status,
             const char *content_type,
             GBytes     *body)
{
  Answer *a = g_new0 (Answer, 1);

  a->status = status;
  a->content_type = content_type;
  a->body = body;

  g_mutex_lock (&f->mutex);
  g_queue_push_tail (&f->answers, a);
  g_mutex_unlock (&f->mutex);
}

/* Queues the answer to the next request: @json with ' for ", "" for none. */
static void
answer (Fixture    *f,
        guint       status,
        const char *json)
{
  char *text = unquote (json);

  answer_full (f, status, "application/json", g_bytes_new_take (text, strlen (text)));
}

static guint
n_requests (Fixture *f)
{
  guint n;

  g_mutex_lock (&f->mutex);
  n = f->recorded->len;
  g_mutex_unlock (&f->mutex);

  return n;
}

/* Asserts request @index: the path as sent (escaped), the query as sent,
 * and the body as JSON (any member order); NULL for none. */
static void
assert_request (Fixture    *f,
                guint       index,
                const char *method,
                const char *path,
                const char *query,
                const char *body)
{
  Recorded *r;

  g_assert_cmpuint (n_requests (f), >, index);
  g_mutex_lock (&f->mutex);
  r = f->recorded->pdata[index];
  g_mutex_unlock (&f->mutex);

  g_assert_cmpstr (r->method, ==, method);
  g_assert_cmpstr (r->path, ==, path);
  g_assert_cmpstr (r->query, ==, query);

  if (body == NULL)
    {
      g_assert_null (r->body);
    }
  else
    {
      g_autofree char *expected_text = unquote (body);
      g_autoptr(JsonNode) expected = json_from_string (expected_text, NULL);
      g_autoptr(JsonNode) sent = json_from_string (r->body, NULL);

      g_assert_nonnull (expected);
      g_assert_nonnull (sent);
      if (!json_node_equal (expected, sent))
        g_assert_cmpstr (r->body, ==, expected_text);
    }
}

/* Client side helpers */

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

/* The answer of one call (NULL for endpoints answering nothing), or NULL
 * with @error set. */
static gpointer
call (Fixture           *f,
      BdDodoApiEndpoint  endpoint,
      const char        *id,
      gpointer           body,
      GHashTable        *query,
      GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  gpointer object = NULL;

  bd_dodo_api_call_async (f->client, endpoint, id, body, query, NULL, store_result, &result);
  if (!bd_dodo_api_call_finish (f->client, await_result (&result), &object, error))
    g_assert_null (object);

  return object;
}

static GPtrArray *
next_page (BdDodoLister  *lister,
           GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bd_dodo_lister_next_async (lister, NULL, store_result, &result);

  return bd_dodo_lister_next_finish (lister, await_result (&result), error);
}

static GDateTime *
utc (const char *text)
{
  GDateTime *time = g_date_time_new_from_iso8601 (text, NULL);

  g_assert_nonnull (time);
  return time;
}

static void
assert_money (gpointer    object,
              const char *name,
              gint64      amount,
              const char *currency)
{
  const BdMoney *money = bd_model_get_money (object, name);

  g_assert_nonnull (money);
  g_assert_cmpint (bd_money_get_amount (money), ==, amount);
  g_assert_cmpstr (bd_money_get_currency (money), ==, currency);
}

/* A GListModel of @type holding the items, then NULL (transfer full each). */
static GListModel *
list_of (GType    type,
         gpointer first,
         ...)
{
  GListStore *store = g_list_store_new (type);
  va_list args;

  va_start (args, first);
  for (gpointer item = first; item != NULL; item = va_arg (args, gpointer))
    {
      g_list_store_append (store, item);
      g_object_unref (item);
    }
  va_end (args);

  return G_LIST_MODEL (store);
}

/* Fixtures: the smallest objects the models accept */

#define TIME "'2026-01-02T03:04:05Z'"
#define CUSTOMER_LTD "'customer':{'customer_id':'cus_1','name':'Ada','email':'ada@example.com'}"
#define PAYMENT(id, refunds)                                                      \
  "{'payment_id':'" id "','brand_id':'bus_1','created_at':" TIME ",'total_amount':1999," \
  "'currency':'USD'," CUSTOMER_LTD ",'metadata':{},'payment_provider':'stripe',"  \
  "'digital_products_delivered':true,'status':'succeeded','refunds':[" refunds "]}"
#define REFUND(id)                                                                \
  "{'refund_id':'" id "','payment_id':'pay_1','business_id':'bus_1','created_at':" TIME "," \
  "'status':'succeeded','is_partial':false,'amount':500,'currency':'USD'}"
#define PRICE "{'type':'one_time_price','price':1500,'currency':'USD','discount':0,'purchasing_power_parity':false}"
#define PRODUCT(id)                                                               \
  "{'product_id':'" id "','business_id':'bus_1','created_at':" TIME ",'updated_at':" TIME "," \
  "'name':'Pro','is_recurring':false,'tax_category':'saas','metadata':{},'price':" PRICE "}"
#define CUSTOMER(id)                                                              \
  "{'customer_id':'" id "','business_id':'bus_1','created_at':" TIME ",'email':'ada@example.com','name':'Ada'}"
#define SUBSCRIPTION(id, status, cancel)                                          \
  "{'subscription_id':'" id "','product_id':'pdt_1','brand_id':'bus_1','status':'" status "'," \
  "'quantity':1,'recurring_pre_tax_amount':900,'currency':'USD','tax_inclusive':false," \
  "'payment_frequency_count':1,'payment_frequency_interval':'Month','subscription_period_count':1," \
  "'subscription_period_interval':'Year','trial_period_days':0,'created_at':" TIME "," \
  "'next_billing_date':" TIME ",'previous_billing_date':" TIME ",'cancel_at_next_billing_date':" cancel "," \
  "'on_demand':false," CUSTOMER_LTD ",'billing':{'country':'US'},'metadata':{}}"
#define DISPUTE(id)                                                               \
  "{'dispute_id':'" id "','payment_id':'pay_1','business_id':'bus_1','created_at':" TIME "," \
  "'amount':'400','currency':'USD','dispute_stage':'dispute','dispute_status':'dispute_opened'}"
#define WEBHOOK(id)                                                               \
  "{'id':'" id "','url':'https://example.com/hook','description':'Shop','metadata':{}," \
  "'created_at':" TIME ",'updated_at':" TIME ",'filter_types':['payment.succeeded']}"
#define BRAND(id)                                                                 \
  "{'brand_id':'" id "','business_id':'bus_1','enabled':true,'statement_descriptor':'SHOP'," \
  "'verification_enabled':true,'verification_status':'Success'}"

/* Request bodies */

/* A function making a @new () request with the given properties. */
#define BODY(name, new, ...)                          \
  static gpointer                                     \
  name (void)                                         \
  {                                                   \
    gpointer req = new ();                            \
                                                      \
    bd_model_set (req, __VA_ARGS__, NULL);            \
    return req;                                       \
  }

BODY (product_update_name, bd_dodo_product_update_new,
      "name", "Pro 2")
BODY (customer_create, bd_dodo_customer_create_new,
      "email", "ada@example.com", "name", "Ada")
BODY (customer_update, bd_dodo_customer_update_new,
      "phone-number", "+15550100")
BODY (subscription_cancel_now, bd_dodo_subscription_update_new,
      "status-raw", "cancelled", "cancel-reason", "cancelled_by_merchant")
BODY (subscription_pause, bd_dodo_subscription_pause_new, "pause", TRUE)
BODY (subscription_resume, bd_dodo_subscription_pause_new, "pause", FALSE)
BODY (subscription_cancel_later, bd_dodo_subscription_cancel_at_next_billing_new,
      "cancel-at-next-billing-date", TRUE)
BODY (subscription_cancel_undo, bd_dodo_subscription_cancel_at_next_billing_new,
      "cancel-at-next-billing-date", FALSE)
BODY (change_plan, bd_dodo_change_plan_new,
      "product-id", "pdt_2", "quantity", (gint64) 2,
      "proration-billing-mode", "prorated_immediately")
BODY (charge, bd_dodo_charge_new,
      "product-price", (gint64) 2500, "product-description", "Extra seats")
BODY (refund_full, bd_dodo_refund_create_new,
      "payment-id", "pay_1", "reason", "Duplicate")
BODY (webhook_create, bd_dodo_webhook_create_new,
      "url", "https://example.com/hook", "description", "Shop",
      "filter-types", (const char *[]) { "payment.succeeded", "refund.succeeded", NULL })

static gpointer
product_create (void)
{
  gpointer req = bd_dodo_product_create_new ();
  g_autoptr(BdMoney) price = bd_money_new (1500, "USD");

  bd_model_set (req, "name", "Pro", "tax-category-raw", "saas",
                "price-type-raw", "one_time_price", "price", price, NULL);
  return req;
}

static gpointer
product_update_price (void)
{
  gpointer req = bd_dodo_product_update_new ();
  g_autoptr(BdMoney) price = bd_money_new (1500, "USD");

  bd_model_set (req, "price-type-raw", "one_time_price", "price", price, NULL);
  return req;
}

static gpointer
subscription_metadata (void)
{
  gpointer req = bd_dodo_subscription_update_new ();
  g_autoptr(GHashTable) metadata = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (metadata, "seat", "7");
  bd_model_set (req, "metadata", metadata, NULL);
  return req;
}

static gpointer
refund_items (void)
{
  gpointer req = bd_dodo_refund_create_new ();
  gpointer part = bd_dodo_refund_item_new ();
  gpointer whole = bd_dodo_refund_item_new ();
  g_autoptr(GListModel) items = NULL;

  bd_model_set (part, "item-id", "pdt_1", "amount", (gint64) 300, NULL);
  bd_model_set (whole, "item-id", "adn_1", NULL);
  items = list_of (BD_DODO_TYPE_REFUND_ITEM, part, whole, NULL);
  bd_model_set (req, "payment-id", "pay_1", "items", items, NULL);
  return req;
}

static gpointer
checkout_create (void)
{
  gpointer req = bd_dodo_checkout_create_new ();
  gpointer item = bd_dodo_cart_item_new ();
  g_autoptr(GListModel) cart = NULL;

  bd_model_set (item, "product-id", "pdt_1", "quantity", (gint64) 1, NULL);
  cart = list_of (BD_DODO_TYPE_CART_ITEM, item, NULL);
  bd_model_set (req, "product-cart", cart,
                "customer-email", "ada@example.com", "customer-name", "Ada",
                "billing-country", "DE", "return-url", "https://example.com/done",
                "discount-code", "SPRING", NULL);
  return req;
}

/* One row per call: what the app asks, what must go on the wire, and what
 * comes back. */
typedef struct
{
  const char         *name;
  BdDodoApiEndpoint   endpoint;
  const char         *id;
  gpointer          (*body) (void);
  const char         *query;      /* form-encoded, as sent */
  const char         *method;
  const char         *path;       /* as sent */
  const char         *sent;       /* JSON body, NULL for none */
  const char         *answer;     /* "" for an empty 200 */
  GType             (*type) (void);   /* NULL: answers nothing */
  const char         *prop;       /* a string property of the answer … */
  const char         *value;      /* … and its value */
} Case;

static const Case cases[] = {
  { "product-get", BD_DODO_API_PRODUCT_GET, "pdt_1", NULL, NULL,
    "GET", "/products/pdt_1", NULL, PRODUCT ("pdt_1"), bd_product_get_type, "product-id", "pdt_1" },
  { "product-create", BD_DODO_API_PRODUCT_CREATE, NULL, product_create, NULL,
    "POST", "/products", "{'name':'Pro','tax_category':'saas','price':" PRICE "}",
    PRODUCT ("pdt_9"), bd_product_get_type, "name", "Pro" },
  { "product-update", BD_DODO_API_PRODUCT_UPDATE, "pdt_1", product_update_name, NULL,
    "PATCH", "/products/pdt_1", "{'name':'Pro 2'}", "", NULL },
  { "product-update-price", BD_DODO_API_PRODUCT_UPDATE, "pdt_1", product_update_price, NULL,
    "PATCH", "/products/pdt_1", "{'price':" PRICE "}", "", NULL },
  { "product-archive", BD_DODO_API_PRODUCT_ARCHIVE, "pdt_1", NULL, NULL,
    "DELETE", "/products/pdt_1", NULL, "", NULL },
  { "product-unarchive", BD_DODO_API_PRODUCT_UNARCHIVE, "pdt_1", NULL, NULL,
    "POST", "/products/pdt_1/unarchive", NULL, "", NULL },

  { "customer-get", BD_DODO_API_CUSTOMER_GET, "cus_1", NULL, NULL,
    "GET", "/customers/cus_1", NULL, CUSTOMER ("cus_1"), bd_customer_get_type, "email", "ada@example.com" },
  { "customer-create", BD_DODO_API_CUSTOMER_CREATE, NULL, customer_create, NULL,
    "POST", "/customers", "{'email':'ada@example.com','name':'Ada'}",
    CUSTOMER ("cus_2"), bd_customer_get_type, "customer-id", "cus_2" },
  { "customer-update", BD_DODO_API_CUSTOMER_UPDATE, "cus_1", customer_update, NULL,
    "PATCH", "/customers/cus_1", "{'phone_number':'+15550100'}",
    CUSTOMER ("cus_1"), bd_customer_get_type, "name", "Ada" },
  { "customer-portal", BD_DODO_API_CUSTOMER_PORTAL_SESSION, "cus_1", NULL, "send_email=true",
    "POST", "/customers/cus_1/customer-portal/session", NULL,
    "{'link':'https://test.customer.dodopayments.com/x'}", bd_dodo_portal_session_get_type,
    "link", "https://test.customer.dodopayments.com/x" },

  { "subscription-get", BD_DODO_API_SUBSCRIPTION_GET, "sub_1", NULL, NULL,
    "GET", "/subscriptions/sub_1", NULL, SUBSCRIPTION ("sub_1", "active", "false"),
    bd_subscription_get_type, "status-raw", "active" },
  { "subscription-cancel-now", BD_DODO_API_SUBSCRIPTION_UPDATE, "sub_1", subscription_cancel_now, NULL,
    "PATCH", "/subscriptions/sub_1", "{'status':'cancelled','cancel_reason':'cancelled_by_merchant'}",
    SUBSCRIPTION ("sub_1", "cancelled", "false"), bd_subscription_get_type, "status-raw", "cancelled" },
  { "subscription-metadata", BD_DODO_API_SUBSCRIPTION_UPDATE, "sub_1", subscription_metadata, NULL,
    "PATCH", "/subscriptions/sub_1", "{'metadata':{'seat':'7'}}",
    SUBSCRIPTION ("sub_1", "active", "false"), bd_subscription_get_type, "subscription-id", "sub_1" },
  { "subscription-pause", BD_DODO_API_SUBSCRIPTION_PAUSE, "sub_1", subscription_pause, NULL,
    "PATCH", "/subscriptions/sub_1", "{'pause':true}",
    SUBSCRIPTION ("sub_1", "paused", "false"), bd_subscription_get_type, "status-raw", "paused" },
  { "subscription-resume", BD_DODO_API_SUBSCRIPTION_PAUSE, "sub_1", subscription_resume, NULL,
    "PATCH", "/subscriptions/sub_1", "{'pause':false}",
    SUBSCRIPTION ("sub_1", "active", "false"), bd_subscription_get_type, "status-raw", "active" },
  { "subscription-cancel-later", BD_DODO_API_SUBSCRIPTION_CANCEL_AT_NEXT_BILLING, "sub_1",
    subscription_cancel_later, NULL, "PATCH", "/subscriptions/sub_1", "{'cancel_at_next_billing_date':true}",
    SUBSCRIPTION ("sub_1", "active", "true"), bd_subscription_get_type, "status-raw", "active" },
  { "subscription-cancel-undo", BD_DODO_API_SUBSCRIPTION_CANCEL_AT_NEXT_BILLING, "sub_1",
    subscription_cancel_undo, NULL, "PATCH", "/subscriptions/sub_1", "{'cancel_at_next_billing_date':false}",
    SUBSCRIPTION ("sub_1", "active", "false"), bd_subscription_get_type, "status-raw", "active" },
  { "subscription-change-plan", BD_DODO_API_SUBSCRIPTION_CHANGE_PLAN, "sub_1", change_plan, NULL,
    "POST", "/subscriptions/sub_1/change-plan",
    "{'product_id':'pdt_2','quantity':2,'proration_billing_mode':'prorated_immediately'}", "", NULL },
  { "subscription-change-plan-preview", BD_DODO_API_SUBSCRIPTION_CHANGE_PLAN_PREVIEW, "sub_1", change_plan, NULL,
    "POST", "/subscriptions/sub_1/change-plan/preview",
    "{'product_id':'pdt_2','quantity':2,'proration_billing_mode':'prorated_immediately'}",
    "{'immediate_charge':{'summary':{'currency':'USD','total_amount':450}},"
    "'new_plan':" SUBSCRIPTION ("sub_1", "active", "false") "}",
    bd_dodo_plan_change_preview_get_type, "new-product-id", "pdt_1" },
  { "subscription-charge", BD_DODO_API_SUBSCRIPTION_CHARGE, "sub_1", charge, NULL,
    "POST", "/subscriptions/sub_1/charge", "{'product_price':2500,'product_description':'Extra seats'}",
    "{'payment_id':'pay_7'}", bd_dodo_charge_result_get_type, "payment-id", "pay_7" },

  { "payment-get", BD_DODO_API_PAYMENT_GET, "pay_1", NULL, NULL,
    "GET", "/payments/pay_1", NULL, PAYMENT ("pay_1", ""), bd_payment_get_type, "customer-email", "ada@example.com" },
  /* SoupServer shows the path decoded: the '?' stayed in it, and an
   * unescaped space would have been a 400. */
  { "payment-get-escaped", BD_DODO_API_PAYMENT_GET, "pay 1/x?", NULL, NULL,
    "GET", "/payments/pay 1/x?", NULL, PAYMENT ("pay_1", ""), bd_payment_get_type, "payment-id", "pay_1" },

  { "refund-get", BD_DODO_API_REFUND_GET, "ref_1", NULL, NULL,
    "GET", "/refunds/ref_1", NULL, REFUND ("ref_1"), bd_refund_get_type, "payment-id", "pay_1" },
  { "refund-create-full", BD_DODO_API_REFUND_CREATE, NULL, refund_full, NULL,
    "POST", "/refunds", "{'payment_id':'pay_1','reason':'Duplicate'}",
    REFUND ("ref_2"), bd_refund_get_type, "refund-id", "ref_2" },
  { "refund-create-items", BD_DODO_API_REFUND_CREATE, NULL, refund_items, NULL,
    "POST", "/refunds", "{'payment_id':'pay_1','items':[{'item_id':'pdt_1','amount':300},{'item_id':'adn_1'}]}",
    REFUND ("ref_3"), bd_refund_get_type, "refund-id", "ref_3" },

  { "dispute-get", BD_DODO_API_DISPUTE_GET, "dp_1", NULL, NULL,
    "GET", "/disputes/dp_1", NULL, DISPUTE ("dp_1"), bd_dispute_get_type, "dispute-status-raw", "dispute_opened" },

  { "checkout-create", BD_DODO_API_CHECKOUT_CREATE, NULL, checkout_create, NULL,
    "POST", "/checkouts",
    "{'product_cart':[{'product_id':'pdt_1','quantity':1}],'customer':{'email':'ada@example.com','name':'Ada'},"
    "'billing_address':{'country':'DE'},'return_url':'https://example.com/done','discount_code':'SPRING'}",
    "{'session_id':'cks_1','checkout_url':'https://test.checkout.dodopayments.com/session/cks_1'}",
    bd_checkout_session_get_type, "id", "cks_1" },
  { "checkout-get", BD_DODO_API_CHECKOUT_GET, "cks_1", NULL, NULL,
    "GET", "/checkouts/cks_1", NULL,
    "{'id':'cks_1','created_at':" TIME ",'payment_id':'pay_1','payment_status':'succeeded'}",
    bd_checkout_session_get_type, "payment-status-raw", "succeeded" },
  { "checkout-preview", BD_DODO_API_CHECKOUT_PREVIEW, NULL, checkout_create, NULL,
    "POST", "/checkouts/preview",
    "{'product_cart':[{'product_id':'pdt_1','quantity':1}],'customer':{'email':'ada@example.com','name':'Ada'},"
    "'billing_address':{'country':'DE'},'return_url':'https://example.com/done','discount_code':'SPRING'}",
    "{'billing_country':'DE','currency':'EUR','total_price':1785,'total_tax':285,"
    "'current_breakup':{'subtotal':1500,'discount':0,'tax':285,'total_amount':1785},'product_cart':[]}",
    bd_dodo_checkout_preview_get_type, "billing-country", "DE" },

  { "webhook-create", BD_DODO_API_WEBHOOK_CREATE, NULL, webhook_create, NULL,
    "POST", "/webhooks",
    "{'url':'https://example.com/hook','description':'Shop','filter_types':['payment.succeeded','refund.succeeded']}",
    WEBHOOK ("whk_1"), bd_dodo_webhook_endpoint_get_type, "id", "whk_1" },
  { "webhook-get", BD_DODO_API_WEBHOOK_GET, "whk_1", NULL, NULL,
    "GET", "/webhooks/whk_1", NULL, WEBHOOK ("whk_1"), bd_dodo_webhook_endpoint_get_type,
    "url", "https://example.com/hook" },
  { "webhook-delete", BD_DODO_API_WEBHOOK_DELETE, "whk_1", NULL, NULL,
    "DELETE", "/webhooks/whk_1", NULL, "", NULL },
  { "webhook-secret", BD_DODO_API_WEBHOOK_SECRET, "whk_1", NULL, NULL,
    "GET", "/webhooks/whk_1/secret", NULL, "{'secret':'whsec_c2VjcmV0'}",
    bd_dodo_webhook_secret_get_type, "secret", "whsec_c2VjcmV0" },
};

static void
test_call (Fixture       *f,
           gconstpointer  data)
{
  const Case *c = data;
  g_autoptr(GObject) body = c->body != NULL ? c->body () : NULL;
  g_autoptr(GHashTable) query = c->query != NULL ? soup_form_decode (c->query) : NULL;
  g_autoptr(GObject) object = NULL;
  g_autoptr(GError) error = NULL;

  answer (f, SOUP_STATUS_OK, c->answer);
  object = call (f, c->endpoint, c->id, body, query, &error);
  g_assert_no_error (error);

  assert_request (f, 0, c->method, c->path, c->query, c->sent);
  g_assert_cmpuint (n_requests (f), ==, 1);

  if (c->type == NULL)
    {
      g_assert_null (object);
      return;
    }

  g_assert_nonnull (object);
  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (object, c->type ()));
  g_assert_cmpstr (bd_model_get_string (object, c->prop), ==, c->value);
}

/* A few answers checked beyond one string. */
static void
test_typed_values (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdPayment) payment = NULL;
  g_autoptr(BdSubscription) subscription = NULL;
  g_autoptr(BdDispute) dispute = NULL;
  g_autoptr(BdCheckoutSession) session = NULL;
  g_autoptr(BdDodoPlanChangePreview) preview = NULL;
  g_autoptr(GObject) body = NULL;

  answer (f, SOUP_STATUS_OK, PAYMENT ("pay_1", REFUND ("ref_1")));
  payment = call (f, BD_DODO_API_PAYMENT_GET, "pay_1", NULL, NULL, &error);
  g_assert_no_error (error);
  assert_money (payment, "total-amount", 1999, "USD");
  g_assert_cmpint (bd_model_get_enum (payment, "status"), ==, BD_PAYMENT_STATUS_SUCCEEDED);
  g_assert_cmpuint (g_list_model_get_n_items (bd_model_get_list (payment, "refunds")), ==, 1);

  answer (f, SOUP_STATUS_OK, SUBSCRIPTION ("sub_1", "active", "true"));
  subscription = call (f, BD_DODO_API_SUBSCRIPTION_GET, "sub_1", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (bd_model_get_boolean (subscription, "cancel-at-next-billing-date"));
  g_assert_cmpint (bd_model_get_enum (subscription, "payment-frequency-interval"), ==, BD_TIME_INTERVAL_MONTH);
  assert_money (subscription, "recurring-pre-tax-amount", 900, "USD");

  answer (f, SOUP_STATUS_OK, DISPUTE ("dp_1"));
  dispute = call (f, BD_DODO_API_DISPUTE_GET, "dp_1", NULL, NULL, &error);
  g_assert_no_error (error);
  assert_money (dispute, "amount", 400, "USD");

  answer (f, SOUP_STATUS_OK,
          "{'immediate_charge':{'summary':{'currency':'USD','total_amount':450,'tax':50}},"
          "'new_plan':" SUBSCRIPTION ("sub_1", "active", "false") "}");
  preview = call (f, BD_DODO_API_SUBSCRIPTION_CHANGE_PLAN_PREVIEW, "sub_1",
                  body = change_plan (), NULL, &error);
  g_assert_no_error (error);
  assert_money (preview, "total-amount", 450, "USD");
  assert_money (preview, "tax", 50, "USD");
  assert_money (preview, "new-recurring-pre-tax-amount", 900, "USD");

  g_clear_object (&body);
  answer (f, SOUP_STATUS_OK,
          "{'session_id':'cks_1','checkout_url':'https://test.checkout.dodopayments.com/session/cks_1'}");
  session = call (f, BD_DODO_API_CHECKOUT_CREATE, NULL, body = checkout_create (), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bd_model_get_string (session, "checkout-url"), ==,
                   "https://test.checkout.dodopayments.com/session/cks_1");
}

/* Asks for one page of @lister and checks its length and first id. */
static void
assert_page (BdDodoLister *lister,
             guint         n_items,
             const char   *prop,
             const char   *first_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = next_page (lister, &error);

  g_assert_no_error (error);
  g_assert_nonnull (page);
  g_assert_cmpuint (page->len, ==, n_items);
  g_assert_cmpstr (bd_model_get_string (page->pdata[0], prop), ==, first_id);
}

static void
assert_end (BdDodoLister *lister)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = next_page (lister, &error);

  g_assert_no_error (error);
  g_assert_null (page);
  g_assert_true (bd_dodo_lister_is_done (lister));
}

/* Two pages, each fetched only when asked; the filters on both. */
static void
test_payment_pages (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GHashTable) query = bd_dodo_query_new ("status", "succeeded", "customer_id", "cus_1",
                                                   "subscription_id", "sub_1", "currency", NULL, NULL);
  g_autoptr(GDateTime) from = utc ("2026-01-01T00:00:00Z");
  g_autoptr(GDateTime) to = utc ("2026-02-01T00:00:00+01:00");
  g_autoptr(BdDodoLister) lister = NULL;

  bd_dodo_query_set_created_range (query, from, to);
  lister = bd_dodo_lister_new (f->client, BD_DODO_API_PAYMENT_LIST, NULL, query, 2);
  g_assert_cmpuint (n_requests (f), ==, 0);

  answer (f, SOUP_STATUS_OK, "{'items':[" PAYMENT ("pay_1", "") "," PAYMENT ("pay_2", "") "]}");
  assert_page (lister, 2, "payment-id", "pay_1");
  g_assert_cmpuint (n_requests (f), ==, 1);
  g_assert_false (bd_dodo_lister_is_done (lister));

  answer (f, SOUP_STATUS_OK, "{'items':[" PAYMENT ("pay_3", "") "]}");
  assert_page (lister, 1, "payment-id", "pay_3");
  assert_end (lister);
  g_assert_cmpuint (n_requests (f), ==, 2);

#define FILTERS "created_at_gte=2026-01-01T00%3A00%3A00Z&created_at_lte=2026-01-31T23%3A00%3A00Z&customer_id=cus_1"
  assert_request (f, 0, "GET", "/payments", FILTERS "&page_number=0&page_size=2&status=succeeded&subscription_id=sub_1", NULL);
  assert_request (f, 1, "GET", "/payments", FILTERS "&page_number=1&page_size=2&status=succeeded&subscription_id=sub_1", NULL);
#undef FILTERS
}

/* GET /products: the Price under price_detail, or only a flat price. */
static void
test_product_list (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GHashTable) query = bd_dodo_query_new (NULL, NULL);
  g_autoptr(BdDodoLister) lister = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;

  bd_dodo_query_set_boolean (query, "archived", TRUE);
  bd_dodo_query_set_boolean (query, "recurring", FALSE);
  lister = bd_dodo_lister_new (f->client, BD_DODO_API_PRODUCT_LIST, NULL, query, 10);

  answer (f, SOUP_STATUS_OK,
          "{'items':["
          "{'product_id':'pdt_1','business_id':'bus_1','created_at':" TIME ",'updated_at':" TIME ","
          "'is_recurring':true,'tax_category':'saas','metadata':{},'price':2000,'currency':'USD',"
          "'price_detail':{'type':'recurring_price','price':2000,'currency':'USD','discount':10,"
          "'purchasing_power_parity':false,'payment_frequency_count':1,'payment_frequency_interval':'Month',"
          "'subscription_period_count':1,'subscription_period_interval':'Year'}},"
          "{'product_id':'pdt_2','business_id':'bus_1','created_at':" TIME ",'updated_at':" TIME ","
          "'is_recurring':false,'tax_category':'e_book','metadata':{},'price':900,'currency':'EUR',"
          "'price_detail':null}]}");
  page = next_page (lister, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 2);
  assert_request (f, 0, "GET", "/products", "archived=true&page_number=0&page_size=10&recurring=false", NULL);

  g_assert_cmpint (bd_model_get_enum (page->pdata[0], "price-type"), ==, BD_PRICE_TYPE_RECURRING);
  assert_money (page->pdata[0], "price", 2000, "USD");
  g_assert_cmpint (bd_model_get_int (page->pdata[0], "discount"), ==, 10);
  g_assert_cmpint (bd_model_get_enum (page->pdata[0], "payment-frequency-interval"), ==, BD_TIME_INTERVAL_MONTH);
  g_assert_true (bd_model_get_boolean (page->pdata[0], "archived"));

  g_assert_cmpint (bd_model_get_enum (page->pdata[1], "price-type"), ==, BD_PRICE_TYPE_ONE_TIME);
  assert_money (page->pdata[1], "price", 900, "EUR");
  g_assert_true (bd_model_get_boolean (page->pdata[1], "archived"));

  assert_end (lister);
  g_assert_cmpuint (n_requests (f), ==, 1);
}

/* GET /webhooks: {data, done, iterator}. */
static void
test_webhook_cursor (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(BdDodoLister) lister = bd_dodo_lister_new (f->client, BD_DODO_API_WEBHOOK_LIST, NULL, NULL, 1);

  answer (f, SOUP_STATUS_OK, "{'data':[" WEBHOOK ("whk_1") "],'done':false,'iterator':'it_2'}");
  assert_page (lister, 1, "id", "whk_1");
  g_assert_false (bd_dodo_lister_is_done (lister));
  g_assert_cmpuint (n_requests (f), ==, 1);

  answer (f, SOUP_STATUS_OK, "{'data':[" WEBHOOK ("whk_2") "],'done':true,'iterator':null}");
  assert_page (lister, 1, "id", "whk_2");
  assert_end (lister);

  assert_request (f, 0, "GET", "/webhooks", "limit=1", NULL);
  assert_request (f, 1, "GET", "/webhooks", "iterator=it_2&limit=1", NULL);
  g_assert_cmpuint (n_requests (f), ==, 2);
}

/* The other lists: one short page each, with their filters. */
typedef struct
{
  const char         *name;
  BdDodoApiEndpoint   endpoint;
  const char         *id;
  const char         *query;    /* the filters, form-encoded */
  const char         *path;
  const char         *sent;     /* the query as sent */
  const char         *answer;
  guint               n_items;
  const char         *prop;
  const char         *first_id;
} ListCase;

static const ListCase list_cases[] = {
  { "customers", BD_DODO_API_CUSTOMER_LIST, NULL, "email=ada%40example.com&name=Ada&created_at_gte=2026-01-01T00%3A00%3A00Z",
    "/customers", "created_at_gte=2026-01-01T00%3A00%3A00Z&email=ada%40example.com&name=Ada&page_number=0&page_size=10",
    "{'items':[" CUSTOMER ("cus_1") "," CUSTOMER ("cus_2") "]}", 2, "customer-id", "cus_1" },
  { "subscriptions", BD_DODO_API_SUBSCRIPTION_LIST, NULL, "status=active&customer_id=cus_1&product_id=pdt_1&created_at_lte=2026-03-01T00%3A00%3A00Z",
    "/subscriptions", "created_at_lte=2026-03-01T00%3A00%3A00Z&customer_id=cus_1&page_number=0&page_size=10&product_id=pdt_1&status=active",
    "{'items':[" SUBSCRIPTION ("sub_1", "active", "false") "]}", 1, "subscription-id", "sub_1" },
  { "refunds", BD_DODO_API_REFUND_LIST, NULL, "status=succeeded&customer_id=cus_1",
    "/refunds", "customer_id=cus_1&page_number=0&page_size=10&status=succeeded",
    "{'items':[" REFUND ("ref_1") "," REFUND ("ref_2") "," REFUND ("ref_3") "]}", 3, "refund-id", "ref_1" },
  { "disputes", BD_DODO_API_DISPUTE_LIST, NULL, "dispute_status=dispute_opened&dispute_stage=dispute",
    "/disputes", "dispute_stage=dispute&dispute_status=dispute_opened&page_number=0&page_size=10",
    "{'items':[" DISPUTE ("dp_1") "]}", 1, "dispute-id", "dp_1" },
  { "brands", BD_DODO_API_BRAND_LIST, NULL, "include_archived=false",
    "/brands", "include_archived=false",
    "{'items':[" BRAND ("bus_1") "," BRAND ("brnd_2") "]}", 2, "brand-id", "bus_1" },
  { "line-items", BD_DODO_API_PAYMENT_LINE_ITEMS, "pay_1", NULL,
    "/payments/pay_1/line-items", NULL,
    "{'currency':'USD','items':[{'items_id':'pdt_1','amount':1500,'refundable_amount':1200,'tax':0,'name':'Pro'},"
    "{'items_id':'adn_1','amount':499,'refundable_amount':499,'tax':0}]}", 2, "item-id", "pdt_1" },
};

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  const ListCase *c = data;
  g_autoptr(GHashTable) query = c->query != NULL ? soup_form_decode (c->query) : NULL;
  g_autoptr(BdDodoLister) lister = bd_dodo_lister_new (f->client, c->endpoint, c->id, query, 10);
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;

  answer (f, SOUP_STATUS_OK, c->answer);
  page = next_page (lister, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, c->n_items);
  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (page->pdata[0], bd_dodo_endpoint_get_info (c->endpoint)->answer_type ()));
  g_assert_cmpstr (bd_model_get_string (page->pdata[0], c->prop), ==, c->first_id);
  assert_request (f, 0, "GET", c->path, c->sent, NULL);

  if (c->endpoint == BD_DODO_API_PAYMENT_LINE_ITEMS)
    assert_money (page->pdata[0], "refundable-amount", 1200, "USD");

  assert_end (lister);
  g_assert_cmpuint (n_requests (f), ==, 1);
}

static void
test_invoices (Fixture       *f,
               gconstpointer  data)
{
  static const char pdf[] = "%PDF-1.4\n\0\xff\xfe binary\n%%EOF\n";
  static const struct { BdDodoApiEndpoint endpoint; const char *id, *path; } invoices[] = {
    { BD_DODO_API_PAYMENT_INVOICE, "pay_1", "/invoices/payments/pay_1" },
    { BD_DODO_API_REFUND_INVOICE, "ref_1", "/invoices/refunds/ref_1" },
  };
  g_autofree char *dir = g_dir_make_tmp ("test-api-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "invoice.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  for (guint i = 0; i < G_N_ELEMENTS (invoices); i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;
      gsize length;

      answer_full (f, SOUP_STATUS_OK, "application/pdf", g_bytes_new_static (pdf, sizeof pdf));
      bd_dodo_api_download_async (f->client, invoices[i].endpoint, invoices[i].id, file,
                                  NULL, store_result, &result);
      g_assert_true (bd_dodo_api_download_finish (f->client, await_result (&result), &error));
      g_assert_no_error (error);
      assert_request (f, i, "GET", invoices[i].path, NULL, NULL);

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_cmpmem (contents, length, pdf, sizeof pdf);
      g_assert_cmpint (g_unlink (path), ==, 0);
    }

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) body = customer_create ();
  gpointer object;

  answer (f, SOUP_STATUS_NOT_FOUND, "{'code':'NOT_FOUND','message':'Payment pay_9 does not exist'}");
  object = call (f, BD_DODO_API_PAYMENT_GET, "pay_9", NULL, NULL, &error);
  g_assert_null (object);
  g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_NOT_FOUND);
  g_assert_cmpstr (bd_dodo_error_get_server_message (error), ==, "Payment pay_9 does not exist");
  g_assert_nonnull (strstr (error->message, "Payment pay_9 does not exist"));
  g_clear_error (&error);

  answer (f, SOUP_STATUS_UNPROCESSABLE_ENTITY,
          "{'code':'INVALID_REQUEST_BODY','message':'Missing field: email'}");
  object = call (f, BD_DODO_API_CUSTOMER_CREATE, NULL, body, NULL, &error);
  g_assert_null (object);
  g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_INVALID_REQUEST);
  g_assert_cmpstr (bd_dodo_error_get_code (error), ==, "INVALID_REQUEST_BODY");
  g_assert_nonnull (strstr (error->message, "Missing field: email"));
  g_clear_error (&error);

  /* An answer that does not decode. */
  answer (f, SOUP_STATUS_OK, "{'payment_id':'pay_1'}");
  object = call (f, BD_DODO_API_PAYMENT_GET, "pay_1", NULL, NULL, &error);
  g_assert_null (object);
  g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_BAD_RESPONSE);
  g_test_message ("%s", error->message);
  g_assert_cmpuint (n_requests (f), ==, 3);
}

/* The connection drops after the server took the refund: reported
 * ambiguous, not sent again, and found by reading the payment back. */
static void
test_refund_ambiguous (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GObject) body = refund_full ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) refunds = NULL;
  g_autoptr(BdRefund) refund = NULL;
  g_autoptr(GError) error = NULL;
  gpointer object;

  answer_full (f, 0, NULL, NULL);
  object = call (f, BD_DODO_API_REFUND_CREATE, NULL, body, NULL, &error);
  g_assert_null (object);
  g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_NETWORK);
  g_assert_true (bd_dodo_error_is_ambiguous_write (error));
  g_assert_cmpuint (n_requests (f), ==, 1);
  g_clear_error (&error);

  answer (f, SOUP_STATUS_OK, PAYMENT ("pay_1", REFUND ("ref_1")));
  bd_dodo_api_find_refunds_for_payment_async (f->client, "pay_1", NULL, store_result, &result);
  refunds = bd_dodo_api_find_refunds_for_payment_finish (f->client, await_result (&result), &error);
  g_assert_no_error (error);
  assert_request (f, 0, "POST", "/refunds", NULL, "{'payment_id':'pay_1','reason':'Duplicate'}");
  assert_request (f, 1, "GET", "/payments/pay_1", NULL, NULL);
  g_assert_cmpuint (n_requests (f), ==, 2);

  g_assert_cmpuint (g_list_model_get_n_items (refunds), ==, 1);
  refund = g_list_model_get_item (refunds, 0);
  g_assert_cmpstr (bd_model_get_string (refund, "refund-id"), ==, "ref_1");
  g_assert_cmpstr (bd_model_get_string (refund, "payment-id"), ==, "pay_1");
  assert_money (refund, "amount", 500, "USD");
}

/* The table, read backwards as the sandbox will. */
static void
test_match (void)
{
  static const struct { const char *method, *path; BdDodoApiEndpoint endpoint; const char *id; } routes[] = {
    { "GET", "/payments", BD_DODO_API_PAYMENT_LIST, NULL },
    { "GET", "/payments/pay_1/line-items", BD_DODO_API_PAYMENT_LINE_ITEMS, "pay_1" },
    { "GET", "/payments/pay%201", BD_DODO_API_PAYMENT_GET, "pay 1" },
    { "PATCH", "/subscriptions/sub_1", BD_DODO_API_SUBSCRIPTION_UPDATE, "sub_1" },
    { "POST", "/checkouts/preview", BD_DODO_API_CHECKOUT_PREVIEW, NULL },
    { "DELETE", "/products/pdt_1", BD_DODO_API_PRODUCT_ARCHIVE, "pdt_1" },
    { "GET", "/invoices/refunds/ref_1", BD_DODO_API_REFUND_INVOICE, "ref_1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      BdDodoApiEndpoint endpoint;
      g_autofree char *id = NULL;

      g_assert_true (bd_dodo_endpoint_match (routes[i].method, routes[i].path, &endpoint, &id));
      g_assert_cmpint (endpoint, ==, routes[i].endpoint);
      g_assert_cmpstr (id, ==, routes[i].id);
    }

  g_assert_false (bd_dodo_endpoint_match ("PUT", "/payments", NULL, NULL));
  g_assert_false (bd_dodo_endpoint_match ("GET", "/payments/", NULL, NULL));
  g_assert_false (bd_dodo_endpoint_match ("GET", "/payments/pay_1/nothing", NULL, NULL));

  for (guint e = 0; e < BD_DODO_API_N_ENDPOINTS; e++)
    {
      const BdDodoEndpointInfo *info = bd_dodo_endpoint_get_info (e);

      g_assert_nonnull (info->method);
      g_assert_true (info->path[0] == '/');
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, func) \
  g_test_add ("/api/" path, Fixture, data, fixture_setup, func, fixture_teardown)

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/call/%s", cases[i].name);

      g_test_add (path, Fixture, &cases[i], fixture_setup, test_call, fixture_teardown);
    }
  for (guint i = 0; i < G_N_ELEMENTS (list_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/list/%s", list_cases[i].name);

      g_test_add (path, Fixture, &list_cases[i], fixture_setup, test_list, fixture_teardown);
    }
  ADD ("typed-values", NULL, test_typed_values);
  ADD ("list/payment-pages", NULL, test_payment_pages);
  ADD ("list/products", NULL, test_product_list);
  ADD ("list/webhooks", NULL, test_webhook_cursor);
  ADD ("invoices", NULL, test_invoices);
  ADD ("errors", NULL, test_errors);
  ADD ("refund-ambiguous", NULL, test_refund_ambiguous);
  g_test_add_func ("/api/match", test_match);

#undef ADD

  return g_test_run ();
}
