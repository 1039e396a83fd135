/* bd-report-pdf.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-reports"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "bd-enums.h"
#include "bd-report-private.h"
#include "bd-status-words.h"

/*
 * The PDF summary (bd-report.h): cairo's PDF surface writes into the
 * report's buffered output as pages are shown, so a long invoice table
 * streams like the CSV does.  Every section is one SQL query over the
 * same read transaction; summaries count succeeded payments only.
 */

#define POINTS_PER_MM (72.0 / 25.4)
#define MARGIN (18 * POINTS_PER_MM)
#define FOOTER 24.0
#define ROW_GAP 3.0
#define TOP_CUSTOMERS 10
#define TOP_REFUNDS 20
#define MAX_PRODUCTS 100

#define SUCCEEDED "payments.status = 'succeeded'"

typedef enum
{
  LEFT,
  RIGHT,
} Align;

typedef struct
{
  const char *title;
  double      width;   /* share of the text width */
  Align       align;
} Column;

typedef struct
{
  BdStore             *store;
  const BdReportQuery *query;
  cairo_surface_t     *surface;
  cairo_t             *cr;
  PangoLayout         *layout;
  PangoFontDescription *title_font;
  PangoFontDescription *heading_font;
  PangoFontDescription *body_font;
  PangoFontDescription *bold_font;
  PangoFontDescription *small_font;
  double               page_width;
  double               page_height;
  double               y;
  guint                page;
  /* The table being drawn, to repeat its header on a new page. */
  const Column        *columns;
  guint                n_columns;
} Pdf;

static cairo_status_t
write_to_out (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  BdReportOut *out = closure;

  bd_report_out_write (out, (const char *) data, length);
  return out->error == NULL ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Text */

static double
text_width (Pdf *pdf)
{
  return pdf->page_width - 2 * MARGIN;
}

/* Draws @text at (@x, y) in a box @width wide (one line, ellipsized when
 * @single_line); returns its height. */
static double
draw_text (Pdf                        *pdf,
           double                      x,
           double                      width,
           const PangoFontDescription *font,
           Align                       align,
           gboolean                    single_line,
           const char                 *text)
{
  g_autofree char *clean = NULL;
  int w, h;

  /* A cell is one line: control characters (a newline or a CR in a name)
   * would draw as boxes or break the row. */
  if (single_line && text != NULL)
    {
      clean = g_strdup (text);
      for (char *p = clean; *p != '\0'; p++)
        if ((guchar) *p < 0x20 || *p == 0x7f)
          *p = ' ';
      text = g_strstrip (clean);
    }

  pango_layout_set_font_description (pdf->layout, font);
  pango_layout_set_width (pdf->layout, (int) (width * PANGO_SCALE));
  pango_layout_set_alignment (pdf->layout, align == RIGHT ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  pango_layout_set_single_paragraph_mode (pdf->layout, single_line);
  pango_layout_set_ellipsize (pdf->layout, single_line ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  pango_layout_set_text (pdf->layout, text != NULL ? text : "", -1);
  cairo_move_to (pdf->cr, x, pdf->y);
  pango_cairo_show_layout (pdf->cr, pdf->layout);
  pango_layout_get_size (pdf->layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static double
line_height (Pdf                        *pdf,
             const PangoFontDescription *font)
{
  int w, h;

  pango_layout_set_font_description (pdf->layout, font);
  pango_layout_set_width (pdf->layout, -1);
  pango_layout_set_text (pdf->layout, "Ag", -1);
  pango_layout_get_size (pdf->layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

/* Pages */

static void
draw_footer (Pdf *pdf)
{
  g_autofree char *page = g_strdup_printf (_("Page %u"), pdf->page);
  double y = pdf->y;

  pdf->y = pdf->page_height - MARGIN + 6;
  cairo_set_source_rgb (pdf->cr, 0.4, 0.4, 0.4);
  draw_text (pdf, MARGIN, text_width (pdf) / 2, pdf->small_font, LEFT, TRUE,
             pdf->query->business_name != NULL ? pdf->query->business_name : _("Invoice report"));
  draw_text (pdf, MARGIN + text_width (pdf) / 2, text_width (pdf) / 2, pdf->small_font, RIGHT, TRUE, page);
  cairo_set_source_rgb (pdf->cr, 0, 0, 0);
  pdf->y = y;
}

static void draw_table_header (Pdf *pdf);

static void
new_page (Pdf *pdf)
{
  draw_footer (pdf);
  cairo_show_page (pdf->cr);
  pdf->page++;
  pdf->y = MARGIN;
  if (pdf->columns != NULL)
    draw_table_header (pdf);
}

/* Starts a new page unless @height fits on this one. */
static void
need (Pdf    *pdf,
      double  height)
{
  if (pdf->y + height > pdf->page_height - MARGIN - FOOTER)
    new_page (pdf);
}

/* Tables */

static void
draw_row (Pdf                        *pdf,
          const PangoFontDescription *font,
          const char * const         *cells)
{
  double x = MARGIN, height = 0;
  double row = line_height (pdf, font) + ROW_GAP;

  need (pdf, row);
  for (guint i = 0; i < pdf->n_columns; i++)
    {
      double width = pdf->columns[i].width * text_width (pdf);

      height = MAX (height, draw_text (pdf, x, width - 6, font, pdf->columns[i].align, TRUE, cells[i]));
      x += width;
    }
  pdf->y += MAX (height, row - ROW_GAP) + ROW_GAP;
}

static void
draw_table_header (Pdf *pdf)
{
  const char *titles[16];

  for (guint i = 0; i < pdf->n_columns; i++)
    titles[i] = _(pdf->columns[i].title);
  draw_row (pdf, pdf->bold_font, titles);
  cairo_set_line_width (pdf->cr, 0.5);
  cairo_move_to (pdf->cr, MARGIN, pdf->y - ROW_GAP / 2);
  cairo_line_to (pdf->cr, pdf->page_width - MARGIN, pdf->y - ROW_GAP / 2);
  cairo_stroke (pdf->cr);
}

static void
begin_table (Pdf          *pdf,
             const Column *columns,
             guint         n_columns)
{
  g_assert (n_columns <= 16);
  /* The header and a first row on the same page. */
  need (pdf, 2 * (line_height (pdf, pdf->body_font) + ROW_GAP));
  pdf->columns = columns;
  pdf->n_columns = n_columns;
  draw_table_header (pdf);
}

static void
end_table (Pdf *pdf)
{
  pdf->columns = NULL;
  pdf->n_columns = 0;
  pdf->y += 10;
}

static void
heading (Pdf        *pdf,
         const char *text)
{
  double height = line_height (pdf, pdf->heading_font);

  /* A heading never ends a page alone. */
  need (pdf, height + 3 * (line_height (pdf, pdf->body_font) + ROW_GAP));
  pdf->y += 4;
  pdf->y += draw_text (pdf, MARGIN, text_width (pdf), pdf->heading_font, LEFT, TRUE, text) + 4;
}

static void
note (Pdf        *pdf,
      const char *text)
{
  pdf->y += draw_text (pdf, MARGIN, text_width (pdf), pdf->body_font, LEFT, FALSE, text) + 8;
}

/* "1234.50 USD" */
static char *
money (gint64      minor,
       const char *currency)
{
  char buf[32];
  gsize n = bd_report_format_amount (buf, minor, bd_report_currency_exponent (currency));

  return g_strdup_printf ("%.*s %s", (int) n, buf, currency != NULL ? currency : "");
}

static char *
day (gint64 usec)
{
  char buf[20];

  bd_report_format_time (buf, usec);
  return g_strndup (buf, 10);
}

static const char *
text_column (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

/* Runs a summary query and draws one row per result with @row; says so
 * when there is none.  FALSE with @error when the query fails. */
typedef void (*SummaryRowFunc) (Pdf *pdf, sqlite3_stmt *stmt);

static gboolean
summary_table (Pdf             *pdf,
               const Column    *columns,
               guint            n_columns,
               const char      *select_from,
               const char      *extra_where,
               const char      *tail,
               SummaryRowFunc   row,
               GError         **error)
{
  sqlite3_stmt *stmt = bd_report_query_prepare (pdf->store, pdf->query, select_from,
                                                extra_where, tail, error);
  guint n = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (n++ == 0)
        begin_table (pdf, columns, n_columns);
      row (pdf, stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return bd_store_fail (pdf->store, error, "Could not summarise the payments");
  if (n == 0)
    note (pdf, _("No succeeded payments."));
  else
    end_table (pdf);
  return TRUE;
}

/* Sections */

static void
draw_title (Pdf *pdf)
{
  const BdReportQuery *q = pdf->query;
  g_autoptr(GPtrArray) filters = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *generated = g_date_time_format (now, "%Y-%m-%d %H:%M UTC");
  g_autofree char *from = q->from != NULL ? g_date_time_format (q->from, "%Y-%m-%d") : NULL;
  g_autofree char *to = NULL;
  g_autofree char *period = NULL;
  g_autofree char *line = NULL;

  if (q->to != NULL)
    {
      /* The end is exclusive: show the last day included. */
      g_autoptr(GDateTime) last = g_date_time_add_seconds (q->to, -1);

      to = g_date_time_format (last, "%Y-%m-%d");
    }
  if (from != NULL && to != NULL)
    period = g_strdup_printf (_("Period: %s to %s"), from, to);
  else if (from != NULL)
    period = g_strdup_printf (_("Period: from %s"), from);
  else if (to != NULL)
    period = g_strdup_printf (_("Period: until %s"), to);
  else
    period = g_strdup (_("Period: all dates"));

  if (q->status != NULL)
    g_ptr_array_add (filters, g_strdup_printf (_("status %s"),
                                                   bd_status_word_for_raw (BD_TYPE_PAYMENT_STATUS, q->status)));
  if (q->currency != NULL)
    g_ptr_array_add (filters, g_strdup_printf (_("currency %s"), q->currency));
  if (q->product_id != NULL)
    g_ptr_array_add (filters, g_strdup_printf (_("product %s"), q->product_id));
  if (q->customer_id != NULL)
    g_ptr_array_add (filters, g_strdup_printf (_("customer %s"), q->customer_id));
  if (q->search != NULL && *q->search != '\0')
    g_ptr_array_add (filters, g_strdup_printf (_("search “%s”"), q->search));

  if (q->business_name != NULL)
    pdf->y += draw_text (pdf, MARGIN, text_width (pdf), pdf->title_font, LEFT, TRUE, q->business_name);
  pdf->y += draw_text (pdf, MARGIN, text_width (pdf),
                       q->business_name != NULL ? pdf->heading_font : pdf->title_font,
                       LEFT, TRUE, _("Invoice report")) + 6;
  pdf->y += draw_text (pdf, MARGIN, text_width (pdf), pdf->body_font, LEFT, TRUE, period) + 2;
  if (filters->len > 0)
    {
      g_autofree char *joined = NULL;

      g_ptr_array_add (filters, NULL);
      joined = g_strjoinv (", ", (char **) filters->pdata);
      line = g_strdup_printf (_("Filters: %s"), joined);
      pdf->y += draw_text (pdf, MARGIN, text_width (pdf), pdf->body_font, LEFT, FALSE, line) + 2;
      g_clear_pointer (&line, g_free);
    }
  line = g_strdup_printf (_("Generated %s. Totals count succeeded payments; amounts are in each "
                            "payment’s currency."), generated);
  pdf->y += draw_text (pdf, MARGIN, text_width (pdf), pdf->small_font, LEFT, FALSE, line) + 12;
}

/* The count, gross, refunds and net cells of a summary row whose columns
 * from @first are count, gross, refunded. */
typedef struct
{
  char *count;
  char *gross;
  char *refunds;
  char *net;
} Amounts;

static void
amounts_init (Amounts      *a,
              sqlite3_stmt *stmt,
              int           first,
              const char   *currency)
{
  gint64 gross = sqlite3_column_int64 (stmt, first + 1);
  gint64 refunded = sqlite3_column_int64 (stmt, first + 2);

  a->count = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, first));
  a->gross = money (gross, currency);
  a->refunds = money (refunded, currency);
  a->net = money (gross - refunded, currency);
}

static void
amounts_clear (Amounts *a)
{
  g_free (a->count);
  g_free (a->gross);
  g_free (a->refunds);
  g_free (a->net);
}

/* currency, count, gross, refunded */
static void
totals_row (Pdf          *pdf,
            sqlite3_stmt *stmt)
{
  const char *currency = text_column (stmt, 0);
  Amounts a;

  amounts_init (&a, stmt, 1, currency);
  draw_row (pdf, pdf->body_font, (const char *[]) { currency, a.count, a.gross, a.refunds, a.net });
  amounts_clear (&a);
}

/* label, currency, count, gross, refunded */
static void
grouped_row (Pdf          *pdf,
             sqlite3_stmt *stmt)
{
  const char *currency = text_column (stmt, 1);
  Amounts a;

  amounts_init (&a, stmt, 2, currency);
  draw_row (pdf, pdf->body_font,
            (const char *[]) { text_column (stmt, 0), currency, a.count, a.gross, a.refunds, a.net });
  amounts_clear (&a);
}

/* name, email, currency, count, net */
static void
customer_row (Pdf          *pdf,
              sqlite3_stmt *stmt)
{
  const char *currency = text_column (stmt, 2);
  g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 3));
  g_autofree char *net_text = money (sqlite3_column_int64 (stmt, 4), currency);
  const char *cells[] = { text_column (stmt, 0), text_column (stmt, 1), currency, count, net_text };

  draw_row (pdf, pdf->body_font, cells);
}

/* created_at, invoice_id, customer_name, currency, total, refunded */
static void
refund_row (Pdf          *pdf,
            sqlite3_stmt *stmt)
{
  const char *currency = text_column (stmt, 3);
  g_autofree char *date = day (sqlite3_column_int64 (stmt, 0));
  g_autofree char *total = money (sqlite3_column_int64 (stmt, 4), currency);
  g_autofree char *refunded = money (sqlite3_column_int64 (stmt, 5), currency);
  const char *cells[] = { date, text_column (stmt, 1), text_column (stmt, 2), total, refunded };

  draw_row (pdf, pdf->body_font, cells);
}

static const Column totals_columns[] = {
  { N_("Currency"), 0.16, LEFT }, { N_("Payments"), 0.14, RIGHT }, { N_("Gross"), 0.24, RIGHT },
  { N_("Refunds"), 0.22, RIGHT }, { N_("Net"), 0.24, RIGHT },
};
static const Column month_columns[] = {
  { N_("Month"), 0.12, LEFT }, { N_("Currency"), 0.13, LEFT }, { N_("Payments"), 0.13, RIGHT },
  { N_("Gross"), 0.21, RIGHT }, { N_("Refunds"), 0.20, RIGHT }, { N_("Net"), 0.21, RIGHT },
};
static const Column product_columns[] = {
  { N_("Products"), 0.24, LEFT }, { N_("Currency"), 0.13, LEFT }, { N_("Payments"), 0.13, RIGHT },
  { N_("Gross"), 0.17, RIGHT }, { N_("Refunds"), 0.16, RIGHT }, { N_("Net"), 0.17, RIGHT },
};
static const Column refund_columns[] = {
  { N_("Date"), 0.14, LEFT }, { N_("Invoice"), 0.20, LEFT }, { N_("Customer"), 0.26, LEFT },
  { N_("Amount"), 0.20, RIGHT }, { N_("Refunded"), 0.20, RIGHT },
};
static const Column customer_columns[] = {
  { N_("Customer"), 0.24, LEFT }, { N_("Email"), 0.29, LEFT }, { N_("Currency"), 0.13, LEFT },
  { N_("Payments"), 0.12, RIGHT }, { N_("Net"), 0.22, RIGHT },
};
static const Column invoice_columns[] = {
  { N_("Date"), 0.15, LEFT }, { N_("Invoice"), 0.17, LEFT }, { N_("Customer"), 0.22, LEFT },
  { N_("Status"), 0.13, LEFT }, { N_("Amount"), 0.17, RIGHT }, { N_("Refunded"), 0.16, RIGHT },
};

#define MONTH "strftime ('%Y-%m', payments.created_at / 1000000, 'unixepoch')"

static gboolean
draw_summaries (Pdf     *pdf,
                GError **error)
{
  heading (pdf, _("Totals per currency"));
  if (!summary_table (pdf, totals_columns, G_N_ELEMENTS (totals_columns),
                      "SELECT payments.currency, count(*), coalesce (sum (payments.total_amount), 0),"
                      " coalesce (sum (payments.refunded_amount), 0) FROM payments",
                      SUCCEEDED, "GROUP BY payments.currency ORDER BY payments.currency",
                      totals_row, error))
    return FALSE;

  heading (pdf, _("By month"));
  if (!summary_table (pdf, month_columns, G_N_ELEMENTS (month_columns),
                      "SELECT " MONTH ", payments.currency, count(*), coalesce (sum (payments.total_amount), 0),"
                      " coalesce (sum (payments.refunded_amount), 0) FROM payments",
                      SUCCEEDED, "GROUP BY 1, 2 ORDER BY 1, 2",
                      grouped_row, error))
    return FALSE;

  heading (pdf, _("By product"));
  if (!summary_table (pdf, product_columns, G_N_ELEMENTS (product_columns),
                      "SELECT coalesce (payments.product_names, '—'), payments.currency, count(*),"
                      " coalesce (sum (payments.total_amount), 0), coalesce (sum (payments.refunded_amount), 0) FROM payments",
                      SUCCEEDED, "GROUP BY 1, 2 ORDER BY 2, 4 DESC LIMIT " G_STRINGIFY (MAX_PRODUCTS),
                      grouped_row, error))
    return FALSE;

  heading (pdf, _("Refunds"));
  if (!summary_table (pdf, totals_columns, G_N_ELEMENTS (totals_columns),
                      "SELECT payments.currency, count(*), coalesce (sum (payments.total_amount), 0),"
                      " coalesce (sum (payments.refunded_amount), 0) FROM payments",
                      SUCCEEDED " AND payments.refunded_amount > 0",
                      "GROUP BY payments.currency ORDER BY payments.currency",
                      totals_row, error))
    return FALSE;
  if (!summary_table (pdf, refund_columns, G_N_ELEMENTS (refund_columns),
                      "SELECT payments.created_at, coalesce (payments.invoice_id, payments.payment_id),"
                      " payments.customer_name, payments.currency, payments.total_amount,"
                      " payments.refunded_amount FROM payments",
                      SUCCEEDED " AND payments.refunded_amount > 0",
                      "ORDER BY payments.refunded_amount DESC LIMIT " G_STRINGIFY (TOP_REFUNDS),
                      refund_row, error))
    return FALSE;

  heading (pdf, _("Top customers"));
  return summary_table (pdf, customer_columns, G_N_ELEMENTS (customer_columns),
                        "SELECT name, email, currency, n, net FROM (SELECT"
                        " max (payments.customer_name) AS name, max (payments.customer_email) AS email,"
                        " payments.currency AS currency, count(*) AS n,"
                        " coalesce (sum (payments.total_amount), 0) - coalesce (sum (payments.refunded_amount), 0) AS net,"
                        " row_number () OVER (PARTITION BY payments.currency ORDER BY"
                        "   coalesce (sum (payments.total_amount), 0) - coalesce (sum (payments.refunded_amount), 0) DESC) AS rank"
                        " FROM payments",
                        SUCCEEDED,
                        "GROUP BY payments.customer_id, payments.currency)"
                        " WHERE rank <= " G_STRINGIFY (TOP_CUSTOMERS) " ORDER BY currency, net DESC",
                        customer_row, error);
}

static gboolean
draw_invoices (Pdf               *pdf,
               BdReportOut       *out,
               BdReportProgress  *progress,
               GError           **error)
{
  sqlite3_stmt *stmt;
  guint64 n = 0;
  gint64 total;
  int rc;

  total = bd_report_query_count (pdf->store, pdf->query, NULL, error);
  if (total < 0)
    return FALSE;
  progress->total = (guint64) total;
  bd_report_progress_update (progress, 0);

  heading (pdf, _("Invoices"));
  if (total == 0)
    {
      note (pdf, _("No payments match."));
      return TRUE;
    }
  stmt = bd_report_query_prepare (pdf->store, pdf->query,
                                  "SELECT payments.created_at, coalesce (payments.invoice_id, payments.payment_id),"
                                  " payments.customer_name, payments.status, payments.currency,"
                                  " payments.total_amount, payments.refunded_amount FROM payments",
                                  NULL, "ORDER BY payments.created_at, payments.rowid", error);
  if (stmt == NULL)
    return FALSE;

  begin_table (pdf, invoice_columns, G_N_ELEMENTS (invoice_columns));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *currency = text_column (stmt, 4);
      g_autofree char *date = day (sqlite3_column_int64 (stmt, 0));
      g_autofree char *amount = money (sqlite3_column_int64 (stmt, 5), currency);
      g_autofree char *refunded = sqlite3_column_int64 (stmt, 6) != 0
        ? money (sqlite3_column_int64 (stmt, 6), currency) : NULL;
      const char *cells[] = { date, text_column (stmt, 1), text_column (stmt, 2),
                              bd_status_word_for_raw (BD_TYPE_PAYMENT_STATUS, text_column (stmt, 3)),
                              amount, refunded };

      draw_row (pdf, pdf->body_font, cells);
      if (++n % 256 == 0)
        {
          if (out->error != NULL || g_cancellable_set_error_if_cancelled (out->cancellable, error))
            {
              sqlite3_finalize (stmt);
              return FALSE;
            }
          bd_report_progress_update (progress, n);
        }
    }
  sqlite3_finalize (stmt);
  end_table (pdf);
  if (rc != SQLITE_DONE)
    return bd_store_fail (pdf->store, error, "Could not read the payments");
  bd_report_progress_update (progress, n);
  return TRUE;
}

gboolean
bd_report_write_pdf (BdStore              *store,
                     const BdReportQuery  *query,
                     BdReportOut          *out,
                     BdReportProgress     *progress,
                     GError              **error)
{
  BdReportPaper paper = query->paper != BD_REPORT_PAPER_AUTO ? query->paper : bd_report_paper_for_locale ();
  Pdf pdf = { store, query };
  cairo_status_t status;
  gboolean ok;

  if (paper == BD_REPORT_PAPER_LETTER)
    {
      pdf.page_width = 8.5 * 72;
      pdf.page_height = 11 * 72;
    }
  else
    {
      pdf.page_width = 210 * POINTS_PER_MM;
      pdf.page_height = 297 * POINTS_PER_MM;
    }

  pdf.surface = cairo_pdf_surface_create_for_stream (write_to_out, out, pdf.page_width, pdf.page_height);
  cairo_pdf_surface_set_metadata (pdf.surface, CAIRO_PDF_METADATA_TITLE, _("Invoice report"));
  cairo_pdf_surface_set_metadata (pdf.surface, CAIRO_PDF_METADATA_CREATOR, "Billing Desk");
  pdf.cr = cairo_create (pdf.surface);
  pdf.layout = pango_cairo_create_layout (pdf.cr);
  pdf.title_font = pango_font_description_from_string ("Sans Bold 18");
  pdf.heading_font = pango_font_description_from_string ("Sans Bold 12");
  pdf.body_font = pango_font_description_from_string ("Sans 8.5");
  pdf.bold_font = pango_font_description_from_string ("Sans Bold 8.5");
  pdf.small_font = pango_font_description_from_string ("Sans 7.5");
  pdf.page = 1;
  pdf.y = MARGIN;

  draw_title (&pdf);
  ok = draw_summaries (&pdf, error) && draw_invoices (&pdf, out, progress, error);
  draw_footer (&pdf);

  g_object_unref (pdf.layout);
  pango_font_description_free (pdf.title_font);
  pango_font_description_free (pdf.heading_font);
  pango_font_description_free (pdf.body_font);
  pango_font_description_free (pdf.bold_font);
  pango_font_description_free (pdf.small_font);
  cairo_destroy (pdf.cr);
  cairo_surface_finish (pdf.surface);
  status = cairo_surface_status (pdf.surface);
  cairo_surface_destroy (pdf.surface);

  if (!ok)
    return FALSE;
  /* A write error is in out->error, which the caller reports. */
  if (status != CAIRO_STATUS_SUCCESS && out->error == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not draw the PDF: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  return out->error == NULL;
}
