/* bd-welcome-page.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/*
 * BdWelcomePage: what the window shows until an account is open.  It says
 * what Billing Desk does and offers "Add Dodo Payments Account…"
 * (win.add-account) and "Try the Offline Sandbox" (win.open-sandbox); while
 * the sandbox starts, a spinner and Cancel (win.cancel-sandbox); when it
 * failed, the reason with Retry, Back (to the account that was open, when
 * there is one) and Add Account.
 */

typedef enum
{
  BD_WELCOME_START,
  BD_WELCOME_STARTING,
  BD_WELCOME_FAILED,
} BdWelcomeState;

#define BD_TYPE_WELCOME_PAGE (bd_welcome_page_get_type ())

G_DECLARE_FINAL_TYPE (BdWelcomePage, bd_welcome_page, BD, WELCOME_PAGE, AdwBin)

void bd_welcome_page_set_state (BdWelcomePage  *self,
                                BdWelcomeState  state,
                                const char     *message,
                                gboolean        can_go_back);

G_END_DECLS
