/* bd-report.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-reports"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#ifdef __GLIBC__
#include <langinfo.h>
#endif
#include <glib/gi18n-lib.h>

#include "bd-money.h"
#include "bd-query-model.h"
#include "bd-report-private.h"

/* The query */

G_DEFINE_BOXED_TYPE (BdReportQuery, bd_report_query, bd_report_query_copy, bd_report_query_free)

BdReportQuery *
bd_report_query_new (void)
{
  return g_new0 (BdReportQuery, 1);
}

BdReportQuery *
bd_report_query_copy (const BdReportQuery *self)
{
  BdReportQuery *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (BdReportQuery, 1);
  copy->from = self->from != NULL ? g_date_time_ref (self->from) : NULL;
  copy->to = self->to != NULL ? g_date_time_ref (self->to) : NULL;
  copy->status = g_strdup (self->status);
  copy->currency = g_strdup (self->currency);
  copy->product_id = g_strdup (self->product_id);
  copy->customer_id = g_strdup (self->customer_id);
  copy->search = g_strdup (self->search);
  copy->business_name = g_strdup (self->business_name);
  copy->paper = self->paper;
  return copy;
}

void
bd_report_query_free (BdReportQuery *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->from, g_date_time_unref);
  g_clear_pointer (&self->to, g_date_time_unref);
  g_free (self->status);
  g_free (self->currency);
  g_free (self->product_id);
  g_free (self->customer_id);
  g_free (self->search);
  g_free (self->business_name);
  g_free (self);
}

static GDateTime *
parse_day (const char  *text,
           GError     **error)
{
  int y, m, d;
  char end;

  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3 &&
      strlen (text) == 10 && g_date_valid_dmy (d, m, y))
    return g_date_time_new_utc (y, m, d, 0, 0, 0);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a date; write it as YYYY-MM-DD"), text);
  return NULL;
}

gboolean
bd_report_query_set_days (BdReportQuery  *self,
                          const char     *first_day,
                          const char     *last_day,
                          GError        **error)
{
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) last = NULL;
  g_autoptr(GDateTime) to = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (first_day != NULL && (from = parse_day (first_day, error)) == NULL)
    return FALSE;
  if (last_day != NULL)
    {
      if ((last = parse_day (last_day, error)) == NULL)
        return FALSE;
      to = g_date_time_add_days (last, 1);
    }
  if (from != NULL && last != NULL && g_date_time_compare (from, last) > 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The period starts on %s, after it ends on %s"), first_day, last_day);
      return FALSE;
    }

  g_clear_pointer (&self->from, g_date_time_unref);
  g_clear_pointer (&self->to, g_date_time_unref);
  self->from = g_steal_pointer (&from);
  self->to = g_steal_pointer (&to);
  return TRUE;
}

static gint64
usec_of (GDateTime *when)
{
  return g_date_time_to_unix (when) * G_USEC_PER_SEC + g_date_time_get_microsecond (when);
}

sqlite3_stmt *
bd_report_query_prepare (BdStore             *store,
                         const BdReportQuery *query,
                         const char          *select_from,
                         const char          *extra_where,
                         const char          *tail,
                         GError             **error)
{
  g_autoptr(GString) sql = g_string_new (select_from);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = bd_store_get_db (store);
  /* The list's own conditions (bd-query-model.h): the same filters and
   * the same search find the same rows as in the window. */
  const BdQueryWhere where = {
    .from = query->from != NULL ? usec_of (query->from) : 0,
    .to = query->to != NULL ? usec_of (query->to) : 0,
    .status = query->status,
    .currency = query->currency,
    .customer_id = query->customer_id,
    .product_id = query->product_id,
    .search = query->search,
  };

  g_string_append (sql, " WHERE 1");
  bd_query_where_append (&where, "payments", FALSE, sql);
  if (extra_where != NULL)
    g_string_append_printf (sql, " AND (%s)", extra_where);
  if (tail != NULL)
    g_string_append_printf (sql, " %s", tail);

  if (sqlite3_prepare_v2 (db, sql->str, sql->len + 1, &stmt, NULL) != SQLITE_OK)
    {
      bd_store_fail (store, error, "Could not query the cache");
      sqlite3_finalize (stmt);
      return NULL;
    }
  bd_query_where_bind (&where, stmt);

  return stmt;
}

gint64
bd_report_query_count (BdStore             *store,
                       const BdReportQuery *query,
                       const char          *extra_where,
                       GError             **error)
{
  sqlite3_stmt *stmt = bd_report_query_prepare (store, query, "SELECT count(*) FROM payments",
                                                extra_where, NULL, error);
  gint64 count = -1;

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    bd_store_fail (store, error, "Could not count the payments");
  sqlite3_finalize (stmt);
  return count;
}

/* Paper */

/* Where Letter is the standard (CLDR's paper size data). */
static const char * const letter_countries[] = {
  "US", "CA", "MX", "CL", "CO", "CR", "GT", "PA", "PH", "PR", "SV", "VE", "BZ", "NI", "DO",
};

static gboolean
locale_uses_letter (const char *locale)
{
  const char *underscore;

  if (locale == NULL || (underscore = strchr (locale, '_')) == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (letter_countries); i++)
    if (strncmp (underscore + 1, letter_countries[i], 2) == 0 &&
        !g_ascii_isalpha (underscore[3]))
      return TRUE;
  return FALSE;
}

BdReportPaper
bd_report_paper_for_locale (void)
{
  const char *names[] = { "LC_ALL", "LC_PAPER", "LC_MESSAGES", "LANG" };

#ifdef __GLIBC__
  {
    const char *locale = setlocale (LC_PAPER, NULL);

    /* Only when the program set LC_PAPER from the environment: in the C
     * locale glibc answers A4 whatever the user's country. */
    if (locale != NULL && g_strcmp0 (locale, "C") != 0 && g_strcmp0 (locale, "POSIX") != 0)
      {
        int width_mm = (int) (gintptr) nl_langinfo (_NL_PAPER_WIDTH);

        if (width_mm == 216)
          return BD_REPORT_PAPER_LETTER;
        if (width_mm == 210)
          return BD_REPORT_PAPER_A4;
      }
  }
#endif

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *value = g_getenv (names[i]);

      if (value != NULL && *value != '\0')
        return locale_uses_letter (value) ? BD_REPORT_PAPER_LETTER : BD_REPORT_PAPER_A4;
    }
  return BD_REPORT_PAPER_A4;
}

/* Output */

void
bd_report_out_init (BdReportOut   *out,
                    GOutputStream *stream,
                    GCancellable  *cancellable)
{
  out->stream = stream;
  out->cancellable = cancellable;
  out->buf = g_malloc (BD_REPORT_OUT_SIZE);
  out->len = 0;
  out->error = NULL;
}

gboolean
bd_report_out_flush (BdReportOut *out)
{
  if (out->error != NULL)
    {
      out->len = 0;
      return FALSE;
    }
  if (out->len > 0 &&
      !g_output_stream_write_all (out->stream, out->buf, out->len, NULL,
                                  out->cancellable, &out->error))
    {
      out->len = 0;
      return FALSE;
    }
  out->len = 0;
  return TRUE;
}

void
bd_report_out_write_slow (BdReportOut *out,
                          const char  *data,
                          gsize        len)
{
  if (!bd_report_out_flush (out))
    return;
  if (len > BD_REPORT_OUT_SIZE)
    {
      if (!g_output_stream_write_all (out->stream, data, len, NULL, out->cancellable, &out->error))
        return;
    }
  else
    {
      memcpy (out->buf, data, len);
      out->len = len;
    }
}

gboolean
bd_report_out_finish (BdReportOut  *out,
                      GError      **error)
{
  gboolean ok = bd_report_out_flush (out);

  g_clear_pointer (&out->buf, g_free);
  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&out->error));
      return FALSE;
    }
  return TRUE;
}

/* Formatting */

gsize
bd_report_format_amount (char   *buf,
                         gint64  minor,
                         int     exponent)
{
  guint64 value = minor < 0 ? (guint64) 0 - (guint64) minor : (guint64) minor;
  char digits[24];
  int n = 0;
  gsize len = 0;

  /* The digits, least significant first, at least exponent + 1 of them. */
  do
    {
      digits[n++] = '0' + value % 10;
      value /= 10;
    }
  while (value > 0 || n <= exponent);

  if (minor < 0)
    buf[len++] = '-';
  while (n > exponent)
    buf[len++] = digits[--n];
  if (exponent > 0)
    {
      buf[len++] = '.';
      while (n > 0)
        buf[len++] = digits[--n];
    }
  return len;
}

static inline void
two_digits (char *p,
            int   v)
{
  p[0] = '0' + v / 10;
  p[1] = '0' + v % 10;
}

gsize
bd_report_format_time (char   *buf,
                       gint64  usec)
{
  gint64 secs = usec >= 0 ? usec / G_USEC_PER_SEC : -((-usec + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  gint64 days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  gint64 rem = secs - days * 86400;
  gint64 z, era, doe, yoe, doy, mp, y;
  int m, d;

  /* Howard Hinnant's civil_from_days. */
  z = days + 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  d = (int) (doy - (153 * mp + 2) / 5 + 1);
  m = (int) (mp < 10 ? mp + 3 : mp - 9);
  y += m <= 2;

  if (y < 0 || y > 9999)
    y = 0;
  buf[0] = '0' + (int) (y / 1000);
  buf[1] = '0' + (int) (y / 100 % 10);
  two_digits (buf + 2, (int) (y % 100));
  buf[4] = '-';
  two_digits (buf + 5, m);
  buf[7] = '-';
  two_digits (buf + 8, d);
  buf[10] = 'T';
  two_digits (buf + 11, (int) (rem / 3600));
  buf[13] = ':';
  two_digits (buf + 14, (int) (rem / 60 % 60));
  buf[16] = ':';
  two_digits (buf + 17, (int) (rem % 60));
  buf[19] = 'Z';
  return 20;
}

int
bd_report_currency_exponent (const char *currency)
{
  int exponent = currency != NULL ? bd_currency_get_exponent (currency) : -1;

  return exponent >= 0 ? exponent : 2;
}

void
bd_report_progress_update (BdReportProgress *progress,
                           guint64           done)
{
  gint64 now;

  if (progress->func == NULL)
    return;
  now = g_get_monotonic_time ();
  if (now < progress->next_usec && done < progress->total)
    return;
  progress->next_usec = now + 100 * 1000;
  progress->func (done, progress->total, progress->data);
}

/* Writing */

gboolean
bd_report_write (BdStore              *store,
                 const BdReportQuery  *query,
                 BdReportFormat        format,
                 GOutputStream        *output,
                 BdReportProgressFunc  progress_func,
                 gpointer              progress_data,
                 GCancellable         *cancellable,
                 GError              **error)
{
  sqlite3 *db;
  BdReportOut out;
  BdReportProgress progress = { progress_func, progress_data, 0, 0 };
  gboolean own_transaction, ok;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (output), FALSE);
  g_return_val_if_fail (format <= BD_REPORT_FORMAT_PDF, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* One read transaction: the count, the rows and the summaries all see
   * the same version of the cache while a sync writes. */
  db = bd_store_get_db (store);
  own_transaction = sqlite3_get_autocommit (db);
  if (own_transaction && sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    return bd_store_fail (store, error, "Could not read the cache");

  bd_report_out_init (&out, output, cancellable);
  switch (format)
    {
    case BD_REPORT_FORMAT_CSV:
      ok = bd_report_write_csv (store, query, &out, &progress, &local_error);
      break;
    case BD_REPORT_FORMAT_JSON:
      ok = bd_report_write_json (store, query, &out, &progress, &local_error);
      break;
    case BD_REPORT_FORMAT_PDF:
    default:
      ok = bd_report_write_pdf (store, query, &out, &progress, &local_error);
      break;
    }

  /* A write error is the real reason: the writer stopped on it (without
   * an error of its own) or went on (cairo keeps drawing). */
  {
    g_autoptr(GError) write_error = NULL;

    if (!bd_report_out_finish (&out, &write_error))
      {
        g_clear_error (&local_error);
        local_error = g_steal_pointer (&write_error);
        ok = FALSE;
      }
  }
  if (own_transaction)
    sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  if (ok && g_cancellable_set_error_if_cancelled (cancellable, &local_error))
    ok = FALSE;

  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static BdReportStreamWrapFunc stream_wrapper;
static gpointer stream_wrapper_data;

void
bd_report_set_stream_wrapper (BdReportStreamWrapFunc func,
                              gpointer               user_data)
{
  stream_wrapper = func;
  stream_wrapper_data = user_data;
}

/* Creates a new hidden file next to @destination: ".NAME.XXXXXX". */
static GFileOutputStream *
create_temporary (GFile         *destination,
                  GFile        **out_file,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GFile) folder = g_file_get_parent (destination);
  g_autofree char *name = g_file_get_basename (destination);

  if (folder == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                           _("Not a file name"));
      return NULL;
    }

  for (guint attempt = 0; ; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *temp_name = g_strdup_printf (".%s.%06x", name,
                                                    g_random_int_range (0, 0xffffff));
      g_autoptr(GFile) temp = g_file_get_child (folder, temp_name);
      GFileOutputStream *stream = g_file_create (temp, G_FILE_CREATE_NONE, cancellable, &local_error);

      if (stream != NULL)
        {
          *out_file = g_steal_pointer (&temp);
          return stream;
        }
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS) || attempt == 100)
        {
          g_autofree char *where = g_file_get_parse_name (folder);

          /* GIO's message names the temporary file: say it about the folder. */
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _("The folder “%s” does not exist"), where);
          else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                         _("No permission to write in the folder “%s”"), where);
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
}

gboolean
bd_report_write_file (GFile              *destination,
                      BdReportWriteFunc   write,
                      gpointer            user_data,
                      GCancellable       *cancellable,
                      GError            **error)
{
  g_autoptr(GFile) temp = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  gboolean ok;

  g_return_val_if_fail (G_IS_FILE (destination), FALSE);
  g_return_val_if_fail (write != NULL, FALSE);

  stream = create_temporary (destination, &temp, cancellable, error);
  if (stream == NULL)
    return FALSE;
  ok = write (G_OUTPUT_STREAM (stream), user_data, cancellable, error) &&
       g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error) &&
       g_file_move (temp, destination, G_FILE_COPY_OVERWRITE | G_FILE_COPY_NO_FALLBACK_FOR_MOVE,
                    cancellable, NULL, NULL, error);
  if (!ok)
    {
      g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL);
      g_file_delete (temp, NULL, NULL);
    }
  return ok;
}

typedef struct
{
  BdStore              *store;
  const BdReportQuery  *query;
  BdReportFormat        format;
  BdReportProgressFunc  progress;
  gpointer              progress_data;
} Export;

static gboolean
write_export (GOutputStream  *file_stream,
              gpointer        user_data,
              GCancellable   *cancellable,
              GError        **error)
{
  Export *e = user_data;
  g_autoptr(GOutputStream) stream = stream_wrapper != NULL
    ? stream_wrapper (file_stream, stream_wrapper_data)
    : g_object_ref (file_stream);

  if (bd_report_write (e->store, e->query, e->format, stream, e->progress, e->progress_data,
                       cancellable, error) &&
      g_output_stream_close (stream, NULL, error))
    return TRUE;
  g_output_stream_close (stream, NULL, NULL);
  return FALSE;
}

gboolean
bd_report_export (BdStore              *store,
                  const BdReportQuery  *query,
                  BdReportFormat        format,
                  GFile                *destination,
                  BdReportProgressFunc  progress,
                  gpointer              progress_data,
                  GCancellable         *cancellable,
                  GError              **error)
{
  Export export = { store, query, format, progress, progress_data };
  g_autoptr(GError) local_error = NULL;
  g_autofree char *where = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (destination), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (bd_report_write_file (destination, write_export, &export, cancellable, &local_error))
    return TRUE;

  where = g_file_get_parse_name (destination);
  g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                              _("Could not write “%s”: "), where);
  return FALSE;
}

gboolean
bd_report_is_valid_pdf (GFile *file)
{
  g_autoptr(GFileInputStream) input = NULL;
  char head[5], tail[64];
  gsize n = 0;
  goffset size;
  g_autoptr(GFileInfo) info = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  input = g_file_read (file, NULL, NULL);
  if (input == NULL)
    return FALSE;
  info = g_file_input_stream_query_info (input, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, NULL);
  if (info == NULL)
    return FALSE;
  size = g_file_info_get_size (info);
  if (size < (goffset) (sizeof head + 5))
    return FALSE;
  if (!g_input_stream_read_all (G_INPUT_STREAM (input), head, sizeof head, &n, NULL, NULL) ||
      n != sizeof head || memcmp (head, "%PDF-", 5) != 0)
    return FALSE;
  if (!g_seekable_seek (G_SEEKABLE (input), MAX (0, size - (goffset) sizeof tail), G_SEEK_SET, NULL, NULL) ||
      !g_input_stream_read_all (G_INPUT_STREAM (input), tail, sizeof tail, &n, NULL, NULL))
    return FALSE;
  while (n > 0 && g_ascii_isspace (tail[n - 1]))
    n--;
  return n >= 5 && memcmp (tail + n - 5, "%%EOF", 5) == 0;
}
