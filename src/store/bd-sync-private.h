/* bd-sync-private.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-dodo-api.h"
#include "bd-dodo-client.h"
#include "bd-sync.h"

G_BEGIN_DECLS

/* What the two halves of the sync share: bd-sync.c runs it (windows,
 * sweeps, the writer and its transactions), bd-sync-fetcher.c reads Dodo's
 * lists ahead of the writer. */

#define BD_SYNC_PAGE_SIZE  100    /* Dodo's largest */
#define BAD_PAGE_ATTEMPTS  3      /* reads of a page that does not parse */

/* Time: microseconds since 1970, UTC; NO_TIME = none. */
#define NO_TIME G_MININT64

static inline gint64
bd_sync_usec_from_datetime (GDateTime *dt)
{
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

static inline GDateTime *
bd_sync_datetime_from_usec (gint64 usec)
{
  gint64 seconds = usec / G_USEC_PER_SEC;
  gint64 rest = usec % G_USEC_PER_SEC;
  g_autoptr(GDateTime) whole = NULL;

  if (rest < 0)
    {
      seconds--;
      rest += G_USEC_PER_SEC;
    }
  whole = g_date_time_new_from_unix_utc (seconds);
  return whole != NULL ? g_date_time_add (whole, rest) : NULL;
}

static inline char *
bd_sync_format_usec (gint64 usec)
{
  g_autoptr(GDateTime) dt = bd_sync_datetime_from_usec (usec);

  return dt != NULL ? g_date_time_format_iso8601 (dt) : NULL;
}

typedef enum
{
  LISTING_ALL,      /* the whole list every run (products) */
  LISTING_WINDOW,   /* created_at windows with a cursor */
} Listing;

typedef enum
{
  PARENT_NONE,
  PARENT_REFUND,    /* the payment's "refunds" must show it */
  PARENT_DISPUTE,   /* the payment's "disputes" must show it */
} Parent;

typedef struct
{
  const char          *name;          /* resource, table */
  Listing              listing;
  BdDodoApiEndpoint    list;
  BdDodoApiEndpoint    get;
  GType              (*type) (void);
  const char          *status_param;  /* the list's status filter */
  const char          *status_column;
  const char          *status_property;
  const char * const  *live;          /* statuses that can still change */
  Parent               parent;
} BdSyncResource;

/* The run: shared by the worker, its fetcher threads and the emissions on
 * the caller's context. */

typedef struct
{
  BdSync        *sync;          /* strong: kept until the last emission */
  BdDodoClient  *client;
  char          *path;
  GMainContext  *context;
  gboolean       full;
  gint64         overlap_usec;
  guint          pages_per_transaction;
  guint          sweep_pages;
  GCancellable  *cancellable;

  gint           requests;      /* atomic */
  guint64        total_objects; /* worker only */

  GMutex         mutex;         /* guards the fields below */
  BdSyncProgress progress;      /* latest, resource interned */
  GPtrArray     *finished;      /* the last progress of each step since */
  gboolean       progress_pending;
  guint          changed;       /* bit per resource */
  gboolean       changed_pending;
} BdSyncRun;

/* One list page, parsed and decoded: its models with the server's JSON of
 * each, or the error that stopped it. */
typedef struct
{
  guint      number;      /* the page_number it was asked with */
  GPtrArray *models;      /* BdModel */
  GPtrArray *raws;        /* char *, the server's JSON of each */
  gint64     newest;      /* created_at, or NO_TIME */
  gint64     oldest;
  gint64     top;         /* the window's created_at_lte, or NO_TIME */
  gboolean   last;
  GError    *error;
} BdSyncPage;

void            bd_sync_page_free        (BdSyncPage            *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdSyncPage, bd_sync_page_free)

gboolean        bd_sync_is_bad_response  (const GError          *error);

gboolean        bd_sync_fetch_object     (BdSyncRun             *run,
                                          const BdSyncResource  *res,
                                          const char            *id,
                                          GCancellable          *cancellable,
                                          gpointer              *out_model,
                                          char                 **out_raw,
                                          GError               **error);

typedef struct _BdSyncFetcher BdSyncFetcher;

BdSyncFetcher  *bd_sync_fetcher_start    (BdSyncRun             *run,
                                          const BdSyncResource  *res,
                                          GHashTable            *filters,
                                          gboolean               windowed,
                                          gint64                 gte,
                                          gint64                 top,
                                          guint                  page,
                                          guint                  max_pages);
BdSyncPage     *bd_sync_fetcher_take     (BdSyncFetcher         *f,
                                          gint64                 until);
void            bd_sync_fetcher_free     (BdSyncFetcher         *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdSyncFetcher, bd_sync_fetcher_free)

G_END_DECLS
