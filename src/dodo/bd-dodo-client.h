/* bd-dodo-client.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bd-dodo-error.h"

G_BEGIN_DECLS

#define BD_DODO_BASE_URL_TEST "https://test.dodopayments.com"
#define BD_DODO_BASE_URL_LIVE "https://live.dodopayments.com"

#define BD_TYPE_DODO_CLIENT (bd_dodo_client_get_type ())

G_DECLARE_FINAL_TYPE (BdDodoClient, bd_dodo_client, BD, DODO_CLIENT, GObject)

/* Supplies the bearer key when a request starts, on the thread that runs
 * the request (it may block there).  Returns the key (transfer full), or
 * NULL with @error set.  The client wipes its copy after use. */
typedef char *(*BdDodoKeyFunc) (BdDodoClient  *client,
                                GCancellable  *cancellable,
                                GError       **error,
                                gpointer       user_data);

/* One client per account.  Requests may be started from several threads:
 * the async API from any thread with a thread-default main context (the
 * callback runs there), the blocking sync API from a worker thread.  Configure the client
 * before the first request.
 *
 * Every request gets at most max-retries retries, waits for the shared
 * rate budget (requests-per-second, retries included), and fails when
 * timeout-ms has passed since it started, all retries included. */
BdDodoClient *bd_dodo_client_new                     (const char     *base_url,
                                                      GError        **error);
gboolean      bd_dodo_client_check_base_url          (const char     *base_url,
                                                      GError        **error);
const char   *bd_dodo_client_get_base_url            (BdDodoClient   *self);

void          bd_dodo_client_set_api_key             (BdDodoClient   *self,
                                                      const char     *api_key);
void          bd_dodo_client_set_key_func            (BdDodoClient   *self,
                                                      BdDodoKeyFunc   func,
                                                      gpointer        user_data,
                                                      GDestroyNotify  destroy);

guint         bd_dodo_client_get_max_retries         (BdDodoClient   *self);
void          bd_dodo_client_set_max_retries         (BdDodoClient   *self,
                                                      guint           max_retries);
double        bd_dodo_client_get_requests_per_second (BdDodoClient   *self);
void          bd_dodo_client_set_requests_per_second (BdDodoClient   *self,
                                                      double          rate);
guint         bd_dodo_client_get_timeout_ms          (BdDodoClient   *self);
void          bd_dodo_client_set_timeout_ms          (BdDodoClient   *self,
                                                      guint           timeout_ms);
guint         bd_dodo_client_get_retry_delay_ms      (BdDodoClient   *self);
void          bd_dodo_client_set_retry_delay_ms      (BdDodoClient   *self,
                                                      guint           delay_ms);

/* @method: "GET", "POST", "PATCH", "PUT" or "DELETE".
 * @path: starts with '/', already percent-encoded (escape ids with
 * g_uri_escape_string()).
 * @query: (nullable) (element-type utf8 utf8): unescaped names and values.
 * @body: (nullable): sent as application/json.
 *
 * Finish returns the parsed answer (transfer full); an empty answer is a
 * JSON null node.  On failure: BD_DODO_ERROR (see bd-dodo-error.h; check
 * bd_dodo_error_is_ambiguous_write() after a failed write), or
 * G_IO_ERROR_CANCELLED.  BD_DODO_ERROR_BAD_RESPONSE after a write means the
 * server accepted it but its answer could not be read. */
void          bd_dodo_client_request_async           (BdDodoClient         *self,
                                                      const char           *method,
                                                      const char           *path,
                                                      GHashTable           *query,
                                                      JsonNode             *body,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
JsonNode     *bd_dodo_client_request_finish          (BdDodoClient         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
JsonNode     *bd_dodo_client_request                 (BdDodoClient         *self,
                                                      const char           *method,
                                                      const char           *path,
                                                      GHashTable           *query,
                                                      JsonNode             *body,
                                                      GCancellable         *cancellable,
                                                      GError              **error);

/* GETs @path and streams the answer (e.g. an invoice PDF) into a temporary
 * file next to @destination, renamed over it once complete: a failed
 * download leaves @destination as it was. */
void          bd_dodo_client_download_async          (BdDodoClient         *self,
                                                      const char           *path,
                                                      GFile                *destination,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean      bd_dodo_client_download_finish         (BdDodoClient         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
gboolean      bd_dodo_client_download                (BdDodoClient         *self,
                                                      const char           *path,
                                                      GFile                *destination,
                                                      GCancellable         *cancellable,
                                                      GError              **error);

/* Parses strict JSON (RFC 8259): comments, trailing data, a second document
 * or a truncated text are BD_DODO_ERROR_BAD_RESPONSE, which json-glib alone
 * would accept or cut short.  (transfer full) */
JsonNode     *bd_dodo_parse_json                     (GBytes               *bytes,
                                                      GError              **error);

G_END_DECLS
