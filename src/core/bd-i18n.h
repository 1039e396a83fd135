/* bd-i18n.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The environment variable that names the folder the translations are
 * read from instead of the install prefix's: build-aux/run and
 * build-aux/screenshot point it at the build tree's compiled catalogues
 * (BUILDDIR/po, holding de/LC_MESSAGES/billing-desk.mo). */
#define BD_LOCALEDIR_VARIABLE "BD_LOCALEDIR"

/* Binds the billing-desk text domain (UTF-8, and the default domain) to
 * $BD_LOCALEDIR when it is set and not empty, else to the install
 * prefix's LOCALEDIR.  Call once at start, after setlocale().  Returns the
 * folder bound.  (transfer none) */
const char *bd_i18n_init (void);

G_END_DECLS
