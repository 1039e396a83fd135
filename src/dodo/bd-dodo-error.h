/* bd-dodo-error.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BD_DODO_ERROR (bd_dodo_error_quark ())

typedef enum
{
  BD_DODO_ERROR_UNAUTHORIZED,
  BD_DODO_ERROR_FORBIDDEN,
  BD_DODO_ERROR_NOT_FOUND,
  BD_DODO_ERROR_INVALID_REQUEST,
  BD_DODO_ERROR_CONFLICT,
  BD_DODO_ERROR_RATE_LIMITED,
  BD_DODO_ERROR_SERVER,
  BD_DODO_ERROR_NETWORK,
  BD_DODO_ERROR_TLS,
  BD_DODO_ERROR_BAD_RESPONSE,
} BdDodoError;

GQuark bd_dodo_error_quark (void);

/* What a BD_DODO_ERROR carries besides its code and message.  The message is
 * already fit for people (translated, or the server's own words); these
 * accessors are for code that decides what to do next.  They accept any
 * GError and return 0 / NULL / FALSE for errors of other domains. */

/* The HTTP status of the answer, or 0 when none arrived. */
guint        bd_dodo_error_get_http_status     (const GError *error);

/* Dodo's machine-readable `code` from the error body (e.g.
 * "REFUND_AMOUNT_EXCEEDS_PAID_AMOUNT"), or NULL.  (transfer none) */
const char  *bd_dodo_error_get_code            (const GError *error);

/* Dodo's human-readable `message` from the error body, or NULL.
 * (transfer none) */
const char  *bd_dodo_error_get_server_message  (const GError *error);

/* TRUE when a POST/PATCH/DELETE failed in a way that leaves it unknown
 * whether the server carried it out (a timeout, a connection dropped after
 * the request was sent).  The client never retries such a write; the caller
 * must read the object back before deciding to send it again. */
gboolean     bd_dodo_error_is_ambiguous_write  (const GError *error);

G_END_DECLS
