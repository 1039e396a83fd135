/* bd-test-sandbox.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bd-dodo-client.h"

G_BEGIN_DECLS

/* A real billing-desk-sandbox process on 127.0.0.1, port 0, for tests.  The
 * executable is $BD_BUILD_ROOT/src/sandbox/billing-desk-sandbox. */
typedef struct _BdTestSandbox BdTestSandbox;

/* Starts the sandbox with @args (NULL-terminated extra arguments, e.g.
 * "--seed", "500") and reads the two lines it prints.  NULL with @error
 * when the executable is missing or does not start: the caller decides
 * whether that skips or fails (bd_test_skip_or_fail). */
BdTestSandbox *bd_test_sandbox_start    (const char * const *args,
                                         GError            **error);
/* "http://127.0.0.1:PORT".  (transfer none) */
const char    *bd_test_sandbox_get_url  (BdTestSandbox      *self);
/* The API key it printed.  (transfer none) */
const char    *bd_test_sandbox_get_key  (BdTestSandbox      *self);
GSubprocess   *bd_test_sandbox_get_process (BdTestSandbox   *self);
/* Sends SIGTERM and waits; returns the exit status (-1 if killed by a
 * signal).  Safe to call twice. */
int            bd_test_sandbox_stop     (BdTestSandbox      *self);
/* Stops it if running, then frees. */
void           bd_test_sandbox_free     (BdTestSandbox      *self);

/* A blocking request with the sandbox's key (or none: @key NULL): returns
 * the status and the body (transfer full, nullable). */
guint          bd_test_sandbox_fetch    (BdTestSandbox      *self,
                                         const char         *method,
                                         const char         *path_and_query,
                                         const char         *key,
                                         const char         *body,
                                         GBytes            **response);

/* The start of sandbox time in the tests: --now BD_TEST_SANDBOX_NOW. */
#define BD_TEST_SANDBOX_NOW "2026-03-01T12:00:00Z"

/* Starts a sandbox at BD_TEST_SANDBOX_NOW with @extra (NULL-terminated,
 * nullable) arguments; NULL after bd_test_skip_or_fail() when it cannot
 * start. */
BdTestSandbox *bd_test_sandbox_start_at_now (const char * const *extra);
/* The same with the extra arguments given one by one, then NULL. */
BdTestSandbox *bd_test_sandbox_start_with   (const char         *first_arg,
                                             ...) G_GNUC_NULL_TERMINATED;

/* A request with the sandbox's key: asserts @expected_status and returns
 * the parsed body, NULL when it is empty.  (transfer full) */
JsonNode      *bd_test_sandbox_call     (BdTestSandbox      *self,
                                         const char         *method,
                                         const char         *path,
                                         const char         *body,
                                         guint               expected_status);

/* The app's client for this sandbox, with its key, no rate limit and
 * 10 ms between retries.  (transfer full) */
BdDodoClient  *bd_test_sandbox_client   (BdTestSandbox      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdTestSandbox, bd_test_sandbox_free)

G_END_DECLS
