/* bd-i18n.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-i18n"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-i18n.h"

const char *
bd_i18n_init (void)
{
  const char *dir = g_getenv (BD_LOCALEDIR_VARIABLE);

  /* Run from the build tree, nothing is installed under the prefix yet:
   * without the variable the window would be English in every locale. */
  if (dir == NULL || *dir == '\0')
    dir = LOCALEDIR;

  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  return dir;
}
