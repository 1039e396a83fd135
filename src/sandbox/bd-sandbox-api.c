/* bd-sandbox-api.c
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
#include "bd-dispute.h"
#include "bd-dodo-client.h"
#include "bd-dodo-codec.h"
#include "bd-dodo-requests.h"
#include "bd-product.h"
#include "bd-refund.h"
#include "bd-sandbox-invoice.h"
#include "bd-sandbox-private.h"
#include "bd-sandbox-webhooks.h"
#include "bd-subscription.h"

/* Dodo's routes (dodo-api.md §2).  Each handler reads the state, or
 * validates its body with the request type the client encodes with
 * (bd-dodo-requests.h) and then changes the state. */

#define REFUND_WINDOW_US ((gint64) 90 * 24 * 3600 * G_USEC_PER_SEC)

/* Helpers */

/* Decodes the body as @type; on failure replies 422 INVALID_REQUEST_BODY
 * with the codec's message, which names the field.  (transfer full) */
gpointer
bd_sandbox_request_decode (BdSandboxRequest *req,
                           GType             type)
{
  g_autoptr(GError) error = NULL;
  gpointer request;

  if (bd_sandbox_request_object (req) == NULL)
    return NULL;
  if (!(request = bd_dodo_decode (type, req->body, &error)))
    bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_BODY", "%s", error->message);
  return request;
}

static gboolean
has_member (BdSandboxRequest *req,
            const char       *name)
{
  return json_object_has_member (json_node_get_object (req->body), name);
}

static GDateTime *
now_dt (BdSandboxRequest *req)
{
  return bd_sandbox_time_to_datetime (bd_sandbox_state_now (req->state));
}

static gboolean
str_equal_or_unset (const char *filter,
                    const char *value)
{
  return filter == NULL || g_strcmp0 (filter, value) == 0;
}

/* Looks up the object named by the first path parameter, or replies 404. */
static gpointer
lookup_param (BdSandboxRequest *req,
              BdSandboxKind     kind,
              const char       *what)
{
  const char *id = bd_sandbox_request_param (req, 0);
  gpointer model = bd_sandbox_state_lookup (req->state, kind, id);

  if (model == NULL)
    bd_sandbox_reply_not_found (req, what, id);
  return model;
}

/* GET of one stored object by the id in the path. */
static void
reply_lookup (BdSandboxRequest *req,
              BdSandboxKind     kind,
              const char       *what)
{
  gpointer model = lookup_param (req, kind, what);

  if (model != NULL)
    bd_sandbox_reply_model (req, SOUP_STATUS_OK, model);
}

/* Copies the fields of @request whose property names @target also has and
 * that the request set, so an update touches only what was sent. */
static void
apply_update (gpointer    target,
              gpointer    request,
              const char *const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      const BdField *fields;
      guint n;

      fields = bd_model_get_fields (G_OBJECT_TYPE (request), &n);
      for (guint f = 0; f < n; f++)
        if (g_str_equal (fields[f].name, names[i]))
          {
            const GValue *value = bd_model_peek_field (request, &fields[f]);
            const BdField *tfields;
            guint tn;

            tfields = bd_model_get_fields (G_OBJECT_TYPE (target), &tn);
            for (guint t = 0; t < tn; t++)
              if (g_str_equal (tfields[t].name, names[i]))
                bd_model_set_field (target, &tfields[t], value);
          }
    }
}

/* Payments */

static void
payments_list (BdSandboxRequest *req)
{
  BdSandboxPaymentFilter filter = BD_SANDBOX_PAYMENT_FILTER_INIT;
  g_autoptr(GPtrArray) page = NULL;
  guint page_number, page_size;

  if (!bd_sandbox_request_page (req, &page_number, &page_size) ||
      !bd_sandbox_request_created (req, &filter.created_gte, &filter.created_lte))
    return;
  filter.status = bd_sandbox_request_query (req, "status");
  filter.customer_id = bd_sandbox_request_query (req, "customer_id");
  filter.subscription_id = bd_sandbox_request_query (req, "subscription_id");
  filter.currency = bd_sandbox_request_query (req, "currency");
  filter.product_id = bd_sandbox_request_query (req, "product_id");

  page = bd_sandbox_state_list_payments (req->state, &filter, page_number, page_size);
  bd_sandbox_reply_items (req, page);
}

static BdPayment *
lookup_payment (BdSandboxRequest *req,
                const char       *id)
{
  BdPayment *payment = bd_sandbox_state_get_payment (req->state, id);

  if (payment == NULL)
    bd_sandbox_reply_not_found (req, "Payment", id);
  return payment;
}

static void
payments_get (BdSandboxRequest *req)
{
  g_autoptr(BdPayment) payment = lookup_payment (req, bd_sandbox_request_param (req, 0));

  if (payment != NULL)
    bd_sandbox_reply_model (req, SOUP_STATUS_OK, payment);
}

/* The amount refunded so far, in the payment's minor units. */
static gint64
refunded_amount (BdSandboxRequest *req,
                 const char       *payment_id)
{
  GPtrArray *refunds = bd_sandbox_state_get_refunds_of (req->state, payment_id);
  gint64 sum = 0;

  for (guint i = 0; refunds != NULL && i < refunds->len; i++)
    if (bd_model_get_enum (refunds->pdata[i], "status") == BD_REFUND_STATUS_SUCCEEDED)
      sum += bd_money_get_amount (bd_model_get_money (refunds->pdata[i], "amount"));
  return sum;
}

/* The payment's line items: its product cart, or for a subscription
 * payment its subscription's product.  A payment has one line item with
 * the whole amount in the sandbox (the choice is written down in
 * docs/sandbox.md). */
static const char *
payment_item_id (BdSandboxRequest *req,
                 BdPayment        *payment)
{
  GListModel *cart = bd_model_get_list (payment, "product-cart");
  const char *sub_id = bd_model_get_string (payment, "subscription-id");
  BdSubscription *sub;

  if (cart != NULL && g_list_model_get_n_items (cart) > 0)
    {
      g_autoptr(GObject) item = g_list_model_get_item (cart, 0);

      return bd_model_get_string (item, "product-id");
    }
  if ((sub = bd_sandbox_state_lookup (req->state, BD_SANDBOX_SUBSCRIPTIONS, sub_id)))
    return bd_model_get_string (sub, "product-id");
  return NULL;
}

static void
payments_line_items (BdSandboxRequest *req)
{
  g_autoptr(BdPayment) payment = lookup_payment (req, bd_sandbox_request_param (req, 0));
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const BdMoney *total, *tax;
  const char *item_id;

  if (payment == NULL)
    return;
  total = bd_model_get_money (payment, "total-amount");
  tax = bd_model_get_money (payment, "tax");
  item_id = payment_item_id (req, payment);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "currency");
  json_builder_add_string_value (builder, bd_money_get_currency (total));
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  if (item_id != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "items_id");
      json_builder_add_string_value (builder, item_id);
      json_builder_set_member_name (builder, "amount");
      json_builder_add_int_value (builder, bd_money_get_amount (total));
      json_builder_set_member_name (builder, "refundable_amount");
      json_builder_add_int_value (builder, bd_money_get_amount (total) -
                                  refunded_amount (req, bd_model_get_string (payment, "payment-id")));
      json_builder_set_member_name (builder, "tax");
      json_builder_add_int_value (builder, tax != NULL ? bd_money_get_amount (tax) : 0);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  bd_sandbox_reply_json (req, SOUP_STATUS_OK, root);
}

/* Products */

static gboolean
product_matches (BdSandboxRequest *req,
                 gpointer          model)
{
  int archived, recurring;

  bd_sandbox_request_bool (req, "archived", &archived);
  bd_sandbox_request_bool (req, "recurring", &recurring);
  /* Without archived=, Dodo's list shows the products on sale. */
  if (bd_model_get_boolean (model, "archived") != (archived == 1))
    return FALSE;
  return recurring < 0 || bd_model_get_boolean (model, "is-recurring") == recurring;
}

/* A Product as Dodo's list shows it (ProductListItem, dodo-api.md §3.5):
 * the Price object under "price_detail", and "price", "currency" and
 * "tax_inclusive" flat. */
static void
product_to_list_item (JsonObject *item)
{
  JsonNode *node = json_object_dup_member (item, "price");
  JsonObject *price = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  if (price == NULL)
    {
      g_clear_pointer (&node, json_node_unref);
      return;
    }
  json_object_set_member (item, "price",
                          json_object_dup_member (price, json_object_has_member (price, "price")
                                                         ? "price" : "fixed_price"));
  json_object_set_member (item, "currency", json_object_dup_member (price, "currency"));
  if (json_object_has_member (price, "tax_inclusive"))
    json_object_set_member (item, "tax_inclusive", json_object_dup_member (price, "tax_inclusive"));
  else
    json_object_set_null_member (item, "tax_inclusive");
  json_object_set_member (item, "price_detail", node);
}

static void
products_list (BdSandboxRequest *req)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *items;
  int value;

  if (!bd_sandbox_request_bool (req, "archived", &value) ||
      !bd_sandbox_request_bool (req, "recurring", &value))
    return;
  bd_sandbox_reply_collection (req, BD_SANDBOX_PRODUCTS, product_matches);
  if (soup_server_message_get_status (req->msg) != SOUP_STATUS_OK)
    return;

  /* The collection answers Products: reshape each into a list item. */
  body = soup_message_body_flatten (soup_server_message_get_response_body (req->msg));
  root = bd_dodo_parse_json (body, NULL);
  g_return_if_fail (root != NULL);
  items = json_object_get_array_member (json_node_get_object (root), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    product_to_list_item (json_array_get_object_element (items, i));
  soup_message_body_truncate (soup_server_message_get_response_body (req->msg));
  bd_sandbox_reply_json (req, SOUP_STATUS_OK, root);
}

static void
products_get (BdSandboxRequest *req)
{
  reply_lookup (req, BD_SANDBOX_PRODUCTS, "Product");
}

/* The fields a product request may carry: the product's own (property
 * name, JSON member) and its price's. */
static const char * const product_own_fields[] = {
  "name", "name",
  "description", "description",
  "tax-category", "tax_category",
  "brand-id", "brand_id",
  "license-key-enabled", "license_key_enabled",
  NULL
};

static const char * const product_price_fields[] = {
  "price-type", "price", "fixed-price", "discount", "purchasing-power-parity",
  "pay-what-you-want", "suggested-price", "tax-inclusive",
  "payment-frequency-count", "payment-frequency-interval",
  "subscription-period-count", "subscription-period-interval",
  "trial-period-days", "meters", NULL
};

/* Copies what the request sent: each own field whose member is present (or
 * all of them, @all), and the whole price when a price was sent. */
static void
apply_product_request (BdSandboxRequest *req,
                       BdProduct        *product,
                       gpointer          request,
                       gboolean          all)
{
  for (guint i = 0; product_own_fields[i] != NULL; i += 2)
    if (all || has_member (req, product_own_fields[i + 1]))
      {
        const char *one[] = { product_own_fields[i], NULL };

        apply_update (product, request, one);
      }
  if (all || has_member (req, "price"))
    apply_update (product, request, product_price_fields);
  if (all || has_member (req, "metadata"))
    bd_model_set (product, "metadata", bd_model_get_metadata (request, "metadata"), NULL);
}

/* A price must carry the amount its type needs. */
static gboolean
check_price (BdSandboxRequest *req,
             BdProduct        *product)
{
  BdPriceType type = bd_model_get_enum (product, "price-type");
  gboolean recurring = type == BD_PRICE_TYPE_RECURRING || type == BD_PRICE_TYPE_USAGE_BASED;

  if (type == BD_PRICE_TYPE_UNKNOWN)
    bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_BODY",
                            "price.type must be one_time_price, recurring_price or usage_based_price");
  else if (type == BD_PRICE_TYPE_USAGE_BASED ? bd_model_get_money (product, "fixed-price") == NULL
                                             : bd_model_get_money (product, "price") == NULL)
    bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_BODY",
                            "price.%s is required for %s",
                            type == BD_PRICE_TYPE_USAGE_BASED ? "fixed_price" : "price",
                            bd_model_get_string (product, "price-type-raw"));
  else if (recurring && (bd_model_get_int (product, "payment-frequency-count") <= 0 ||
                         bd_model_get_enum (product, "payment-frequency-interval") == BD_TIME_INTERVAL_UNKNOWN))
    bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_BODY",
                            "price.payment_frequency_count and price.payment_frequency_interval are required for a %s",
                            bd_model_get_string (product, "price-type-raw"));
  else if (bd_model_get_int (product, "discount") < 0 || bd_model_get_int (product, "discount") > 100)
    bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_PERCENTAGE",
                            "price.discount must be from 0 to 100");
  else
    {
      bd_model_set (product, "is-recurring", recurring, NULL);
      return TRUE;
    }
  return FALSE;
}

static void
products_create (BdSandboxRequest *req)
{
  g_autoptr(BdDodoProductCreate) request = bd_sandbox_request_decode (req, BD_DODO_TYPE_PRODUCT_CREATE);
  g_autoptr(BdProduct) product = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *id = NULL;

  if (request == NULL)
    return;

  product = bd_product_new ();
  apply_product_request (req, product, request, TRUE);
  if (!check_price (req, product))
    return;

  id = bd_sandbox_state_new_id (req->state, "pdt");
  now = now_dt (req);
  bd_model_set (product,
                "product-id", id,
                "business-id", bd_sandbox_state_get_business_id (req->state),
                "created-at", now,
                "updated-at", now,
                NULL);
  if (bd_model_get_string (product, "brand-id") == NULL)
    bd_model_set (product, "brand-id", bd_sandbox_state_get_brand_id (req->state), NULL);
  bd_sandbox_state_add (req->state, BD_SANDBOX_PRODUCTS, product);
  bd_sandbox_reply_model (req, SOUP_STATUS_OK, product);
}

static void
products_update (BdSandboxRequest *req)
{
  BdProduct *product = lookup_param (req, BD_SANDBOX_PRODUCTS, "Product");
  g_autoptr(BdDodoProductUpdate) request = NULL;
  g_autoptr(BdProduct) updated = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (product == NULL || !(request = bd_sandbox_request_decode (req, BD_DODO_TYPE_PRODUCT_UPDATE)))
    return;

  /* Work on a copy, so a rejected price changes nothing. */
  updated = bd_model_copy (product);
  apply_product_request (req, updated, request, FALSE);
  if (!check_price (req, updated))
    return;

  now = now_dt (req);
  bd_model_set (updated, "updated-at", now, NULL);
  bd_model_update_from (product, updated);
  bd_sandbox_reply_empty (req, SOUP_STATUS_OK);
}

static void
set_archived (BdSandboxRequest *req,
              gboolean          archived)
{
  BdProduct *product = lookup_param (req, BD_SANDBOX_PRODUCTS, "Product");
  g_autoptr(GDateTime) now = NULL;

  if (product == NULL)
    return;
  now = now_dt (req);
  bd_model_set (product, "archived", archived, "updated-at", now, NULL);
  bd_sandbox_reply_empty (req, SOUP_STATUS_OK);
}

static void
products_archive (BdSandboxRequest *req)
{
  set_archived (req, TRUE);
}

static void
products_unarchive (BdSandboxRequest *req)
{
  set_archived (req, FALSE);
}

/* Customers */

static gboolean
customer_matches (BdSandboxRequest *req,
                  gpointer          model)
{
  const char *name = bd_sandbox_request_query (req, "name");
  g_autofree char *folded_name = NULL;
  g_autofree char *folded_value = NULL;

  if (!str_equal_or_unset (bd_sandbox_request_query (req, "email"), bd_model_get_string (model, "email")))
    return FALSE;
  if (name == NULL)
    return TRUE;
  /* The name filter finds a part of the name, whatever its case. */
  folded_name = g_utf8_casefold (name, -1);
  folded_value = g_utf8_casefold (bd_model_get_string (model, "name"), -1);
  return strstr (folded_value, folded_name) != NULL;
}

static void
customers_list (BdSandboxRequest *req)
{
  bd_sandbox_reply_collection (req, BD_SANDBOX_CUSTOMERS, customer_matches);
}

static void
customers_get (BdSandboxRequest *req)
{
  reply_lookup (req, BD_SANDBOX_CUSTOMERS, "Customer");
}

static const char * const customer_request_fields[] = {
  "email", "name", "phone-number", NULL
};

static void
customers_create (BdSandboxRequest *req)
{
  g_autoptr(BdDodoCustomerCreate) request = bd_sandbox_request_decode (req, BD_DODO_TYPE_CUSTOMER_CREATE);
  g_autoptr(BdCustomer) customer = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *id = NULL;

  if (request == NULL)
    return;

  customer = bd_customer_new ();
  id = bd_sandbox_state_new_id (req->state, "cus");
  now = now_dt (req);
  apply_update (customer, request, customer_request_fields);
  bd_model_set (customer,
                "customer-id", id,
                "business-id", bd_sandbox_state_get_business_id (req->state),
                "created-at", now,
                "metadata", bd_model_get_metadata (request, "metadata"),
                NULL);
  bd_sandbox_state_add (req->state, BD_SANDBOX_CUSTOMERS, customer);
  bd_sandbox_reply_model (req, SOUP_STATUS_OK, customer);
}

static void
customers_update (BdSandboxRequest *req)
{
  BdCustomer *customer = lookup_param (req, BD_SANDBOX_CUSTOMERS, "Customer");
  g_autoptr(BdDodoCustomerUpdate) request = NULL;

  if (customer == NULL || !(request = bd_sandbox_request_decode (req, BD_DODO_TYPE_CUSTOMER_UPDATE)))
    return;

  for (guint i = 0; customer_request_fields[i] != NULL; i++)
    if (bd_model_get_string (request, customer_request_fields[i]) != NULL)
      {
        const char *names[] = { customer_request_fields[i], NULL };

        apply_update (customer, request, names);
      }
  if (has_member (req, "metadata"))
    bd_model_set (customer, "metadata", bd_model_get_metadata (request, "metadata"), NULL);
  bd_sandbox_reply_model (req, SOUP_STATUS_OK, customer);
}

/* Subscriptions */

static gboolean
subscription_matches (BdSandboxRequest *req,
                      gpointer          model)
{
  int cancel_at_next;

  bd_sandbox_request_bool (req, "cancel_at_next_billing_date", &cancel_at_next);
  return str_equal_or_unset (bd_sandbox_request_query (req, "status"),
                             bd_model_get_string (model, "status-raw")) &&
         str_equal_or_unset (bd_sandbox_request_query (req, "customer_id"),
                             bd_model_get_string (model, "customer-id")) &&
         str_equal_or_unset (bd_sandbox_request_query (req, "product_id"),
                             bd_model_get_string (model, "product-id")) &&
         (cancel_at_next < 0 ||
          bd_model_get_boolean (model, "cancel-at-next-billing-date") == cancel_at_next);
}

static void
subscriptions_list (BdSandboxRequest *req)
{
  int value;

  if (!bd_sandbox_request_bool (req, "cancel_at_next_billing_date", &value))
    return;
  bd_sandbox_reply_collection (req, BD_SANDBOX_SUBSCRIPTIONS, subscription_matches);
}

static void
subscriptions_get (BdSandboxRequest *req)
{
  reply_lookup (req, BD_SANDBOX_SUBSCRIPTIONS, "Subscription");
}

static gboolean
subscription_is_over (BdSubscription *sub)
{
  BdSubscriptionStatus status = bd_model_get_enum (sub, "status");

  return status == BD_SUBSCRIPTION_STATUS_CANCELLED ||
         status == BD_SUBSCRIPTION_STATUS_EXPIRED ||
         status == BD_SUBSCRIPTION_STATUS_FAILED;
}

static void
reply_inactive (BdSandboxRequest *req,
                BdSubscription   *sub,
                const char       *action)
{
  BdSubscriptionStatus status = bd_model_get_enum (sub, "status");

  bd_sandbox_reply_error (req, SOUP_STATUS_CONFLICT,
                          status == BD_SUBSCRIPTION_STATUS_EXPIRED ? "SUBSCRIPTION_EXPIRED"
                                                                   : "SUBSCRIPTION_INACTIVE",
                          "Cannot %s subscription %s: it is %s", action,
                          bd_model_get_string (sub, "subscription-id"),
                          bd_model_get_string (sub, "status-raw"));
}

/* {"pause": bool} alone: pause an active subscription, or resume a paused
 * (or on_hold) one. */
static void
subscription_pause (BdSandboxRequest *req,
                    BdSubscription   *sub)
{
  g_autoptr(BdDodoSubscriptionPause) request = bd_sandbox_request_decode (req, BD_DODO_TYPE_SUBSCRIPTION_PAUSE);
  BdSubscriptionStatus status = bd_model_get_enum (sub, "status");
  g_autoptr(GDateTime) now = NULL;

  if (request == NULL)
    return;
  if (json_object_get_size (json_node_get_object (req->body)) != 1)
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_BODY",
                              "pause must be sent alone");
      return;
    }

  now = now_dt (req);
  if (bd_model_get_boolean (request, "pause"))
    {
      if (status != BD_SUBSCRIPTION_STATUS_ACTIVE)
        {
          reply_inactive (req, sub, "pause");
          return;
        }
      bd_model_set (sub, "status", BD_SUBSCRIPTION_STATUS_PAUSED, "paused-at", now, NULL);
    }
  else
    {
      if (status != BD_SUBSCRIPTION_STATUS_PAUSED && status != BD_SUBSCRIPTION_STATUS_ON_HOLD)
        {
          reply_inactive (req, sub, "resume");
          return;
        }
      bd_model_set (sub, "status", BD_SUBSCRIPTION_STATUS_ACTIVE, "paused-at", NULL, NULL);
    }
  bd_sandbox_state_emit (req->state, bd_model_get_boolean (request, "pause") ? "subscription.paused"
                                                                              : "subscription.unpaused", sub, 0);
  bd_sandbox_reply_model (req, SOUP_STATUS_OK, sub);
}

static void
subscriptions_update (BdSandboxRequest *req)
{
  BdSubscription *sub = lookup_param (req, BD_SANDBOX_SUBSCRIPTIONS, "Subscription");
  g_autoptr(BdDodoSubscriptionUpdate) request = NULL;
  g_autoptr(GDateTime) now = NULL;
  GDateTime *next;

  if (sub == NULL || bd_sandbox_request_object (req) == NULL)
    return;
  if (has_member (req, "pause"))
    {
      subscription_pause (req, sub);
      return;
    }
  if (!(request = bd_sandbox_request_decode (req, BD_DODO_TYPE_SUBSCRIPTION_UPDATE)))
    return;

  now = now_dt (req);
  next = bd_model_get_datetime (request, "next-billing-date");
  if (next != NULL && g_date_time_compare (next, now) < 0)
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_PARAMETERS",
                              "next_billing_date must not be in the past");
      return;
    }

  if (has_member (req, "status"))
    {
      if (bd_model_get_enum (request, "status") != BD_SUBSCRIPTION_STATUS_CANCELLED)
        {
          bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_BODY",
                                  "status can only be set to cancelled");
          return;
        }
      if (subscription_is_over (sub))
        {
          reply_inactive (req, sub, "cancel");
          return;
        }
    }
  if (has_member (req, "cancel_at_next_billing_date") && subscription_is_over (sub))
    {
      reply_inactive (req, sub, "schedule the cancellation of");
      return;
    }

  /* All checks passed: apply. */
  if (has_member (req, "status"))
    bd_model_set (sub, "status", BD_SUBSCRIPTION_STATUS_CANCELLED, "cancelled-at", now, NULL);
  if (has_member (req, "cancel_at_next_billing_date"))
    bd_model_set (sub, "cancel-at-next-billing-date",
                  bd_model_get_boolean (request, "cancel-at-next-billing-date"), NULL);
  if (next != NULL)
    bd_model_set (sub, "next-billing-date", next, NULL);
  if (has_member (req, "metadata"))
    bd_model_set (sub, "metadata", bd_model_get_metadata (request, "metadata"), NULL);
  {
    static const char * const names[] = {
      "cancellation-feedback", "cancellation-comment", "tax-id", "customer-business-name", NULL
    };

    for (guint i = 0; names[i] != NULL; i++)
      if (bd_model_get_string (request, names[i]) != NULL)
        {
          const char *one[] = { names[i], NULL };

          apply_update (sub, request, one);
        }
  }
  if (bd_model_get_string (request, "customer-name") != NULL)
    bd_model_set (sub, "customer-name", bd_model_get_string (request, "customer-name"), NULL);

  bd_sandbox_state_emit (req->state, has_member (req, "status") ? "subscription.cancelled"
                                                                : "subscription.updated", sub, 0);
  bd_sandbox_reply_model (req, SOUP_STATUS_OK, sub);
}

/* POST /subscriptions/{id}/update-payment-method {payment_method: {type:
 * "new", return_url?}} → {payment_link, …}: the sandbox's portal page of
 * the customer stands for Dodo's page where a new card is entered.  An
 * "existing" payment method is not simulated (the sandbox keeps none). */
static void
subscriptions_update_payment_method (BdSandboxRequest *req)
{
  BdSubscription *sub = lookup_param (req, BD_SANDBOX_SUBSCRIPTIONS, "Subscription");
  g_autoptr(BdDodoUpdatePaymentMethod) request = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *link = NULL;

  if (sub == NULL || !(request = bd_sandbox_request_decode (req, BD_DODO_TYPE_UPDATE_PAYMENT_METHOD)))
    return;
  if (!g_str_equal (bd_model_get_string (request, "type"), "new"))
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_PARAMETERS",
                              "payment_method.type %s is not supported by the sandbox (only new)",
                              bd_model_get_string (request, "type"));
      return;
    }
  if (subscription_is_over (sub))
    {
      reply_inactive (req, sub, "update the payment method of");
      return;
    }

  escaped = g_uri_escape_string (bd_model_get_string (sub, "customer-id"), NULL, FALSE);
  link = g_strdup_printf ("%s/_sandbox/portal/%s", bd_sandbox_server_get_base_url (req->server), escaped);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  bd_sandbox_builder_add_string (builder, "payment_link", link);
  bd_sandbox_builder_add_string (builder, "payment_id", NULL);
  bd_sandbox_builder_add_string (builder, "client_secret", NULL);
  bd_sandbox_builder_add_string (builder, "expires_on", NULL);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  bd_sandbox_reply_json (req, SOUP_STATUS_OK, root);
}

/* Refunds */

static gboolean
refund_matches (BdSandboxRequest *req,
                gpointer          model)
{
  return str_equal_or_unset (bd_sandbox_request_query (req, "status"),
                             bd_model_get_string (model, "status-raw")) &&
         str_equal_or_unset (bd_sandbox_request_query (req, "customer_id"),
                             bd_model_get_string (model, "customer-id"));
}

static void
refunds_list (BdSandboxRequest *req)
{
  bd_sandbox_reply_collection (req, BD_SANDBOX_REFUNDS, refund_matches);
}

static void
refunds_get (BdSandboxRequest *req)
{
  reply_lookup (req, BD_SANDBOX_REFUNDS, "Refund");
}

/* The amount @request asks for: every item's amount (an item without one
 * asks for all that remains), or all that remains.  Replies and returns -1
 * on a bad item. */
static gint64
requested_refund (BdSandboxRequest   *req,
                  BdDodoRefundCreate *request,
                  const char         *item_id,
                  gint64              total,
                  gint64              remaining)
{
  GListModel *items = bd_model_get_list (request, "items");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = items != NULL ? g_list_model_get_n_items (items) : 0;
  gint64 sum = 0;

  if (n == 0)
    return remaining;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (items, i);
      const char *id = bd_model_get_string (item, "item-id");
      gint64 amount = bd_model_get_int (item, "amount");

      if (g_strcmp0 (id, item_id) != 0)
        {
          bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "LINE_ITEM_NOT_FOUND",
                                  "items[%u].item_id %s is not a line item of this payment", i, id);
          return -1;
        }
      if (!g_hash_table_add (seen, (char *) id))
        {
          bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "DUPLICATE_LINE_ITEMS_IN_REQUEST",
                                  "items[%u].item_id %s appears twice", i, id);
          return -1;
        }
      if (amount < 0)
        {
          bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_BODY",
                                  "items[%u].amount must not be negative", i);
          return -1;
        }
      sum += amount > 0 ? amount : remaining;
    }
  return sum;
}

static void
refunds_create (BdSandboxRequest *req)
{
  g_autoptr(BdDodoRefundCreate) request = bd_sandbox_request_decode (req, BD_DODO_TYPE_REFUND_CREATE);
  g_autoptr(BdPayment) payment = NULL;
  g_autoptr(BdRefund) refund = NULL;
  g_autoptr(BdMoney) money = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *id = NULL;
  const BdMoney *total;
  const char *payment_id;
  gint64 paid, remaining, amount, created;

  if (request == NULL)
    return;
  payment_id = bd_model_get_string (request, "payment-id");
  if (!(payment = lookup_payment (req, payment_id)))
    return;

  total = bd_model_get_money (payment, "total-amount");
  paid = bd_money_get_amount (total);
  remaining = paid - refunded_amount (req, payment_id);
  created = bd_sandbox_time_from_datetime (bd_model_get_datetime (payment, "created-at"));

  if (bd_model_get_enum (payment, "status") != BD_PAYMENT_STATUS_SUCCEEDED)
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_PARAMETERS",
                              "Payment %s has not succeeded (it is %s)", payment_id,
                              bd_model_get_string (payment, "status-raw"));
      return;
    }
  if (remaining <= 0)
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "PAYMENT_ALREADY_REFUNDED",
                              "Payment %s is already fully refunded", payment_id);
      return;
    }
  if (bd_sandbox_state_now (req->state) - created > REFUND_WINDOW_US)
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "REFUND_WINDOW_EXPIRED",
                              "Payment %s is more than 90 days old", payment_id);
      return;
    }
  amount = requested_refund (req, request, payment_item_id (req, payment), paid, remaining);
  if (amount < 0)
    return;
  if (amount > remaining)
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "REFUND_AMOUNT_EXCEEDS_PAID_AMOUNT",
                              "Refund of %" G_GINT64_FORMAT " exceeds the %" G_GINT64_FORMAT
                              " left to refund on payment %s", amount, remaining, payment_id);
      return;
    }

  /* Test mode refunds succeed at once. */
  refund = bd_refund_new ();
  id = bd_sandbox_state_new_id (req->state, "ref");
  now = now_dt (req);
  money = bd_money_new (amount, bd_money_get_currency (total));
  bd_model_set (refund,
                "refund-id", id,
                "payment-id", payment_id,
                "business-id", bd_sandbox_state_get_business_id (req->state),
                "brand-id", bd_sandbox_state_get_brand_id (req->state),
                "created-at", now,
                "status", BD_REFUND_STATUS_SUCCEEDED,
                "is-partial", amount < paid,
                "amount", money,
                "reason", bd_model_get_string (request, "reason"),
                "metadata", bd_model_get_metadata (request, "metadata"),
                NULL);
  bd_sandbox_copy_customer (refund, payment);
  bd_sandbox_state_add (req->state, BD_SANDBOX_REFUNDS, refund);
  bd_sandbox_state_emit (req->state, "refund.succeeded", refund, 0);
  bd_sandbox_reply_model (req, SOUP_STATUS_OK, refund);
}

/* Disputes */

static gboolean
dispute_matches (BdSandboxRequest *req,
                 gpointer          model)
{
  return str_equal_or_unset (bd_sandbox_request_query (req, "dispute_status"),
                             bd_model_get_string (model, "dispute-status-raw")) &&
         str_equal_or_unset (bd_sandbox_request_query (req, "dispute_stage"),
                             bd_model_get_string (model, "dispute-stage-raw")) &&
         str_equal_or_unset (bd_sandbox_request_query (req, "customer_id"),
                             bd_model_get_string (model, "customer-id"));
}

static void
disputes_list (BdSandboxRequest *req)
{
  bd_sandbox_reply_collection (req, BD_SANDBOX_DISPUTES, dispute_matches);
}

static void
disputes_get (BdSandboxRequest *req)
{
  reply_lookup (req, BD_SANDBOX_DISPUTES, "Dispute");
}

/* Checkout sessions */

gboolean
bd_sandbox_check_checkout (BdSandboxRequest  *req,
                           BdModel           *request,
                           JsonObject       **on_demand)
{
  GListModel *cart;
  guint n;

  cart = bd_model_get_list (request, "product-cart");
  n = g_list_model_get_n_items (cart);
  if (n == 0)
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_BODY",
                              "product_cart must not be empty");
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (cart, i);
      const char *product_id = bd_model_get_string (item, "product-id");
      BdProduct *product = bd_sandbox_state_lookup (req->state, BD_SANDBOX_PRODUCTS, product_id);

      if (product == NULL)
        {
          bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "MISSING_PRODUCT_INFORMATION",
                                  "product_cart[%u].product_id %s is not a product", i, product_id);
          return FALSE;
        }
      if (bd_model_get_boolean (product, "archived"))
        {
          bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "PRODUCT_IS_DELETED",
                                  "product_cart[%u].product_id %s is archived", i, product_id);
          return FALSE;
        }
      if (bd_model_get_int (item, "quantity") < 1)
        {
          bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_BODY",
                                  "product_cart[%u].quantity must be at least 1", i);
          return FALSE;
        }
    }
  if (bd_model_get_string (request, "customer-id") != NULL &&
      bd_sandbox_state_lookup (req->state, BD_SANDBOX_CUSTOMERS,
                               bd_model_get_string (request, "customer-id")) == NULL)
    {
      bd_sandbox_reply_not_found (req, "Customer", bd_model_get_string (request, "customer-id"));
      return FALSE;
    }

  return bd_sandbox_request_on_demand (req, on_demand);
}

static void
checkouts_create (BdSandboxRequest *req)
{
  g_autoptr(BdDodoCheckoutCreate) request = bd_sandbox_request_decode (req, BD_DODO_TYPE_CHECKOUT_CREATE);
  g_autoptr(BdCheckoutSession) session = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *id = NULL;
  g_autofree char *url = NULL;
  JsonObject *on_demand;

  if (request == NULL || !bd_sandbox_check_checkout (req, BD_MODEL (request), &on_demand))
    return;

  id = bd_sandbox_state_new_id (req->state, "cks");
  url = g_strdup_printf ("%s/_sandbox/checkout/%s", bd_sandbox_server_get_base_url (req->server), id);
  now = now_dt (req);
  session = bd_checkout_session_new ();
  bd_model_set (session,
                "id", id,
                "created-at", now,
                "checkout-url", url,
                "customer-email", bd_model_get_string (request, "customer-email"),
                "customer-name", bd_model_get_string (request, "customer-name"),
                NULL);
  bd_sandbox_checkout_set_on_demand (session, on_demand);
  /* The request stays with the session for the payment step. */
  g_object_set_data_full (G_OBJECT (session), "bd-sandbox-request",
                          g_steal_pointer (&request), g_object_unref);
  bd_sandbox_state_add (req->state, BD_SANDBOX_CHECKOUTS, session);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "session_id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "checkout_url");
  json_builder_add_string_value (builder, url);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  bd_sandbox_reply_json (req, SOUP_STATUS_OK, root);
}

static void
checkouts_get (BdSandboxRequest *req)
{
  reply_lookup (req, BD_SANDBOX_CHECKOUTS, "Checkout session");
}

/* Misc */

static void
supported_countries (BdSandboxRequest *req)
{
  static const char * const countries[] = {
    "AT", "AU", "BE", "BR", "CA", "CH", "DE", "DK", "ES", "FI", "FR", "GB", "IE",
    "IN", "IT", "JP", "NL", "NO", "NZ", "PL", "PT", "SE", "SG", "US", NULL
  };
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  JsonArray *array = json_array_new ();

  for (guint i = 0; countries[i] != NULL; i++)
    json_array_add_string_element (array, countries[i]);
  json_node_take_array (root, array);
  bd_sandbox_reply_json (req, SOUP_STATUS_OK, root);
}

const BdSandboxRoute bd_sandbox_api_routes[] = {
  { "GET",    "/payments", payments_list, FALSE },
  { "GET",    "/payments/{payment_id}", payments_get, FALSE },
  { "GET",    "/payments/{payment_id}/line-items", payments_line_items, FALSE },
  { "GET",    "/products", products_list, FALSE },
  { "POST",   "/products", products_create, FALSE },
  { "GET",    "/products/{product_id}", products_get, FALSE },
  { "PATCH",  "/products/{product_id}", products_update, FALSE },
  { "DELETE", "/products/{product_id}", products_archive, FALSE },
  { "POST",   "/products/{product_id}/unarchive", products_unarchive, FALSE },
  { "GET",    "/customers", customers_list, FALSE },
  { "POST",   "/customers", customers_create, FALSE },
  { "GET",    "/customers/{customer_id}", customers_get, FALSE },
  { "PATCH",  "/customers/{customer_id}", customers_update, FALSE },
  { "POST",   "/customers/{customer_id}/customer-portal/session", bd_sandbox_portal_session_route, FALSE },
  { "GET",    "/subscriptions", subscriptions_list, FALSE },
  { "GET",    "/subscriptions/{subscription_id}", subscriptions_get, FALSE },
  { "PATCH",  "/subscriptions/{subscription_id}", subscriptions_update, FALSE },
  { "POST",   "/subscriptions/{subscription_id}/change-plan", bd_sandbox_change_plan_route, FALSE },
  { "POST",   "/subscriptions/{subscription_id}/change-plan/preview", bd_sandbox_change_plan_preview_route, FALSE },
  { "POST",   "/subscriptions/{subscription_id}/charge", bd_sandbox_charge_route, FALSE },
  { "POST",   "/subscriptions/{subscription_id}/update-payment-method", subscriptions_update_payment_method, FALSE },
  { "GET",    "/refunds", refunds_list, FALSE },
  { "POST",   "/refunds", refunds_create, FALSE },
  { "GET",    "/refunds/{refund_id}", refunds_get, FALSE },
  { "GET",    "/disputes", disputes_list, FALSE },
  { "GET",    "/disputes/{dispute_id}", disputes_get, FALSE },
  /* Open in Dodo's spec; the SDK still sends its key, which is fine. */
  { "GET",    "/invoices/payments/{payment_id}", bd_sandbox_invoice_payment_route, TRUE },
  { "GET",    "/invoices/refunds/{refund_id}", bd_sandbox_invoice_refund_route, TRUE },
  { "POST",   "/checkouts", checkouts_create, FALSE },
  { "POST",   "/checkouts/preview", bd_sandbox_checkout_preview_route, FALSE },
  { "GET",    "/checkouts/{id}", checkouts_get, FALSE },
  { "GET",    "/checkout/supported_countries", supported_countries, TRUE },
  { "GET",    "/webhooks", bd_sandbox_webhooks_list_route, FALSE },
  { "POST",   "/webhooks", bd_sandbox_webhooks_create_route, FALSE },
  { "GET",    "/webhooks/{webhook_id}", bd_sandbox_webhooks_get_route, FALSE },
  { "DELETE", "/webhooks/{webhook_id}", bd_sandbox_webhooks_delete_route, FALSE },
  { "GET",    "/webhooks/{webhook_id}/secret", bd_sandbox_webhooks_secret_route, FALSE },
  { "GET",    "/brands", bd_sandbox_brands_route, FALSE },
};

const guint bd_sandbox_n_api_routes = G_N_ELEMENTS (bd_sandbox_api_routes);
