/* bd-sandbox-process.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-sandbox-process"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "bd-sandbox-paths.h"
#include "bd-sandbox-process.h"

#define SANDBOX_NAME      "billing-desk-sandbox"
#define LISTENING_PREFIX  "Listening on "
#define START_TIMEOUT_S   60

struct _BdSandboxProcess
{
  GObject           parent_instance;

  char             *root;

  /* While running. */
  GSubprocess      *process;
  GInputStream     *stdout_pipe;
  GCancellable     *watch_cancellable;
  char             *url;
  char             *key;
  char             *identifier;
  gboolean          persistent;

  gboolean          starting;
};

G_DEFINE_FINAL_TYPE (BdSandboxProcess, bd_sandbox_process, G_TYPE_OBJECT)

G_DEFINE_QUARK (bd-sandbox-process-error-quark, bd_sandbox_process_error)

enum {
  EXITED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *out;
  char             *url;
  gboolean          with_data_dir;
  gboolean          timed_out;
  GError           *cancelled;   /* the start was cancelled: its error */
  guint             timeout_id;
} StartData;

static void spawn_attempt (GTask *task);

/* Helpers */

static void
wipe_string (char **s)
{
  if (*s != NULL)
    {
      explicit_bzero (*s, strlen (*s));
      g_clear_pointer (s, g_free);
    }
}

static void
start_data_free (StartData *data)
{
  g_clear_handle_id (&data->timeout_id, g_source_remove);
  if (data->process != NULL)
    g_subprocess_force_exit (data->process);
  g_clear_object (&data->process);
  g_clear_object (&data->out);
  g_free (data->url);
  g_clear_error (&data->cancelled);
  g_free (data);
}

/* If the app dies without stopping the sandbox (a crash, SIGKILL), the
 * sandbox goes with it instead of holding its port and data forever. */
static void
die_with_parent (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

static char *
log_path (BdSandboxProcess *self)
{
  return g_build_filename (self->root, "sandbox.log", NULL);
}

/* The last line the sandbox wrote on stderr, without its program-name
 * prefix: its own one-line reason for exiting.  (transfer full) (nullable) */
static char *
read_exit_reason (BdSandboxProcess *self)
{
  g_autofree char *path = log_path (self);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;

  lines = g_strsplit (g_strstrip (contents), "\n", -1);
  for (guint i = g_strv_length (lines); i > 0; i--)
    {
      const char *line = g_strstrip (lines[i - 1]);

      if (*line == '\0')
        continue;
      if (g_str_has_prefix (line, SANDBOX_NAME ": "))
        line += strlen (SANDBOX_NAME ": ");
      return g_utf8_make_valid (line, -1);
    }

  return NULL;
}

static gboolean
ensure_private_dir (const char  *path,
                    GError     **error)
{
  if (g_mkdir_with_parents (path, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

static void
clear_running_state (BdSandboxProcess *self)
{
  g_assert (BD_IS_SANDBOX_PROCESS (self));

  if (self->watch_cancellable != NULL)
    g_cancellable_cancel (self->watch_cancellable);
  g_clear_object (&self->watch_cancellable);
  g_clear_object (&self->stdout_pipe);
  g_clear_object (&self->process);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->identifier, g_free);
  wipe_string (&self->key);
  self->persistent = FALSE;
}

/* Callbacks */

static void
on_exited (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(BdSandboxProcess) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Cancelled: stopped on purpose (or replaced); nothing to say. */
  if (!g_subprocess_wait_finish (G_SUBPROCESS (object), result, &error)
      || self->process != G_SUBPROCESS (object))
    return;

  g_warning ("%s ended on its own", SANDBOX_NAME);
  clear_running_state (self);
  g_signal_emit (self, signals[EXITED], 0);
}

static gboolean
on_start_timeout (gpointer user_data)
{
  GTask *task = user_data;
  StartData *data = g_task_get_task_data (task);

  /* Killing the process ends the pending read with end-of-file; the read
   * callback then reports the time-out. */
  data->timeout_id = 0;
  data->timed_out = TRUE;
  if (data->process != NULL)
    g_subprocess_force_exit (data->process);

  return G_SOURCE_REMOVE;
}

static void
on_failed_process_exited (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BdSandboxProcess *self = g_task_get_source_object (task);
  StartData *data = g_task_get_task_data (task);
  g_autofree char *reason = NULL;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  reason = read_exit_reason (self);

  if (data->timed_out)
    {
      self->starting = FALSE;
      g_task_return_new_error (task, BD_SANDBOX_PROCESS_ERROR, BD_SANDBOX_PROCESS_ERROR_TIMED_OUT,
                               _("The offline sandbox did not start within %d seconds"),
                               START_TIMEOUT_S);
      return;
    }

  /* Older sandboxes refuse --data-dir: run the demo in memory instead. */
  if (data->with_data_dir && reason != NULL && strstr (reason, "--data-dir") != NULL)
    {
      g_debug ("%s refused --data-dir (%s); starting it without", SANDBOX_NAME, reason);
      data->with_data_dir = FALSE;
      g_clear_object (&data->process);
      g_clear_object (&data->out);
      spawn_attempt (g_steal_pointer (&task));
      return;
    }

  self->starting = FALSE;
  if (reason != NULL)
    g_task_return_new_error (task, BD_SANDBOX_PROCESS_ERROR, BD_SANDBOX_PROCESS_ERROR_FAILED,
                             _("The offline sandbox stopped before it was ready: %s"), reason);
  else
    g_task_return_new_error (task, BD_SANDBOX_PROCESS_ERROR, BD_SANDBOX_PROCESS_ERROR_FAILED,
                             _("The offline sandbox stopped before it was ready"));
}

static void
on_cancelled_process_exited (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BdSandboxProcess *self = g_task_get_source_object (task);
  StartData *data = g_task_get_task_data (task);

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  self->starting = FALSE;
  g_task_return_error (task, g_steal_pointer (&data->cancelled));
}

static void
fail_attempt (GTask  *task,
              GError *error)
{
  StartData *data = g_task_get_task_data (task);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_handle_id (&data->timeout_id, g_source_remove);
      data->cancelled = error;
      /* Returns once it is gone: until then it may still write in its
       * data folder, which the caller may be about to remove. */
      g_subprocess_force_exit (data->process);
      g_subprocess_wait_async (data->process, NULL, on_cancelled_process_exited, task);
      return;
    }

  g_clear_error (&error);
  g_clear_handle_id (&data->timeout_id, g_source_remove);
  /* Wait for the exit, so that its reason is in the log. */
  g_subprocess_wait_async (data->process, NULL, on_failed_process_exited, task);
}

static void
on_key_line (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BdSandboxProcess *self = g_task_get_source_object (task);
  StartData *data = g_task_get_task_data (task);
  GError *error = NULL;
  char *key;

  key = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);
  if (key == NULL || *g_strstrip (key) == '\0')
    {
      wipe_string (&key);
      fail_attempt (g_steal_pointer (&task), error);
      return;
    }

  g_clear_handle_id (&data->timeout_id, g_source_remove);
  self->process = g_steal_pointer (&data->process);
  self->stdout_pipe = g_object_ref (g_subprocess_get_stdout_pipe (self->process));
  self->url = g_steal_pointer (&data->url);
  self->key = key;
  self->identifier = g_strdup (g_subprocess_get_identifier (self->process));
  self->persistent = data->with_data_dir;
  self->watch_cancellable = g_cancellable_new ();
  self->starting = FALSE;
  g_subprocess_wait_async (self->process, self->watch_cancellable, on_exited, g_object_ref (self));

  g_debug ("%s %s listening on %s%s", SANDBOX_NAME, self->identifier, self->url,
           self->persistent ? "" : " (in memory)");
  g_task_return_boolean (task, TRUE);
}

static void
on_address_line (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StartData *data = g_task_get_task_data (task);
  g_autofree char *line = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);
  if (line == NULL || !g_str_has_prefix (line, LISTENING_PREFIX))
    {
      fail_attempt (g_steal_pointer (&task), error);
      return;
    }

  data->url = g_strdup (g_strstrip (line + strlen (LISTENING_PREFIX)));
  cancellable = g_task_get_cancellable (task);
  g_data_input_stream_read_line_async (data->out, G_PRIORITY_DEFAULT, cancellable,
                                       on_key_line, g_steal_pointer (&task));
}

static void
spawn_attempt (GTask *task)
{
  BdSandboxProcess *self = g_task_get_source_object (task);
  StartData *data = g_task_get_task_data (task);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *data_dir = g_build_filename (self->root, "data", NULL);
  g_autofree char *log = log_path (self);
  GError *error = NULL;
  char *exe;

  if (!(exe = bd_sandbox_process_find_executable (&error))
      || !ensure_private_dir (self->root, &error)
      || (data->with_data_dir && !ensure_private_dir (data_dir, &error)))
    {
      self->starting = FALSE;
      g_free (exe);
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  g_ptr_array_add (argv, exe);
  g_ptr_array_add (argv, g_strdup ("--seed"));
  g_ptr_array_add (argv, g_strdup ("demo"));
  g_ptr_array_add (argv, g_strdup ("--host"));
  g_ptr_array_add (argv, g_strdup ("127.0.0.1"));
  g_ptr_array_add (argv, g_strdup ("--port"));
  g_ptr_array_add (argv, g_strdup ("0"));
  if (data->with_data_dir)
    {
      g_ptr_array_add (argv, g_strdup ("--data-dir"));
      g_ptr_array_add (argv, g_steal_pointer (&data_dir));
    }
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);

  data->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  if (data->process == NULL)
    {
      self->starting = FALSE;
      g_prefix_error (&error, _("Could not start the offline sandbox: "));
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  data->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (data->process));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (data->out), FALSE);
  if (data->timeout_id == 0)
    data->timeout_id = g_timeout_add_seconds (START_TIMEOUT_S, on_start_timeout, task);
  g_data_input_stream_read_line_async (data->out, G_PRIORITY_DEFAULT,
                                       g_task_get_cancellable (task),
                                       on_address_line, task);
}

typedef struct
{
  gboolean done;
  gboolean timed_out;
} StopState;

static void
on_stopped (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  StopState *state = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  state->done = TRUE;
}

static gboolean
on_stop_timeout (gpointer user_data)
{
  StopState *state = user_data;

  state->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
delete_tree (GFile         *file,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) local_error = NULL;
  GFileInfo *info;
  GFile *child;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, &local_error);
  if (children == NULL && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  while (children != NULL)
    {
      if (!g_file_enumerator_iterate (children, &info, &child, cancellable, error))
        return FALSE;
      if (info == NULL)
        break;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          if (!delete_tree (child, cancellable, error))
            return FALSE;
        }
      else if (!g_file_delete (child, cancellable, error))
        return FALSE;
    }

  g_clear_error (&local_error);
  if (!g_file_delete (file, cancellable, &local_error)
      && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

static void
delete_tree_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;

  if (delete_tree (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_files_deleted (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (bd_delete_tree_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* GObject overrides */

static void
bd_sandbox_process_dispose (GObject *object)
{
  BdSandboxProcess *self = BD_SANDBOX_PROCESS (object);

  bd_sandbox_process_stop (self, 5000);

  G_OBJECT_CLASS (bd_sandbox_process_parent_class)->dispose (object);
}

static void
bd_sandbox_process_finalize (GObject *object)
{
  BdSandboxProcess *self = BD_SANDBOX_PROCESS (object);

  g_free (self->root);

  G_OBJECT_CLASS (bd_sandbox_process_parent_class)->finalize (object);
}

static void
bd_sandbox_process_class_init (BdSandboxProcessClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bd_sandbox_process_dispose;
  object_class->finalize = bd_sandbox_process_finalize;

  /* Emitted when the running sandbox ends without being stopped. */
  signals[EXITED] = g_signal_new ("exited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bd_sandbox_process_init (BdSandboxProcess *self)
{
}

/* Public API */

char *
bd_sandbox_process_get_default_root (void)
{
  return g_build_filename (g_get_user_data_dir (), "billing-desk", "sandbox", NULL);
}

char *
bd_sandbox_process_find_executable (GError **error)
{
  const char *env = g_getenv ("BD_SANDBOX_PATH");
  g_autofree char *self_exe = NULL;
  char *found;

  if (env != NULL && *env != '\0')
    {
      if (g_file_test (env, G_FILE_TEST_IS_EXECUTABLE) && !g_file_test (env, G_FILE_TEST_IS_DIR))
        return g_strdup (env);
      g_set_error (error, BD_SANDBOX_PROCESS_ERROR, BD_SANDBOX_PROCESS_ERROR_NOT_FOUND,
                   _("BD_SANDBOX_PATH names “%s”, which is not a program"), env);
      return NULL;
    }

  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  if (self_exe != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self_exe);
      const char *candidates[] = {
        SANDBOX_NAME,                                       /* installed: bindir */
        "sandbox" G_DIR_SEPARATOR_S SANDBOX_NAME,           /* build tree: src/ */
      };

      for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
        {
          g_autofree char *path = g_build_filename (dir, candidates[i], NULL);

          if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
            return g_steal_pointer (&path);
        }
    }

  if (g_file_test (BD_SANDBOX_INSTALLED_PATH, G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup (BD_SANDBOX_INSTALLED_PATH);

  if ((found = g_find_program_in_path (SANDBOX_NAME)) != NULL)
    return found;

  g_set_error (error, BD_SANDBOX_PROCESS_ERROR, BD_SANDBOX_PROCESS_ERROR_NOT_FOUND,
               _("The offline sandbox is not installed: %s was not found"), SANDBOX_NAME);
  return NULL;
}

BdSandboxProcess *
bd_sandbox_process_new (const char *root)
{
  BdSandboxProcess *self = g_object_new (BD_TYPE_SANDBOX_PROCESS, NULL);

  self->root = root != NULL ? g_strdup (root) : bd_sandbox_process_get_default_root ();
  return self;
}

const char *
bd_sandbox_process_get_root (BdSandboxProcess *self)
{
  g_return_val_if_fail (BD_IS_SANDBOX_PROCESS (self), NULL);

  return self->root;
}

void
bd_sandbox_process_start_async (BdSandboxProcess    *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  StartData *data;

  g_return_if_fail (BD_IS_SANDBOX_PROCESS (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_sandbox_process_start_async);

  if (self->process != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (self->starting)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("The offline sandbox is already starting"));
      return;
    }

  data = g_new0 (StartData, 1);
  data->with_data_dir = TRUE;
  g_task_set_task_data (task, data, (GDestroyNotify) start_data_free);
  self->starting = TRUE;
  spawn_attempt (g_steal_pointer (&task));
}

gboolean
bd_sandbox_process_start_finish (BdSandboxProcess  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (BD_IS_SANDBOX_PROCESS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
bd_sandbox_process_is_running (BdSandboxProcess *self)
{
  g_return_val_if_fail (BD_IS_SANDBOX_PROCESS (self), FALSE);

  return self->process != NULL;
}

gboolean
bd_sandbox_process_get_persistent (BdSandboxProcess *self)
{
  g_return_val_if_fail (BD_IS_SANDBOX_PROCESS (self), FALSE);

  return self->persistent;
}

const char *
bd_sandbox_process_get_url (BdSandboxProcess *self)
{
  g_return_val_if_fail (BD_IS_SANDBOX_PROCESS (self), NULL);

  return self->url;
}

const char *
bd_sandbox_process_get_key (BdSandboxProcess *self)
{
  g_return_val_if_fail (BD_IS_SANDBOX_PROCESS (self), NULL);

  return self->key;
}

const char *
bd_sandbox_process_get_identifier (BdSandboxProcess *self)
{
  g_return_val_if_fail (BD_IS_SANDBOX_PROCESS (self), NULL);

  return self->identifier;
}

void
bd_sandbox_process_stop (BdSandboxProcess *self,
                         guint             timeout_ms)
{
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GSource) timeout = NULL;
  StopState state = { FALSE, FALSE };

  g_return_if_fail (BD_IS_SANDBOX_PROCESS (self));

  if (self->process == NULL)
    return;

  process = g_object_ref (self->process);
  clear_running_state (self);

  /* A private context: waiting here must not run the app's other sources
   * (this is called while quitting).  GSubprocess watches the child from
   * GLib's worker thread, so the wait completes without the default one. */
  context = g_main_context_new ();
  g_main_context_push_thread_default (context);

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait_async (process, NULL, on_stopped, &state);
  timeout = g_timeout_source_new (timeout_ms);
  g_source_set_callback (timeout, on_stop_timeout, &state, NULL);
  g_source_attach (timeout, context);

  while (!state.done && !state.timed_out)
    g_main_context_iteration (context, TRUE);

  if (!state.done)
    {
      g_warning ("%s did not stop within %u ms; killing it", SANDBOX_NAME, timeout_ms);
      g_subprocess_force_exit (process);
      while (!state.done)
        g_main_context_iteration (context, TRUE);
    }

  g_source_destroy (timeout);
  g_main_context_pop_thread_default (context);
}

char *
bd_sandbox_process_dup_account_id (BdSandboxProcess *self)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;

  g_return_val_if_fail (BD_IS_SANDBOX_PROCESS (self), NULL);

  path = g_build_filename (self->root, "account-id", NULL);
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;

  g_strstrip (contents);
  if (*contents == '\0')
    return NULL;

  return g_steal_pointer (&contents);
}

gboolean
bd_sandbox_process_set_account_id (BdSandboxProcess  *self,
                                   const char        *account_id,
                                   GError           **error)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;

  g_return_val_if_fail (BD_IS_SANDBOX_PROCESS (self), FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);

  if (!ensure_private_dir (self->root, error))
    return FALSE;

  path = g_build_filename (self->root, "account-id", NULL);
  contents = g_strconcat (account_id, "\n", NULL);
  return g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

void
bd_sandbox_process_delete_files_async (BdSandboxProcess    *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GFile) root = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BD_IS_SANDBOX_PROCESS (self));
  g_return_if_fail (self->process == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_sandbox_process_delete_files_async);
  root = g_file_new_for_path (self->root);
  bd_delete_tree_async (root, cancellable, on_files_deleted, g_steal_pointer (&task));
}

gboolean
bd_sandbox_process_delete_files_finish (BdSandboxProcess  *self,
                                        GAsyncResult      *result,
                                        GError           **error)
{
  g_return_val_if_fail (BD_IS_SANDBOX_PROCESS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
bd_delete_tree_async (GFile               *directory,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (directory));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_delete_tree_async);
  g_task_set_task_data (task, g_object_ref (directory), g_object_unref);
  g_task_run_in_thread (task, delete_tree_thread);
}

gboolean
bd_delete_tree_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
