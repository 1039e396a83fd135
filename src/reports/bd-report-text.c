/* bd-report-text.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-reports"

#include "config.h"

#include "bd-report-private.h"

/*
 * The CSV and JSON writers (formats in bd-report.h): one SELECT streamed
 * row by row into the output buffer, formatting by hand (no printf, no
 * GDateTime, no double), so a million rows take about as long as SQLite
 * takes to read them.
 */

#define ROW_SELECT \
  "SELECT payments.created_at, payments.invoice_id, payments.payment_id," \
  " payments.customer_id, payments.customer_name, payments.customer_email," \
  " payments.product_names, payments.status, payments.currency, payments.total_amount," \
  " payments.tax, payments.refunded_amount, payments.card_network," \
  " payments.card_last_four, payments.subscription_id FROM payments"
#define ROW_ORDER "ORDER BY payments.created_at, payments.rowid"

enum {
  COL_CREATED_AT,
  COL_INVOICE_ID,
  COL_PAYMENT_ID,
  COL_CUSTOMER_ID,
  COL_CUSTOMER_NAME,
  COL_CUSTOMER_EMAIL,
  COL_PRODUCT_NAMES,
  COL_STATUS,
  COL_CURRENCY,
  COL_TOTAL_AMOUNT,
  COL_TAX,
  COL_REFUNDED_AMOUNT,
  COL_CARD_NETWORK,
  COL_CARD_LAST_FOUR,
  COL_SUBSCRIPTION_ID,
};

/* Check for cancellation and report progress every this many rows. */
#define CHECK_EVERY 1024

/* The exponent of the last currency seen: rows come in runs of few
 * currencies. */
typedef struct
{
  char currency[8];
  int  exponent;
} ExponentCache;

typedef void (*RowFunc) (BdReportOut   *out,
                         sqlite3_stmt  *stmt,
                         guint64        index,
                         ExponentCache *cache);

static int
row_exponent (ExponentCache *cache,
              sqlite3_stmt  *stmt)
{
  const char *currency = (const char *) sqlite3_column_text (stmt, COL_CURRENCY);
  int n = sqlite3_column_bytes (stmt, COL_CURRENCY);

  if (currency == NULL || n >= (int) sizeof cache->currency)
    return bd_report_currency_exponent (currency);
  if (memcmp (cache->currency, currency, n + 1) != 0)
    {
      memcpy (cache->currency, currency, n + 1);
      cache->exponent = bd_report_currency_exponent (currency);
    }
  return cache->exponent;
}

/* The amounts of a row: total and refunded are NULL together (a payment
 * without a total), tax may be NULL alone. */
typedef struct
{
  gboolean has_total;
  gboolean has_tax;
  gint64   total;
  gint64   tax;
  gint64   refunded;
  int      exponent;
} RowAmounts;

static void
row_amounts (RowAmounts    *a,
             sqlite3_stmt  *stmt,
             ExponentCache *cache)
{
  a->has_total = sqlite3_column_type (stmt, COL_TOTAL_AMOUNT) != SQLITE_NULL;
  a->has_tax = sqlite3_column_type (stmt, COL_TAX) != SQLITE_NULL;
  a->total = sqlite3_column_int64 (stmt, COL_TOTAL_AMOUNT);
  a->tax = sqlite3_column_int64 (stmt, COL_TAX);
  a->refunded = sqlite3_column_int64 (stmt, COL_REFUNDED_AMOUNT);
  a->exponent = row_exponent (cache, stmt);
}

/* Streams the matching rows through @row. */
static gboolean
write_rows (BdStore             *store,
            const BdReportQuery *query,
            BdReportOut         *out,
            BdReportProgress    *progress,
            RowFunc              row,
            GError             **error)
{
  ExponentCache cache = { "", 2 };
  sqlite3_stmt *stmt;
  guint64 n = 0;
  gint64 total;
  int rc;

  total = bd_report_query_count (store, query, NULL, error);
  if (total < 0)
    return FALSE;
  progress->total = (guint64) total;
  bd_report_progress_update (progress, 0);

  stmt = bd_report_query_prepare (store, query, ROW_SELECT, NULL, ROW_ORDER, error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      row (out, stmt, n++, &cache);
      if (n % CHECK_EVERY == 0)
        {
          if (out->error != NULL ||
              g_cancellable_set_error_if_cancelled (out->cancellable, error))
            {
              sqlite3_finalize (stmt);
              return FALSE;
            }
          bd_report_progress_update (progress, n);
        }
    }
  if (rc != SQLITE_DONE)
    {
      bd_store_fail (store, error, "Could not read the payments");
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  bd_report_progress_update (progress, n);
  return out->error == NULL;
}

/* Both writers write valid UTF-8 only.  Text from the cache came through
 * the JSON codec and is valid; anything else gets U+FFFD. */
static inline const char *
valid_text (const char  *text,
            int         *len,
            char       **to_free)
{
  if (G_LIKELY (g_utf8_validate_len (text, *len, NULL)))
    return text;
  *to_free = g_utf8_make_valid (text, *len);
  *len = strlen (*to_free);
  return *to_free;
}

/* CSV */

/* Characters that make a field need quotes (RFC 4180 §2.6). */
static const guint8 csv_special[256] = {
  ['"'] = 1, [','] = 1, ['\r'] = 1, ['\n'] = 1,
};

static void
csv_text_len (BdReportOut *out,
              const char  *text,
              int          len)
{
  g_autofree char *valid = NULL;
  gboolean neutralise, quote = FALSE;

  if (text == NULL || len == 0)
    return;
  text = valid_text (text, &len, &valid);

  /* Formula injection (design §9): a leading ' makes it text. */
  neutralise = text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' ||
               text[0] == '\t' || text[0] == '\r';
  for (int i = 0; i < len; i++)
    if (csv_special[(guint8) text[i]])
      {
        quote = TRUE;
        break;
      }

  if (!quote)
    {
      if (neutralise)
        bd_report_out_putc (out, '\'');
      bd_report_out_write (out, text, len);
      return;
    }

  bd_report_out_putc (out, '"');
  if (neutralise)
    bd_report_out_putc (out, '\'');
  for (int start = 0, i = 0; i <= len; i++)
    if (i == len || text[i] == '"')
      {
        bd_report_out_write (out, text + start, i - start);
        if (i < len)
          bd_report_out_write (out, "\"\"", 2);
        start = i + 1;
      }
  bd_report_out_putc (out, '"');
}

static inline void
csv_column (BdReportOut  *out,
            sqlite3_stmt *stmt,
            int           column)
{
  csv_text_len (out, (const char *) sqlite3_column_text (stmt, column),
                sqlite3_column_bytes (stmt, column));
  bd_report_out_putc (out, ',');
}

static inline void
csv_amount (BdReportOut *out,
            gboolean     present,
            gint64       minor,
            int          exponent)
{
  char buf[32];

  if (present)
    bd_report_out_write (out, buf, bd_report_format_amount (buf, minor, exponent));
  bd_report_out_putc (out, ',');
}

static void
csv_row (BdReportOut   *out,
         sqlite3_stmt  *stmt,
         guint64        index,
         ExponentCache *cache)
{
  char buf[48];
  const char *network = (const char *) sqlite3_column_text (stmt, COL_CARD_NETWORK);
  const char *last_four = (const char *) sqlite3_column_text (stmt, COL_CARD_LAST_FOUR);
  RowAmounts a;

  row_amounts (&a, stmt, cache);

  if (sqlite3_column_type (stmt, COL_CREATED_AT) != SQLITE_NULL)
    bd_report_out_write (out, buf, bd_report_format_time (buf, sqlite3_column_int64 (stmt, COL_CREATED_AT)));
  bd_report_out_putc (out, ',');
  csv_column (out, stmt, COL_INVOICE_ID);
  csv_column (out, stmt, COL_PAYMENT_ID);
  csv_column (out, stmt, COL_CUSTOMER_NAME);
  csv_column (out, stmt, COL_CUSTOMER_EMAIL);
  csv_column (out, stmt, COL_PRODUCT_NAMES);
  csv_column (out, stmt, COL_STATUS);
  csv_column (out, stmt, COL_CURRENCY);
  csv_amount (out, a.has_total, a.total, a.exponent);
  csv_amount (out, a.has_tax, a.tax, a.exponent);
  csv_amount (out, a.has_total, a.refunded, a.exponent);
  csv_amount (out, a.has_total, a.total - a.refunded, a.exponent);

  if (network != NULL && last_four != NULL)
    {
      g_autofree char *card = g_strconcat (network, " ", last_four, NULL);

      csv_text_len (out, card, strlen (card));
    }
  else if (network != NULL)
    csv_text_len (out, network, sqlite3_column_bytes (stmt, COL_CARD_NETWORK));
  else if (last_four != NULL)
    csv_text_len (out, last_four, sqlite3_column_bytes (stmt, COL_CARD_LAST_FOUR));
  bd_report_out_write (out, "\r\n", 2);
}

gboolean
bd_report_write_csv (BdStore              *store,
                     const BdReportQuery  *query,
                     BdReportOut          *out,
                     BdReportProgress     *progress,
                     GError              **error)
{
  static const char header[] =
    "date,invoice_id,payment_id,customer_name,customer_email,products,status,"
    "currency,amount,tax,refunded,net,card\r\n";

  bd_report_out_write (out, header, sizeof header - 1);
  return write_rows (store, query, out, progress, csv_row, error);
}

/* JSON */

static void
json_string_len (BdReportOut *out,
                 const char  *text,
                 int          len)
{
  static const char hex[] = "0123456789abcdef";
  g_autofree char *valid = NULL;
  int start = 0;

  if (text == NULL)
    {
      bd_report_out_write (out, "null", 4);
      return;
    }
  text = valid_text (text, &len, &valid);

  bd_report_out_putc (out, '"');
  for (int i = 0; i < len; i++)
    {
      guint8 c = (guint8) text[i];
      char escape[6] = { '\\', 0 };
      int n = 2;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      bd_report_out_write (out, text + start, i - start);
      start = i + 1;
      switch (c)
        {
        case '"': escape[1] = '"'; break;
        case '\\': escape[1] = '\\'; break;
        case '\n': escape[1] = 'n'; break;
        case '\r': escape[1] = 'r'; break;
        case '\t': escape[1] = 't'; break;
        case '\b': escape[1] = 'b'; break;
        case '\f': escape[1] = 'f'; break;
        default:
          escape[1] = 'u';
          escape[2] = '0';
          escape[3] = '0';
          escape[4] = hex[c >> 4];
          escape[5] = hex[c & 15];
          n = 6;
        }
      bd_report_out_write (out, escape, n);
    }
  bd_report_out_write (out, text + start, len - start);
  bd_report_out_putc (out, '"');
}

static void
json_member (BdReportOut  *out,
             const char   *key,
             sqlite3_stmt *stmt,
             int           column)
{
  bd_report_out_write (out, key, strlen (key));
  json_string_len (out, (const char *) sqlite3_column_text (stmt, column),
                   sqlite3_column_bytes (stmt, column));
}

static void
json_amount (BdReportOut *out,
             const char  *key,
             gboolean     present,
             gint64       minor,
             int          exponent)
{
  char buf[32];

  bd_report_out_write (out, key, strlen (key));
  if (!present)
    {
      bd_report_out_write (out, "null", 4);
      return;
    }
  bd_report_out_putc (out, '"');
  bd_report_out_write (out, buf, bd_report_format_amount (buf, minor, exponent));
  bd_report_out_putc (out, '"');
}

static void
json_row (BdReportOut   *out,
          sqlite3_stmt  *stmt,
          guint64        index,
          ExponentCache *cache)
{
  char buf[32];
  RowAmounts a;

  row_amounts (&a, stmt, cache);

  bd_report_out_write (out, index == 0 ? "\n{" : ",\n{", index == 0 ? 2 : 3);
  bd_report_out_write (out, "\"created_at\":", 13);
  if (sqlite3_column_type (stmt, COL_CREATED_AT) != SQLITE_NULL)
    {
      bd_report_out_putc (out, '"');
      bd_report_out_write (out, buf, bd_report_format_time (buf, sqlite3_column_int64 (stmt, COL_CREATED_AT)));
      bd_report_out_putc (out, '"');
    }
  else
    bd_report_out_write (out, "null", 4);
  json_member (out, ",\"invoice_id\":", stmt, COL_INVOICE_ID);
  json_member (out, ",\"payment_id\":", stmt, COL_PAYMENT_ID);
  json_member (out, ",\"customer_id\":", stmt, COL_CUSTOMER_ID);
  json_member (out, ",\"customer_name\":", stmt, COL_CUSTOMER_NAME);
  json_member (out, ",\"customer_email\":", stmt, COL_CUSTOMER_EMAIL);
  json_member (out, ",\"products\":", stmt, COL_PRODUCT_NAMES);
  json_member (out, ",\"status\":", stmt, COL_STATUS);
  json_member (out, ",\"currency\":", stmt, COL_CURRENCY);
  json_amount (out, ",\"amount\":", a.has_total, a.total, a.exponent);
  json_amount (out, ",\"tax\":", a.has_tax, a.tax, a.exponent);
  json_amount (out, ",\"refunded\":", a.has_total, a.refunded, a.exponent);
  json_amount (out, ",\"net\":", a.has_total, a.total - a.refunded, a.exponent);
  json_member (out, ",\"card_network\":", stmt, COL_CARD_NETWORK);
  json_member (out, ",\"card_last_four\":", stmt, COL_CARD_LAST_FOUR);
  json_member (out, ",\"subscription_id\":", stmt, COL_SUBSCRIPTION_ID);
  bd_report_out_putc (out, '}');
}

gboolean
bd_report_write_json (BdStore              *store,
                      const BdReportQuery  *query,
                      BdReportOut          *out,
                      BdReportProgress     *progress,
                      GError              **error)
{
  bd_report_out_putc (out, '[');
  if (!write_rows (store, query, out, progress, json_row, error))
    return FALSE;
  bd_report_out_write (out, "\n]\n", 3);
  return TRUE;
}
