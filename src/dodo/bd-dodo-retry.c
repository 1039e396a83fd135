/* bd-dodo-retry.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-dodo"

#include "config.h"

#include <math.h>

#include "bd-dodo-private.h"

/* Backoff like Dodo's own SDKs: base·2ⁿ, at most 8 s, minus up to 25 %
 * jitter so that clients that failed together do not retry together. */
#define MAX_BACKOFF_MS 8000

/* A token bucket holding at most one second's worth of requests. */
void
bd_dodo_bucket_init (BdDodoBucket *bucket,
                     double        rate)
{
  g_mutex_init (&bucket->mutex);
  bd_dodo_bucket_set_rate (bucket, rate);
}

void
bd_dodo_bucket_clear (BdDodoBucket *bucket)
{
  g_mutex_clear (&bucket->mutex);
}

void
bd_dodo_bucket_set_rate (BdDodoBucket *bucket,
                         double        rate)
{
  /* A new budget starts full. */
  g_mutex_lock (&bucket->mutex);
  bucket->rate = MAX (rate, 0.0);
  bucket->tokens = MAX (rate, 1.0);
  bucket->updated = g_get_monotonic_time ();
  g_mutex_unlock (&bucket->mutex);
}

double
bd_dodo_bucket_get_rate (BdDodoBucket *bucket)
{
  double rate;

  g_mutex_lock (&bucket->mutex);
  rate = bucket->rate;
  g_mutex_unlock (&bucket->mutex);

  return rate;
}

/* Takes a token and returns how many µs to wait before using it.  The token
 * is taken even when it has to be waited for (the count goes negative), so
 * requests queue up fairly without polling. */
gint64
bd_dodo_bucket_take (BdDodoBucket *bucket)
{
  gint64 now = g_get_monotonic_time ();
  gint64 wait = 0;

  g_mutex_lock (&bucket->mutex);
  if (bucket->rate > 0)
    {
      bucket->tokens = MIN (MAX (bucket->rate, 1.0),
                            bucket->tokens + (now - bucket->updated) * bucket->rate / G_USEC_PER_SEC);
      bucket->updated = now;
      bucket->tokens -= 1.0;
      if (bucket->tokens < 0)
        wait = (gint64) ceil (-bucket->tokens / bucket->rate * G_USEC_PER_SEC);
    }
  g_mutex_unlock (&bucket->mutex);

  return wait;
}

/* @retry counts from 1. */
guint
bd_dodo_backoff_ms (guint retry,
                    guint base_ms)
{
  guint64 delay = (guint64) base_ms << MIN (MAX (retry, 1) - 1, 16);

  delay = MIN (delay, MAX (MAX_BACKOFF_MS, base_ms));

  return (guint) (delay * (1.0 - 0.25 * g_random_double ()));
}

/* How long the server asked us to wait, in ms, or -1 when it did not say:
 * `retry-after-ms` (Dodo's SDKs), else `Retry-After` in seconds or as an
 * HTTP date. */
gint64
bd_dodo_retry_after_ms (SoupMessageHeaders *headers)
{
  const char *ms = soup_message_headers_get_one (headers, "retry-after-ms");
  const char *after = soup_message_headers_get_one (headers, "Retry-After");
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint64 seconds;

  if (ms != NULL)
    {
      char *end = NULL;
      double value = g_ascii_strtod (ms, &end);

      if (end != ms && *end == '\0' && value >= 0 && value < G_MAXINT32)
        return (gint64) ceil (value);
    }

  if (after == NULL)
    return -1;

  if (g_ascii_string_to_unsigned (after, 10, 0, G_MAXINT32 / 1000, &seconds, NULL))
    return (gint64) seconds * 1000;

  if (!(date = soup_date_time_new_from_http_string (after)))
    return -1;

  now = g_date_time_new_now_utc ();
  return MAX (g_date_time_difference (date, now), 0) / 1000;
}

/* A write is retried only when the server surely did not act on it: here a
 * 429/503 that says when to come back; an idempotent request on any
 * transient status. */
gboolean
bd_dodo_status_is_retryable (guint    status,
                             gboolean idempotent,
                             gboolean says_retry_after)
{
  if (!idempotent)
    return says_retry_after &&
           (status == BD_HTTP_TOO_MANY_REQUESTS || status == SOUP_STATUS_SERVICE_UNAVAILABLE);

  return status == SOUP_STATUS_REQUEST_TIMEOUT ||
         status == SOUP_STATUS_CONFLICT ||
         status == BD_HTTP_TOO_MANY_REQUESTS ||
         SOUP_STATUS_IS_SERVER_ERROR (status);
}

/* Failures of the TLS handshake: the certificate, the protocol.  Not
 * G_TLS_ERROR_EOF or _MISC, which can also happen mid-request. */
gboolean
bd_dodo_is_tls_setup_error (const GError *error)
{
  return error->domain == G_TLS_ERROR &&
         error->code != G_TLS_ERROR_EOF &&
         error->code != G_TLS_ERROR_MISC;
}

/* Failures before a connection existed, so before any byte of the request
 * left: a write may be sent again after these. */
gboolean
bd_dodo_transport_never_sent (const GError *error)
{
  return error->domain == G_RESOLVER_ERROR ||
         bd_dodo_is_tls_setup_error (error) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE);
}

/* A transient network failure, worth retrying for an idempotent request. */
gboolean
bd_dodo_transport_is_network (const GError *error)
{
  if (error->domain == G_TLS_ERROR)
    return !bd_dodo_is_tls_setup_error (error);

  if (error->domain == G_RESOLVER_ERROR)
    return TRUE;

  return error->domain == G_IO_ERROR &&
         (error->code == G_IO_ERROR_CONNECTION_REFUSED ||
          error->code == G_IO_ERROR_CONNECTION_CLOSED ||
          error->code == G_IO_ERROR_BROKEN_PIPE ||
          error->code == G_IO_ERROR_PARTIAL_INPUT ||
          error->code == G_IO_ERROR_TIMED_OUT ||
          error->code == G_IO_ERROR_NOT_CONNECTED ||
          error->code == G_IO_ERROR_HOST_NOT_FOUND ||
          error->code == G_IO_ERROR_HOST_UNREACHABLE ||
          error->code == G_IO_ERROR_NETWORK_UNREACHABLE ||
          error->code == G_IO_ERROR_FAILED);
}
