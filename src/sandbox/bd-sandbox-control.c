/* bd-sandbox-control.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-sandbox"

#include "config.h"

#include <string.h>

#include "bd-checkout-session.h"
#include "bd-customer.h"
#include "bd-dodo-requests.h"
#include "bd-product.h"
#include "bd-sandbox-checkout-page.h"
#include "bd-sandbox-private.h"
#include "bd-sandbox-scheduler.h"
#include "bd-sandbox-webhooks.h"
#include "bd-subscription.h"

/* The sandbox's own routes, under /_sandbox/ so they never clash with
 * Dodo's.  They need the API key like Dodo's routes. */

/* Helpers */

static void
reply_node (BdSandboxRequest *req,
            JsonNode         *node)
{
  bd_sandbox_reply_json (req, SOUP_STATUS_OK, node);
  json_node_unref (node);
}

/* An optional JSON body: NULL when there is none, else the object (or a
 * 422 already sent, with *failed set). */
static JsonObject *
optional_object (BdSandboxRequest *req,
                 gboolean         *failed)
{
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  JsonObject *object;

  *failed = FALSE;
  if (body->length == 0)
    return NULL;
  object = bd_sandbox_request_object (req);
  *failed = object == NULL;
  return object;
}

void
bd_sandbox_builder_add_string (JsonBuilder *builder,
                               const char  *name,
                               const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* Stats */

static void
stats_get (BdSandboxRequest *req)
{
  reply_node (req, bd_sandbox_server_stats_to_json (req->server));
}

static void
stats_reset (BdSandboxRequest *req)
{
  bd_sandbox_server_reset_stats (req->server);
  bd_sandbox_reply_empty (req, SOUP_STATUS_OK);
}

/* Faults */

static void
faults_get (BdSandboxRequest *req)
{
  reply_node (req, bd_sandbox_faults_to_json (bd_sandbox_server_get_faults (req->server)));
}

/* {"spec": "route=…,fault=…;…"} adds rules. */
static void
faults_add (BdSandboxRequest *req)
{
  JsonObject *object = bd_sandbox_request_object (req);
  g_autoptr(GError) error = NULL;
  const char *spec;

  if (object == NULL)
    return;
  spec = json_object_get_string_member_with_default (object, "spec", NULL);
  if (spec == NULL)
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_BODY",
                              "spec is required");
      return;
    }
  if (!bd_sandbox_faults_add_spec (bd_sandbox_server_get_faults (req->server), spec, &error))
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_BODY", "%s", error->message);
      return;
    }
  faults_get (req);
}

static void
faults_clear (BdSandboxRequest *req)
{
  bd_sandbox_faults_clear (bd_sandbox_server_get_faults (req->server));
  bd_sandbox_reply_empty (req, SOUP_STATUS_OK);
}

/* Clock */

static void
clock_get (BdSandboxRequest *req)
{
  g_autofree char *now = bd_sandbox_format_time (bd_sandbox_state_now (req->state));
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  bd_sandbox_builder_add_string (builder, "now", now);
  json_builder_end_object (builder);
  reply_node (req, json_builder_get_root (builder));
}

/* {"advance_seconds": N} or {"to": RFC 3339}: time only moves forward. */
static void
clock_advance (BdSandboxRequest *req)
{
  JsonObject *object = bd_sandbox_request_object (req);
  BdSandboxClock *clock = bd_sandbox_state_get_clock (req->state);
  gint64 delta = 0, target;

  if (object == NULL)
    return;
  if (json_object_has_member (object, "to"))
    {
      const char *to = json_object_get_string_member_with_default (object, "to", NULL);

      if (!bd_sandbox_parse_time (to, &target))
        {
          bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_BODY",
                                  "to must be an RFC 3339 date-time");
          return;
        }
      delta = target - bd_sandbox_clock_now_us (clock);
    }
  else if (json_object_has_member (object, "advance_seconds"))
    delta = json_object_get_int_member_with_default (object, "advance_seconds", 0) * G_USEC_PER_SEC;

  if (delta <= 0)
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_BODY",
                              "advance_seconds (> 0) or a future “to” is required");
      return;
    }
  bd_sandbox_clock_advance (clock, delta);
  clock_get (req);
}

/* Checkout completion */

/* The address the customer gave: the session's billing_address, else the
 * address the sandbox's checkout fills in (docs/sandbox.md). */
static void
set_checkout_billing (gpointer  model,
                      BdModel  *request)
{
  static const char * const fields[] = {
    "billing-country", "US",
    "billing-state", "CA",
    "billing-city", "San Francisco",
    "billing-street", "1 Market St",
    "billing-zipcode", "94105",
    NULL
  };
  gboolean given = bd_model_get_string (request, "billing-country") != NULL;

  /* With a country only, the other parts are empty, not missing: the
   * 1.53.2 description requires them all. */
  for (guint i = 0; fields[i] != NULL; i += 2)
    {
      const char *value = bd_model_get_string (request, fields[i]);

      bd_model_set (model, fields[i], given ? (value != NULL ? value : "") : fields[i + 1], NULL);
    }
}

static BdCustomer *
checkout_customer (BdSandboxRequest *req,
                   BdModel          *request)
{
  const char *id = bd_model_get_string (request, "customer-id");
  const char *email = bd_model_get_string (request, "customer-email");
  BdSandboxCollection *customers = bd_sandbox_state_collection (req->state, BD_SANDBOX_CUSTOMERS);
  g_autoptr(BdCustomer) customer = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *new_id = NULL;

  if (id != NULL)
    return bd_sandbox_state_lookup (req->state, BD_SANDBOX_CUSTOMERS, id);

  /* Dodo reuses the customer with that e-mail address. */
  for (guint i = customers->items->len; email != NULL && i > 0; i--)
    if (g_strcmp0 (bd_model_get_string (customers->items->pdata[i - 1], "email"), email) == 0)
      return customers->items->pdata[i - 1];

  customer = bd_customer_new ();
  new_id = bd_sandbox_state_new_id (req->state, "cus");
  now = bd_sandbox_time_to_datetime (bd_sandbox_state_now (req->state));
  bd_model_set (customer,
                "customer-id", new_id,
                "business-id", bd_sandbox_state_get_business_id (req->state),
                "created-at", now,
                "email", email != NULL ? email : "customer@example.com",
                "name", bd_model_get_string (request, "customer-name") != NULL
                        ? bd_model_get_string (request, "customer-name") : "Sandbox Customer",
                NULL);
  bd_sandbox_state_add (req->state, BD_SANDBOX_CUSTOMERS, customer);
  return customer;
}

static BdSubscription *
start_subscription (BdSandboxRequest *req,
                    BdProduct        *product,
                    BdCustomer       *customer,
                    BdModel          *request,
                    gint64            quantity,
                    gboolean          on_demand,
                    gboolean          paid)
{
  BdSubscription *sub = bd_subscription_new ();
  g_autofree char *id = bd_sandbox_state_new_id (req->state, "sub");
  gint64 now_us = bd_sandbox_state_now (req->state);
  g_autoptr(GDateTime) now = bd_sandbox_time_to_datetime (now_us);
  g_autoptr(GDateTime) next = NULL;
  g_autoptr(GHashTable) metadata = g_hash_table_new (g_str_hash, g_str_equal);
  const BdMoney *price = bd_model_get_money (product, "price");
  g_autoptr(BdMoney) recurring = NULL;
  gint64 trial = bd_model_get_int (product, "trial-period-days");
  gint64 count = MAX (bd_model_get_int (product, "payment-frequency-count"), 1);

  if (price == NULL)
    price = bd_model_get_money (product, "fixed-price");
  /* Each recurring payment for all the units, as Dodo stores it. */
  recurring = bd_money_new (bd_money_get_amount (price) * quantity, bd_money_get_currency (price));

  next = trial > 0 ? g_date_time_add_days (now, trial)
                   : bd_sandbox_add_interval (now, bd_model_get_enum (product, "payment-frequency-interval"), count);

  bd_model_set (sub,
                "subscription-id", id,
                "product-id", bd_model_get_string (product, "product-id"),
                "product-name", bd_model_get_string (product, "name"),
                "brand-id", bd_sandbox_state_get_brand_id (req->state),
                "status", paid ? BD_SUBSCRIPTION_STATUS_ACTIVE : BD_SUBSCRIPTION_STATUS_FAILED,
                "quantity", quantity,
                "recurring-pre-tax-amount", recurring,
                "tax-inclusive", bd_model_get_boolean (product, "tax-inclusive"),
                "payment-frequency-count", count,
                "payment-frequency-interval-raw", bd_model_get_string (product, "payment-frequency-interval-raw"),
                "subscription-period-count", MAX (bd_model_get_int (product, "subscription-period-count"), 1),
                "subscription-period-interval-raw",
                bd_model_get_string (product, "subscription-period-interval-raw") != NULL
                ? bd_model_get_string (product, "subscription-period-interval-raw") : "Year",
                "trial-period-days", trial,
                "created-at", now,
                "next-billing-date", next,
                "previous-billing-date", now,
                "cancel-at-next-billing-date", FALSE,
                "on-demand", on_demand,
                "metadata", metadata,
                NULL);
  bd_sandbox_embed_customer (sub, customer);
  set_checkout_billing (sub, request);
  bd_sandbox_state_add (req->state, BD_SANDBOX_SUBSCRIPTIONS, sub);
  return sub;
}

/* An on-demand subscription's settings, {mandate_only, product_price?}:
 * the session's subscription_data.on_demand. */
#define ON_DEMAND_KEY "bd-sandbox-on-demand"

gboolean
bd_sandbox_request_on_demand (BdSandboxRequest  *req,
                              JsonObject       **on_demand)
{
  JsonObject *body = json_node_get_object (req->body);
  JsonNode *data = json_object_get_member (body, "subscription_data");
  JsonNode *node, *mandate, *price;

  *on_demand = NULL;
  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data) ||
      !(node = json_object_get_member (json_node_get_object (data), "on_demand")) ||
      JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node) ||
      !(mandate = json_object_get_member (json_node_get_object (node), "mandate_only")) ||
      !JSON_NODE_HOLDS_VALUE (mandate) || json_node_get_value_type (mandate) != G_TYPE_BOOLEAN)
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_BODY",
                              "subscription_data.on_demand.mandate_only is required (a boolean)");
      return FALSE;
    }
  price = json_object_get_member (json_node_get_object (node), "product_price");
  if (price != NULL && !JSON_NODE_HOLDS_NULL (price) &&
      (!JSON_NODE_HOLDS_VALUE (price) || json_node_get_value_type (price) != G_TYPE_INT64 ||
       json_node_get_int (price) < 0))
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_BODY",
                              "subscription_data.on_demand.product_price must be a non-negative integer");
      return FALSE;
    }
  *on_demand = json_node_get_object (node);
  return TRUE;
}

void
bd_sandbox_checkout_set_on_demand (BdCheckoutSession *session,
                                   JsonObject        *on_demand)
{
  if (on_demand != NULL)
    g_object_set_data_full (G_OBJECT (session), ON_DEMAND_KEY,
                            json_object_ref (on_demand), (GDestroyNotify) json_object_unref);
}

gint64
bd_sandbox_cart_line_due (BdSandboxState  *state,
                          BdModel         *item,
                          JsonObject      *on_demand,
                          BdProduct      **out_product,
                          const BdMoney  **out_price)
{
  BdProduct *product = bd_sandbox_state_lookup (state, BD_SANDBOX_PRODUCTS,
                                                bd_model_get_string (item, "product-id"));
  const BdMoney *price = bd_model_get_money (product, "price");
  gint64 quantity = bd_model_get_int (item, "quantity");
  gint64 unit;

  if (price == NULL)
    price = bd_model_get_money (product, "fixed-price");
  *out_product = product;
  *out_price = price;
  unit = bd_model_get_int (item, "amount") > 0 ? bd_model_get_int (item, "amount") : bd_money_get_amount (price);
  if (bd_model_get_boolean (product, "is-recurring") && on_demand != NULL)
    {
      /* A mandate only authorises the card; else product_price, if given,
       * is the first charge. */
      if (json_object_get_boolean_member_with_default (on_demand, "mandate_only", FALSE))
        return 0;
      unit = json_object_get_int_member_with_default (on_demand, "product_price", unit);
    }
  /* A trial's first charge comes when the trial ends. */
  else if (bd_model_get_int (product, "trial-period-days") > 0)
    return 0;
  return unit * quantity;
}

/* Pays checkout session @id as @payer (bd-sandbox-private.h): the /complete
 * route and the hosted page (bd-sandbox-checkout-page.c) both come here.
 * Returns {payment_id, status, subscription_id, redirect_url}, or NULL
 * after replying with the error. */
JsonNode *
bd_sandbox_checkout_pay (BdSandboxRequest     *req,
                         const char           *id,
                         const BdSandboxPayer *payer)
{
  BdCheckoutSession *session = bd_sandbox_state_lookup (req->state, BD_SANDBOX_CHECKOUTS, id);
  g_autoptr(BdPayment) payment = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GListStore) cart_store = NULL;
  g_autoptr(BdMoney) total_money = NULL;
  g_autofree char *redirect = NULL;
  BdSubscription *sub = NULL;
  BdCustomer *customer;
  BdModel *request;
  JsonObject *on_demand;
  const char *card = payer->card != NULL ? payer->card : "4242424242424242";
  const char *currency = NULL;
  const char *payment_id;
  const char *return_url;
  gboolean paid;
  GListModel *cart;
  gint64 total = 0;

  if (session == NULL)
    {
      bd_sandbox_reply_not_found (req, "Checkout session", id);
      return NULL;
    }
  if (bd_model_get_string (session, "payment-id") != NULL)
    {
      bd_sandbox_reply_error (req, SOUP_STATUS_CONFLICT, "CHECKOUT_ALREADY_COMPLETED",
                              "Checkout session %s was already paid", id);
      return NULL;
    }

  request = g_object_get_data (G_OBJECT (session), "bd-sandbox-request");
  on_demand = g_object_get_data (G_OBJECT (session), ON_DEMAND_KEY);
  /* What the payer typed replaces what the session was created with. */
  if (payer->email != NULL)
    bd_model_set (request, "customer-email", payer->email, NULL);
  if (payer->name != NULL)
    bd_model_set (request, "customer-name", payer->name, NULL);
  if (payer->country != NULL)
    bd_model_set (request, "billing-country", payer->country, NULL);
  customer = checkout_customer (req, request);
  if (customer == NULL)
    {
      bd_sandbox_reply_not_found (req, "Customer", bd_model_get_string (request, "customer-id"));
      return NULL;
    }
  paid = !bd_sandbox_card_declines (card, FALSE);
  cart = bd_model_get_list (request, "product-cart");
  cart_store = g_list_store_new (BD_TYPE_LINE_ITEM);

  for (guint i = 0; i < g_list_model_get_n_items (cart); i++)
    {
      g_autoptr(BdModel) item = g_list_model_get_item (cart, i);
      gint64 quantity = bd_model_get_int (item, "quantity");
      const BdMoney *price;
      BdProduct *product;

      total += bd_sandbox_cart_line_due (req->state, item, on_demand, &product, &price);
      currency = bd_money_get_currency (price);
      if (bd_model_get_boolean (product, "is-recurring"))
        sub = start_subscription (req, product, customer, request, quantity, on_demand != NULL, paid);
      else
        {
          g_autoptr(BdLineItem) line = bd_line_item_new ();

          bd_model_set (line, "product-id", bd_model_get_string (product, "product-id"),
                        "quantity", quantity, NULL);
          g_list_store_append (cart_store, line);
        }
    }

  total_money = bd_money_new (total, currency);
  payment = bd_sandbox_card_payment_new (req->state, total_money, 0, card, paid);
  payment_id = bd_model_get_string (payment, "payment-id");
  bd_model_set (payment,
                "subscription-id", sub != NULL ? bd_model_get_string (sub, "subscription-id") : NULL,
                "checkout-session-id", id,
                NULL);
  bd_sandbox_embed_customer (payment, customer);
  set_checkout_billing (payment, request);
  if (g_list_model_get_n_items (G_LIST_MODEL (cart_store)) > 0)
    bd_model_set (payment, "product-cart", cart_store, NULL);
  bd_sandbox_state_add_payment (req->state, payment);
  if (sub != NULL)
    {
      /* Renewals charge the card the subscription started with. */
      bd_sandbox_subscription_set_card (sub, card);
      bd_sandbox_state_emit (req->state, paid ? "subscription.active" : "subscription.failed", sub, 0);
    }
  bd_sandbox_state_emit (req->state, paid ? "payment.succeeded" : "payment.failed", payment, 0);
  bd_model_set (session,
                "payment-id", payment_id,
                "payment-status", paid ? BD_PAYMENT_STATUS_SUCCEEDED : BD_PAYMENT_STATUS_FAILED,
                "customer-email", bd_model_get_string (customer, "email"),
                "customer-name", bd_model_get_string (customer, "name"),
                NULL);

  return_url = bd_model_get_string (request, "return-url");
  if (return_url != NULL)
    redirect = sub != NULL
      ? g_strdup_printf ("%s%ssubscription_id=%s&status=%s", return_url,
                         strchr (return_url, '?') ? "&" : "?",
                         bd_model_get_string (sub, "subscription-id"),
                         bd_model_get_string (sub, "status-raw"))
      : g_strdup_printf ("%s%spayment_id=%s&status=%s", return_url,
                         strchr (return_url, '?') ? "&" : "?", payment_id,
                         paid ? "succeeded" : "failed");

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  bd_sandbox_builder_add_string (builder, "payment_id", payment_id);
  bd_sandbox_builder_add_string (builder, "status", paid ? "succeeded" : "failed");
  bd_sandbox_builder_add_string (builder, "subscription_id", sub != NULL ? bd_model_get_string (sub, "subscription-id") : NULL);
  bd_sandbox_builder_add_string (builder, "redirect_url", redirect);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
checkout_complete (BdSandboxRequest *req)
{
  BdSandboxPayer payer = { NULL };
  JsonObject *body;
  JsonNode *answer;
  gboolean failed;

  if ((body = optional_object (req, &failed)))
    payer.card = json_object_get_string_member_with_default (body, "card", NULL);
  if (failed)
    return;
  if ((answer = bd_sandbox_checkout_pay (req, bd_sandbox_request_param (req, 0), &payer)))
    reply_node (req, answer);
}

const BdSandboxRoute bd_sandbox_control_routes[] = {
  { "GET",    "/_sandbox/stats", stats_get, FALSE },
  { "DELETE", "/_sandbox/stats", stats_reset, FALSE },
  { "GET",    "/_sandbox/faults", faults_get, FALSE },
  { "POST",   "/_sandbox/faults", faults_add, FALSE },
  { "DELETE", "/_sandbox/faults", faults_clear, FALSE },
  { "GET",    "/_sandbox/clock", clock_get, FALSE },
  { "POST",   "/_sandbox/clock", clock_advance, FALSE },
  { "POST",   "/_sandbox/checkouts/{id}/complete", checkout_complete, FALSE },
  { "GET",    "/_sandbox/deliveries", bd_sandbox_webhooks_deliveries_route, FALSE },
  { "POST",   "/_sandbox/disputes", bd_sandbox_disputes_open_route, FALSE },
  /* The hosted page: no key, the session id is the capability. */
  { "GET",    "/_sandbox/checkout/{id}", bd_sandbox_checkout_page_get, TRUE },
  { "POST",   "/_sandbox/checkout/{id}", bd_sandbox_checkout_page_post, TRUE },
  /* The customer portal link: no key, as a link to share. */
  { "GET",    "/_sandbox/portal/{customer_id}", bd_sandbox_portal_page_route, TRUE },
};

const guint bd_sandbox_n_control_routes = G_N_ELEMENTS (bd_sandbox_control_routes);
