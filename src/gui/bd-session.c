/* bd-session.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-session"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "bd-account-client.h"
#include "bd-keyring.h"
#include "bd-session.h"
#include "bd-store-path.h"

/* How often, at most, "cache-changed" is told during a run. */
#define CHANGE_THROTTLE_MS 500

struct _BdSession
{
  GObject        parent_instance;

  BdAccount     *account;
  BdDodoClient  *client;
  char          *path;
  BdStore       *store;
  BdSync        *sync;

  /* Cancels the open, the key lookup and the running sync. */
  GCancellable  *cancellable;
  /* Close callbacks waiting for the sync thread to end. */
  GPtrArray     *close_tasks;

  guint          interval;
  guint          timer_id;
  guint          throttle_id;

  guint          key_ready : 1;
  guint          sync_wanted : 1;
  guint          syncing : 1;
  guint          changed_in_run : 1;
  guint          paused : 1;
  guint          closed : 1;
};

G_DEFINE_FINAL_TYPE (BdSession, bd_session, G_TYPE_OBJECT)

enum {
  SYNC_STARTED,
  SYNC_PROGRESS,
  CACHE_CHANGED,
  SYNC_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

/* BdDodoKeyFunc for a client without a usable key: fails at once with the
 * stored error (never blocks, so it is safe on the main thread). */
static char *
failing_key_func (BdDodoClient  *client,
                  GCancellable  *cancellable,
                  GError       **error,
                  gpointer       user_data)
{
  g_propagate_error (error, g_error_copy (user_data));
  return NULL;
}

static void
set_key_error (BdSession *self,
               GError    *error)
{
  bd_dodo_client_set_key_func (self->client, failing_key_func, error, (GDestroyNotify) g_error_free);
}

static void
stop_timer (BdSession *self)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
}

static gboolean
on_timer_cb (gpointer data)
{
  BdSession *self = data;

  self->timer_id = 0;
  if (!self->paused)
    bd_session_sync (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_timer (BdSession *self)
{
  stop_timer (self);
  if (self->interval > 0 && !self->closed && !self->syncing)
    self->timer_id = g_timeout_add_seconds (self->interval * 60, on_timer_cb, self);
}

static void
emit_cache_changed (BdSession *self)
{
  g_clear_handle_id (&self->throttle_id, g_source_remove);
  if (!self->closed)
    g_signal_emit (self, signals[CACHE_CHANGED], 0);
}

static gboolean
on_throttle_cb (gpointer data)
{
  BdSession *self = data;

  self->throttle_id = 0;
  emit_cache_changed (self);
  return G_SOURCE_REMOVE;
}

static void
complete_close_tasks (BdSession *self)
{
  g_autoptr(GPtrArray) tasks = g_steal_pointer (&self->close_tasks);

  for (guint i = 0; tasks != NULL && i < tasks->len; i++)
    g_task_return_boolean (tasks->pdata[i], TRUE);
}

/* Callbacks */

static void
on_sync_progress_cb (BdSession      *self,
                  BdSyncProgress *progress)
{
  if (!self->closed)
    g_signal_emit (self, signals[SYNC_PROGRESS], 0, progress);
}

static void
on_rows_changed_cb (BdSession  *self,
                 const char *resource)
{
  self->changed_in_run = TRUE;
  if (self->throttle_id == 0 && !self->closed)
    self->throttle_id = g_timeout_add (CHANGE_THROTTLE_MS, on_throttle_cb, self);
}

static void
on_sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BdSession) self = user_data;
  g_autoptr(GError) error = NULL;

  bd_sync_run_finish (BD_SYNC (object), result, &error);
  self->syncing = FALSE;

  if (self->closed)
    {
      complete_close_tasks (self);
      return;
    }

  if (self->changed_in_run || error == NULL)
    emit_cache_changed (self);
  self->changed_in_run = FALSE;
  g_signal_emit (self, signals[SYNC_FINISHED], 0, error);
  schedule_timer (self);
}

static void
on_key_looked_up_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BdSession) self = user_data;
  g_autoptr(BdSecret) key = NULL;
  GError *error = NULL;

  key = bd_keyring_lookup_finish (result, &error);
  if (self->closed)
    {
      g_clear_error (&error);
      return;
    }

  if (key != NULL)
    bd_dodo_client_set_api_key (self->client, key);
  else
    {
      /* No key: the sync reports it as a refused one, so the window asks
       * for a new key; a keyring failure keeps its own words. */
      if (error == NULL)
        error = g_error_new (BD_ACCOUNT_ERROR, BD_ACCOUNT_ERROR_NO_API_KEY,
                             _("No API key is stored for “%s”"),
                             bd_account_get_display_name (self->account));
      set_key_error (self, error);
    }

  self->key_ready = TRUE;
  if (self->sync_wanted)
    bd_session_sync (self);
}

typedef struct
{
  BdStore *store;
  BdSync  *sync;
} Opened;

static void
opened_free (Opened *opened)
{
  g_clear_object (&opened->store);
  g_clear_object (&opened->sync);
  g_free (opened);
}

/* Worker thread: the folder, the read connection (creating or migrating
 * the file) and the BdSync (which reads the last success from the file). */
static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  BdSession *self = source_object;
  g_autofree char *dir = g_path_get_dirname (self->path);
  Opened *opened;
  GError *error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("Could not create the folder %s: %s"), dir, g_strerror (saved));
      return;
    }

  opened = g_new0 (Opened, 1);
  if (!(opened->store = bd_store_open (self->path, &error)))
    {
      opened_free (opened);
      g_task_return_error (task, error);
      return;
    }
  opened->sync = bd_sync_new (self->client, self->path);
  g_task_return_pointer (task, opened, (GDestroyNotify) opened_free);
}

/* GObject overrides */

static void
bd_session_dispose (GObject *object)
{
  BdSession *self = BD_SESSION (object);

  bd_session_close (self, NULL, NULL);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_object (&self->account);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (bd_session_parent_class)->dispose (object);
}

static void
bd_session_finalize (GObject *object)
{
  BdSession *self = BD_SESSION (object);

  g_free (self->path);
  g_clear_pointer (&self->close_tasks, g_ptr_array_unref);

  G_OBJECT_CLASS (bd_session_parent_class)->finalize (object);
}

static void
bd_session_class_init (BdSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bd_session_dispose;
  object_class->finalize = bd_session_finalize;

  signals[SYNC_STARTED] = g_signal_new ("sync-started", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 0);
  signals[SYNC_PROGRESS] = g_signal_new ("sync-progress", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, BD_TYPE_SYNC_PROGRESS);
  signals[CACHE_CHANGED] = g_signal_new ("cache-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 0);
  signals[SYNC_FINISHED] = g_signal_new ("sync-finished", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
bd_session_init (BdSession *self)
{
  self->cancellable = g_cancellable_new ();
}

/* Public API */

/**
 * bd_session_new:
 * @account: the account to open
 *
 * Returns: (transfer full): a session; nothing happens until
 *   bd_session_open_async().
 */
BdSession *
bd_session_new (BdAccount *account)
{
  BdSession *self;

  g_return_val_if_fail (BD_IS_ACCOUNT (account), NULL);

  self = g_object_new (BD_TYPE_SESSION, NULL);
  self->account = g_object_ref (account);
  self->path = bd_store_path_for_account (account);
  /* The worker-thread client (its key function would block on the
   * keyring); until the asynchronous lookup ends, requests fail at once. */
  self->client = bd_account_create_client (account, NULL);
  if (self->client != NULL)
    set_key_error (self, g_error_new_literal (BD_ACCOUNT_ERROR, BD_ACCOUNT_ERROR_NO_API_KEY,
                                              _("The API key is still being read from the keyring")));
  return self;
}

void
bd_session_open_async (BdSession           *self,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BD_IS_SESSION (self));

  task = g_task_new (self, self->cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_session_open_async);

  if (self->path == NULL || self->client == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The account “%s” cannot be opened: its id or address is not valid"),
                               bd_account_get_display_name (self->account));
      return;
    }

  bd_keyring_lookup_async (bd_account_get_id (self->account), bd_account_get_mode (self->account),
                           BD_KEYRING_KIND_API_KEY, self->cancellable,
                           on_key_looked_up_cb, g_object_ref (self));
  g_task_run_in_thread (task, open_thread);
}

gboolean
bd_session_open_finish (BdSession     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  Opened *opened;

  g_return_val_if_fail (BD_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (self->closed)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The account was closed"));
      return FALSE;
    }

  if (!(opened = g_task_propagate_pointer (G_TASK (result), error)))
    return FALSE;

  self->store = g_steal_pointer (&opened->store);
  self->sync = g_steal_pointer (&opened->sync);
  opened_free (opened);
  g_signal_connect_object (self->sync, "progress", G_CALLBACK (on_sync_progress_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "rows-changed", G_CALLBACK (on_rows_changed_cb),
                           self, G_CONNECT_SWAPPED);
  if (self->sync_wanted)
    bd_session_sync (self);
  return TRUE;
}

BdAccount *
bd_session_get_account (BdSession *self)
{
  g_return_val_if_fail (BD_IS_SESSION (self), NULL);

  return self->account;
}

BdStore *
bd_session_get_store (BdSession *self)
{
  g_return_val_if_fail (BD_IS_SESSION (self), NULL);

  return self->store;
}

BdDodoClient *
bd_session_get_client (BdSession *self)
{
  g_return_val_if_fail (BD_IS_SESSION (self), NULL);

  return self->client;
}

GDateTime *
bd_session_get_last_success (BdSession *self)
{
  g_return_val_if_fail (BD_IS_SESSION (self), NULL);

  return self->sync != NULL ? bd_sync_get_last_success (self->sync) : NULL;
}

gboolean
bd_session_get_syncing (BdSession *self)
{
  g_return_val_if_fail (BD_IS_SESSION (self), FALSE);

  return self->syncing;
}

void
bd_session_sync (BdSession *self)
{
  g_return_if_fail (BD_IS_SESSION (self));

  if (self->closed || self->syncing)
    return;

  if (self->sync == NULL || !self->key_ready)
    {
      self->sync_wanted = TRUE;
      return;
    }

  self->sync_wanted = FALSE;
  self->syncing = TRUE;
  self->changed_in_run = FALSE;
  stop_timer (self);
  g_signal_emit (self, signals[SYNC_STARTED], 0);
  bd_sync_run_async (self->sync, self->cancellable, on_sync_done_cb, g_object_ref (self));
}

void
bd_session_set_interval (BdSession *self,
                         guint      minutes)
{
  g_return_if_fail (BD_IS_SESSION (self));

  if (self->interval == minutes)
    return;
  self->interval = minutes;
  schedule_timer (self);
}

void
bd_session_set_paused (BdSession *self,
                       gboolean   paused)
{
  g_return_if_fail (BD_IS_SESSION (self));

  self->paused = !!paused;
}

void
bd_session_set_api_key (BdSession  *self,
                        const char *key)
{
  g_return_if_fail (BD_IS_SESSION (self));
  g_return_if_fail (key != NULL);

  bd_dodo_client_set_api_key (self->client, key);
  self->key_ready = TRUE;
}

void
bd_session_close (BdSession           *self,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BD_IS_SESSION (self));

  self->closed = TRUE;
  g_cancellable_cancel (self->cancellable);
  stop_timer (self);
  g_clear_handle_id (&self->throttle_id, g_source_remove);

  if (callback == NULL)
    return;

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, bd_session_close);
  if (!self->syncing)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (self->close_tasks == NULL)
    self->close_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->close_tasks, g_steal_pointer (&task));
}

gboolean
bd_session_close_finish (BdSession     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (BD_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Words */

static const char *
resource_title (const char *resource)
{
  static const struct { const char *resource; const char *title; } titles[] = {
    { "products", N_("products") },
    { "customers", N_("customers") },
    { "subscriptions", N_("subscriptions") },
    { "payments", N_("payments") },
    { "refunds", N_("refunds") },
    { "disputes", N_("disputes") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_strcmp0 (titles[i].resource, resource) == 0)
      return _(titles[i].title);

  return resource;
}

char *
bd_session_format_time (GDateTime *when)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) yesterday = NULL;
  g_autofree char *clock = NULL;

  g_return_val_if_fail (when != NULL, NULL);

  local = g_date_time_to_local (when);
  now = g_date_time_new_now_local ();
  yesterday = g_date_time_add_days (now, -1);
  /* TRANSLATORS: a time of day (g_date_time_format), e.g. "15:40" or "%l:%M %p" */
  clock = g_date_time_format (local, C_("time of day", "%H:%M"));

  if (g_date_time_get_year (local) == g_date_time_get_year (now)
      && g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    /* TRANSLATORS: %s is a time of day */
    return g_strdup_printf (_("today at %s"), clock);
  if (g_date_time_get_year (local) == g_date_time_get_year (yesterday)
      && g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (yesterday))
    /* TRANSLATORS: %s is a time of day */
    return g_strdup_printf (_("yesterday at %s"), clock);
  if (g_date_time_get_year (local) == g_date_time_get_year (now))
    /* TRANSLATORS: a date and time this year (g_date_time_format), e.g. "3 March, 10:00" */
    return g_date_time_format (local, _("%-d %B, %H:%M"));
  /* TRANSLATORS: a date in another year (g_date_time_format), e.g. "3 March 2025" */
  return g_date_time_format (local, _("%-d %B %Y"));
}

char *
bd_session_describe_progress (const BdSyncProgress *progress,
                              double               *fraction)
{
  const char * const *resources = bd_sync_resources ();
  g_autofree char *count = NULL;
  g_autofree char *reached = NULL;
  guint index = 0, n = g_strv_length ((char **) resources);
  const char *what;

  g_return_val_if_fail (progress != NULL, NULL);

  what = resource_title (progress->resource);

  while (index < n && g_strcmp0 (resources[index], progress->resource) != 0)
    index++;

  if (fraction != NULL)
    {
      /* Listings are most of the work; the refresh of what can still
       * change is the last tenth. */
      if (progress->phase == BD_SYNC_PHASE_DONE)
        *fraction = 1.0;
      else if (progress->phase == BD_SYNC_PHASE_REFRESH)
        *fraction = 0.9 + 0.1 * MIN (index, n) / MAX (n, 1);
      else
        *fraction = 0.9 * MIN (index, n) / MAX (n, 1);
    }

  count = g_strdup_printf ("%'" G_GUINT64_FORMAT, progress->objects);
  if (progress->reached != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (progress->reached);

      /* TRANSLATORS: how far back a sync has read (g_date_time_format), e.g. "3 March 2025" */
      reached = g_date_time_format (local, _("%-d %B %Y"));
    }

  switch (progress->phase)
    {
    case BD_SYNC_PHASE_FULL:
      if (progress->objects == 0)
        /* TRANSLATORS: %s is what is synced, e.g. "payments" */
        return g_strdup_printf (_("Downloading %s…"), what);
      if (reached != NULL)
        /* TRANSLATORS: downloading "payments" — "1,200" so far, back to "3 March 2025" */
        return g_strdup_printf (_("Downloading %s — %s so far, back to %s"), what, count, reached);
      return g_strdup_printf (_("Downloading %s — %s so far"), what, count);

    case BD_SYNC_PHASE_INCREMENTAL:
      if (progress->objects == 0)
        return g_strdup_printf (_("Looking for new %s…"), what);
      /* TRANSLATORS: looking for new "payments" — "12" new */
      return g_strdup_printf (_("Looking for new %s — %s new"), what, count);

    case BD_SYNC_PHASE_REFRESH:
      return g_strdup_printf (_("Updating %s that can still change…"), what);

    case BD_SYNC_PHASE_DONE:
    default:
      return g_strdup (_("Up to date"));
    }
}

/**
 * bd_session_cache_written:
 *
 * Tells the pages that a write (BdWriter, on its own connection) committed
 * rows to the cache: "cache-changed" at once.
 */
void
bd_session_cache_written (BdSession *self)
{
  g_return_if_fail (BD_IS_SESSION (self));

  emit_cache_changed (self);
}
