/* bd-sandbox-invoice.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-sandbox"

#include "config.h"

#include <string.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "bd-product.h"
#include "bd-refund.h"
#include "bd-sandbox-invoice.h"
#include "bd-subscription.h"

/* A4 in points, and the page's margins. */
#define PAGE_WIDTH  595.276
#define PAGE_HEIGHT 841.890
#define MARGIN      56.0
#define CONTENT     (PAGE_WIDTH - 2 * MARGIN)

/* The sandbox account's business, as its invoices show it. */
static const char business_name[] = "Billing Desk Sandbox Studio";
static const char * const business_address[] = {
  "1 Test Mode Lane", "San Francisco, CA 94105", "United States", NULL
};

typedef struct
{
  char    *description;
  gint64   quantity;
  gint64   amount;     /* tax included, minor units; -1 = not known yet */
} Line;

/* What a page shows, gathered from the state first, then drawn. */
typedef struct
{
  const char  *title;          /* "Invoice", "Credit note" */
  char        *number;
  GPtrArray   *details;        /* (element-type utf8) "label", "value", … */
  GPtrArray   *customer;       /* (element-type utf8) lines */
  GArray      *lines;          /* Line */
  const char  *currency;
  gint64       tax;
  gint64       total;
  char        *note;           /* (nullable) */
  GDateTime   *date;
} Document;

static void
line_clear (Line *line)
{
  g_free (line->description);
}

static void
document_init (Document   *doc,
               const char *title)
{
  memset (doc, 0, sizeof *doc);
  doc->title = title;
  doc->details = g_ptr_array_new_with_free_func (g_free);
  doc->customer = g_ptr_array_new_with_free_func (g_free);
  doc->lines = g_array_new (FALSE, TRUE, sizeof (Line));
  g_array_set_clear_func (doc->lines, (GDestroyNotify) line_clear);
}

static void
document_clear (Document *doc)
{
  g_free (doc->number);
  g_ptr_array_unref (doc->details);
  g_ptr_array_unref (doc->customer);
  g_array_unref (doc->lines);
  g_free (doc->note);
  g_clear_pointer (&doc->date, g_date_time_unref);
}

static void
add_detail (Document   *doc,
            const char *label,
            const char *value)
{
  if (value == NULL)
    return;
  g_ptr_array_add (doc->details, g_strdup (label));
  g_ptr_array_add (doc->details, g_strdup (value));
}

static void
add_line (Document   *doc,
          const char *description,
          gint64      quantity,
          gint64      amount)
{
  Line line = { g_strdup (description), quantity, amount };

  g_array_append_val (doc->lines, line);
}

static char *
format_amount (gint64      amount,
               const char *currency)
{
  g_autoptr(BdMoney) money = bd_money_new (amount, currency);
  g_autofree char *plain = bd_money_format_plain (money);

  return g_strdup_printf ("%s %s", plain, currency);
}

static char *
format_date (GDateTime *date)
{
  return date != NULL ? g_date_time_format (date, "%Y-%m-%d") : g_strdup ("—");
}

/* The customer block: name, e-mail and billing address of @model (a
 * payment or a subscription). */
static void
add_customer (Document *doc,
              gpointer  model)
{
  const char *city = bd_model_get_string (model, "billing-city");
  const char *state = bd_model_get_string (model, "billing-state");
  const char *zip = bd_model_get_string (model, "billing-zipcode");
  GString *place = g_string_new (NULL);

  static const char * const names[] = { "customer-name", "customer-email", "billing-street", NULL };

  for (guint i = 0; names[i] != NULL; i++)
    if (bd_model_get_string (model, names[i]) != NULL)
      g_ptr_array_add (doc->customer, g_strdup (bd_model_get_string (model, names[i])));
  if (city != NULL)
    g_string_append (place, city);
  if (state != NULL)
    g_string_append_printf (place, "%s%s", place->len > 0 ? ", " : "", state);
  if (zip != NULL)
    g_string_append_printf (place, "%s%s", place->len > 0 ? " " : "", zip);
  if (place->len > 0)
    g_ptr_array_add (doc->customer, g_string_free (place, FALSE));
  else
    g_string_free (place, TRUE);
  if (bd_model_get_string (model, "billing-country") != NULL)
    g_ptr_array_add (doc->customer, g_strdup (bd_model_get_string (model, "billing-country")));
}

/* A product's price in @currency times @quantity, or -1 when it is priced
 * in another currency (seeded payments are converted). */
static gint64
product_amount (BdProduct  *product,
                const char *currency,
                gint64      quantity)
{
  const BdMoney *price;

  if (product == NULL)
    return -1;
  price = bd_model_get_money (product, "price");
  if (price == NULL)
    price = bd_model_get_money (product, "fixed-price");
  if (price == NULL || g_strcmp0 (bd_money_get_currency (price), currency) != 0)
    return -1;
  return bd_money_get_amount (price) * quantity;
}

/* The lines of @payment: its one-time products, then its subscription's
 * product.  They add up to the total: a single line is the total, and when
 * prices do not (a trial, a converted currency) the last line takes what
 * is left. */
static void
add_payment_lines (Document       *doc,
                   BdSandboxState *state,
                   BdPayment      *payment)
{
  GListModel *cart = bd_model_get_list (payment, "product-cart");
  BdSubscription *sub = bd_sandbox_state_lookup (state, BD_SANDBOX_SUBSCRIPTIONS,
                                                 bd_model_get_string (payment, "subscription-id"));
  gint64 known = 0;

  for (guint i = 0; cart != NULL && i < g_list_model_get_n_items (cart); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (cart, i);
      const char *product_id = bd_model_get_string (item, "product-id");
      BdProduct *product = bd_sandbox_state_lookup (state, BD_SANDBOX_PRODUCTS, product_id);
      gint64 quantity = MAX (bd_model_get_int (item, "quantity"), 1);
      const char *name = product != NULL && bd_model_get_string (product, "name") != NULL
                         ? bd_model_get_string (product, "name") : product_id;

      add_line (doc, name, quantity, product_amount (product, doc->currency, quantity));
    }
  if (sub != NULL)
    {
      BdProduct *product = bd_sandbox_state_lookup (state, BD_SANDBOX_PRODUCTS,
                                                    bd_model_get_string (sub, "product-id"));
      const char *name = bd_model_get_string (sub, "product-name");
      gint64 quantity = MAX (bd_model_get_int (sub, "quantity"), 1);
      g_autofree char *description = NULL;

      if (name == NULL && product != NULL)
        name = bd_model_get_string (product, "name");
      description = g_strdup_printf ("%s (subscription %s)", name != NULL ? name : "Subscription",
                                     bd_model_get_string (sub, "subscription-id"));
      add_line (doc, description, quantity, product_amount (product, doc->currency, quantity));
    }
  if (doc->lines->len == 0)
    add_line (doc, "Payment", 1, doc->total);

  for (guint i = 0; i + 1 < doc->lines->len; i++)
    {
      Line *line = &g_array_index (doc->lines, Line, i);

      if (line->amount < 0)
        line->amount = 0;
      known += line->amount;
    }
  g_array_index (doc->lines, Line, doc->lines->len - 1).amount = doc->total - known;
}

static gboolean
build_payment (Document       *doc,
               BdSandboxState *state,
               const char     *payment_id)
{
  g_autoptr(BdPayment) payment = bd_sandbox_state_get_payment (state, payment_id);
  const BdMoney *total, *tax;
  const char *last_four, *network;
  g_autofree char *date = NULL;

  if (payment == NULL)
    return FALSE;
  total = bd_model_get_money (payment, "total-amount");
  tax = bd_model_get_money (payment, "tax");
  doc->currency = g_intern_string (bd_money_get_currency (total));
  doc->total = bd_money_get_amount (total);
  doc->tax = tax != NULL ? bd_money_get_amount (tax) : 0;
  doc->number = bd_sandbox_invoice_number (payment_id);
  doc->date = g_date_time_ref (bd_model_get_datetime (payment, "created-at"));
  date = format_date (doc->date);

  add_detail (doc, "Invoice number", doc->number);
  add_detail (doc, "Date", date);
  add_detail (doc, "Payment", payment_id);
  add_detail (doc, "Subscription", bd_model_get_string (payment, "subscription-id"));
  add_detail (doc, "Status", bd_model_get_string (payment, "status-raw"));
  add_customer (doc, payment);
  add_payment_lines (doc, state, payment);

  last_four = bd_model_get_string (payment, "card-last-four");
  network = bd_model_get_string (payment, "card-network");
  switch (bd_model_get_enum (payment, "status"))
    {
    case BD_PAYMENT_STATUS_SUCCEEDED:
      doc->note = last_four != NULL
        ? g_strdup_printf ("Paid on %s with %s card ending in %s.", date,
                           network != NULL ? network : "a", last_four)
        : g_strdup_printf ("Paid on %s.", date);
      break;
    case BD_PAYMENT_STATUS_FAILED:
      doc->note = g_strdup_printf ("Not paid: %s",
                                   bd_model_get_string (payment, "error-message") != NULL
                                   ? bd_model_get_string (payment, "error-message")
                                   : "the payment failed.");
      break;
    default:
      doc->note = g_strdup_printf ("Payment status: %s.", bd_model_get_string (payment, "status-raw"));
      break;
    }
  return TRUE;
}

static gboolean
build_refund (Document       *doc,
              BdSandboxState *state,
              const char     *refund_id)
{
  BdRefund *refund = bd_sandbox_state_lookup (state, BD_SANDBOX_REFUNDS, refund_id);
  g_autoptr(BdPayment) payment = NULL;
  g_autofree char *invoice = NULL;
  g_autofree char *date = NULL;
  g_autofree char *description = NULL;
  const BdMoney *amount, *paid, *paid_tax;
  const char *product = NULL;

  if (refund == NULL)
    return FALSE;
  payment = bd_sandbox_state_get_payment (state, bd_model_get_string (refund, "payment-id"));
  amount = bd_model_get_money (refund, "amount");
  paid = payment != NULL ? bd_model_get_money (payment, "total-amount") : NULL;
  paid_tax = payment != NULL ? bd_model_get_money (payment, "tax") : NULL;

  doc->currency = g_intern_string (amount != NULL ? bd_money_get_currency (amount)
                                   : paid != NULL ? bd_money_get_currency (paid) : "USD");
  doc->total = amount != NULL ? bd_money_get_amount (amount)
               : paid != NULL ? bd_money_get_amount (paid) : 0;
  /* The tax refunded is the payment's, in proportion. */
  if (paid_tax != NULL && paid != NULL && bd_money_get_amount (paid) > 0)
    doc->tax = (gint64) ((double) bd_money_get_amount (paid_tax) * doc->total /
                         bd_money_get_amount (paid) + 0.5);
  doc->number = bd_sandbox_invoice_number (refund_id);
  doc->date = g_date_time_ref (bd_model_get_datetime (refund, "created-at"));
  date = format_date (doc->date);
  invoice = bd_sandbox_invoice_number (bd_model_get_string (refund, "payment-id"));

  add_detail (doc, "Credit note number", doc->number);
  add_detail (doc, "Date", date);
  add_detail (doc, "Refund", refund_id);
  add_detail (doc, "Credits invoice", invoice);
  add_detail (doc, "Status", bd_model_get_string (refund, "status-raw"));
  add_customer (doc, payment != NULL ? (gpointer) payment : (gpointer) refund);

  if (payment != NULL)
    {
      Document paid_doc;

      /* The product of the payment's first line names the refund. */
      document_init (&paid_doc, NULL);
      paid_doc.currency = doc->currency;
      add_payment_lines (&paid_doc, state, payment);
      product = g_array_index (paid_doc.lines, Line, 0).description;
      description = g_strdup_printf ("Refund: %s", product);
      document_clear (&paid_doc);
    }
  add_line (doc, description != NULL ? description : "Refund", 1, doc->total);
  doc->note = bd_model_get_string (refund, "reason") != NULL
    ? g_strdup_printf ("Reason: %s", bd_model_get_string (refund, "reason"))
    : g_strdup ("Refunded to the original payment method.");
  return TRUE;
}

/* Drawing */

typedef struct
{
  cairo_t      *cr;
  PangoLayout  *layout;
} Pen;

/* Draws @text in a box @width wide at (@x, @y); returns its height. */
static double
draw_text (Pen            *pen,
           double          x,
           double          y,
           double          width,
           PangoAlignment  align,
           const char     *font,
           const char     *text)
{
  PangoFontDescription *desc = pango_font_description_from_string (font);
  int w, h;

  pango_layout_set_font_description (pen->layout, desc);
  pango_layout_set_width (pen->layout, pango_units_from_double (width));
  pango_layout_set_alignment (pen->layout, align);
  pango_layout_set_text (pen->layout, text != NULL ? text : "", -1);
  cairo_move_to (pen->cr, x, y);
  pango_cairo_show_layout (pen->cr, pen->layout);
  pango_layout_get_size (pen->layout, &w, &h);
  pango_font_description_free (desc);
  return pango_units_to_double (h);
}

static void
draw_rule (Pen    *pen,
           double  y,
           double  width)
{
  cairo_set_line_width (pen->cr, width);
  cairo_move_to (pen->cr, MARGIN, y);
  cairo_line_to (pen->cr, PAGE_WIDTH - MARGIN, y);
  cairo_stroke (pen->cr);
}

static void
draw_document (Pen      *pen,
               Document *doc)
{
  static const double col_qty = MARGIN + CONTENT * 0.58;
  static const double col_unit = MARGIN + CONTENT * 0.66;
  static const double col_amount = MARGIN + CONTENT * 0.83;
  const double label_x = MARGIN + CONTENT * 0.5;
  const double customer_x = MARGIN + CONTENT * 0.6;
  g_autofree char *upper = g_utf8_strup (doc->title, -1);
  double y = MARGIN, left_y, right_y;
  gint64 subtotal = doc->total - doc->tax;
  struct { const char *label; gint64 amount; const char *font; } totals[] = {
    { "Total excluding tax", subtotal, "Sans 9.5" },
    { "Tax", doc->tax, "Sans 9.5" },
    { "Total", doc->total, "Sans Bold 11" },
  };

  cairo_set_source_rgb (pen->cr, 0.1, 0.1, 0.12);

  /* Header: the title and the business. */
  draw_text (pen, MARGIN, y, CONTENT / 2, PANGO_ALIGN_LEFT, "Sans Bold 22", upper);
  right_y = y + draw_text (pen, label_x, y, CONTENT / 2, PANGO_ALIGN_RIGHT, "Sans Bold 11", business_name);
  for (guint i = 0; business_address[i] != NULL; i++)
    right_y += draw_text (pen, label_x, right_y, CONTENT / 2, PANGO_ALIGN_RIGHT, "Sans 9",
                          business_address[i]);
  y = MAX (right_y, y + 30) + 24;

  /* The details (left) and the customer (right). */
  left_y = right_y = y;
  for (guint i = 0; i + 1 < doc->details->len; i += 2)
    {
      draw_text (pen, MARGIN, left_y, 100, PANGO_ALIGN_LEFT, "Sans Bold 9", doc->details->pdata[i]);
      left_y += draw_text (pen, MARGIN + 100, left_y, customer_x - MARGIN - 110, PANGO_ALIGN_LEFT,
                           "Sans 9", doc->details->pdata[i + 1]) + 3;
    }
  right_y += draw_text (pen, customer_x, right_y, PAGE_WIDTH - MARGIN - customer_x, PANGO_ALIGN_LEFT,
                        "Sans Bold 9", g_str_equal (doc->title, "Invoice") ? "Billed to" : "Credited to") + 3;
  for (guint i = 0; i < doc->customer->len; i++)
    right_y += draw_text (pen, customer_x, right_y, PAGE_WIDTH - MARGIN - customer_x, PANGO_ALIGN_LEFT,
                          "Sans 9", doc->customer->pdata[i]) + 1;
  y = MAX (left_y, right_y) + 28;

  /* The lines. */
  draw_text (pen, MARGIN, y, col_qty - MARGIN - 8, PANGO_ALIGN_LEFT, "Sans Bold 9", "Description");
  draw_text (pen, col_qty, y, col_unit - col_qty - 8, PANGO_ALIGN_RIGHT, "Sans Bold 9", "Qty");
  draw_text (pen, col_unit, y, col_amount - col_unit - 8, PANGO_ALIGN_RIGHT, "Sans Bold 9", "Unit price");
  y += draw_text (pen, col_amount, y, PAGE_WIDTH - MARGIN - col_amount, PANGO_ALIGN_RIGHT,
                  "Sans Bold 9", "Amount") + 4;
  draw_rule (pen, y, 0.8);
  y += 6;
  for (guint i = 0; i < doc->lines->len; i++)
    {
      Line *line = &g_array_index (doc->lines, Line, i);
      g_autofree char *qty = g_strdup_printf ("%" G_GINT64_FORMAT, line->quantity);
      g_autofree char *amount = format_amount (line->amount, doc->currency);
      g_autofree char *unit = line->amount % line->quantity == 0
                              ? format_amount (line->amount / line->quantity, doc->currency)
                              : g_strdup ("");
      double h;

      h = draw_text (pen, MARGIN, y, col_qty - MARGIN - 8, PANGO_ALIGN_LEFT, "Sans 9.5", line->description);
      draw_text (pen, col_qty, y, col_unit - col_qty - 8, PANGO_ALIGN_RIGHT, "Sans 9.5", qty);
      draw_text (pen, col_unit, y, col_amount - col_unit - 8, PANGO_ALIGN_RIGHT, "Sans 9.5", unit);
      draw_text (pen, col_amount, y, PAGE_WIDTH - MARGIN - col_amount, PANGO_ALIGN_RIGHT, "Sans 9.5", amount);
      y += h + 6;
    }
  draw_rule (pen, y, 0.4);
  y += 8;

  /* The totals. */
  for (guint i = 0; i < G_N_ELEMENTS (totals); i++)
    {
      g_autofree char *amount = format_amount (totals[i].amount, doc->currency);

      if (i == G_N_ELEMENTS (totals) - 1)
        {
          cairo_move_to (pen->cr, label_x, y);
          cairo_line_to (pen->cr, PAGE_WIDTH - MARGIN, y);
          cairo_stroke (pen->cr);
          y += 5;
        }
      draw_text (pen, label_x, y, CONTENT / 4, PANGO_ALIGN_LEFT, totals[i].font, totals[i].label);
      y += draw_text (pen, label_x + CONTENT / 4, y, CONTENT / 4, PANGO_ALIGN_RIGHT,
                      totals[i].font, amount) + 4;
    }
  y += 24;

  if (doc->note != NULL)
    y += draw_text (pen, MARGIN, y, CONTENT, PANGO_ALIGN_LEFT, "Sans 9.5", doc->note) + 6;

  cairo_set_source_rgb (pen->cr, 0.45, 0.45, 0.48);
  draw_text (pen, MARGIN, PAGE_HEIGHT - MARGIN - 12, CONTENT, PANGO_ALIGN_CENTER, "Sans 8",
             "Test mode. Issued by billing-desk-sandbox; not a tax document.");
}

static cairo_status_t
write_to_array (void                *closure,
                const unsigned char *data,
                unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
render (Document *doc)
{
  GByteArray *bytes = g_byte_array_new ();
  g_autofree char *title = g_strdup_printf ("%s %s", doc->title, doc->number);
  g_autofree char *date = g_date_time_format (doc->date, "%Y-%m-%dT%H:%M:%SZ");
  cairo_surface_t *surface;
  PangoContext *context;
  Pen pen;

  surface = cairo_pdf_surface_create_for_stream (write_to_array, bytes, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, business_name);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "billing-desk-sandbox");
  /* The object's own date, so the same invoice is the same bytes. */
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_MOD_DATE, date);

  pen.cr = cairo_create (surface);
  pen.layout = pango_cairo_create_layout (pen.cr);
  /* Points are the PDF's units: a 10 pt font is 10 units high. */
  context = pango_layout_get_context (pen.layout);
  pango_cairo_context_set_resolution (context, 72.0);
  pango_layout_context_changed (pen.layout);
  pango_layout_set_wrap (pen.layout, PANGO_WRAP_WORD_CHAR);

  draw_document (&pen, doc);

  g_object_unref (pen.layout);
  cairo_destroy (pen.cr);
  cairo_surface_finish (surface);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    g_warning ("Could not draw %s: %s", title, cairo_status_to_string (cairo_surface_status (surface)));
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (bytes);
}

/* Public API */

char *
bd_sandbox_invoice_number (const char *id)
{
  const char *underscore = strchr (id, '_');

  if (g_str_has_prefix (id, "ref_"))
    return g_strconcat ("CN-", underscore + 1, NULL);
  return g_strconcat ("INV-", underscore != NULL ? underscore + 1 : id, NULL);
}

typedef gboolean (*BuildFunc) (Document       *doc,
                               BdSandboxState *state,
                               const char     *id);

static GBytes *
build_and_render (BdSandboxState *state,
                  const char     *title,
                  BuildFunc       build,
                  const char     *id)
{
  Document doc;
  GBytes *pdf = NULL;

  document_init (&doc, title);
  if (id != NULL && build (&doc, state, id))
    pdf = render (&doc);
  document_clear (&doc);
  return pdf;
}

GBytes *
bd_sandbox_invoice_for_payment (BdSandboxState *state,
                                const char     *payment_id)
{
  g_return_val_if_fail (BD_IS_SANDBOX_STATE (state), NULL);
  return build_and_render (state, "Invoice", build_payment, payment_id);
}

GBytes *
bd_sandbox_invoice_for_refund (BdSandboxState *state,
                               const char     *refund_id)
{
  g_return_val_if_fail (BD_IS_SANDBOX_STATE (state), NULL);
  return build_and_render (state, "Credit note", build_refund, refund_id);
}

static void
reply_pdf (BdSandboxRequest *req,
           GBytes           *pdf,
           const char       *what)
{
  const char *id = bd_sandbox_request_param (req, 0);
  g_autofree char *number = NULL;
  g_autofree char *disposition = NULL;

  if (pdf == NULL)
    {
      bd_sandbox_reply_not_found (req, what, id);
      return;
    }
  number = bd_sandbox_invoice_number (id);
  disposition = g_strdup_printf ("inline; filename=\"%s.pdf\"", number);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Content-Disposition", disposition);
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (req->msg, "application/pdf", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
  g_bytes_unref (pdf);
}

void
bd_sandbox_invoice_payment_route (BdSandboxRequest *req)
{
  reply_pdf (req, bd_sandbox_invoice_for_payment (req->state, bd_sandbox_request_param (req, 0)),
             "Payment");
}

void
bd_sandbox_invoice_refund_route (BdSandboxRequest *req)
{
  reply_pdf (req, bd_sandbox_invoice_for_refund (req->state, bd_sandbox_request_param (req, 0)),
             "Refund");
}
