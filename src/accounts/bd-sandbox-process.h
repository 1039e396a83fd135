/* bd-sandbox-process.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The offline sandbox as a child process of the app: billing-desk-sandbox
 * started with "--seed demo --port 0 --data-dir DIR", its address and its
 * API key read from the two lines it prints on stdout, stopped with SIGTERM.
 * No GTK here: the GUI and `billing-desk --demo` drive it.
 *
 * Files, all under bd_sandbox_process_get_default_root() =
 * $XDG_DATA_HOME/billing-desk/sandbox/ (mode 0700):
 *
 *   data/         the sandbox's own --data-dir (its SQLite state)
 *   sandbox.log   the sandbox's stderr, truncated at each start
 *   account-id    which account of the list is the managed sandbox account
 *
 * The executable is, in this order: $BD_SANDBOX_PATH (tests, developers);
 * billing-desk-sandbox next to the running program (installed: both in
 * bindir; Flatpak: /app/bin); src/sandbox/billing-desk-sandbox next to it
 * (the build tree, where the app is src/billing-desk); the configured
 * bindir; then $PATH.
 *
 * The API key never goes through argv (other users can read it in
 * /proc): the sandbox makes a fresh key at each start and prints it, and
 * the caller stores it in the keyring.  Main-thread object. */

#define BD_SANDBOX_PROCESS_ERROR (bd_sandbox_process_error_quark ())

typedef enum
{
  BD_SANDBOX_PROCESS_ERROR_NOT_FOUND,  /* no executable */
  BD_SANDBOX_PROCESS_ERROR_FAILED,     /* it did not start; the message says why */
  BD_SANDBOX_PROCESS_ERROR_TIMED_OUT,  /* it printed nothing in time */
} BdSandboxProcessError;

GQuark bd_sandbox_process_error_quark (void);

#define BD_TYPE_SANDBOX_PROCESS (bd_sandbox_process_get_type ())

G_DECLARE_FINAL_TYPE (BdSandboxProcess, bd_sandbox_process, BD, SANDBOX_PROCESS, GObject)

/* $XDG_DATA_HOME/billing-desk/sandbox.  (transfer full) */
char             *bd_sandbox_process_get_default_root   (void);

/* The executable, looked up as described above.  (transfer full) */
char             *bd_sandbox_process_find_executable    (GError              **error);

/* @root: (nullable): the directory for the files above; NULL for the
 * default. */
BdSandboxProcess *bd_sandbox_process_new                (const char           *root);
const char       *bd_sandbox_process_get_root           (BdSandboxProcess     *self);

/* Starts the process and waits for its address and key.  If the sandbox
 * refuses --data-dir (older builds), it is started again without it: the
 * demo then lives in memory and is made afresh at each start.  Cancelling
 * kills the process.  Starting a running sandbox succeeds at once. */
void              bd_sandbox_process_start_async        (BdSandboxProcess     *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean          bd_sandbox_process_start_finish       (BdSandboxProcess     *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

gboolean          bd_sandbox_process_is_running         (BdSandboxProcess     *self);
/* Whether this run keeps its state in data/ (FALSE after the fallback). */
gboolean          bd_sandbox_process_get_persistent     (BdSandboxProcess     *self);
/* "http://127.0.0.1:PORT" while running, else NULL.  (transfer none) */
const char       *bd_sandbox_process_get_url            (BdSandboxProcess     *self);
/* The key it printed, while running, else NULL.  (transfer none); do not
 * keep it: it is wiped when the process stops. */
const char       *bd_sandbox_process_get_key            (BdSandboxProcess     *self);
/* The process id as text while running, else NULL.  (transfer none) */
const char       *bd_sandbox_process_get_identifier     (BdSandboxProcess     *self);

/* Sends SIGTERM and waits for the process to end, at most @timeout_ms
 * (then SIGKILL).  Blocks the calling thread for that long at most, without
 * dispatching its main context: meant for quitting.  Nothing when not
 * running.  The "exited" signal is not emitted for a stop. */
void              bd_sandbox_process_stop               (BdSandboxProcess     *self,
                                                         guint                 timeout_ms);

/* The id of the managed sandbox account (root/account-id), or NULL.
 * (transfer full) */
char             *bd_sandbox_process_dup_account_id     (BdSandboxProcess     *self);
gboolean          bd_sandbox_process_set_account_id     (BdSandboxProcess     *self,
                                                         const char           *account_id,
                                                         GError              **error);

/* Deletes root (data, log, account id) and everything in it, in a worker
 * thread.  The process must be stopped first. */
void              bd_sandbox_process_delete_files_async (BdSandboxProcess     *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean          bd_sandbox_process_delete_files_finish (BdSandboxProcess    *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* Deletes @directory and everything in it, in a worker thread, without
 * following symbolic links.  A missing directory is no error. */
void              bd_delete_tree_async                  (GFile                *directory,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean          bd_delete_tree_finish                 (GAsyncResult         *result,
                                                         GError              **error);

G_END_DECLS
