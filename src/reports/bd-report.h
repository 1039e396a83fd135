/* bd-report.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bd-dodo-client.h"
#include "bd-store.h"

G_BEGIN_DECLS

/*
 * Reports (design §2, §8, §9): the invoices (payments) of the cache that
 * match a BdReportQuery, written as CSV, JSON or a PDF summary, and the
 * invoice PDFs themselves downloaded into a folder.  One entry point each,
 * shared by the Export dialog and `billing-desk export`.
 *
 * Threads: everything here is synchronous and may take minutes on a
 * million rows, so callers run it on a worker thread (GTask) with a BdStore
 * opened on that thread (one connection per thread, design §6): the store
 * is only read, in one read transaction per export, so the sync engine can
 * go on writing meanwhile (WAL).  The progress callback is called on that
 * thread: marshal it to the main context before touching widgets.
 *
 * Files: every export writes a hidden temporary file in the destination's
 * folder and renames it over the destination only when complete (rename(2)
 * is atomic), so a failure or a cancellation leaves the previous file, or
 * no file, and never a partial one.  Errors name the file and the reason.
 *
 * What is exported: the rows of the payments table that match the query,
 * oldest first (created_at, then rowid).
 *
 * CSV: RFC 4180, UTF-8 without a byte-order mark (spreadsheets that need
 * one to guess the encoding can import as UTF-8), CRLF line ends, a header
 * row, and fields with a comma, quote, CR or LF quoted with quotes doubled.
 * Columns (the header is fixed English, for scripts):
 *
 *   date            ISO 8601 UTC to the second, 2026-01-31T09:05:00Z
 *   invoice_id, payment_id, customer_name, customer_email,
 *   products        the product names of the cart, ", "-separated
 *   status          Dodo's payment status (succeeded, failed, …)
 *   currency        ISO 4217 code
 *   amount, tax, refunded, net
 *                   plain numbers in major units with '.' and the
 *                   currency's exponent (12.50, 1200 for JPY), never
 *                   neutralised; net = amount - refunded
 *   card            card network and last four digits, "VISA 4242"
 *
 * A NULL value is an empty field.  Text cells that begin with = + - @, TAB
 * or CR get a leading ' so spreadsheets do not run them as formulas.
 *
 * JSON: one array of objects, UTF-8, with these keys in this order, every
 * key always present (null when unknown); tests/fixtures/report-schema.json
 * is its JSON Schema:
 *
 *   created_at (string, ISO 8601 UTC), invoice_id, payment_id, customer_id,
 *   customer_name, customer_email, products, status, currency (strings or
 *   null), amount, tax, refunded, net (decimal strings in major units,
 *   "12.50": exact, which a JSON number read as a double is not),
 *   card_network, card_last_four, subscription_id (strings or null)
 *
 * PDF: a summary drawn with cairo and Pango: the business, the period and
 * filters, then per currency the totals (count, gross, refunds, net), by
 * month, by product (the cart's product names), the refunds and the top
 * customers, all over the *succeeded* payments that match; then the
 * invoice table of every matching payment (any status), paginated with
 * its header repeated.  A4 or Letter by locale (bd_report_paper_for_locale).
 * Amounts read "1234.50 USD".
 */

typedef enum
{
  BD_REPORT_FORMAT_CSV,
  BD_REPORT_FORMAT_JSON,
  BD_REPORT_FORMAT_PDF,
} BdReportFormat;

typedef enum
{
  BD_REPORT_PAPER_AUTO,     /* bd_report_paper_for_locale () */
  BD_REPORT_PAPER_A4,
  BD_REPORT_PAPER_LETTER,
} BdReportPaper;

/* Which payments: every member is optional (NULL: no filter).  The GUI
 * fills it from the current view, the command line from its options. */
typedef struct
{
  GDateTime     *from;           /* created_at >= from */
  GDateTime     *to;             /* created_at < to (exclusive) */
  char          *status;         /* "succeeded", … */
  char          *currency;       /* "USD", … */
  char          *product_id;     /* a product in the cart */
  char          *customer_id;
  char          *search;         /* what was typed in the search field */

  /* For the PDF only. */
  char          *business_name;  /* the title; NULL: none */
  BdReportPaper  paper;
} BdReportQuery;

#define BD_TYPE_REPORT_QUERY (bd_report_query_get_type ())

GType          bd_report_query_get_type (void) G_GNUC_CONST;
BdReportQuery *bd_report_query_new      (void);
BdReportQuery *bd_report_query_copy     (const BdReportQuery *self);
void           bd_report_query_free     (BdReportQuery       *self);

/* Sets from/to from dates as people write them, both days included:
 * "2026-01-01", "2026-03-31" → [2026-01-01T00:00Z, 2026-04-01T00:00Z).
 * Either may be NULL (open-ended).  A date that does not parse, or a start
 * after the end, is a G_IO_ERROR_INVALID_ARGUMENT naming it, and changes
 * nothing. */
gboolean       bd_report_query_set_days (BdReportQuery       *self,
                                         const char          *first_day,
                                         const char          *last_day,
                                         GError             **error);

/* The paper of the user's locale: LC_PAPER where the C library tells it
 * (glibc), else Letter for the countries that use it (US, CA, MX, …, from
 * LC_ALL / LC_PAPER / LC_MESSAGES / LANG), else A4. */
BdReportPaper  bd_report_paper_for_locale (void);

/* Progress: @done of @total rows (or invoices).  Called on the exporting
 * thread, a few times a second at most. */
typedef void (*BdReportProgressFunc) (guint64   done,
                                      guint64   total,
                                      gpointer  user_data);

/* Writes the report to @destination (see above).  Synchronous: run it on
 * a worker thread with that thread's own BdStore.  Cancelling leaves the
 * destination as it was, with G_IO_ERROR_CANCELLED. */
gboolean       bd_report_export         (BdStore              *store,
                                         const BdReportQuery  *query,
                                         BdReportFormat        format,
                                         GFile                *destination,
                                         BdReportProgressFunc  progress,
                                         gpointer              progress_data,
                                         GCancellable         *cancellable,
                                         GError              **error);

/* The same into any stream (a pipe, stdout for `--output -`), without the
 * temporary file; the stream is not closed. */
gboolean       bd_report_write          (BdStore              *store,
                                         const BdReportQuery  *query,
                                         BdReportFormat        format,
                                         GOutputStream        *output,
                                         BdReportProgressFunc  progress,
                                         gpointer              progress_data,
                                         GCancellable         *cancellable,
                                         GError              **error);

/* What bd_report_download_invoices () did. */
typedef struct
{
  guint64 total;        /* matching succeeded payments */
  guint64 downloaded;
  guint64 skipped;      /* already there and valid */
  guint64 missing;      /* the server has no invoice for it (404) */
} BdReportDownloadStats;

/* Downloads the invoice PDF of every *succeeded* payment matching @query
 * into @folder (created if missing), one file per payment named after its
 * invoice id ("inv_….pdf"), or its payment id when it has none.  Resumable:
 * a file that is already there and valid (begins with "%PDF-", ends with
 * "%%EOF") is skipped, anything else is downloaded again.  Each download
 * goes through @client's bd_dodo_client_download path, so it is written to
 * a temporary file and renamed, retried, and kept within the client's
 * request budget; a few run at once.  Synchronous, like bd_report_export();
 * cancelling stops between files and leaves only complete ones.  Progress
 * counts payments handled (downloaded, skipped or missing) of the total.
 * @stats: (out) (optional). */
gboolean       bd_report_download_invoices (BdDodoClient          *client,
                                            BdStore               *store,
                                            const BdReportQuery   *query,
                                            GFile                 *folder,
                                            BdReportProgressFunc   progress,
                                            gpointer               progress_data,
                                            BdReportDownloadStats *stats,
                                            GCancellable          *cancellable,
                                            GError               **error);

/* Fills @stream; FALSE with @error set on failure. */
typedef gboolean (*BdReportWriteFunc) (GOutputStream  *stream,
                                       gpointer        user_data,
                                       GCancellable   *cancellable,
                                       GError        **error);

/* Writes @destination whole or not at all: @write fills a new hidden file
 * beside it (".NAME.XXXXXX"), which is then renamed over @destination; on
 * any failure the hidden file is removed and @destination stays as it was.
 * When the hidden file cannot be made, the error is about the folder ("does
 * not exist", "no permission").  bd_report_export() writes through it. */
gboolean       bd_report_write_file     (GFile                *destination,
                                         BdReportWriteFunc     write,
                                         gpointer              user_data,
                                         GCancellable         *cancellable,
                                         GError              **error);

/* Whether @file looks like a whole PDF: begins with "%PDF-" and ends with
 * "%%EOF" (and at most some white space). */
gboolean       bd_report_is_valid_pdf   (GFile                *file);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdReportQuery, bd_report_query_free)

G_END_DECLS
