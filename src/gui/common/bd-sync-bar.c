/* bd-sync-bar.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-sync-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-sync-bar.h"
#include "bd-toast.h"

struct _BdSyncBar
{
  GtkWidget       parent_instance;

  BdSession      *session;
  GtkWidget      *child;

  /* Template widgets */
  GtkLabel       *label;
  GtkRevealer    *offline_banner;
  GtkLabel       *offline_label;
  GtkProgressBar *progress;
  GtkRevealer    *progress_bar;
  GtkSpinner     *spinner;
};

G_DEFINE_FINAL_TYPE (BdSyncBar, bd_sync_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CHILD,
  N_PROPS
};

enum {
  KEY_REFUSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Helpers */

static void
hide_all (BdSyncBar *self)
{
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_revealer_set_reveal_child (self->progress_bar, FALSE);
  gtk_revealer_set_reveal_child (self->offline_banner, FALSE);
}

static void
show_offline_banner (BdSyncBar *self)
{
  GDateTime *when = bd_session_get_last_success (self->session);
  g_autofree char *text = NULL;

  if (when != NULL)
    {
      g_autofree char *time = bd_session_format_time (when);

      /* TRANSLATORS: %s is when the last sync ended, e.g. "today at 15:40" */
      text = g_strdup_printf (_("Offline — showing data from %s"), time);
    }
  else
    text = g_strdup (_("Offline — nothing has been synced yet"));

  gtk_label_set_text (self->offline_label, text);
  gtk_revealer_set_reveal_child (self->offline_banner, TRUE);
}

/* Callbacks */

static void
on_session_sync_started_cb (BdSyncBar *self)
{
  gtk_label_set_text (self->label, _("Connecting to Dodo Payments…"));
  gtk_progress_bar_set_fraction (self->progress, 0);
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_revealer_set_reveal_child (self->progress_bar, TRUE);
}

static void
on_session_sync_progress_cb (BdSyncBar      *self,
                             BdSyncProgress *progress)
{
  g_autofree char *text = NULL;
  double fraction = 0;

  text = bd_session_describe_progress (progress, &fraction);
  gtk_label_set_text (self->label, text);
  gtk_progress_bar_set_fraction (self->progress, fraction);
}

static void
on_session_sync_finished_cb (BdSyncBar    *self,
                             const GError *error)
{
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_revealer_set_reveal_child (self->progress_bar, FALSE);

  if (error == NULL)
    {
      gtk_revealer_set_reveal_child (self->offline_banner, FALSE);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_error_matches (error, BD_SYNC_ERROR, BD_SYNC_ERROR_BUSY))
    return;

  if (g_error_matches (error, BD_SYNC_ERROR, BD_SYNC_ERROR_OFFLINE))
    show_offline_banner (self);
  else if (g_error_matches (error, BD_SYNC_ERROR, BD_SYNC_ERROR_UNAUTHORIZED))
    g_signal_emit (self, signals[KEY_REFUSED], 0);
  else
    bd_widget_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
}

/* GObject overrides */

static void
bd_sync_bar_dispose (GObject *object)
{
  BdSyncBar *self = BD_SYNC_BAR (object);

  bd_sync_bar_set_session (self, NULL);
  g_clear_pointer (&self->child, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_SYNC_BAR);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (bd_sync_bar_parent_class)->dispose (object);
}

static void
bd_sync_bar_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  BdSyncBar *self = BD_SYNC_BAR (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_sync_bar_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  BdSyncBar *self = BD_SYNC_BAR (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      bd_sync_bar_set_child (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_sync_bar_class_init (BdSyncBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_sync_bar_dispose;
  object_class->get_property = bd_sync_bar_get_property;
  object_class->set_property = bd_sync_bar_set_property;

  properties[PROP_CHILD] =
    g_param_spec_object ("child", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The sync was refused for its key: the window asks for a new one. */
  signals[KEY_REFUSED] =
    g_signal_new ("key-refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/common/bd-sync-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, BdSyncBar, label);
  gtk_widget_class_bind_template_child (widget_class, BdSyncBar, offline_banner);
  gtk_widget_class_bind_template_child (widget_class, BdSyncBar, offline_label);
  gtk_widget_class_bind_template_child (widget_class, BdSyncBar, progress);
  gtk_widget_class_bind_template_child (widget_class, BdSyncBar, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BdSyncBar, spinner);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
bd_sync_bar_init (BdSyncBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
}

/* Public API */

/**
 * bd_sync_bar_get_child:
 *
 * Returns: (transfer none) (nullable): the content between the banner and
 *   the bar
 */
GtkWidget *
bd_sync_bar_get_child (BdSyncBar *self)
{
  g_return_val_if_fail (BD_IS_SYNC_BAR (self), NULL);

  return self->child;
}

void
bd_sync_bar_set_child (BdSyncBar *self,
                       GtkWidget *child)
{
  g_return_if_fail (BD_IS_SYNC_BAR (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  if (child == self->child)
    return;

  g_clear_pointer (&self->child, gtk_widget_unparent);
  self->child = child;
  if (child != NULL)
    gtk_widget_insert_after (child, GTK_WIDGET (self), GTK_WIDGET (self->offline_banner));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}

/**
 * bd_sync_bar_set_session:
 * @session: (nullable): the open account's session
 *
 * Follows @session's runs from now on; %NULL (the account closed) hides
 * everything.
 */
void
bd_sync_bar_set_session (BdSyncBar *self,
                         BdSession *session)
{
  g_return_if_fail (BD_IS_SYNC_BAR (self));
  g_return_if_fail (session == NULL || BD_IS_SESSION (session));

  if (session == self->session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  hide_all (self);

  if (session == NULL)
    return;

  g_signal_connect_object (session, "sync-started", G_CALLBACK (on_session_sync_started_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "sync-progress", G_CALLBACK (on_session_sync_progress_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "sync-finished", G_CALLBACK (on_session_sync_finished_cb),
                           self, G_CONNECT_SWAPPED);
  if (bd_session_get_syncing (session))
    on_session_sync_started_cb (self);
}
