/* bd-webhook.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Standard Webhooks signatures (dodo-api.md §5.4): HMAC-SHA256 over
 * "webhook-id.webhook-timestamp.raw-body", keyed with the base64-decoded
 * secret, sent as "v1,<base64>" entries in the webhook-signature header. */

#define BD_WEBHOOK_ERROR (bd_webhook_error_quark ())

typedef enum
{
  BD_WEBHOOK_ERROR_MISSING_HEADER,
  BD_WEBHOOK_ERROR_BAD_TIMESTAMP,
  BD_WEBHOOK_ERROR_TOO_OLD,
  BD_WEBHOOK_ERROR_TOO_NEW,
  BD_WEBHOOK_ERROR_NO_MATCHING_SIGNATURE,
  BD_WEBHOOK_ERROR_BAD_SECRET,
} BdWebhookError;

/* How far webhook-timestamp may be from now, either way. */
#define BD_WEBHOOK_TOLERANCE_SECONDS 300

GQuark    bd_webhook_error_quark (void);

/* Returns the webhook-signature header value ("v1,<base64>") for a delivery.
 * @secret is "whsec_<base64>" or the bare base64 part.  (transfer full) */
char     *bd_webhook_sign        (const char  *secret,
                                  const char  *webhook_id,
                                  gint64       timestamp,
                                  GBytes      *body,
                                  GError     **error);

/* Checks a delivery.  The three header values may be NULL (a missing header
 * is an error); @body is the raw request body as received; @now is the
 * current Unix time in seconds, a parameter so that tests are exact. */
gboolean  bd_webhook_verify      (const char  *secret,
                                  const char  *webhook_id,
                                  const char  *webhook_timestamp,
                                  const char  *webhook_signature,
                                  GBytes      *body,
                                  gint64       now,
                                  GError     **error);

G_END_DECLS
