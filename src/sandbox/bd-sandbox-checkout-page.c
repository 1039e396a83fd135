/* bd-sandbox-checkout-page.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-sandbox"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bd-checkout-session.h"
#include "bd-customer.h"
#include "bd-product.h"
#include "bd-sandbox-checkout-page.h"

/* The fields of the form, in order: name, label, autocomplete, input type,
 * placeholder. */
static const struct {
  const char *name;
  const char *label;
  const char *autocomplete;
  const char *type;
  const char *placeholder;
} fields[] = {
  { "email", "E-mail", "email", "email", "you@example.com" },
  { "name", "Name", "name", "text", "Ada Lovelace" },
  { "country", "Country (two letters)", "country", "text", "US" },
  { "card", "Card number", "cc-number", "text", "4242 4242 4242 4242" },
  { "expiry", "Expiry (MM/YY)", "cc-exp", "text", "12/34" },
  { "cvc", "CVC", "cc-csc", "text", "123" },
};

static const char style[] =
  "*{box-sizing:border-box}"
  "body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Cantarell,sans-serif;"
  "color:#1d1d22;background:#f2f3f7}"
  ".bar{background:#fff;border-bottom:1px solid #e1e2e8;padding:14px 32px;display:flex;"
  "align-items:center;gap:12px}"
  ".bar b{font-size:17px}"
  ".badge{background:#fdf0d5;color:#7a4d00;border-radius:99px;padding:2px 10px;font-size:12px;"
  "font-weight:600;letter-spacing:.04em}"
  "main{max-width:920px;margin:32px auto;padding:0 24px;display:flex;gap:32px;flex-wrap:wrap}"
  "section{flex:1 1 340px;align-self:flex-start;background:#fff;border:1px solid #e1e2e8;border-radius:12px;padding:24px 28px}"
  "h1{font-size:20px;margin:0 0 16px}"
  "h2{font-size:13px;text-transform:uppercase;letter-spacing:.06em;color:#6b6c78;margin:0 0 12px}"
  "table{width:100%;border-collapse:collapse}"
  "td{padding:8px 0;vertical-align:top;border-bottom:1px solid #eeeff3}"
  "td.amount{text-align:right;white-space:nowrap;padding-left:12px}"
  "tr.total td{border:0;font-weight:700;font-size:17px;padding-top:14px}"
  ".muted{color:#6b6c78;font-size:13px}"
  "label{display:block;font-weight:600;font-size:13px;margin:14px 0 4px}"
  "input{width:100%;font:inherit;padding:9px 11px;border:1px solid #c9cad3;border-radius:8px;background:#fff}"
  "input:focus{outline:2px solid #3b6fe0;outline-offset:-1px;border-color:#3b6fe0}"
  "input[aria-invalid=true]{border-color:#c01c28;background:#fff6f6}"
  ".row{display:flex;gap:12px}.row>div{flex:1}"
  ".error{color:#c01c28;font-size:13px;margin-top:4px}"
  ".alert{background:#fff6f6;border:1px solid #f0c4c7;color:#8f111c;border-radius:8px;padding:10px 12px;"
  "margin-bottom:8px}"
  "button{margin-top:22px;width:100%;font:inherit;font-weight:700;color:#fff;background:#3b6fe0;"
  "border:0;border-radius:8px;padding:12px;cursor:pointer}"
  "button:hover{background:#2f5cc4}"
  ".cards{margin-top:18px;font-size:13px;color:#6b6c78}"
  ".cards code{color:#1d1d22;white-space:nowrap}";

/* Helpers */

static const char *
business_name (void)
{
  return "Billing Desk Sandbox Studio";
}

static BdModel *
session_request (BdCheckoutSession *session)
{
  return g_object_get_data (G_OBJECT (session), "bd-sandbox-request");
}

static char *
format_amount (gint64      amount,
               const char *currency)
{
  g_autoptr(BdMoney) money = bd_money_new (amount, currency);
  g_autofree char *plain = bd_money_format_plain (money);

  return g_strdup_printf ("%s %s", plain, currency);
}

static const BdMoney *
product_price (BdProduct *product)
{
  const BdMoney *price = bd_model_get_money (product, "price");

  return price != NULL ? price : bd_model_get_money (product, "fixed-price");
}

/* "month", "3 months" */
static char *
format_interval (BdProduct *product)
{
  const char *raw = bd_model_get_string (product, "payment-frequency-interval-raw");
  gint64 count = MAX (bd_model_get_int (product, "payment-frequency-count"), 1);
  g_autofree char *unit = g_ascii_strdown (raw != NULL ? raw : "month", -1);

  if (count == 1)
    return g_steal_pointer (&unit);
  return g_strdup_printf ("%" G_GINT64_FORMAT " %ss", count, unit);
}

/* The order summary: one row per cart line, and the total due today
 * (a trial's first charge comes when the trial ends, as in
 * bd_sandbox_checkout_pay()).  Returns the button's text. */
static char *
append_summary (GString        *html,
                BdSandboxState *state,
                BdModel        *request)
{
  GListModel *cart = bd_model_get_list (request, "product-cart");
  const char *currency = "USD";
  gboolean trial = FALSE;
  g_autofree char *total_text = NULL;
  gint64 total = 0;

  g_string_append (html, "<section><h2>Order summary</h2><table>");
  for (guint i = 0; cart != NULL && i < g_list_model_get_n_items (cart); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (cart, i);
      BdProduct *product = bd_sandbox_state_lookup (state, BD_SANDBOX_PRODUCTS,
                                                    bd_model_get_string (item, "product-id"));
      const BdMoney *price;
      gint64 quantity = bd_model_get_int (item, "quantity");
      gint64 trial_days, amount;
      g_autofree char *amount_text = NULL;
      g_autofree char *detail = NULL;
      g_autofree char *row = NULL;

      if (product == NULL)
        continue;
      price = product_price (product);
      currency = bd_money_get_currency (price);
      amount = (bd_model_get_int (item, "amount") > 0 ? bd_model_get_int (item, "amount")
                                                      : bd_money_get_amount (price)) * quantity;
      amount_text = format_amount (amount, currency);
      trial_days = bd_model_get_int (product, "trial-period-days");
      if (bd_model_get_boolean (product, "is-recurring"))
        {
          g_autofree char *interval = format_interval (product);

          detail = trial_days > 0
            ? g_strdup_printf ("%" G_GINT64_FORMAT "-day free trial, then %s every %s",
                               trial_days, amount_text, interval)
            : g_strdup_printf ("Billed every %s", interval);
        }
      else
        detail = g_strdup ("One-time purchase");
      if (trial_days > 0)
        trial = TRUE;
      else
        total += amount;

      row = g_markup_printf_escaped ("<tr><td>%s<div class=\"muted\">%s · Qty %" G_GINT64_FORMAT "</div></td>"
                                     "<td class=\"amount\">%s</td></tr>",
                                     bd_model_get_string (product, "name") != NULL
                                     ? bd_model_get_string (product, "name")
                                     : bd_model_get_string (product, "product-id"),
                                     detail, quantity,
                                     trial_days > 0 ? "Free trial" : amount_text);
      g_string_append (html, row);
    }
  total_text = format_amount (total, currency);
  {
    g_autofree char *row = g_markup_printf_escaped ("<tr class=\"total\"><td>Total due today</td>"
                                                    "<td class=\"amount\">%s</td></tr>", total_text);

    g_string_append (html, row);
  }
  g_string_append (html, "</table></section>");
  if (total == 0 && trial)
    return g_strdup ("Start free trial");
  return g_strdup_printf ("Pay %s", total_text);
}

static void
append_head (GString    *html,
             const char *title)
{
  g_autofree char *head = g_markup_printf_escaped (
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
    "<title>%s</title><style>%s</style></head><body>"
    "<div class=\"bar\"><b>%s</b><span class=\"badge\">TEST MODE</span></div><main>",
    title, style, business_name ());

  g_string_append (html, head);
}

static void
reply_html (BdSandboxRequest *req,
            guint             status,
            GString          *html)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);
  gsize length;
  char *text;

  g_string_append (html, "</main></body></html>\n");
  length = html->len;
  text = g_string_free (html, FALSE);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Frame-Options", "DENY");
  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE, text, length);
}

static void
reply_message (BdSandboxRequest *req,
               guint             status,
               const char       *title,
               const char       *message)
{
  GString *html = g_string_new (NULL);
  g_autofree char *body = g_markup_printf_escaped ("<section><h1>%s</h1><p>%s</p></section>",
                                                   title, message);

  append_head (html, title);
  g_string_append (html, body);
  reply_html (req, status, html);
}

/* The value a field starts with: what was typed, else what the session
 * knows about the customer. */
static const char *
initial_value (BdSandboxRequest *req,
               BdModel          *request,
               GHashTable       *form,
               const char       *name)
{
  const char *customer_id = bd_model_get_string (request, "customer-id");
  BdCustomer *customer = bd_sandbox_state_lookup (req->state, BD_SANDBOX_CUSTOMERS, customer_id);

  if (form != NULL && g_hash_table_contains (form, name))
    return g_hash_table_lookup (form, name);
  if (g_str_equal (name, "email"))
    return customer != NULL ? bd_model_get_string (customer, "email")
                            : bd_model_get_string (request, "customer-email");
  if (g_str_equal (name, "name"))
    return customer != NULL ? bd_model_get_string (customer, "name")
                            : bd_model_get_string (request, "customer-name");
  if (g_str_equal (name, "country"))
    return bd_model_get_string (request, "billing-country") != NULL
           ? bd_model_get_string (request, "billing-country") : "US";
  return NULL;
}

static void
reply_form (BdSandboxRequest  *req,
            BdCheckoutSession *session,
            GHashTable        *form,
            GHashTable        *errors)
{
  BdModel *request = session_request (session);
  GString *html = g_string_new (NULL);
  g_autofree char *button = NULL;
  g_autofree char *action = NULL;

  append_head (html, "Checkout");
  button = append_summary (html, req->state, request);

  action = g_markup_printf_escaped ("<section><h1>Pay with card</h1>"
                                    "<form method=\"post\" action=\"/_sandbox/checkout/%s\" novalidate>",
                                    bd_model_get_string (session, "id"));
  g_string_append (html, action);
  if (errors != NULL && g_hash_table_size (errors) > 0)
    g_string_append (html, "<div class=\"alert\" role=\"alert\">Please correct the fields marked below.</div>");

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *name = fields[i].name;
      const char *error = errors != NULL ? g_hash_table_lookup (errors, name) : NULL;
      const char *value = g_str_equal (name, "cvc") ? NULL : initial_value (req, request, form, name);
      g_autofree char *input = NULL;

      /* Expiry and CVC side by side. */
      if (g_str_equal (name, "expiry"))
        g_string_append (html, "<div class=\"row\"><div>");
      else if (g_str_equal (name, "cvc"))
        g_string_append (html, "</div><div>");

      input = g_markup_printf_escaped ("<label for=\"%s\">%s</label>"
                                       "<input id=\"%s\" name=\"%s\" type=\"%s\" autocomplete=\"%s\" "
                                       "placeholder=\"%s\" value=\"%s\" aria-invalid=\"%s\"%s%s%s>",
                                       name, fields[i].label, name, name, fields[i].type,
                                       fields[i].autocomplete, fields[i].placeholder,
                                       value != NULL ? value : "",
                                       error != NULL ? "true" : "false",
                                       error != NULL ? " aria-describedby=\"" : "",
                                       error != NULL ? name : "",
                                       error != NULL ? "-error\"" : "");
      g_string_append (html, input);
      if (error != NULL)
        {
          g_autofree char *message = g_markup_printf_escaped ("<div class=\"error\" id=\"%s-error\">%s</div>",
                                                              name, error);

          g_string_append (html, message);
        }
      if (g_str_equal (name, "cvc"))
        g_string_append (html, "</div></div>");
    }

  {
    g_autofree char *tail = g_markup_printf_escaped ("<button type=\"submit\">%s</button></form>", button);

    g_string_append (html, tail);
  }
  g_string_append (html,
                   "<p class=\"cards\">Test cards: <code>4242 4242 4242 4242</code> pays, "
                   "<code>4000 0000 0000 0002</code> is declined. Any future expiry "
                   "(<code>12/34</code>), any CVC.</p></section>");
  reply_html (req, SOUP_STATUS_OK, html);
}

static BdCheckoutSession *
lookup_session (BdSandboxRequest *req)
{
  BdCheckoutSession *session = bd_sandbox_state_lookup (req->state, BD_SANDBOX_CHECKOUTS,
                                                        bd_sandbox_request_param (req, 0));

  if (session == NULL)
    reply_message (req, SOUP_STATUS_NOT_FOUND, "Checkout not found",
                   "This checkout link is not valid. Ask the seller for a new one.");
  else if (bd_model_get_string (session, "payment-id") != NULL)
    {
      g_autofree char *message = g_strdup_printf ("This checkout was completed: payment %s %s.",
                                                  bd_model_get_string (session, "payment-id"),
                                                  bd_model_get_string (session, "payment-status-raw"));

      reply_message (req, SOUP_STATUS_OK, "Checkout complete", message);
      return NULL;
    }
  return session;
}

/* Validation */

static char *
digits_of (const char *text)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != ' ' && *p != '-')
        {
          g_string_free (digits, TRUE);
          return NULL;
        }
    }
  return g_string_free (digits, FALSE);
}

gboolean
bd_sandbox_card_number_valid (const char *number)
{
  g_autofree char *digits = number != NULL ? digits_of (number) : NULL;
  gsize n;
  int sum = 0;

  if (digits == NULL || (n = strlen (digits)) < 12 || n > 19)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      int d = digits[n - 1 - i] - '0';

      if (i % 2 == 1 && (d *= 2) > 9)
        d -= 9;
      sum += d;
    }
  return sum % 10 == 0;
}

/* "MM/YY", "MM / YY", "MM/YYYY" or "MMYY": a month that has not ended by
 * sandbox time.  Sets @error to why not. */
static gboolean
expiry_valid (const char      *text,
              BdSandboxState  *state,
              const char     **error)
{
  g_autofree char *digits = NULL;
  g_autoptr(GDateTime) now = bd_sandbox_time_to_datetime (bd_sandbox_state_now (state));
  g_autoptr(GString) clean = g_string_new (NULL);
  int month, year;

  for (const char *p = text; *p != '\0'; p++)
    if (*p != ' ' && *p != '/')
      g_string_append_c (clean, *p);
  digits = digits_of (clean->str);
  if (digits == NULL || (strlen (digits) != 4 && strlen (digits) != 6))
    {
      *error = "Enter the expiry date as MM/YY.";
      return FALSE;
    }
  month = (digits[0] - '0') * 10 + (digits[1] - '0');
  year = atoi (digits + 2);
  if (strlen (digits) == 4)
    year += 2000;
  if (month < 1 || month > 12)
    {
      *error = "The month must be from 01 to 12.";
      return FALSE;
    }
  if (year < g_date_time_get_year (now) ||
      (year == g_date_time_get_year (now) && month < g_date_time_get_month (now)))
    {
      *error = "This card has expired.";
      return FALSE;
    }
  if (year > g_date_time_get_year (now) + 30)
    {
      *error = "The expiry year is too far in the future.";
      return FALSE;
    }
  return TRUE;
}

static gboolean
email_valid (const char *email)
{
  const char *at = strchr (email, '@');

  return at != NULL && at != email && strchr (at + 1, '.') != NULL &&
         strchr (at + 1, '@') == NULL && strpbrk (email, " \t<>") == NULL &&
         at[1] != '.' && email[strlen (email) - 1] != '.';
}

/* Field name → message, for every field that is wrong. */
static GHashTable *
validate (BdSandboxRequest *req,
          GHashTable       *form)
{
  GHashTable *errors = g_hash_table_new (g_str_hash, g_str_equal);
  const char *email = g_hash_table_lookup (form, "email");
  char *name = g_hash_table_lookup (form, "name");
  const char *country = g_hash_table_lookup (form, "country");
  const char *card = g_hash_table_lookup (form, "card");
  const char *expiry = g_hash_table_lookup (form, "expiry");
  const char *cvc = g_hash_table_lookup (form, "cvc");
  g_autofree char *cvc_digits = cvc != NULL ? digits_of (cvc) : NULL;
  const char *expiry_error = NULL;

  if (email == NULL || *email == '\0')
    g_hash_table_insert (errors, (char *) "email", (char *) "Enter your e-mail address.");
  else if (!email_valid (email))
    g_hash_table_insert (errors, (char *) "email", (char *) "This is not an e-mail address.");
  if (name == NULL || *g_strstrip (name) == '\0')
    g_hash_table_insert (errors, (char *) "name", (char *) "Enter the name on the card.");
  if (country == NULL || strlen (country) != 2 ||
      !g_ascii_isalpha (country[0]) || !g_ascii_isalpha (country[1]))
    g_hash_table_insert (errors, (char *) "country", (char *) "Enter a two-letter country code, such as US.");
  if (card == NULL || *card == '\0')
    g_hash_table_insert (errors, (char *) "card", (char *) "Enter the card number.");
  else if (!bd_sandbox_card_number_valid (card))
    g_hash_table_insert (errors, (char *) "card",
                         (char *) "This card number is not valid: check the digits.");
  if (expiry == NULL || *expiry == '\0')
    g_hash_table_insert (errors, (char *) "expiry", (char *) "Enter the expiry date.");
  else if (!expiry_valid (expiry, req->state, &expiry_error))
    g_hash_table_insert (errors, (char *) "expiry", (char *) expiry_error);
  if (cvc_digits == NULL || strlen (cvc_digits) < 3 || strlen (cvc_digits) > 4 || strlen (cvc) > 4)
    g_hash_table_insert (errors, (char *) "cvc", (char *) "Enter the 3 or 4 digits on the back.");
  return errors;
}

/* Route handlers */

void
bd_sandbox_checkout_page_get (BdSandboxRequest *req)
{
  BdCheckoutSession *session = lookup_session (req);

  if (session != NULL)
    reply_form (req, session, NULL, NULL);
}

void
bd_sandbox_checkout_page_post (BdSandboxRequest *req)
{
  BdCheckoutSession *session = lookup_session (req);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(GHashTable) errors = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *text = NULL;
  g_autofree char *card = NULL;
  g_autofree char *country = NULL;
  BdSandboxPayer payer;
  JsonObject *result;
  const char *redirect;

  if (session == NULL)
    return;
  body = soup_message_body_flatten (soup_server_message_get_request_body (req->msg));
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  form = soup_form_decode (text);
  errors = validate (req, form);
  if (g_hash_table_size (errors) > 0)
    {
      reply_form (req, session, form, errors);
      return;
    }

  card = digits_of (g_hash_table_lookup (form, "card"));
  country = g_ascii_strup (g_hash_table_lookup (form, "country"), -1);
  payer.card = card;
  payer.email = g_hash_table_lookup (form, "email");
  payer.name = g_hash_table_lookup (form, "name");
  payer.country = country;
  if (!(answer = bd_sandbox_checkout_pay (req, bd_model_get_string (session, "id"), &payer)))
    return;

  result = json_node_get_object (answer);
  redirect = json_object_get_string_member_with_default (result, "redirect_url", NULL);
  if (redirect != NULL)
    {
      soup_server_message_set_redirect (req->msg, SOUP_STATUS_SEE_OTHER, redirect);
      return;
    }
  if (g_strcmp0 (json_object_get_string_member (result, "status"), "succeeded") == 0)
    {
      g_autofree char *message = g_strdup_printf ("Payment %s succeeded. You can close this page.",
                                                  json_object_get_string_member (result, "payment_id"));

      reply_message (req, SOUP_STATUS_OK, "Thank you", message);
    }
  else
    reply_message (req, SOUP_STATUS_OK, "Payment declined",
                   "The card was declined. No money was taken.");
}
