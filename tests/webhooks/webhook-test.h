/* webhook-test.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What the webhook tests share. */

/* The npm standardwebhooks library through node: signs @n deliveries
 * (@bodies with @ids and @timestamps, Unix seconds) with @secret.
 * NULL after bd_test_skip_or_fail() when node or the library is missing.
 * (transfer full) */
char    **wt_sign               (const char         *secret,
                                 const char * const *ids,
                                 const gint64       *timestamps,
                                 const char * const *bodies,
                                 guint               n);

/* POSTs @body to @url with @headers (name, value, …, NULL; nullable) from
 * another thread while the default main context runs (the listener lives
 * there); returns the status, 0 when there was no answer. */
guint     wt_post               (const char         *url,
                                 const char * const *headers,
                                 const char         *body,
                                 gsize               length);

/* A payment.* event envelope for a made-up payment.  (transfer full) */
char     *wt_payment_event      (const char         *type,
                                 const char         *payment_id,
                                 const char         *status,
                                 const char         *timestamp);

/* Runs the default main context until *@flag is set or @seconds pass. */
gboolean  wt_wait               (gboolean           *flag,
                                 double              seconds);

G_END_DECLS
