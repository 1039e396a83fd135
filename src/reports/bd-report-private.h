/* bd-report-private.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include "bd-report.h"
#include "bd-store-private.h"

G_BEGIN_DECLS

/*
 * Shared by the writers.  Reports read the cache through store's own
 * connection (bd_store_get_db), read-only, with SQL over the columns of
 * the payments table (bd-store-schema.c).
 */

/* The one place a BdReportQuery becomes SQL: prepares
 * "@select_from WHERE <the query's conditions> [AND @extra_where] @tail"
 * and binds the query's values (named parameters :bd_from, :bd_to, …).
 * @select_from names the payments table as "payments" (it may join others:
 * the conditions are qualified "payments.column").  The caller binds its
 * own parameters in @extra_where / @tail by name, and finalizes.
 * (transfer full) (nullable) */
sqlite3_stmt *bd_report_query_prepare (BdStore             *store,
                                       const BdReportQuery *query,
                                       const char          *select_from,
                                       const char          *extra_where,
                                       const char          *tail,
                                       GError             **error);

/* The number of matching payments (with @extra_where), or -1. */
gint64        bd_report_query_count   (BdStore             *store,
                                       const BdReportQuery *query,
                                       const char          *extra_where,
                                       GError             **error);

/* A large buffer in front of a GOutputStream: appends are memcpy, the
 * stream sees 1 MiB writes.  The first write error is kept in @error and
 * later appends do nothing. */
#define BD_REPORT_OUT_SIZE (1 << 20)

typedef struct
{
  GOutputStream *stream;
  GCancellable  *cancellable;
  char          *buf;
  gsize          len;
  GError        *error;
} BdReportOut;

void      bd_report_out_init    (BdReportOut   *out,
                                 GOutputStream *stream,
                                 GCancellable  *cancellable);
/* Writes what is buffered; FALSE (with out->error) on failure. */
gboolean  bd_report_out_flush   (BdReportOut   *out);
/* Flushes, frees the buffer; returns FALSE and moves out->error to
 * @error if any write failed. */
gboolean  bd_report_out_finish  (BdReportOut   *out,
                                 GError       **error);
void      bd_report_out_write_slow (BdReportOut *out,
                                    const char  *data,
                                    gsize        len);

static inline void
bd_report_out_write (BdReportOut *out,
                     const char  *data,
                     gsize        len)
{
  if (G_LIKELY (out->len + len <= BD_REPORT_OUT_SIZE))
    {
      memcpy (out->buf + out->len, data, len);
      out->len += len;
    }
  else
    bd_report_out_write_slow (out, data, len);
}

static inline void
bd_report_out_putc (BdReportOut *out,
                    char         c)
{
  if (G_UNLIKELY (out->len == BD_REPORT_OUT_SIZE))
    bd_report_out_flush (out);
  if (out->len < BD_REPORT_OUT_SIZE)
    out->buf[out->len++] = c;
}

/* Formatting without locale or doubles.  Both return the length written. */

/* @minor in major units with '.' and @exponent digits after it, as
 * bd_money_format_plain() does: "1234.50", "-3", "0.125".  @buf: 32 bytes. */
gsize     bd_report_format_amount (char   *buf,
                                   gint64  minor,
                                   int     exponent);
/* "2026-01-31T09:05:00Z" (20 bytes, no NUL) for µs since 1970 UTC. */
gsize     bd_report_format_time   (char   *buf,
                                   gint64  usec);

/* The exponent of @currency for reports (an unknown code, which the codec
 * never stores, counts as 2). */
int       bd_report_currency_exponent (const char *currency);

/* Calls @progress at most every 100 ms (and always for the last row). */
typedef struct
{
  BdReportProgressFunc func;
  gpointer             data;
  guint64              total;
  gint64               next_usec;
} BdReportProgress;

void      bd_report_progress_update (BdReportProgress *progress,
                                     guint64           done);

/* The writers, behind bd_report_write(). */
gboolean  bd_report_write_csv   (BdStore *store, const BdReportQuery *query, BdReportOut *out,
                                 BdReportProgress *progress, GError **error);
gboolean  bd_report_write_json  (BdStore *store, const BdReportQuery *query, BdReportOut *out,
                                 BdReportProgress *progress, GError **error);
gboolean  bd_report_write_pdf   (BdStore *store, const BdReportQuery *query, BdReportOut *out,
                                 BdReportProgress *progress, GError **error);

/* Tests only: wraps the temporary file's stream (e.g. in one that fails
 * after N bytes) before bd_report_export() writes to it; NULL: none.
 * Returns a new reference. */
typedef GOutputStream *(*BdReportStreamWrapFunc) (GOutputStream *stream,
                                                  gpointer       user_data);
void      bd_report_set_stream_wrapper (BdReportStreamWrapFunc func,
                                        gpointer               user_data);

G_END_DECLS
