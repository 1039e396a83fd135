/* bd-test-util.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

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

/* What a run of billing-desk (or another program) gave: its exit status
 * and all it wrote. */
typedef struct
{
  int   status;
  char *out;
  char *err;
} BdTestCliResult;

void      bd_test_cli_result_clear (BdTestCliResult *result);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BdTestCliResult, bd_test_cli_result_clear)

/* Runs @argv through @launcher (made with stdin, stdout and stderr piped),
 * writes @input (nullable) to it and waits for it to exit; the run is in
 * the test's log. */
void      bd_test_cli_run          (GSubprocessLauncher *launcher,
                                    const char * const  *argv,
                                    const char          *input,
                                    BdTestCliResult     *result);

G_END_DECLS
