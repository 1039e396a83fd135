/* bd-sandbox-plans.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-sandbox"

#include "config.h"

#include <math.h>
#include <string.h>

#include "bd-customer.h"
#include "bd-dodo-codec.h"
#include "bd-dodo-requests.h"
#include "bd-sandbox-private.h"
#include "bd-sandbox-scheduler.h"
#include "bd-subscription.h"

/* The routes that change what a subscription bills (dodo-api.md §2, §3.3):
 * change-plan and its preview, on-demand charges; and the smaller ones
 * beside them: the customer portal, checkout preview and brands.  The
 * choices Dodo's documents leave open are in docs/sandbox.md. */

#define MINIMUM_CHARGE 50

/* Helpers */

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
reply_builder (BdSandboxRequest *req,
               JsonBuilder      *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  bd_sandbox_reply_json (req, SOUP_STATUS_OK, root);
}

static const BdMoney *
product_price (BdProduct *product)
{
  const BdMoney *price = bd_model_get_money (product, "price");

  return price != NULL ? price : bd_model_get_money (product, "fixed-price");
}

static BdSubscription *
lookup_subscription (BdSandboxRequest *req)
{
  const char *id = bd_sandbox_request_param (req, 0);
  BdSubscription *sub = bd_sandbox_state_lookup (req->state, BD_SANDBOX_SUBSCRIPTIONS, id);

  if (sub == NULL)
    bd_sandbox_reply_not_found (req, "Subscription", id);
  return sub;
}

/* Change plan */

typedef enum
{
  PRORATE,      /* prorated_immediately */
  FULL,         /* full_immediately */
  DIFFERENCE,   /* difference_immediately */
  NO_BILL,      /* do_not_bill */
} Proration;

static const char * const proration_names[] = {
  "prorated_immediately", "full_immediately", "difference_immediately", "do_not_bill", NULL
};

/* A plan change worked out but not applied: the subscription as it will
 * be, and what is charged now. */
typedef struct
{
  BdSubscription *after;
  gint64          charge;
  double          factor;
  gboolean        apply_on_failure;
} PlanChange;

static void
plan_change_clear (PlanChange *change)
{
  g_clear_object (&change->after);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PlanChange, plan_change_clear)

/* What each payment of the plan charges: recurring_pre_tax_amount is, as
 * in Dodo, the amount of each recurring payment for all the units. */
static gint64
plan_total (BdSubscription *sub)
{
  return bd_money_get_amount (bd_model_get_money (sub, "recurring-pre-tax-amount"));
}

/* The share of the current billing period still to come, 0‥1. */
static double
period_left (BdSubscription *sub,
             gint64          now)
{
  GDateTime *previous = bd_model_get_datetime (sub, "previous-billing-date");
  GDateTime *next = bd_model_get_datetime (sub, "next-billing-date");
  gint64 start, end;

  if (previous == NULL || next == NULL)
    return 1.0;
  start = bd_sandbox_time_from_datetime (previous);
  end = bd_sandbox_time_from_datetime (next);
  if (end <= start)
    return 1.0;
  return CLAMP ((double) (end - now) / (double) (end - start), 0.0, 1.0);
}

/* Checks @request against @sub and works out the change, or replies with
 * the error and returns FALSE.  The rules, in this order: the subscription
 * exists (404), is active (409 INACTIVE_SUBSCRIPTION_PLAN_CHANGE_NOT_SUPPORTED),
 * is not on demand (422 ON_DEMAND_PLAN_CHANGE_NOT_SUPPORTED); then the body
 * (422). */
static gboolean
work_out_change (BdSandboxRequest *req,
                 BdSubscription   *sub,
                 BdDodoChangePlan *request,
                 PlanChange       *change)
{
  const char *product_id = bd_model_get_string (request, "product-id");
  const char *mode = bd_model_get_string (request, "proration-billing-mode");
  const char *effective = bd_model_get_string (request, "effective-at");
  const char *on_failure = bd_model_get_string (request, "on-payment-failure");
  GListModel *addons = bd_model_get_list (request, "addons");
  gint64 quantity = bd_model_get_int (request, "quantity");
  gint64 now = bd_sandbox_state_now (req->state);
  g_autoptr(GDateTime) now_dt = bd_sandbox_time_to_datetime (now);
  const BdMoney *old_price = bd_model_get_money (sub, "recurring-pre-tax-amount");
  const BdMoney *price;
  g_autoptr(BdMoney) recurring = NULL;
  BdProduct *product;
  Proration proration = 0;

  if (bd_model_get_enum (sub, "status") != BD_SUBSCRIPTION_STATUS_ACTIVE)
    {
      bd_sandbox_reply_error (req, SOUP_STATUS_CONFLICT, "INACTIVE_SUBSCRIPTION_PLAN_CHANGE_NOT_SUPPORTED",
                              "Subscription %s is %s: only an active subscription can change plans",
                              bd_model_get_string (sub, "subscription-id"),
                              bd_model_get_string (sub, "status-raw"));
      return FALSE;
    }
  if (bd_model_get_boolean (sub, "on-demand"))
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "ON_DEMAND_PLAN_CHANGE_NOT_SUPPORTED",
                              "Subscription %s is on demand: its plan cannot change",
                              bd_model_get_string (sub, "subscription-id"));
      return FALSE;
    }
  while (proration_names[proration] != NULL && !g_str_equal (proration_names[proration], mode))
    proration++;
  if (proration_names[proration] == NULL)
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_BODY",
                              "proration_billing_mode must be prorated_immediately, full_immediately, "
                              "difference_immediately or do_not_bill");
      return FALSE;
    }
  if (quantity < 1)
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_BODY",
                              "quantity must be at least 1");
      return FALSE;
    }
  if (effective != NULL && !g_str_equal (effective, "immediately"))
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_PARAMETERS",
                              "effective_at %s is not supported by the sandbox (only immediately)", effective);
      return FALSE;
    }
  if (on_failure != NULL && !g_str_equal (on_failure, "prevent_change") && !g_str_equal (on_failure, "apply_change"))
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_BODY",
                              "on_payment_failure must be prevent_change or apply_change");
      return FALSE;
    }
  if (addons != NULL && g_list_model_get_n_items (addons) > 0)
    {
      g_autoptr(BdModel) addon = g_list_model_get_item (addons, 0);

      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "MISSING_ADDON_IDS",
                              "addons[0].addon_id %s is not an add-on (the sandbox has none)",
                              bd_model_get_string (addon, "addon-id"));
      return FALSE;
    }
  product = bd_sandbox_state_lookup (req->state, BD_SANDBOX_PRODUCTS, product_id);
  if (product == NULL)
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "MISSING_PRODUCT_INFORMATION",
                              "product_id %s is not a product", product_id);
      return FALSE;
    }
  if (bd_model_get_boolean (product, "archived"))
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "PRODUCT_IS_DELETED",
                              "product_id %s is archived", product_id);
      return FALSE;
    }
  price = product_price (product);
  if (!bd_model_get_boolean (product, "is-recurring"))
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "INVALID_REQUEST_PARAMETERS",
                              "product_id %s is not a subscription product", product_id);
      return FALSE;
    }
  if (g_strcmp0 (bd_money_get_currency (price), bd_money_get_currency (old_price)) != 0)
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "UNSUPPORTED_CURRENCY",
                              "product_id %s is priced in %s, the subscription in %s", product_id,
                              bd_money_get_currency (price), bd_money_get_currency (old_price));
      return FALSE;
    }

  /* Each payment of the new plan, all its units (Dodo's meaning). */
  recurring = bd_money_new (bd_money_get_amount (price) * quantity, bd_money_get_currency (price));
  change->after = bd_model_copy (sub);
  change->apply_on_failure = g_strcmp0 (on_failure, "prevent_change") != 0;
  bd_model_set (change->after,
                "product-id", product_id,
                "product-name", bd_model_get_string (product, "name"),
                "quantity", quantity,
                "recurring-pre-tax-amount", recurring,
                "tax-inclusive", bd_model_get_boolean (product, "tax-inclusive"),
                "payment-frequency-count", MAX (bd_model_get_int (product, "payment-frequency-count"), 1),
                "payment-frequency-interval-raw", bd_model_get_string (product, "payment-frequency-interval-raw"),
                "addons", NULL,
                NULL);
  if (json_object_has_member (json_node_get_object (req->body), "metadata"))
    bd_model_set (change->after, "metadata", bd_model_get_metadata (request, "metadata"), NULL);

  change->factor = 1.0;
  switch (proration)
    {
    case PRORATE:
      change->factor = period_left (sub, now);
      change->charge = MAX (0, (gint64) llround ((double) (plan_total (change->after) - plan_total (sub)) *
                                                 change->factor));
      break;
    case FULL:
      {
        /* A new billing period starts now. */
        g_autoptr(GDateTime) next = bd_sandbox_add_interval (now_dt,
                                                             bd_model_get_enum (change->after, "payment-frequency-interval"),
                                                             bd_model_get_int (change->after, "payment-frequency-count"));

        change->charge = plan_total (change->after);
        bd_model_set (change->after, "previous-billing-date", now_dt, "next-billing-date", next, NULL);
      }
      break;
    case DIFFERENCE:
      change->charge = MAX (0, plan_total (change->after) - plan_total (sub));
      break;
    case NO_BILL:
    default:
      change->charge = 0;
      break;
    }
  return TRUE;
}

static BdDodoChangePlan *
decode_change (BdSandboxRequest *req,
               BdSubscription  **sub)
{
  if (!(*sub = lookup_subscription (req)))
    return NULL;
  return bd_sandbox_request_decode (req, BD_DODO_TYPE_CHANGE_PLAN);
}

/* POST /subscriptions/{id}/change-plan → empty 200.  A charge is a payment
 * of the subscription (payment.succeeded or payment.failed); a declined one
 * with on_payment_failure prevent_change leaves the plan as it was, else
 * the plan changes (subscription.plan_changed). */
void
bd_sandbox_change_plan_route (BdSandboxRequest *req)
{
  g_auto(PlanChange) change = { NULL };
  g_autoptr(BdDodoChangePlan) request = NULL;
  g_autoptr(BdPayment) payment = NULL;
  BdSubscription *sub;
  gboolean paid = TRUE;

  if (!(request = decode_change (req, &sub)) || !work_out_change (req, sub, request, &change))
    return;

  if (change.charge > 0)
    {
      g_autoptr(BdMoney) amount = bd_money_new (change.charge,
                                                bd_money_get_currency (bd_model_get_money (sub, "recurring-pre-tax-amount")));

      payment = bd_sandbox_subscription_charge (req->state, sub, amount, 0);
      paid = bd_model_get_enum (payment, "status") == BD_PAYMENT_STATUS_SUCCEEDED;
    }
  if (paid || change.apply_on_failure)
    bd_model_update_from (sub, change.after);
  if (payment != NULL)
    bd_sandbox_state_emit (req->state, paid ? "payment.succeeded" : "payment.failed", payment, 0);
  if (paid || change.apply_on_failure)
    bd_sandbox_state_emit (req->state, "subscription.plan_changed", sub, 0);
  bd_sandbox_reply_empty (req, SOUP_STATUS_OK);
}

/* POST /subscriptions/{id}/change-plan/preview → {immediate_charge:
 * {effective_at, line_items, summary}, new_plan: Subscription}, changing
 * nothing. */
void
bd_sandbox_change_plan_preview_route (BdSandboxRequest *req)
{
  g_auto(PlanChange) change = { NULL };
  g_autoptr(BdDodoChangePlan) request = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) plan = NULL;
  const BdMoney *price;
  BdSubscription *sub;

  if (!(request = decode_change (req, &sub)) || !work_out_change (req, sub, request, &change))
    return;
  price = bd_model_get_money (change.after, "recurring-pre-tax-amount");
  plan = bd_dodo_encode_full (change.after);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "immediate_charge");
  json_builder_begin_object (builder);
  bd_sandbox_builder_add_string (builder, "effective_at", "immediately");
  json_builder_set_member_name (builder, "line_items");
  json_builder_begin_array (builder);
  if (change.charge > 0)
    {
      json_builder_begin_object (builder);
      bd_sandbox_builder_add_string (builder, "type", "subscription");
      bd_sandbox_builder_add_string (builder, "id", bd_model_get_string (sub, "subscription-id"));
      bd_sandbox_builder_add_string (builder, "product_id", bd_model_get_string (change.after, "product-id"));
      bd_sandbox_builder_add_string (builder, "name", bd_model_get_string (change.after, "product-name"));
      bd_sandbox_builder_add_string (builder, "currency", bd_money_get_currency (price));
      add_int (builder, "quantity", bd_model_get_int (change.after, "quantity"));
      add_int (builder, "unit_price", bd_money_get_amount (price) /
                                      MAX (bd_model_get_int (change.after, "quantity"), 1));
      json_builder_set_member_name (builder, "proration_factor");
      json_builder_add_double_value (builder, change.factor);
      json_builder_set_member_name (builder, "tax_inclusive");
      json_builder_add_boolean_value (builder, bd_model_get_boolean (change.after, "tax-inclusive"));
      add_int (builder, "tax", 0);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "summary");
  json_builder_begin_object (builder);
  bd_sandbox_builder_add_string (builder, "currency", bd_money_get_currency (price));
  add_int (builder, "total_amount", change.charge);
  add_int (builder, "tax", 0);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "new_plan");
  json_builder_add_value (builder, g_steal_pointer (&plan));
  json_builder_end_object (builder);
  reply_builder (req, builder);
}

/* On-demand charges */

/* POST /subscriptions/{id}/charge {product_price, product_currency?,
 * metadata?} → {payment_id}.  A declined card is a failed payment, not an
 * HTTP error. */
void
bd_sandbox_charge_route (BdSandboxRequest *req)
{
  g_autoptr(BdDodoCharge) request = NULL;
  g_autoptr(BdPayment) payment = NULL;
  g_autoptr(BdMoney) amount = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  BdSubscription *sub;
  BdSubscriptionStatus status;
  const char *currency;
  gint64 price;
  gboolean paid;

  if (!(sub = lookup_subscription (req)) ||
      !(request = bd_sandbox_request_decode (req, BD_DODO_TYPE_CHARGE)))
    return;

  status = bd_model_get_enum (sub, "status");
  if (status != BD_SUBSCRIPTION_STATUS_ACTIVE)
    {
      gboolean expired = status == BD_SUBSCRIPTION_STATUS_EXPIRED;

      bd_sandbox_reply_error (req, SOUP_STATUS_CONFLICT, expired ? "SUBSCRIPTION_EXPIRED" : "SUBSCRIPTION_INACTIVE",
                              "Subscription %s is %s: only an active subscription can be charged",
                              bd_model_get_string (sub, "subscription-id"), bd_model_get_string (sub, "status-raw"));
      return;
    }
  if (!bd_model_get_boolean (sub, "on-demand"))
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "SUBSCRIPTION_NOT_ON_DEMAND",
                              "Subscription %s is not an on-demand subscription",
                              bd_model_get_string (sub, "subscription-id"));
      return;
    }
  price = bd_model_get_int (request, "product-price");
  if (price < MINIMUM_CHARGE)
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "TOTAL_PAYMENT_AMOUNT_BELOW_MINIMUM_AMOUNT",
                              "product_price %" G_GINT64_FORMAT " is below the minimum of %d",
                              price, MINIMUM_CHARGE);
      return;
    }
  currency = bd_model_get_string (request, "product-currency");
  if (currency == NULL)
    currency = bd_money_get_currency (bd_model_get_money (sub, "recurring-pre-tax-amount"));
  else if (strlen (currency) != 3 || !g_ascii_isupper (currency[0]) || !g_ascii_isupper (currency[1]) ||
           !g_ascii_isupper (currency[2]))
    {
      bd_sandbox_reply_error (req, BD_HTTP_UNPROCESSABLE, "UNSUPPORTED_CURRENCY",
                              "product_currency %s is not a currency code", currency);
      return;
    }

  amount = bd_money_new (price, currency);
  payment = bd_sandbox_subscription_charge (req->state, sub, amount, 0);
  if (json_object_has_member (json_node_get_object (req->body), "metadata"))
    bd_model_set (payment, "metadata", bd_model_get_metadata (request, "metadata"), NULL);
  paid = bd_model_get_enum (payment, "status") == BD_PAYMENT_STATUS_SUCCEEDED;
  bd_sandbox_state_emit (req->state, paid ? "payment.succeeded" : "payment.failed", payment, 0);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  bd_sandbox_builder_add_string (builder, "payment_id", bd_model_get_string (payment, "payment-id"));
  json_builder_end_object (builder);
  reply_builder (req, builder);
}

/* Customer portal */

/* POST /customers/{id}/customer-portal/session?send_email= → {link}: the
 * sandbox's portal page.  No e-mail is ever sent. */
void
bd_sandbox_portal_session_route (BdSandboxRequest *req)
{
  const char *id = bd_sandbox_request_param (req, 0);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *link = NULL;
  int send_email;

  if (!bd_sandbox_request_bool (req, "send_email", &send_email))
    return;
  if (bd_sandbox_state_lookup (req->state, BD_SANDBOX_CUSTOMERS, id) == NULL)
    {
      bd_sandbox_reply_not_found (req, "Customer", id);
      return;
    }
  escaped = g_uri_escape_string (id, NULL, FALSE);
  link = g_strdup_printf ("%s/_sandbox/portal/%s", bd_sandbox_server_get_base_url (req->server), escaped);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  bd_sandbox_builder_add_string (builder, "link", link);
  json_builder_end_object (builder);
  reply_builder (req, builder);
}

static void
reply_html (BdSandboxRequest *req,
            guint             status,
            GString          *html)
{
  gsize length = html->len;

  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_string_free (html, FALSE), length);
}

/* GET /_sandbox/portal/{customer_id}: who the customer is and their
 * subscriptions, read-only.  Every value is escaped. */
void
bd_sandbox_portal_page_route (BdSandboxRequest *req)
{
  const char *id = bd_sandbox_request_param (req, 0);
  BdCustomer *customer = bd_sandbox_state_lookup (req->state, BD_SANDBOX_CUSTOMERS, id);
  GPtrArray *subs = bd_sandbox_state_collection (req->state, BD_SANDBOX_SUBSCRIPTIONS)->items;
  GString *html = g_string_new ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                                "<title>Customer portal (sandbox)</title>"
                                "<style>body{font:15px/1.45 system-ui,sans-serif;margin:32px auto;max-width:760px;"
                                "padding:0 24px}td,th{padding:6px 12px 6px 0;text-align:left}</style>"
                                "</head><body>");
  guint shown = 0;

  if (customer == NULL)
    {
      g_string_append (html, "<h1>No such customer</h1></body></html>\n");
      reply_html (req, SOUP_STATUS_NOT_FOUND, html);
      return;
    }
  {
    g_autofree char *head = g_markup_printf_escaped ("<h1>%s</h1><p>%s</p><h2>Subscriptions</h2>",
                                                     bd_model_get_string (customer, "name"),
                                                     bd_model_get_string (customer, "email"));

    g_string_append (html, head);
  }
  for (guint i = subs->len; i > 0; i--)
    {
      BdSubscription *sub = subs->pdata[i - 1];
      GDateTime *next;
      g_autofree char *row = NULL;
      g_autofree char *date = NULL;
      g_autofree char *amount = NULL;
      const BdMoney *price;

      if (g_strcmp0 (bd_model_get_string (sub, "customer-id"), id) != 0)
        continue;
      if (shown++ == 0)
        g_string_append (html, "<table><tr><th>Subscription</th><th>Product</th><th>Status</th>"
                               "<th>Amount</th><th>Next billing</th></tr>");
      next = bd_model_get_datetime (sub, "next-billing-date");
      date = next != NULL ? g_date_time_format (next, "%Y-%m-%d") : g_strdup ("");
      price = bd_model_get_money (sub, "recurring-pre-tax-amount");
      amount = price != NULL ? bd_money_format_plain (price) : g_strdup ("");
      /* recurring_pre_tax_amount already counts every unit. */
      row = g_markup_printf_escaped ("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s %s (%" G_GINT64_FORMAT
                                     " units)</td><td>%s</td></tr>",
                                     bd_model_get_string (sub, "subscription-id"),
                                     bd_model_get_string (sub, "product-name") != NULL
                                     ? bd_model_get_string (sub, "product-name")
                                     : bd_model_get_string (sub, "product-id"),
                                     bd_model_get_string (sub, "status-raw"),
                                     amount, price != NULL ? bd_money_get_currency (price) : "",
                                     bd_model_get_int (sub, "quantity"), date);
      g_string_append (html, row);
    }
  g_string_append (html, shown > 0 ? "</table>" : "<p>No subscriptions.</p>");
  g_string_append (html, "<p><small>Billing Desk sandbox: a read-only portal.</small></p></body></html>\n");
  reply_html (req, SOUP_STATUS_OK, html);
}

/* Checkout preview */

static void
add_breakup (JsonBuilder *builder,
             const char  *name,
             gint64       total)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  add_int (builder, "subtotal", total);
  add_int (builder, "discount", 0);
  add_int (builder, "tax", 0);
  add_int (builder, "total_amount", total);
  json_builder_end_object (builder);
}

/* POST /checkouts/preview (the body of POST /checkouts) → the totals that
 * paying the session would charge today (bd_sandbox_cart_line_due), with
 * no tax, and for a subscription its recurring amount and first billing
 * date. */
void
bd_sandbox_checkout_preview_route (BdSandboxRequest *req)
{
  g_autoptr(BdDodoCheckoutCreate) request = bd_sandbox_request_decode (req, BD_DODO_TYPE_CHECKOUT_CREATE);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GDateTime) next = NULL;
  g_autoptr(GDateTime) now = NULL;
  const char *country, *currency = NULL;
  JsonObject *on_demand;
  GListModel *cart;
  gint64 total = 0, recurring = 0, trial = 0;

  if (request == NULL || !bd_sandbox_check_checkout (req, BD_MODEL (request), &on_demand))
    return;

  country = bd_model_get_string (request, "billing-country");
  now = bd_sandbox_time_to_datetime (bd_sandbox_state_now (req->state));
  cart = bd_model_get_list (request, "product-cart");
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "product_cart");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (cart); i++)
    {
      g_autoptr(BdModel) item = g_list_model_get_item (cart, i);
      const BdMoney *price;
      BdProduct *product;
      gint64 due = bd_sandbox_cart_line_due (req->state, item, on_demand, &product, &price);
      gboolean is_recurring = bd_model_get_boolean (product, "is-recurring");

      total += due;
      currency = bd_money_get_currency (price);
      if (is_recurring)
        {
          recurring += bd_money_get_amount (price) * bd_model_get_int (item, "quantity");
          trial = bd_model_get_int (product, "trial-period-days");
          g_clear_pointer (&next, g_date_time_unref);
          next = trial > 0 ? g_date_time_add_days (now, trial)
                           : bd_sandbox_add_interval (now, bd_model_get_enum (product, "payment-frequency-interval"),
                                                      bd_model_get_int (product, "payment-frequency-count"));
        }
      json_builder_begin_object (builder);
      bd_sandbox_builder_add_string (builder, "product_id", bd_model_get_string (product, "product-id"));
      bd_sandbox_builder_add_string (builder, "name", bd_model_get_string (product, "name"));
      add_int (builder, "quantity", bd_model_get_int (item, "quantity"));
      bd_sandbox_builder_add_string (builder, "og_currency", currency);
      add_int (builder, "og_price", bd_money_get_amount (price));
      add_int (builder, "discounted_price", bd_money_get_amount (price));
      json_builder_set_member_name (builder, "is_subscription");
      json_builder_add_boolean_value (builder, is_recurring);
      add_int (builder, "tax_rate", 0);
      add_int (builder, "tax", 0);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  bd_sandbox_builder_add_string (builder, "billing_country", country != NULL ? country : "US");
  bd_sandbox_builder_add_string (builder, "currency", currency);
  add_int (builder, "total_price", total);
  add_int (builder, "total_tax", 0);
  add_breakup (builder, "current_breakup", total);
  if (next != NULL)
    {
      g_autofree char *date = g_date_time_format_iso8601 (next);

      add_breakup (builder, "recurring_breakup", recurring);
      bd_sandbox_builder_add_string (builder, "next_billing_date", date);
      add_int (builder, "trial_period_days", trial);
    }
  json_builder_end_object (builder);
  reply_builder (req, builder);
}

/* Brands */

/* GET /brands?include_archived= → {items}: the account's one brand, whose
 * id is the business id (dodo-api.md §6). */
void
bd_sandbox_brands_route (BdSandboxRequest *req)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int include_archived;

  if (!bd_sandbox_request_bool (req, "include_archived", &include_archived))
    return;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  bd_sandbox_builder_add_string (builder, "brand_id", bd_sandbox_state_get_brand_id (req->state));
  bd_sandbox_builder_add_string (builder, "business_id", bd_sandbox_state_get_business_id (req->state));
  bd_sandbox_builder_add_string (builder, "name", "Billing Desk Sandbox Studio");
  bd_sandbox_builder_add_string (builder, "description", "The sandbox's business");
  bd_sandbox_builder_add_string (builder, "statement_descriptor", "BD SANDBOX");
  bd_sandbox_builder_add_string (builder, "support_email", "support@sandbox.invalid");
  bd_sandbox_builder_add_string (builder, "url", NULL);
  bd_sandbox_builder_add_string (builder, "image", NULL);
  bd_sandbox_builder_add_string (builder, "reason_for_hold", NULL);
  bd_sandbox_builder_add_string (builder, "verification_status", "Success");
  json_builder_set_member_name (builder, "enabled");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "verification_enabled");
  json_builder_add_boolean_value (builder, TRUE);
  bd_sandbox_builder_add_string (builder, "archived_at", NULL);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  reply_builder (req, builder);
}
