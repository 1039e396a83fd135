/* bd-test-util.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when running in CI (CI=true): there a missing display, keyring or
 * sandbox is a failure, never a skip. */
gboolean  bd_test_in_ci           (void);

/* Skips the current test with @reason, or fails it when bd_test_in_ci().
 * Returns so the caller can `return` right after. */
void      bd_test_skip_or_fail    (const char *reason);

/* TRUE when a Secret Service answers on the session bus (the keyring
 * suite's gnome-keyring); otherwise skips the test, or fails it in CI. */
gboolean  bd_test_require_secret_service (void);

/* Path of a file in tests/fixtures/.  (transfer full) */
char     *bd_test_fixture_path    (const char *name);

/* Reads a fixture whole; aborts the test if it cannot.  (transfer full) */
char     *bd_test_read_fixture    (const char *name,
                                   gsize      *length);

G_END_DECLS
