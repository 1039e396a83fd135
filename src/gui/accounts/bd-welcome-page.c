/* bd-welcome-page.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-welcome-page"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-welcome-page.h"

struct _BdWelcomePage
{
  AdwBin         parent_instance;

  char          *title;
  char          *description;

  /* Template widgets */
  GtkWidget     *back_button;
  GtkSpinner    *spinner;
  GtkStack      *stack;
  AdwStatusPage *status_page;
};

G_DEFINE_FINAL_TYPE (BdWelcomePage, bd_welcome_page, ADW_TYPE_BIN)

static void
bd_welcome_page_finalize (GObject *object)
{
  BdWelcomePage *self = BD_WELCOME_PAGE (object);

  g_free (self->title);
  g_free (self->description);

  G_OBJECT_CLASS (bd_welcome_page_parent_class)->finalize (object);
}

static void
bd_welcome_page_dispose (GObject *object)
{
  /* The status page is both the bin's child and a template child: taken
   * from the bin first, so that neither unparents it a second time. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_WELCOME_PAGE);

  G_OBJECT_CLASS (bd_welcome_page_parent_class)->dispose (object);
}

static void
bd_welcome_page_class_init (BdWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_welcome_page_dispose;
  object_class->finalize = bd_welcome_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/accounts/bd-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BdWelcomePage, back_button);
  gtk_widget_class_bind_template_child (widget_class, BdWelcomePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, BdWelcomePage, stack);
  gtk_widget_class_bind_template_child (widget_class, BdWelcomePage, status_page);
}

static void
bd_welcome_page_init (BdWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  adw_status_page_set_icon_name (self->status_page, APP_ID);
  self->title = g_strdup (adw_status_page_get_title (self->status_page));
  self->description = g_strdup (adw_status_page_get_description (self->status_page));
  bd_welcome_page_set_state (self, BD_WELCOME_START, NULL, FALSE);
}

/**
 * bd_welcome_page_set_state:
 * @state: the buttons to offer
 * @message: (nullable): with %BD_WELCOME_FAILED, why the sandbox did not
 *   start
 * @can_go_back: whether an account was open before (Back returns to it)
 */
void
bd_welcome_page_set_state (BdWelcomePage  *self,
                           BdWelcomeState  state,
                           const char     *message,
                           gboolean        can_go_back)
{
  static const char * const names[] = { "start", "starting", "failed" };
  gboolean failed = state == BD_WELCOME_FAILED;

  g_return_if_fail (BD_IS_WELCOME_PAGE (self));
  g_return_if_fail (state <= BD_WELCOME_FAILED);

  adw_status_page_set_title (self->status_page,
                             failed ? _("The Offline Sandbox Did Not Start") : self->title);
  adw_status_page_set_description (self->status_page, failed ? message : self->description);
  adw_status_page_set_icon_name (self->status_page, failed ? "dialog-warning-symbolic" : APP_ID);
  gtk_widget_set_visible (self->back_button, can_go_back);
  gtk_spinner_set_spinning (self->spinner, state == BD_WELCOME_STARTING);
  gtk_stack_set_visible_child_name (self->stack, names[state]);
}
