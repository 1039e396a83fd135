/* bd-account-private.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-account.h"

G_BEGIN_DECLS

/* For BdAccountList: an account as read back from accounts.ini, with the
 * same checks as bd_account_new().  @id and @created_at NULL make new ones. */
BdAccount *bd_account_new_full           (const char  *id,
                                          const char  *display_name,
                                          BdAccountMode mode,
                                          const char  *sandbox_url,
                                          GDateTime   *created_at,
                                          GError     **error);

/* The name with surrounding white space removed, or NULL with @error set
 * when nothing is left.  (transfer full) */
char      *bd_account_normalize_name     (const char  *display_name,
                                          GError     **error);

/* Renames without checks; BdAccountList checks uniqueness first. */
void       bd_account_set_display_name   (BdAccount   *self,
                                          const char  *display_name);

G_END_DECLS
