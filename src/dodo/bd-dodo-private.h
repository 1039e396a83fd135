/* bd-dodo-private.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "bd-dodo-error.h"

G_BEGIN_DECLS

/* Shared between the files of the client; not for the rest of the app. */

/* libsoup 3.2 has no name for it. */
#define BD_HTTP_TOO_MANY_REQUESTS 429

/* bd-dodo-error.c */
GError   *bd_dodo_error_new_full        (BdDodoError          code,
                                         guint                http_status,
                                         const char          *dodo_code,
                                         const char          *server_message,
                                         gboolean             ambiguous_write,
                                         const char          *message);

/* bd-dodo-response.c: what an answer or a failure means for the caller. */
GError   *bd_dodo_error_from_status     (guint                status,
                                         GBytes              *body);
GError   *bd_dodo_error_from_transport  (const GError        *error,
                                         gboolean             ambiguous_write);
GError   *bd_dodo_error_deadline        (guint                timeout_ms,
                                         gboolean             ambiguous_write);

/* bd-dodo-retry.c: when to try again, and how long to wait. */
typedef struct
{
  GMutex  mutex;
  double  rate;        /* tokens per second; 0 = no limit */
  double  tokens;
  gint64  updated;     /* monotonic µs */
} BdDodoBucket;

void      bd_dodo_bucket_init           (BdDodoBucket        *bucket,
                                         double               rate);
void      bd_dodo_bucket_clear          (BdDodoBucket        *bucket);
void      bd_dodo_bucket_set_rate       (BdDodoBucket        *bucket,
                                         double               rate);
double    bd_dodo_bucket_get_rate       (BdDodoBucket        *bucket);
gint64    bd_dodo_bucket_take           (BdDodoBucket        *bucket);

guint     bd_dodo_backoff_ms            (guint                retry,
                                         guint                base_ms);
gint64    bd_dodo_retry_after_ms        (SoupMessageHeaders  *headers);
gboolean  bd_dodo_status_is_retryable   (guint                status,
                                         gboolean             idempotent,
                                         gboolean             says_retry_after);
gboolean  bd_dodo_is_tls_setup_error    (const GError        *error);
gboolean  bd_dodo_transport_never_sent  (const GError        *error);
gboolean  bd_dodo_transport_is_network  (const GError        *error);

/* bd-dodo-client.c: the sync API runs the async one on a private context. */
GMainContext *bd_dodo_sync_begin        (void);
void          bd_dodo_sync_done         (GObject             *source,
                                         GAsyncResult        *result,
                                         gpointer             user_data);
GAsyncResult *bd_dodo_sync_wait         (GMainContext        *context,
                                         GAsyncResult       **slot);

G_END_DECLS
